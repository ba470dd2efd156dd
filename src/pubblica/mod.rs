//! `relazione pubblica`: the Relazione for the ente's "Amministrazione
//! trasparente" — one accessible web page (`index.html`, with its style sheet,
//! fonts and images), the PDF of `relazione build`, and the figures as open data
//! (`dati/`, CSV with a Frictionless `datapackage.json`) — all from the same
//! scored report, written as one folder that replaces the previous edition only
//! once it is complete.

mod dati;
mod pacchetto;
pub mod riservatezza;

pub use pacchetto::Licenza;

use crate::problem::Problema;
use crate::render::Modelli;
use crate::render::pagina::{self, Allegati};
use crate::{Errore, Relazione, carica, typeset};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to publish and where.
#[derive(Debug, Clone, Default)]
pub struct Opzioni {
    /// The report folder (or its workbook).
    pub cartella: PathBuf,
    /// The folder to write; default `out/pubblicazione-<anno>`.
    pub uscita: Option<PathBuf>,
    /// A folder of templates overriding the embedded ones.
    pub modelli: Option<PathBuf>,
}

/// A web edition written.
#[derive(Debug)]
pub struct Esito {
    /// The folder of the edition.
    pub cartella: PathBuf,
    /// The pages of its PDF.
    pub pagine: usize,
    /// Its files, relative to the folder.
    pub file: Vec<String>,
    pub relazione: Relazione,
    pub avvisi_typst: Vec<Problema>,
}

/// The default folder of a web edition: `out/pubblicazione-<anno>`.
pub fn uscita_predefinita(anno: i32) -> PathBuf {
    PathBuf::from("out").join(format!("pubblicazione-{anno}"))
}

/// Reads and scores the folder, typesets the PDF and writes the whole edition.
pub fn pubblica(o: &Opzioni) -> Result<Esito, Errore> {
    let relazione = carica(&o.cartella)?;
    let uscita = o
        .uscita
        .clone()
        .unwrap_or_else(|| uscita_predefinita(relazione.piano().ente.anno));
    verifica_uscita(&uscita, &relazione.cartella())?;
    let modelli = Modelli::leggi(o.modelli.clone());
    let composto = crate::build::componi(&relazione, &modelli)?;
    let file = scrivi_edizione(&relazione, &modelli, &composto.pdf, &uscita)?;
    Ok(Esito {
        cartella: uscita,
        pagine: composto.pagine,
        file,
        relazione,
        avvisi_typst: composto.avvisi,
    })
}

/// The file name of the PDF in the edition: `relazione-2022.pdf`.
pub fn nome_pdf(r: &Relazione) -> String {
    format!("relazione-{}.pdf", r.piano().ente.anno)
}

/// The licence fonts of the page (those of the PDF but the fallbacks, which a
/// browser has of its own).
const LICENZE_FONT: &[(&str, &str)] = &[
    ("OFL-Lora.txt", include_str!("../../fonts/OFL-Lora.txt")),
    ("OFL-TitilliumWeb.txt", include_str!("../../fonts/OFL-TitilliumWeb.txt")),
];

/// Every file of the web edition of a report whose PDF is made, by path in the
/// edition's folder.
pub fn edizione(r: &Relazione, modelli: &Modelli, pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, Errore> {
    let nome_pdf = nome_pdf(r);
    let licenza = Licenza::di(r.piano().ente.licenza_dati.as_deref());
    let allegati = Allegati {
        pdf: nome_pdf.clone(),
        pdf_dimensione: crate::format::dimensione(pdf.len() as u64),
        licenza: licenza.nome.clone(),
        licenza_url: licenza.url.clone(),
    };
    let pagina = pagina::pagina(r, modelli, &allegati)?;
    let mut file: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let cartella = r.cartella();
    // Each image under the address the page gives it (see
    // `render::html::indirizzo_immagine`): two of the folder that would take
    // the same are named.
    let mut origini: BTreeMap<String, &String> = BTreeMap::new();
    for immagine in &pagina.immagini {
        let indirizzo = crate::render::html::indirizzo_immagine(immagine);
        if let Some(altra) = origini.insert(indirizzo.clone(), immagine) {
            return Err(Errore::FileNonAmmesso {
                percorso: cartella.join(immagine),
                motivo: format!(
                    "nel sito avrebbe lo stesso nome «{indirizzo}» dell'immagine «{altra}»: rinominarne una"
                ),
            });
        }
        let dati = immagine_pubblicabile(r, &cartella, immagine)?;
        file.insert(indirizzo, dati);
    }
    file.insert("index.html".into(), pagina.html.into_bytes());
    file.insert("stile.css".into(), modelli.testo("stile.css")?.into_bytes());
    for (nome, dati) in typeset::FONT.iter().filter(|(n, _)| !n.starts_with("Noto")) {
        file.insert(format!("font/{nome}"), dati.to_vec());
    }
    for (nome, testo) in LICENZE_FONT {
        file.insert(format!("font/{nome}"), testo.as_bytes().to_vec());
    }
    file.insert(nome_pdf.clone(), pdf.to_vec());
    for (nome, dati) in dati::dati_aperti(r, &licenza, &nome_pdf)? {
        file.insert(format!("dati/{nome}"), dati);
    }
    let mut elenco: String = file.keys().map(|f| format!("{f}\n")).collect();
    elenco.insert_str(0, "# I file di questa edizione web, scritti da relazione pubblica.\n");
    file.insert(MANIFESTO.into(), elenco.into_bytes());
    Ok(file)
}

/// An image of the folder the page shows, to be served from the ente's site:
/// only a PNG, JPEG, GIF or WebP whose bytes say so (never an SVG or a page
/// that could carry a script).
/// Its bytes are those the PDF shows: the snapshot of the folder.
fn immagine_pubblicabile(r: &Relazione, cartella: &Path, percorso: &str) -> Result<Vec<u8>, Errore> {
    let no = |motivo: &str| Errore::FileNonAmmesso {
        percorso: cartella.join(percorso),
        motivo: motivo.to_string(),
    };
    let dati = r.istantanea().immagine(Path::new(percorso))?.as_ref().clone();
    let raster = matches!(
        image::guess_format(&dati),
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::Gif | image::ImageFormat::WebP)
    );
    if !crate::disco::e_immagine(Path::new(percorso)) || !raster {
        return Err(no(
            "non è un'immagine PNG, JPEG, GIF o WebP: per il sito servono immagini di questi formati",
        ));
    }
    Ok(dati)
}

/// Writes the web edition of a report whose PDF is made (what `watch
/// --pubblica` does after each build); returns its files.
pub fn scrivi_edizione(r: &Relazione, modelli: &Modelli, pdf: &[u8], uscita: &Path) -> Result<Vec<String>, Errore> {
    verifica_uscita(uscita, &r.cartella())?;
    let file = edizione(r, modelli, pdf)?;
    scrivi_cartella(uscita, &file)?;
    Ok(file.into_keys().collect())
}

/// The list of the files of an edition, written in it: a folder is replaced
/// only when it holds nothing else.
const MANIFESTO: &str = ".relazione-pubblica";

/// The files of a folder, as paths relative to it.
fn file_di(dir: &Path, prefisso: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let nome = format!("{prefisso}{}", e.file_name().to_string_lossy());
        if e.file_type()?.is_dir() {
            file_di(&e.path(), &format!("{nome}/"), out)?;
        } else {
            out.push(nome);
        }
    }
    Ok(())
}

/// Whether a folder is a web edition this program wrote and nothing else (so
/// that replacing it loses nothing of the office's): every file in it is on its
/// list.
fn e_edizione(dir: &Path) -> bool {
    let Ok(elenco) = std::fs::read_to_string(dir.join(MANIFESTO)) else {
        return false;
    };
    let scritti: std::collections::BTreeSet<&str> = elenco.lines().collect();
    let mut presenti = Vec::new();
    file_di(dir, "", &mut presenti).is_ok() && presenti.iter().all(|f| f == MANIFESTO || scritti.contains(f.as_str()))
}

/// Where an edition may go: a new folder, an empty one, or an earlier edition;
/// never the report folder, a folder that holds it, or any other folder.
pub fn verifica_uscita(uscita: &Path, cartella: &Path) -> Result<(), Errore> {
    let no = |motivo: &str| Errore::FileNonAmmesso {
        percorso: uscita.to_path_buf(),
        motivo: motivo.to_string(),
    };
    let Ok(m) = std::fs::symlink_metadata(uscita) else {
        return Ok(());
    };
    if !m.is_dir() {
        return Err(no(
            "esiste e non è una cartella: l'edizione web è una cartella; indicarne una nuova",
        ));
    }
    let reale = uscita.canonicalize().unwrap_or_else(|_| uscita.to_path_buf());
    if cartella.canonicalize().is_ok_and(|c| c.starts_with(&reale)) {
        return Err(no(
            "contiene la cartella della relazione: indicare un'altra cartella, per esempio out/pubblicazione",
        ));
    }
    let vuota = std::fs::read_dir(uscita)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !vuota && !e_edizione(uscita) {
        return Err(no(
            "esiste e non è soltanto un'edizione web di relazione (ha file che il programma non ha scritto): \
             il suo contenuto andrebbe perso; indicare una cartella nuova o vuota",
        ));
    }
    Ok(())
}

/// Writes the files into a temporary folder beside `uscita`, then puts it in
/// place of the previous edition: a reader never sees half an edition, a
/// failure leaves the previous one as it was.
fn scrivi_cartella(uscita: &Path, file: &BTreeMap<String, Vec<u8>>) -> Result<(), Errore> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Errore::Io { percorso: p, source }
    };
    let genitore = uscita
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(genitore).map_err(io(genitore))?;
    let nome = uscita
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let prefisso = format!(".{nome}.");
    // What a killed run left behind, an hour ago or more (a younger one may be
    // another run's work in progress).
    let vecchio = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|d| d.as_secs() > 3600)
    };
    for e in std::fs::read_dir(genitore).map_err(io(genitore))?.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        if n.starts_with(&prefisso) && n.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_dir()) && vecchio(&e) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(&prefisso)
        .suffix(".tmp")
        .tempdir_in(genitore)
        .map_err(io(genitore))?;
    for (percorso, dati) in file {
        let p = tmp.path().join(percorso);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&p, dati).map_err(io(&p))?;
    }
    rendi_leggibile(tmp.path()).map_err(io(tmp.path()))?;
    let vecchia = genitore.join(format!("{prefisso}precedente-{}.tmp", std::process::id()));
    let c_era = uscita.exists();
    if c_era {
        std::fs::rename(uscita, &vecchia).map_err(io(uscita))?;
    }
    let nuova = tmp.keep();
    if let Err(e) = std::fs::rename(&nuova, uscita) {
        if c_era {
            let _ = std::fs::rename(&vecchia, uscita);
        }
        let _ = std::fs::remove_dir_all(&nuova);
        return Err(io(uscita)(e));
    }
    if c_era {
        let _ = std::fs::remove_dir_all(&vecchia);
    }
    Ok(())
}

/// A temporary folder is private (0700): the edition is to be served.
fn rendi_leggibile(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            if e.file_type()?.is_dir() {
                rendi_leggibile(&e.path())?;
            } else {
                std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644))?;
            }
        }
    }
    Ok(())
}
