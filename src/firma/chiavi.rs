//! What a signing key is (a key that signs the SHA-256 of the signed
//! attributes, with its certificates), where its password comes from, and the
//! key of a PKCS#12 file (`.p12`, `.pfx`). The key on a card is in `token`.

use super::ErroreFirma;
use der::{Decode, Encode};
use sha2::Sha256;
use std::path::Path;

/// The algorithm of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algoritmo {
    /// RSA, signing with PKCS#1 v1.5 and SHA-256.
    Rsa,
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256,
}

/// A key that signs, with its certificate.
pub trait Chiave {
    /// The signer's certificate, then the rest of its chain, in DER.
    fn certificati(&self) -> &[Vec<u8>];
    fn algoritmo(&self) -> Algoritmo;
    /// The signature of `dati` (their SHA-256, signed): PKCS#1 v1.5 for RSA,
    /// DER-encoded (r, s) for ECDSA.
    fn firma(&self, dati: &[u8]) -> Result<Vec<u8>, ErroreFirma>;
}

/// The password or PIN: from a file (its first line), else from an environment
/// variable, else asked on the terminal. Never from the command line, where
/// other users of the computer and the shell's history would see it.
pub fn segreto(file: Option<&Path>, variabile: &str, domanda: &str) -> Result<String, ErroreFirma> {
    if let Some(f) = file {
        let testo = std::fs::read_to_string(f).map_err(|source| ErroreFirma::Io {
            percorso: f.to_path_buf(),
            source,
        })?;
        return Ok(testo.lines().next().unwrap_or_default().to_string());
    }
    if let Ok(v) = std::env::var(variabile) {
        return Ok(v);
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(ErroreFirma::Password(format!(
            "serve {domanda}: indicarlo con un file (--file-password / --file-pin) o nella variabile {variabile}"
        )));
    }
    rpassword::prompt_password(format!("{domanda}: "))
        .map_err(|e| ErroreFirma::Password(format!("{domanda} non letto dal terminale ({e})")))
}

enum Privata {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(p256::ecdsa::SigningKey),
}

/// A key in a PKCS#12 file.
pub struct ChiaveP12 {
    certificati: Vec<Vec<u8>>,
    privata: Privata,
}

impl ChiaveP12 {
    /// The key and certificates of a `.p12` file. A wrong password is told as
    /// such; the key must match the certificate.
    pub fn apri(byte: &[u8], password: &str) -> Result<ChiaveP12, ErroreFirma> {
        use p12_keystore::error::Error;
        use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
        let ks = KeyStore::from_pkcs12(byte, password, Pkcs12ImportPolicy::Strict).map_err(|e| match e {
            Error::MacError(_) => ErroreFirma::PasswordSbagliata,
            Error::UnsupportedEncryptionScheme | Error::UnsupportedMacAlgorithm => ErroreFirma::P12(
                "usa una cifratura che il programma non conosce: esportarlo di nuovo con AES-256 (il formato predefinito di OpenSSL 3)"
                    .into(),
            ),
            altro => ErroreFirma::P12(format!("non si legge ({altro}): è davvero un file .p12 o .pfx?")),
        })?;
        let (_, catena) = ks
            .private_key_chain()
            .ok_or_else(|| ErroreFirma::P12("non contiene una chiave privata con il suo certificato".into()))?;
        let certificati: Vec<Vec<u8>> = catena.certs().iter().map(|c| c.as_der().to_vec()).collect();
        let Some(primo) = certificati.first() else {
            return Err(ErroreFirma::P12("la chiave privata non ha un certificato".into()));
        };
        let spki = spki_del_certificato(primo)?;
        let pkcs8 = catena.key().as_der();
        use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
        let privata = if let Ok(k) = rsa::PrivateKey::from_pkcs8_der(pkcs8) {
            let pubblica = rsa::PublicKey::from(&k)
                .to_public_key_der()
                .map(|d| d.as_bytes().to_vec());
            if pubblica.ok().as_deref() != Some(&spki[..]) {
                return Err(ErroreFirma::P12(
                    "la chiave privata non corrisponde al certificato".into(),
                ));
            }
            Privata::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(k)))
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8) {
            let pubblica = k.verifying_key().to_public_key_der().map(|d| d.as_bytes().to_vec());
            if pubblica.ok().as_deref() != Some(&spki[..]) {
                return Err(ErroreFirma::P12(
                    "la chiave privata non corrisponde al certificato".into(),
                ));
            }
            Privata::P256(k)
        } else {
            return Err(ErroreFirma::P12(
                "la chiave non è RSA né ECDSA P-256, gli algoritmi delle firme qualificate".into(),
            ));
        };
        Ok(ChiaveP12 { certificati, privata })
    }
}

impl Chiave for ChiaveP12 {
    fn certificati(&self) -> &[Vec<u8>] {
        &self.certificati
    }

    fn algoritmo(&self) -> Algoritmo {
        match self.privata {
            Privata::Rsa(_) => Algoritmo::Rsa,
            Privata::P256(_) => Algoritmo::EcdsaP256,
        }
    }

    fn firma(&self, dati: &[u8]) -> Result<Vec<u8>, ErroreFirma> {
        use rsa::signature::{SignatureEncoding, Signer};
        Ok(match &self.privata {
            Privata::Rsa(k) => k.sign(dati).to_vec(),
            Privata::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(dati);
                s.to_der().as_bytes().to_vec()
            }
        })
    }
}

/// The DER of a certificate's subject public key info.
fn spki_del_certificato(der: &[u8]) -> Result<Vec<u8>, ErroreFirma> {
    let c = cms::cert::x509::Certificate::from_der(der)
        .map_err(|e| ErroreFirma::Busta(format!("certificato illeggibile ({e})")))?;
    c.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| ErroreFirma::Busta(e.to_string()))
}
