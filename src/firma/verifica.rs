//! `relazione verifica`: for each signature of a PDF (or a `.p7m`), whether it
//! holds, who signed and when, what it covers, and what every later revision
//! changed. Trust in the certificate (qualified status, revocation) needs the
//! lists of the certification authorities and is not checked here.

use super::ErroreFirma;
use super::certificato::Dati;
use super::controllo::{self, Busta};
use super::pdf::{Pdf, campi_firma, risolvi};
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::path::Path;

/// Where to check the trust in a certificate, which needs the EU trusted lists.
pub const VALIDATORE_UE: &str = "https://ec.europa.eu/digital-building-blocks/DSS/webapp-demo/validation";

/// One signature, checked.
#[derive(Debug, Clone)]
pub struct Firma {
    /// The signature field.
    pub campo: String,
    /// The signer's certificate, read.
    pub firmatario: Option<Dati>,
    /// The signing time the signature claims (`/M`, or the signing-time attribute).
    pub ora: Option<String>,
    /// The digest over the signed bytes and the CMS signature both hold.
    pub valida: bool,
    /// The revision the signature closes (1 is the original file).
    pub revisione: usize,
    /// It covers the whole file: nothing was added after it.
    pub copre_tutto: bool,
    /// What does not hold, in words.
    pub problemi: Vec<String>,
}

/// What one revision after the first changed.
#[derive(Debug, Clone)]
pub struct Revisione {
    /// Its number (2 is the first update).
    pub numero: usize,
    /// Only signatures and their fields: what signing adds.
    pub solo_firme: bool,
    /// What it changed, in words: `firma «Segretario Generale»`, `contenuto della pagina 12`.
    pub cambiamenti: Vec<String>,
}

/// The signed PDF against the one its folder gives.
#[derive(Debug, Clone)]
pub struct Confronto {
    /// The original revision is, byte for byte, the PDF the folder gives.
    pub identico: bool,
    /// Where they first differ: the page (from 1) and the words of each.
    pub differenza: Option<Differenza>,
}

#[derive(Debug, Clone)]
pub struct Differenza {
    pub pagina: usize,
    /// The first words that differ, in the signed PDF and in the folder's.
    pub firmato: String,
    pub cartella: String,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Rapporto {
    pub firme: Vec<Firma>,
    pub revisioni: Vec<Revisione>,
    pub confronto: Option<Confronto>,
    /// For a `.p7m`: the PDF inside.
    pub contenuto: Option<Vec<u8>>,
}

/// The outcome, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Esito {
    /// Every signature holds, later revisions only add signatures, and (when
    /// compared) the PDF is the folder's.
    Valido,
    NonValido,
}

impl Rapporto {
    pub fn esito(&self) -> Esito {
        let firme = !self.firme.is_empty() && self.firme.iter().all(|f| f.valida);
        let revisioni = self.revisioni.iter().all(|r| r.solo_firme);
        let confronto = self.confronto.as_ref().is_none_or(|c| c.identico);
        if firme && revisioni && confronto {
            Esito::Valido
        } else {
            Esito::NonValido
        }
    }

    /// The original PDF: the first revision of a signed PDF, the content of a `.p7m`.
    pub fn originale<'a>(&'a self, byte: &'a [u8], revisioni: &[usize]) -> &'a [u8] {
        match &self.contenuto {
            Some(c) => c,
            None => &byte[..revisioni.first().copied().unwrap_or(byte.len())],
        }
    }
}

/// Whether `byte` is a CAdES envelope rather than a PDF.
pub fn e_busta(byte: &[u8]) -> bool {
    !byte.starts_with(b"%PDF-") && byte.first() == Some(&0x30)
}

/// Checks every signature of `byte` (a PDF or a `.p7m`).
pub fn verifica(byte: &[u8], percorso: &Path) -> Result<(Rapporto, Vec<usize>), ErroreFirma> {
    if e_busta(byte) {
        let b = controllo::verifica_busta(byte, &[])?;
        let firma = firma_da_busta(&b, percorso.display().to_string(), 1, true);
        return Ok((
            Rapporto {
                firme: vec![firma],
                revisioni: vec![],
                confronto: None,
                contenuto: b.contenuto,
            },
            vec![],
        ));
    }
    let pdf = Pdf::leggi(byte, percorso)?;
    let mut firme = vec![];
    for campo in campi_firma(&pdf.doc) {
        let Some(v) = campo.firma else { continue };
        firme.push(verifica_firma(&pdf, &campo.nome, v));
    }
    let revisioni = revisioni_successive(&pdf, &firme);
    Ok((
        Rapporto {
            firme,
            revisioni,
            confronto: None,
            contenuto: None,
        },
        pdf.revisioni.clone(),
    ))
}

fn firma_da_busta(b: &Busta, campo: String, revisione: usize, copre_tutto: bool) -> Firma {
    Firma {
        campo,
        firmatario: b.certificato.as_deref().and_then(|c| Dati::da_der(c).ok()),
        ora: b.ora.map(super::certificato::data_ora),
        valida: b.impronta_corrisponde && b.firma_valida && b.problemi.is_empty(),
        revisione,
        copre_tutto,
        problemi: b.problemi.clone(),
    }
}

/// `D:20230328103000+01'00'` → `28/03/2023 10:30 (+01'00')`.
fn data_leggibile(d: &str) -> String {
    let d = d.trim_start_matches("D:");
    if d.len() < 12 || !d[..12].bytes().all(|b| b.is_ascii_digit()) {
        return d.to_string();
    }
    let zona = &d[d.len().min(14)..];
    let zona = if zona.is_empty() || zona == "Z" {
        "UTC".to_string()
    } else {
        zona.replace('\'', ":").trim_end_matches(':').to_string()
    };
    format!(
        "{}/{}/{} {}:{} {zona}",
        &d[6..8],
        &d[4..6],
        &d[..4],
        &d[8..10],
        &d[10..12]
    )
}

fn verifica_firma(pdf: &Pdf, campo: &str, v: ObjectId) -> Firma {
    let guasta = |motivo: String| Firma {
        campo: campo.to_string(),
        firmatario: None,
        ora: None,
        valida: false,
        revisione: 0,
        copre_tutto: false,
        problemi: vec![motivo],
    };
    let Ok(d) = pdf.doc.get_dictionary(v) else {
        return guasta("il dizionario della firma manca".into());
    };
    let intervallo: Vec<i64> = d
        .get(b"ByteRange")
        .ok()
        .map(|r| risolvi(&pdf.doc, r))
        .and_then(|r| r.as_array().ok())
        .map(|a| a.iter().filter_map(|x| x.as_i64().ok()).collect())
        .unwrap_or_default();
    let Some(contenuto) = d.get(b"Contents").ok().and_then(|c| c.as_str().ok()) else {
        return guasta("la firma non ha /Contents".into());
    };
    let [a, b, c, l] = intervallo[..] else {
        return guasta("la firma non ha un /ByteRange di quattro numeri".into());
    };
    let n = pdf.byte.len() as i64;
    if a != 0 || b <= 0 || c <= b || l < 0 || c + l > n {
        return guasta(format!("il /ByteRange [{a} {b} {c} {l}] non sta nel file"));
    }
    let (b, c, l) = (b as usize, c as usize, l as usize);
    // The gap must be exactly the signature's hexadecimal string.
    let buco = &pdf.byte[b..c];
    let esadecimale: Vec<u8> = contenuto.iter().flat_map(|x| format!("{x:02x}").into_bytes()).collect();
    if buco.first() != Some(&b'<')
        || buco.last() != Some(&b'>')
        || !buco[1..buco.len() - 1].eq_ignore_ascii_case(&esadecimale)
    {
        return guasta("il /ByteRange non esclude esattamente la firma: lascia fuori altri byte".into());
    }
    let fine = c + l;
    let revisione = pdf.revisioni.iter().position(|&r| r == fine).map(|i| i + 1);
    let bu = match controllo::verifica_busta(contenuto, &[&pdf.byte[..b], &pdf.byte[c..fine]]) {
        Ok(bu) => bu,
        Err(e) => return guasta(e.to_string()),
    };
    let mut f = firma_da_busta(&bu, campo.to_string(), revisione.unwrap_or(0), fine == pdf.byte.len());
    if let Some(m) = d.get(b"M").ok().and_then(|m| lopdf::decode_text_string(m).ok()) {
        f.ora = Some(data_leggibile(&m));
    }
    if revisione.is_none() {
        f.valida = false;
        f.problemi
            .push("la parte firmata non finisce con una revisione del file (%%EOF)".into());
    }
    match d.get(b"SubFilter").ok().and_then(|s| s.as_name().ok()) {
        Some(b"ETSI.CAdES.detached") => {}
        Some(altro) => f.problemi.push(format!(
            "firma di tipo {} e non PAdES (ETSI.CAdES.detached)",
            String::from_utf8_lossy(altro)
        )),
        None => f.problemi.push("la firma non dice il suo tipo (/SubFilter)".into()),
    }
    f
}

/// What each revision after the first changed, from the document as it was
/// before it.
fn revisioni_successive(pdf: &Pdf, firme: &[Firma]) -> Vec<Revisione> {
    let mut out = vec![];
    let stati: Vec<Option<Document>> = pdf
        .revisioni
        .iter()
        .map(|&r| Document::load_mem(&pdf.byte[..r]).ok())
        .collect();
    let nomi_firme: BTreeMap<usize, &str> = firme.iter().map(|f| (f.revisione, f.campo.as_str())).collect();
    for i in 1..stati.len() {
        let (Some(prima), Some(dopo)) = (&stati[i - 1], &stati[i]) else {
            out.push(Revisione {
                numero: i + 1,
                solo_firme: false,
                cambiamenti: vec!["revisione illeggibile".into()],
            });
            continue;
        };
        let mut r = confronta(prima, dopo, i + 1);
        if let Some(nome) = nomi_firme.get(&(i + 1)) {
            r.cambiamenti.insert(0, format!("firma «{nome}»"));
        }
        out.push(r);
    }
    out
}

/// What `dopo` changed of `prima`: signatures and their fields and tags, or more.
fn confronta(prima: &Document, dopo: &Document, numero: usize) -> Revisione {
    let pagine: BTreeMap<ObjectId, u32> = dopo.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut di_pagina: BTreeMap<ObjectId, u32> = BTreeMap::new();
    for (&id, &n) in &pagine {
        for c in dopo.get_page_contents(id) {
            di_pagina.insert(c, n);
        }
    }
    let mut cambiamenti = vec![];
    let mut solo_firme = true;
    let info = dopo.trailer.get(b"Info").and_then(|i| i.as_reference()).ok();
    for (id, o) in &dopo.objects {
        let vecchio = prima.objects.get(id);
        if vecchio == Some(o) {
            continue;
        }
        let descrizione = if Some(*id) == info {
            Some(Some("informazioni del documento (Info)".to_string()))
        } else {
            ammesso(vecchio, o)
        };
        let Some(descrizione) = descrizione else {
            solo_firme = false;
            cambiamenti.push(match (di_pagina.get(id), pagine.get(id)) {
                (Some(n), _) => format!("contenuto della pagina {n}"),
                (_, Some(n)) => format!("pagina {n}"),
                _ => format!("oggetto {} ({})", id.0, tipo(o)),
            });
            continue;
        };
        if let Some(d) = descrizione {
            cambiamenti.push(d);
        }
    }
    for id in prima.objects.keys() {
        if !dopo.objects.contains_key(id) {
            solo_firme = false;
            cambiamenti.push(format!("oggetto {} tolto", id.0));
        }
    }
    cambiamenti.dedup();
    Revisione {
        numero,
        solo_firme,
        cambiamenti,
    }
}

fn nome<'o>(d: &'o lopdf::Dictionary, chiave: &[u8]) -> Option<&'o [u8]> {
    d.get(chiave).ok().and_then(|n| n.as_name().ok())
}

fn tipo(o: &Object) -> String {
    match o {
        Object::Dictionary(d) => nome(d, b"Type").map(|t| String::from_utf8_lossy(t).to_string()),
        Object::Stream(s) => nome(&s.dict, b"Type")
            .or(nome(&s.dict, b"Subtype"))
            .map(|t| String::from_utf8_lossy(t).to_string()),
        _ => None,
    }
    .unwrap_or_else(|| "dati".into())
}

/// Whether a changed object is one that signing adds or updates: `Some(None)`
/// when allowed and not worth a line, `Some(Some(line))` when allowed and worth
/// one, `None` when it changes the content.
fn ammesso(vecchio: Option<&Object>, nuovo: &Object) -> Option<Option<String>> {
    let uguali_tranne = |a: &lopdf::Dictionary, b: &lopdf::Dictionary, chiavi: &[&[u8]]| {
        let filtra = |d: &lopdf::Dictionary| {
            d.iter()
                .filter(|(k, _)| !chiavi.contains(&k.as_slice()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        let (mut x, mut y) = (filtra(a), filtra(b));
        x.sort_by(|p, q| p.0.cmp(&q.0));
        y.sort_by(|p, q| p.0.cmp(&q.0));
        x == y
    };
    let d = match nuovo {
        Object::Dictionary(d) => d,
        // The cross-reference stream of an update.
        Object::Stream(s) if nome(&s.dict, b"Type") == Some(b"XRef") => return Some(None),
        // Signing programs update the date and producer in the XMP metadata.
        Object::Stream(s) if nome(&s.dict, b"Type") == Some(b"Metadata") => {
            return Some(Some("metadati XMP".to_string()));
        }
        _ => return None,
    };
    let vecchio = vecchio.and_then(|v| v.as_dict().ok());
    match (nome(d, b"Type"), nome(d, b"FT"), nome(d, b"S")) {
        (Some(b"Sig" | b"DocTimeStamp"), _, _) => Some(None),
        (_, Some(b"Sig"), _) if vecchio.is_none() && !d.has(b"V") => Some(Some(format!(
            "campo di firma «{}» aggiunto, vuoto",
            d.get(b"T")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default()
        ))),
        (_, Some(b"Sig"), _) => Some(None),
        (Some(b"StructElem"), _, Some(b"Form")) if vecchio.is_none() => Some(None),
        (Some(b"StructElem"), _, _) => vecchio.filter(|v| uguali_tranne(v, d, &[b"K"])).map(|_| None),
        (Some(b"StructTreeRoot"), _, _) => vecchio
            .filter(|v| uguali_tranne(v, d, &[b"K", b"ParentTree", b"ParentTreeNextKey"]))
            .map(|_| None),
        // The form, and what signing programs declare: the PDF version and its
        // extensions, the long-term validation data.
        (Some(b"Catalog"), _, _) => vecchio
            .filter(|v| uguali_tranne(v, d, &[b"AcroForm", b"Version", b"Extensions", b"DSS", b"Perms"]))
            .map(|_| None),
        (Some(b"Page"), _, _) => vecchio
            .filter(|v| uguali_tranne(v, d, &[b"Annots", b"Tabs"]))
            .map(|_| None),
        _ if d.has(b"Fields") => Some(None),
        // A node of the parent tree.
        _ if (d.has(b"Nums") || d.has(b"Limits")) && d.len() <= 3 => Some(None),
        _ => None,
    }
}

/// Compares the original revision of a signed PDF with the PDF its folder gives.
pub fn confronta_con(originale: &[u8], cartella: &[u8]) -> Confronto {
    // The end of line after `%%EOF` is not part of the file's content; an update
    // adds one when the original has none.
    let senza_fine_riga = |b: &[u8]| {
        let b = b.strip_suffix(b"\n").unwrap_or(b);
        b.strip_suffix(b"\r").unwrap_or(b).len()
    };
    if originale[..senza_fine_riga(originale)] == cartella[..senza_fine_riga(cartella)] {
        return Confronto {
            identico: true,
            differenza: None,
        };
    }
    let (Ok(a), Ok(b)) = (Document::load_mem(originale), Document::load_mem(cartella)) else {
        return Confronto {
            identico: false,
            differenza: None,
        };
    };
    let (pa, pb) = (a.get_pages(), b.get_pages());
    let n = pa.len().max(pb.len()) as u32;
    for p in 1..=n {
        let ca = pa.get(&p).map(|id| a.get_page_content(*id));
        let cb = pb.get(&p).map(|id| b.get_page_content(*id));
        if ca == cb {
            continue;
        }
        let testo = |d: &Document, c: &Option<Vec<u8>>| {
            if c.is_none() {
                return String::from("(pagina assente)");
            }
            d.extract_text(&[p]).unwrap_or_default()
        };
        let (ta, tb) = (testo(&a, &ca), testo(&b, &cb));
        let (firmato, cartella) = prima_differenza(&ta, &tb);
        return Confronto {
            identico: false,
            differenza: Some(Differenza {
                pagina: p as usize,
                firmato,
                cartella,
            }),
        };
    }
    Confronto {
        identico: false,
        differenza: None,
    }
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
