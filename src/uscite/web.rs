//! The web edition for the ente's "Amministrazione trasparente": one
//! accessible page (`index.html`, with its style sheet, fonts and images), the
//! PDF — the very one `relazione componi` writes — and the open data (`dati/`),
//! as one folder.

use super::dati_aperti::{self, Licenza};
use super::{Forma, Lavoro, Prodotto, Uscita};
use crate::render::Modelli;
use crate::render::pagina::{self, Allegati};
use crate::{Errore, Relazione, typeset};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The web edition: a folder (default `out/pubblicazione-<anno>`).
#[derive(Debug, Clone, Copy, Default)]
pub struct EdizioneWeb;

impl Uscita for EdizioneWeb {
    fn nome(&self) -> &'static str {
        "l'edizione web"
    }

    fn forma(&self) -> Forma {
        Forma::Cartella { una: "un'edizione web" }
    }

    fn predefinita(&self, r: &Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("pubblicazione-{}", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, Errore> {
        let pdf = &lavoro.composto()?.pdf;
        let file = edizione(lavoro.relazione, lavoro.modelli, pdf)?;
        Ok(Prodotto::Cartella(super::scrittura::con_elenco(
            file,
            "I file di questa edizione web, scritti da relazione pubblica.",
        )))
    }
}

/// The file name of the PDF in the edition: `relazione-2022.pdf`.
pub fn nome_pdf(r: &Relazione) -> String {
    super::pdf::nome(r.piano().ente.anno)
}

/// The licence fonts of the page (those of the PDF but the fallbacks, which a
/// browser has of its own).
const LICENZE_FONT: &[(&str, &str)] = &[
    ("OFL-Lora.txt", include_str!("../../fonts/OFL-Lora.txt")),
    ("OFL-TitilliumWeb.txt", include_str!("../../fonts/OFL-TitilliumWeb.txt")),
];

/// Every file of the web edition of a report whose PDF is made, by path in the
/// edition's folder.
fn edizione(r: &Relazione, modelli: &Modelli, pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, Errore> {
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
    for (nome, dati) in dati_aperti::file(r, &licenza, &nome_pdf)? {
        file.insert(format!("dati/{nome}"), dati);
    }
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
