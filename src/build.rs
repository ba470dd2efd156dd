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
    /// Write the PDF even to a name that does not end in `.pdf`.
    pub forza: bool,
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
    let pdf = o
        .uscita
        .clone()
        .unwrap_or_else(|| uscita_predefinita(relazione.piano().ente.anno));
    verifica_uscita(&pdf, o.forza, &ingressi(&relazione, o))?;
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

/// The files a build reads: the workbook, the texts, the templates, the earlier
/// draft's workbook. The PDF may never be written over one of them.
fn ingressi(r: &Relazione, o: &Opzioni) -> Vec<PathBuf> {
    let elenco = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let mut out = vec![r.file.clone()];
    out.extend(elenco(&render::cartella_relazione(r).join("testi")));
    if let Some(m) = &o.modelli {
        out.extend(elenco(m));
        out.extend(elenco(&m.join("font")));
    }
    if let Some(bozza) = &o.confronto {
        out.extend(crate::workbook::percorso(bozza).ok());
    }
    out
}

/// Where the PDF may go: not a device or other special file (`/dev/null`), not a
/// folder, not a file the build reads, and a name ending in `.pdf` unless
/// `forza` (so that a slip of the keyboard never overwrites the workbook).
pub fn verifica_uscita(uscita: &Path, forza: bool, ingressi: &[PathBuf]) -> Result<(), Errore> {
    let no = |motivo: &str| Errore::FileNonAmmesso {
        percorso: uscita.to_path_buf(),
        motivo: motivo.to_string(),
    };
    if let Ok(m) = std::fs::metadata(uscita) {
        if m.is_dir() {
            return Err(no(
                "è una cartella: indicare il nome del PDF da scrivere, per esempio relazione.pdf",
            ));
        }
        if !m.is_file() {
            return Err(no(
                "non è un file ordinario (è un dispositivo o un file speciale): il PDF non si scrive lì",
            ));
        }
        let reale = uscita.canonicalize().unwrap_or_else(|_| uscita.to_path_buf());
        if ingressi
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .any(|p| p == reale)
        {
            return Err(no(
                "è un file che la composizione legge (la cartella di lavoro, un testo o un modello): \
                 scrivere il PDF con un altro nome",
            ));
        }
    }
    let pdf = uscita.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !pdf && !forza {
        return Err(no(
            "non finisce in .pdf: se è davvero il nome voluto, ripetere il comando con --forza",
        ));
    }
    Ok(())
}

/// Writes a file through a temporary one in the same folder and a rename, so a
/// reader never sees half a PDF and a failure never truncates the old one. The
/// temporary file is `.NOME.XXXXXX.tmp`: what a killed build left of it is
/// removed by the next one.
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
    let prefisso = format!(
        ".{}.",
        percorso.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    );
    for e in std::fs::read_dir(dir).map_err(io)?.flatten() {
        let nome = e.file_name().to_string_lossy().to_string();
        if nome.starts_with(&prefisso) && nome.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefisso)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
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

/// Runs a build so that a defect of the program met on one folder (a panic)
/// becomes that build's error: `watch` goes on watching, a batch goes on with
/// the other folders.
pub fn protetto<T>(f: impl FnOnce() -> Result<T, Errore>) -> Result<T, Errore> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(esito) => esito,
        Err(panico) => {
            let messaggio = panico
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panico.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Errore::Interno(messaggio))
        }
    }
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
        let evento = match protetto(|| costruisci(o)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_builds_error() {
        let e = protetto::<()>(|| panic!("indice fuori dai limiti")).unwrap_err();
        assert!(
            matches!(&e, Errore::Interno(m) if m.contains("indice fuori dai limiti")),
            "{e}"
        );
        assert!(e.to_string().contains("errore interno"), "{e}");
        assert_eq!(protetto(|| Ok::<_, Errore>(7)).unwrap(), 7);
    }

    #[test]
    fn the_pdf_never_goes_over_an_input_or_a_device() {
        let tmp = tempfile::tempdir().unwrap();
        let libro = tmp.path().join("relazione.xlsx");
        std::fs::write(&libro, b"PK").unwrap();
        let e = verifica_uscita(&libro, true, std::slice::from_ref(&libro)).unwrap_err();
        assert!(e.to_string().contains("un file che la composizione legge"), "{e}");
        let e = verifica_uscita(&libro, false, &[]).unwrap_err();
        assert!(e.to_string().contains("non finisce in .pdf"), "{e}");
        #[cfg(unix)]
        {
            let e = verifica_uscita(Path::new("/dev/null"), true, &[]).unwrap_err();
            assert!(e.to_string().contains("non è un file ordinario"), "{e}");
        }
        let e = verifica_uscita(tmp.path(), true, &[]).unwrap_err();
        assert!(e.to_string().contains("è una cartella"), "{e}");
        assert!(verifica_uscita(&tmp.path().join("nuova.pdf"), false, &[]).is_ok());
    }

    #[test]
    fn a_killed_builds_temporary_file_is_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let avanzo = tmp.path().join(".relazione-2022.pdf.abc123.tmp");
        std::fs::write(&avanzo, b"mezzo PDF").unwrap();
        let altro = tmp.path().join(".altro.pdf.abc123.tmp");
        std::fs::write(&altro, b"di un'altra composizione").unwrap();
        scrivi_atomico(&tmp.path().join("relazione-2022.pdf"), b"%PDF").unwrap();
        assert!(!avanzo.exists());
        assert!(altro.exists(), "only our own leftovers are removed");
        let nomi: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(!nomi.iter().any(|n| n.starts_with(".relazione-2022.pdf.")), "{nomi:?}");
    }
}
