//! Checking a CMS signature: whether the signed digest is the digest of the
//! signed bytes, whether the signature over the signed attributes holds with
//! the key of the signer's certificate, and whether the certificate is bound to
//! the signature (signing-certificate-v2, as PAdES wants).

use super::ErroreFirma;
use super::busta::*;
use chrono::{DateTime, Utc};
use cms::cert::CertificateChoices;
use cms::cert::x509::Certificate;
use cms::cert::x509::attr::Attribute;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// What a CMS signature says and whether it holds.
#[derive(Debug, Clone)]
pub struct Busta {
    /// The signer's certificate (DER), when the envelope has it.
    pub certificato: Option<Vec<u8>>,
    /// The signed message digest matches the content.
    pub impronta_corrisponde: bool,
    /// The signature over the signed attributes holds with the certificate's key.
    pub firma_valida: bool,
    /// The signing time of the signed attributes (CAdES), if any.
    pub ora: Option<DateTime<Utc>>,
    /// The content inside the envelope (`.p7m`), if any.
    pub contenuto: Option<Vec<u8>>,
    /// What does not hold, in words.
    pub problemi: Vec<String>,
}

/// Reads the DER `ContentInfo` at the start of `byte` (a PDF's `/Contents` is
/// padded with zeros after it).
pub fn leggi(byte: &[u8]) -> Result<SignedData, ErroreFirma> {
    let mut lettore = der::SliceReader::new(byte).map_err(errore)?;
    let ci = <ContentInfo as der::Decode>::decode(&mut lettore)
        .map_err(|e| ErroreFirma::Busta(format!("la firma non è una struttura CMS leggibile ({e})")))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(ErroreFirma::Busta("la firma non è un SignedData CMS".into()));
    }
    ci.content.decode_as::<SignedData>().map_err(errore)
}

fn impronta(oid: &Oid, parti: &[&[u8]]) -> Option<Vec<u8>> {
    fn con<D: Digest>(parti: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parti {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    match *oid {
        SHA256 => Some(con::<Sha256>(parti)),
        SHA384 => Some(con::<Sha384>(parti)),
        SHA512 => Some(con::<Sha512>(parti)),
        _ => None,
    }
}

/// The signer's certificate among those of the envelope.
fn certificato_del_firmatario(sd: &SignedData, si: &SignerInfo) -> Option<Certificate> {
    sd.certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c),
            _ => None,
        })
        .find(|c| match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(is) => {
                c.tbs_certificate().issuer() == &is.issuer && c.tbs_certificate().serial_number() == &is.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .tbs_certificate()
                .get_extension::<cms::cert::x509::ext::pkix::SubjectKeyIdentifier>()
                .ok()
                .flatten()
                .is_some_and(|(_, k)| &k == ski),
        })
        .cloned()
}

/// The first value of the signed attribute `oid`.
fn valore(si: &SignerInfo, oid: Oid) -> Option<&Any> {
    si.signed_attrs
        .iter()
        .flat_map(|a| a.iter())
        .find(|a: &&Attribute| a.oid == oid)
        .and_then(|a| a.values.iter().next())
}

/// Whether the signing-certificate-v2 attribute carries the hash of `der`.
fn vincolato(si: &SignerInfo, der: &[u8]) -> bool {
    valore(si, SIGNING_CERTIFICATE_V2)
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .and_then(|s| s.certs.into_iter().next())
        .is_some_and(|id| {
            let oid = id.hash_algorithm.as_ref().map(|a| a.oid).unwrap_or(SHA256);
            impronta(&oid, &[der]).as_deref() == Some(id.cert_hash.as_bytes())
        })
}

/// Checks a CMS signature over `parti` (the signed bytes, in order; none for a
/// `.p7m`, whose content is inside).
pub fn verifica_busta(der_firma: &[u8], parti: &[&[u8]]) -> Result<Busta, ErroreFirma> {
    let sd = leggi(der_firma)?;
    let [si] = sd.signer_infos.0.as_slice() else {
        return Err(ErroreFirma::Busta(format!(
            "la busta ha {} firmatari: PAdES e CAdES ne vogliono uno per firma",
            sd.signer_infos.0.len()
        )));
    };
    let mut problemi = vec![];
    let contenuto = match &sd.encap_content_info.econtent {
        Some(a) => Some(
            OctetString::from_der(&a.to_der().map_err(errore)?)
                .map_err(errore)?
                .as_bytes()
                .to_vec(),
        ),
        None => None,
    };
    let parti: Vec<&[u8]> = match &contenuto {
        Some(c) => vec![c.as_slice()],
        None => parti.to_vec(),
    };
    let calcolata = impronta(&si.digest_alg.oid, &parti);
    let dichiarata = valore(si, MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .map(|o| o.as_bytes().to_vec());
    let impronta_corrisponde = calcolata.is_some() && calcolata == dichiarata;
    if calcolata.is_none() {
        problemi.push(format!("algoritmo di impronta non supportato ({})", si.digest_alg.oid));
    } else if dichiarata.is_none() {
        problemi.push("manca l'impronta firmata (message-digest)".to_string());
    } else if !impronta_corrisponde {
        problemi.push(
            "l'impronta firmata non corrisponde ai byte del file: il file è stato modificato dopo la firma".to_string(),
        );
    }
    let certificato = certificato_del_firmatario(&sd, si);
    let certificato_der = certificato.as_ref().and_then(|c| c.to_der().ok());
    let firma_valida = match (&certificato, &certificato_der) {
        (Some(c), Some(der)) => firma_del_certificato(si, c, der, &mut problemi)?,
        _ => {
            problemi.push("la busta non contiene il certificato del firmatario".to_string());
            false
        }
    };
    let ora = valore(si, SIGNING_TIME)
        .and_then(|v| v.decode_as::<cms::cert::x509::time::Time>().ok())
        .and_then(|t| DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0));
    Ok(Busta {
        certificato: certificato_der,
        impronta_corrisponde,
        firma_valida,
        ora,
        contenuto,
        problemi,
    })
}

/// Whether the signature over the signed attributes holds with the key of the
/// signer's certificate `c` (DER `der`), and the certificate is bound to it.
fn firma_del_certificato(
    si: &SignerInfo,
    c: &Certificate,
    der: &[u8],
    problemi: &mut Vec<String>,
) -> Result<bool, ErroreFirma> {
    let Some(firmati) = &si.signed_attrs else {
        problemi.push("la firma non ha attributi firmati".to_string());
        return Ok(false);
    };
    if !vincolato(si, der) {
        problemi.push(
            "manca l'attributo signing-certificate-v2 che lega la firma al certificato (richiesto da PAdES)"
                .to_string(),
        );
    }
    let spki = c.tbs_certificate().subject_public_key_info();
    let messaggio = firmati.to_der().map_err(errore)?;
    let firma = Firma {
        spki: &spki.to_der().map_err(errore)?,
        chiave: &spki.algorithm.oid,
        algoritmo: &si.signature_algorithm.oid,
        digest: &si.digest_alg.oid,
    };
    Ok(match firma.verifica(&messaggio, si.signature.as_bytes()) {
        Ok(true) => true,
        Ok(false) => {
            problemi.push("la firma non corrisponde alla chiave del certificato".to_string());
            false
        }
        Err(motivo) => {
            problemi.push(motivo);
            false
        }
    })
}

/// A signature to check: the signer's key and the algorithms named.
struct Firma<'a> {
    spki: &'a [u8],
    chiave: &'a Oid,
    algoritmo: &'a Oid,
    digest: &'a Oid,
}

impl Firma<'_> {
    /// Whether `firma` is the signature of `messaggio`.
    fn verifica(&self, messaggio: &[u8], firma: &[u8]) -> Result<bool, String> {
        use rsa::pkcs8::DecodePublicKey;
        use rsa::signature::Verifier;
        const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
        match *self.chiave {
            RSA => {
                let k = rsa::PublicKey::from_public_key_der(self.spki)
                    .map_err(|e| format!("chiave RSA illeggibile ({e})"))?;
                let s = rsa::pkcs1v15::Signature::try_from(firma).map_err(|e| e.to_string())?;
                // The hash: from the signature algorithm, or from the digest algorithm
                // when the signature algorithm is plain rsaEncryption.
                let hash = match (*self.algoritmo, *self.digest) {
                    (SHA384_RSA, _) | (RSA, SHA384) => 384,
                    (SHA512_RSA, _) | (RSA, SHA512) => 512,
                    _ => 256,
                };
                Ok(match hash {
                    384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(k)
                        .verify(messaggio, &s)
                        .is_ok(),
                    512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(k)
                        .verify(messaggio, &s)
                        .is_ok(),
                    _ => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k)
                        .verify(messaggio, &s)
                        .is_ok(),
                })
            }
            EC if *self.algoritmo == ECDSA_SHA256 => {
                let k = p256::ecdsa::VerifyingKey::from_public_key_der(self.spki)
                    .map_err(|_| "chiave ECDSA di una curva non supportata (solo P-256)".to_string())?;
                let s =
                    p256::ecdsa::Signature::from_der(firma).map_err(|e| format!("firma ECDSA illeggibile ({e})"))?;
                Ok(k.verify(messaggio, &s).is_ok())
            }
            _ => Err(format!("algoritmo di firma non supportato ({})", self.algoritmo)),
        }
    }
}
