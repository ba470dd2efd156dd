//! `relazione build`: the report folder in, the signed-ready PDF out — read and
//! score, fill the templates, typeset, write atomically.

use crate::render::{self, Modelli, Sorgenti};
use crate::typeset::{self, Diagnostica, Identita};
use crate::{Errore, Relazione, carica};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct Opzioni {
    /// The report folder (or its workbook).
    pub cartella: PathBuf,
    /// The PDF to write; default `out/relazione-<anno>.pdf`.
    pub uscita: Option<PathBuf>,
    /// A folder of templates overriding the embedded ones.
    pub modelli: Option<PathBuf>,
    /// Where to write the generated Typst sources, if wanted.
    pub emetti_typst: Option<PathBuf>,
    /// An earlier draft: every figure and paragraph that differs from it is marked.
    pub confronto: Option<PathBuf>,
}

/// Time spent in each phase.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tempi {
    /// Reading the workbook, applying the changes, scoring, checking.
    pub lettura: Duration,
    /// Filling the templates and converting the texts.
    pub modelli: Duration,
    /// Typst: laying out the document.
    pub impaginazione: Duration,
    /// Exporting the PDF.
    pub pdf: Duration,
    /// Writing the file.
    pub scrittura: Duration,
}

/// A finished build.
#[derive(Debug)]
pub struct Esito {
    pub pdf: PathBuf,
    pub pagine: usize,
    pub relazione: Relazione,
    pub avvisi_typst: Vec<Diagnostica>,
    pub tempi: Tempi,
}

/// The default PDF of a report: `out/relazione-<anno>.pdf`.
pub fn uscita_predefinita(anno: i32) -> PathBuf {
    PathBuf::from("out").join(format!("relazione-{anno}.pdf"))
}

/// The identity that makes the PDF reproducible: ente and year, and the date of
/// the approving deliberation when the cover gives one.
pub fn identita(r: &Relazione) -> Identita {
    let ente = &r.piano().ente;
    Identita {
        id: format!("relazione-sulla-performance/{}/{}", ente.nome, ente.anno),
        data: Some(ente.data_documento()),
    }
}

/// Builds the report and writes the PDF; a failure leaves any previous PDF as it was.
pub fn costruisci(o: &Opzioni) -> Result<Esito, Errore> {
    let t0 = Instant::now();
    let relazione = carica(&o.cartella)?;
    costruisci_relazione(relazione, o, t0.elapsed())
}

/// Builds the PDF of a report folder already read and scored (`o.cartella` is
/// not read again); `lettura` is the time its reading took.
pub fn costruisci_relazione(relazione: Relazione, o: &Opzioni, lettura: Duration) -> Result<Esito, Errore> {
    let t1 = Instant::now();
    let modelli = Modelli {
        cartella: o.modelli.clone(),
    };
    let sorgenti = match &o.confronto {
        None => render::genera(&relazione, &modelli)?,
        Some(bozza) => {
            let vecchia = carica(bozza)?;
            render::genera_confronto(&relazione, Some((&vecchia, &bozza.display().to_string())), &modelli)?
        }
    };
    let t2 = Instant::now();
    if let Some(dir) = &o.emetti_typst {
        emetti(&sorgenti, &render::cartella_relazione(&relazione), dir)?;
    }
    let composto = typeset::componi(
        &sorgenti,
        &render::cartella_relazione(&relazione),
        modelli.cartella(),
        &identita(&relazione),
    )
    .map_err(Errore::Typst)?;
    let t3 = Instant::now();
    let pdf = o
        .uscita
        .clone()
        .unwrap_or_else(|| uscita_predefinita(relazione.piano().ente.anno));
    scrivi_atomico(&pdf, &composto.pdf)?;
    let t4 = Instant::now();
    Ok(Esito {
        pdf,
        pagine: composto.pagine,
        relazione,
        avvisi_typst: composto.avvisi,
        tempi: Tempi {
            lettura,
            modelli: t2 - t1,
            impaginazione: composto.tempo_impaginazione,
            pdf: composto.tempo_pdf,
            scrittura: t4 - t3,
        },
    })
}

/// Writes a file through a temporary one in the same folder and a rename, so a
/// reader never sees half a PDF and a failure never truncates the old one.
pub fn scrivi_atomico(percorso: &Path, dati: &[u8]) -> Result<(), Errore> {
    use std::io::Write;
    let io = |source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    };
    let dir = percorso
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(dati).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // A temporary file is private (0600); the report is a document to share.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    tmp.persist(percorso).map_err(|e| io(e.error))?;
    Ok(())
}

/// Writes the generated Typst sources, with the templates and the report
/// folder's files, so that `typst compile --root DIR DIR/relazione.typ` builds
/// the same document.
pub fn emetti(sorgenti: &Sorgenti, cartella: &Path, dir: &Path) -> Result<(), Errore> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Errore::Io { percorso: p, source }
    };
    for (virtuale, testo) in &sorgenti.file {
        let p = dir.join(virtuale.trim_start_matches('/'));
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&p, testo).map_err(io(&p))?;
    }
    // The files of the report folder that the document may show (logo, images).
    let dati = dir.join(render::CARTELLA_DATI.trim_start_matches('/'));
    copia_cartella(cartella, &dati).map_err(io(&dati))?;
    Ok(())
}

fn copia_cartella(da: &Path, a: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(a)?;
    let destinazione_canonica = a.canonicalize()?;
    for e in std::fs::read_dir(da)? {
        let e = e?;
        // Never copy the destination into itself (sources emitted inside the folder).
        if destinazione_canonica.starts_with(e.path().canonicalize()?) {
            continue;
        }
        let tipo = e.file_type()?;
        let destinazione = a.join(e.file_name());
        if tipo.is_dir() {
            copia_cartella(&e.path(), &destinazione)?;
        } else if tipo.is_file() && e.path().extension().is_none_or(|x| x != "xlsx") {
            std::fs::copy(e.path(), destinazione)?;
        }
    }
    Ok(())
}

/// What `relazione watch` reports after each build.
pub enum Evento {
    /// A build finished: the PDF, its pages, the time it took, the warnings.
    Costruito { esito: Box<Esito>, durata: Duration },
    /// A build failed; the previous PDF is untouched.
    Fallito { errore: Errore, durata: Duration },
}

/// Whether a changed file should trigger a rebuild: not the PDF we write, not the
/// lock and temporary files of Excel and LibreOffice, not editors' backups.
fn rilevante(p: &Path, uscita: &Path) -> bool {
    let nome = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temporaneo = nome.starts_with("~$")
        || nome.starts_with(".~lock")
        || nome.starts_with(".#")
        || nome.ends_with('~')
        || nome.ends_with(".tmp")
        || nome.ends_with(".swp")
        || nome.starts_with(".tmp");
    !temporaneo && p != uscita && p.extension().is_none_or(|e| e != "pdf")
}

/// Rebuilds whenever the workbook, a text or a template changes, until `fermo`
/// is set. Typst's memoized work stays in memory between builds, so a change
/// redoes only what it touches; old cache entries are evicted after each build
/// so memory stays flat.
pub fn osserva(
    o: &Opzioni,
    fermo: &std::sync::atomic::AtomicBool,
    mut riferisci: impl FnMut(Evento),
) -> Result<(), Errore> {
    use notify::{RecursiveMode, Watcher};
    use std::sync::atomic::Ordering;
    let cartella = if o.cartella.is_file() {
        o.cartella.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        o.cartella.clone()
    };
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e: notify::Error| Errore::Io {
            percorso: p,
            source: std::io::Error::other(e.to_string()),
        }
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        // Only writes count: reading the files (as each build does) must not
        // trigger the next build.
        if let Ok(ev) = ev
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })
    .map_err(io(&cartella))?;
    watcher
        .watch(&cartella, RecursiveMode::Recursive)
        .map_err(io(&cartella))?;
    if let Some(m) = &o.modelli {
        watcher.watch(m, RecursiveMode::Recursive).map_err(io(m))?;
    }
    let costruisci_ora = || {
        let t = Instant::now();
        let evento = match costruisci(o) {
            Ok(esito) => Evento::Costruito {
                esito: Box::new(esito),
                durata: t.elapsed(),
            },
            Err(errore) => Evento::Fallito {
                errore,
                durata: t.elapsed(),
            },
        };
        comemo::evict(10);
        evento
    };
    riferisci(costruisci_ora());
    // The PDF's final path, to ignore our own writes.
    let uscita = o.uscita.clone().unwrap_or_default();
    let uscita = uscita.canonicalize().unwrap_or(uscita);
    while !fermo.load(Ordering::Relaxed) {
        let Ok(percorsi) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        let mut cambiato = percorsi.iter().any(|p| rilevante(p, &uscita));
        // Let a save finish: gather the events of the next moment.
        while let Ok(altri) = rx.recv_timeout(Duration::from_millis(120)) {
            cambiato |= altri.iter().any(|p| rilevante(p, &uscita));
        }
        if cambiato {
            riferisci(costruisci_ora());
        }
    }
    Ok(())
}

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
                    let esito = carica(cartella).and_then(|r| {
                        let opzioni = Opzioni {
                            cartella: cartella.clone(),
                            uscita: Some(uscita_lotto(dir, cartella, r.piano().ente.anno)),
                            modelli: modelli.map(Path::to_path_buf),
                            ..Default::default()
                        };
                        costruisci_relazione(r, &opzioni, t.elapsed())
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
