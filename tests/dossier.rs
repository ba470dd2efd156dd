//! `relazione dossier`: the OIV's validation dossier of the 2022 report, read
//! as the OIV reads it — what was validated, named by fingerprints anyone can
//! recompute with `sha256sum`; the checklist; the sample, redone by hand here;
//! the working papers.

use crate::common::{parole_pdf, relazione, s};
use sha2::{Digest, Sha256};
use std::path::Path;

fn sha256(byte: &[u8]) -> String {
    Sha256::digest(byte).iter().map(|b| format!("{b:02x}")).collect()
}

/// A fingerprint as the dossier prints it: in groups of eight digits.
fn a_gruppi(h: &str) -> String {
    h.as_bytes()
        .chunks(8)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_dossier_of_2022_names_what_it_validates_and_explains_every_figure() {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = radice.join("data");
    let tmp = tempfile::tempdir().unwrap();
    // The approved PDF the office gives: the one the folder builds.
    let approvata = tmp.path().join("relazione-approvata.pdf");
    let (code, _, err) = relazione(&["componi", s(&data), "--uscita", s(&approvata)]);
    assert_eq!(code, 0, "{err}");
    let dossier = tmp.path().join("dossier.pdf");
    let (code, out, err) = relazione(&["dossier", s(&data), "--uscita", s(&dossier), "--pdf", s(&approvata)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Scritto il dossier di validazione in"), "{out}");
    let testo = parole_pdf(&dossier);

    // What was validated: the workbook, each text, the approved PDF, by SHA-256.
    let libro = std::fs::read(data.join("relazione.xlsx")).unwrap();
    assert!(
        testo.contains(&a_gruppi(&sha256(&libro))),
        "workbook fingerprint missing"
    );
    let premessa = std::fs::read(data.join("testi/00-premessa.md")).unwrap();
    assert!(
        testo.contains(&a_gruppi(&sha256(&premessa))),
        "text fingerprint missing"
    );
    let pdf = std::fs::read(&approvata).unwrap();
    assert!(testo.contains(&a_gruppi(&sha256(&pdf))), "PDF fingerprint missing");
    assert!(testo.contains("relazione-approvata.pdf"), "{testo}");

    // The deliberation 142 with its changes and their effect.
    assert!(testo.contains("Deliberazione n. 142 del 13/09/2022"), "{testo}");
    // The reconciliation: kpi14.5_04 declared 100 %, computed 97,15 %.
    assert!(testo.contains("kpi14.5_04 100,00 % 97,15 % differisce"), "{testo}");
    // The checklist: the 2022 Relazione has no section on equal opportunities.
    assert!(
        testo.contains("Pari opportunità e bilancio di genere assente"),
        "{testo}"
    );
    assert!(
        testo.contains("Analisi del contesto e delle risorse presente testi/02-contesto.md (dichiarato)"),
        "{testo}"
    );
    // The working papers: the explanation of OS14.5 and of its indicators.
    assert!(
        testo.contains(
            "Somma di grado × peso = 8.512,50; somma dei pesi = 100; 8.512,50 / 100 = 85,125 %, che si stampa 85,13 %."
        ),
        "{testo}"
    );
    assert!(
        testo.contains("(99,43 − 80,00) / (100,00 − 80,00) × 100 = 97,15 %"),
        "{testo}"
    );

    // The sample, redone by hand from what the dossier prints: the measured
    // indicators sorted, 10 % of them (at least 5), one every k from the start
    // that the first eight digits of the workbook's fingerprint give.
    let r = relazione::carica(&data).unwrap();
    let mut misurati: Vec<&str> = r
        .punteggi
        .indicatori
        .iter()
        .filter(|(_, p)| p.grado.is_some())
        .map(|(c, _)| c.as_str())
        .collect();
    misurati.sort();
    let n = misurati.len();
    let dimensione = n.div_ceil(10).max(5);
    let passo = n / dimensione;
    let inizio = (u64::from_str_radix(&sha256(&libro)[..8], 16).unwrap() % passo as u64) as usize + 1;
    assert!(testo.contains(&format!("sono {n}.")), "{testo}");
    for j in 0..dimensione {
        let k = inizio + j * passo;
        assert!(
            testo.contains(&format!("{k} {}", misurati[k - 1])),
            "sample position {k} missing"
        );
    }
}

#[test]
fn without_the_approved_pdf_the_dossier_names_the_one_the_folder_builds() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune");
    let tmp = tempfile::tempdir().unwrap();
    let dossier = tmp.path().join("dossier.pdf");
    let (code, _, err) = relazione(&["dossier", s(&data), "--uscita", s(&dossier)]);
    assert_eq!(code, 0, "{err}");
    let costruita = tmp.path().join("relazione.pdf");
    let (code, _, err) = relazione(&["componi", s(&data), "--uscita", s(&costruita)]);
    assert_eq!(code, 0, "{err}");
    let testo = parole_pdf(&dossier);
    let pdf = std::fs::read(&costruita).unwrap();
    assert!(testo.contains("Relazione composta relazione-2025.pdf"), "{testo}");
    assert!(
        testo.contains(&a_gruppi(&sha256(&pdf))),
        "the built PDF's fingerprint is missing"
    );
}
