#![no_main]
//! A signed PDF from anyone: `verifica` reads its revisions, every object,
//! the signatures' CMS and the form, and judges each revision. Whatever the
//! bytes, it gives a report or an error, never a panic, within its bounds.
//! Seeds: a tiny PDF signed once and twice (`.ci/run` makes them from
//! `fuzz/semi/minimo.pdf`).

use libfuzzer_sys::fuzz_target;
use relazione::firma::{Fiducia, verifica};

fuzz_target!(|byte: &[u8]| {
    let ora = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a fixed time");
    if let Ok(r) = verifica(byte, std::path::Path::new("firmato.pdf"), &Fiducia::default(), ora) {
        let _ = relazione::stampa::firme::testo(&r, None);
        let _ = r.esito();
    }
});
