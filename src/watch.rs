//! `relazione watch`: the PDF rebuilt whenever an input of the report is saved
//! — the workbook, a text, a template, an image the document shows — and only
//! then; with `--pubblica`, the web edition after it. Typst's memoized work stays in memory between builds, so a change redoes
//! only what it touches; old cache entries are evicted after each build so that
//! memory stays flat.

use crate::build::{Esito, Opzioni, costruisci, protetto};
use crate::{Errore, workbook};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A save is a burst of events (an office program writes a temporary file, then
/// renames it over the workbook): the rebuild starts once the inputs have been
/// quiet this long.
pub const QUIETE: Duration = Duration::from_millis(30);
/// … or this long, when the last event of an input said its writing is over:
/// a file renamed onto it (how an office program ends a save) or closed by
/// the program that wrote it (an editor saving a text in place). Only the
/// events of the same operation, which the system reports together, still
/// come; waiting the whole [`QUIETE`] was a fifth of the wait under `watch`
/// (README, «Prestazioni»).
pub const QUIETE_DOPO_LA_FINE: Duration = Duration::from_millis(5);
/// Typst cache entries unused for this many builds are dropped after each one.
pub const ETA_CACHE: usize = 10;

/// What `relazione watch` reports after each build.
pub enum Evento {
    /// A build finished: the PDF, its pages, the time it took, the warnings;
    /// with `--pubblica`, the folder of the web edition written after it, or
    /// why it could not be.
    Costruito {
        esito: Box<Esito>,
        durata: Duration,
        edizione: Option<Result<PathBuf, Errore>>,
        /// What the save changed, in words: `foglio Indicatori`,
        /// `testo testi/01-premessa.md`, `modello stile.typ` (empty for the
        /// first build).
        cambiamenti: Vec<String>,
    },
    /// A build failed; the previous PDF is untouched.
    Fallito {
        errore: Errore,
        durata: Duration,
        /// What was saved, as in [`Evento::Costruito`].
        cambiamenti: Vec<String>,
    },
}

/// What reaches the watch loop: inputs saved, or the request to stop.
enum Segnale {
    /// Files written; with the file whose writing this event ends, if it does
    /// (see [`scrittura_finita`]).
    Salvati(Vec<PathBuf>, Option<PathBuf>),
    Ferma,
}

/// The file whose writing an event ends: the one a file was renamed onto, or
/// one closed after being written. `None` for the events in the middle of a
/// save (a file created, written, renamed away) and for reads.
fn scrittura_finita(ev: &notify::Event) -> Option<&Path> {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    match ev.kind {
        notify::EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
        | notify::EventKind::Access(AccessKind::Close(AccessMode::Write)) => ev.paths.last().map(PathBuf::as_path),
        _ => None,
    }
}

/// Stops a watch from another thread (or a signal handler), at once.
#[derive(Clone)]
pub struct Fermo(mpsc::Sender<Segnale>);

impl Fermo {
    pub fn ferma(&self) {
        let _ = self.0.send(Segnale::Ferma);
    }
}

/// The inputs of a report: files, and folders where any file counts (the texts,
/// the templates).
#[derive(Debug, Default)]
struct Ingressi {
    file: BTreeSet<PathBuf>,
    cartelle: BTreeSet<PathBuf>,
    /// The report folder itself: replaced whole (a sync tool, an editor that
    /// saves a copy and renames it), it is watched again.
    radice: Option<PathBuf>,
}

impl Ingressi {
    /// What a build reads even when it fails: the workbook, `testi/`, the templates.
    fn di_base(o: &Opzioni) -> Ingressi {
        let mut i = Ingressi::default();
        if let Ok(libro) = workbook::percorso(&o.cartella) {
            let cartella = libro.parent().map(Path::to_path_buf).unwrap_or_default();
            i.file.insert(canonico(&libro));
            i.cartelle.insert(canonico(&cartella.join("testi")));
            i.radice = Some(canonico(&cartella));
        }
        if let Some(m) = &o.modelli {
            i.cartelle.insert(canonico(m));
            i.cartelle.insert(canonico(&m.join("font")));
        }
        i
    }

    fn con(mut self, letti: &[PathBuf]) -> Ingressi {
        self.file.extend(letti.iter().map(|p| canonico(p)));
        self
    }

    /// A saved input, or a folder of inputs created, replaced or removed
    /// (`testi/`, the report folder, the folder of an image).
    fn rilevante(&self, p: &Path) -> bool {
        self.file.contains(p)
            || p.parent().is_some_and(|d| self.cartelle.contains(d))
            || self.cartelle.contains(p)
            || self.radice.as_deref() == Some(p)
            || self.file.iter().any(|f| f.parent() == Some(p))
    }

    /// The folders to watch (non-recursively) to see every input change: the
    /// folders of the inputs, and the folders that hold those folders, where
    /// their replacement shows.
    fn da_guardare(&self) -> BTreeSet<PathBuf> {
        let mut out: BTreeSet<PathBuf> = self
            .file
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        out.extend(self.cartelle.iter().filter(|c| c.is_dir()).cloned());
        let contenitori: Vec<PathBuf> = self
            .cartelle
            .iter()
            .map(PathBuf::as_path)
            .chain(self.radice.as_deref())
            .chain(self.file.iter().filter_map(|f| f.parent()))
            .filter_map(|c| c.parent().map(Path::to_path_buf))
            .collect();
        out.extend(contenitori.into_iter().filter(|c| c.is_dir()));
        out
    }
}

fn canonico(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// A watch of one report folder.
pub struct Osservatore {
    opzioni: Opzioni,
    tx: mpsc::Sender<Segnale>,
    rx: mpsc::Receiver<Segnale>,
    watcher: notify::RecommendedWatcher,
    /// The folders watched, each with the identity (device, inode) of the
    /// folder watched: a folder replaced under the same name is another.
    guardate: BTreeMap<PathBuf, Option<(u64, u64)>>,
    ingressi: Ingressi,
    /// The plan of the last good build, to tell which sheets a save changed.
    precedente: Option<crate::model::Piano>,
}

impl Osservatore {
    pub fn nuovo(o: &Opzioni) -> Result<Osservatore, Errore> {
        // Build after build, the large blocks of the cache go back to the
        // system as soon as they are freed: the memory stays flat.
        crate::typeset::memoria::rendi_i_blocchi_grandi();
        let (tx, rx) = mpsc::channel();
        let invia = tx.clone();
        let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            // Only writes count: reading the files (as each build does) must not
            // trigger the next build. Closing a file written is the end of a write.
            if let Ok(ev) = ev {
                let finita = scrittura_finita(&ev).map(Path::to_path_buf);
                if finita.is_some() || !matches!(ev.kind, notify::EventKind::Access(_)) {
                    let _ = invia.send(Segnale::Salvati(ev.paths, finita));
                }
            }
        })
        .map_err(|e| Errore::Io {
            percorso: o.cartella.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(Osservatore {
            opzioni: Opzioni {
                memoria: crate::typeset::Memoria::Conserva,
                ..o.clone()
            },
            tx,
            rx,
            watcher,
            guardate: BTreeMap::new(),
            ingressi: Ingressi::di_base(o),
            precedente: None,
        })
    }

    /// After each build, also writes the web edition into `cartella`
    /// (`watch --pubblica`).
    pub fn pubblicando(mut self, cartella: PathBuf) -> Osservatore {
        self.opzioni.anche = vec![(crate::uscite::Genere::EdizioneWeb, cartella)];
        self
    }

    /// The handle that stops [`Osservatore::esegui`].
    pub fn fermo(&self) -> Fermo {
        Fermo(self.tx.clone())
    }

    /// Builds now, then again after each save of an input, until stopped.
    pub fn esegui(mut self, mut riferisci: impl FnMut(Evento)) -> Result<(), Errore> {
        let mut salvati: BTreeSet<PathBuf> = BTreeSet::new();
        // Watching before the first build: a save made while it runs is heard.
        self.guarda()?;
        loop {
            let evento = self.costruisci(&salvati);
            riferisci(evento);
            self.guarda()?;
            // Wait for a save of an input, then for the end of its burst of events.
            salvati.clear();
            // Whether the last event of an input ended its writing.
            let mut finita = false;
            while salvati.is_empty() {
                match self.rx.recv() {
                    Ok(Segnale::Salvati(p, fine)) => {
                        finita = self.aggiungi(&mut salvati, p, fine, finita);
                    }
                    Ok(Segnale::Ferma) | Err(_) => return Ok(()),
                }
            }
            loop {
                let quiete = if finita { QUIETE_DOPO_LA_FINE } else { QUIETE };
                match self.rx.recv_timeout(quiete) {
                    Ok(Segnale::Salvati(p, fine)) => {
                        finita = self.aggiungi(&mut salvati, p, fine, finita);
                    }
                    Ok(Segnale::Ferma) => return Ok(()),
                    Err(_) => break,
                }
            }
        }
    }

    /// Adds the inputs among `percorsi` to `salvati`; says whether the save is
    /// now over: `fine` is the end of the writing of a file the last build
    /// read (the workbook, a text, an image), or, for an event that touches no
    /// input, what was known before. A file only inside a folder of inputs
    /// (an editor's temporary file in `testi/`, a text not yet read) ends
    /// nothing: its program may still rename it onto an input.
    fn aggiungi(
        &self,
        salvati: &mut BTreeSet<PathBuf>,
        percorsi: Vec<PathBuf>,
        fine: Option<PathBuf>,
        prima: bool,
    ) -> bool {
        let rilevanti = self.rilevanti(percorsi);
        if rilevanti.is_empty() {
            return prima;
        }
        salvati.extend(rilevanti);
        fine.is_some_and(|f| self.ingressi.file.contains(&canonico(&f)))
    }

    /// The saved paths that are inputs of the report, canonical.
    fn rilevanti(&self, percorsi: Vec<PathBuf>) -> Vec<PathBuf> {
        percorsi
            .iter()
            .map(|p| canonico(p))
            .filter(|p| self.ingressi.rilevante(p))
            .collect()
    }

    /// What the saved files are, in words; for the workbook, the sheets whose
    /// rows changed since the last good build.
    fn cambiamenti(&self, salvati: &BTreeSet<PathBuf>, nuovo: Option<&crate::model::Piano>) -> Vec<String> {
        let libro = workbook::percorso(&self.opzioni.cartella).map(|l| canonico(&l)).ok();
        let modelli = self.opzioni.modelli.as_deref().map(canonico);
        let mut out = Vec::new();
        for p in salvati {
            let nome = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if Some(p) == libro.as_ref() {
                match (&self.precedente, nuovo) {
                    (Some(a), Some(b)) => {
                        let fogli = fogli_cambiati(a, b);
                        if fogli.is_empty() {
                            out.push(format!("{nome} (nessun dato cambiato)"));
                        }
                        out.extend(fogli.into_iter().map(|f| format!("foglio {f}")));
                    }
                    _ => out.push(format!("cartella di lavoro {nome}")),
                }
            } else if modelli.as_ref().is_some_and(|m| p.starts_with(m)) {
                out.push(format!("modello {nome}"));
            } else if p.parent().and_then(Path::file_name).is_some_and(|d| d == "testi") {
                out.push(format!("testo testi/{nome}"));
            } else {
                out.push(format!("file {nome}"));
            }
        }
        out
    }

    fn costruisci(&mut self, salvati: &BTreeSet<PathBuf>) -> Evento {
        let t = Instant::now();
        let evento = match protetto(|| costruisci(&self.opzioni)) {
            Ok(mut esito) => {
                let cambiamenti = self.cambiamenti(salvati, Some(&esito.relazione.pianificato));
                self.precedente = Some(esito.relazione.pianificato.clone());
                self.ingressi = Ingressi::di_base(&self.opzioni).con(&esito.ingressi);
                // The web edition, when asked, was made from the same work (`Opzioni::anche`).
                let edizione = esito.anche.pop().map(|(_, scritta)| scritta.map(|s| s.percorso));
                Evento::Costruito {
                    esito: Box::new(esito),
                    durata: t.elapsed(),
                    edizione,
                    cambiamenti,
                }
            }
            Err(errore) => Evento::Fallito {
                errore,
                durata: t.elapsed(),
                cambiamenti: self.cambiamenti(salvati, None),
            },
        };
        comemo::evict(ETA_CACHE);
        evento
    }

    /// Watches the folders of the current inputs (a new image, a new texts
    /// folder, are picked up after the build that first reads them). A folder
    /// replaced since it was watched — `testi/` or the report folder renamed
    /// over by an editor or a sync tool — is watched again: a watch follows a
    /// folder, not its name, and would otherwise hear nothing more.
    fn guarda(&mut self) -> Result<(), Errore> {
        for dir in self.ingressi.da_guardare() {
            let ora = identita(&dir);
            if self.guardate.get(&dir) != Some(&ora) {
                if self.guardate.remove(&dir).is_some() {
                    let _ = self.watcher.unwatch(&dir);
                }
                match self.watcher.watch(&dir, RecursiveMode::NonRecursive) {
                    Ok(()) => {
                        self.guardate.insert(dir, ora);
                    }
                    // Gone between the listing and the watch: a folder being
                    // replaced (removed, then its copy renamed in). The folder
                    // that holds it is watched and hears the copy arrive; the
                    // rebuild that follows watches it then.
                    Err(_) if identita(&dir).is_none() => {}
                    Err(e) => {
                        return Err(Errore::Io {
                            percorso: dir.clone(),
                            source: std::io::Error::other(e.to_string()),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// A folder's identity on its disk (device and inode), where the system has one.
fn identita(dir: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        m.modified().ok().map(|t| {
            (
                0,
                t.duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64),
            )
        })
    }
}

/// The sheets whose rows differ between two readings of the workbook, named
/// as the contract names them.
fn fogli_cambiati(a: &crate::model::Piano, b: &crate::model::Piano) -> Vec<&'static str> {
    use crate::workbook::schema;
    // One entry per sheet of the contract: a sheet added there and not here
    // does not compile.
    let fogli: [(schema::Foglio, bool); schema::FOGLI.len()] = [
        (schema::ENTE, a.ente != b.ente),
        (schema::AMBITI, a.ambiti != b.ambiti),
        (schema::UNITA, a.unita != b.unita),
        (schema::OBIETTIVI, a.obiettivi != b.obiettivi),
        (schema::INDICATORI, a.indicatori != b.indicatori),
        (schema::MODIFICHE, a.modifiche != b.modifiche),
        (schema::ASSEGNAZIONI, a.assegnazioni != b.assegnazioni),
        (schema::SERIE, a.serie != b.serie),
        (schema::DATI, a.dati != b.dati),
        (schema::FASCE, a.fasce != b.fasce),
        (schema::PERSONE, a.persone != b.persone),
        (schema::COMPONENTI, a.componenti != b.componenti),
        (schema::PUNTEGGI, a.punteggi_individuali != b.punteggi_individuali),
        (schema::DISTRIBUZIONE, a.distribuzione != b.distribuzione),
        (schema::AVVISI, a.avvisi_accettati != b.avvisi_accettati),
    ];
    fogli
        .into_iter()
        .filter_map(|(foglio, diverso)| diverso.then_some(foglio.nome))
        .collect()
}

/// Rebuilds whenever an input is saved, until `fermo` is used (see
/// [`Osservatore`]).
pub fn osserva(o: &Opzioni, riferisci: impl FnMut(Evento)) -> Result<(), Errore> {
    Osservatore::nuovo(o)?.esegui(riferisci)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_names_the_sheets_it_changed_those_of_persons_too() {
        let cartella = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/universita");
        let prima = crate::carica(&cartella).unwrap().pianificato;
        let mut dopo = prima.clone();
        assert!(fogli_cambiati(&prima, &dopo).is_empty());
        dopo.persone[0].genere = Some("X".into());
        assert_eq!(fogli_cambiati(&prima, &dopo), ["Persone"]);
        dopo.punteggi_individuali.pop();
        assert_eq!(fogli_cambiati(&prima, &dopo), ["Persone", "Punteggi"]);
    }

    /// An office program's save ends with its temporary file renamed onto the
    /// workbook, an editor's with the text closed after writing it: those
    /// events, and only those, end the wait for the burst early.
    #[test]
    fn the_end_of_a_save_is_a_rename_onto_the_file_or_its_close_after_writing() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};
        use notify::{Event, EventKind};
        let libro = PathBuf::from("/c/relazione.xlsx");
        let temporaneo = PathBuf::from("/c/.~relazione.xlsx");
        let evento = |kind, paths: &[&PathBuf]| paths.iter().fold(Event::new(kind), |e, p| e.add_path(p.to_path_buf()));
        let rinomina = |modo| EventKind::Modify(ModifyKind::Name(modo));
        // The rename of the temporary file onto the workbook, as inotify reports it.
        let a = evento(rinomina(RenameMode::To), &[&libro]);
        assert_eq!(scrittura_finita(&a), Some(libro.as_path()));
        let entrambi = evento(rinomina(RenameMode::Both), &[&temporaneo, &libro]);
        assert_eq!(scrittura_finita(&entrambi), Some(libro.as_path()));
        // The workbook renamed away (Excel keeps a backup first) ends the
        // backup's writing, which is no input: the watch waits the whole quiet.
        let via = evento(rinomina(RenameMode::Both), &[&libro, &temporaneo]);
        assert_eq!(scrittura_finita(&via), Some(temporaneo.as_path()));
        assert_eq!(scrittura_finita(&evento(rinomina(RenameMode::From), &[&libro])), None);
        // Written in place: the close ends it, not the writes before.
        let chiuso = evento(EventKind::Access(AccessKind::Close(AccessMode::Write)), &[&libro]);
        assert_eq!(scrittura_finita(&chiuso), Some(libro.as_path()));
        let scritto = evento(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &[&libro]);
        assert_eq!(scrittura_finita(&scritto), None);
        assert_eq!(
            scrittura_finita(&evento(EventKind::Create(CreateKind::File), &[&temporaneo])),
            None
        );
        // A file read and closed (as every build reads them) ends no write.
        let letto = evento(EventKind::Access(AccessKind::Close(AccessMode::Read)), &[&libro]);
        assert_eq!(scrittura_finita(&letto), None);
    }

    /// Only the end of the writing of a file the build reads shortens the
    /// wait: an editor's temporary file in `testi/` is a save in progress, and
    /// an event outside the inputs changes nothing of what was known.
    #[test]
    fn a_save_is_over_when_an_input_it_wrote_is_in_place() {
        let cartella = canonico(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
        let o = Osservatore::nuovo(&Opzioni {
            cartella: cartella.clone(),
            ..Default::default()
        })
        .unwrap();
        let libro = cartella.join("relazione.xlsx");
        let mut salvati = BTreeSet::new();
        assert!(o.aggiungi(&mut salvati, vec![libro.clone()], Some(libro.clone()), false));
        assert!(salvati.contains(&libro));
        // The workbook written, not yet closed: the save goes on.
        assert!(!o.aggiungi(&mut salvati, vec![libro.clone()], None, true));
        // A temporary file of an editor among the texts: an input's folder, not an input.
        let provvisorio = cartella.join("testi/.01-premessa.md.swp");
        assert!(!o.aggiungi(&mut salvati, vec![provvisorio.clone()], Some(provvisorio), false));
        // An office program's temporary file beside the workbook is no input at all.
        let accanto = cartella.join(".~lock.relazione.xlsx#");
        assert!(o.aggiungi(&mut salvati, vec![accanto.clone()], Some(accanto.clone()), true));
        assert!(!o.aggiungi(&mut salvati, vec![accanto.clone()], Some(accanto), false));
    }
}
