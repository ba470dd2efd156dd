//! A signed file from anyone cannot exhaust `verifica`: its work is counted
//! and bounded (revisions, objects, fields, decompressed bytes), so that any
//! file up to 100 MB peaks under 1 GB. Each hostile file is checked in this
//! process with the program's counting allocator, whose peak is asserted; the
//! time is measured in `benches/verifica.rs`, not here.

use crate::common;
use common::falsari::*;
use common::firma::*;
use relazione::firma::{Fiducia, verifica};
use relazione::typeset::memoria::{azzera_picco, in_uso, picco};
use std::path::Path;

const GB: usize = 1024 * 1024 * 1024;

/// `verifica` of `byte` (and, when given, the comparison with `cartella`):
/// its report or error in words, and the most memory it held beyond what was
/// in use before (the file's own bytes included). The caller holds
/// `una_misura_alla_volta()` for the whole test: what a test makes and drops
/// outside the measure (100 MB files) would otherwise move the count of
/// another test measuring at the same time.
fn misura(byte: Vec<u8>, cartella: Option<&[u8]>) -> (String, usize) {
    // The signed report built just before is freed on a thread of its own.
    relazione::typeset::memoria::attendi_le_liberazioni();
    let prima = in_uso();
    azzera_picco();
    let ora = chrono::Utc::now();
    let esito = match verifica(&byte, Path::new("ostile.pdf"), &Fiducia::default(), ora) {
        Ok(mut r) => {
            if let Some(c) = cartella {
                let originale = r.originale(&byte).to_vec();
                r.confronto = Some(relazione::firma::confronto::confronta_con(&r, &originale, c));
            }
            relazione::stampa::firme::testo(&r, Some("data"))
        }
        Err(e) => e.to_string(),
    };
    drop(byte);
    let picco = picco() - prima;
    eprintln!("peak {} MB", picco >> 20);
    (esito, picco)
}

/// The 2022 report, signed by Mario Rossi, and the PDF as composed.
fn firmato() -> (Vec<u8>, Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    let (pdf, firmato, _) = firmata_2022(tmp.path());
    (std::fs::read(firmato).unwrap(), std::fs::read(&pdf).unwrap())
}

#[test]
fn many_revisions_many_fields_are_refused_before_they_are_read() {
    let _una = crate::una_misura_alla_volta();
    let (firmato, _) = firmato();
    // 300 tiny revisions: each one would be a whole document read.
    let (testo, byte) = misura(molte_revisioni(&firmato, 300), None);
    assert!(testo.contains("più di 32 revisioni"), "{testo}");
    assert!(byte < 64 * 1024 * 1024, "{} MB", byte >> 20);
    // 20.000 fields: a form no Relazione has.
    let (testo, byte) = misura(molti_campi(&firmato, 20_000), None);
    assert!(testo.contains("più di 1000 campi"), "{testo}");
    assert!(byte < 256 * 1024 * 1024, "{} MB", byte >> 20);
}

#[test]
fn a_flate_bomb_on_page_one_compared_with_the_folder() {
    let _una = crate::una_misura_alla_volta();
    let (_, composto) = firmato();
    // Page 1's content inflating to 1,1 GB, in the PDF as composed, then signed.
    let bomba = bomba(&composto, 1, 1100);
    assert!(bomba.len() < 20 * 1024 * 1024);
    let tmp = tempfile::tempdir().unwrap();
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let chiave = relazione::firma::ChiaveP12::apri(&std::fs::read(&sg.p12).unwrap(), "password").unwrap();
    let firmata = relazione::firma::firma_pdf(&bomba, Path::new("bomba.pdf"), &chiave, &Default::default()).unwrap();
    let (testo, byte) = misura(firmata, Some(&composto));
    assert!(
        testo.contains("il PDF firmato NON è quello che la cartella produce"),
        "{testo}"
    );
    assert!(testo.contains("prima differenza a pagina 1"), "{testo}");
    assert!(byte < GB, "{} MB", byte >> 20);
}

/// `pdf` with 450.000 objects of 200 bytes each, that nothing refers to,
/// added by an update: 100 MB in all.
fn cento_megabyte(pdf: &[u8]) -> Vec<u8> {
    let primo = documento(pdf).max_id + 1;
    let testo = "x".repeat(200);
    let oggetti: Vec<(u32, Vec<u8>)> = (primo..primo + 450_000)
        .map(|n| (n, format!("({testo})").into_bytes()))
        .collect();
    let grande = aggiorna(pdf, &oggetti, "");
    assert!(grande.len() > 100_000_000, "{} bytes", grande.len());
    grande
}

#[test]
fn a_hundred_megabytes_of_objects_after_the_signature() {
    let _una = crate::una_misura_alla_volta();
    let (firmato, _) = firmato();
    let (testo, byte) = misura(cento_megabyte(&firmato), None);
    assert!(
        testo.contains("Esito della firma: INTEGRA"),
        "objects nothing refers to change nothing a reader sees:\n{testo}"
    );
    assert!(byte < GB, "{} MB", byte >> 20);
}

#[test]
fn a_hundred_megabytes_of_objects_signed_then_signed_again() {
    let _una = crate::una_misura_alla_volta();
    // The two large revisions in a row: the one signed, and the next signature.
    let (_, composto) = firmato();
    let grande = cento_megabyte(&composto);
    let tmp = tempfile::tempdir().unwrap();
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let chiave = relazione::firma::ChiaveP12::apri(&std::fs::read(&sg.p12).unwrap(), "password").unwrap();
    let una = relazione::firma::firma_pdf(&grande, Path::new("grande.pdf"), &chiave, &Default::default()).unwrap();
    drop(grande);
    let due = relazione::firma::firma_pdf(&una, Path::new("grande.pdf"), &chiave, &Default::default()).unwrap();
    drop(una);
    let (testo, byte) = misura(due, None);
    assert!(testo.contains("Firma 2 di 2"), "{testo}");
    assert!(byte < GB, "{} MB", byte >> 20);
}
