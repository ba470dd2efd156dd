//! Several report folders built in parallel (one office, many years; or many
//! entes): each its own PDF and its own outcome, one failure — even a defect of
//! the program — never stopping the rest.

use crate::build::{Esito, Opzioni, costruisci_relazione, protetto};
use crate::{Errore, carica};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The PDF of one folder of a batch: `out/relazione-<anno>-<cartella>.pdf`.
pub fn uscita_lotto(dir: &Path, cartella: &Path, anno: i32) -> PathBuf {
    let nome: String = cartella
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    dir.join(format!("relazione-{anno}-{nome}.pdf"))
}

/// Builds several report folders in parallel (one office, many years; or many
/// entes): each its own PDF in `dir` and its own outcome, one failure never
/// stopping the rest. `avanza` is called as each folder finishes.
pub fn costruisci_lotto(
    cartelle: &[PathBuf],
    dir: &Path,
    modelli: Option<&Path>,
    avanza: impl Fn(&Path, &Result<Esito, Errore>) + Sync,
) -> Vec<(PathBuf, Result<Esito, Errore>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let prossima = AtomicUsize::new(0);
    let risultati = std::sync::Mutex::new(Vec::new());
    let lavoratori = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(cartelle.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..lavoratori {
            s.spawn(|| {
                loop {
                    let i = prossima.fetch_add(1, Ordering::Relaxed);
                    let Some(cartella) = cartelle.get(i) else { break };
                    let t = Instant::now();
                    // A defect met in one folder is that folder's error, not the end of the batch.
                    let esito = protetto(|| {
                        carica(cartella).and_then(|r| {
                            let opzioni = Opzioni {
                                cartella: cartella.clone(),
                                uscita: Some(uscita_lotto(dir, cartella, r.piano().ente.anno)),
                                modelli: modelli.map(Path::to_path_buf),
                                ..Default::default()
                            };
                            costruisci_relazione(r, &opzioni, t.elapsed())
                        })
                    });
                    avanza(cartella, &esito);
                    risultati.lock().expect("lock").push((i, cartella.clone(), esito));
                }
            });
        }
    });
    let mut r = risultati.into_inner().expect("lock");
    r.sort_by_key(|(i, ..)| *i);
    r.into_iter().map(|(_, c, e)| (c, e)).collect()
}
