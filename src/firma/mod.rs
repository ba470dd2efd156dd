//! Signing the Relazione, and checking a signed one.
//!
//! - [`firma_pdf`] adds a PAdES baseline B-B signature (`ETSI.CAdES.detached`,
//!   signing-certificate-v2, SHA-256) by incremental update: the signed file is
//!   the original, byte for byte, followed by the signature. Signing again
//!   (Segretario Generale, then Presidente) adds a second one the same way.
//! - [`busta_cades`] wraps the PDF in a CAdES-BES envelope (`.p7m`).
//! - [`campi_vuoti`] leaves empty, named signature fields for the office's own
//!   signing program.
//! - [`verifica()`] checks every signature of a file, what later revisions
//!   changed, and (in [`crate::build`]) whether the signed PDF is the one a
//!   folder gives.
//!
//! The keys come from a PKCS#12 file or a PKCS#11 token ([`chiavi`]); the CMS
//! structures are in [`busta`]; a PDF's revisions and fields are read in
//! [`pdf`], and written by incremental update (`aggiornamento`) with new fields
//! (`campi`) and signatures (`pades`).

mod aggiornamento;
pub mod busta;
mod campi;
pub mod certificato;
pub mod chiavi;
pub mod controllo;
mod pades;
pub mod pdf;
pub mod stampa;
mod token;
pub mod verifica;

pub use chiavi::{Chiave, ChiaveP12};
pub use token::ChiaveToken;
pub use verifica::{Esito, Rapporto, verifica};

use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// Why signing or verifying could not be done. Every message is for the person
/// at the keyboard, in Italian.
#[derive(Debug, thiserror::Error)]
pub enum ErroreFirma {
    #[error("la password del file .p12 non è corretta")]
    PasswordSbagliata,
    #[error("il PIN non è corretto{}", .0.map(|n| format!(" (tentativi rimasti prima del blocco: {n})")).unwrap_or_default())]
    PinSbagliato(Option<u32>),
    #[error("il PIN è bloccato: sbloccarlo con il PUK, con il programma del fornitore della carta")]
    PinBloccato,
    #[error("{0}")]
    Password(String),
    #[error(
        "il certificato di {titolare} è scaduto il {al} (valido dal {dal}): con un certificato scaduto la firma non vale"
    )]
    CertificatoScaduto { titolare: String, dal: String, al: String },
    #[error("il certificato di {titolare} sarà valido solo dal {dal} (fino al {al}): controllare la data del computer")]
    CertificatoNonAncoraValido { titolare: String, dal: String, al: String },
    #[error(
        "il certificato di {0} non è per firmare documenti (il suo uso è limitato ad altro, per esempio all'autenticazione)"
    )]
    ChiaveNonPerFirmare(String),
    #[error("«{}» non è un PDF: {motivo}", percorso.display())]
    NonPdf { percorso: PathBuf, motivo: String },
    #[error("«{}» è un PDF danneggiato: {motivo}", percorso.display())]
    PdfDanneggiato { percorso: PathBuf, motivo: String },
    #[error("«{}»: {motivo}", percorso.display())]
    UscitaNonAmmessa { percorso: PathBuf, motivo: String },
    #[error("file .p12: {0}")]
    P12(String),
    #[error("dispositivo di firma (PKCS#11): {0}")]
    Token(String),
    #[error("firma: {0}")]
    Busta(String),
    #[error("{}: {}", percorso.display(), crate::problem::io_in_italiano(source))]
    Io {
        percorso: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How a signature is made: who signs (the name of the field), why, and when.
#[derive(Debug, Clone)]
pub struct Opzioni {
    /// The signature field to fill (one left by `build --campo-firma`), or to
    /// create; `None`: the first empty one, or a new one named after the signer.
    pub campo: Option<String>,
    /// The reason written in the signature (`/Reason`), if any.
    pub motivo: Option<String>,
    /// The signing time written in the signature (`/M`): now, by default.
    pub ora: DateTime<Utc>,
}

impl Default for Opzioni {
    fn default() -> Self {
        Opzioni {
            campo: None,
            motivo: None,
            ora: Utc::now(),
        }
    }
}

/// Signs `originale` (a PDF) with `chiave`: the original bytes followed by an
/// incremental update holding a PAdES baseline B-B signature over the whole file.
pub fn firma_pdf(
    originale: &[u8],
    nome_file: &std::path::Path,
    chiave: &dyn Chiave,
    o: &Opzioni,
) -> Result<Vec<u8>, ErroreFirma> {
    certificato::utilizzabile(chiave.certificati(), o.ora)?;
    let pdf = pdf::Pdf::leggi(originale, nome_file)?;
    let titolare = certificato::Dati::da_der(&chiave.certificati()[0])?.titolare;
    pades::firma(&pdf, chiave, &titolare, o)
}

/// `originale` wrapped in a CAdES-BES envelope (the `.p7m` many Italian offices
/// use): the signed data inside, with the signer's certificate and the signing time.
pub fn busta_cades(originale: &[u8], chiave: &dyn Chiave, ora: DateTime<Utc>) -> Result<Vec<u8>, ErroreFirma> {
    certificato::utilizzabile(chiave.certificati(), ora)?;
    busta::firma_inclusa(originale, chiave, ora)
}

/// `originale` with one empty signature field for each name, in an incremental
/// update: the office's signing program (Dike, ArubaSign, Acrobat, `pdfsig
/// -sign`) finds them by name and fills them.
pub fn campi_vuoti(originale: &[u8], nomi: &[String]) -> Result<Vec<u8>, ErroreFirma> {
    let pdf = pdf::Pdf::leggi(originale, std::path::Path::new("relazione.pdf"))?;
    campi::campi_vuoti(&pdf, nomi)
}

/// Where a signed file goes by default: `relazione-2022-firmato.pdf` beside the
/// PDF, or `relazione-2022.pdf.p7m` for an envelope.
pub fn uscita_predefinita(ingresso: &std::path::Path, cades: bool) -> PathBuf {
    if cades {
        let mut nome = ingresso.as_os_str().to_owned();
        nome.push(".p7m");
        return PathBuf::from(nome);
    }
    let base = ingresso
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    ingresso.with_file_name(format!("{base}-firmato.pdf"))
}

/// Whether a signed file may be written at `uscita`: a name ending in `.pdf` (or
/// `.p7m`), and if the file exists, a PDF or an envelope (a file of ours), never
/// a workbook or any other file.
pub fn uscita_ammessa(uscita: &std::path::Path, cades: bool) -> Result<(), ErroreFirma> {
    let no = |motivo: &str| ErroreFirma::UscitaNonAmmessa {
        percorso: uscita.to_path_buf(),
        motivo: motivo.to_string(),
    };
    let estensione = if cades { "p7m" } else { "pdf" };
    if !uscita.extension().is_some_and(|e| e.eq_ignore_ascii_case(estensione)) {
        return Err(no(&format!(
            "il file firmato deve avere un nome che finisce in .{estensione}"
        )));
    }
    if let Ok(m) = std::fs::metadata(uscita) {
        if !m.is_file() {
            return Err(no("esiste e non è un file ordinario"));
        }
        let mut inizio = [0u8; 5];
        let letti = std::fs::File::open(uscita)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut inizio))
            .unwrap_or(0);
        let nostro = if cades {
            letti > 0 && inizio[0] == 0x30
        } else {
            letti == 5 && &inizio == b"%PDF-"
        };
        if !nostro {
            return Err(no(&format!(
                "esiste già e non è un file .{estensione}: non lo sovrascrivo; indicare un altro nome con --out"
            )));
        }
    }
    Ok(())
}

/// `relazione firma`: reads the PDF, signs it (in the PDF, or in a `.p7m`
/// envelope), writes the signed file atomically. The written path.
pub fn firma_file(
    ingresso: &std::path::Path,
    uscita: Option<&std::path::Path>,
    chiave: &dyn Chiave,
    o: &Opzioni,
    cades: bool,
) -> Result<PathBuf, crate::Errore> {
    let uscita = uscita
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| uscita_predefinita(ingresso, cades));
    uscita_ammessa(&uscita, cades)?;
    let byte = std::fs::read(ingresso).map_err(|source| ErroreFirma::Io {
        percorso: ingresso.to_path_buf(),
        source,
    })?;
    // The envelope too must hold a PDF that reads.
    pdf::Pdf::leggi(&byte, ingresso)?;
    let firmato = if cades {
        busta_cades(&byte, chiave, o.ora)?
    } else {
        firma_pdf(&byte, ingresso, chiave, o)?
    };
    crate::build::scrivi_atomico(&uscita, &firmato)?;
    Ok(uscita)
}
