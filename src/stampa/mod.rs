//! Every word the program prints for people at the terminal, in one place: what
//! each command wrote and found ([`esiti`]), the errors with their places, the
//! table of the scores ([`punteggi`]), the differences between two drafts
//! ([`differenze`]), how a figure was computed ([`spiegazione`]) and the
//! report on signatures ([`firme`]). The binary
//! only chooses what to print and where; what comes from a folder (a cell, a
//! file name) is shown, never obeyed ([`crate::terminale`]).

pub mod differenze;
#[cfg(feature = "pdf")]
pub mod esiti;
#[cfg(feature = "firma")]
pub mod firme;
pub mod punteggi;
pub mod spiegazione;

/// The guide for the office (`docs/guida.md`): `relazione guida` prints it,
/// the page of `relazione apri` shows it.
pub const GUIDA: &str = include_str!("../../docs/guida.md");

pub use differenze::testo as differenze;
pub use punteggi::tabella as punteggi;
pub use spiegazione::{figura as spiegazione_figura, testo as spiegazione};
