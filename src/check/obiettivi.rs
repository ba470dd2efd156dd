//! The warnings about an objective.

use super::intero;
use crate::format;
use crate::model::{Livello, MetodoMedia, Obiettivo, Piano};
use crate::problem::Problema;
use rust_decimal::Decimal;

/// The warnings about one objective: without indicators (only that one), weights
/// not adding up, a strategic one without ambito or, with a weighted mean of the
/// ente, without weight.
pub(super) fn avvisi(piano: &Piano, o: &Obiettivo) -> Vec<Problema> {
    if let Some(p) = senza_indicatori(piano, o) {
        return vec![p];
    }
    [pesi(piano, o), senza_ambito(o), senza_peso(piano, o)]
        .into_iter()
        .flatten()
        .collect()
}

fn senza_indicatori(piano: &Piano, o: &Obiettivo) -> Option<Problema> {
    piano.indicatori_di(&o.codice).next().is_none().then(|| {
        Problema::avviso(
            &o.origine.foglio,
            format!("l'obiettivo {} non ha indicatori: non avrà risultato", o.codice),
        )
        .in_cella(o.origine.cella("Codice"))
        .con_valore(&o.codice)
    })
}

/// The weights of the measured indicators do not add up to 100 (or 1).
fn pesi(piano: &Piano, o: &Obiettivo) -> Option<Problema> {
    let somma: Decimal = piano
        .indicatori_di(&o.codice)
        .map(|i| i.peso)
        .filter(|p| *p > Decimal::ZERO)
        .sum();
    (!somma.is_zero() && !intero(somma)).then(|| {
        Problema::avviso(
            &o.origine.foglio,
            format!(
                "i pesi degli indicatori misurati di {} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                o.codice,
                format::numero(somma)
            ),
        )
        .in_cella(o.origine.cella("Codice"))
        .con_valore(format::numero(somma))
    })
}

fn senza_ambito(o: &Obiettivo) -> Option<Problema> {
    (o.livello == Livello::Strategico && o.ambito.is_none()).then(|| {
        Problema::avviso(
            &o.origine.foglio,
            format!(
                "l'obiettivo strategico {} non indica l'ambito: nell'albero resterà fuori dagli ambiti",
                o.codice
            ),
        )
        .in_cella(o.origine.cella("Ambito"))
    })
}

/// With `metodo_ente` = `media ponderata` a strategic objective without weight counts 0.
fn senza_peso(piano: &Piano, o: &Obiettivo) -> Option<Problema> {
    (o.livello == Livello::Strategico
        && piano.ente.regole.metodo_ente == MetodoMedia::MediaPonderata
        && o.peso.is_none())
    .then(|| {
        Problema::avviso(
            &o.origine.foglio,
            format!("metodo_ente è «media ponderata» ma {} non ha peso: conta 0", o.codice),
        )
        .in_cella(o.origine.cella("Peso"))
    })
}
