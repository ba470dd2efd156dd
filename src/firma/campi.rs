//! Signature fields added by an update: the field (merged with its invisible
//! widget on the first page), its place in the form and on the page, and, for
//! PDF/UA, its `Form` element in the structure tree.

use super::ErroreFirma;
use super::aggiornamento::Aggiornamento;
use super::pdf::{Pdf, array, campi_firma, dizionario, risolvi};
use lopdf::{Dictionary, Document, Object, ObjectId};

fn nome_pdf(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// Adds a new signature field named `nome`, signed by `valore` if given.
pub(super) fn nuovo_campo(a: &mut Aggiornamento, nome: &str, valore: Option<ObjectId>) -> Result<ObjectId, String> {
    let doc = a.doc;
    let (_, pagina) = doc.get_pages().into_iter().next().ok_or("il PDF non ha pagine")?;
    let campo = a.nuovo_id();
    let mut w = Dictionary::new();
    w.set("Type", nome_pdf("Annot"));
    w.set("Subtype", nome_pdf("Widget"));
    w.set("FT", nome_pdf("Sig"));
    w.set("T", lopdf::text_string(nome));
    w.set("TU", lopdf::text_string(&format!("Firma: {nome}")));
    // Printed, never hidden (PDF/A), zero size: an invisible signature.
    w.set("F", 4);
    w.set("P", pagina);
    if let Some(v) = valore {
        w.set("V", v);
    }
    // Before any signature the field is tagged, as PDF/UA wants of a widget.
    // After one, the structure tree must stay as signed (validators such as
    // pyHanko reject a signed revision whose structure changes later), so the
    // widget goes outside the page's visible area, where PDF/UA asks no tag.
    let gia_firmato = campi_firma(doc).iter().any(|c| c.firma.is_some());
    let chiave = if gia_firmato {
        None
    } else {
        etichetta(a, campo, pagina, nome)?
    };
    match chiave {
        Some(k) => {
            w.set("Rect", vec![0.into(), 0.into(), 0.into(), 0.into()]);
            w.set("StructParent", k);
        }
        None => w.set("Rect", vec![(-1).into(), (-1).into(), (-1).into(), (-1).into()]),
    }
    a.scrivi(campo, &Object::Dictionary(w));

    // The page lists it among its annotations, in the order of the structure.
    let mut p = a.da_cambiare(pagina)?;
    let mut annotazioni = array(doc, &p, b"Annots");
    annotazioni.push(campo.into());
    p.set("Annots", annotazioni);
    p.set("Tabs", nome_pdf("S"));
    a.scrivi(pagina, &Object::Dictionary(p));

    // The form lists it among its fields; once signed, the document says so.
    cambia_modulo(a, |doc, form| {
        let mut campi = array(doc, form, b"Fields");
        campi.push(campo.into());
        form.set("Fields", campi);
        if valore.is_some() {
            segna_firmato(form);
        }
    })?;
    Ok(campo)
}

/// SignaturesExist | AppendOnly: later changes must be incremental updates.
pub(super) fn segna_firmato(form: &mut Dictionary) {
    form.set("SigFlags", 3);
}

/// Changes the interactive form (`/AcroForm`), wherever it is: its own object,
/// or inside the catalog (created when missing).
pub(super) fn cambia_modulo(
    a: &mut Aggiornamento,
    cambia: impl FnOnce(&Document, &mut Dictionary),
) -> Result<(), String> {
    let doc = a.doc;
    let catalogo_id = a.catalogo()?;
    let mut catalogo = a.da_cambiare(catalogo_id)?;
    let form_ref = catalogo.get(b"AcroForm").ok().and_then(|f| f.as_reference().ok());
    let mut form = catalogo
        .get(b"AcroForm")
        .ok()
        .and_then(|f| dizionario(doc, f))
        .cloned()
        .unwrap_or_default();
    cambia(doc, &mut form);
    match form_ref {
        Some(id) => a.scrivi(id, &Object::Dictionary(form)),
        None => {
            catalogo.set("AcroForm", form);
            a.scrivi(catalogo_id, &Object::Dictionary(catalogo));
        }
    }
    Ok(())
}

/// Tags the widget `campo` as a `Form` element at the end of the document's
/// structure, when the PDF is tagged: the key of its `/StructParent`.
fn etichetta(a: &mut Aggiornamento, campo: ObjectId, pagina: ObjectId, nome: &str) -> Result<Option<i64>, String> {
    let doc = a.doc;
    let Some(radice_id) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok())
        .and_then(|r| r.as_reference().ok())
    else {
        return Ok(None);
    };
    let mut radice = a.da_cambiare(radice_id)?;
    // The parent: the document element when the root has just one, else the root.
    let genitore = match figli(doc, &radice).as_slice() {
        [Object::Reference(id)] if doc.get_dictionary(*id).is_ok_and(|d| d.has(b"S")) => *id,
        _ => radice_id,
    };
    let elemento = a.nuovo_id();
    let chiave = registra_genitore(a, &mut radice, elemento);

    let mut objr = Dictionary::new();
    objr.set("Type", nome_pdf("OBJR"));
    objr.set("Obj", campo);
    objr.set("Pg", pagina);
    let mut e = Dictionary::new();
    e.set("Type", nome_pdf("StructElem"));
    e.set("S", nome_pdf("Form"));
    e.set("P", genitore);
    e.set("Pg", pagina);
    e.set("Alt", lopdf::text_string(&format!("Campo di firma: {nome}")));
    e.set("K", objr);
    a.scrivi(elemento, &Object::Dictionary(e));

    // The parent lists the element last among its children.
    if genitore == radice_id {
        aggiungi_figlio(doc, &mut radice, elemento);
    } else {
        let mut g = a.da_cambiare(genitore)?;
        aggiungi_figlio(doc, &mut g, elemento);
        a.scrivi(genitore, &Object::Dictionary(g));
    }
    a.scrivi(radice_id, &Object::Dictionary(radice));
    Ok(Some(chiave))
}

/// The children (`/K`) of a structure element, as an array.
fn figli(doc: &Document, d: &Dictionary) -> Vec<Object> {
    match d.get(b"K") {
        // A reference to an array is the array; to an element, that element.
        Ok(Object::Reference(r)) if !matches!(doc.get_object(*r), Ok(Object::Array(_))) => vec![Object::Reference(*r)],
        Ok(k) => match risolvi(doc, k) {
            Object::Array(a) => a.clone(),
            altro => vec![altro.clone()],
        },
        Err(_) => vec![],
    }
}

fn aggiungi_figlio(doc: &Document, d: &mut Dictionary, figlio: ObjectId) {
    let mut k = figli(doc, d);
    k.push(figlio.into());
    d.set("K", k);
}

/// Enters `elemento` in the parent tree of the structure root `radice` (under
/// the next free key) and returns that key.
fn registra_genitore(a: &mut Aggiornamento, radice: &mut Dictionary, elemento: ObjectId) -> i64 {
    let doc = a.doc;
    let albero_ref = radice.get(b"ParentTree").ok().and_then(|t| t.as_reference().ok());
    let mut albero = radice
        .get(b"ParentTree")
        .ok()
        .and_then(|t| dizionario(doc, t))
        .cloned()
        .unwrap_or_default();
    let chiave = match radice.get(b"ParentTreeNextKey").and_then(|k| k.as_i64()) {
        Ok(k) => k,
        Err(_) => massima_chiave(doc, &albero).map_or(0, |k| k + 1),
    };
    if albero.has(b"Kids") {
        // A tree of nodes: one more leaf.
        let mut foglia = Dictionary::new();
        foglia.set("Nums", vec![chiave.into(), elemento.into()]);
        foglia.set("Limits", vec![chiave.into(), chiave.into()]);
        let foglia_id = a.nuovo_id();
        a.scrivi(foglia_id, &Object::Dictionary(foglia));
        let mut nodi = array(doc, &albero, b"Kids");
        nodi.push(foglia_id.into());
        albero.set("Kids", nodi);
    } else {
        let mut numeri = array(doc, &albero, b"Nums");
        numeri.push(chiave.into());
        numeri.push(elemento.into());
        albero.set("Nums", numeri);
    }
    match albero_ref {
        Some(id) => a.scrivi(id, &Object::Dictionary(albero)),
        None => radice.set("ParentTree", albero),
    }
    radice.set("ParentTreeNextKey", chiave + 1);
    chiave
}

/// The largest key of a number tree.
fn massima_chiave(doc: &Document, nodo: &Dictionary) -> Option<i64> {
    let numeri = array(doc, nodo, b"Nums");
    let mut massima = numeri.iter().step_by(2).filter_map(|k| k.as_i64().ok()).max();
    for f in array(doc, nodo, b"Kids") {
        if let Some(d) = dizionario(doc, &f) {
            massima = massima.max(massima_chiave(doc, d));
        }
    }
    massima
}

/// `pdf` with an empty signature field for each name, one update each.
pub fn campi_vuoti(pdf: &Pdf, nomi: &[String]) -> Result<Vec<u8>, ErroreFirma> {
    let mut byte = pdf.byte.to_vec();
    for nome in nomi {
        let nuovo = {
            let attuale = Pdf::leggi(&byte, &pdf.percorso)?;
            if campi_firma(&attuale.doc).iter().any(|c| &c.nome == nome) {
                return Err(ErroreFirma::UscitaNonAmmessa {
                    percorso: pdf.percorso.clone(),
                    motivo: format!("il campo di firma «{nome}» c'è già"),
                });
            }
            let mut a = Aggiornamento::nuovo(&attuale);
            nuovo_campo(&mut a, nome, None).map_err(|motivo| ErroreFirma::PdfDanneggiato {
                percorso: pdf.percorso.clone(),
                motivo,
            })?;
            a.chiudi(nome.as_bytes()).byte
        };
        byte = nuovo;
    }
    Ok(byte)
}
