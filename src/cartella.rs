//! The report folder, read: the workbook scored, with the deliberations
//! applied and the warnings found ([`carica`]). What every output starts from.

use crate::problem::Problema;
use crate::{Errore, changes, check, model, scoring, workbook};
use std::path::{Path, PathBuf};

/// A report folder read, with the deliberations applied and every figure scored.
#[derive(Debug, Clone)]
pub struct Relazione {
    /// The workbook read.
    pub file: PathBuf,
    /// The plan as the workbook states it, before the deliberations of the year.
    pub pianificato: model::Piano,
    /// The plan in force at the end of the year, with the NOTA lines of the changes.
    pub in_vigore: changes::InVigore,
    pub punteggi: scoring::Punteggi,
    /// Warnings: legal but suspicious.
    pub avvisi: Vec<Problema>,
    /// The warnings the office accepted in the `Avvisi` sheet, each with its
    /// reason: counted, not repeated.
    pub accettati: Vec<(Problema, String)>,
}

impl Relazione {
    pub fn piano(&self) -> &model::Piano {
        &self.in_vigore.piano
    }

    /// The folder that holds the report: the folder given, or the workbook's folder.
    pub fn cartella(&self) -> PathBuf {
        self.file.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// Reads, applies the changes, scores and checks a report folder (or a workbook).
/// Any error in the data is returned with every problem found: when a sheet has
/// errors, the deliberations are still applied and the plan still checked on what
/// could be read, so one run lists every error and every warning.
pub fn carica(cartella: &Path) -> Result<Relazione, Errore> {
    let file = workbook::percorso(cartella)?;
    let (piano, mut problemi) = workbook::leggi(&file)?;
    let Some(piano) = piano else {
        return Err(Errore::Dati(problemi));
    };
    let letto_bene = !problemi.iter().any(Problema::is_errore);
    // From here every step goes on past an error, so that one run says everything.
    // On a plan read in part, a deliberation on an indicator whose row has an
    // error would be "unknown": its row's own error says enough.
    let da_applicare = if letto_bene {
        piano.clone()
    } else {
        let mut parziale = piano.clone();
        parziale
            .modifiche
            .retain(|m| piano.indicatori.iter().any(|i| i.codice == m.indicatore));
        parziale
    };
    let (in_vigore, errori) = changes::applica_tutte(&da_applicare);
    problemi.extend(errori);
    let punteggi = match scoring::valuta(&in_vigore.piano) {
        Ok(p) => p,
        Err(errori) => {
            problemi.extend(errori);
            return Err(Errore::Dati(problemi));
        }
    };
    let errori: Vec<Problema> = problemi.iter().filter(|p| p.is_errore()).cloned().collect();
    problemi.extend(check::avvisi(&in_vigore.piano, &punteggi, &errori));
    let accettati = check::accettati(&piano.avvisi_accettati, &mut problemi);
    if problemi.iter().any(Problema::is_errore) {
        return Err(Errore::Dati(problemi));
    }
    Ok(Relazione {
        file,
        pianificato: piano,
        in_vigore,
        punteggi,
        avvisi: problemi,
        accettati,
    })
}
