//! What each object is in a document, found by reference from its catalog
//! and trailer: the catalog, the document information and metadata, the
//! form and its signature fields, the pages and what each uses, the
//! structure tree, the long-term validation data. [`super`] judges a change
//! of an object by the role it has here, never by what it says of itself.

use crate::firma::pdf::campi_firma;
use crate::limiti;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

/// A signature field of the document before the revision.
pub(super) struct Campo {
    pub nome: String,
    pub firmato: bool,
}

/// What the objects are in a document: found from the catalog and trailer.
pub(super) struct Mappa {
    pub radice: ObjectId,
    pub info: Option<ObjectId>,
    pub metadati: Option<ObjectId>,
    pub modulo: Option<ObjectId>,
    pub elenco_campi: Option<ObjectId>,
    pub campi: BTreeMap<ObjectId, Campo>,
    /// Widgets that are objects of their own, and their field.
    pub widget: BTreeMap<ObjectId, ObjectId>,
    /// Signature dictionaries, and their field's name.
    pub firme: BTreeMap<ObjectId, String>,
    pub pagine: BTreeMap<ObjectId, u32>,
    pub nodi_pagine: BTreeSet<ObjectId>,
    /// Arrays of annotations that are objects of their own, and their page.
    pub annotazioni: BTreeMap<ObjectId, ObjectId>,
    /// Contents, resources and annotations of a page: the page and which.
    pub di_pagina: BTreeMap<ObjectId, (u32, &'static str)>,
    pub dss: BTreeSet<ObjectId>,
    pub struttura: BTreeSet<ObjectId>,
}

/// The object `o` refers to, or `o`.
fn deref<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    match o {
        Object::Reference(r) => doc.objects.get(r).unwrap_or(o),
        _ => o,
    }
}

pub(super) fn diz<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Dictionary> {
    match deref(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(super) fn rif(d: &Dictionary, chiave: &[u8]) -> Option<ObjectId> {
    d.get(chiave).ok().and_then(|o| o.as_reference().ok())
}

/// The elements of an array given directly or by reference (a single value
/// is an array of one).
pub(super) fn elenco(doc: &Document, o: Option<&Object>) -> Vec<Object> {
    match o.map(|o| deref(doc, o)) {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Null) | None => vec![],
        Some(altro) => vec![altro.clone()],
    }
}

/// Every reference inside `o`, to a bounded depth.
pub(super) fn riferimenti(o: &Object, out: &mut Vec<ObjectId>) {
    fn visita(o: &Object, out: &mut Vec<ObjectId>, profondita: usize) {
        if profondita > 64 {
            return;
        }
        match o {
            Object::Reference(r) => out.push(*r),
            Object::Array(a) => a.iter().for_each(|x| visita(x, out, profondita + 1)),
            Object::Dictionary(d) => d.iter().for_each(|(_, x)| visita(x, out, profondita + 1)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, x)| visita(x, out, profondita + 1)),
            _ => {}
        }
    }
    visita(o, out, 0);
}

pub(super) fn testo(d: &Dictionary, chiave: &[u8]) -> String {
    d.get(chiave)
        .ok()
        .and_then(|t| lopdf::decode_text_string(t).ok())
        .unwrap_or_default()
}

impl Mappa {
    pub fn di(doc: &Document) -> Result<Mappa, String> {
        let radice = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|_| "il trailer non indica il catalogo (/Root)".to_string())?;
        let catalogo = doc
            .get_dictionary(radice)
            .map_err(|_| "il catalogo del documento manca".to_string())?;
        let mut m = Mappa {
            radice,
            info: doc.trailer.get(b"Info").and_then(Object::as_reference).ok(),
            metadati: rif(catalogo, b"Metadata"),
            modulo: rif(catalogo, b"AcroForm"),
            elenco_campi: None,
            campi: BTreeMap::new(),
            widget: BTreeMap::new(),
            firme: BTreeMap::new(),
            pagine: BTreeMap::new(),
            nodi_pagine: BTreeSet::new(),
            annotazioni: BTreeMap::new(),
            di_pagina: BTreeMap::new(),
            dss: BTreeSet::new(),
            struttura: BTreeSet::new(),
        };
        if let Some(form) = catalogo.get(b"AcroForm").ok().and_then(|f| diz(doc, f)) {
            m.elenco_campi = rif(form, b"Fields");
        }
        for c in campi_firma(doc) {
            if let Some(v) = c.firma {
                m.firme.insert(v, c.nome.clone());
            }
            for w in c.widget {
                m.widget.insert(w, c.id);
            }
            m.campi.insert(
                c.id,
                Campo {
                    nome: c.nome,
                    firmato: c.firmato,
                },
            );
        }
        m.albero_pagine(doc, catalogo);
        if let Some(dss) = rif(catalogo, b"DSS") {
            m.dss = sottoalbero(doc, dss);
        }
        if let Some(s) = rif(catalogo, b"StructTreeRoot") {
            m.struttura = struttura(doc, s);
        }
        Ok(m)
    }

    /// The page tree: its nodes, its pages, and what each page uses.
    fn albero_pagine(&mut self, doc: &Document, catalogo: &Dictionary) {
        let mut pila: Vec<(ObjectId, usize)> = rif(catalogo, b"Pages").into_iter().map(|r| (r, 0)).collect();
        let mut visti = BTreeSet::new();
        let mut numero = 0u32;
        while let Some((id, profondita)) = pila.pop() {
            if !visti.insert(id) || profondita > 256 {
                continue;
            }
            let Ok(d) = doc.get_dictionary(id) else { continue };
            if d.has(b"Kids") {
                self.nodi_pagine.insert(id);
                let figli = elenco(doc, d.get(b"Kids").ok());
                if let Some(k) = rif(d, b"Kids") {
                    self.nodi_pagine.insert(k);
                }
                for f in figli.iter().rev() {
                    if let Ok(r) = f.as_reference() {
                        pila.push((r, profondita + 1));
                    }
                }
                continue;
            }
            numero += 1;
            self.pagine.insert(id, numero);
            self.parti_della_pagina(doc, id, d, numero);
        }
    }

    fn parti_della_pagina(&mut self, doc: &Document, pagina: ObjectId, d: &Dictionary, n: u32) {
        let mut segna = |id: ObjectId, cosa: &'static str| {
            self.di_pagina.entry(id).or_insert((n, cosa));
        };
        if let Some(c) = rif(d, b"Contents") {
            segna(c, "contenuto");
        }
        for c in elenco(doc, d.get(b"Contents").ok()) {
            if let Ok(r) = c.as_reference() {
                segna(r, "contenuto");
            }
        }
        if let Some(r) = rif(d, b"Resources") {
            segna(r, "risorse");
        }
        if let Some(risorse) = d.get(b"Resources").ok().and_then(|r| diz(doc, r)) {
            for (_, categoria) in risorse.iter() {
                if let Ok(r) = categoria.as_reference() {
                    segna(r, "risorse");
                }
                if let Some(c) = diz(doc, categoria) {
                    for (_, v) in c.iter() {
                        if let Ok(r) = v.as_reference() {
                            segna(r, "risorse");
                        }
                    }
                }
            }
        }
        if let Some(a) = rif(d, b"Annots") {
            self.annotazioni.insert(a, pagina);
        }
        for a in elenco(doc, d.get(b"Annots").ok()) {
            if let Ok(r) = a.as_reference() {
                segna(r, "annotazione");
            }
        }
    }

    /// What `id` is, in words, for a change not allowed.
    pub fn descrivi(&self, id: ObjectId, o: Option<&Object>) -> String {
        let n = id.0;
        if id == self.radice {
            return format!("catalogo del documento (oggetto {n})");
        }
        if let Some(p) = self.pagine.get(&id) {
            return format!("pagina {p} (oggetto {n})");
        }
        if let Some((p, cosa)) = self.di_pagina.get(&id) {
            return format!("{cosa} della pagina {p} (oggetto {n})");
        }
        if self.nodi_pagine.contains(&id) {
            return format!("albero delle pagine (oggetto {n})");
        }
        if let Some(c) = self.firme.get(&id) {
            return format!("firma «{c}» ridefinita (oggetto {n})");
        }
        if let Some(c) = self.campi.get(&id) {
            return format!("campo di firma «{}» (oggetto {n})", c.nome);
        }
        if self.struttura.contains(&id) {
            return format!("struttura del documento, i tag letti dai lettori di schermo (oggetto {n})");
        }
        let tipo = o
            .and_then(|o| match o {
                Object::Dictionary(d) => Some(d),
                Object::Stream(s) => Some(&s.dict),
                _ => None,
            })
            .and_then(|d| {
                d.get(b"Subtype")
                    .or_else(|_| d.get(b"Type"))
                    .ok()
                    .and_then(|t| t.as_name().ok())
            })
            .map(|t| String::from_utf8_lossy(t).to_string())
            .unwrap_or_else(|| "dati".into());
        format!("oggetto {n} ({tipo})")
    }
}

/// The objects below `id` (a DSS, the appearance of a widget), bounded.
pub(super) fn sottoalbero(doc: &Document, id: ObjectId) -> BTreeSet<ObjectId> {
    let mut visti = BTreeSet::new();
    let mut pila = vec![id];
    while let Some(x) = pila.pop() {
        if visti.len() > 100_000 || !visti.insert(x) {
            continue;
        }
        if let Some(o) = doc.objects.get(&x) {
            riferimenti(o, &mut pila);
        }
    }
    visti
}

/// The structure tree: its root, its elements (through `/K`), the parent
/// tree's nodes and arrays.
pub(super) fn struttura(doc: &Document, radice: ObjectId) -> BTreeSet<ObjectId> {
    let mut visti = BTreeSet::new();
    let mut pila = vec![radice];
    while let Some(x) = pila.pop() {
        if visti.len() > limiti::OGGETTI_PDF as usize || !visti.insert(x) {
            continue;
        }
        let Some(o) = doc.objects.get(&x) else { continue };
        let d = match o {
            Object::Dictionary(d) => d,
            Object::Array(a) => {
                for v in a {
                    if let Ok(r) = v.as_reference() {
                        pila.push(r);
                    }
                }
                continue;
            }
            _ => continue,
        };
        // Through the keys that hold the tree, not to pages or content.
        for k in [b"K".as_slice(), b"ParentTree", b"Kids", b"Nums"] {
            let mut r = vec![];
            if let Ok(v) = d.get(k) {
                riferimenti(v, &mut r);
            }
            for id in r {
                let struttura = doc.objects.get(&id).is_some_and(|o| match o {
                    Object::Dictionary(d) => !d.has(b"Subtype") && !d.has(b"Contents") || d.has(b"S"),
                    Object::Array(_) => true,
                    _ => false,
                });
                if struttura {
                    pila.push(id);
                }
            }
        }
    }
    visti
}
