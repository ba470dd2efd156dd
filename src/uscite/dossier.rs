//! The validation dossier for the OIV (`relazione dossier`): PDF/A-2a with
//! PDF/UA-1 like the Relazione, naming by its fingerprint the Relazione's PDF
//! it validates — the approved file the office gives, or the one the folder
//! builds, typeset once with the dossier's work.

use super::{Forma, Lavoro, Prodotto, Uscita, identita};
use crate::{Errore, Relazione, render, typeset};
use std::path::PathBuf;

/// The dossier of the work's report; `approvata` is the approved PDF (its
/// name and bytes), else the dossier names the PDF the folder builds.
#[derive(Debug, Clone, Default)]
pub struct Dossier {
    pub approvata: Option<(String, Vec<u8>)>,
}

impl Uscita for Dossier {
    fn nome(&self) -> &'static str {
        "il dossier di validazione"
    }

    fn forma(&self) -> Forma {
        Forma::File { estensione: "pdf" }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("dossier-{}.pdf", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let r = lavoro.relazione;
        let composta;
        let pdf = match &self.approvata {
            Some((nome, byte)) => render::PdfValidato {
                nome: nome.clone(),
                byte,
                dato: true,
            },
            None => {
                composta = &lavoro.composto()?.pdf;
                render::PdfValidato {
                    nome: super::pdf::nome(r.piano().ente.anno),
                    byte: composta,
                    dato: false,
                }
            }
        };
        let sorgenti = render::dossier(r, &pdf, lavoro.modelli)?;
        let mut id = identita(r);
        id.id.push_str("/dossier");
        let composto =
            typeset::componi(&sorgenti, &r.cartella(), lavoro.modelli, &id, lavoro.memoria).map_err(Errore::Typst)?;
        Ok(Prodotto::File(composto.pdf))
    }
}
