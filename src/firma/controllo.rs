//! Checking a CMS signature: that it is the kind its place wants (detached in
//! a PDF, whose signed bytes are the file's; with its content inside in a
//! `.p7m` or a time-stamp token), that the signed digest is the digest of those
//! bytes, that the signature over the signed attributes holds with the key of
//! the signer's certificate, and that the certificate is bound to it
//! (signing-certificate, as PAdES and RFC 3161 want).

use super::ErroreFirma;
use super::busta::*;
use super::crittografia::{self, SHA1};
use chrono::{DateTime, Utc};
use cms::cert::CertificateChoices;
use cms::cert::x509::Certificate;
use cms::cert::x509::attr::Attribute;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Any, Decode, Encode, Reader, Sequence};

/// The unsigned attribute that carries a signature time-stamp (RFC 3161).
pub const MARCA_TEMPORALE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// The signing-certificate attribute of ESS (RFC 2634), with the SHA-1 of the
/// certificate: time-stamping authorities still write it.
const SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");

/// What the signature must be, where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modo {
    /// In a PDF: detached, over the bytes its byte range names.
    Staccata,
    /// In a `.p7m` or a time-stamp token: its content inside, of this type.
    Inclusa(Oid),
}

/// What a CMS signature says and whether it holds.
#[derive(Debug, Clone, Default)]
pub struct Busta {
    /// The signer's certificate (DER), when the envelope has it.
    pub certificato: Option<Vec<u8>>,
    /// Every certificate the envelope carries (the chain, usually).
    pub certificati: Vec<Vec<u8>>,
    /// The signed message digest matches the content.
    pub impronta_corrisponde: bool,
    /// The signature over the signed attributes holds with the certificate's key.
    pub firma_valida: bool,
    /// The signing time of the signed attributes, if any: the signer's claim.
    pub ora: Option<DateTime<Utc>>,
    /// The content inside the envelope (`.p7m`, time-stamp token), if any.
    pub contenuto: Option<Vec<u8>>,
    /// The signature value, which a signature time-stamp covers.
    pub valore: Vec<u8>,
    /// The signature time-stamp tokens among the unsigned attributes (DER).
    pub marche: Vec<Vec<u8>>,
    /// What does not hold, in words.
    pub problemi: Vec<String>,
}

impl Busta {
    /// Everything holds.
    pub fn integra(&self) -> bool {
        self.impronta_corrisponde && self.firma_valida && self.problemi.is_empty()
    }
}

/// How deep a BER structure may nest (a CMS signature nests some fifteen levels).
const PROFONDITA_BER: usize = 64;

/// One BER element at `pos`, re-encoded in DER: its tag and its content: definite lengths, and the
/// pieces of a constructed OCTET STRING joined. Some signers (NSS, which
/// `pdfsig -sign` uses) write CMS in BER; what their signature covers (the
/// signed attributes) is DER already, and stays as it is.
fn ber_in_der(byte: &[u8], pos: &mut usize, profondita: usize) -> Result<(Vec<u8>, Vec<u8>), String> {
    let errore = |cosa: &str| format!("struttura BER non valida: {cosa}");
    if profondita > PROFONDITA_BER {
        return Err(errore("annidata troppo in profondità"));
    }
    let inizio_tag = *pos;
    let primo = *byte.get(*pos).ok_or_else(|| errore("finisce prima del tempo"))?;
    *pos += 1;
    if primo & 0x1f == 0x1f {
        while byte.get(*pos).ok_or_else(|| errore("etichetta troncata"))? & 0x80 != 0 {
            *pos += 1;
        }
        *pos += 1;
    }
    let tag = byte[inizio_tag..*pos].to_vec();
    let costruito = primo & 0x20 != 0;
    let l = *byte.get(*pos).ok_or_else(|| errore("lunghezza mancante"))?;
    *pos += 1;
    let lunghezza = match l {
        0x80 if costruito => None,
        0x80 => return Err(errore("lunghezza indefinita di un valore semplice")),
        l if l < 0x80 => Some(usize::from(l)),
        l => {
            let n = usize::from(l & 0x7f);
            if n > 4 {
                return Err(errore("lunghezza troppo grande"));
            }
            let cifre = byte.get(*pos..*pos + n).ok_or_else(|| errore("lunghezza troncata"))?;
            *pos += n;
            Some(cifre.iter().fold(0usize, |a, &c| (a << 8) | usize::from(c)))
        }
    };
    if !costruito {
        let n = lunghezza.unwrap_or(0);
        let valore = byte.get(*pos..*pos + n).ok_or_else(|| errore("troncata"))?;
        *pos += n;
        return Ok((tag, valore.to_vec()));
    }
    let fine = match lunghezza {
        Some(n) => Some(
            pos.checked_add(n)
                .filter(|&f| f <= byte.len())
                .ok_or_else(|| errore("troncata"))?,
        ),
        None => None,
    };
    // The pieces of an OCTET STRING: their contents joined into one.
    let pezzi = tag == [0x24];
    let mut contenuto = vec![];
    loop {
        match fine {
            Some(f) if *pos >= f => break,
            None if byte.get(*pos..*pos + 2) == Some(&[0, 0]) => {
                *pos += 2;
                break;
            }
            _ => {}
        }
        let (t, c) = ber_in_der(byte, pos, profondita + 1)?;
        if pezzi {
            contenuto.extend(c);
        } else {
            scrivi_der(&t, &c, &mut contenuto);
        }
    }
    Ok((if pezzi { vec![0x04] } else { tag }, contenuto))
}

/// A DER element: its tag, the definite length of its content, the content.
fn scrivi_der(tag: &[u8], contenuto: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(tag);
    lunghezza_der(contenuto.len(), out);
    out.extend_from_slice(contenuto);
}

fn lunghezza_der(n: usize, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
        return;
    }
    let cifre: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
    out.push(0x80 | cifre.len() as u8);
    out.extend(cifre);
}

/// Reads the DER `ContentInfo` at the start of `byte` (a PDF's `/Contents` is
/// padded with zeros after it): the `SignedData`, and how long the DER was.
/// A BER one is read in DER.
fn leggi(byte: &[u8]) -> Result<(SignedData, usize), ErroreFirma> {
    if byte.get(1) == Some(&0x80) {
        let mut pos = 0;
        let (tag, contenuto) = ber_in_der(byte, &mut pos, 0).map_err(ErroreFirma::Busta)?;
        let mut der = vec![];
        scrivi_der(&tag, &contenuto, &mut der);
        let (sd, _) = leggi(&der)?;
        return Ok((sd, pos));
    }
    let mut lettore = der::SliceReader::new(byte).map_err(errore)?;
    let ci = <ContentInfo as der::Decode>::decode(&mut lettore)
        .map_err(|e| ErroreFirma::Busta(format!("la firma non è una struttura CMS leggibile ({e})")))?;
    let lunghezza = usize::try_from(lettore.position()).unwrap_or(byte.len());
    if ci.content_type != ID_SIGNED_DATA {
        return Err(ErroreFirma::Busta("la firma non è un SignedData CMS".into()));
    }
    Ok((ci.content.decode_as::<SignedData>().map_err(errore)?, lunghezza))
}

/// The signer's certificate among those of the envelope.
fn certificato_del_firmatario(certificati: &[Certificate], si: &SignerInfo) -> Option<Certificate> {
    certificati
        .iter()
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

/// The values of the attribute `oid` among `attributi`.
fn valori(attributi: Option<&der::asn1::SetOfVec<Attribute>>, oid: Oid) -> Vec<&Any> {
    attributi
        .iter()
        .flat_map(|a| a.iter())
        .filter(|a: &&Attribute| a.oid == oid)
        .flat_map(|a| a.values.iter())
        .collect()
}

/// The one value of the signed attribute `oid`: `Err` when it is there more
/// than once (which a signer never writes, and which readers resolve each
/// their own way).
fn valore(si: &SignerInfo, oid: Oid) -> Result<Option<&Any>, String> {
    match valori(si.signed_attrs.as_ref(), oid).as_slice() {
        [] => Ok(None),
        [v] => Ok(Some(v)),
        _ => Err(format!("l'attributo firmato {oid} compare più volte")),
    }
}

/// `SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, … }`, ESSCertID
/// beginning with the SHA-1 of the certificate (RFC 2634).
#[derive(Clone, Debug, Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
}

#[derive(Clone, Debug, Sequence)]
struct EssCertId {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// Whether a signing-certificate attribute (v2, or v1 where `v1` allows it)
/// carries the hash of `der`.
fn vincolato(si: &SignerInfo, der: &[u8], v1: bool) -> bool {
    let v2 = valore(si, SIGNING_CERTIFICATE_V2)
        .ok()
        .flatten()
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .and_then(|s| s.certs.into_iter().next())
        .is_some_and(|id| {
            let oid = id.hash_algorithm.as_ref().map(|a| a.oid).unwrap_or(SHA256);
            crittografia::impronta(&oid, &[der], false).as_deref() == Some(id.cert_hash.as_bytes())
        });
    let v1 = v1
        && valore(si, SIGNING_CERTIFICATE)
            .ok()
            .flatten()
            .and_then(|v| v.decode_as::<SigningCertificate>().ok())
            .and_then(|s| s.certs.into_iter().next())
            .is_some_and(|id| crittografia::impronta(&SHA1, &[der], true).as_deref() == Some(id.cert_hash.as_bytes()));
    v2 || v1
}

/// Checks a CMS signature: over `parti` (the signed bytes, in order) when
/// detached, over its own content when not.
pub fn verifica_busta(der_firma: &[u8], parti: &[&[u8]], modo: Modo) -> Result<Busta, ErroreFirma> {
    let (sd, lunghezza) = leggi(der_firma)?;
    let [si] = sd.signer_infos.0.as_slice() else {
        return Err(ErroreFirma::Busta(format!(
            "la busta ha {} firmatari: PAdES e CAdES ne vogliono uno per firma",
            sd.signer_infos.0.len()
        )));
    };
    let mut b = Busta {
        valore: si.signature.as_bytes().to_vec(),
        ..Default::default()
    };
    if der_firma[lunghezza..].iter().any(|&x| x != 0) {
        b.problemi
            .push("dopo la struttura della firma ci sono altri dati invece degli zeri di riempimento".into());
    }
    b.contenuto = match &sd.encap_content_info.econtent {
        Some(a) => Some(
            OctetString::from_der(&a.to_der().map_err(errore)?)
                .map_err(errore)?
                .as_bytes()
                .to_vec(),
        ),
        None => None,
    };
    let tipo = sd.encap_content_info.econtent_type;
    let parti: Vec<&[u8]> = match (modo, &b.contenuto) {
        (Modo::Staccata, None) if tipo == ID_DATA => parti.to_vec(),
        (Modo::Staccata, Some(_)) => {
            b.problemi.push(
                "la firma contiene un proprio contenuto invece di firmare i byte del PDF: è una busta di un altro documento"
                    .into(),
            );
            vec![]
        }
        (Modo::Inclusa(atteso), Some(c)) if tipo == atteso => vec![c.as_slice()],
        _ => {
            b.problemi
                .push(format!("la firma è di un tipo di contenuto inatteso ({tipo})"));
            vec![]
        }
    };
    match valore(si, CONTENT_TYPE).map(|v| v.and_then(|v| v.decode_as::<Oid>().ok())) {
        Ok(Some(t)) if t == tipo => {}
        _ => b
            .problemi
            .push("l'attributo firmato content-type manca o non è quello del contenuto".into()),
    }
    b.impronta_corrisponde = impronta_firmata(si, &parti, &mut b.problemi);
    let certificati: Vec<Certificate> = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    b.certificati = certificati.iter().filter_map(|c| c.to_der().ok()).collect();
    let certificato = certificato_del_firmatario(&certificati, si);
    b.certificato = certificato.as_ref().and_then(|c| c.to_der().ok());
    b.firma_valida = match (&certificato, &b.certificato) {
        (Some(c), Some(der)) => firma_del_certificato(si, c, der, modo != Modo::Staccata, &mut b.problemi)?,
        _ => {
            b.problemi
                .push("la busta non contiene il certificato del firmatario".to_string());
            false
        }
    };
    b.ora = valore(si, SIGNING_TIME)
        .ok()
        .flatten()
        .and_then(|v| v.decode_as::<cms::cert::x509::time::Time>().ok())
        .and_then(|t| DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0));
    b.marche = valori(si.unsigned_attrs.as_ref(), MARCA_TEMPORALE)
        .into_iter()
        .filter_map(|v| v.to_der().ok())
        .collect();
    Ok(b)
}

/// Whether the signed digest (message-digest) is the digest of `parti`; what
/// does not hold goes into `problemi`. No `parti`: what the signature should
/// cover is already named as a problem.
fn impronta_firmata(si: &SignerInfo, parti: &[&[u8]], problemi: &mut Vec<String>) -> bool {
    let calcolata = (!parti.is_empty())
        .then(|| crittografia::impronta(&si.digest_alg.oid, parti, false))
        .flatten();
    let dichiarata = match valore(si, MESSAGE_DIGEST) {
        Ok(v) => v
            .and_then(|v| v.decode_as::<OctetString>().ok())
            .map(|o| o.as_bytes().to_vec()),
        Err(e) => {
            problemi.push(e);
            None
        }
    };
    let corrisponde = calcolata.is_some() && calcolata == dichiarata;
    if parti.is_empty() {
        return false;
    }
    if calcolata.is_none() {
        problemi.push(format!("algoritmo di impronta non supportato ({})", si.digest_alg.oid));
    } else if dichiarata.is_none() {
        problemi.push("manca l'impronta firmata (message-digest)".to_string());
    } else if !corrisponde {
        problemi.push(
            "l'impronta firmata non corrisponde ai byte del file: il file è stato modificato dopo la firma".to_string(),
        );
    }
    corrisponde
}

/// Whether the signature over the signed attributes holds with the key of the
/// signer's certificate `c` (DER `der`), and the certificate is bound to it.
fn firma_del_certificato(
    si: &SignerInfo,
    c: &Certificate,
    der: &[u8],
    v1: bool,
    problemi: &mut Vec<String>,
) -> Result<bool, ErroreFirma> {
    let Some(firmati) = &si.signed_attrs else {
        problemi.push("la firma non ha attributi firmati".to_string());
        return Ok(false);
    };
    if !vincolato(si, der, v1) {
        problemi.push(
            "manca l'attributo signing-certificate che lega la firma al certificato (richiesto da PAdES)".to_string(),
        );
    }
    let messaggio = firmati.to_der().map_err(errore)?;
    Ok(
        match crittografia::verifica(
            c.tbs_certificate().subject_public_key_info(),
            &si.signature_algorithm.oid,
            Some(&si.digest_alg.oid),
            &messaggio,
            si.signature.as_bytes(),
        ) {
            Ok(true) => true,
            Ok(false) => {
                problemi.push("la firma non corrisponde alla chiave del certificato".to_string());
                false
            }
            Err(motivo) => {
                problemi.push(motivo);
                false
            }
        },
    )
}
