//! How long `relazione verifica` takes, on the signed 2022 report and on the
//! hostile files that `tests/verifica_limiti.rs` bounds in memory:
//!
//!     cargo bench --bench verifica
//!
//! Each check runs in this process (the library's `verifica`), 7 times, from
//! the file's bytes in memory; the whole-process line starts the program.

#[path = "../tests/common/mod.rs"]
mod common;

use common::falsari::*;
use common::firma::*;
use relazione::firma::{ChiaveP12, Fiducia, firma_pdf, verifica};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const GIRI: usize = 7;

fn riga(nome: &str, mut v: Vec<Duration>) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {nome:<52} | {:>9.1} | {:>9.1} | {:>9.1} |",
        ms(v[0]),
        ms(v[v.len() / 2]),
        ms(v[v.len() - 1])
    );
}

/// The time of `verifica` of `byte` (and of the comparison with `cartella`), `GIRI` times.
fn tempi(byte: &[u8], cartella: Option<&[u8]>) -> Vec<Duration> {
    (0..GIRI)
        .map(|_| {
            let inizio = Instant::now();
            let r = verifica(byte, Path::new("firmato.pdf"), &Fiducia::default(), chrono::Utc::now());
            if let (Ok(r), Some(c)) = (&r, cartella) {
                let originale = r.originale(byte).to_vec();
                std::hint::black_box(relazione::firma::confronto::confronta_con(r, &originale, c));
            }
            std::hint::black_box(r.ok());
            inizio.elapsed()
        })
        .collect()
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let composto = relazione::build::pdf_della_cartella(Path::new("data"), None).unwrap();
    let sg = certificato(tmp.path(), "Mario Rossi", "rsa", "nonRepudiation");
    let pr = certificato(tmp.path(), "Dario Gallina", "rsa", "nonRepudiation");
    let chiave = |c: &Certificato| ChiaveP12::apri(&std::fs::read(&c.p12).unwrap(), "password").unwrap();
    let (ks, kp) = (chiave(&sg), chiave(&pr));
    let firma = |b: &[u8], k: &ChiaveP12| firma_pdf(b, Path::new("r.pdf"), k, &Default::default()).unwrap();
    let una = firma(&composto, &ks);
    let due = firma(&una, &kp);
    let f = tmp.path().join("firmata-due.pdf");
    std::fs::write(&f, &due).unwrap();

    println!("`relazione verifica`, {GIRI} runs, milliseconds:\n");
    println!("| {:<52} | {:>9} | {:>9} | {:>9} |", "file", "min", "median", "max");
    println!("|{:-<54}|{:-<11}|{:-<11}|{:-<11}|", "", "", "", "");
    riga("2022 report, 2 signatures (3 revisions, 1,6 MB)", tempi(&due, None));
    let processo = (0..GIRI)
        .map(|_| {
            let inizio = Instant::now();
            let stato = Command::new(env!("CARGO_BIN_EXE_relazione"))
                .args(["verifica", f.to_str().unwrap(), "--fiducia"])
                .arg(&sg.crt)
                .arg("--fiducia")
                .arg(&pr.crt)
                .output()
                .unwrap();
            assert_eq!(stato.status.code(), Some(0));
            inizio.elapsed()
        })
        .collect();
    riga("… whole process (`relazione verifica --fiducia`)", processo);
    riga(
        "… with the comparison of the first revision",
        tempi(&due, Some(&composto)),
    );

    let grande = {
        let primo = documento(&una).max_id + 1;
        let testo = "x".repeat(200);
        let oggetti: Vec<(u32, Vec<u8>)> = (primo..primo + 450_000)
            .map(|n| (n, format!("({testo})").into_bytes()))
            .collect();
        aggiorna(&una, &oggetti, "")
    };
    riga(
        "100 MB: 450.000 objects added after the signature",
        tempi(&grande, None),
    );
    drop(grande);
    riga(
        "300 revisions (refused at the 33rd)",
        tempi(&molte_revisioni(&una, 300), None),
    );
    riga("20.000 fields (refused)", tempi(&molti_campi(&una, 20_000), None));
    let bomba = firma(&bomba(&composto, 1, 1100), &ks);
    riga(
        "Flate bomb of 1,1 GB on page 1, compared",
        tempi(&bomba, Some(&composto)),
    );
}
