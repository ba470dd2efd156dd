//! The prospetto delle modifiche: what changed between two drafts and what it
//! did to the scores, as a PDF to read beside the report (`relazione confronta
//! --pdf`). Its work is the newer draft, compared with the earlier one.

use super::{Forma, Lavoro, Prodotto, Uscita, identita};
use crate::diff::Differenze;
use crate::{Errore, Relazione, render, typeset};
use std::path::PathBuf;

/// The prospetto of the differences `differenze`, found between the work's
/// earlier draft and its report.
#[derive(Debug, Clone, Copy)]
pub struct Prospetto<'d> {
    pub differenze: &'d Differenze,
}

impl Uscita for Prospetto<'_> {
    fn nome(&self) -> &'static str {
        "il prospetto delle modifiche"
    }

    fn forma(&self) -> Forma {
        Forma::File { estensione: "pdf" }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("prospetto-{}.pdf", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let nuova = lavoro.relazione;
        let Some((vecchia, _)) = &lavoro.bozza else {
            return Err(Errore::Interno(
                "il prospetto delle modifiche si compone da due bozze".into(),
            ));
        };
        let sorgenti = render::prospetto(self.differenze, vecchia, nuova, lavoro.modelli)?;
        let mut id = identita(nuova);
        id.id.push_str("/prospetto");
        let composto = typeset::componi(&sorgenti, &nuova.cartella(), lavoro.modelli, &id, lavoro.memoria)
            .map_err(Errore::Typst)?;
        Ok(Prodotto::File(composto.pdf))
    }
}
