//! The whole read–score path on arbitrary bytes as `relazione.xlsx`: an error
//! or a scored plan, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "lettore.rs"]
mod lettore;
use lettore::tollera_il_lettore;

fuzz_target!(|dati: &[u8]| {
    tollera_il_lettore();
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("relazione.xlsx"), dati).expect("write");
    if let Ok(Ok(r)) = std::panic::catch_unwind(|| relazione::carica(dir.path())) {
        let _ = relazione::cifre::figure(&r);
        let _ = relazione::stampa::punteggi(&r);
    }
});
