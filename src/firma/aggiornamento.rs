//! An incremental update: the new and changed objects appended after the
//! original bytes, a cross-reference section for them and a trailer pointing
//! back (`/Prev`) to the previous one. What is there is never touched.

use super::pdf::Pdf;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The update being written after a PDF.
pub(super) struct Aggiornamento<'a> {
    base: &'a [u8],
    /// Where the base's last cross-reference section is (the update's `/Prev`).
    prev: usize,
    /// The document as the base leaves it.
    pub doc: &'a Document,
    /// The objects, each serialized: new ones and new versions of old ones.
    oggetti: BTreeMap<u32, Vec<u8>>,
    prossimo: u32,
}

/// The file with the update, and where each object's body starts in it.
pub(super) struct Scritto {
    pub byte: Vec<u8>,
    pub inizi: BTreeMap<u32, usize>,
}

impl<'a> Aggiornamento<'a> {
    pub fn nuovo(pdf: &'a Pdf<'a>) -> Aggiornamento<'a> {
        let dimensione = pdf
            .doc
            .trailer
            .get(b"Size")
            .and_then(|s| s.as_i64())
            .unwrap_or(0)
            .max(0) as u32;
        Aggiornamento {
            base: pdf.byte,
            prev: pdf.revisioni.last().map_or(0, |r| r.sezione),
            doc: &pdf.doc,
            oggetti: BTreeMap::new(),
            prossimo: dimensione.max(pdf.doc.max_id + 1),
        }
    }

    pub fn nuovo_id(&mut self) -> ObjectId {
        let id = (self.prossimo, 0);
        self.prossimo += 1;
        id
    }

    /// A dictionary of the document, to be changed and written again.
    pub fn da_cambiare(&self, id: ObjectId) -> Result<Dictionary, String> {
        self.doc
            .get_dictionary(id)
            .cloned()
            .map_err(|e| format!("l'oggetto {} non si legge ({e})", id.0))
    }

    /// The catalog's object number.
    pub fn catalogo(&self) -> Result<ObjectId, String> {
        self.doc
            .trailer
            .get(b"Root")
            .and_then(|r| r.as_reference())
            .map_err(|_| "il PDF non ha catalogo (/Root)".to_string())
    }

    pub fn scrivi(&mut self, id: ObjectId, o: &Object) {
        let mut corpo = vec![];
        lopdf::Writer::write_object(&mut corpo, o).expect("writing to memory");
        self.oggetti.insert(id.0, corpo);
    }

    pub fn scrivi_grezzo(&mut self, id: ObjectId, corpo: Vec<u8>) {
        self.oggetti.insert(id.0, corpo);
    }

    /// The trailer of the update: the document's identity kept (the first ID),
    /// the second ID changed as after any update, derived from `seme`.
    fn trailer(&self, seme: &[u8], dimensione: u32, prev: usize) -> Dictionary {
        let mut trailer = Dictionary::new();
        for chiave in [b"Root".as_slice(), b"Info"] {
            if let Ok(v) = self.doc.trailer.get(chiave) {
                trailer.set(chiave, v.clone());
            }
        }
        let mut h = Sha256::new();
        h.update(self.base);
        h.update(seme);
        let nuovo = Object::String(h.finalize()[..16].to_vec(), StringFormat::Hexadecimal);
        let primo = self
            .doc
            .trailer
            .get(b"ID")
            .ok()
            .and_then(|i| i.as_array().ok())
            .and_then(|a| a.first().cloned())
            .unwrap_or_else(|| nuovo.clone());
        trailer.set("ID", vec![primo, nuovo]);
        trailer.set("Size", i64::from(dimensione));
        trailer.set("Prev", prev as i64);
        trailer
    }

    /// The whole file: the base, the objects, the cross-reference section (a
    /// table, or a stream when the base uses streams), the trailer.
    pub fn chiudi(self, seme: &[u8]) -> Scritto {
        let mut out = self.base.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let prev = self.prev;
        let con_flusso = !self.base[prev..].starts_with(b"xref");
        let mut posizioni = BTreeMap::new();
        let mut inizi = BTreeMap::new();
        for (n, corpo) in &self.oggetti {
            posizioni.insert(*n, out.len());
            out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
            inizi.insert(*n, out.len());
            out.extend_from_slice(corpo);
            out.extend_from_slice(b"\nendobj\n");
        }
        let inizio_xref = out.len();
        if con_flusso {
            let id = self.prossimo;
            posizioni.insert(id, inizio_xref);
            let trailer = self.trailer(seme, id + 1, prev);
            flusso_xref(&mut out, id, trailer, &posizioni);
        } else {
            let trailer = self.trailer(seme, self.prossimo, prev);
            tabella_xref(&mut out, trailer, &posizioni);
        }
        out.extend_from_slice(format!("startxref\n{inizio_xref}\n%%EOF\n").as_bytes());
        Scritto { byte: out, inizi }
    }
}

/// A cross-reference table and its trailer.
fn tabella_xref(out: &mut Vec<u8>, trailer: Dictionary, posizioni: &BTreeMap<u32, usize>) {
    out.extend_from_slice(b"xref\n");
    for (inizio, numeri) in corse(posizioni) {
        out.extend_from_slice(format!("{inizio} {}\n", numeri.len()).as_bytes());
        for n in numeri {
            out.extend_from_slice(format!("{:010} 00000 n\r\n", posizioni[&n]).as_bytes());
        }
    }
    out.extend_from_slice(b"trailer\n");
    lopdf::Writer::write_object(out, &Object::Dictionary(trailer)).expect("writing to memory");
    out.push(b'\n');
}

/// A cross-reference stream (object `id`), whose dictionary is the trailer.
fn flusso_xref(out: &mut Vec<u8>, id: u32, mut trailer: Dictionary, posizioni: &BTreeMap<u32, usize>) {
    let mut righe = vec![];
    let mut indice = vec![];
    for (inizio, numeri) in corse(posizioni) {
        indice.push(Object::Integer(i64::from(inizio)));
        indice.push(Object::Integer(numeri.len() as i64));
        for n in numeri {
            righe.push(1u8);
            righe.extend_from_slice(&(posizioni[&n] as u32).to_be_bytes());
            righe.extend_from_slice(&[0, 0]);
        }
    }
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("W", vec![1.into(), 4.into(), 2.into()]);
    trailer.set("Index", indice);
    trailer.set("Length", righe.len() as i64);
    out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    lopdf::Writer::write_object(out, &Object::Dictionary(trailer)).expect("writing to memory");
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&righe);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// The object numbers in runs of consecutive numbers, as cross-reference
/// sections list them.
fn corse(posizioni: &BTreeMap<u32, usize>) -> Vec<(u32, Vec<u32>)> {
    let mut out: Vec<(u32, Vec<u32>)> = vec![];
    for &n in posizioni.keys() {
        match out.last_mut() {
            Some((inizio, v)) if *inizio + v.len() as u32 == n => v.push(n),
            _ => out.push((n, vec![n])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::corse;
    use std::collections::BTreeMap;

    #[test]
    fn object_numbers_in_runs() {
        let p: BTreeMap<u32, usize> = [(150, 0), (4919, 0), (5323, 0), (5324, 0), (5325, 0)]
            .into_iter()
            .collect();
        assert_eq!(
            corse(&p),
            vec![(150, vec![150]), (4919, vec![4919]), (5323, vec![5323, 5324, 5325])]
        );
    }
}
