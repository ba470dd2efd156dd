//! A problem found in a report folder: where (sheet and cell), which value, what is
//! wrong. Errors stop the build; warnings are legal but suspicious.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gravita {
    Errore,
    Avviso,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problema {
    pub gravita: Gravita,
    /// The sheet, or a file of the folder.
    pub foglio: String,
    /// The cell (`H23`), when the problem is in one.
    pub cella: Option<String>,
    /// The offending value as written.
    pub valore: Option<String>,
    pub messaggio: String,
}

impl Problema {
    pub fn errore(foglio: impl Into<String>, messaggio: impl Into<String>) -> Self {
        Problema {
            gravita: Gravita::Errore,
            foglio: foglio.into(),
            cella: None,
            valore: None,
            messaggio: messaggio.into(),
        }
    }
    pub fn avviso(foglio: impl Into<String>, messaggio: impl Into<String>) -> Self {
        Problema {
            gravita: Gravita::Avviso,
            ..Problema::errore(foglio, messaggio)
        }
    }
    /// Places the problem in a cell given as `Foglio!H23` or `H23`.
    pub fn in_cella(mut self, cella: impl AsRef<str>) -> Self {
        let cella = cella.as_ref();
        let cella = cella.rsplit_once('!').map_or(cella, |(_, c)| c);
        self.cella = Some(cella.to_string());
        self
    }
    pub fn con_valore(mut self, valore: impl Into<String>) -> Self {
        self.valore = Some(valore.into());
        self
    }
    pub fn is_errore(&self) -> bool {
        self.gravita == Gravita::Errore
    }
    /// `Indicatori!H23`, or just the sheet.
    pub fn dove(&self) -> String {
        match &self.cella {
            Some(c) => format!("{}!{}", self.foglio, c),
            None => self.foglio.clone(),
        }
    }
}

impl fmt::Display for Problema {
    /// `Indicatori!H23: target ">= 85,OO %" non è un numero`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.dove(), self.messaggio)
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

/// A problem reported by the Typst compiler, placed in the template or text
/// that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostica {
    pub errore: bool,
    /// `report-templates/stile.typ`, or the generated `relazione.typ`.
    pub file: Option<String>,
    pub riga: Option<usize>,
    pub messaggio: String,
}

impl std::fmt::Display for Diagnostica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.riga) {
            (Some(file), Some(riga)) => write!(f, "{file}, riga {riga}: {}", self.messaggio),
            (Some(file), None) => write!(f, "{file}: {}", self.messaggio),
            _ => f.write_str(&self.messaggio),
        }
    }
}
