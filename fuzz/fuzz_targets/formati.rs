//! The readers of the workbook's formats (`.xlsx`, `.xlsm`, `.ods`, `.xls`,
//! recognized from the bytes) on arbitrary bytes: an Italian error or a plan,
//! never a panic of the program (the reading library's own are the file's,
//! see `lettore.rs`), and never an allocation beyond what the bounds allow. Run
//! with `-malloc_limit_mb` (see `.ci/run`): a size the file declares that a
//! reader would reserve before reading is a crash here. CI seeds it with the
//! 2022 workbook saved in each format.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "lettore.rs"]
mod lettore;
use lettore::tollera_il_lettore;

fuzz_target!(|dati: &[u8]| {
    tollera_il_lettore();
    let _ = std::panic::catch_unwind(|| relazione::workbook::leggi_dati(dati.to_vec()));
});
