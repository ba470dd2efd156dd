//! Signing the Relazione, and checking a signed one.
//!
//! - [`firma_pdf`] adds a PAdES baseline B-B signature (`ETSI.CAdES.detached`,
//!   signing-certificate-v2, SHA-256) by incremental update: the signed file is
//!   the original, byte for byte, followed by the signature. Signing again
//!   (Segretario Generale, then Presidente) adds a second one the same way.
//! - [`busta_cades`] wraps the PDF in a CAdES-BES envelope (`.p7m`).
//! - [`campi_vuoti`] leaves empty, named signature fields for the office's own
//!   signing program.
//! - [`verifica()`] checks every signature of a file: its bytes and its CMS
//!   ([`controllo`]), what each later revision changed ([`modifiche`], over the
//!   revisions of [`revisioni`]), its time-stamp ([`marca`]) and its certificate
//!   against the user's trust anchors ([`fiducia`]); and (in the command line)
//!   whether the signed PDF is the one a folder gives.
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
pub mod confronto;
pub mod controllo;
mod crittografia;
pub mod fiducia;
mod lessico;
pub mod marca;
pub mod modifiche;
mod pades;
pub mod pdf;
pub mod revisioni;
mod token;
pub mod verifica;

pub use chiavi::{Chiave, ChiaveP12};
pub use fiducia::Fiducia;
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
        "il certificato di {0} non è per firmare documenti: manca il non ripudio (nonRepudiation) che hanno i certificati di firma; il suo uso è un altro, per esempio l'autenticazione o la cifratura"
    )]
    ChiaveNonPerFirmare(String),
    #[error("le ancore di fiducia in «{}» non si leggono: {motivo}", percorso.display())]
    Fiducia { percorso: PathBuf, motivo: String },
    #[error("«{}» non è un PDF: {motivo}", percorso.display())]
    NonPdf { percorso: PathBuf, motivo: String },
    #[error("«{}» è un PDF danneggiato: {motivo}", percorso.display())]
    PdfDanneggiato { percorso: PathBuf, motivo: String },
    #[error("«{}»: {motivo}", percorso.display())]
    UscitaNonAmmessa { percorso: PathBuf, motivo: String },
    #[error(
        "«{}» non si firma: {motivo}. Si firma il PDF composto dalla cartella: ricomporlo con relazione componi",
        percorso.display()
    )]
    NonFirmabile { percorso: PathBuf, motivo: String },
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

impl From<ErroreFirma> for crate::Errore {
    fn from(e: ErroreFirma) -> crate::Errore {
        crate::Errore::Firma(e.to_string())
    }
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
                "esiste già e non è un file .{estensione}: non lo sovrascrivo; indicare un altro nome con --uscita"
            )));
        }
    }
    Ok(())
}

/// The bytes of the file `percorso`, a PDF (or, where `busta` allows it, a
/// `.p7m`): its first bytes are looked at, and its size, before it is read.
pub fn leggi_file(percorso: &std::path::Path, busta: bool) -> Result<Vec<u8>, ErroreFirma> {
    use std::io::Read;
    let io = |source| ErroreFirma::Io {
        percorso: percorso.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(percorso).map_err(io)?;
    let m = f.metadata().map_err(io)?;
    let mut inizio = [0u8; 5];
    let letti = f.read(&mut inizio).map_err(io)?;
    let pdf = letti == 5 && &inizio == b"%PDF-";
    if !m.is_file() || !(pdf || busta && letti > 0 && inizio[0] == 0x30) {
        return Err(ErroreFirma::NonPdf {
            percorso: percorso.to_path_buf(),
            motivo: if busta {
                "non comincia con l'intestazione %PDF- e non è una busta .p7m".into()
            } else {
                "non comincia con l'intestazione %PDF-".into()
            },
        });
    }
    if m.len() > crate::limiti::BYTE_PDF {
        return Err(ErroreFirma::PdfDanneggiato {
            percorso: percorso.to_path_buf(),
            motivo: format!(
                "è di {}, più dei {} che una Relazione può avere",
                crate::format::dimensione(m.len()),
                crate::format::dimensione(crate::limiti::BYTE_PDF)
            ),
        });
    }
    let mut byte = inizio[..letti].to_vec();
    f.take(crate::limiti::BYTE_PDF).read_to_end(&mut byte).map_err(io)?;
    Ok(byte)
}

/// Whether `byte` may be signed: no signature in it is broken or followed by
/// changes, and no revision after the composed PDF changes what it shows.
/// `Err` says why not, for the person signing.
fn firmabile(byte: &[u8], percorso: &std::path::Path, ora: DateTime<Utc>) -> Result<(), ErroreFirma> {
    let r = verifica::verifica(byte, percorso, &Fiducia::default(), ora)?;
    let no = |motivo: String| ErroreFirma::NonFirmabile {
        percorso: percorso.to_path_buf(),
        motivo,
    };
    if let Some(f) = r.firme.iter().find(|f| !f.integra || !f.problemi.is_empty()) {
        let motivo = f.problemi.first().cloned().unwrap_or_default();
        return Err(no(format!("la firma del campo «{}» non è valida ({motivo})", f.campo)));
    }
    if let Some(a) = r.revisioni.iter().find(|a| !a.ammessa()) {
        return Err(no(format!(
            "è stato cambiato dopo la composizione{} (revisione {}: {})",
            if a.dopo_una_firma { " e dopo una firma" } else { "" },
            a.numero,
            a.giudizio.vietati.first().cloned().unwrap_or_default()
        )));
    }
    Ok(())
}

/// Whether `uscita` already holds a signed PDF (it has a signature's byte range).
fn e_firmato(uscita: &std::path::Path) -> bool {
    leggi_file(uscita, true).is_ok_and(|b| b.windows(10).any(|w| w == b"/ByteRange"))
}

/// `relazione firma`: reads the PDF, signs it (in the PDF, or in a `.p7m`
/// envelope), writes the signed file atomically. The written path. Without
/// `forza`, the signed file never replaces the PDF signed nor another signed file.
pub fn firma_file(
    ingresso: &std::path::Path,
    uscita: Option<&std::path::Path>,
    chiave: &dyn Chiave,
    o: &Opzioni,
    cades: bool,
    forza: bool,
) -> Result<PathBuf, crate::Errore> {
    let uscita = uscita
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| uscita_predefinita(ingresso, cades));
    uscita_ammessa(&uscita, cades)?;
    let no = |motivo: &str| ErroreFirma::UscitaNonAmmessa {
        percorso: uscita.clone(),
        motivo: motivo.to_string(),
    };
    if !forza && uscita.exists() {
        let stesso = std::fs::canonicalize(&uscita).ok() == std::fs::canonicalize(ingresso).ok();
        if stesso {
            return Err(no(
                "è il file da firmare: il file firmato va scritto accanto, con un altro nome (--uscita), \
                 perché l'originale resti (oppure --forza per sostituirlo)",
            )
            .into());
        }
        if e_firmato(&uscita) {
            return Err(no(
                "è già un PDF firmato: non lo sostituisco con un altro (indicare un altro nome con --uscita, \
                 oppure --forza)",
            )
            .into());
        }
    }
    let byte = leggi_file(ingresso, false)?;
    firmabile(&byte, ingresso, o.ora)?;
    let firmato = if cades {
        // The envelope too must hold a PDF that reads.
        pdf::Pdf::leggi(&byte, ingresso)?;
        busta_cades(&byte, chiave, o.ora)?
    } else {
        firma_pdf(&byte, ingresso, chiave, o)?
    };
    crate::disco::scrivi_atomico(&uscita, &firmato)?;
    Ok(uscita)
}
