//! Two drafts compared, for `relazione confronta`, its prospetto and the
//! marked build: read, their texts rendered as a reader reads them, then the
//! one comparison of [`crate::diff`], which works on the model alone.

use crate::diff::{self, Differenze};
use crate::{Errore, Relazione, carica, render};
use std::path::Path;

/// Compares two drafts (report folders or workbooks).
pub fn confronta_bozze(prima: &Path, dopo: &Path) -> Result<Differenze, Errore> {
    let (a, b) = (carica(prima)?, carica(dopo)?);
    confronta(&a, &b, prima, dopo)
}

/// Compares two drafts already read, named by the paths they were read from.
pub fn confronta(a: &Relazione, b: &Relazione, prima: &Path, dopo: &Path) -> Result<Differenze, Errore> {
    let (sa, sb) = if prima.is_dir() && dopo.is_dir() {
        (render::testi_in_chiaro(a)?, render::testi_in_chiaro(b)?)
    } else {
        Default::default()
    };
    diff::confronta(a, b, (prima, dopo), (&sa, &sb))
}
