//! Warnings: what is legal but suspicious in a plan, the things a careful office
//! checks before the Giunta sees the report — one small function per warning,
//! by what it looks at. Errors are found while reading ([`crate::workbook`]),
//! applying the changes ([`crate::changes`]) and scoring ([`crate::scoring`]).

mod indicatori;
mod obiettivi;

use crate::format::{self, plurale};
use crate::model::{Livello, Piano};
use crate::problem::Problema;
use crate::scoring::Punteggi;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub use indicatori::TOLLERANZA_GRADO;

/// Every warning about a plan in force and its scores.
pub fn avvisi(piano: &Piano, punteggi: &Punteggi) -> Vec<Problema> {
    let mut out = Vec::new();
    for o in &piano.obiettivi {
        out.extend(obiettivi::avvisi(piano, o));
    }
    for i in &piano.indicatori {
        out.extend(indicatori::avvisi(piano, punteggi, i));
    }
    out.extend(pesi_delle_persone(piano));
    out.extend(grafici_incoerenti(piano));
    out
}

/// What `relazione check` finds in a report folder: every problem a build would
/// meet — the workbook's errors and warnings, the deliberations, the texts.
#[derive(Debug)]
pub struct Esame {
    pub problemi: Vec<Problema>,
    /// The folder would build: no error anywhere.
    pub ok: bool,
    /// `Comune di … 2025: 3 obiettivi strategici, …` when the data could be read.
    pub descrizione: Option<String>,
}

/// Checks a report folder (or its workbook) as a build would read it, in one run.
pub fn esamina(cartella: &std::path::Path) -> Esame {
    match crate::carica(cartella) {
        Ok(r) => {
            let mut problemi = r.avvisi.clone();
            problemi.extend(crate::render::controlla_testi(&r));
            Esame {
                ok: !problemi.iter().any(Problema::is_errore),
                descrizione: Some(descrizione(&r)),
                problemi,
            }
        }
        Err(e) => Esame {
            problemi: e.problemi(),
            ok: false,
            descrizione: None,
        },
    }
}

/// What `relazione check` says of a folder that passes: `Camera di commercio di
/// Torino 2022: 14 obiettivi strategici, 72 operativi, …`.
pub fn descrizione(r: &crate::Relazione) -> String {
    let p = r.piano();
    let strategici = p.obiettivi.iter().filter(|o| o.livello == Livello::Strategico).count();
    let (s, o) = (p.ente.lessico.strategico, p.ente.lessico.operativo);
    // «72 operativi» after «14 obiettivi strategici»: the noun is not repeated.
    let aggettivo = |w: &'static str| w.split_once(' ').map_or(w, |(_, a)| a);
    format!(
        "{} {}: {}, {}, {}, {}, {}",
        p.ente.nome,
        p.ente.anno,
        plurale(strategici, s.singolare, s.plurale),
        plurale(
            p.obiettivi.len() - strategici,
            aggettivo(o.singolare),
            aggettivo(o.plurale)
        ),
        plurale(p.indicatori.len(), "indicatore", "indicatori"),
        plurale(p.modifiche.len(), "modifica", "modifiche"),
        plurale(p.assegnazioni.len(), "assegnazione", "assegnazioni")
    )
}

/// Whether weights add up to a whole: 100, or 1 when written as fractions.
fn intero(somma: Decimal) -> bool {
    somma == Decimal::ONE_HUNDRED || somma == Decimal::ONE
}

/// A person's weights that do not add up to 100 (or 1). With the components of
/// `Componenti`, the weights of each component add up on their own: those of
/// the ente's and units' results, and those of the objectives assigned.
fn pesi_delle_persone(piano: &Piano) -> Vec<Problema> {
    use crate::model::Voce;
    let norm = crate::format::normalizza;
    let con_componenti = |persona: &str| {
        piano
            .persone
            .iter()
            .find(|x| norm(&x.nome) == norm(persona))
            .is_some_and(|x| {
                piano
                    .componenti
                    .iter()
                    .any(|c| norm(&c.categoria) == norm(&x.categoria))
            })
    };
    let mut per_persona: BTreeMap<(&str, &str), (Decimal, &crate::model::Assegnazione)> = BTreeMap::new();
    for a in &piano.assegnazioni {
        let gruppo = match (con_componenti(&a.persona), a.voce()) {
            (false, _) => "degli obiettivi",
            (true, Voce::Obiettivo(_)) => "degli obiettivi individuali",
            (true, _) => "dei risultati organizzativi",
        };
        per_persona.entry((&a.persona, gruppo)).or_insert((Decimal::ZERO, a)).0 += a.peso;
    }
    per_persona
        .into_iter()
        .filter(|(_, (somma, _))| !intero(*somma))
        .map(|((persona, gruppo), (somma, prima))| {
            Problema::avviso(
                &prima.origine.foglio,
                format!(
                    "i pesi {gruppo} di {persona} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                    format::numero(somma)
                ),
            )
            .in_cella(prima.origine.cella("Peso"))
        })
        .collect()
}

/// Rows of one chart that give it different titles or kinds.
fn grafici_incoerenti(piano: &Piano) -> Vec<Problema> {
    let mut primi: BTreeMap<&str, &crate::model::PuntoSerie> = BTreeMap::new();
    let mut out = Vec::new();
    for s in &piano.serie {
        let primo = *primi.entry(&s.grafico).or_insert(s);
        if primo.tipo != s.tipo || primo.titolo != s.titolo {
            out.push(
                Problema::avviso(
                    &s.origine.foglio,
                    format!(
                        "il grafico «{}» ha titolo o tipo diversi dalla riga {}",
                        s.grafico, primo.origine.riga
                    ),
                )
                .in_cella(s.origine.cella("Titolo")),
            );
        }
    }
    out
}
