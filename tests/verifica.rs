//! What an auditor checks with `relazione verifica`: a CAdES envelope, and a
//! signed PDF tampered with in every way that matters (a byte, a later update,
//! a signature copied from another file, a folder whose data changed).

use crate::common;
use common::firma::*;
use common::s;
use std::path::Path;

#[test]
fn a_cades_envelope_that_openssl_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let (code, out, err) = firma(&pdf, &sg, &["--cades"]);
    assert_eq!(code, 0, "{out}{err}");
    let p7m = tmp.path().join("relazione-2022.pdf.p7m");
    let estratto = tmp.path().join("estratto.pdf");
    let (ok, testo) = comando(
        "openssl",
        &[
            "cms",
            "-verify",
            "-inform",
            "DER",
            "-in",
            s(&p7m),
            "-CAfile",
            s(&sg.crt),
            "-out",
            s(&estratto),
        ],
    );
    assert!(ok && testo.contains("Verification successful"), "{testo}");
    assert_eq!(std::fs::read(&estratto).unwrap(), std::fs::read(&pdf).unwrap());
    let (code, out) = verifica(&p7m, &[&sg], &["--data", "data"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("quello che la cartella produce"), "{out}");
    assert!(
        out.contains("(attributo firmato signing-time; non certificata)"),
        "{out}"
    );
}

/// Appends an incremental update that replaces object `id` with `corpo`: what a
/// forger does to change a page after the signatures.
fn aggiorna(pdf: &[u8], id: u32, corpo: &[u8]) -> Vec<u8> {
    let testo = String::from_utf8_lossy(pdf);
    let p = testo.rfind("startxref").unwrap();
    let prev: usize = testo[p + 9..].split_whitespace().next().unwrap().parse().unwrap();
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let dimensione = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let radice = doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0;
    let mut out = pdf.to_vec();
    let posizione = out.len();
    out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    out.extend_from_slice(corpo);
    out.extend_from_slice(b"\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(format!("xref\n{id} 1\n{posizione:010} 00000 n\r\n").as_bytes());
    out.extend_from_slice(
        format!("trailer\n<</Size {dimensione}/Root {radice} 0 R/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

#[test]
fn verifica_catches_every_tampering() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, firmato, sg) = firmata_2022(tmp.path());
    let byte = std::fs::read(&firmato).unwrap();
    let verifica = |b: &[u8], extra: &[&str]| {
        let f = tmp.path().join("prova.pdf");
        std::fs::write(&f, b).unwrap();
        common::firma::verifica(&f, &[&sg], extra)
    };

    // One byte changed inside the signed range (a digit of the first page's
    // content stream would do; any byte does).
    let mut uno = byte.clone();
    uno[1000] ^= 0x01;
    let (code, out) = verifica(&uno, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("il file è stato modificato dopo la firma"), "{out}");
    assert!(out.contains("Esito: NON VALIDO."), "{out}");

    // An update after the signature that changes what page 4 shows.
    let doc = lopdf::Document::load_mem(&byte).unwrap();
    let pagina = doc.get_pages()[&4];
    let flusso = doc.get_page_contents(pagina)[0];
    let falso = aggiorna(
        &byte,
        flusso.0,
        b"<</Length 20>>\nstream\nBT /F1 12 Tf ET 0 0\nendstream",
    );
    let (code, out) = verifica(&falso, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Revisione 3: CAMBIA IL CONTENUTO (contenuto della pagina 4 (oggetto"),
        "{out}"
    );
    assert!(out.contains("copre: il file fino alla revisione 2 di 3"), "{out}");

    // A signature copied from another file: the Comune's report, signed with the
    // same key, whose signature has the same length.
    let comune = tmp.path().join("comune.pdf");
    let (code, o, e) = relazione(&["build", "--data", "tests/esempi/comune", "--out", s(&comune)], &[]);
    assert_eq!(code, 0, "{o}{e}");
    let (code, o, e) = firma(&comune, &sg, &[]);
    assert_eq!(code, 0, "{o}{e}");
    let altro = std::fs::read(tmp.path().join("comune-firmato.pdf")).unwrap();
    let contenuto = |b: &[u8]| {
        let chiave = b"/Contents<";
        let i = b.windows(chiave.len()).rposition(|w| w == chiave).unwrap() + chiave.len();
        let f = i + b[i..].iter().position(|&c| c == b'>').unwrap();
        (i, f)
    };
    let (i, f) = contenuto(&byte);
    let (j, g) = contenuto(&altro);
    assert_eq!(f - i, g - j);
    let mut copiato = byte.clone();
    copiato[i..f].copy_from_slice(&altro[j..g]);
    let (code, out) = verifica(&copiato, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("l'impronta firmata non corrisponde"), "{out}");

    // A folder with one consuntivo changed: kpi14.5_04 from 99,43 to 98,00 moves
    // the result of the ente away from the published 90,90 %.
    let cartella = tmp.path().join("cambiata");
    common::copia_cartella(Path::new("data"), &cartella);
    common::cambia_cella(&cartella, "Indicatori", "kpi14.5_04", "Consuntivo", "98");
    let (code, out) = verifica(&byte, &["--data", s(&cartella)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("il PDF firmato NON è quello che la cartella produce"),
        "{out}"
    );
    let riga = out.lines().find(|l| l.contains("PDF firmato:")).unwrap();
    let dalla = out.lines().find(|l| l.contains("dalla cartella:")).unwrap();
    assert!(out.contains("prima differenza a pagina"), "{out}");
    assert!(riga.contains("90,90"), "{out}");
    assert!(!dalla.contains("90,90"), "{out}");
}

#[test]
fn a_pdf_composed_by_another_version_is_not_called_another_document() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = relazione_2022(tmp.path(), &[]);
    // The same PDF as a version 0.0.9 of the program would have named itself.
    let questa = format!("relazione {}", env!("CARGO_PKG_VERSION"));
    let altra = "relazione 0.0.9";
    assert_eq!(questa.len(), altra.len());
    let byte = std::fs::read(&pdf).unwrap();
    let chiave = format!("/Creator({questa})").into_bytes();
    let i = byte.windows(chiave.len()).position(|w| w == chiave).unwrap() + 9;
    let mut vecchio = byte.clone();
    vecchio[i..i + altra.len()].copy_from_slice(altra.as_bytes());
    std::fs::write(&pdf, &vecchio).unwrap();
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let (code, out, err) = firma(&pdf, &sg, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let firmato = tmp.path().join("relazione-2022-firmato.pdf");
    let (code, out) = verifica(&firmato, &[&sg], &["--data", "data"]);
    assert_eq!(code, 2, "no verdict on the comparison:\n{out}");
    assert!(
        out.contains(&format!(
            "il PDF firmato fu composto da {altra}, questo programma è {questa}"
        )),
        "{out}"
    );
    assert!(out.contains("Per il confronto usare relazione 0.0.9"), "{out}");
}
