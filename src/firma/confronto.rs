//! The signed PDF against the one its folder gives (`verifica --data`): the
//! same bytes, or the first page and words that differ, or another version
//! of the program that composed it; and no later revision that changes what
//! it shows.

use super::pdf::carica;
use super::revisioni;
use super::verifica::Rapporto;
use lopdf::{Document, ObjectId};

/// The signed PDF against the one its folder gives.
#[derive(Debug, Clone)]
pub struct Confronto {
    /// The original revision is, byte for byte, the PDF the folder gives.
    pub identico: bool,
    /// Where they first differ: the page (from 1) and the words of each.
    pub differenza: Option<Differenza>,
    /// The program that composed the signed PDF, when another version than
    /// this one: then the comparison says nothing.
    pub altra_versione: Option<String>,
    /// Later revisions (before or after the signatures) that change what the
    /// composed PDF shows.
    pub cambiato_da: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Differenza {
    pub pagina: usize,
    /// The first words that differ, in the signed PDF and in the folder's.
    pub firmato: String,
    pub cartella: String,
}

/// This program, as it names itself in the PDFs it composes.
pub fn questo_programma() -> String {
    format!("relazione {}", env!("CARGO_PKG_VERSION"))
}

/// Compares the original revision of a signed PDF with the PDF its folder
/// gives; `rapporto` says which later revisions change what it shows and which
/// program composed it.
pub fn confronta_con(rapporto: &Rapporto, originale: &[u8], cartella: &[u8]) -> Confronto {
    let cambiato_da = rapporto.revisioni_che_cambiano();
    // The end of line after `%%EOF` is not part of the file's content; an update
    // adds one when the original has none.
    let senza_fine_riga = |b: &[u8]| {
        let b = b.strip_suffix(b"\n").unwrap_or(b);
        b.strip_suffix(b"\r").unwrap_or(b).len()
    };
    let uguale = originale[..senza_fine_riga(originale)] == cartella[..senza_fine_riga(cartella)];
    let altra_versione = rapporto
        .creatore
        .clone()
        .filter(|c| !uguale && c.starts_with("relazione ") && *c != questo_programma());
    let differenza = if uguale || altra_versione.is_some() {
        None
    } else {
        prima_pagina_diversa(originale, cartella)
    };
    Confronto {
        identico: uguale && cambiato_da.is_empty(),
        differenza,
        altra_versione,
        cambiato_da,
    }
}

/// The first page whose content differs, and its first different words. Each
/// stream is decompressed within the bounds of [`crate::limiti`].
fn prima_pagina_diversa(a: &[u8], b: &[u8]) -> Option<Differenza> {
    let leggi = |x: &[u8]| {
        let r = revisioni::leggi(x).ok()?;
        carica(x, r.last()?).ok()
    };
    let (a, b) = (leggi(a)?, leggi(b)?);
    let (pa, pb) = (a.get_pages(), b.get_pages());
    let mut bilancio = crate::limiti::BYTE_FLUSSI_PDF;
    let mut contenuto = |d: &Document, id: Option<&ObjectId>| -> Option<Vec<u8>> {
        let mut out = vec![];
        for c in d.get_page_contents(*id?) {
            let s = d.get_object(c).ok()?.as_stream().ok()?;
            let limite = crate::limiti::BYTE_FLUSSO_PDF.min(bilancio);
            let byte = if s.dict.has(b"Filter") {
                s.decompressed_content_with_limit(limite).ok()?
            } else {
                s.content.clone()
            };
            bilancio = bilancio.saturating_sub(byte.len());
            out.extend(byte);
        }
        Some(out)
    };
    let n = pa.len().max(pb.len()) as u32;
    for p in 1..=n {
        let (ca, cb) = (contenuto(&a, pa.get(&p)), contenuto(&b, pb.get(&p)));
        if ca == cb && ca.is_some() {
            continue;
        }
        let testo = |d: &Document, c: &Option<Vec<u8>>| match c {
            None => String::from("(pagina assente o illeggibile)"),
            Some(_) => d
                .extract_text_with_limit(&[p], crate::limiti::BYTE_FLUSSO_PDF)
                .unwrap_or_default(),
        };
        let (ta, tb) = (testo(&a, &ca), testo(&b, &cb));
        let (firmato, cartella) = prima_differenza(&ta, &tb);
        return Some(Differenza {
            pagina: p as usize,
            firmato,
            cartella,
        });
    }
    None
}

/// The first words that differ between two texts, with a few words around.
fn prima_differenza(a: &str, b: &str) -> (String, String) {
    let pa: Vec<&str> = a.split_whitespace().collect();
    let pb: Vec<&str> = b.split_whitespace().collect();
    let diff = similar::TextDiff::configure().diff_slices(&pa, &pb);
    for op in diff.ops() {
        let (tag, ra, rb) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        let intorno = |p: &[&str], r: std::ops::Range<usize>| {
            let da = r.start.saturating_sub(3);
            let a = (r.end + 3).min(p.len());
            let mut s = p[da..a].join(" ");
            if s.chars().count() > 200 {
                s = s.chars().take(200).collect::<String>() + "…";
            }
            s
        };
        return (intorno(&pa, ra), intorno(&pb, rb));
    }
    (String::new(), String::new())
}
