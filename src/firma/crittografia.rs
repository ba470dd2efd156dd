//! The digests and signature algorithms a check meets: SHA-256/384/512 (and
//! SHA-1 where the time-stamp standards still name it for a certificate's hash),
//! RSA PKCS#1 v1.5, ECDSA on P-256 and P-384. One function says whether a
//! signature holds with a public key, whatever signed it: a CMS signer, a
//! certification authority, a time-stamping authority.

use der::asn1::ObjectIdentifier as Oid;
use sha2::{Digest, Sha256, Sha384, Sha512};

pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
pub const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub const SHA256_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub const SHA384_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
pub const SHA512_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
pub const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
pub const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");

/// The digest of `parti`, one after the other, with the algorithm `oid`
/// (`None`: an algorithm not supported). SHA-1 only where `sha1` allows it.
pub fn impronta(oid: &Oid, parti: &[&[u8]], sha1: bool) -> Option<Vec<u8>> {
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
        SHA1 if sha1 => Some(con::<sha1::Sha1>(parti)),
        _ => None,
    }
}

/// The digest a signature algorithm names (`sha256WithRSAEncryption`, …); for
/// the bare `rsaEncryption` of a CMS signer, `digest` says it.
fn digest_della_firma(algoritmo: &Oid, digest: Option<&Oid>) -> Option<Oid> {
    match *algoritmo {
        SHA256_RSA | ECDSA_SHA256 => Some(SHA256),
        SHA384_RSA | ECDSA_SHA384 => Some(SHA384),
        SHA512_RSA => Some(SHA512),
        RSA => digest.copied().filter(|d| [SHA256, SHA384, SHA512].contains(d)),
        _ => None,
    }
}

/// Whether `firma` is the signature of `messaggio` by the key `spki` (a
/// `SubjectPublicKeyInfo`, DER) with the algorithm `algoritmo`. An error, in
/// words, when the key or the algorithm is one not supported.
pub fn verifica(
    spki: &cms::cert::x509::spki::SubjectPublicKeyInfoOwned,
    algoritmo: &Oid,
    digest: Option<&Oid>,
    messaggio: &[u8],
    firma: &[u8],
) -> Result<bool, String> {
    use der::Encode;
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;
    let der = spki
        .to_der()
        .map_err(|e| format!("chiave pubblica illeggibile ({e})"))?;
    let hash = digest_della_firma(algoritmo, digest)
        .ok_or_else(|| format!("algoritmo di firma non supportato ({algoritmo})"))?;
    match spki.algorithm.oid {
        RSA => {
            let k = rsa::PublicKey::from_public_key_der(&der).map_err(|e| format!("chiave RSA illeggibile ({e})"))?;
            let Ok(s) = rsa::pkcs1v15::Signature::try_from(firma) else {
                return Ok(false);
            };
            Ok(match hash {
                SHA384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(k)
                    .verify(messaggio, &s)
                    .is_ok(),
                SHA512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(k)
                    .verify(messaggio, &s)
                    .is_ok(),
                _ => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k)
                    .verify(messaggio, &s)
                    .is_ok(),
            })
        }
        EC => {
            let curva = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<Oid>().ok());
            let prehash = impronta(&hash, &[messaggio], false).unwrap_or_default();
            match curva {
                Some(P256) => {
                    use p256::ecdsa::signature::hazmat::PrehashVerifier;
                    let k = p256::ecdsa::VerifyingKey::from_public_key_der(&der)
                        .map_err(|e| format!("chiave ECDSA illeggibile ({e})"))?;
                    let Ok(s) = p256::ecdsa::Signature::from_der(firma) else {
                        return Ok(false);
                    };
                    Ok(k.verify_prehash(&prehash, &s).is_ok())
                }
                Some(P384) => {
                    use p384::ecdsa::signature::hazmat::PrehashVerifier;
                    let k = p384::ecdsa::VerifyingKey::from_public_key_der(&der)
                        .map_err(|e| format!("chiave ECDSA illeggibile ({e})"))?;
                    let Ok(s) = p384::ecdsa::Signature::from_der(firma) else {
                        return Ok(false);
                    };
                    Ok(k.verify_prehash(&prehash, &s).is_ok())
                }
                _ => Err("chiave ECDSA di una curva non supportata (solo P-256 e P-384)".into()),
            }
        }
        altro => Err(format!("chiave di un algoritmo non supportato ({altro})")),
    }
}
