//! The input workbook: reading it ([`leggi`]), its contract ([`schema`]) and
//! writing workbooks ([`write`]: `relazione init` and the sample generator).

mod read;
pub mod schema;
pub mod write;

use crate::Errore;
use crate::model::Piano;
use crate::problem::Problema;
use calamine::{Reader, Xlsx, XlsxError};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The workbook's name inside a report folder.
pub const NOME_FILE: &str = "relazione.xlsx";

/// The workbook of a report folder; a path to an `.xlsx` file is taken as it is.
pub fn percorso(cartella: &Path) -> Result<PathBuf, Errore> {
    if cartella.is_file() {
        return Ok(cartella.to_path_buf());
    }
    if !cartella.is_dir() {
        return Err(Errore::CartellaMancante(cartella.to_path_buf()));
    }
    let file = cartella.join(NOME_FILE);
    if !file.is_file() {
        return Err(Errore::WorkbookMancante(cartella.to_path_buf()));
    }
    Ok(file)
}

/// Reads a workbook: the plan when it has no error, and every problem found
/// (errors and warnings). A file that is not a readable `.xlsx` is an [`Errore`].
pub fn leggi(file: &Path) -> Result<(Option<Piano>, Vec<Problema>), Errore> {
    let illeggibile = |motivo: &str| Errore::WorkbookIlleggibile {
        percorso: file.to_path_buf(),
        motivo: motivo.to_string(),
    };
    let f = File::open(file).map_err(|source| Errore::Io {
        percorso: file.to_path_buf(),
        source,
    })?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Err(illeggibile(
            "il file è vuoto (0 byte): non è una cartella di lavoro Excel",
        ));
    }
    let wb: Xlsx<_> = match Xlsx::new(BufReader::new(f)) {
        Ok(wb) => wb,
        Err(XlsxError::Password) => {
            return Err(illeggibile(
                "la cartella di lavoro è protetta da password: salvarne una copia senza password",
            ));
        }
        Err(XlsxError::Zip(_)) => {
            return Err(illeggibile(
                "non è una cartella di lavoro Excel .xlsx (salvarla da Excel o LibreOffice in formato .xlsx)",
            ));
        }
        Err(e) => return Err(illeggibile(&format!("cartella di lavoro Excel non leggibile ({e})"))),
    };
    Ok(read::leggi(wb))
}
