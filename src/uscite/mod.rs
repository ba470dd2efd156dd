//! What a scored report becomes: the PDF, the web edition, the open data, the
//! JSON of its figures, the prospetto of the changes between two drafts, the
//! OIV's validation dossier. Each
//! is one implementation of the same shape, [`Uscita`]: made in memory from
//! one [`Lavoro`] (the report, its templates, an earlier draft), then written
//! by one hand ([`Prodotto::scrivi`]) — atomically, never over a file the work
//! reads, the previous one left whole when anything fails.
//!
//! `build`, `pubblica`, `watch` and the batch drive them: they make a
//! [`Lavoro`], check each destination ([`verifica`]), then produce and write
//! ([`consegna`]). Several outputs of one `Lavoro` share its work: the web
//! edition carries the very PDF `build` wrote, typeset once.
//!
//! Adding an output: one new file here implementing [`Uscita`], and its line
//! in [`Genere`] (the list `build` and `watch` take), unless, like the
//! prospetto, it needs more than one report.

mod dati_aperti;
mod dossier;
mod json;
pub mod pdf;
mod prospetto;
mod scrittura;
mod web;

pub use dati_aperti::{DatiAperti, Licenza, riservatezza};
pub use dossier::Dossier;
pub use json::Cifre;
pub use pdf::{Pdf, identita};
pub use prospetto::Prospetto;
pub use scrittura::{Scritto, verifica_cartella, verifica_file};
pub use web::{EdizioneWeb, nome_pdf};

use crate::render::{self, Modelli, Sorgenti};
use crate::typeset::{self, Composto, Memoria};
use crate::{Errore, Relazione};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One output of a report: what it is called, where it goes unless told, what
/// it looks like on disk, and how it is made from the work in common.
pub trait Uscita {
    /// How messages name it: «il PDF», «l'edizione web».
    fn nome(&self) -> &'static str;
    /// One file (with its extension) or a folder of files.
    fn forma(&self) -> Forma;
    /// Where it goes when the office names no place: `out/relazione-2022.pdf`.
    fn predefinita(&self, r: &Relazione) -> PathBuf;
    /// The output, in memory.
    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore>;
}

/// What an output looks like on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forma {
    /// One file, whose name ends in `.estensione` (unless forced).
    File { estensione: &'static str },
    /// A folder of files, which replaces an earlier one of its kind whole;
    /// `una` names one in messages («un'edizione web»).
    Cartella { una: &'static str },
}

/// An output made: the bytes of a file, or the files of a folder by their path in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prodotto {
    File(Vec<u8>),
    Cartella(BTreeMap<String, Vec<u8>>),
}

impl Prodotto {
    /// Writes the output at `destinazione`: a file through a temporary one and a
    /// rename, a folder built beside and put in place of the previous one, so
    /// that a reader never sees half of it and a failure leaves the old one.
    pub fn scrivi(&self, destinazione: &Path) -> Result<Scritto, Errore> {
        match self {
            Prodotto::File(dati) => {
                crate::disco::scrivi_atomico(destinazione, dati)?;
                Ok(Scritto {
                    percorso: destinazione.to_path_buf(),
                    file: Vec::new(),
                })
            }
            Prodotto::Cartella(file) => {
                scrittura::scrivi_cartella(destinazione, file)?;
                Ok(Scritto {
                    percorso: destinazione.to_path_buf(),
                    file: file.keys().cloned().collect(),
                })
            }
        }
    }
}

/// Every output a report folder alone makes — the list `build` and `watch`
/// take (`Opzioni::anche`). The prospetto, which needs two drafts, is driven by
/// `relazione confronta --pdf` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Genere {
    Pdf,
    EdizioneWeb,
    DatiAperti,
    Cifre,
}

impl Genere {
    /// The output, as each is made by default (the PDF without signature fields).
    pub fn uscita(self) -> Box<dyn Uscita + Send + Sync> {
        match self {
            Genere::Pdf => Box::new(Pdf::default()),
            Genere::EdizioneWeb => Box::new(EdizioneWeb),
            Genere::DatiAperti => Box::new(DatiAperti),
            Genere::Cifre => Box::new(Cifre),
        }
    }
}

/// The work outputs share: the scored report, its templates, an earlier draft
/// to compare with, and what is made once for all of them — the Typst sources
/// and the typeset PDF.
pub struct Lavoro<'a> {
    pub relazione: &'a Relazione,
    pub modelli: &'a Modelli,
    /// An earlier draft and the path it was read from: the PDF marks what
    /// differs from it (`componi --confronta`); the prospetto lists it.
    pub bozza: Option<(&'a Relazione, PathBuf)>,
    /// What the layout keeps for a next build (see [`Memoria`]).
    pub memoria: Memoria,
    sorgenti: OnceCell<Result<(Sorgenti, Duration), Errore>>,
    composto: OnceCell<Result<Composto, Errore>>,
}

impl<'a> Lavoro<'a> {
    /// The work of a report and its templates.
    pub fn nuovo(relazione: &'a Relazione, modelli: &'a Modelli) -> Lavoro<'a> {
        Lavoro {
            relazione,
            modelli,
            bozza: None,
            memoria: Memoria::default(),
            sorgenti: OnceCell::new(),
            composto: OnceCell::new(),
        }
    }

    /// The same work compared with an earlier draft.
    pub fn con_bozza(mut self, bozza: &'a Relazione, percorso: &Path) -> Lavoro<'a> {
        self.bozza = Some((bozza, percorso.to_path_buf()));
        self
    }

    /// The same work, keeping the layout's memory as told.
    pub fn con_memoria(mut self, memoria: Memoria) -> Lavoro<'a> {
        self.memoria = memoria;
        self
    }

    /// The Typst sources of the report (marked against the draft, if any),
    /// filled once.
    pub fn sorgenti(&self) -> Result<&Sorgenti, Errore> {
        let fatte = self.sorgenti.get_or_init(|| {
            let t = Instant::now();
            // The folder's texts and images, read once before anything is
            // filled: every step after works from them (`cartella::Istantanea`).
            self.relazione.istantanea();
            let s = match &self.bozza {
                None => render::genera(self.relazione, self.modelli),
                Some((vecchia, percorso)) => render::genera_confronto(
                    self.relazione,
                    Some((vecchia, &percorso.display().to_string())),
                    self.modelli,
                ),
            };
            s.map(|s| (s, t.elapsed()))
        });
        fatte.as_ref().map(|(s, _)| s).map_err(Clone::clone)
    }

    /// The time filling the templates took (zero before [`Lavoro::sorgenti`]).
    pub fn tempo_modelli(&self) -> Duration {
        match self.sorgenti.get() {
            Some(Ok((_, t))) => *t,
            _ => Duration::ZERO,
        }
    }

    /// The report typeset — PDF/A-2a and PDF/UA-1 — once, whichever outputs need it.
    pub fn composto(&self) -> Result<&Composto, Errore> {
        let fatto = self.composto.get_or_init(|| {
            let sorgenti = self.sorgenti()?;
            typeset::componi(
                sorgenti,
                &self.relazione.cartella(),
                self.modelli,
                &identita(self.relazione),
                self.memoria,
            )
            .map_err(Errore::Typst)
        });
        fatto.as_ref().map_err(Clone::clone)
    }

    /// The files the work reads: the workbook, the texts, the images of the
    /// folder, the templates, the earlier draft's workbook. No output may be
    /// written over one of them.
    pub fn ingressi(&self) -> Vec<PathBuf> {
        let elenco = |dir: &Path| -> Vec<PathBuf> {
            std::fs::read_dir(dir)
                .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default()
        };
        let r = self.relazione;
        let mut out = vec![r.file.clone()];
        out.extend(elenco(&r.cartella().join("testi")));
        out.extend(crate::disco::immagini(&r.cartella()));
        if let Some(m) = self.modelli.cartella() {
            out.extend(elenco(m));
            out.extend(elenco(&m.join("font")));
        }
        if let Some((vecchia, _)) = &self.bozza {
            out.push(vecchia.file.clone());
        }
        out
    }
}

/// Checks, before any work, that an output may go to `destinazione`: a file
/// not over a device, a folder or a file the work reads, with the output's
/// extension unless `forza`; a folder new, empty or an earlier one of its kind,
/// never the report folder.
pub fn verifica(uscita: &dyn Uscita, destinazione: &Path, lavoro: &Lavoro, forza: bool) -> Result<(), Errore> {
    match uscita.forma() {
        Forma::File { estensione } => verifica_file(destinazione, uscita.nome(), estensione, forza, &lavoro.ingressi()),
        Forma::Cartella { una } => verifica_cartella(destinazione, uscita.nome(), una, &lavoro.relazione.cartella()),
    }
}

/// One output checked, made and written: nothing is written when any step fails.
pub fn consegna(uscita: &dyn Uscita, destinazione: &Path, lavoro: &Lavoro, forza: bool) -> Result<Scritto, Errore> {
    verifica(uscita, destinazione, lavoro, forza)?;
    uscita.produci(lavoro)?.scrivi(destinazione)
}
