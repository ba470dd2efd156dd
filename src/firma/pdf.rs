//! A PDF as signing sees it: its bytes, its revisions (each ends with the
//! `%%EOF` of an update), its objects as the last revision leaves them, and its
//! signature fields.

use super::ErroreFirma;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::path::{Path, PathBuf};

/// A PDF read, with its bytes.
pub struct Pdf<'a> {
    pub byte: &'a [u8],
    pub doc: Document,
    pub percorso: PathBuf,
    /// Where each revision ends (just after its `%%EOF`), in order.
    pub revisioni: Vec<usize>,
}

impl<'a> Pdf<'a> {
    pub fn leggi(byte: &'a [u8], percorso: &Path) -> Result<Pdf<'a>, ErroreFirma> {
        let percorso = percorso.to_path_buf();
        if !byte.starts_with(b"%PDF-") {
            return Err(ErroreFirma::NonPdf {
                percorso,
                motivo: "non comincia con l'intestazione %PDF-".into(),
            });
        }
        let danneggiato = |motivo: String| ErroreFirma::PdfDanneggiato {
            percorso: percorso.clone(),
            motivo,
        };
        if !byte.trim_ascii_end().ends_with(b"%%EOF") {
            return Err(danneggiato("manca la fine del file (%%EOF): è stato troncato?".into()));
        }
        let revisioni = fine_revisioni(byte).map_err(danneggiato)?;
        let doc = Document::load_mem(byte).map_err(|e| danneggiato(format!("non si legge ({e})")))?;
        if doc.is_encrypted() {
            return Err(danneggiato("è cifrato: un PDF/A non può esserlo".into()));
        }
        if doc.get_pages().is_empty() {
            return Err(danneggiato("non ha pagine".into()));
        }
        Ok(Pdf {
            byte,
            doc,
            percorso,
            revisioni,
        })
    }
}

fn trova(dove: &[u8], cosa: &[u8]) -> Option<usize> {
    dove.windows(cosa.len()).position(|w| w == cosa)
}

fn trova_ultimo(dove: &[u8], cosa: &[u8]) -> Option<usize> {
    dove.windows(cosa.len()).rposition(|w| w == cosa)
}

fn numero_dopo(byte: &[u8], da: usize) -> Option<usize> {
    let resto = byte.get(da..)?;
    let inizio = resto.iter().position(|b| !b.is_ascii_whitespace())?;
    let cifre: Vec<u8> = resto[inizio..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&cifre).ok()?.parse().ok()
}

/// The offset of the cross-reference section that the `startxref` before `fine` names.
pub(super) fn startxref(byte: &[u8], fine: usize) -> Option<usize> {
    let da = fine.saturating_sub(1024);
    let p = trova_ultimo(&byte[da..fine], b"startxref")?;
    numero_dopo(byte, da + p + 9)
}

/// The `/Prev` of the trailer (or cross-reference stream) at `xref`.
fn precedente(byte: &[u8], xref: usize) -> Option<usize> {
    let resto = byte.get(xref..)?;
    let fine = trova(resto, b"startxref").unwrap_or(resto.len());
    let sezione = &resto[..fine];
    let dizionario = if sezione.starts_with(b"xref") {
        &sezione[trova(sezione, b"trailer")?..]
    } else {
        &sezione[..trova(sezione, b"stream").unwrap_or(sezione.len())]
    };
    let p = trova(dizionario, b"/Prev")?;
    numero_dopo(dizionario, p + 5)
}

/// Where each revision ends: following the chain of cross-reference sections
/// back from the last, each revision ends after the `%%EOF` that follows its
/// section.
pub fn fine_revisioni(byte: &[u8]) -> Result<Vec<usize>, String> {
    let mut sezioni = vec![];
    let mut x = startxref(byte, byte.len()).ok_or("manca startxref alla fine del file")?;
    loop {
        if x >= byte.len() {
            return Err(format!("startxref punta a {x}, oltre la fine del file"));
        }
        sezioni.push(x);
        match precedente(byte, x) {
            Some(p) if p < x && !sezioni.contains(&p) => x = p,
            _ => break,
        }
    }
    let mut fini = vec![];
    for x in sezioni {
        let p = trova(&byte[x..], b"%%EOF").ok_or("una sezione di riferimenti incrociati non ha %%EOF")?;
        let mut fine = x + p + 5;
        if byte.get(fine) == Some(&b'\r') {
            fine += 1;
        }
        if byte.get(fine) == Some(&b'\n') {
            fine += 1;
        }
        fini.push(fine);
    }
    fini.sort_unstable();
    fini.dedup();
    Ok(fini)
}

/// The object `o` refers to (or `o` itself).
pub fn risolvi<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

pub(super) fn dizionario<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Dictionary> {
    risolvi(doc, o).as_dict().ok()
}

/// The array at `chiave` of `d` (given there or by reference), or an empty one.
pub(super) fn array(doc: &Document, d: &Dictionary, chiave: &[u8]) -> Vec<Object> {
    d.get(chiave)
        .ok()
        .map(|x| risolvi(doc, x))
        .and_then(|x| x.as_array().ok())
        .cloned()
        .unwrap_or_default()
}

/// A signature field of the document.
#[derive(Debug, Clone)]
pub struct Campo {
    /// The field's object (a field merged with its widget, as this module writes them).
    pub id: ObjectId,
    /// Its full name (`/T`, with its parents' names joined by dots).
    pub nome: String,
    /// The signature dictionary, when the field is signed.
    pub firma: Option<ObjectId>,
}

/// The signature fields, in the order of the form's fields.
pub fn campi_firma(doc: &Document) -> Vec<Campo> {
    fn visita(
        doc: &Document,
        id: ObjectId,
        prefisso: &str,
        ft: Option<&[u8]>,
        out: &mut Vec<Campo>,
        profondita: usize,
    ) {
        let Ok(d) = doc.get_dictionary(id) else { return };
        let nome = match d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(t).ok()) {
            Some(t) if prefisso.is_empty() => t,
            Some(t) => format!("{prefisso}.{t}"),
            None => prefisso.to_string(),
        };
        let ft = d.get(b"FT").ok().and_then(|f| f.as_name().ok()).or(ft);
        let figli: Vec<ObjectId> = d
            .get(b"Kids")
            .ok()
            .map(|k| risolvi(doc, k))
            .and_then(|k| k.as_array().ok())
            .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
            .unwrap_or_default();
        let campi_figli: Vec<ObjectId> = figli
            .iter()
            .copied()
            .filter(|k| doc.get_dictionary(*k).is_ok_and(|d| d.has(b"T")))
            .collect();
        if !campi_figli.is_empty() && profondita < 32 {
            for k in campi_figli {
                visita(doc, k, &nome, ft, out, profondita + 1);
            }
        } else if ft == Some(b"Sig".as_slice()) {
            let firma = d.get(b"V").ok().and_then(|v| v.as_reference().ok());
            out.push(Campo { id, nome, firma });
        }
    }
    let mut out = vec![];
    let Ok(catalogo) = doc.catalog() else { return out };
    let Some(form) = catalogo.get(b"AcroForm").ok().and_then(|f| dizionario(doc, f)) else {
        return out;
    };
    let campi = form
        .get(b"Fields")
        .ok()
        .map(|f| risolvi(doc, f))
        .and_then(|f| f.as_array().ok());
    for c in campi.into_iter().flatten() {
        if let Ok(id) = c.as_reference() {
            visita(doc, id, "", None, &mut out, 0);
        }
    }
    out
}
