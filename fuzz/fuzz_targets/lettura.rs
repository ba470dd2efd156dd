//! The whole read–score path on arbitrary bytes as `relazione.xlsx`: an error
//! or a scored plan, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|dati: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("relazione.xlsx"), dati).expect("write");
    if let Ok(r) = relazione::carica(dir.path()) {
        let _ = relazione::report::figure(&r);
        let _ = relazione::report::tabella(&r);
    }
});
