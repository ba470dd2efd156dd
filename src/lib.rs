//! `relazione` builds the annual *Relazione sulla performance* of an Italian public
//! administration from the workbook its planning office keeps.
//!
//! The path of a report folder through the crate:
//! [`workbook`] reads `relazione.xlsx` into the [`model`]; [`changes`] applies the
//! deliberations of the year; [`scoring`] computes every grade and result;
//! [`check`] adds the warnings a careful office wants. [`carica`] does all of it;
//! [`spiega`] tells, step by step, how each figure was computed.
//! Then [`render`] fills the templates, [`typeset`] composes the PDF, and
//! [`uscite`] makes every output of the report — the PDF, the web edition, the
//! open data, the JSON of the figures, the prospetto — each one shape, which
//! [`build`], [`pubblica`], [`watch`] and [`lotto`] drive; [`apri`] is the
//! office's page in the browser that drives them all.

#[cfg(feature = "pdf")]
pub mod apri;
pub mod bozze;
#[cfg(feature = "pdf")]
pub mod build;
pub mod caratteri;
pub mod cartella;
pub mod changes;
pub mod check;
pub mod cifre;
pub mod controllo;
pub mod diff;
pub mod disco;
pub mod errore;
#[cfg(feature = "firma")]
pub mod firma;
pub mod format;
pub mod init;
pub mod limiti;
#[cfg(feature = "pdf")]
pub mod lotto;
pub mod model;
pub mod problem;
#[cfg(feature = "pdf")]
pub mod pubblica;
pub mod render;
pub mod scoring;
pub mod spiega;
pub mod stampa;
pub mod terminale;
#[cfg(feature = "pdf")]
pub mod typeset;
#[cfg(feature = "pdf")]
pub mod uscite;
pub mod validazione;
#[cfg(feature = "pdf")]
pub mod watch;
pub mod workbook;

pub use cartella::{Relazione, carica};
pub use errore::Errore;
