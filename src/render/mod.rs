//! From the scored report to Typst sources: the narrative texts (`testi/*.md`,
//! Markdown with minijinja expressions) and the templates of `report-templates/`
//! (minijinja producing Typst, plus the Typst style library); and, from the same
//! view and texts, the page of the web edition ([`pagina`]).
//!
//! Every value a template prints becomes a Typst string, number, array or
//! dictionary literal — never markup — or escaped HTML text: user text is data,
//! never code.

mod chiaro;
mod dossier;
mod errori;
pub mod escape;
mod filtri;
pub mod html;
pub mod markdown;
pub mod pagina;
mod prospetto;
mod recinto;
pub mod regole;
pub mod svg;
mod testi;
pub mod vista;

pub use dossier::{PdfValidato, dossier};
pub use prospetto::{prospetto, testi_in_chiaro};

use crate::{Errore, Relazione};
use errori::errore_modello;
use filtri::ambiente_typst;
use minijinja::Value;
use minijinja::value::Serde;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The templates shipped with the program (`report-templates/`).
pub const MODELLI: &[(&str, &str)] = &[
    (
        "relazione.typ.j2",
        include_str!("../../report-templates/relazione.typ.j2"),
    ),
    ("stile.typ", include_str!("../../report-templates/stile.typ")),
    (
        "prospetto.typ.j2",
        include_str!("../../report-templates/prospetto.typ.j2"),
    ),
    ("dossier.typ.j2", include_str!("../../report-templates/dossier.typ.j2")),
    (
        "relazione.html.j2",
        include_str!("../../report-templates/relazione.html.j2"),
    ),
    ("parti.html.j2", include_str!("../../report-templates/parti.html.j2")),
    ("stile.css", include_str!("../../report-templates/stile.css")),
];

/// Writes a copy of the embedded templates into `cartella` (new, or empty), for
/// an ente to restyle and then name with `--templates`: an office that has
/// only the program has no `report-templates/` to copy.
pub fn scrivi_modelli(cartella: &Path) -> Result<Vec<&'static str>, Errore> {
    let io = |percorso: &Path| {
        let percorso = percorso.to_path_buf();
        move |source| Errore::Io { percorso, source }
    };
    if cartella.exists() && std::fs::read_dir(cartella).map_err(io(cartella))?.next().is_some() {
        return Err(Errore::FileNonAmmesso {
            percorso: cartella.to_path_buf(),
            motivo: "la cartella esiste e non è vuota: scegliere una cartella nuova, perché nessun modello già \
                     ridisegnato sia sovrascritto"
                .into(),
        });
    }
    std::fs::create_dir_all(cartella).map_err(io(cartella))?;
    for (nome, testo) in MODELLI {
        let f = cartella.join(nome);
        std::fs::write(&f, testo).map_err(io(&f))?;
    }
    Ok(MODELLI.iter().map(|(n, _)| *n).collect())
}

/// Where the templates come from: the embedded ones, or a folder that
/// overrides them file by file (an ente's restyled copy), read once, all its
/// files together, when the templates are taken ([`Modelli::leggi`]):
/// rendering and typesetting never open a file of it again.
#[derive(Debug, Clone, Default)]
pub struct Modelli {
    pub cartella: Option<PathBuf>,
    /// The files of the folder by their path inside it, with `/`
    /// (`stile.typ`, `font/Lora.ttf`), or why one is refused.
    file: std::sync::Arc<BTreeMap<String, crate::cartella::FileLetto>>,
}

impl Modelli {
    /// The templates of `cartella` (the embedded ones without): every file of
    /// the folder and of its subfolders, read now.
    pub fn leggi(cartella: Option<PathBuf>) -> Modelli {
        let file = cartella.as_deref().map(file_dei_modelli).unwrap_or_default();
        Modelli {
            cartella,
            file: std::sync::Arc::new(file),
        }
    }

    /// A file of the ente's templates folder as read (a template, a font, an
    /// image a template shows); `None` when it has no such file.
    pub fn file(&self, relativo: &str) -> Option<crate::cartella::FileLetto> {
        self.file.get(relativo).cloned()
    }

    /// The files of a subfolder of the templates (`font`), in name order.
    pub fn file_in(&self, sottocartella: &str) -> Vec<(String, crate::cartella::FileLetto)> {
        let prefisso = format!("{sottocartella}/");
        self.file
            .iter()
            .filter(|(k, _)| k.starts_with(&prefisso))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The text of a template.
    pub fn testo(&self, nome: &str) -> Result<String, Errore> {
        if let (Some(dir), Some(esito)) = (&self.cartella, self.file.get(nome)) {
            let dati = esito.clone()?;
            return String::from_utf8(dati.as_ref().clone()).map_err(|_| Errore::FileNonAmmesso {
                percorso: dir.join(nome),
                motivo: "non è un testo UTF-8".into(),
            });
        }
        MODELLI
            .iter()
            .find(|(n, _)| *n == nome)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| Errore::modello(nome, None, "modello inesistente"))
    }

    /// Where a template comes from, as a person would look for it: the file of
    /// the ente's copy when it overrides this one, else `report-templates/NOME`.
    pub fn origine(&self, nome: &str) -> String {
        match &self.cartella {
            Some(dir) if self.file.contains_key(nome) => dir.join(nome).display().to_string(),
            _ => format!("report-templates/{nome}"),
        }
    }

    /// The real folder of the templates, when they are read from disk.
    pub fn cartella(&self) -> Option<&Path> {
        self.cartella.as_deref()
    }
}

/// Every file of a templates folder and of its subfolders (two levels: `font/`,
/// `immagini/`), each opened once and judged by its handle like the files of
/// the report folder: a template or font within [`crate::limiti::BYTE_MODELLO`],
/// an image checked as one; within [`crate::limiti::BYTE_IMMAGINI`] in all.
fn file_dei_modelli(dir: &Path) -> BTreeMap<String, crate::cartella::FileLetto> {
    let mut totale: u64 = 0;
    crate::disco::percorri(dir, 2, 1000, |_| true)
        .into_iter()
        .map(|(p, nome)| {
            let esito = crate::cartella::entro_il_totale(&mut totale, &p, "i file dei modelli", "", || {
                if crate::disco::e_immagine_o_svg(&p) {
                    crate::disco::leggi_immagine(dir, &p)
                } else {
                    crate::disco::leggi(dir, &p, crate::limiti::BYTE_MODELLO)
                }
            });
            (nome, esito)
        })
        .collect()
}

/// The date of the document as the small documents' templates take it
/// (`datetime(year: …, month: …, day: …)`): that of the approving deliberation,
/// else the last day of the year (see [`crate::model::Ente::data_documento`]).
pub(crate) fn data_del_documento(ente: &crate::model::Ente) -> Value {
    use chrono::Datelike;
    let x = ente.data_documento();
    minijinja::context! { anno => x.year(), mese => x.month(), giorno => x.day() }
}

/// The Typst sources of a report, by virtual path (`/relazione.typ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorgenti {
    /// The report folder's images the sources may show (`/cartella/…`): the
    /// snapshot the sources were made from, so that the typesetter prints
    /// the very bytes the texts were checked against. None for a document
    /// without the folder's files (the prospetto).
    pub cartella: Option<FileDellaCartella>,
    pub file: BTreeMap<String, String>,
    /// Virtual path → the file a person would open to fix it: the real path of
    /// an ente's template copy, `report-templates/…` for a built-in one.
    pub origini: BTreeMap<String, String>,
}

/// The virtual path of the main source.
pub const PRINCIPALE: &str = "/relazione.typ";
/// The virtual folder of the templates.
pub const CARTELLA_MODELLI: &str = "/modelli";
/// The virtual folder of the report folder (images, logo).
pub const CARTELLA_DATI: &str = "/cartella";

/// The virtual path of the ente's logo, checked to be a file of the folder.
fn logo(r: &Relazione) -> Result<Option<String>, Errore> {
    let cartella = r.cartella();
    let Some(logo) = &r.piano().ente.logo else {
        return Ok(None);
    };
    let relativo = Path::new(logo);
    let dentro = relativo
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let reale = cartella.join(relativo);
    let errore = |motivo: String| {
        Errore::Dati(vec![
            crate::problem::Problema::errore(
                crate::workbook::schema::ente::NOME_FOGLIO,
                format!("logo «{logo}»: {motivo}"),
            )
            .con_valore(logo.clone()),
        ])
    };
    if !dentro {
        return Err(errore(
            "serve il percorso di un'immagine dentro la cartella della relazione, come immagini/logo.png".into(),
        ));
    }
    r.istantanea().immagine(relativo).map_err(|e| match e {
        Errore::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => errore(format!(
            "il file non c'è nella cartella della relazione (cercato in {})",
            reale.display()
        )),
        Errore::FileNonAmmesso { motivo, .. } => errore(motivo),
        altro => errore(altro.to_string()),
    })?;
    let percorso = relativo
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Some(format!("{CARTELLA_DATI}/{percorso}")))
}

/// Every problem the texts would meet in a build — each `{{ … }}` evaluated,
/// images and words checked, the Markdown converted — for all the texts in one
/// run (`relazione check`); the logo too.
pub fn controlla_testi(r: &Relazione) -> Vec<crate::problem::Problema> {
    let (logo, mut problemi) = match logo(r) {
        Ok(l) => (l, Vec::new()),
        Err(e) => (None, e.problemi()),
    };
    let v = vista::vista(r, logo);
    let contesto = Value::from(Serde(&v));
    problemi.extend(testi::problemi_dei_testi(&r.istantanea(), &contesto, &v));
    problemi
}

/// Builds the Typst sources of a scored report.
pub fn genera(r: &Relazione, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    genera_confronto(r, None, modelli)
}

/// Builds the Typst sources of a report; with `precedente` (an earlier draft,
/// `build --compare`) every figure and paragraph that differs is marked.
pub fn genera_confronto(
    r: &Relazione,
    precedente: Option<(&Relazione, &str)>,
    modelli: &Modelli,
) -> Result<Sorgenti, Errore> {
    let mut v = vista::vista(r, logo(r)?);
    let mut paragrafi_precedenti: Option<Vec<String>> = None;
    if let Some((vecchia, nome)) = precedente {
        let vv = vista::vista(vecchia, None);
        let contesto_vecchio = Value::from(Serde(&vv));
        let resi = testi::rendi_testi(&vecchia.istantanea(), &contesto_vecchio, &vv)
            .map_err(|e| Errore::modello(format!("bozza precedente {nome}"), None, e.to_string()))?;
        paragrafi_precedenti = Some(resi.iter().flat_map(|(_, md)| testi::paragrafi(md)).collect());
        vista::segna_modifiche(&mut v, &vv, &crate::diff::schede(vecchia, r), nome);
    }
    let contesto = Value::from(Serde(&v));
    let resi = testi::rendi_testi(&r.istantanea(), &contesto, &v)?;
    let (testi, usati) = testi::testi(&resi, paragrafi_precedenti.as_deref())?;
    let testi_ctx: Vec<Value> = testi
        .iter()
        .map(|t| {
            Value::from(Serde(BTreeMap::from([
                ("nome", Value::from(t.nome.clone())),
                ("typst", Value::from_safe_string(t.typst.clone())),
            ])))
        })
        .collect();
    let ctx = minijinja::context! {
        ..contesto,
        ..minijinja::context! { testi => testi_ctx, usati => usati.into_iter().collect::<Vec<_>>() }
    };
    let mut s = sorgenti("relazione.typ.j2", ctx, modelli)?;
    s.cartella = Some(FileDellaCartella(r.istantanea()));
    Ok(s)
}

/// Renders a main template with the Typst-literal environment: the sources of
/// a document, with the style library beside it.
pub(crate) fn sorgenti(modello: &str, ctx: Value, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    let mut env = ambiente_typst();
    let origine = modelli.origine(modello);
    let testo = modelli.testo(modello)?;
    env.add_template_owned(modello.to_string(), testo.clone())
        .map_err(|e| errore_modello(&origine, Some(&testo), &e))?;
    let main = env
        .get_template(modello)
        .and_then(|t| t.render(ctx))
        .map_err(|e| errore_modello(&origine, Some(&testo), &e))?;
    let mut file = BTreeMap::from([(PRINCIPALE.to_string(), main)]);
    let mut origini = BTreeMap::from([(
        PRINCIPALE.to_string(),
        format!("relazione.typ (generato da {origine}; vedere --sorgenti-typst)"),
    )]);
    // Beside it, every Typst library of the templates (`stile.typ`), which any
    // document may import from `/modelli`.
    for (libreria, _) in MODELLI.iter().filter(|(n, _)| n.ends_with(".typ")) {
        let virtuale = format!("{CARTELLA_MODELLI}/{libreria}");
        file.insert(virtuale.clone(), modelli.testo(libreria)?);
        origini.insert(virtuale, modelli.origine(libreria));
    }
    Ok(Sorgenti {
        cartella: None,
        file,
        origini,
    })
}

/// The snapshot of a report folder given to the typesetter with the sources;
/// two are the same when they are the same reading.
#[derive(Debug, Clone)]
pub struct FileDellaCartella(pub std::sync::Arc<crate::cartella::Istantanea>);

impl PartialEq for FileDellaCartella {
    fn eq(&self, altro: &FileDellaCartella) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &altro.0)
    }
}

impl Eq for FileDellaCartella {}
