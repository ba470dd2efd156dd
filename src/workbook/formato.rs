//! What kind of file a workbook is, from its bytes (not its name): Excel's
//! `.xlsx`/`.xlsm`, LibreOffice's `.ods`, old Excel's `.xls` — or something
//! else, told in one Italian sentence with what to do.

use std::io::{Cursor, Read};

/// The spreadsheet formats read with the same contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formato {
    /// Excel 2007 and later (`.xlsx`, `.xlsm` with macros, which are not run).
    Xlsx,
    /// OpenDocument, LibreOffice's own (`.ods`).
    Ods,
    /// Excel 97–2003 (`.xls`).
    Xls,
}

/// The names a report folder's workbook may have.
pub const NOMI: [&str; 4] = ["relazione.xlsx", "relazione.xlsm", "relazione.ods", "relazione.xls"];

const SALVARLA: &str = "salvarla da LibreOffice come .ods o da Excel come .xlsx";

/// Recognizes a workbook from its bytes, or says what the file is instead.
pub fn riconosci(dati: &[u8]) -> Result<Formato, String> {
    if dati.starts_with(b"PK") {
        return zip(dati);
    }
    if dati.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole(dati);
    }
    if dati.starts_with(b"%PDF") {
        return Err(format!(
            "è un PDF, non una cartella di lavoro: indicare il file del foglio di calcolo ({SALVARLA})"
        ));
    }
    if dati.starts_with(b"{\\rtf") {
        return Err(format!("è un documento RTF, non una cartella di lavoro: {SALVARLA}"));
    }
    let testo = std::str::from_utf8(&dati[..dati.len().min(4096)]).is_ok()
        || dati
            .iter()
            .take(4096)
            .all(|b| !b.is_ascii_control() || b"\r\n\t".contains(b));
    if testo {
        return Err(format!(
            "è un file di testo (per esempio un CSV), che ha un solo foglio: la Relazione ne usa nove; \
             aprirlo e {SALVARLA}, oppure partire da relazione nuova"
        ));
    }
    Err(format!(
        "non è una cartella di lavoro di Excel o di LibreOffice: {SALVARLA}"
    ))
}

/// A zip: Excel's (`xl/`), LibreOffice's (`mimetype`), or another program's.
fn zip(dati: &[u8]) -> Result<Formato, String> {
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(dati)) else {
        return Err(format!(
            "il file è danneggiato (un archivio zip incompleto): {SALVARLA} di nuovo"
        ));
    };
    let nomi: Vec<String> = z.file_names().filter_map(|n| n.ok().map(|n| n.to_string())).collect();
    let c_e = |n: &str| nomi.iter().any(|x| x == n);
    if c_e("xl/workbook.xml") || c_e("xl/workbook.bin") {
        return Ok(Formato::Xlsx);
    }
    let mut mimetype = String::new();
    if let Ok(mut m) = z.by_name("mimetype") {
        let _ = (&mut m).take(200).read_to_string(&mut mimetype);
    }
    let mimetype = mimetype.trim();
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet" {
        let mut manifest = String::new();
        if let Ok(mut m) = z.by_name("META-INF/manifest.xml") {
            let _ = (&mut m).take(1 << 20).read_to_string(&mut manifest);
        }
        if manifest.contains("encryption-data") {
            return Err(
                "la cartella di lavoro .ods è protetta da password: salvarne da LibreOffice una copia senza password"
                    .into(),
            );
        }
        return Ok(Formato::Ods);
    }
    Err(match mimetype {
        "application/vnd.oasis.opendocument.text" => {
            format!("è un documento di testo di LibreOffice (.odt), non un foglio di calcolo: {SALVARLA}")
        }
        m if m.starts_with("application/vnd.oasis.opendocument") => {
            format!("è un documento di LibreOffice che non è un foglio di calcolo: {SALVARLA}")
        }
        _ if c_e("word/document.xml") => {
            format!("è un documento di Word (.docx), non un foglio di calcolo: {SALVARLA}")
        }
        _ if nomi.iter().any(|n| n.starts_with("Index/")) => {
            "è un foglio di Numbers (Apple): da Numbers, esportarlo in Excel (.xlsx)".to_string()
        }
        _ => format!("è un archivio zip, non una cartella di lavoro: {SALVARLA}"),
    })
}

/// An OLE compound file: old Excel (`.xls`), a password-protected `.xlsx`, or
/// an old Word document.
fn ole(dati: &[u8]) -> Result<Formato, String> {
    let contiene = |s: &str| {
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        dati.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if contiene("EncryptionInfo") {
        return Err("la cartella di lavoro è protetta da password: salvarne una copia senza password".into());
    }
    if contiene("Workbook") || contiene("Book") {
        return Ok(Formato::Xls);
    }
    if contiene("WordDocument") {
        return Err(format!(
            "è un documento di Word (.doc), non un foglio di calcolo: {SALVARLA}"
        ));
    }
    Err(format!(
        "non è una cartella di lavoro di Excel o di LibreOffice: {SALVARLA}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_workbook_is_told_in_italian() {
        let e = riconosci(b"%PDF-1.7\n...").unwrap_err();
        assert!(e.starts_with("è un PDF"), "{e}");
        let e = riconosci("Codice;Titolo\nOS1;Uno\n".as_bytes()).unwrap_err();
        assert!(e.contains("CSV") && e.contains(".ods"), "{e}");
        let e = riconosci(&[0, 1, 2, 3, 200, 201]).unwrap_err();
        assert!(e.contains("non è una cartella di lavoro"), "{e}");
        let e = riconosci(b"PK\x03\x04 rotto").unwrap_err();
        assert!(e.contains("danneggiato"), "{e}");
    }
}
