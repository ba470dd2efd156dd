//! The key figures of section 1: the objectives counted by valutazione, one bar
//! per strategic objective, the counts by label of the ente's scale.

use super::tipi::{VBarra, VConteggi, VConteggioFascia, VObiettivo, VSintesi};
use crate::Relazione;
use crate::model::Livello;
use crate::scoring::{Scala, Valutazione};

pub(super) fn sintesi(r: &Relazione, strategici: &[VObiettivo]) -> VSintesi {
    VSintesi {
        strategici: conteggi(r, Livello::Strategico),
        operativi: conteggi(r, Livello::Operativo),
        barre: strategici
            .iter()
            .map(|s| VBarra {
                prima: None,
                etichetta: s.codice.clone(),
                titolo: s.titolo.clone(),
                valore: s.risultato_num.unwrap_or(0.0),
                testo: s.risultato.clone(),
                valutazione: s.valutazione.clone(),
                esito: s.esito.clone(),
            })
            .collect(),
        fasce: conteggi_fasce(r),
    }
}

/// The objectives of a level by light.
fn conteggi(r: &Relazione, livello: Livello) -> VConteggi {
    let vals: Vec<Option<Valutazione>> = r
        .piano()
        .obiettivi
        .iter()
        .filter(|o| o.livello == livello)
        .map(|o| r.punteggi.obiettivi[&o.codice].valutazione)
        .collect();
    let n = |v: Option<Valutazione>| vals.iter().filter(|x| **x == v).count();
    VConteggi {
        raggiunti: n(Some(Valutazione::Raggiunto)),
        parziali: n(Some(Valutazione::ParzialmenteRaggiunto)),
        non_raggiunti: n(Some(Valutazione::NonRaggiunto)),
        non_misurati: n(None),
        totale: vals.len(),
    }
}

/// The objectives by label of the ente's scale, from the highest.
fn conteggi_fasce(r: &Relazione) -> Vec<VConteggioFascia> {
    let piano = r.piano();
    let p = &r.punteggi;
    let conta = |etichetta: &str, livello: Livello| {
        piano
            .obiettivi
            .iter()
            .filter(|o| o.livello == livello)
            .filter(|o| {
                p.obiettivi[&o.codice]
                    .giudizio
                    .as_ref()
                    .is_some_and(|g| g.etichetta == etichetta)
            })
            .count()
    };
    let soglie = matches!(p.scala, Scala::Soglie { .. });
    let l = &piano.ente.lessico;
    let strategici = crate::model::maiuscola(l.strategico.plurale);
    p.scala
        .voci()
        .into_iter()
        .enumerate()
        .map(|(i, voce)| {
            let etichetta = voce.etichetta;
            let didascalia = match (soglie, voce.valutazione) {
                (true, Valutazione::Raggiunto) => format!("{strategici} {}", l.strategico.accorda("raggiunt", true)),
                (true, Valutazione::ParzialmenteRaggiunto) => "Parzialmente raggiunti".to_string(),
                (true, Valutazione::NonRaggiunto) => "Non raggiunti".to_string(),
                (false, _) if i == 0 => format!("{strategici}: {etichetta}"),
                (false, _) => etichetta.clone(),
            };
            VConteggioFascia {
                strategici: conta(&etichetta, Livello::Strategico),
                operativi: conta(&etichetta, Livello::Operativo),
                esito: voce.esito,
                didascalia,
                etichetta,
                prima: Default::default(),
            }
        })
        .collect()
}
