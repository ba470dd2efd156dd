//! Every computed figure as JSON, for other programs (`relazione punteggi
//! --stampa json`): grades, objectives, units, persons, the ente, with the rules
//! that made them ([`crate::cifre`]).

use super::{Forma, Lavoro, Prodotto, Uscita};
use crate::{Errore, Relazione};
use std::path::PathBuf;

/// The figures of the report as JSON (default `out/cifre-<anno>.json`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Cifre;

impl Uscita for Cifre {
    fn nome(&self) -> &'static str {
        "il JSON delle cifre"
    }

    fn forma(&self) -> Forma {
        Forma::File { estensione: "json" }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("cifre-{}.json", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let mut json = serde_json::to_string_pretty(&crate::cifre::figure(lavoro.relazione))
            .map_err(|e| Errore::Interno(e.to_string()))?;
        json.push('\n');
        Ok(Prodotto::File(json.into_bytes()))
    }
}
