//! A problem found in a report folder, one shape for all of them: where it is
//! (a sheet and cell of the workbook, or a file — a text, a template — and a
//! line), which value, what is wrong. Data errors, template errors and the
//! Typst compiler's diagnostics are all [`Problema`]s. Errors stop the build;
//! warnings are legal but suspicious.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gravita {
    Errore,
    Avviso,
}

impl fmt::Display for Gravita {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Gravita::Errore => "errore",
            Gravita::Avviso => "avviso",
        })
    }
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Luogo {
    /// A sheet of the workbook, and the cell (`H23`) when the problem is in one.
    Foglio { foglio: String, cella: Option<String> },
    /// A file of the folder or of the templates (`testi/01-premessa.md`,
    /// `report-templates/stile.typ`), and the line when known.
    File { file: String, riga: Option<usize> },
    /// The folder or the program as a whole.
    Nessuno {},
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problema {
    pub gravita: Gravita,
    #[serde(flatten)]
    pub luogo: Luogo,
    /// The offending value as written.
    pub valore: Option<String>,
    pub messaggio: String,
}

impl Problema {
    /// An error in a sheet of the workbook (see [`Problema::in_cella`]).
    pub fn errore(foglio: impl Into<String>, messaggio: impl Into<String>) -> Self {
        Problema {
            gravita: Gravita::Errore,
            luogo: Luogo::Foglio {
                foglio: foglio.into(),
                cella: None,
            },
            valore: None,
            messaggio: messaggio.into(),
        }
    }

    /// A warning in a sheet of the workbook.
    pub fn avviso(foglio: impl Into<String>, messaggio: impl Into<String>) -> Self {
        Problema {
            gravita: Gravita::Avviso,
            ..Problema::errore(foglio, messaggio)
        }
    }

    /// A problem in a file (a text, a template), at a line when known.
    pub fn nel_file(
        gravita: Gravita,
        file: impl Into<String>,
        riga: Option<usize>,
        messaggio: impl Into<String>,
    ) -> Self {
        Problema {
            gravita,
            luogo: Luogo::File {
                file: file.into(),
                riga,
            },
            valore: None,
            messaggio: messaggio.into(),
        }
    }

    /// An error with no place of its own.
    pub fn generale(messaggio: impl Into<String>) -> Self {
        Problema {
            gravita: Gravita::Errore,
            luogo: Luogo::Nessuno {},
            valore: None,
            messaggio: messaggio.into(),
        }
    }

    /// Places a sheet's problem in a cell given as `Foglio!H23` or `H23`.
    pub fn in_cella(mut self, cella: impl AsRef<str>) -> Self {
        if let Luogo::Foglio { cella: c, .. } = &mut self.luogo {
            let cella = cella.as_ref();
            *c = Some(cella.rsplit_once('!').map_or(cella, |(_, c)| c).to_string());
        }
        self
    }

    pub fn con_valore(mut self, valore: impl Into<String>) -> Self {
        self.valore = Some(valore.into());
        self
    }

    pub fn is_errore(&self) -> bool {
        self.gravita == Gravita::Errore
    }

    /// The sheet, for a problem of the workbook.
    pub fn foglio(&self) -> Option<&str> {
        match &self.luogo {
            Luogo::Foglio { foglio, .. } => Some(foglio),
            _ => None,
        }
    }

    /// The cell (`H23`), for a problem in one.
    pub fn cella(&self) -> Option<&str> {
        match &self.luogo {
            Luogo::Foglio { cella, .. } => cella.as_deref(),
            _ => None,
        }
    }

    /// The row of the cell (`23` for `H23`), for a problem in one.
    pub fn riga(&self) -> Option<u32> {
        let cella = self.cella()?;
        cella.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()
    }

    /// `Indicatori!H23`, `Indicatori`, `testi/01.md, riga 4`, or nothing.
    pub fn dove(&self) -> String {
        match &self.luogo {
            Luogo::Foglio { foglio, cella: Some(c) } => format!("{foglio}!{c}"),
            Luogo::Foglio { foglio, cella: None } => foglio.clone(),
            Luogo::File { file, riga: Some(r) } => format!("{file}, riga {r}"),
            Luogo::File { file, riga: None } => file.clone(),
            Luogo::Nessuno {} => String::new(),
        }
    }
}

impl fmt::Display for Problema {
    /// `Indicatori!H23: target ">= 85,OO %" non è un numero`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.dove().as_str() {
            "" => f.write_str(&self.messaggio),
            dove => write!(f, "{dove}: {}", self.messaggio),
        }
    }
}

/// An input/output error in Italian: the operating system's own words are
/// English (`Not a directory (os error 20)`); a message of ours is kept.
pub fn io_in_italiano(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if e.raw_os_error().is_none() && e.get_ref().is_some() {
        return e.to_string();
    }
    match e.kind() {
        NotFound => "non esiste".into(),
        PermissionDenied => "permesso negato: il programma non può leggere o scrivere qui".into(),
        AlreadyExists => "esiste già".into(),
        NotADirectory => "un elemento del percorso non è una cartella".into(),
        IsADirectory => "è una cartella, non un file".into(),
        DirectoryNotEmpty => "la cartella non è vuota".into(),
        ReadOnlyFilesystem => "il disco è in sola lettura".into(),
        StorageFull => "il disco è pieno".into(),
        FileTooLarge => "il file è troppo grande".into(),
        InvalidFilename => "il nome del file non è valido".into(),
        InvalidData => "il contenuto non è valido".into(),
        UnexpectedEof => "il file finisce prima del previsto (è incompleto?)".into(),
        Interrupted | TimedOut | WouldBlock => "operazione interrotta: riprovare".into(),
        _ => match e.raw_os_error() {
            Some(codice) => format!("errore del sistema operativo (codice {codice})"),
            None => "errore di lettura o scrittura".into(),
        },
    }
}

/// Collects problems, so a run reports all of them, not only the first.
#[derive(Debug, Default, Clone)]
pub struct Problemi(pub Vec<Problema>);

impl Problemi {
    pub fn push(&mut self, p: Problema) {
        self.0.push(p);
    }
    pub fn has_errori(&self) -> bool {
        self.0.iter().any(Problema::is_errore)
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Problema>) {
        self.0.extend(other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_says_where() {
        let p = Problema::errore("Indicatori", "target «x» non è un numero").in_cella("Indicatori!J23");
        assert_eq!(p.to_string(), "Indicatori!J23: target «x» non è un numero");
        assert_eq!(p.cella(), Some("J23"));
        let t = Problema::nel_file(Gravita::Errore, "testi/01.md", Some(4), "dato «x» sconosciuto");
        assert_eq!(t.to_string(), "testi/01.md, riga 4: dato «x» sconosciuto");
        assert_eq!(t.cella(), None);
        assert_eq!(Problema::generale("niente").to_string(), "niente");
        // In JSON a sheet's problem keeps its sheet and cell, a file's its file and line.
        let j = serde_json::to_value(&p).unwrap();
        assert_eq!(
            (j["foglio"].as_str(), j["cella"].as_str()),
            (Some("Indicatori"), Some("J23"))
        );
        let j = serde_json::to_value(&t).unwrap();
        assert_eq!((j["file"].as_str(), j["riga"].as_u64()), (Some("testi/01.md"), Some(4)));
    }
}
