//! The report folder, read: the workbook scored, with the deliberations
//! applied and the warnings found ([`carica`]), and the other files a
//! document uses — texts and images — read once ([`Istantanea`]). What every
//! output starts from.

use crate::problem::Problema;
use crate::{Errore, changes, check, model, scoring, workbook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A report folder read, with the deliberations applied and every figure scored.
#[derive(Debug, Clone)]
pub struct Relazione {
    /// The workbook read.
    pub file: PathBuf,
    /// The plan as the workbook states it, before the deliberations of the year.
    pub pianificato: model::Piano,
    /// The plan in force at the end of the year, with the NOTA lines of the changes.
    pub in_vigore: changes::InVigore,
    pub punteggi: scoring::Punteggi,
    /// Warnings: legal but suspicious.
    pub avvisi: Vec<Problema>,
    /// The warnings the office accepted in the `Avvisi` sheet, each with its
    /// reason: counted, not repeated.
    pub accettati: Vec<(Problema, String)>,
    /// The SHA-256 of the workbook's bytes as read, in hexadecimal: what the
    /// figures were computed from.
    pub impronta: String,
    /// The texts and images of the folder, read all at once the first time an
    /// output needs them (the scores need none).
    istantanea: Arc<OnceLock<Arc<Istantanea>>>,
}

impl Relazione {
    pub fn piano(&self) -> &model::Piano {
        &self.in_vigore.piano
    }

    /// The folder that holds the report: the folder given, or the workbook's folder.
    pub fn cartella(&self) -> PathBuf {
        self.file.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    /// The texts and images of the folder, read once for every output of this
    /// report (see [`Istantanea`]).
    pub fn istantanea(&self) -> Arc<Istantanea> {
        self.istantanea
            .get_or_init(|| Arc::new(Istantanea::leggi(&self.cartella())))
            .clone()
    }
}

/// A file of the folder (or of the templates) as read once: its bytes,
/// checked, or why it is refused.
pub type FileLetto = Result<Arc<Vec<u8>>, Errore>;

/// The files of a report folder that a document uses besides the workbook —
/// the narrative texts and the images, the logo among them — read all at once,
/// each opened once and judged by its handle ([`crate::disco`]). Rendering,
/// typesetting and every output take them from here and never open a file of
/// the folder again: what was checked is what is printed, even if the folder
/// changes meanwhile. A file that cannot be read is kept as its error, told
/// only by the output that uses it.
#[derive(Debug)]
pub struct Istantanea {
    /// The folder read, to name a file it does not hold.
    radice: PathBuf,
    testi: Result<Vec<(String, String)>, Errore>,
    /// By the path inside the folder, with `/`: `immagini/logo.png`.
    immagini: BTreeMap<String, FileLetto>,
}

impl Istantanea {
    /// Reads the texts (`testi/*.md`) and every image of `cartella`, within
    /// [`crate::limiti::BYTE_IMMAGINI`] in all.
    pub fn leggi(cartella: &Path) -> Istantanea {
        let base = if cartella.as_os_str().is_empty() {
            Path::new(".")
        } else {
            cartella
        };
        let mut immagini = BTreeMap::new();
        let mut totale: u64 = 0;
        for p in crate::disco::immagini(base) {
            let Ok(relativo) = p.strip_prefix(base) else {
                continue;
            };
            let esito = entro_il_totale(
                &mut totale,
                &p,
                "le immagini della cartella",
                ": toglierne qualcuna",
                || crate::disco::leggi_immagine(base, &p),
            );
            immagini.insert(chiave(relativo), esito);
        }
        Istantanea {
            radice: base.to_path_buf(),
            testi: crate::disco::testi(base),
            immagini,
        }
    }

    /// The narrative texts, `(testi/01-premessa.md, text)` in file-name order.
    pub fn testi(&self) -> Result<Vec<(String, String)>, Errore> {
        self.testi.clone()
    }

    /// An image by its path inside the folder: its bytes, checked, or why it
    /// is refused. One the snapshot does not hold is told as reading it would
    /// have told it — outside the folder, or not there — from the names on
    /// the disk alone, never its bytes.
    pub fn immagine(&self, relativo: &Path) -> FileLetto {
        if let Some(esito) = self.immagini.get(&chiave(relativo)) {
            return esito.clone();
        }
        let percorso = self.radice.join(relativo);
        crate::disco::dentro(&self.radice, &percorso)?;
        Err(Errore::Io {
            percorso,
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })
    }
}

/// One file of a reading bounded in all ([`crate::limiti::BYTE_IMMAGINI`]):
/// read by `leggi` and counted, or refused once the files read before it
/// reach the bound (`quali` names them in the message, `consiglio` follows).
pub fn entro_il_totale(
    totale: &mut u64,
    percorso: &Path,
    quali: &str,
    consiglio: &str,
    leggi: impl FnOnce() -> Result<Vec<u8>, Errore>,
) -> FileLetto {
    if *totale > crate::limiti::BYTE_IMMAGINI {
        return Err(Errore::FileNonAmmesso {
            percorso: percorso.to_path_buf(),
            motivo: format!(
                "{quali} superano in tutto {}{consiglio}",
                crate::format::dimensione(crate::limiti::BYTE_IMMAGINI)
            ),
        });
    }
    let dati = leggi()?;
    *totale += dati.len() as u64;
    Ok(Arc::new(dati))
}

/// A path inside the folder as the snapshot keeps it: `immagini/logo.png`.
fn chiave(relativo: &Path) -> String {
    relativo
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads, applies the changes, scores and checks a report folder (or a workbook).
/// Any error in the data is returned with every problem found: when a sheet has
/// errors, the deliberations are still applied and the plan still checked on what
/// could be read, so one run lists every error and every warning.
pub fn carica(cartella: &Path) -> Result<Relazione, Errore> {
    let file = workbook::percorso(cartella)?;
    let (piano, mut problemi, impronta) = workbook::leggi(&file)?;
    let Some(piano) = piano else {
        return Err(Errore::Dati(problemi));
    };
    let letto_bene = !problemi.iter().any(Problema::is_errore);
    // From here every step goes on past an error, so that one run says everything.
    // On a plan read in part, a deliberation on an indicator whose row has an
    // error would be "unknown": its row's own error says enough.
    let da_applicare = if letto_bene {
        piano.clone()
    } else {
        let mut parziale = piano.clone();
        parziale
            .modifiche
            .retain(|m| piano.indicatori.iter().any(|i| i.codice == m.indicatore));
        parziale
    };
    let (in_vigore, errori) = changes::applica_tutte(&da_applicare);
    problemi.extend(errori);
    let punteggi = match scoring::valuta(&in_vigore.piano) {
        Ok(p) => p,
        Err(errori) => {
            problemi.extend(errori);
            return Err(Errore::Dati(problemi));
        }
    };
    let errori: Vec<Problema> = problemi.iter().filter(|p| p.is_errore()).cloned().collect();
    problemi.extend(check::avvisi(&in_vigore.piano, &punteggi, &errori));
    let accettati = check::accettati(&piano.avvisi_accettati, &mut problemi);
    if problemi.iter().any(Problema::is_errore) {
        return Err(Errore::Dati(problemi));
    }
    Ok(Relazione {
        file,
        pianificato: piano,
        in_vigore,
        punteggi,
        avvisi: problemi,
        accettati,
        impronta,
        istantanea: Arc::default(),
    })
}
