//! The warnings about an objective.

use super::intero;
use crate::format;
use crate::model::{Campo, Indicatore, Livello, MetodoMedia, Obiettivo, Piano, Valore, ValoreModifica};
use crate::problem::Problema;
use crate::workbook::schema::{indicatori, obiettivi};
use rust_decimal::Decimal;

/// The warnings about one objective: without indicators (only that one), weights
/// not adding up, a strategic one without ambito or, with a weighted mean of the
/// ente, without weight.
pub(super) fn avvisi(piano: &Piano, o: &Obiettivo) -> Vec<Problema> {
    if let Some(p) = senza_indicatori(piano, o) {
        return vec![p];
    }
    [pesi(piano, o), senza_ambito(piano, o), senza_peso(piano, o)]
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
        .in_cella(o.origine.cella(obiettivi::CODICE.nome))
        .con_valore(&o.codice)
    })
}

/// The weights of the measured indicators do not add up to 100 (or 1): said
/// on the indicators' `Peso` cells. Not when a deliberation changed them (an
/// indicator neutralized, a weight moved) from weights that did: the weights in
/// force are what the Giunta left, and they count in proportion.
fn pesi(piano: &Piano, o: &Obiettivo) -> Option<Problema> {
    let misurati: Vec<&Indicatore> = piano
        .indicatori_di(&o.codice)
        .filter(|i| i.peso > Decimal::ZERO)
        .collect();
    let somma: Decimal = misurati.iter().map(|i| i.peso).sum();
    if somma.is_zero() || intero(somma) {
        return None;
    }
    let deliberati = piano
        .indicatori_di(&o.codice)
        .any(|i| prima_modifica_del_peso(piano, &i.codice).is_some());
    let pianificati: Decimal = piano
        .indicatori_di(&o.codice)
        .map(|i| peso_pianificato(piano, i))
        .filter(|p| *p > Decimal::ZERO)
        .sum();
    if deliberati && intero(pianificati) {
        return None;
    }
    let primo = misurati.first()?;
    // The place names the first weight; the message the others.
    let altri: Vec<String> = misurati
        .iter()
        .skip(1)
        .map(|i| i.origine.cella(indicatori::PESO.nome))
        .collect();
    let anche = if altri.is_empty() {
        String::new()
    } else {
        format!(" (anche {})", altri.join(", "))
    };
    Some(
        Problema::avviso(
            &primo.origine.foglio,
            format!(
                "i pesi degli indicatori misurati di {}{anche} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                o.codice,
                format::numero(somma)
            ),
        )
        .in_cella(primo.origine.cella(indicatori::PESO.nome))
        .con_valore(format::numero(somma)),
    )
}

/// The earliest deliberation that changed an indicator's weight.
fn prima_modifica_del_peso<'a>(piano: &'a Piano, codice: &'a str) -> Option<&'a crate::model::Modifica> {
    piano.modifiche_di(codice, Campo::Peso).next()
}

/// An indicator's weight as planned, before the deliberations of the year.
fn peso_pianificato(piano: &Piano, i: &Indicatore) -> Decimal {
    match prima_modifica_del_peso(piano, &i.codice).map(|m| &m.da) {
        Some(ValoreModifica::Valore(Valore::Numero(n))) => *n,
        _ => i.peso,
    }
}

fn senza_ambito(piano: &Piano, o: &Obiettivo) -> Option<Problema> {
    (o.livello == Livello::Strategico && o.ambito.is_none()).then(|| {
        Problema::avviso(
            &o.origine.foglio,
            format!(
                "{} {} non indica l'ambito: nell'albero resterà fuori dagli ambiti",
                piano.ente.lessico.strategico.con_articolo(false),
                o.codice
            ),
        )
        .in_cella(o.origine.cella(obiettivi::AMBITO.nome))
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
        .in_cella(o.origine.cella(obiettivi::PESO.nome))
    })
}
