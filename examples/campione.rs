//! Regenerates `data/relazione.xlsx`, the 2022 sample, from its text sources in
//! `data/sorgente/` (one TSV per sheet, reviewable in a diff):
//!
//!     cargo run --example campione
//!
//! The test `sample_workbook_matches_its_sources` fails when the two disagree.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fogli = relazione::workbook::write::da_tsv(&radice.join("data/sorgente"))?;
    let uscita = radice.join("data").join(relazione::workbook::NOME_FILE);
    relazione::workbook::write::scrivi(&uscita, &fogli)?;
    println!("scritto {}", uscita.display());
    Ok(())
}
