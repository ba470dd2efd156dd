//! Regenerates `data/relazione.xlsx`, the 2022 sample, from its text sources in
//! `data/sorgente/` (one TSV per sheet, reviewable in a diff):
//!
//!     cargo run --example campione
//!
//! or any workbook from other sources: `cargo run --example campione -- SORGENTI USCITA.xlsx`.
//! The test `sample_workbook_matches_its_sources` fails when data/ and its sources disagree.

use std::path::{Path, PathBuf};

fn main() -> anyhow::Result<()> {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let sorgenti = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| radice.join("data/sorgente"));
    let uscita = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| radice.join("data").join(relazione::workbook::NOME_FILE));
    let fogli = relazione::workbook::scrivi::da_tsv(&sorgenti)?;
    relazione::workbook::scrivi::scrivi(&uscita, &fogli)?;
    println!("scritto {}", uscita.display());
    Ok(())
}
