//! A signature time-stamp (RFC 3161), carried among the unsigned attributes of
//! a signature: a time-stamping authority signed, at a time it certifies, the
//! digest of the signature's value. When it holds and its authority is trusted,
//! the signature existed at that time, and the signer's certificate is judged
//! then rather than now.

use super::certificato::{Dati, data_ora};
use super::controllo::{self, Modo};
use super::crittografia;
use super::fiducia::{Fiducia, Identita, Uso};
use chrono::{DateTime, NaiveDateTime, Utc};
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Any, Reader, Sequence, Tagged};

/// `id-ct-TSTInfo`: the content of a time-stamp token.
const TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// `MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }`.
#[derive(Clone, Debug, Sequence)]
struct Impronta {
    algoritmo: cms::cert::x509::spki::AlgorithmIdentifierOwned,
    valore: OctetString,
}

/// A time-stamp, checked.
#[derive(Debug, Clone)]
pub struct Marca {
    /// The time it certifies.
    pub ora: DateTime<Utc>,
    /// Its authority.
    pub autorita: Option<Dati>,
    /// The token holds, and covers this signature.
    pub integra: bool,
    /// Its authority's certificate, judged at the time of the stamp.
    pub identita: Identita,
    pub problemi: Vec<String>,
}

impl Marca {
    /// The time it certifies, when it holds and its authority is trusted.
    pub fn ora_certa(&self) -> Option<DateTime<Utc>> {
        (self.integra && matches!(self.identita, Identita::Accertata(_))).then_some(self.ora)
    }
}

/// The imprint and the time of a `TSTInfo` (RFC 3161, 2.4.2): version, policy,
/// imprint, serial number, time; what follows is not needed.
fn tst_info(der: &[u8]) -> Result<(Impronta, DateTime<Utc>), String> {
    let errore = |e: der::Error| format!("il contenuto della marca temporale è illeggibile ({e})");
    let mut r = der::SliceReader::new(der).map_err(errore)?;
    let (impronta, ora) = r
        .sequence(|r| {
            let _versione: Any = r.decode()?;
            let _politica: Oid = r.decode()?;
            let impronta: Impronta = r.decode()?;
            let _seriale: Any = r.decode()?;
            let ora: Any = r.decode()?;
            while !r.is_finished() {
                let _: Any = r.decode()?;
            }
            Ok::<_, der::Error>((impronta, ora))
        })
        .map_err(errore)?;
    if ora.tag() != der::Tag::GeneralizedTime {
        return Err("l'ora della marca temporale non è un GeneralizedTime".into());
    }
    let testo = std::str::from_utf8(ora.value()).unwrap_or_default();
    let ora = NaiveDateTime::parse_from_str(testo, "%Y%m%d%H%M%S%.fZ")
        .map_err(|_| format!("l'ora della marca temporale ({testo}) non si legge"))?
        .and_utc();
    Ok((impronta, ora))
}

/// Checks the time-stamp token `token` over the signature value `valore`,
/// judging its authority with `fiducia`.
pub fn verifica(token: &[u8], valore: &[u8], fiducia: &Fiducia) -> Result<Marca, String> {
    let b = controllo::verifica_busta(token, &[], Modo::Inclusa(TST_INFO)).map_err(|e| e.to_string())?;
    let contenuto = b.contenuto.as_deref().ok_or("la marca temporale non ha contenuto")?;
    let (impronta, ora) = tst_info(contenuto)?;
    let mut problemi = b.problemi.clone();
    let copre = crittografia::impronta(&impronta.algoritmo.oid, &[valore], false)
        .is_some_and(|h| h == impronta.valore.as_bytes());
    if !copre {
        problemi.push("la marca temporale non è di questa firma: l'impronta che certifica è di altri dati".into());
    }
    let autorita = b.certificato.as_deref().and_then(|c| Dati::da_der(c).ok());
    let identita = match &b.certificato {
        Some(c) => fiducia.giudica(c, &b.certificati, ora, Uso::Marca),
        None => Identita::NonValida("la marca temporale non contiene il certificato della sua autorità".into()),
    };
    Ok(Marca {
        ora,
        autorita,
        integra: b.integra() && copre,
        identita,
        problemi,
    })
}

/// The time-stamp in words, for the report.
pub fn descrivi(m: &Marca) -> String {
    let chi = m
        .autorita
        .as_ref()
        .map_or("autorità sconosciuta".to_string(), |d| d.titolare.clone());
    match (&m.identita, m.integra) {
        (_, false) => format!("marca temporale di {chi} NON VALIDA"),
        (Identita::Accertata(_), true) => format!("marca temporale di {chi} del {}", data_ora(m.ora)),
        (Identita::NonAccertata(_), true) => format!(
            "marca temporale del {} di {chi}, autorità non accertata: l'ora non è considerata certa",
            data_ora(m.ora)
        ),
        (Identita::NonValida(motivo), true) => format!("marca temporale di {chi} non valida: {motivo}"),
    }
}
