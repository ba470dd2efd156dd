//! `relazione controlla`: a report folder examined as a build would meet it,
//! in one run — the workbook's errors and warnings, the deliberations, the
//! texts — and, when it passes, what it holds in one line.

use crate::format::plurale;
use crate::model::Livello;
use crate::problem::Problema;

/// What `relazione controlla` finds in a report folder: every problem a build would
/// meet — the workbook's errors and warnings, the deliberations, the texts.
#[derive(Debug)]
pub struct Esame {
    pub problemi: Vec<Problema>,
    /// The folder would build: no error anywhere.
    pub ok: bool,
    /// `Comune di … 2025: 3 obiettivi strategici, …` when the data could be read.
    pub descrizione: Option<String>,
    /// The warnings the office accepted (`Avvisi`), with their reasons.
    pub accettati: Vec<(Problema, String)>,
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
                accettati: r.accettati.clone(),
            }
        }
        Err(e) => Esame {
            problemi: e.problemi(),
            ok: false,
            descrizione: None,
            accettati: Vec::new(),
        },
    }
}

/// What `relazione controlla` says of a folder that passes: `Camera di commercio di
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
