//! `relazione pubblica`: the Relazione for the ente's "Amministrazione
//! trasparente" — the web edition ([`crate::uscite::EdizioneWeb`]: one
//! accessible page, the PDF, the open data) made from the scored report and
//! written as one folder that replaces the previous edition only once it is
//! complete.

use crate::problem::Problema;
use crate::render::Modelli;
use crate::uscite::{self, EdizioneWeb, Lavoro, Uscita};
use crate::{Errore, Relazione, carica};
use std::path::PathBuf;

pub use crate::uscite::{Licenza, nome_pdf, riservatezza};

/// What to publish and where.
#[derive(Debug, Clone, Default)]
pub struct Opzioni {
    /// The report folder (or its workbook).
    pub cartella: PathBuf,
    /// The folder to write; default `out/pubblicazione-<anno>`.
    pub uscita: Option<PathBuf>,
    /// A folder of templates overriding the embedded ones.
    pub modelli: Option<PathBuf>,
}

/// A web edition written.
#[derive(Debug)]
pub struct Esito {
    /// The folder of the edition.
    pub cartella: PathBuf,
    /// The pages of its PDF.
    pub pagine: usize,
    /// Its files, relative to the folder.
    pub file: Vec<String>,
    pub relazione: Relazione,
    pub avvisi_typst: Vec<Problema>,
}

/// The default folder of a web edition: `out/pubblicazione-<anno>`.
pub fn uscita_predefinita(r: &Relazione) -> PathBuf {
    EdizioneWeb.predefinita(r)
}

/// Reads and scores the folder, typesets the PDF and writes the whole edition.
pub fn pubblica(o: &Opzioni) -> Result<Esito, Errore> {
    let relazione = carica(&o.cartella)?;
    let modelli = Modelli::leggi(o.modelli.clone());
    let lavoro = Lavoro::nuovo(&relazione, &modelli);
    let uscita = o.uscita.clone().unwrap_or_else(|| uscita_predefinita(&relazione));
    let scritto = uscite::consegna(&EdizioneWeb, &uscita, &lavoro, false)?;
    let composto = lavoro.composto()?;
    let (pagine, avvisi_typst) = (composto.pagine, composto.avvisi.clone());
    drop(lavoro);
    Ok(Esito {
        cartella: uscita,
        pagine,
        file: scritto.file,
        relazione,
        avvisi_typst,
    })
}
