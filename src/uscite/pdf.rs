//! The Relazione as the Giunta approves and signs it: PDF/A-2a with PDF/UA-1,
//! reproducible byte for byte, with empty signature fields when asked.

use super::{Forma, Lavoro, Prodotto, Uscita};
use crate::typeset::Identita;
use crate::{Errore, Relazione};
use std::path::PathBuf;

/// The PDF of the report (default `out/relazione-<anno>.pdf`).
#[derive(Debug, Clone, Default)]
pub struct Pdf {
    /// An empty signature field for each of these signatories, for the
    /// office's own signing program (`--campo-firma`).
    pub campi_firma: Vec<String>,
}

impl Uscita for Pdf {
    fn nome(&self) -> &'static str {
        "il PDF"
    }

    fn forma(&self) -> Forma {
        Forma::File { estensione: "pdf" }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(nome(r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let pdf = &lavoro.composto()?.pdf;
        if self.campi_firma.is_empty() {
            Ok(Prodotto::File(pdf.clone()))
        } else {
            Ok(Prodotto::File(crate::firma::campi_vuoti(pdf, &self.campi_firma)?))
        }
    }
}

/// The file name of the PDF of a year, wherever it goes: `relazione-2022.pdf`.
pub fn nome(anno: i32) -> String {
    format!("relazione-{anno}.pdf")
}

/// The identity that makes the PDF reproducible: ente and year, and the date of
/// the approving deliberation when the cover gives one.
pub fn identita(r: &Relazione) -> Identita {
    let ente = &r.piano().ente;
    Identita {
        id: format!("relazione-sulla-performance/{}/{}", ente.nome, ente.anno),
        data: Some(ente.data_documento()),
    }
}
