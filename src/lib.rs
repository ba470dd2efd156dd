//! `relazione` builds the annual *Relazione sulla performance* of an Italian public
//! administration from the workbook its planning office keeps.
//!
//! The path of a report folder through the crate:
//! [`workbook`] reads `relazione.xlsx` into the [`model`]; [`changes`] applies the
//! deliberations of the year; [`scoring`] computes every grade and result;
//! [`check`] adds the warnings a careful office wants. [`carica`] does all of it.
//! Then [`render`] fills the templates, [`typeset`] composes the PDF, and
//! [`build`] ties them together for `relazione build`; [`pubblica`] writes the
//! web edition and the open data from the same scored report.

#[cfg(feature = "pdf")]
pub mod build;
pub mod cartella;
pub mod changes;
pub mod check;
pub mod cifre;
pub mod diff;
#[cfg(feature = "firma")]
pub mod firma;
pub mod format;
pub mod init;
pub mod isolamento;
pub mod limiti;
#[cfg(feature = "pdf")]
pub mod lotto;
pub mod model;
pub mod problem;
#[cfg(feature = "pdf")]
pub mod pubblica;
pub mod render;
pub mod scoring;
pub mod terminale;
#[cfg(feature = "pdf")]
pub mod typeset;
#[cfg(feature = "pdf")]
pub mod watch;
pub mod workbook;

use problem::Problema;
use std::path::{Path, PathBuf};

/// What can stop a run. Data problems carry every problem found, with its place.
#[derive(Debug, thiserror::Error)]
pub enum Errore {
    #[error("la cartella della relazione «{}» non esiste (per crearne una nuova: relazione nuova {})", .0.display(), .0.display())]
    CartellaMancante(PathBuf),
    /// No folder named, and no `data` folder where the command was given.
    #[error(
        "non è indicata la cartella della relazione e qui non c'è una cartella «data»: \
         indicarla dopo il comando, per esempio «relazione componi comune» \
         (per crearne una nuova: «relazione nuova comune»)"
    )]
    CartellaNonIndicata,
    #[error(
        "nella cartella «{}» manca la cartella di lavoro: relazione.xlsx (o relazione.ods, .xlsm, .xls)",
        .0.display()
    )]
    WorkbookMancante(PathBuf),
    #[error("{}: {motivo}", percorso.display())]
    WorkbookIlleggibile { percorso: PathBuf, motivo: String },
    #[error("{}: {}", percorso.display(), problem::io_in_italiano(source))]
    Io {
        percorso: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file of the folder that is not read: outside it, not a regular file, too large.
    #[error("«{}»: {motivo}", percorso.display())]
    FileNonAmmesso { percorso: PathBuf, motivo: String },
    #[error("{}", riassunto(.0))]
    Dati(Vec<Problema>),
    /// A text or a template that cannot be rendered, at its file and line.
    #[error("{0}")]
    Modello(Problema),
    /// A defect of the program met while working on a folder (a panic), reported
    /// as that folder's error.
    #[error(
        "errore interno del programma ({0}): la cartella ha fatto emergere un difetto; segnalarlo insieme alla cartella"
    )]
    Interno(String),
    /// The typesetting failed: the compiler's errors, each at its file and line.
    #[error("composizione non riuscita: {}", .0.iter().filter(|d| d.is_errore()).map(|d| d.to_string()).collect::<Vec<_>>().join("; "))]
    Typst(Vec<Problema>),
    /// Signing or verifying a signature could not be done.
    #[cfg(feature = "firma")]
    #[error(transparent)]
    Firma(#[from] firma::ErroreFirma),
}

impl Errore {
    /// A text or template problem at a file and line.
    pub fn modello(file: impl Into<String>, riga: Option<usize>, messaggio: impl Into<String>) -> Errore {
        Errore::Modello(Problema::nel_file(problem::Gravita::Errore, file, riga, messaggio))
    }

    /// Every problem this error carries, each with its place: what one printer
    /// shows for every command.
    pub fn problemi(&self) -> Vec<Problema> {
        match self {
            Errore::Dati(p) | Errore::Typst(p) => p.clone(),
            Errore::Modello(p) => vec![p.clone()],
            Errore::Io { percorso, .. }
            | Errore::FileNonAmmesso { percorso, .. }
            | Errore::WorkbookIlleggibile { percorso, .. } => {
                let mut p = Problema::generale(self.to_string());
                p.luogo = problem::Luogo::File {
                    file: percorso.display().to_string(),
                    riga: None,
                };
                p.messaggio = match self {
                    Errore::Io { source, .. } => problem::io_in_italiano(source),
                    Errore::FileNonAmmesso { motivo, .. } | Errore::WorkbookIlleggibile { motivo, .. } => {
                        motivo.clone()
                    }
                    _ => unreachable!("matched above"),
                };
                vec![p]
            }
            altro => vec![Problema::generale(altro.to_string())],
        }
    }
}

/// `2 errori nei dati: Indicatori!J2: …; Obiettivi!F3: …` (the first five; `1 errore` for one).
fn riassunto(problemi: &[Problema]) -> String {
    let errori: Vec<String> = problemi
        .iter()
        .filter(|p| p.is_errore())
        .map(|p| p.to_string())
        .collect();
    let mut s = format!(
        "{} nei dati: {}",
        format::plurale(errori.len(), "errore", "errori"),
        errori.iter().take(5).cloned().collect::<Vec<_>>().join("; ")
    );
    if errori.len() > 5 {
        s.push_str("; …");
    }
    s
}

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
