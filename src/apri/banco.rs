//! The state of the workspace, shared by the server's threads and the watch of
//! the report folder: which folder is open, the last build (good or not), the
//! last good document, and the pages that follow it live.

use crate::Relazione;
use crate::build::Opzioni;
use crate::problem::{Gravita, Luogo, Problema};
use crate::watch::{Evento, Fermo, Osservatore};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long the workspace waits, once its last page has closed, for another
/// (a page reloaded reconnects well within it) before it ends.
pub(super) const GRAZIA: Duration = Duration::from_secs(5);

/// The last build, as the page reports it.
pub(super) struct Ultimo {
    pub riuscito: bool,
    /// When it ended, as a clock shows it (`14:32:05`).
    pub ora: String,
    pub durata: Duration,
    /// What the save changed: `foglio Indicatori`, `testo testi/01-premessa.md`.
    pub cambiamenti: Vec<String>,
    /// The errors that stopped it, or the warnings of the document built.
    pub problemi: Vec<Problema>,
}

/// The last good document: the page keeps showing it while errors stop the build.
pub(super) struct Buono {
    pub relazione: Arc<Relazione>,
    pub pdf: PathBuf,
    /// The web edition written beside it, when it could be.
    pub edizione: Option<PathBuf>,
    pub pagine: usize,
    /// Changes with each good build: the page reloads the document then only.
    pub versione: u64,
    pub ora: String,
}

#[derive(Default)]
pub(super) struct Stato {
    /// Changes with everything the page shows: the live pages follow it.
    pub generazione: u64,
    /// The report folder open, canonical; `None` while the page lists them.
    pub cartella: Option<PathBuf>,
    /// Which watch is the current one: a build of a folder left behind reports nothing.
    epoca: u64,
    fermo: Option<Fermo>,
    pub in_corso: bool,
    pub ultimo: Option<Ultimo>,
    pub buono: Option<Buono>,
    /// The last PDF with the changes from a previous draft marked.
    pub segnata: Option<PathBuf>,
}

#[derive(Default)]
struct Clienti {
    aperti: usize,
    vuoto_da: Option<Instant>,
}

pub(super) struct Banco {
    /// Where the workspace was started, canonical: a report folder, or a folder that holds them.
    pub radice: PathBuf,
    pub modelli: Option<PathBuf>,
    pub chiave: String,
    pub porta: u16,
    /// The document of each build (PDF and web edition), shown and then removed.
    anteprima: tempfile::TempDir,
    stato: Mutex<Stato>,
    cambiato: Condvar,
    clienti: Mutex<Clienti>,
    /// The actions of the page (build, publish, compare) run one at a time.
    lavoro: Mutex<()>,
}

/// A page following the workspace live (its stream of events): while one is
/// open the workspace stays; when the last closes, it ends after [`GRAZIA`].
pub(super) struct Presenza<'a>(&'a Banco);

impl Drop for Presenza<'_> {
    fn drop(&mut self) {
        let mut c = blocca(&self.0.clienti);
        c.aperti -= 1;
        if c.aperti == 0 {
            c.vuoto_da = Some(Instant::now());
        }
    }
}

/// A lock whose holder panicked is still usable: the state is replaced whole.
fn blocca<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Banco {
    pub(super) fn nuovo(
        radice: PathBuf,
        modelli: Option<PathBuf>,
        chiave: String,
        porta: u16,
    ) -> std::io::Result<Banco> {
        Ok(Banco {
            radice,
            modelli,
            chiave,
            porta,
            anteprima: tempfile::Builder::new().prefix("relazione-apri-").tempdir()?,
            stato: Mutex::default(),
            cambiato: Condvar::new(),
            clienti: Mutex::default(),
            lavoro: Mutex::default(),
        })
    }

    /// Held while an action of the page runs.
    pub(super) fn lavoro(&self) -> MutexGuard<'_, ()> {
        blocca(&self.lavoro)
    }

    pub(super) fn stato(&self) -> MutexGuard<'_, Stato> {
        blocca(&self.stato)
    }

    /// Waits until the state differs from generation `vista`, at most `limite`;
    /// gives the generation then.
    pub(super) fn attendi(&self, vista: u64, limite: Duration) -> u64 {
        let s = self.stato();
        let (s, _) = self
            .cambiato
            .wait_timeout_while(s, limite, |s| s.generazione == vista)
            .unwrap_or_else(|e| e.into_inner());
        s.generazione
    }

    fn avvisa(&self, mut s: MutexGuard<'_, Stato>) {
        s.generazione += 1;
        drop(s);
        self.cambiato.notify_all();
    }

    pub(super) fn entra(&self) -> Presenza<'_> {
        let mut c = blocca(&self.clienti);
        c.aperti += 1;
        c.vuoto_da = None;
        Presenza(self)
    }

    /// No page has followed the workspace for [`GRAZIA`], after one did.
    pub(super) fn abbandonato(&self) -> bool {
        let c = blocca(&self.clienti);
        c.aperti == 0 && c.vuoto_da.is_some_and(|t| t.elapsed() >= GRAZIA)
    }

    /// Opens `cartella` (a report folder): builds it now, then after every save
    /// of an input, reporting each build here. The folder open before is left.
    pub(super) fn apri(self: &Arc<Banco>, cartella: PathBuf) -> Result<(), crate::Errore> {
        let epoca = {
            let mut s = self.stato();
            if let Some(f) = s.fermo.take() {
                f.ferma();
            }
            s.epoca += 1;
            s.epoca
        };
        let anteprima = self.anteprima.path().join(epoca.to_string());
        let opzioni = Opzioni {
            cartella: cartella.clone(),
            uscita: Some(anteprima.join("relazione.pdf")),
            modelli: self.modelli.clone(),
            ..Default::default()
        };
        let osservatore = Osservatore::nuovo(&opzioni)?.pubblicando(anteprima.join("edizione"));
        let mut s = self.stato();
        s.fermo = Some(osservatore.fermo());
        s.cartella = Some(cartella);
        s.in_corso = true;
        s.ultimo = None;
        s.buono = None;
        s.segnata = None;
        self.avvisa(s);
        // The document of the folder left behind is no longer shown.
        let _ = std::fs::remove_dir_all(self.anteprima.path().join((epoca - 1).to_string()));
        let banco = Arc::clone(self);
        std::thread::spawn(move || {
            // A watch that cannot go on (the system's limit of watched folders,
            // a folder that cannot be read) says so on the page.
            if let Err(errore) = osservatore.esegui(|evento| banco.riferisci(epoca, evento)) {
                banco.riferisci(
                    epoca,
                    Evento::Fallito {
                        errore,
                        durata: Duration::ZERO,
                        cambiamenti: Vec::new(),
                    },
                );
            }
        });
        Ok(())
    }

    /// Back to the list of report folders: the watch of the open one ends.
    pub(super) fn chiudi_cartella(&self) {
        let mut s = self.stato();
        if let Some(f) = s.fermo.take() {
            f.ferma();
        }
        s.epoca += 1;
        s.cartella = None;
        s.in_corso = false;
        s.ultimo = None;
        s.buono = None;
        s.segnata = None;
        self.avvisa(s);
    }

    /// Ends the workspace: the watch stops, the action running (a build, a
    /// publication) finishes, and the documents of the preview are removed.
    pub(super) fn chiudi(&self) {
        if let Some(f) = self.stato().fermo.take() {
            f.ferma();
        }
        let _lavoro = self.lavoro();
        let _ = std::fs::remove_dir_all(self.anteprima.path());
    }

    fn riferisci(&self, epoca: u64, evento: Evento) {
        let mut s = self.stato();
        if s.epoca != epoca {
            return;
        }
        let ora = crate::format::ora();
        s.in_corso = false;
        match evento {
            Evento::Costruito {
                esito,
                durata,
                edizione,
                cambiamenti,
            } => {
                let esito = *esito;
                let mut problemi = esito.relazione.avvisi.clone();
                problemi.extend(crate::render::controlla_testi(&esito.relazione));
                problemi.extend(esito.avvisi_typst.iter().cloned());
                let edizione = match edizione {
                    Some(Ok(dir)) => Some(dir),
                    Some(Err(e)) => {
                        problemi.push(Problema {
                            gravita: Gravita::Avviso,
                            luogo: Luogo::Nessuno {},
                            valore: None,
                            messaggio: format!("l'edizione web non è stata scritta: {e}"),
                        });
                        None
                    }
                    None => None,
                };
                let versione = s.buono.as_ref().map_or(1, |b| b.versione + 1);
                s.buono = Some(Buono {
                    relazione: Arc::new(esito.relazione),
                    pdf: esito.pdf,
                    edizione,
                    pagine: esito.pagine,
                    versione,
                    ora: ora.clone(),
                });
                s.ultimo = Some(Ultimo {
                    riuscito: true,
                    ora,
                    durata,
                    cambiamenti,
                    problemi,
                });
            }
            Evento::Fallito {
                errore,
                durata,
                cambiamenti,
            } => {
                let mut problemi = errore.problemi();
                if problemi.is_empty() {
                    problemi.push(Problema {
                        gravita: Gravita::Errore,
                        luogo: Luogo::Nessuno {},
                        valore: None,
                        messaggio: errore.to_string(),
                    });
                }
                s.ultimo = Some(Ultimo {
                    riuscito: false,
                    ora,
                    durata,
                    cambiamenti,
                    problemi,
                });
            }
        }
        self.avvisa(s);
    }
}

/// The report folders directly inside `dir`, by name.
pub(super) fn cartelle_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| crate::workbook::percorso(p).is_ok())
        .collect();
    out.sort();
    out
}

/// Whether `dir` is a report folder.
pub(super) fn e_una_relazione(dir: &Path) -> bool {
    dir.is_dir() && crate::workbook::percorso(dir).is_ok()
}
