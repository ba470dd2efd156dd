//! `relazione` builds the annual *Relazione sulla performance* of an Italian public
//! administration from the workbook its planning office keeps.
//!
//! The path of a report folder through the crate:
//! [`workbook`] reads `relazione.xlsx` into the [`model`]; [`changes`] applies the
//! deliberations of the year; [`scoring`] computes every grade and result;
//! [`check`] adds the warnings a careful office wants. [`carica`] does all of it.

pub mod changes;
pub mod check;
pub mod format;
pub mod init;
pub mod model;
pub mod problem;
pub mod report;
pub mod scoring;
pub mod workbook;

use problem::Problema;
use std::path::{Path, PathBuf};

/// What can stop a run. Data problems carry every problem found, with its place.
#[derive(Debug, thiserror::Error)]
pub enum Errore {
    #[error("la cartella della relazione «{}» non esiste", .0.display())]
    CartellaMancante(PathBuf),
    #[error("nella cartella «{}» manca la cartella di lavoro {}", .0.display(), workbook::NOME_FILE)]
    WorkbookMancante(PathBuf),
    #[error("{}: {motivo}", percorso.display())]
    WorkbookIlleggibile { percorso: PathBuf, motivo: String },
    #[error("{}: {source}", percorso.display())]
    Io {
        percorso: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} errori nei dati", .0.iter().filter(|p| p.is_errore()).count())]
    Dati(Vec<Problema>),
}

/// A report folder read, with the deliberations applied and every figure scored.
#[derive(Debug, Clone)]
pub struct Relazione {
    /// The workbook read.
    pub file: PathBuf,
    /// The plan in force at the end of the year, with the NOTA lines of the changes.
    pub in_vigore: changes::InVigore,
    pub punteggi: scoring::Punteggi,
    /// Warnings: legal but suspicious.
    pub avvisi: Vec<Problema>,
}

impl Relazione {
    pub fn piano(&self) -> &model::Piano {
        &self.in_vigore.piano
    }
}

/// Reads, applies the changes, scores and checks a report folder (or a workbook).
/// Any error in the data is returned with every problem found.
pub fn carica(cartella: &Path) -> Result<Relazione, Errore> {
    let file = workbook::percorso(cartella)?;
    let (piano, mut problemi) = workbook::leggi(&file)?;
    let Some(piano) = piano else {
        return Err(Errore::Dati(problemi));
    };
    let in_vigore = match changes::applica(&piano) {
        Ok(v) => v,
        Err(errori) => {
            problemi.extend(errori);
            return Err(Errore::Dati(problemi));
        }
    };
    let punteggi = scoring::valuta(&in_vigore.piano);
    problemi.extend(check::avvisi(&in_vigore.piano, &punteggi));
    Ok(Relazione {
        file,
        in_vigore,
        punteggi,
        avvisi: problemi,
    })
}
