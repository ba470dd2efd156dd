//! The prospetto delle modifiche (`relazione diff --pdf`): the differences of
//! two drafts as the sources of a small document.

use super::{Modelli, Sorgenti, sorgenti};
use crate::format;
use crate::{Errore, Relazione};
use minijinja::Value;
use minijinja::value::Serde;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The Typst sources of the prospetto delle modifiche between two drafts.
pub fn prospetto(d: &crate::diff::Differenze, nuova: &Relazione, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    use crate::diff::Pezzo;
    let pct = |x: Option<Decimal>| x.map_or_else(|| "—".to_string(), format::percento);
    let testi: Vec<Value> = d
        .testi
        .iter()
        .map(|t| {
            let pezzi: Vec<BTreeMap<&str, String>> = t
                .pezzi
                .iter()
                .map(|p| match p {
                    Pezzo::Uguale(x) => BTreeMap::from([("tipo", "uguale".into()), ("testo", format::abbrevia(x))]),
                    Pezzo::Tolto(x) => BTreeMap::from([("tipo", "tolto".into()), ("testo", x.clone())]),
                    Pezzo::Aggiunto(x) => BTreeMap::from([("tipo", "aggiunto".into()), ("testo", x.clone())]),
                })
                .collect();
            minijinja::context! { file => t.file.clone(), pezzi => Value::from(Serde(pezzi)) }
        })
        .collect();
    let punteggi: Vec<BTreeMap<&str, String>> = d
        .punteggi
        .iter()
        .map(|p| {
            let valutazione = p.valutazione();
            BTreeMap::from([
                ("tipo", p.tipo.clone()),
                ("codice", p.codice.clone()),
                ("prima", pct(p.prima)),
                ("dopo", pct(p.dopo)),
                ("valutazione", valutazione),
            ])
        })
        .collect();
    let ente = &nuova.piano().ente;
    let data = {
        use chrono::Datelike;
        let x = ente.data_documento();
        minijinja::context! { anno => x.year(), mese => x.month(), giorno => x.day() }
    };
    let ctx = minijinja::context! {
        ente => ente.nome.clone(),
        anno => ente.anno.to_string(),
        prima => d.prima.clone(),
        dopo => d.dopo.clone(),
        data => data,
        dati => Value::from(Serde(&d.dati)),
        testi => testi,
        punteggi => Value::from(Serde(punteggi)),
    };
    sorgenti("prospetto.typ.j2", ctx, modelli)
}
