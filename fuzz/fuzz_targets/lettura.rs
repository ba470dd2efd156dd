//! The whole read–score path on arbitrary bytes as `relazione.xlsx`: an error
//! or a scored plan, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// A panic inside the reading library (calamine) on a malformed file is its
/// defect, which the program tells as a damaged file (`isolamento`): caught
/// here; any other still ends the run as a crash.
fn tollera_il_lettore() {
    static UNA_VOLTA: std::sync::Once = std::sync::Once::new();
    UNA_VOLTA.call_once(|| {
        let precedente = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !relazione::isolamento::panico_del_lettore(info) {
                precedente(info);
            }
        }));
    });
}

fuzz_target!(|dati: &[u8]| {
    tollera_il_lettore();
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("relazione.xlsx"), dati).expect("write");
    if let Ok(Ok(r)) = std::panic::catch_unwind(|| relazione::carica(dir.path())) {
        let _ = relazione::report::figure(&r);
        let _ = relazione::report::tabella(&r);
    }
});
