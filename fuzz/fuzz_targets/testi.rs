//! A narrative text of any content in the 2022 report folder, evaluated and
//! converted as a build does (minijinja with its fuel, the budgets of the
//! texts, Markdown → Typst): an error naming the text or sources of bounded
//! size, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The 2022 workbook, read and scored once, in a folder whose text is rewritten.
fn relazione() -> &'static (tempfile::TempDir, relazione::Relazione) {
    static R: OnceLock<(tempfile::TempDir, relazione::Relazione)> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("relazione.xlsx"),
            include_bytes!("../../data/relazione.xlsx"),
        )
        .expect("write");
        std::fs::create_dir_all(dir.path().join("testi")).expect("testi");
        let r = relazione::carica(dir.path()).expect("the 2022 workbook reads");
        (dir, r)
    })
}

fuzz_target!(|testo: &str| {
    let (dir, r) = relazione();
    std::fs::write(dir.path().join("testi/01.md"), testo).expect("write");
    if let Ok(s) = relazione::render::genera(r, &relazione::render::Modelli::default()) {
        let byte: usize = s.file.values().map(String::len).sum();
        // The texts are bounded (1 MB evaluated); the annexes of 2022 are some MB.
        assert!(byte < 64 * 1024 * 1024, "{byte} bytes of sources");
    }
});
