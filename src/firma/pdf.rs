//! A PDF as signing and checking see it: its bytes, its revisions (as its
//! cross-reference chain gives them, in [`super::revisioni`]), each read by
//! lopdf in its strict mode — no repair, no guess — within the bounds of
//! [`crate::limiti`], and its signature fields.

use super::ErroreFirma;
use super::revisioni::{self, Revisione};
use crate::limiti;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use std::cell::Cell;
use std::path::{Path, PathBuf};

/// A PDF read, with its bytes.
pub struct Pdf<'a> {
    pub byte: &'a [u8],
    /// The document as its last revision leaves it.
    pub doc: Document,
    pub percorso: PathBuf,
    /// Its revisions, in order.
    pub revisioni: Vec<Revisione>,
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
        let revisioni = revisioni::leggi(byte).map_err(danneggiato)?;
        let ultima = revisioni.last().ok_or_else(|| danneggiato("non ha revisioni".into()))?;
        let doc = carica(byte, ultima).map_err(danneggiato)?;
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

thread_local! {
    /// The objects read by the load under way (see [`carica`]).
    static OGGETTI_LETTI: Cell<u64> = const { Cell::new(0) };
}

/// Counts each object lopdf reads, and drops those past the bound: the load
/// then fails in [`carica`], before the memory they would take is taken.
/// (lopdf keeps the object it passed for an object of the file, and the one
/// returned for an object of an object stream.)
fn conta_oggetto(id: ObjectId, o: &mut Object) -> Option<(ObjectId, Object)> {
    let n = OGGETTI_LETTI.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    (n <= limiti::OGGETTI_PDF).then(|| (id, o.clone()))
}

/// The document as revision `r` leaves it: the bytes up to its end, read by
/// lopdf strictly (a cross-reference entry that does not point at its object,
/// an object that does not parse, is an error, not a repair), each stream
/// decompressed within [`limiti::BYTE_FLUSSO_PDF`], at most
/// [`limiti::OGGETTI_PDF`] objects.
pub fn carica(byte: &[u8], r: &Revisione) -> Result<Document, String> {
    OGGETTI_LETTI.with(|c| c.set(0));
    let opzioni = LoadOptions {
        strict: true,
        filter: Some(conta_oggetto),
        max_decompressed_size: Some(limiti::BYTE_FLUSSO_PDF),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(&byte[..r.fine], opzioni);
    if OGGETTI_LETTI.with(Cell::get) > limiti::OGGETTI_PDF {
        return Err(format!(
            "ha più di {} oggetti: troppi per una Relazione",
            limiti::OGGETTI_PDF
        ));
    }
    let doc = doc.map_err(|e| format!("la revisione che finisce al byte {} non si legge ({e})", r.fine))?;
    if doc.xref_start != r.sezione {
        return Err(format!(
            "la revisione che finisce al byte {} non si legge come la sua catena dei riferimenti dice",
            r.fine
        ));
    }
    if doc.is_encrypted() {
        return Err("è cifrato: un PDF/A non può esserlo".into());
    }
    let campi = conta_campi(&doc);
    if campi > limiti::CAMPI_PDF {
        return Err(format!(
            "il modulo ha più di {} campi: troppi per una Relazione",
            limiti::CAMPI_PDF
        ));
    }
    Ok(doc)
}

/// How many fields the form has, counted up to one more than the bound.
fn conta_campi(doc: &Document) -> usize {
    let Some(form) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|f| dizionario(doc, f))
    else {
        return 0;
    };
    let mut pila: Vec<(Object, usize)> = array(doc, form, b"Fields").into_iter().map(|f| (f, 0)).collect();
    let mut n = 0;
    while let Some((f, profondita)) = pila.pop() {
        n += 1;
        if n > limiti::CAMPI_PDF || profondita > 32 {
            break;
        }
        if let Some(d) = dizionario(doc, &f) {
            pila.extend(array(doc, d, b"Kids").into_iter().map(|k| (k, profondita + 1)));
        }
    }
    n
}

/// Whether a widget shows nothing on its page: hidden, or of zero area.
pub fn invisibile(doc: &Document, w: &Dictionary) -> bool {
    let f = w.get(b"F").and_then(Object::as_i64).unwrap_or(0);
    // Hidden (2) or NoView (32).
    if f & 2 != 0 || f & 32 != 0 {
        return true;
    }
    let numeri: Vec<f32> = array(doc, w, b"Rect")
        .iter()
        .filter_map(|x| risolvi(doc, x).as_float().ok())
        .collect();
    match numeri[..] {
        [x1, y1, x2, y2] => (x2 - x1) == 0.0 || (y2 - y1) == 0.0,
        _ => false,
    }
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
    /// It has a value (`/V`), by reference or not.
    pub firmato: bool,
    /// Its widgets that are objects of their own (kids without a name).
    pub widget: Vec<ObjectId>,
}

/// The signature fields, in the order of the form's fields (the first
/// [`limiti::CAMPI_PDF`] fields of the form looked at: [`carica`] refuses a
/// form with more).
pub fn campi_firma(doc: &Document) -> Vec<Campo> {
    fn visita(
        doc: &Document,
        id: ObjectId,
        prefisso: &str,
        ft: Option<&[u8]>,
        out: &mut Vec<Campo>,
        profondita: usize,
        visitati: &mut usize,
    ) {
        *visitati += 1;
        if *visitati > limiti::CAMPI_PDF {
            return;
        }
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
        let (campi_figli, widget): (Vec<ObjectId>, Vec<ObjectId>) = figli
            .into_iter()
            .partition(|k| doc.get_dictionary(*k).is_ok_and(|d| d.has(b"T")));
        if !campi_figli.is_empty() && profondita < 32 {
            for k in campi_figli {
                visita(doc, k, &nome, ft, out, profondita + 1, visitati);
            }
        } else if ft == Some(b"Sig".as_slice()) {
            let firma = d.get(b"V").ok().and_then(|v| v.as_reference().ok());
            let firmato = d.has(b"V");
            out.push(Campo {
                id,
                nome,
                firma,
                firmato,
                widget,
            });
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
    let mut visitati = 0;
    for c in campi.into_iter().flatten() {
        if let Ok(id) = c.as_reference() {
            visita(doc, id, "", None, &mut out, 0, &mut visitati);
        }
    }
    out
}
