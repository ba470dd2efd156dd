//! The input workbook: reading it ([`leggi`]), its contract ([`schema`]) and
//! writing workbooks ([`scrivi`]: `relazione init` and the sample generator).

mod cella;
mod fogli;
mod fonte;
pub mod formato;
pub mod isolamento;
mod leggi;
mod riferimenti;
pub mod schema;
pub mod scrivi;
pub mod scrivi_ods;
mod tabella;

use crate::Errore;
use crate::limiti;
use crate::model::Piano;
use crate::problem::Problema;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// The name of the workbook `relazione init` writes.
pub const NOME_FILE: &str = "relazione.xlsx";

/// The workbook of a report folder: `relazione.xlsx`, `.xlsm`, `.ods` or `.xls`
/// (two of them is an error naming both); a path to a file is taken as it is.
/// Either way it must be a regular file of its folder (see
/// [`crate::disco::dentro`]).
pub fn percorso(cartella: &Path) -> Result<PathBuf, Errore> {
    if cartella.is_file() {
        let base = cartella
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::disco::dentro(base, cartella)?;
        return Ok(cartella.to_path_buf());
    }
    if !cartella.is_dir() {
        return Err(Errore::CartellaMancante(cartella.to_path_buf()));
    }
    let trovati: Vec<PathBuf> = formato::NOMI
        .iter()
        .map(|n| cartella.join(n))
        .filter(|f| std::fs::symlink_metadata(f).is_ok())
        .collect();
    match trovati.as_slice() {
        [] => Err(Errore::WorkbookMancante(cartella.to_path_buf())),
        [file] => {
            crate::disco::dentro(cartella, file)?;
            Ok(file.clone())
        }
        [a, b, ..] => Err(Errore::WorkbookIlleggibile {
            percorso: cartella.to_path_buf(),
            motivo: format!(
                "ci sono due cartelle di lavoro, {} e {}: tenerne una sola (spostare l'altra fuori dalla cartella)",
                a.file_name().unwrap_or_default().to_string_lossy(),
                b.file_name().unwrap_or_default().to_string_lossy()
            ),
        }),
    }
}

/// Reads a workbook (`.xlsx`, `.xlsm`, `.ods` or `.xls`, recognized from its
/// bytes): the plan as far as it could be read (rows with an error left out;
/// `None` only when the `Ente` sheet cannot be read), and every problem found
/// (errors and warnings): a plan with errors must not be typeset; and the
/// SHA-256 of the bytes read, in hexadecimal, which names this very file in
/// the OIV's dossier. A file that is none of these, or one beyond the
/// [`limiti`](crate::limiti) (size, decompressed size), is an [`Errore`] that
/// says in Italian what it is and what to do.
pub fn leggi(file: &Path) -> Result<(Option<Piano>, Vec<Problema>, String), Errore> {
    let base = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let illeggibile = |motivo: String| Errore::WorkbookIlleggibile {
        percorso: file.to_path_buf(),
        motivo,
    };
    // Opened once and judged by its handle: the bytes read are the file checked.
    let io = |source| Errore::Io {
        percorso: file.to_path_buf(),
        source,
    };
    let mut dati = Vec::new();
    crate::disco::apri(base, file)?
        .take(limiti::BYTE_CARTELLA_DI_LAVORO + 1)
        .read_to_end(&mut dati)
        .map_err(io)?;
    if dati.len() as u64 > limiti::BYTE_CARTELLA_DI_LAVORO {
        return Err(illeggibile(format!(
            "il file supera il limite di {} per una cartella di lavoro: una Relazione ne occupa pochi MB",
            crate::format::dimensione(limiti::BYTE_CARTELLA_DI_LAVORO)
        )));
    }
    if dati.is_empty() {
        return Err(illeggibile(
            "il file è vuoto (0 byte): non è una cartella di lavoro".into(),
        ));
    }
    crate::workbook::isolamento::prova_la_lettura(&dati).map_err(illeggibile)?;
    let impronta = crate::disco::sha256(&dati);
    let (piano, problemi) = leggi_dati(dati).map_err(illeggibile)?;
    Ok((piano, problemi, impronta))
}

/// Reads a workbook's bytes (see [`leggi`]): the plan and its problems, or why
/// the file is no workbook, in Italian.
pub fn leggi_dati(dati: Vec<u8>) -> Result<(Option<Piano>, Vec<Problema>), String> {
    if dati.starts_with(b"PK") {
        verifica_zip(&dati)?;
    }
    let formato = formato::riconosci(&dati)?;
    let wb = fonte::Fonte::apri(formato, dati)?;
    Ok(leggi::leggi(wb))
}

/// An `.xlsx` is a zip: before anything reads it, its entries are decompressed
/// once, to count, so that a zip bomb (a small file that decompresses to
/// gigabytes) is refused after [`limiti::BYTE_DECOMPRESSI`], and so is an
/// entry that cannot be read. A zip whose directory cannot be read is left to
/// the workbook reader's own message.
fn verifica_zip(dati: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(dati)) else {
        return Ok(());
    };
    if zip.len() > limiti::VOCI_ZIP {
        return Err(format!(
            "la cartella di lavoro contiene {} parti, più del limite di {}: non è un file di Excel ordinario",
            zip.len(),
            limiti::VOCI_ZIP
        ));
    }
    let mut totale: u64 = 0;
    for i in 0..zip.len() {
        // Every entry is counted: one that cannot be opened (flagged as
        // encrypted, compressed in an unknown way) or read to its end is not
        // skipped — the reader might still expand it — but refused.
        let danneggiata = |nome: &str| {
            format!(
                "la parte «{nome}» della cartella di lavoro è cifrata o danneggiata e non si legge: \
                 salvare il file di nuovo dal suo programma, senza password"
            )
        };
        let nome = zip
            .name_for_index(i)
            .and_then(Result::ok)
            .map_or_else(|| "?".to_string(), |n| n.to_string());
        let Ok(mut voce) = zip.by_index(i) else {
            return Err(danneggiata(&nome));
        };
        let resto = limiti::BYTE_DECOMPRESSI - totale;
        let letti =
            std::io::copy(&mut (&mut voce).take(resto + 1), &mut std::io::sink()).map_err(|_| danneggiata(&nome))?;
        totale += letti;
        if totale > limiti::BYTE_DECOMPRESSI {
            return Err(format!(
                "la cartella di lavoro, decompressa, supera il limite di {} (una Relazione ne occupa pochi MB): \
                 il file è danneggiato o costruito per esaurire la memoria",
                crate::format::dimensione(limiti::BYTE_DECOMPRESSI)
            ));
        }
    }
    Ok(())
}
