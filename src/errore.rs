//! What can stop a run, for every command: one error type, whose data
//! problems carry every problem found with its place. The bottom of the house:
//! it knows problems and words, nothing above.

use crate::problem::{self, Problema};
use std::path::PathBuf;

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
    /// Signing or verifying a signature could not be done: the signing's own
    /// error, in words (`crate::firma` converts it).
    #[error("{0}")]
    Firma(String),
    /// `spiega` was asked for a code the report does not have.
    #[error(
        "«{codice}» non è un indicatore, un obiettivo, un'unità o una persona di questa relazione, né «ente»{}",
        if simili.is_empty() { String::new() } else { format!(" (forse: {})", simili.join(", ")) }
    )]
    CodiceSconosciuto { codice: String, simili: Vec<String> },
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
        crate::format::plurale(errori.len(), "errore", "errori"),
        errori.iter().take(5).cloned().collect::<Vec<_>>().join("; ")
    );
    if errori.len() > 5 {
        s.push_str("; …");
    }
    s
}

/// An error is cloned when a file read once is used by more than one output
/// (see [`crate::cartella::Istantanea`]): the same words each time, the
/// operating system's code kept.
impl Clone for Errore {
    fn clone(&self) -> Errore {
        match self {
            Errore::CartellaMancante(p) => Errore::CartellaMancante(p.clone()),
            Errore::CartellaNonIndicata => Errore::CartellaNonIndicata,
            Errore::WorkbookMancante(p) => Errore::WorkbookMancante(p.clone()),
            Errore::WorkbookIlleggibile { percorso, motivo } => Errore::WorkbookIlleggibile {
                percorso: percorso.clone(),
                motivo: motivo.clone(),
            },
            Errore::Io { percorso, source } => Errore::Io {
                percorso: percorso.clone(),
                source: copia_io(source),
            },
            Errore::FileNonAmmesso { percorso, motivo } => Errore::FileNonAmmesso {
                percorso: percorso.clone(),
                motivo: motivo.clone(),
            },
            Errore::Dati(p) => Errore::Dati(p.clone()),
            Errore::Modello(p) => Errore::Modello(p.clone()),
            Errore::Interno(m) => Errore::Interno(m.clone()),
            Errore::Typst(p) => Errore::Typst(p.clone()),
            Errore::Firma(m) => Errore::Firma(m.clone()),
            Errore::CodiceSconosciuto { codice, simili } => Errore::CodiceSconosciuto {
                codice: codice.clone(),
                simili: simili.clone(),
            },
        }
    }
}

/// An input/output error again, as [`problem::io_in_italiano`] reads it: the
/// system's code, or the kind and words.
fn copia_io(e: &std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(codice) => std::io::Error::from_raw_os_error(codice),
        None if e.get_ref().is_some() => std::io::Error::new(e.kind(), e.to_string()),
        None => std::io::Error::from(e.kind()),
    }
}
