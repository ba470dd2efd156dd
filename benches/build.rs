//! The cold build of the 2022 report, whole and phase by phase:
//!
//!     cargo bench --bench build
//!
//! Each in-process run starts with Typst's caches emptied (`comemo::evict(0)`),
//! as in a new process; the whole-process runs start the `relazione` binary.

use relazione::build::identita;
use relazione::render::{self, Modelli};
use relazione::typeset::{Mondo, esporta, impagina};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const GIRI: usize = 7;

fn mediana(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn riga(nome: &str, v: Vec<Duration>) {
    let (min, med, max) = mediana(v);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {nome:<32} | {:>9.1} | {:>9.1} | {:>9.1} |",
        ms(min),
        ms(med),
        ms(max)
    );
}

fn main() {
    let dati = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let tmp = tempfile::tempdir().expect("temporary folder");
    let (mut lettura, mut modelli, mut impaginazione, mut pdf, mut totale) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..GIRI {
        comemo::evict(0);
        let t0 = Instant::now();
        let r = relazione::carica(&dati).expect("the 2022 sample loads");
        let t1 = Instant::now();
        let sorgenti = render::genera(&r, &Modelli::default()).expect("templates");
        let t2 = Instant::now();
        let id = identita(&r);
        let mondo = Mondo::new(&sorgenti, &render::cartella_relazione(&r), None, id.data);
        let (documento, _) = impagina(&mondo);
        let documento = documento.expect("layout");
        let t3 = Instant::now();
        let bytes = esporta(&mondo, &documento, &id).expect("pdf");
        let t4 = Instant::now();
        assert!(bytes.len() > 100_000);
        lettura.push(t1 - t0);
        modelli.push(t2 - t1);
        impaginazione.push(t3 - t2);
        pdf.push(t4 - t3);
        totale.push(t4 - t0);
    }
    let exe = env!("CARGO_BIN_EXE_relazione");
    let uscita = tmp.path().join("relazione-2022.pdf");
    let mut processo = vec![];
    for _ in 0..GIRI {
        let t = Instant::now();
        let ok = Command::new(exe)
            .args([
                "build",
                "--data",
                dati.to_str().unwrap(),
                "--out",
                uscita.to_str().unwrap(),
            ])
            .output()
            .expect("run relazione")
            .status
            .success();
        assert!(ok, "relazione build failed");
        processo.push(t.elapsed());
    }
    println!("Cold build of the 2022 report (data/), {GIRI} runs, milliseconds:\n");
    println!("| {:<32} | {:>9} | {:>9} | {:>9} |", "phase", "min", "median", "max");
    println!("|{:-<34}|{:-<11}|{:-<11}|{:-<11}|", "", "", "", "");
    riga("read + score (workbook)", lettura);
    riga("templates + texts", modelli);
    riga("typeset (Typst layout)", impaginazione);
    riga("PDF export (PDF/A-2a, UA-1)", pdf);
    riga("in-process total", totale);
    riga("whole process (relazione build)", processo);
}
