//! Typesetting in our own process with the Typst engine: our [`World`] serves the
//! generated sources from memory, the templates, the report folder's files (and
//! nothing outside them), and only the fonts embedded in the program; then the
//! document is exported as a tagged PDF/A-2a with PDF/UA-1.

use crate::problem::{Gravita, Problema};
use crate::render::{CARTELLA_DATI, CARTELLA_MODELLI, Sorgenti};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

mod impaginazione;
pub mod memoria;
use impaginazione::{Impaginato, impagina};
pub use impaginazione::{Memoria, Passo, sfoltisci};

/// The fonts embedded in the program (`fonts/`, SIL Open Font License).
pub const FONT: &[(&str, &[u8])] = &[
    (
        "TitilliumWeb_400Regular.ttf",
        include_bytes!("../../fonts/TitilliumWeb_400Regular.ttf"),
    ),
    (
        "TitilliumWeb_400Regular_Italic.ttf",
        include_bytes!("../../fonts/TitilliumWeb_400Regular_Italic.ttf"),
    ),
    (
        "TitilliumWeb_600SemiBold.ttf",
        include_bytes!("../../fonts/TitilliumWeb_600SemiBold.ttf"),
    ),
    (
        "TitilliumWeb_700Bold.ttf",
        include_bytes!("../../fonts/TitilliumWeb_700Bold.ttf"),
    ),
    (
        "TitilliumWeb_700Bold_Italic.ttf",
        include_bytes!("../../fonts/TitilliumWeb_700Bold_Italic.ttf"),
    ),
    ("Lora_400Regular.ttf", include_bytes!("../../fonts/Lora_400Regular.ttf")),
    (
        "Lora_400Regular_Italic.ttf",
        include_bytes!("../../fonts/Lora_400Regular_Italic.ttf"),
    ),
    ("Lora_700Bold.ttf", include_bytes!("../../fonts/Lora_700Bold.ttf")),
    (
        "Lora_700Bold_Italic.ttf",
        include_bytes!("../../fonts/Lora_700Bold_Italic.ttf"),
    ),
    // Fallbacks for text the office may paste from elsewhere: Arabic, Hebrew, emoji.
    (
        "NotoSansArabic_400Regular.ttf",
        include_bytes!("../../fonts/NotoSansArabic_400Regular.ttf"),
    ),
    (
        "NotoSansHebrew_400Regular.ttf",
        include_bytes!("../../fonts/NotoSansHebrew_400Regular.ttf"),
    ),
    (
        "NotoEmoji_400Regular.ttf",
        include_bytes!("../../fonts/NotoEmoji_400Regular.ttf"),
    ),
];

/// The document's identity, fixed by the data so that the same folder gives the
/// same bytes: the PDF identifier and its date.
#[derive(Debug, Clone)]
pub struct Identita {
    /// A stable string identifying the document (ente and year).
    pub id: String,
    pub data: Option<chrono::NaiveDate>,
}

/// The world the Typst compiler sees.
pub struct Mondo {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    /// The generated sources, as text.
    generati: HashMap<FileId, String>,
    /// The generated sources parsed, as long as they are needed: after the
    /// evaluation the syntax of a long plan (tens of megabytes) is let go, and
    /// parsed again only if an error has to be placed in it.
    analizzati: Mutex<HashMap<FileId, Source>>,
    /// A generated source's file as a person would open it (see [`Sorgenti::origini`]).
    origini: HashMap<FileId, String>,
    /// The report folder, canonical.
    cartella: PathBuf,
    /// Its images, read once with its texts: what the document shows of the
    /// folder comes from here, never from the disk.
    istantanea: Option<std::sync::Arc<crate::cartella::Istantanea>>,
    /// The templates folder on disk, canonical, when templates are overridden.
    modelli: Option<PathBuf>,
    /// Its files, read once when the templates were taken.
    file_dei_modelli: crate::render::Modelli,
    letti: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    oggi: Option<Datetime>,
}

fn id(percorso: &str) -> FileId {
    let vpath = VirtualPath::new(percorso).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The fonts, loaded once per process.
fn font() -> &'static (FontBook, Vec<Font>) {
    static FONT_CARICATI: std::sync::OnceLock<(FontBook, Vec<Font>)> = std::sync::OnceLock::new();
    FONT_CARICATI.get_or_init(|| {
        let fonts: Vec<Font> = FONT
            .iter()
            .flat_map(|(_, dati)| Font::iter(Bytes::new(*dati)))
            .collect();
        (FontBook::from_fonts(&fonts), fonts)
    })
}

/// The font files (`.ttf`, `.otf`) in the `font/` folder of a templates folder,
/// in name order.
fn font_dei_modelli(modelli: &crate::render::Modelli) -> Vec<Font> {
    modelli
        .file_in("font")
        .into_iter()
        .filter(|(nome, _)| {
            let nome = nome.to_lowercase();
            nome.ends_with(".ttf") || nome.ends_with(".otf")
        })
        .filter_map(|(_, esito)| esito.ok())
        .flat_map(|dati| Font::iter(Bytes::new(dati.as_ref().clone())))
        .collect()
}

impl Mondo {
    pub fn nuovo(
        sorgenti: &Sorgenti,
        cartella: &Path,
        modelli: &crate::render::Modelli,
        oggi: Option<chrono::NaiveDate>,
    ) -> Self {
        let (book, fonts) = font();
        let (mut book, mut fonts) = (book.clone(), fonts.clone());
        // An ente's templates may bring their own open fonts in `font/`.
        for f in font_dei_modelli(modelli) {
            book.push(f.info().clone());
            fonts.push(f);
        }
        let generati = sorgenti.file.iter().map(|(p, testo)| (id(p), testo.clone())).collect();
        let origini = sorgenti.origini.iter().map(|(p, o)| (id(p), o.clone())).collect();
        Mondo {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            main: id(crate::render::PRINCIPALE),
            generati,
            analizzati: Mutex::new(HashMap::new()),
            origini,
            cartella: cartella.canonicalize().unwrap_or_else(|_| cartella.to_path_buf()),
            istantanea: sorgenti.cartella.as_ref().map(|c| c.0.clone()),
            modelli: modelli
                .cartella()
                .map(|m| m.canonicalize().unwrap_or_else(|_| m.to_path_buf())),
            file_dei_modelli: modelli.clone(),
            letti: Mutex::new(HashMap::new()),
            oggi: oggi.and_then(|d| {
                use chrono::Datelike;
                Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
            }),
        }
    }

    /// The folder and the file behind a virtual path: the report folder or the
    /// templates folder, and the file named in it (not yet judged).
    fn origine(&self, id: FileId) -> FileResult<(&Path, PathBuf)> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "i pacchetti Typst non sono disponibili: la relazione usa solo i suoi modelli".into(),
            )));
        }
        let v = id.vpath().get_with_slash().to_string();
        let (base, resto) = if let Some(r) = v.strip_prefix(&format!("{CARTELLA_DATI}/")) {
            (Some(&self.cartella), r)
        } else if let Some(r) = v.strip_prefix(&format!("{CARTELLA_MODELLI}/")) {
            (self.modelli.as_ref(), r)
        } else {
            (None, v.as_str())
        };
        let Some(base) = base else {
            return Err(FileError::Other(Some(
                format!("accesso negato a «{v}»: si leggono solo i file della cartella della relazione e dei modelli")
                    .into(),
            )));
        };
        Ok((base.as_path(), base.join(resto)))
    }

    /// The real file behind a virtual path, refused when it is outside the report
    /// folder and the templates folder, directly or through a symbolic link.
    fn reale(&self, id: FileId) -> FileResult<PathBuf> {
        let (base, p) = self.origine(id)?;
        // The same guard as every other read of the folder: inside it, a regular file.
        crate::disco::dentro(base, &p).map_err(|e| match e {
            crate::Errore::Io { source, .. } => FileError::from_io(source, &p),
            altro => FileError::Other(Some(altro.to_string().into())),
        })
    }

    /// Reads a file of the folder or of the templates, bounded in size, and for
    /// an image in pixels: opened once, and judged by its handle against the
    /// folder it must be in.
    fn leggi(&self, id: FileId) -> FileResult<Bytes> {
        let (base, p) = self.origine(id)?;
        let errore = |e: crate::Errore| match e {
            crate::Errore::Io { source, .. } => FileError::from_io(source, &p),
            crate::Errore::FileNonAmmesso { motivo, .. } => FileError::Other(Some(
                format!("«{}»: {motivo}", id.vpath().get_with_slash().trim_start_matches('/')).into(),
            )),
            altro => FileError::Other(Some(altro.to_string().into())),
        };
        // A file of the templates: as read when they were taken.
        if let Some(resto) = id
            .vpath()
            .get_with_slash()
            .strip_prefix(&format!("{CARTELLA_MODELLI}/"))
        {
            return match self.file_dei_modelli.file(resto) {
                Some(Ok(dati)) => Ok(Bytes::new(dati.as_ref().clone())),
                Some(Err(e)) => Err(errore(e)),
                None => Err(FileError::NotFound(p.clone())),
            };
        }
        // A file of the report folder: from the snapshot the texts were
        // checked against; one it does not hold is not there.
        if id.vpath().get_with_slash().starts_with(&format!("{CARTELLA_DATI}/")) {
            let relativo = p.strip_prefix(base).unwrap_or(&p);
            return match self.istantanea.as_ref().map(|c| c.immagine(relativo)) {
                Some(Ok(dati)) => Ok(Bytes::new(dati.as_ref().clone())),
                Some(Err(e)) => Err(errore(e)),
                None => Err(FileError::NotFound(p.clone())),
            };
        }
        let dati = crate::disco::leggi_immagine(base, &p).map_err(|e| match e {
            crate::Errore::Io { source, .. } => FileError::from_io(source, &p),
            crate::Errore::FileNonAmmesso { motivo, .. } => FileError::Other(Some(
                format!("«{}»: {motivo}", id.vpath().get_with_slash().trim_start_matches('/')).into(),
            )),
            altro => FileError::Other(Some(altro.to_string().into())),
        })?;
        Ok(Bytes::new(dati))
    }
}

impl Mondo {
    /// Lets go of the parsed generated sources (see [`Mondo::analizzati`]).
    fn dimentica_analisi(&self) {
        self.analizzati.lock().expect("lock").clear();
    }

    /// The files of the folder and of the templates the document read (images,
    /// the logo): inputs of the build, for `watch`.
    pub fn file_letti(&self) -> Vec<PathBuf> {
        let letti = self.letti.lock().expect("lock");
        let mut out: Vec<PathBuf> = letti
            .iter()
            .filter(|(_, esito)| esito.is_ok())
            .filter_map(|(id, _)| self.reale(*id).ok())
            .collect();
        out.sort();
        out
    }
}

impl World for Mondo {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(testo) = self.generati.get(&id) {
            let mut analizzati = self.analizzati.lock().expect("lock");
            return Ok(analizzati
                .entry(id)
                .or_insert_with(|| Source::new(id, testo.clone()))
                .clone());
        }
        let bytes = self.file(id)?;
        let testo = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, testo.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(testo) = self.generati.get(&id) {
            return Ok(Bytes::from_string(testo.clone()));
        }
        let mut letti = self.letti.lock().expect("lock");
        letti.entry(id).or_insert_with(|| self.leggi(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.oggi
    }
}

impl Mondo {
    /// A Typst diagnostic as a [`Problema`] in its file (the real template, or
    /// a file of the folder) and line, with Italian hints for the known cases.
    fn diagnostica(&self, d: &SourceDiagnostic) -> Problema {
        let messaggio = match spiegazione(&d.message) {
            // A known cause in the folder: said in Italian only, with the sign
            // that no font has, so that the office can find it.
            Some(italiano) => match segno_mancante(&d.message) {
                Some(segno) => format!("{italiano} (il segno: {segno})"),
                None => italiano.to_string(),
            },
            None => {
                let mut m = d.message.to_string();
                for h in &d.hints {
                    m.push_str(&format!(" (suggerimento: {})", h.v));
                }
                m
            }
        };
        let gravita = if d.severity == Severity::Error {
            Gravita::Errore
        } else {
            Gravita::Avviso
        };
        let Some(id) = d.span.id() else {
            return Problema {
                gravita,
                ..Problema::generale(messaggio)
            };
        };
        let file = self
            .origini
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.vpath().get_with_slash().trim_start_matches('/').to_string());
        let riga = self
            .range(d.span)
            .and_then(|r| self.source(id).ok().and_then(|s| s.lines().byte_to_line(r.start)))
            .map(|l| l + 1);
        Problema::nel_file(gravita, file, riga, messaggio)
    }
}

/// Whether a Typst message is the parser's (a syntax error of a template):
/// `unclosed delimiter`, `expected comma`, not `expected integer, found string`,
/// which is a value of the wrong kind while running.
pub(crate) fn di_sintassi(messaggio: &str) -> bool {
    ["unclosed", "unexpected", "unterminated"]
        .iter()
        .any(|p| messaggio.starts_with(p))
        || (messaggio.starts_with("expected") && !messaggio.contains("found"))
}

/// A syntax error of a template, in Italian.
fn sintassi(messaggio: &str) -> &'static str {
    if messaggio.starts_with("unclosed") {
        "errore di sintassi: una parentesi (o delle virgolette) aperta qui non è mai chiusa"
    } else if messaggio.starts_with("unexpected closing") {
        "errore di sintassi: una parentesi chiusa qui non era stata aperta"
    } else if messaggio.starts_with("unterminated") {
        "errore di sintassi: un testo fra virgolette o un commento aperto qui non è mai chiuso"
    } else if messaggio.starts_with("expected") {
        "errore di sintassi: qui manca qualcosa (una virgola, un valore, una parentesi): controllare la riga e \
         quella prima"
    } else {
        "errore di sintassi: qui c'è un segno fuori posto: controllare la riga e quella prima"
    }
}

/// What a Typst message means for an office, for the messages whose cause is
/// in the folder rather than in the templates: said in Italian instead of the
/// compiler's words (it has no codes; this only chooses words, it decides
/// nothing). Other messages concern the templates, and stay as Typst says them.
fn spiegazione(messaggio: &str) -> Option<&'static str> {
    let casi = [
        (
            "could not be displayed with font",
            "un segno del testo non c'è in nessun carattere incorporato: correggere il testo, oppure aggiungere \
             un carattere che lo contenga nella cartella font/ dei modelli (vedi docs/modelli.md)",
        ),
        (
            "longer than 32767",
            "un testo del documento (un titolo, un nome o la descrizione di un grafico) supera i 32.767 caratteri \
             che un PDF/A ammette: accorciarlo",
        ),
        (
            "failed to decode image",
            "un'immagine è danneggiata e non si legge: salvarla di nuovo dal programma di grafica",
        ),
    ];
    if di_sintassi(messaggio) {
        return Some(sintassi(messaggio));
    }
    casi.iter()
        .find(|(chiave, _)| messaggio.contains(chiave))
        .map(|(_, s)| *s)
}

/// The signs of a text that no font displays, from the compiler's message
/// (`the text `"→"` could not be displayed with …`): `«→» (U+2192)`.
fn segno_mancante(messaggio: &str) -> Option<String> {
    let (_, resto) = messaggio.split_once("the text `")?;
    let (testo, _) = resto.split_once("` could not be displayed")?;
    let testo = testo.trim_matches('"');
    let codici: Vec<String> = testo.chars().take(8).map(|c| format!("U+{:04X}", c as u32)).collect();
    Some(format!(
        "«{}» ({})",
        crate::terminale::una_riga(testo),
        codici.join(" ")
    ))
}

/// The outcome of a typesetting: the PDF bytes and the compiler's warnings.
pub struct Composto {
    pub pdf: Vec<u8>,
    pub pagine: usize,
    pub avvisi: Vec<Problema>,
    /// The files of the folder the document read (see [`Mondo::file_letti`]).
    pub letti: Vec<PathBuf>,
    /// Time spent laying out the document, and exporting the PDF.
    pub tempo_impaginazione: std::time::Duration,
    pub tempo_pdf: std::time::Duration,
    /// How many times the layout thinned Typst's cache to bound its memory
    /// (see [`Memoria`]).
    pub svuotamenti: usize,
    /// Each layout pass: its time, the memory in use, what Typst's cache did.
    pub passi: Vec<Passo>,
}

/// Exports a laid-out document as a tagged PDF/A-2a with PDF/UA-1, with the
/// identifier and date of the data.
pub fn esporta(mondo: &Mondo, documento: &PagedDocument, identita: &Identita) -> Result<Vec<u8>, Vec<Problema>> {
    let standard = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| vec![Problema::generale(e.message().to_string())])?;
    let opzioni = PdfOptions {
        ident: Smart::Custom(identita.id.clone()),
        creator: Smart::Custom(Some(format!("relazione {}", env!("CARGO_PKG_VERSION")))),
        timestamp: mondo.oggi.map(Timestamp::new_utc),
        standards: standard,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(documento, &opzioni).map_err(|errori| errori.iter().map(|d| mondo.diagnostica(d)).collect())
}

/// Compiles the sources and exports the PDF/A-2a, PDF/UA-1 document.
pub fn componi(
    sorgenti: &Sorgenti,
    cartella: &Path,
    modelli: &crate::render::Modelli,
    identita: &Identita,
    memoria: Memoria,
) -> Result<Composto, Vec<Problema>> {
    let mondo = Mondo::nuovo(sorgenti, cartella, modelli, identita.data);
    let t0 = std::time::Instant::now();
    let Impaginato {
        documento,
        avvisi,
        svuotamenti,
        passi,
    } = impagina(&mondo, memoria);
    let documento = documento?;
    let t1 = std::time::Instant::now();
    let pdf = esporta(&mondo, &documento, identita)?;
    let t2 = std::time::Instant::now();
    let pagine = documento.pages().len();
    // Its PDF is made: the PDF is written, or the next build starts, while
    // the pages are freed.
    memoria::libera_in_disparte(documento);
    Ok(Composto {
        pdf,
        pagine,
        avvisi,
        letti: mondo.file_letti(),
        tempo_impaginazione: t1 - t0,
        tempo_pdf: t2 - t1,
        svuotamenti,
        passi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_no_font_has_is_named() {
        let m = "PDF/A-2a error: the text `\"→\"` could not be displayed with font \"Titillium Web\"";
        assert_eq!(segno_mancante(m).as_deref(), Some("«→» (U+2192)"));
        assert_eq!(segno_mancante("another message"), None);
    }
}
