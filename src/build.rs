//! `relazione build`: the report folder in, the signed-ready PDF out — read and
//! score, fill the templates, typeset, write atomically.

use crate::problem::Problema;
use crate::render::{self, Modelli, Sorgenti};
use crate::typeset::{self, Identita};
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
    /// An empty signature field for each of these signatories, for the office's
    /// own signing program (`--campo-firma`).
    pub campi_firma: Vec<String>,
    /// What the layout keeps for a next build: everything under `watch`,
    /// only what it is using otherwise.
    pub memoria: typeset::Memoria,
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
    pub avvisi_typst: Vec<Problema>,
    /// Every file the build read: the workbook, the texts, the templates, the
    /// images — what `watch` watches.
    pub ingressi: Vec<PathBuf>,
    pub tempi: Tempi,
}

/// The default PDF of a report: `out/relazione-<anno>.pdf`.
pub fn uscita_predefinita(anno: i32) -> PathBuf {
    PathBuf::from("out").join(format!("relazione-{anno}.pdf"))
}

/// The PDF to write: `--out` as given, inside it when it names a folder
/// (`--out consegna` writes `consegna/relazione-<anno>.pdf`), or the default.
pub fn uscita(out: Option<&Path>, anno: i32) -> PathBuf {
    let nome = || format!("relazione-{anno}.pdf");
    match out {
        None => uscita_predefinita(anno),
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with(['/', '\\']) => p.join(nome()),
        Some(p) => p.to_path_buf(),
    }
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
    // The texts and images, read once up front: every step below works from
    // them (see `cartella::Istantanea`).
    relazione.istantanea();
    let modelli = Modelli::leggi(o.modelli.clone());
    let pdf = uscita(o.uscita.as_deref(), relazione.piano().ente.anno);
    let mut letti = ingressi(&relazione, o);
    verifica_uscita(&pdf, o.forza, &letti)?;
    let sorgenti = match &o.confronto {
        None => render::genera(&relazione, &modelli)?,
        Some(bozza) => {
            let vecchia = carica(bozza)?;
            render::genera_confronto(&relazione, Some((&vecchia, &bozza.display().to_string())), &modelli)?
        }
    };
    let t2 = Instant::now();
    if let Some(dir) = &o.emetti_typst {
        emetti(&sorgenti, &relazione.cartella(), dir)?;
    }
    let composto = componi_sorgenti(&relazione, &sorgenti, &modelli, o.memoria)?;
    let t3 = Instant::now();
    if o.campi_firma.is_empty() {
        scrivi_atomico(&pdf, &composto.pdf)?;
    } else {
        scrivi_atomico(&pdf, &crate::firma::campi_vuoti(&composto.pdf, &o.campi_firma)?)?;
    }
    let t4 = Instant::now();
    letti.extend(composto.letti);
    Ok(Esito {
        pdf,
        pagine: composto.pagine,
        relazione,
        avvisi_typst: composto.avvisi,
        ingressi: letti,
        tempi: Tempi {
            lettura,
            modelli: t2 - t1,
            impaginazione: composto.tempo_impaginazione,
            pdf: composto.tempo_pdf,
            scrittura: t4 - t3,
        },
    })
}

/// The PDF a report folder gives, in memory (what `relazione verifica --data`
/// compares a signed PDF with).
pub fn pdf_della_cartella(cartella: &Path, modelli: Option<&Path>) -> Result<Vec<u8>, Errore> {
    let relazione = carica(cartella)?;
    let modelli = Modelli::leggi(modelli.map(Path::to_path_buf));
    Ok(componi(&relazione, &modelli)?.pdf)
}

/// The PDF of a scored report, in memory: its sources filled, then typeset.
pub fn componi(relazione: &Relazione, modelli: &Modelli) -> Result<typeset::Composto, Errore> {
    componi_sorgenti(
        relazione,
        &render::genera(relazione, modelli)?,
        modelli,
        typeset::Memoria::default(),
    )
}

/// Typesets the sources of a report, reading only its folder and the templates.
fn componi_sorgenti(
    relazione: &Relazione,
    sorgenti: &Sorgenti,
    modelli: &Modelli,
    memoria: typeset::Memoria,
) -> Result<typeset::Composto, Errore> {
    typeset::componi(sorgenti, &relazione.cartella(), modelli, &identita(relazione), memoria).map_err(Errore::Typst)
}

/// `relazione diff A B --pdf FILE`: the prospetto delle modifiche between two
/// drafts, typeset and written atomically (never over either workbook).
pub fn scrivi_prospetto(
    d: &crate::diff::Differenze,
    vecchia: &Relazione,
    nuova: &Relazione,
    uscita: &Path,
    modelli: &Modelli,
) -> Result<(), Errore> {
    let ingressi = [vecchia.file.clone(), nuova.file.clone()];
    verifica_uscita(uscita, false, &ingressi)?;
    let sorgenti = render::prospetto(d, vecchia, nuova, modelli)?;
    let mut id = identita(nuova);
    id.id.push_str("/prospetto");
    let composto = typeset::componi(&sorgenti, &nuova.cartella(), modelli, &id, typeset::Memoria::default())
        .map_err(Errore::Typst)?;
    scrivi_atomico(uscita, &composto.pdf)
}

/// The files a build reads: the workbook, the texts, the images of the folder,
/// the templates, the earlier draft's workbook. The PDF may never be written over one of them.
fn ingressi(r: &Relazione, o: &Opzioni) -> Vec<PathBuf> {
    let elenco = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let mut out = vec![r.file.clone()];
    out.extend(elenco(&r.cartella().join("testi")));
    out.extend(crate::disco::immagini(&r.cartella()));
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
    if let Some(file) = uscita
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return Err(no(&format!(
            "«{}» è un file, non una cartella: il PDF non si può scrivere lì dentro",
            file.display()
        )));
    }
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

/// Writes a file atomically: see [`crate::disco::scrivi_atomico`].
pub use crate::disco::scrivi_atomico;

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
