//! The forger's bench: each published class of attack on a signed PDF
//! (incremental saving, universal signature forgery, signature wrapping, shadow
//! attacks) and a few certificate tricks, built on a PDF signed by the program.
//! Each function returns the bytes of one forged file; the tests assert what
//! `relazione verifica` says of it, and that pyHanko is never stricter.

#![allow(dead_code)]

use super::firma::{Certificato, comando};
use super::s;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::path::Path;

/// What a reader of poppler would see drawn over a figure: the forged grade.
pub const FALSO: &str = "99,99 %";

/// An incremental update of `pdf`: the objects given (number, body) written
/// after it, with their cross-reference section and a trailer pointing back;
/// `extra` goes into the trailer as it is (it may replace `/Info`).
pub fn aggiorna(pdf: &[u8], oggetti: &[(u32, Vec<u8>)], extra: &str) -> Vec<u8> {
    let doc = Document::load_mem(pdf).unwrap();
    let prev = doc.xref_start;
    let dimensione = doc.trailer.get(b"Size").unwrap().as_i64().unwrap() as u32;
    let massimo = oggetti.iter().map(|(n, _)| n + 1).max().unwrap_or(0);
    let radice = doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0;
    let info = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(i) if !extra.contains("/Info") => format!("/Info {} 0 R", i.0),
        _ => String::new(),
    };
    let mut out = pdf.to_vec();
    let mut posizioni = BTreeMap::new();
    for (n, corpo) in oggetti {
        posizioni.insert(*n, out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(corpo);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (n, p) in &posizioni {
        out.extend_from_slice(format!("{n} 1\n{p:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root {radice} 0 R/Prev {prev}{info}{extra}>>\nstartxref\n{xref}\n%%EOF\n",
            dimensione.max(massimo)
        )
        .as_bytes(),
    );
    out
}

/// An object serialized as lopdf writes it.
pub fn corpo(o: &Object) -> Vec<u8> {
    let mut v = vec![];
    lopdf::Writer::write_object(&mut v, o).unwrap();
    v
}

/// What a forger adds to a page's content: a white box over the figures of
/// its upper half, which a reader then does not show.
pub const COPERTURA: &str = "\nq 1 g 40 420 515 300 re f Q\n";

/// Page `n`'s content, decompressed, with [`COPERTURA`] after it: a stream
/// whose dictionary ends with `extra`.
pub fn contenuto_coperto(doc: &Document, n: u32, extra: &str) -> Vec<u8> {
    let mut c = vec![];
    for id in doc.get_page_contents(pagina(doc, n)) {
        c.extend(
            doc.get_object(id)
                .unwrap()
                .as_stream()
                .unwrap()
                .decompressed_content()
                .unwrap(),
        );
    }
    c.extend_from_slice(COPERTURA.as_bytes());
    let mut out = format!("<</Length {}{extra}>>\nstream\n", c.len()).into_bytes();
    out.extend(c);
    out.extend_from_slice(b"\nendstream");
    out
}

/// An appearance (a form XObject) that draws [`FALSO`] in Helvetica, on
/// white. It calls itself metadata (an XObject's `/Type` is optional, and
/// readers draw it all the same), as a forger does to pass for XMP.
pub fn aspetto_falso() -> Vec<u8> {
    let c = format!("q 1 g 0 0 300 70 re f Q BT /Helv 48 Tf 10 15 Td ({FALSO}) Tj ET");
    format!(
        "<</Type/Metadata/Subtype/Form/BBox[0 0 300 70]/Resources<</Font<</Helv<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>/Length {}>>\nstream\n{c}\nendstream",
        c.len()
    )
    .into_bytes()
}

/// The document as the file's last revision leaves it.
pub fn documento(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).unwrap()
}

pub fn pagina(doc: &Document, n: u32) -> ObjectId {
    doc.get_pages()[&n]
}

fn nuovo_numero(doc: &Document, quanti: u32) -> u32 {
    let n = doc.trailer.get(b"Size").unwrap().as_i64().unwrap() as u32;
    n.max(doc.max_id + 1) + quanti
}

/// The catalog, with its form's fields extended by `campi`.
fn catalogo_con_campi(doc: &Document, campi: &[u32]) -> (u32, Vec<u8>) {
    let id = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let mut c = doc.get_dictionary(id).unwrap().clone();
    let mut form = match c.get(b"AcroForm") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut f = match form.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        _ => vec![],
    };
    f.extend(campi.iter().map(|n| Object::Reference((*n, 0))));
    form.set("Fields", f);
    c.set("AcroForm", form);
    (id.0, corpo(&Object::Dictionary(c)))
}

/// Page `n` with `annotazioni` added to its `/Annots`.
fn pagina_con_annotazioni(doc: &Document, n: u32, annotazioni: &[u32]) -> (u32, Vec<u8>) {
    let id = pagina(doc, n);
    let mut p = doc.get_dictionary(id).unwrap().clone();
    let mut a = match p.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        _ => vec![],
    };
    a.extend(annotazioni.iter().map(|n| Object::Reference((*n, 0))));
    p.set("Annots", a);
    (id.0, corpo(&Object::Dictionary(p)))
}

/// Where the hexadecimal `/Contents` of the last signature is: after `<`, before `>`.
pub fn posto_della_firma(pdf: &[u8]) -> (usize, usize) {
    let chiave = b"/Contents<";
    let i = pdf.windows(chiave.len()).rposition(|w| w == chiave).unwrap() + chiave.len();
    let f = i + pdf[i..].iter().position(|&c| c == b'>').unwrap();
    (i, f)
}

/// The bytes the last signature covers (its `/ByteRange`).
pub fn byte_firmati(pdf: &[u8]) -> Vec<u8> {
    let (i, f) = posto_della_firma(pdf);
    let fine = pdf.len();
    let mut v = pdf[..i - 1].to_vec();
    v.extend_from_slice(&pdf[f + 1..fine]);
    v
}

/// `pdf` with `der` as its last signature's CMS, padded with zeros.
pub fn con_cms(pdf: &[u8], der: &[u8]) -> Vec<u8> {
    let (i, f) = posto_della_firma(pdf);
    let esadecimale: String = der.iter().map(|b| format!("{b:02x}")).collect();
    assert!(esadecimale.len() <= f - i, "the CMS does not fit");
    let mut out = pdf.to_vec();
    out[i..f].fill(b'0');
    out[i..i + esadecimale.len()].copy_from_slice(esadecimale.as_bytes());
    out
}

/// Signs `dati` with OpenSSL: a CAdES CMS (signing-certificate-v2), detached
/// or with the content inside.
pub fn cms_openssl(dir: &Path, dati: &[u8], c: &Certificato, staccata: bool) -> Vec<u8> {
    let ingresso = dir.join("dati.bin");
    let uscita = dir.join("firma.p7s");
    std::fs::write(&ingresso, dati).unwrap();
    let mut args = vec![
        "cms",
        "-sign",
        "-binary",
        "-cades",
        "-md",
        "sha256",
        "-in",
        s(&ingresso),
        "-signer",
        s(&c.crt),
        "-inkey",
        s(&c.chiave),
        "-outform",
        "DER",
        "-out",
        s(&uscita),
    ];
    if !staccata {
        args.push("-nodetach");
    }
    let (ok, t) = comando("openssl", &args);
    assert!(ok, "{t}");
    std::fs::read(&uscita).unwrap()
}

/// Universal signature forgery: a `.p7m` the same signer once made of a
/// one-line text, put in the signature's place. It carries its own content.
pub fn busta_di_altro_documento(dir: &Path, firmato: &[u8], c: &Certificato) -> Vec<u8> {
    let p7m = cms_openssl(dir, b"Approvato.\n", c, false);
    con_cms(firmato, &p7m)
}

/// The same bytes signed again with another certificate (expired, not yet
/// valid, only for encryption, not trusted): a signature that holds, whose
/// certificate must be judged.
pub fn rifirmato(dir: &Path, firmato: &[u8], c: &Certificato) -> Vec<u8> {
    let cms = cms_openssl(dir, &byte_firmati(firmato), c, true);
    con_cms(firmato, &cms)
}

/// Page `n`'s first content stream replaced by one drawing [`FALSO`], its
/// dictionary ending with `extra` (`/Type/Metadata/Subtype/XML`, say).
pub fn contenuto_cambiato(firmato: &[u8], n: u32, extra: &str, trailer: &str) -> Vec<u8> {
    let doc = documento(firmato);
    let c = doc.get_page_contents(pagina(&doc, n))[0];
    aggiorna(firmato, &[(c.0, contenuto_coperto(&doc, n, extra))], trailer)
}

/// The trailer's `/Info` pointing at page `n`'s content, which changes.
pub fn info_sul_contenuto(firmato: &[u8], n: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let c = doc.get_page_contents(pagina(&doc, n))[0];
    contenuto_cambiato(firmato, n, "", &format!("/Info {} 0 R", c.0))
}

/// Page `n` calling itself a signature field (`/FT /Sig`), showing the
/// content of the page before it: no new object, only the page changed.
pub fn pagina_campo_di_firma(firmato: &[u8], n: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let id = pagina(&doc, n);
    let altro: Vec<Object> = doc
        .get_page_contents(pagina(&doc, n - 1))
        .into_iter()
        .map(Object::Reference)
        .collect();
    let mut p = doc.get_dictionary(id).unwrap().clone();
    p.set("FT", Object::Name(b"Sig".to_vec()));
    p.set("Contents", altro);
    aggiorna(firmato, &[(id.0, corpo(&Object::Dictionary(p)))], "")
}

/// A trailer with a string holding `startxref … %%EOF` that names the signed
/// revision, after an update that changes page `n`.
pub fn falsa_fine(firmato: &[u8], n: u32) -> Vec<u8> {
    let prev = documento(firmato).xref_start;
    contenuto_cambiato(firmato, n, "", &format!("/Nota (\nstartxref\n{prev}\n%%EOF\n)"))
}

/// A new, empty signature field whose widget, visible on page `n`, draws [`FALSO`].
pub fn campo_vuoto_visibile(firmato: &[u8], n: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let (campo, aspetto) = (nuovo_numero(&doc, 0), nuovo_numero(&doc, 1));
    let p = pagina(&doc, n);
    let w = format!(
        "<</Type/Annot/Subtype/Widget/FT/Sig/T(Revisore)/F 4/Rect[150 400 450 470]/P {} 0 R/AP<</N {aspetto} 0 R>>>>",
        p.0
    );
    let a = aspetto_falso();
    aggiorna(
        firmato,
        &[
            catalogo_con_campi(&doc, &[campo]),
            pagina_con_annotazioni(&doc, n, &[campo]),
            (campo, w.into_bytes()),
            (aspetto, a),
        ],
        "",
    )
}

/// A FreeText annotation on page `n` that says [`FALSO`], calling itself a
/// signature field (`/FT /Sig`).
pub fn nota_di_testo(firmato: &[u8], n: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let (a, aspetto) = (nuovo_numero(&doc, 0), nuovo_numero(&doc, 1));
    let nota = format!(
        "<</Type/Annot/Subtype/FreeText/FT/Sig/Rect[150 400 450 470]/Contents({FALSO})/DA(/Helv 36 Tf 0 g)/F 4/P {} 0 R/AP<</N {aspetto} 0 R>>>>",
        pagina(&doc, n).0
    );
    aggiorna(
        firmato,
        &[
            pagina_con_annotazioni(&doc, n, &[a]),
            (a, nota.into_bytes()),
            (aspetto, aspetto_falso()),
        ],
        "",
    )
}

/// Pages 3 and 4 swapped in the page tree, whose node calls itself a
/// signature field (`/FT /Sig`).
pub fn pagine_scambiate(firmato: &[u8]) -> Vec<u8> {
    let doc = documento(firmato);
    let (p3, p4) = (pagina(&doc, 3), pagina(&doc, 4));
    let genitore = doc
        .get_dictionary(p3)
        .unwrap()
        .get(b"Parent")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut g = doc.get_dictionary(genitore).unwrap().clone();
    let kids: Vec<Object> = g
        .get(b"Kids")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| match k.as_reference() {
            Ok(r) if r == p3 => Object::Reference(p4),
            Ok(r) if r == p4 => Object::Reference(p3),
            _ => k.clone(),
        })
        .collect();
    g.set("Kids", kids);
    g.set("FT", Object::Name(b"Sig".to_vec()));
    aggiorna(firmato, &[(genitore.0, corpo(&Object::Dictionary(g)))], "")
}

/// Before signing, in the PDF itself (written whole, one revision): page
/// `n`'s content gets a second stream, object `numero`, which the file does
/// not have (a reader draws nothing). The number to fill after the signature.
pub fn prepara_contenuto(pdf: &[u8], n: u32) -> (Vec<u8>, u32) {
    let mut doc = documento(pdf);
    let id = pagina(&doc, n);
    let numero = nuovo_numero(&doc, 100);
    let mut c: Vec<Object> = doc.get_page_contents(id).into_iter().map(Object::Reference).collect();
    c.push(Object::Reference((numero, 0)));
    doc.get_dictionary_mut(id).unwrap().set("Contents", c);
    let mut out = vec![];
    doc.save_to(&mut out).unwrap();
    (out, numero)
}

/// After signing: the prepared object added, covering the figures of its
/// page, calling itself metadata.
pub fn rivela_contenuto(firmato: &[u8], numero: u32) -> Vec<u8> {
    let c = COPERTURA;
    let corpo = format!(
        "<</Type/Metadata/Subtype/XML/Length {}>>\nstream\n{c}\nendstream",
        c.len()
    );
    aggiorna(firmato, &[(numero, corpo.into_bytes())], "")
}

/// The raw body of object `id` as the file has it (between `obj` and `endobj`).
fn corpo_grezzo(pdf: &[u8], id: u32) -> Vec<u8> {
    let doc = documento(pdf);
    let Some(lopdf::xref::XrefEntry::Normal { offset, .. }) = doc.reference_table.get(id) else {
        panic!("object {id} not found");
    };
    let inizio = *offset as usize + pdf[*offset as usize..].windows(3).position(|w| w == b"obj").unwrap() + 3;
    let fine = inizio + pdf[inizio..].windows(6).position(|w| w == b"endobj").unwrap();
    pdf[inizio..fine].to_vec()
}

/// The signature dictionary of the last signature.
pub fn dizionario_della_firma(pdf: &[u8]) -> u32 {
    let doc = documento(pdf);
    let campi = relazione::firma::pdf::campi_firma(&doc);
    campi.iter().rev().find_map(|c| c.firma).unwrap().0
}

/// The signature dictionary written again in a later update, its `/M` made `m`.
pub fn ora_ridefinita(firmato: &[u8], m: &str) -> Vec<u8> {
    let id = dizionario_della_firma(firmato);
    let grezzo = String::from_utf8_lossy(&corpo_grezzo(firmato, id)).to_string();
    let i = grezzo.find("/M(").unwrap() + 3;
    let f = i + grezzo[i..].find(')').unwrap();
    let nuovo = format!("{}{m}{}", &grezzo[..i], &grezzo[f..]);
    aggiorna(firmato, &[(id, nuovo.into_bytes())], "")
}

/// A second, invisible field whose value is the existing signature: one
/// signature shown as two signers.
pub fn due_campi_una_firma(firmato: &[u8]) -> Vec<u8> {
    let doc = documento(firmato);
    let v = dizionario_della_firma(firmato);
    let campo = nuovo_numero(&doc, 0);
    let p = pagina(&doc, 1);
    let w = format!(
        "<</Type/Annot/Subtype/Widget/FT/Sig/T(Presidente)/F 4/Rect[0 0 0 0]/P {} 0 R/V {v} 0 R>>",
        p.0
    );
    aggiorna(
        firmato,
        &[
            catalogo_con_campi(&doc, &[campo]),
            pagina_con_annotazioni(&doc, 1, &[campo]),
            (campo, w.into_bytes()),
        ],
        "",
    )
}

/// `quante` tiny updates, each writing the document information again.
pub fn molte_revisioni(firmato: &[u8], quante: usize) -> Vec<u8> {
    let mut b = firmato.to_vec();
    let info = documento(firmato)
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap()
        .0;
    for i in 0..quante {
        b = aggiorna(&b, &[(info, format!("<</Title(Relazione {i})>>").into_bytes())], "");
    }
    b
}

/// An update that adds `quanti` empty signature fields to the form.
pub fn molti_campi(firmato: &[u8], quanti: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let primo = nuovo_numero(&doc, 0);
    let numeri: Vec<u32> = (primo..primo + quanti).collect();
    let mut oggetti = vec![catalogo_con_campi(&doc, &numeri)];
    for n in &numeri {
        oggetti.push((*n, format!("<</FT/Sig/T(C{n})>>").into_bytes()));
    }
    aggiorna(firmato, &oggetti, "")
}

/// The PDF rewritten whole with page `n`'s content a Flate bomb: `mb`
/// megabytes of zeros in a stream of some kilobytes per megabyte.
pub fn bomba(pdf: &[u8], n: u32, mb: usize) -> Vec<u8> {
    use std::io::Write;
    let mut doc = documento(pdf);
    let c = doc.get_page_contents(pagina(&doc, n))[0];
    let mut z = flate2::write::ZlibEncoder::new(vec![], flate2::Compression::fast());
    let zeri = vec![b' '; 1 << 20];
    for _ in 0..mb {
        z.write_all(&zeri).unwrap();
    }
    let compresso = z.finish().unwrap();
    let mut d = Dictionary::new();
    d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    doc.objects.insert(
        c,
        Object::Stream(lopdf::Stream::new(d, compresso).with_compression(false)),
    );
    let mut out = vec![];
    doc.save_to(&mut out).unwrap();
    out
}

/// The CMS of the last signature, read from its `/Contents` (without the
/// zeros that pad it).
pub fn cms_della_firma(pdf: &[u8]) -> cms::content_info::ContentInfo {
    use der::Decode;
    let (i, f) = posto_della_firma(pdf);
    let byte: Vec<u8> = (i..f)
        .step_by(2)
        .map(|k| u8::from_str_radix(std::str::from_utf8(&pdf[k..k + 2]).unwrap(), 16).unwrap())
        .collect();
    let mut r = der::SliceReader::new(&byte).unwrap();
    cms::content_info::ContentInfo::decode(&mut r).unwrap()
}

/// The value of the last signature: what a signature time-stamp covers.
pub fn valore_della_firma(pdf: &[u8]) -> Vec<u8> {
    let sd: cms::signed_data::SignedData = cms_della_firma(pdf).content.decode_as().unwrap();
    sd.signer_infos.0.iter().next().unwrap().signature.as_bytes().to_vec()
}

/// `pdf` with the time-stamp token `token` (DER) added to its last signature,
/// among the unsigned attributes, as a B-T signature has it.
pub fn con_marca(pdf: &[u8], token: &[u8]) -> Vec<u8> {
    use der::{Decode, Encode};
    let ci = cms_della_firma(pdf);
    let mut sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
    let mut si = sd.signer_infos.0.iter().next().unwrap().clone();
    let mut valori = der::asn1::SetOfVec::new();
    valori.insert(der::Any::from_der(token).unwrap()).unwrap();
    let attributo = cms::cert::x509::attr::Attribute {
        oid: der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14"),
        values: valori,
    };
    si.unsigned_attrs = Some(der::asn1::SetOfVec::try_from(vec![attributo]).unwrap());
    sd.signer_infos = cms::signed_data::SignerInfos(der::asn1::SetOfVec::try_from(vec![si]).unwrap());
    let nuovo = cms::content_info::ContentInfo {
        content_type: ci.content_type,
        content: der::Any::encode_from(&sd).unwrap(),
    };
    con_cms(pdf, &nuovo.to_der().unwrap())
}

/// A time-stamp token (RFC 3161) over `dati`, made by OpenSSL's time-stamping
/// authority with the key of `tsa` at the time `quando`.
pub fn marca_temporale(dir: &Path, dati: &[u8], tsa: &Certificato, quando: &str) -> Vec<u8> {
    use super::firma::comando_al;
    let dati_f = dir.join("firma.bin");
    let richiesta = dir.join("richiesta.tsq");
    let token = dir.join("marca.der");
    let conf = dir.join("tsa.cnf");
    std::fs::write(&dati_f, dati).unwrap();
    std::fs::write(
        &conf,
        format!(
            "[ tsa ]\ndefault_tsa = tsa_prova\n[ tsa_prova ]\nserial = {}\nsigner_cert = {}\nsigner_key = {}\n\
             signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\n\
             ess_cert_id_alg = sha256\n",
            s(&dir.join("tsa.serial")),
            s(&tsa.crt),
            s(&tsa.chiave)
        ),
    )
    .unwrap();
    std::fs::write(dir.join("tsa.serial"), "01\n").unwrap();
    let (ok, t) = comando(
        "openssl",
        &[
            "ts",
            "-query",
            "-data",
            s(&dati_f),
            "-sha256",
            "-cert",
            "-no_nonce",
            "-out",
            s(&richiesta),
        ],
    );
    assert!(ok, "{t}");
    let (ok, t) = comando_al(
        Some(quando),
        "openssl",
        &[
            "ts",
            "-reply",
            "-config",
            s(&conf),
            "-queryfile",
            s(&richiesta),
            "-token_out",
            "-out",
            s(&token),
        ],
    );
    assert!(ok, "{t}");
    std::fs::read(&token).unwrap()
}

/// Page `n` written again naming `/Contents` twice: first a new stream that
/// covers its figures, then its own. The standard does not say which of the
/// two counts: lopdf and poppler take the last (the signed content), a reader
/// that takes the first shows the new one.
pub fn chiave_doppia(firmato: &[u8], n: u32) -> Vec<u8> {
    let doc = documento(firmato);
    let id = pagina(&doc, n);
    let nuovo = nuovo_numero(&doc, 0);
    let mut p = corpo(&Object::Dictionary(doc.get_dictionary(id).unwrap().clone()));
    let aggiunta = format!("/Contents {nuovo} 0 R");
    p.splice(2..2, aggiunta.into_bytes());
    aggiorna(firmato, &[(id.0, p), (nuovo, contenuto_coperto(&doc, n, ""))], "")
}
