//! What a person needs to know of a certificate: whose it is, who issued it,
//! when it is valid, and whether it may sign documents.

use super::ErroreFirma;
use chrono::{DateTime, Utc};
use cms::cert::x509::Certificate;
use cms::cert::x509::ext::pkix::{KeyUsage, KeyUsages};
use der::Decode;

/// A certificate, read.
#[derive(Debug, Clone)]
pub struct Dati {
    /// The holder: the common name, or the whole subject when it has none.
    pub titolare: String,
    /// The subject, as `CN=…, O=…`.
    pub soggetto: String,
    /// The issuer, as `CN=…, O=…`.
    pub emittente: String,
    /// The serial number, in hexadecimal.
    pub seriale: String,
    pub valido_dal: DateTime<Utc>,
    pub valido_al: DateTime<Utc>,
    /// Whether the key may sign documents: its key usage has non-repudiation,
    /// as the certificates of qualified signatures have (an authentication
    /// certificate has only digitalSignature, an encryption one neither).
    pub per_firmare: bool,
}

impl Dati {
    pub fn da_der(der: &[u8]) -> Result<Dati, ErroreFirma> {
        let c = Certificate::from_der(der).map_err(|e| ErroreFirma::Busta(format!("certificato illeggibile ({e})")))?;
        Ok(Dati::da(&c))
    }

    pub fn da(c: &Certificate) -> Dati {
        let tbs = c.tbs_certificate();
        let titolare = tbs
            .subject()
            .common_name()
            .ok()
            .flatten()
            .map(|cn| cn.value().to_string())
            .unwrap_or_else(|| tbs.subject().to_string());
        let per_firmare = matches!(
            tbs.get_extension::<KeyUsage>(),
            Ok(Some((_, ku))) if ku.0.contains(KeyUsages::NonRepudiation)
        );
        let data = |t: cms::cert::x509::time::Time| {
            DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
        };
        Dati {
            titolare,
            soggetto: tbs.subject().to_string(),
            emittente: tbs.issuer().to_string(),
            seriale: tbs
                .serial_number()
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect(),
            valido_dal: data(tbs.validity().not_before),
            valido_al: data(tbs.validity().not_after),
            per_firmare,
        }
    }
}

/// `13/09/2022 10:30 UTC`.
pub fn data_ora(d: DateTime<Utc>) -> String {
    d.format("%d/%m/%Y %H:%M UTC").to_string()
}

/// Whether the signer's certificate (the first) may sign now: valid at `ora`,
/// and meant for signing.
pub fn utilizzabile(certificati: &[Vec<u8>], ora: DateTime<Utc>) -> Result<(), ErroreFirma> {
    let Some(primo) = certificati.first() else {
        return Err(ErroreFirma::Busta("manca il certificato del firmatario".into()));
    };
    let d = Dati::da_der(primo)?;
    if ora > d.valido_al {
        return Err(ErroreFirma::CertificatoScaduto {
            titolare: d.titolare,
            dal: data_ora(d.valido_dal),
            al: data_ora(d.valido_al),
        });
    }
    if ora < d.valido_dal {
        return Err(ErroreFirma::CertificatoNonAncoraValido {
            titolare: d.titolare,
            dal: data_ora(d.valido_dal),
            al: data_ora(d.valido_al),
        });
    }
    if !d.per_firmare {
        return Err(ErroreFirma::ChiaveNonPerFirmare(d.titolare));
    }
    Ok(())
}
