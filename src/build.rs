//! `relazione build`: the report folder in, the signed-ready PDF out — read and
//! score, fill the templates, typeset, write atomically.

use crate::problem::Problema;
use crate::render::{self, Modelli, Sorgenti};
use crate::typeset;
use crate::uscite::{self, Genere, Lavoro, Pdf, Scritto, Uscita};
use crate::{Errore, Relazione, carica};

pub use crate::uscite::identita;
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
    /// Other outputs made from the same work after the PDF, each where told
    /// (`watch --pubblica`: the web edition): the PDF is typeset once for all.
    pub anche: Vec<(Genere, PathBuf)>,
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
    /// Each layout pass of Typst, with what its cache did (printed by
    /// `relazione componi` when `RELAZIONE_PROFILO` is set).
    pub passi: Vec<typeset::Passo>,
    /// The other outputs asked for (`Opzioni::anche`), each written or why not:
    /// one that fails leaves the PDF, and its own previous copy, as they were.
    pub anche: Vec<(Genere, Result<Scritto, Errore>)>,
}

/// The default PDF of a report: `out/relazione-<anno>.pdf`.
pub fn uscita_predefinita(anno: i32) -> PathBuf {
    PathBuf::from("out").join(uscite::pdf::nome(anno))
}

/// The PDF to write: `--out` as given, inside it when it names a folder
/// (`--out consegna` writes `consegna/relazione-<anno>.pdf`), or the default.
pub fn uscita(out: Option<&Path>, anno: i32) -> PathBuf {
    destinazione(out, uscita_predefinita(anno))
}

/// Where a one-file output goes: `--uscita` as given, inside it (with the
/// default's file name) when it names a folder, or the default.
fn destinazione(out: Option<&Path>, predefinita: PathBuf) -> PathBuf {
    match out {
        None => predefinita,
        Some(p) if p.is_dir() || p.as_os_str().to_string_lossy().ends_with(['/', '\\']) => {
            p.join(predefinita.file_name().unwrap_or_default())
        }
        Some(p) => p.to_path_buf(),
    }
}

/// Builds the report and writes the PDF; a failure leaves any previous PDF as it was.
pub fn costruisci(o: &Opzioni) -> Result<Esito, Errore> {
    let t0 = Instant::now();
    let relazione = carica(&o.cartella)?;
    costruisci_relazione(relazione, o, t0.elapsed())
}

/// Builds the PDF of a report folder already read and scored (`o.cartella` is
/// not read again); `lettura` is the time its reading took. Then the other
/// outputs of `o.anche`, from the same work.
pub fn costruisci_relazione(relazione: Relazione, o: &Opzioni, lettura: Duration) -> Result<Esito, Errore> {
    let modelli = Modelli::leggi(o.modelli.clone());
    let vecchia = o.confronto.as_deref().map(carica).transpose()?;
    let mut lavoro = Lavoro::nuovo(&relazione, &modelli).con_memoria(o.memoria);
    if let (Some(vecchia), Some(percorso)) = (&vecchia, &o.confronto) {
        lavoro = lavoro.con_bozza(vecchia, percorso);
    }
    let destinazione = uscita(o.uscita.as_deref(), relazione.piano().ente.anno);
    let pdf = Pdf {
        campi_firma: o.campi_firma.clone(),
    };
    uscite::verifica(&pdf, &destinazione, &lavoro, o.forza)?;
    let sorgenti = lavoro.sorgenti()?;
    if let Some(dir) = &o.emetti_typst {
        emetti(sorgenti, &relazione.cartella(), dir)?;
    }
    let prodotto = pdf.produci(&lavoro)?;
    let t3 = Instant::now();
    prodotto.scrivi(&destinazione)?;
    let scrittura = t3.elapsed();
    let anche = o
        .anche
        .iter()
        .map(|(genere, dove)| {
            (
                *genere,
                protetto(|| uscite::consegna(&*genere.uscita(), dove, &lavoro, false)),
            )
        })
        .collect();
    let composto = lavoro.composto()?;
    let mut letti = lavoro.ingressi();
    letti.extend(composto.letti.iter().cloned());
    let (pagine, avvisi_typst, passi) = (composto.pagine, composto.avvisi.clone(), composto.passi.clone());
    let tempi = Tempi {
        lettura,
        modelli: lavoro.tempo_modelli(),
        impaginazione: composto.tempo_impaginazione,
        pdf: composto.tempo_pdf,
        scrittura,
    };
    drop(lavoro);
    Ok(Esito {
        pdf: destinazione,
        pagine,
        relazione,
        avvisi_typst,
        ingressi: letti,
        tempi,
        passi,
        anche,
    })
}

/// The PDF a report folder gives, in memory (what `relazione verifica --data`
/// compares a signed PDF with).
pub fn pdf_della_cartella(cartella: &Path, modelli: Option<&Path>) -> Result<Vec<u8>, Errore> {
    let relazione = carica(cartella)?;
    let modelli = Modelli::leggi(modelli.map(Path::to_path_buf));
    let lavoro = Lavoro::nuovo(&relazione, &modelli);
    Ok(lavoro.composto()?.pdf.clone())
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

/// What `relazione dossier` writes and from what.
#[derive(Debug, Clone, Default)]
pub struct OpzioniDossier {
    pub cartella: PathBuf,
    /// The dossier to write, or the folder to write it in; default
    /// `out/dossier-<anno>.pdf`.
    pub uscita: Option<PathBuf>,
    /// The approved Relazione the dossier names; without it, the PDF the
    /// folder builds (typeset with the dossier, not written).
    pub pdf: Option<PathBuf>,
    pub modelli: Option<PathBuf>,
}

/// Writes the OIV's validation dossier of a folder (see [`uscite::Dossier`]);
/// a failure leaves any previous dossier as it was. Returns where it went.
pub fn dossier(o: &OpzioniDossier) -> Result<PathBuf, Errore> {
    let relazione = carica(&o.cartella)?;
    let modelli = Modelli::leggi(o.modelli.clone());
    let lavoro = Lavoro::nuovo(&relazione, &modelli);
    let approvata = match &o.pdf {
        Some(p) => {
            let nome = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some((nome, crate::firma::leggi_file(p, false)?))
        }
        None => None,
    };
    let d = uscite::Dossier { approvata };
    let destinazione = destinazione(o.uscita.as_deref(), d.predefinita(&relazione));
    uscite::consegna(&d, &destinazione, &lavoro, false)?;
    Ok(destinazione)
}
