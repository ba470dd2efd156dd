//! `relazione apri`: the office's workspace, a page in the default browser
//! that shows the report of one folder rebuilt on every save, with `check`'s
//! errors and warnings, `spiega`, the comparison with a previous draft and the
//! buttons of `componi` and `pubblica` — the same library functions the
//! terminal's commands run. Started in a folder that holds report folders, the
//! page lists them and creates one.
//!
//! A small HTTP server (`tiny_http`) on the loopback address and a free port;
//! [`sicurezza`] admits only requests that name it by a loopback name and carry
//! the random key of its address; [`registro`] keeps that address where only
//! the user reads it, so that a second start opens the first. It ends when its
//! last page has been closed for a few seconds, or on Ctrl+C.

mod banco;
mod pagine;
mod registro;
mod rotte;
mod sicurezza;

use crate::Errore;
use banco::Banco;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What `relazione apri` opens.
#[derive(Debug, Clone, Default)]
pub struct Opzioni {
    /// A report folder, or a folder that holds report folders.
    pub cartella: PathBuf,
    /// A folder of templates overriding the embedded ones.
    pub modelli: Option<PathBuf>,
    /// Open the page in the default browser (the address is printed either way).
    pub browser: bool,
}

/// How the workspace started: a new one at this address, or the one already
/// open on the same folder.
pub enum Avvio<'a> {
    Nuovo(&'a str),
    GiaAperto(&'a str),
}

/// Set (by the handler of Ctrl+C, or of the system's request to end) to end
/// the workspace.
pub static INTERROTTO: AtomicBool = AtomicBool::new(false);

/// What a workspace answers at `vivo`: a second start knows it by this.
const VIVO: &str = "relazione apri\n";

/// Whether `dir` is something `apri` opens: a report folder, or a folder that
/// holds at least one (what a double-click on the program there means).
pub fn apribile(dir: &Path) -> bool {
    banco::e_una_relazione(dir) || !banco::cartelle_in(dir).is_empty()
}

fn io(percorso: &Path) -> impl Fn(std::io::Error) -> Errore + '_ {
    move |source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    }
}

/// Opens the workspace of `o.cartella` — or, when one is already open on it,
/// that one — and tells `annuncia` its address; then serves it until its last
/// page closes or [`INTERROTTO`] is set.
pub fn apri(o: &Opzioni, annuncia: impl FnOnce(Avvio<'_>)) -> Result<(), Errore> {
    // The full path, without the `\\?\` prefix Windows gives a canonical one.
    let radice = dunce::canonicalize(&o.cartella).map_err(io(&o.cartella))?;
    if !radice.is_dir() {
        return Err(Errore::CartellaMancante(o.cartella.clone()));
    }
    if let Some(indirizzo) = registro::aperto(&radice) {
        if o.browser {
            apri_nel_browser(&radice, &indirizzo);
        }
        annuncia(Avvio::GiaAperto(&indirizzo));
        return Ok(());
    }
    let server =
        tiny_http::Server::http("127.0.0.1:0").map_err(|e| io(&radice)(std::io::Error::other(e.to_string())))?;
    let porta = server.server_addr().to_ip().map_or(0, |a| a.port());
    let chiave = sicurezza::nuova_chiave().map_err(io(&radice))?;
    let indirizzo = format!("http://127.0.0.1:{porta}/{chiave}/");
    let banco = Arc::new(Banco::nuovo(radice.clone(), o.modelli.clone(), chiave, porta).map_err(io(&radice))?);
    if banco::e_una_relazione(&radice) {
        banco.apri(radice.clone())?;
    }
    let _registro = registro::Registro::scrivi(&radice, &indirizzo);
    if o.browser {
        apri_nel_browser(&radice, &indirizzo);
    }
    annuncia(Avvio::Nuovo(&indirizzo));
    while !INTERROTTO.load(Ordering::Relaxed) && !banco.abbandonato() {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(richiesta)) => {
                let banco = Arc::clone(&banco);
                // A defect met answering one request ends that request only
                // (the panic hook has said what happened).
                std::thread::spawn(move || {
                    let _ =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rotte::rispondi(richiesta, &banco)));
                });
            }
            Ok(None) => {}
            Err(e) => {
                banco.chiudi();
                return Err(io(&radice)(e));
            }
        }
    }
    banco.chiudi();
    Ok(())
}

/// The default browser, given the address through the private start page
/// (see [`registro`]); the address is printed in any case, for a machine
/// where no browser starts.
fn apri_nel_browser(radice: &Path, indirizzo: &str) {
    let _ = match registro::pagina_di_avvio(radice, indirizzo) {
        Some(pagina) => opener::open_browser(pagina),
        None => opener::open_browser(indirizzo),
    };
}
