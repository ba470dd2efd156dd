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
pub fn testi_in_chiaro(r: &Relazione) -> Result<BTreeMap<String, String>, Errore> {
    let v = super::vista::vista(r, None);
    let contesto = Value::from(Serde(&v));
    Ok(super::testi::rendi_testi(&r.istantanea(), &contesto, &v)?
        .into_iter()
        .map(|(nome, md)| (nome, super::chiaro::in_chiaro(&md, &v)))
        .collect())
}

/// The texts the office edited, as a reader reads them in the two drafts,
/// word by word: the same files as `relazione diff` lists (never one whose
/// words moved only with the figures it quotes: those are told apart).
fn testi_cambiati(
    d: &crate::diff::Differenze,
    vecchia: &Relazione,
    nuova: &Relazione,
) -> Result<Vec<crate::diff::CambioTesto>, Errore> {
    let modificati: Vec<&str> = d.testi.iter().map(|t| t.file.as_str()).collect();
    Ok(
        crate::diff::testi_cambiati(&testi_in_chiaro(vecchia)?, &testi_in_chiaro(nuova)?)
            .into_iter()
            .filter(|t| modificati.contains(&t.file.as_str()))
            .collect(),
    )
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
    let pezzi_di = |t: &crate::diff::CambioTesto| {
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
    };
    let testi: Vec<Value> = testi_cambiati(d, vecchia, nuova)?.iter().map(pezzi_di).collect();
    let testi_dai_dati: Vec<Value> = d.testi_dai_dati.iter().map(pezzi_di).collect();
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
    let data = super::data_del_documento(ente);
    let ctx = minijinja::context! {
        ente => ente.nome.clone(),
        anno => ente.anno.to_string(),
        prima => d.prima.clone(),
        dopo => d.dopo.clone(),
        data => data,
        dati => Value::from(Serde(&dati)),
        testi => testi,
        testi_dai_dati => testi_dai_dati,
        punteggi => Value::from(Serde(punteggi)),
    };
    sorgenti("prospetto.typ.j2", ctx, modelli)
}
