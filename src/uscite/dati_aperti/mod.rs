//! The figures of the Relazione as open data: UTF-8 CSV files with a
//! Frictionless `datapackage.json` ([`tabelle`], [`pacchetto`]), lawful about
//! persons ([`riservatezza`]). The web edition carries them in `dati/`; on
//! their own they are a folder of the same files.

mod pacchetto;
pub mod riservatezza;
mod tabelle;

pub use pacchetto::Licenza;
pub(super) use tabelle::dati_aperti as file;

use super::{Forma, Lavoro, Prodotto, Uscita};
use crate::{Errore, Relazione};
use std::path::PathBuf;

/// The open data alone: a folder (default `out/dati-<anno>`), the same files
/// as the web edition's `dati/`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatiAperti;

impl Uscita for DatiAperti {
    fn nome(&self) -> &'static str {
        "l'edizione dei dati aperti"
    }

    fn forma(&self) -> Forma {
        Forma::Cartella {
            una: "un'edizione dei dati aperti",
        }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("dati-{}", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let r = lavoro.relazione;
        let licenza = Licenza::di(r.piano().ente.licenza_dati.as_deref());
        let file = file(r, &licenza, &super::nome_pdf(r))?.into_iter().collect();
        Ok(Prodotto::Cartella(super::scrittura::con_elenco(
            file,
            "I dati aperti di questa relazione, scritti da relazione.",
        )))
    }
}
