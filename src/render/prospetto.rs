//! The prospetto delle modifiche (`relazione diff --pdf`): the differences of
//! two drafts as the sources of a small document.

use super::{Modelli, Sorgenti, sorgenti};
use crate::format;
use crate::{Errore, Relazione};
use minijinja::Value;
use minijinja::value::Serde;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The narrative texts of a draft as a reader reads them: evaluated, then plain
/// (see [`super::chiaro`]), by file.
fn testi_in_chiaro(r: &Relazione) -> Result<BTreeMap<String, String>, Errore> {
    let v = super::vista::vista(r, None);
    let contesto = Value::from(Serde(&v));
    Ok(super::testi::rendi_testi(&r.cartella(), &contesto, &v)?
        .into_iter()
        .map(|(nome, md)| (nome, super::chiaro::in_chiaro(&md, &v)))
        .collect())
}

/// The texts that read differently in the two drafts, word by word: what a
/// reader of the pages will find changed (data quoted by a text included).
fn testi_cambiati(vecchia: &Relazione, nuova: &Relazione) -> Result<Vec<crate::diff::CambioTesto>, Errore> {
    Ok(crate::diff::testi_cambiati(
        &testi_in_chiaro(vecchia)?,
        &testi_in_chiaro(nuova)?,
    ))
}

/// The Typst sources of the prospetto delle modifiche between two drafts.
pub fn prospetto(
    d: &crate::diff::Differenze,
    vecchia: &Relazione,
    nuova: &Relazione,
    modelli: &Modelli,
) -> Result<Sorgenti, Errore> {
    use crate::diff::Pezzo;
    let pct = |x: Option<Decimal>| x.map_or_else(|| "—".to_string(), format::percento);
    // A unit is named as the ente names its units («struttura», «settore»).
    let unita = nuova.piano().ente.lessico.unita_scelta.map_or("unità", |n| n.singolare);
    let tipo = |t: &str| {
        if t == "unità" {
            unita.to_string()
        } else {
            t.to_string()
        }
    };
    let dati: Vec<crate::diff::Cambio> = d
        .dati
        .iter()
        .map(|c| crate::diff::Cambio {
            tipo: tipo(&c.tipo),
            ..c.clone()
        })
        .collect();
    let testi: Vec<Value> = testi_cambiati(vecchia, nuova)?
        .into_iter()
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
            minijinja::context! { file => t.file, pezzi => Value::from(Serde(pezzi)) }
        })
        .collect();
    let punteggi: Vec<BTreeMap<&str, String>> = d
        .punteggi
        .iter()
        .map(|p| {
            let valutazione = p.valutazione();
            BTreeMap::from([
                ("tipo", tipo(&p.tipo)),
                ("codice", p.codice.clone()),
                ("nome", p.nome.clone().unwrap_or_default()),
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
        dati => Value::from(Serde(&dati)),
        testi => testi,
        punteggi => Value::from(Serde(punteggi)),
    };
    sorgenti("prospetto.typ.j2", ctx, modelli)
}
