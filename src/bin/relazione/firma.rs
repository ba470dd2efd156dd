//! `relazione firma` and `relazione verifica`: the command line of signing.

use crate::Formato;
use clap::Args;
use relazione::Errore;
use relazione::firma::{self, Chiave, ChiaveP12, ChiaveToken, ErroreFirma, Esito, chiavi};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `relazione firma`.
#[derive(Args)]
pub struct ArgomentiFirma {
    /// Il PDF da firmare.
    #[arg(value_name = "PDF", help_heading = "Argomenti")]
    pdf: PathBuf,
    /// Il file firmato (predefinito: PDF-firmato.pdf, o PDF.p7m con --cades).
    #[arg(long = "uscita", alias = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Il file .p12 o .pfx con la chiave e il certificato.
    #[arg(long, value_name = "FILE", conflicts_with = "pkcs11")]
    p12: Option<PathBuf>,
    /// Il file con la password del .p12 (altrimenti RELAZIONE_P12_PASSWORD, o la chiede).
    #[arg(long = "file-password", alias = "password-file", value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// Il modulo PKCS#11 della carta o del token (per esempio /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so).
    #[arg(long, value_name = "MODULO")]
    pkcs11: Option<PathBuf>,
    /// L'etichetta del token, se ne sono inseriti più d'uno.
    #[arg(long, value_name = "ETICHETTA")]
    token: Option<String>,
    /// L'etichetta della chiave, se il token ne ha più d'una per firmare.
    #[arg(long, value_name = "ETICHETTA")]
    chiave: Option<String>,
    /// Il file con il PIN (altrimenti RELAZIONE_PIN, o lo chiede).
    #[arg(long = "file-pin", alias = "pin-file", value_name = "FILE")]
    pin_file: Option<PathBuf>,
    /// Il campo di firma da riempire (predefinito: il primo vuoto, o uno nuovo a nome del firmatario).
    #[arg(long, value_name = "NOME")]
    campo: Option<String>,
    /// Il motivo della firma, scritto nella firma.
    #[arg(long, value_name = "TESTO")]
    motivo: Option<String>,
    /// Scrive una busta CAdES (PDF.p7m) invece di firmare dentro il PDF.
    #[arg(long)]
    cades: bool,
    /// Scrive anche sopra il PDF da firmare o sopra un altro PDF firmato.
    #[arg(long)]
    forza: bool,
}

/// The arguments of `relazione verifica`.
#[derive(Args)]
pub struct ArgomentiVerifica {
    /// Il PDF firmato, o la busta .p7m.
    #[arg(value_name = "FILE", help_heading = "Argomenti")]
    file: PathBuf,
    /// La cartella della relazione da cui ricomporre il PDF per il confronto.
    #[arg(long = "cartella", alias = "data", value_name = "CARTELLA")]
    data: Option<PathBuf>,
    /// I modelli con cui la relazione fu composta, se non quelli incorporati.
    #[arg(long = "modelli", alias = "templates", value_name = "CARTELLA")]
    templates: Option<PathBuf>,
    /// I certificati di cui fidarsi (PEM), o la lista di fiducia di AgID (XML); anche più volte.
    #[arg(long, value_name = "FILE")]
    fiducia: Vec<PathBuf>,
    /// Come stampare: testo (predefinito) o json.
    #[arg(long = "stampa", alias = "format", value_name = "COME", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
    format: Formato,
}

/// The key, from a `.p12` file or a PKCS#11 token, with its password or PIN.
fn apri_chiave(a: &ArgomentiFirma) -> Result<Box<dyn Chiave>, ErroreFirma> {
    match (&a.p12, &a.pkcs11) {
        (Some(p12), None) => {
            let byte = std::fs::read(p12).map_err(|source| ErroreFirma::Io {
                percorso: p12.clone(),
                source,
            })?;
            let password = chiavi::segreto(
                a.password_file.as_deref(),
                "RELAZIONE_P12_PASSWORD",
                "la password del file .p12",
            )?;
            Ok(Box::new(ChiaveP12::apri(&byte, &password)?))
        }
        (None, Some(modulo)) => {
            let pin = chiavi::segreto(a.pin_file.as_deref(), "RELAZIONE_PIN", "il PIN della carta")?;
            Ok(Box::new(ChiaveToken::apri(
                modulo,
                a.token.as_deref(),
                a.chiave.as_deref(),
                &pin,
            )?))
        }
        _ => Err(ErroreFirma::Password(
            "indicare dove è la chiave: --p12 FILE (un file .p12 o .pfx) oppure --pkcs11 MODULO (la carta o il token)"
                .into(),
        )),
    }
}

pub fn firma(a: ArgomentiFirma) -> Result<ExitCode, Errore> {
    let chiave = apri_chiave(&a)?;
    let opzioni = firma::Opzioni {
        campo: a.campo.clone(),
        motivo: a.motivo.clone(),
        ..Default::default()
    };
    let scritto = firma::firma_file(&a.pdf, a.out.as_deref(), chiave.as_ref(), &opzioni, a.cades, a.forza)?;
    let titolare = firma::certificato::Dati::da_der(&chiave.certificati()[0])
        .map(|d| d.titolare)
        .unwrap_or_default();
    scrivi!("{}", relazione::stampa::esiti::firmato(&titolare, &scritto, a.cades));
    Ok(ExitCode::SUCCESS)
}

/// Exit 0 when every signature holds and its signer is established (and,
/// with a folder, the PDF is its own); 3 when they hold but a signer is not
/// established; 1 when something does not hold; an error, or a comparison
/// with a folder of another version of the program, exit 2.
pub fn verifica(a: ArgomentiVerifica) -> Result<ExitCode, Errore> {
    let fiducia = firma::Fiducia::da_file(&a.fiducia)?;
    let byte = firma::leggi_file(&a.file, true)?;
    let mut rapporto = firma::verifica(&byte, &a.file, &fiducia, chrono::Utc::now())?;
    if let Some(cartella) = &a.data {
        let rifatto = relazione::build::pdf_della_cartella(cartella, a.templates.as_deref())?;
        let originale = rapporto.originale(&byte).to_vec();
        rapporto.confronto = Some(firma::confronto::confronta_con(&rapporto, &originale, &rifatto));
    }
    if a.format == Formato::Json {
        let v = relazione::stampa::firme::json(&rapporto);
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        let cartella = a.data.as_ref().map(|d| d.display().to_string());
        scrivi_senza_a_capo!("{}", relazione::stampa::firme::testo(&rapporto, cartella.as_deref()));
    }
    let esito = rapporto.esito();
    Ok(if esito != Esito::NonValido && rapporto.confronto_inconcludente() {
        ExitCode::from(2)
    } else {
        ExitCode::from(esito.codice())
    })
}
