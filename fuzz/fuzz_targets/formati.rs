//! The readers of the workbook's formats (`.xlsx`, `.xlsm`, `.ods`, `.xls`,
//! recognized from the bytes) on arbitrary bytes: an Italian error or a plan,
//! never a panic, and never an allocation beyond what the bounds allow. Run
//! with `-malloc_limit_mb` (see `.ci/run`): a size the file declares that a
//! reader would reserve before reading is a crash here. CI seeds it with the
//! 2022 workbook saved in each format.
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
    let _ = std::panic::catch_unwind(|| relazione::workbook::leggi_dati(dati.to_vec()));
});
