//! The integration tests, as an office and its reviewers use the program: one
//! program, so that the Typst stack is linked once, with a module per subject
//! and the helpers in `common/`. `tests/memory.rs` is a program of its own: its
//! tests measure the memory of their process, one at a time.

/// The program's counting allocator, so that the layout can bound its memory
/// here as `relazione componi` does.
#[global_allocator]
static ALLOCATORE: relazione::typeset::memoria::Contatore = relazione::typeset::memoria::Contatore;

mod common;

mod apri;
mod architettura;
mod attacchi;
mod bad_input;
mod batch;
mod cartella_ostile;
mod cli;
mod comune;
mod corpus;
mod deliberations;
mod document;
mod dossier;
mod drafts;
mod evaluation_systems;
mod firma;
mod formati;
mod hostile;
mod parole_e_struttura;
mod plan_rules;
mod primo_giorno;
mod properties;
mod pubblica;
mod sample_2022;
mod spiega;
mod universita;
mod uscite;
mod verifica;
mod watch;
