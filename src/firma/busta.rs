//! The CMS `SignedData` of a signature (RFC 5652), as PAdES and CAdES want it:
//! signed attributes content-type, message-digest and signing-certificate-v2
//! (RFC 5035), SHA-256, the signer's certificate chain included. Written
//! detached for a PDF (`ETSI.CAdES.detached`) or with the content inside for a
//! `.p7m`. Read back and checked in [`super::controllo`].

use super::ErroreFirma;
use super::chiavi::{Algoritmo, Chiave};
pub(super) use super::crittografia::{ECDSA_SHA256, SHA256, SHA256_RSA};
use chrono::{DateTime, Utc};
use cms::cert::x509::Certificate;
use cms::cert::x509::attr::Attribute;
use cms::cert::x509::ext::pkix::name::GeneralName;
use cms::cert::x509::serial_number::SerialNumber;
use cms::cert::x509::spki::AlgorithmIdentifierOwned;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence, Tag};
use sha2::{Digest, Sha256};

pub const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub(super) const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub(super) const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub(super) const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
pub(super) const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, … }` (RFC 5035).
#[derive(Clone, Debug, Sequence)]
pub(super) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

/// `ESSCertIDv2`: the hash of the signer's certificate (SHA-256, the default, so
/// the algorithm is left out) and its issuer and serial number.
#[derive(Clone, Debug, Sequence)]
pub(super) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

pub(super) fn errore(e: impl std::fmt::Display) -> ErroreFirma {
    ErroreFirma::Busta(e.to_string())
}

fn attributo(oid: Oid, valore: &impl Encode) -> Result<Attribute, ErroreFirma> {
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(&valore.to_der().map_err(errore)?).map_err(errore)?)
        .map_err(errore)?;
    Ok(Attribute { oid, values })
}

fn certificato(der: &[u8]) -> Result<Certificate, ErroreFirma> {
    Certificate::from_der(der).map_err(|e| ErroreFirma::Busta(format!("certificato illeggibile ({e})")))
}

/// The signed attributes: content type, the digest of the content, the
/// signer's certificate bound by its hash (signing-certificate-v2), and the
/// signing time when given.
fn attributi_firmati(
    digest: &[u8],
    firmatario: &Certificate,
    der: &[u8],
    ora: Option<DateTime<Utc>>,
) -> Result<SetOfVec<Attribute>, ErroreFirma> {
    let tbs = firmatario.tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(Sha256::digest(der).to_vec()).map_err(errore)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
    };
    let mut attributi = vec![
        attributo(CONTENT_TYPE, &ID_DATA)?,
        attributo(MESSAGE_DIGEST, &OctetString::new(digest.to_vec()).map_err(errore)?)?,
        attributo(SIGNING_CERTIFICATE_V2, &ess)?,
    ];
    // PAdES puts the time in the signature dictionary and forbids it here; a
    // CAdES envelope has no other place for it.
    if let Some(ora) = ora {
        let secondi = std::time::Duration::from_secs(ora.timestamp().max(0) as u64);
        let t = cms::cert::x509::time::Time::from(der::DateTime::from_unix_duration(secondi).map_err(errore)?);
        attributi.push(attributo(SIGNING_TIME, &t)?);
    }
    SetOfVec::try_from(attributi).map_err(errore)
}

/// A `SignedData` in a `ContentInfo`, DER: over `digest` (the SHA-256 of the
/// content) with the content left out (`contenuto: None`), or with it inside.
fn firma(
    digest: &[u8],
    contenuto: Option<&[u8]>,
    chiave: &dyn Chiave,
    ora: Option<DateTime<Utc>>,
) -> Result<Vec<u8>, ErroreFirma> {
    let catena: Vec<Certificate> = chiave
        .certificati()
        .iter()
        .map(|c| certificato(c))
        .collect::<Result<_, _>>()?;
    let firmatario = catena
        .first()
        .ok_or_else(|| ErroreFirma::Busta("manca il certificato del firmatario".into()))?;
    let firmati = attributi_firmati(digest, firmatario, &chiave.certificati()[0], ora)?;
    let valore = chiave.firma(&firmati.to_der().map_err(errore)?)?;
    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    };
    let (oid, parameters) = match chiave.algoritmo() {
        Algoritmo::Rsa => (SHA256_RSA, Some(Any::null())),
        Algoritmo::EcdsaP256 => (ECDSA_SHA256, None),
    };
    let tbs = firmatario.tbs_certificate();
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(firmati),
        signature_algorithm: AlgorithmIdentifierOwned { oid, parameters },
        signature: OctetString::new(valore).map_err(errore)?,
        unsigned_attrs: None,
    };
    let mut certificati = CertificateSet(SetOfVec::new());
    for c in catena {
        certificati
            .0
            .insert(CertificateChoices::Certificate(c))
            .map_err(errore)?;
    }
    let mut algoritmi = SetOfVec::new();
    algoritmi.insert(sha256).map_err(errore)?;
    let econtent = contenuto
        .map(|c| Any::new(Tag::OctetString, c.to_vec()))
        .transpose()
        .map_err(errore)?;
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: algoritmi,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent,
        },
        certificates: Some(certificati),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(errore)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).map_err(errore)?,
    }
    .to_der()
    .map_err(errore)
}

/// The signature of a PDF (`ETSI.CAdES.detached`): over the SHA-256 of the
/// signed byte ranges, without signing time (PAdES wants it in `/M`).
pub fn firma_staccata(digest: &[u8], chiave: &dyn Chiave) -> Result<Vec<u8>, ErroreFirma> {
    firma(digest, None, chiave, None)
}

/// A CAdES-BES envelope (`.p7m`): the content inside, with the signing time.
pub fn firma_inclusa(contenuto: &[u8], chiave: &dyn Chiave, ora: DateTime<Utc>) -> Result<Vec<u8>, ErroreFirma> {
    firma(&Sha256::digest(contenuto), Some(contenuto), chiave, Some(ora))
}
