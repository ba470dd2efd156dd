//! A key on a smart card, a USB token or a remote device, through the PKCS#11
//! module its supplier gives (`opensc-pkcs11.so`, `libbit4xpki.so`, …). The
//! card signs; the key never leaves it.

use super::ErroreFirma;
use super::certificato::Dati;
use super::chiavi::{Algoritmo, Chiave};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error, RvError};
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The DigestInfo of SHA-256 (RFC 8017, 9.2): what PKCS#1 v1.5 signs before the hash.
const PREFISSO_SHA256: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
];

fn t(e: Error) -> ErroreFirma {
    ErroreFirma::Token(e.to_string())
}

/// A key on a token, logged in.
pub struct ChiaveToken {
    sessione: Session,
    chiave: ObjectHandle,
    algoritmo: Algoritmo,
    certificati: Vec<Vec<u8>>,
}

/// A signing key found on the token, with its certificate.
struct Candidata {
    chiave: ObjectHandle,
    algoritmo: Algoritmo,
    etichetta: String,
    certificato: Vec<u8>,
}

impl ChiaveToken {
    /// Opens the token (the one labelled `token`, or the only one present), logs
    /// in with the PIN and finds the signing key (the one labelled `etichetta`, or
    /// the one whose certificate is for signing).
    pub fn apri(
        modulo: &Path,
        token: Option<&str>,
        etichetta: Option<&str>,
        pin: &str,
    ) -> Result<ChiaveToken, ErroreFirma> {
        let pkcs11 = Pkcs11::new(modulo).map_err(|e| {
            ErroreFirma::Token(format!(
                "il modulo «{}» non si carica ({e}): è il file .so (o .dll) indicato dal fornitore della carta?",
                modulo.display()
            ))
        })?;
        pkcs11
            .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
            .map_err(t)?;
        let slot = scegli_token(&pkcs11, token)?;
        let sessione = accedi(&pkcs11, slot, pin)?;
        let c = scegli_chiave(&sessione, etichetta)?;
        let mut certificati = vec![c.certificato];
        certificati.extend(catena_sul_token(&sessione, &certificati[0]));
        Ok(ChiaveToken {
            sessione,
            chiave: c.chiave,
            algoritmo: c.algoritmo,
            certificati,
        })
    }
}

/// The slot of the token labelled `nome`, or of the only token set up.
fn scegli_token(pkcs11: &Pkcs11, nome: Option<&str>) -> Result<Slot, ErroreFirma> {
    let mut presenti = vec![];
    for slot in pkcs11.get_slots_with_token().map_err(t)? {
        let info = pkcs11.get_token_info(slot).map_err(t)?;
        // A slot with a token never set up (no PIN, no keys) is not a candidate.
        if info.token_initialized() {
            presenti.push((slot, info.label().trim().to_string()));
        }
    }
    let scelto = match nome {
        Some(n) => presenti.iter().find(|(_, l)| l == n),
        None if presenti.len() == 1 => presenti.first(),
        None => None,
    };
    if let Some((slot, _)) = scelto {
        return Ok(*slot);
    }
    let nomi: Vec<String> = presenti.iter().map(|(_, l)| format!("«{l}»")).collect();
    Err(ErroreFirma::Token(match nome {
        _ if presenti.is_empty() => "nessuna carta o token inserito".to_string(),
        Some(n) => format!("nessun token «{n}»; presenti: {}", nomi.join(", ")),
        None => format!("più token presenti ({}): sceglierne uno con --token", nomi.join(", ")),
    }))
}

/// A session on the token, logged in with the PIN: a wrong or blocked PIN is told as such.
fn accedi(pkcs11: &Pkcs11, slot: Slot, pin: &str) -> Result<Session, ErroreFirma> {
    if pkcs11.get_token_info(slot).map_err(t)?.user_pin_locked() {
        return Err(ErroreFirma::PinBloccato);
    }
    let sessione = pkcs11.open_ro_session(slot).map_err(t)?;
    match sessione.login(UserType::User, Some(&cryptoki::types::AuthPin::from(pin))) {
        Ok(()) => Ok(sessione),
        Err(Error::Pkcs11(RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange, _)) => {
            let ultimo = pkcs11.get_token_info(slot).is_ok_and(|i| i.user_pin_final_try());
            Err(ErroreFirma::PinSbagliato(ultimo.then_some(1)))
        }
        Err(Error::Pkcs11(RvError::PinLocked, _)) => Err(ErroreFirma::PinBloccato),
        Err(altro) => Err(t(altro)),
    }
}

/// Every signing key with its certificate (same `CKA_ID`), RSA or ECDSA P-256.
fn candidate(s: &Session, etichetta: Option<&str>) -> Result<Vec<Candidata>, ErroreFirma> {
    let mut modello = vec![Attribute::Class(ObjectClass::PRIVATE_KEY), Attribute::Sign(true)];
    if let Some(l) = etichetta {
        modello.push(Attribute::Label(l.as_bytes().to_vec()));
    }
    let mut out = vec![];
    for chiave in s.find_objects(&modello).map_err(t)? {
        let (mut id, mut tipo, mut nome) = (None, None, String::new());
        let attributi = s
            .get_attributes(
                chiave,
                &[AttributeType::Id, AttributeType::KeyType, AttributeType::Label],
            )
            .map_err(t)?;
        for a in attributi {
            match a {
                Attribute::Id(v) => id = Some(v),
                Attribute::KeyType(k) => tipo = Some(k),
                Attribute::Label(l) => nome = String::from_utf8_lossy(&l).to_string(),
                _ => {}
            }
        }
        let algoritmo = match tipo {
            Some(KeyType::RSA) => Algoritmo::Rsa,
            Some(KeyType::EC) => Algoritmo::EcdsaP256,
            _ => continue,
        };
        let Some(id) = id else { continue };
        let certificati = s
            .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE), Attribute::Id(id)])
            .map_err(t)?;
        let Some(&cert) = certificati.first() else { continue };
        let Some(Attribute::Value(der)) = s.get_attributes(cert, &[AttributeType::Value]).map_err(t)?.pop() else {
            continue;
        };
        if algoritmo == Algoritmo::EcdsaP256 && !curva_p256(&der) {
            continue;
        }
        out.push(Candidata {
            chiave,
            algoritmo,
            etichetta: nome,
            certificato: der,
        });
    }
    Ok(out)
}

/// The key to sign with. With more keys (a card has one to sign and one to
/// authenticate), the one whose certificate is for signing; more than one: the
/// person chooses with `--chiave`.
fn scegli_chiave(s: &Session, etichetta: Option<&str>) -> Result<Candidata, ErroreFirma> {
    let mut c = candidate(s, etichetta)?;
    if c.len() > 1 {
        c.retain(|c| Dati::da_der(&c.certificato).is_ok_and(|d| d.per_firmare));
    }
    if c.len() > 1 {
        let nomi: Vec<String> = c.iter().map(|c| format!("«{}»", c.etichetta)).collect();
        return Err(ErroreFirma::Token(format!(
            "più chiavi per firmare ({}): sceglierne una con --chiave",
            nomi.join(", ")
        )));
    }
    c.pop().ok_or_else(|| {
        ErroreFirma::Token(match etichetta {
            Some(l) => format!("nessuna chiave per firmare «{l}» con il suo certificato"),
            None => "nessuna chiave per firmare con il suo certificato".into(),
        })
    })
}

/// Whether an EC certificate's key is on P-256, the one curve signed with here.
fn curva_p256(der: &[u8]) -> bool {
    const P256: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    cms::cert::x509::Certificate::from_der(der).is_ok_and(|c| {
        c.tbs_certificate()
            .subject_public_key_info()
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
            == Some(P256)
    })
}

/// The certificates of the issuers, when the token has them.
fn catena_sul_token(s: &Session, foglia: &[u8]) -> Vec<Vec<u8>> {
    let tutti: Vec<Vec<u8>> = s
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| match s.get_attributes(o, &[AttributeType::Value]).ok()?.pop()? {
            Attribute::Value(v) => Some(v),
            _ => None,
        })
        .collect();
    let nomi = |der: &[u8]| {
        cms::cert::x509::Certificate::from_der(der).ok().map(|c| {
            (
                c.tbs_certificate().subject().to_der().unwrap_or_default(),
                c.tbs_certificate().issuer().to_der().unwrap_or_default(),
            )
        })
    };
    let mut catena = vec![];
    let mut attuale = foglia.to_vec();
    while let Some((soggetto, emittente)) = nomi(&attuale) {
        if soggetto == emittente || catena.len() > 8 {
            break;
        }
        let Some(padre) = tutti.iter().find(|c| nomi(c).is_some_and(|(s, _)| s == emittente)) else {
            break;
        };
        catena.push(padre.clone());
        attuale = padre.clone();
    }
    catena
}

impl Chiave for ChiaveToken {
    fn certificati(&self) -> &[Vec<u8>] {
        &self.certificati
    }

    fn algoritmo(&self) -> Algoritmo {
        self.algoritmo
    }

    fn firma(&self, dati: &[u8]) -> Result<Vec<u8>, ErroreFirma> {
        use cryptoki::mechanism::Mechanism;
        let hash = Sha256::digest(dati);
        let errore = |e: Error| ErroreFirma::Token(format!("la firma non è riuscita ({e})"));
        match self.algoritmo {
            // The raw PKCS#1 v1.5 mechanism, which every card has, over DigestInfo.
            Algoritmo::Rsa => {
                let mut digest_info = PREFISSO_SHA256.to_vec();
                digest_info.extend_from_slice(&hash);
                self.sessione
                    .sign(&Mechanism::RsaPkcs, self.chiave, &digest_info)
                    .map_err(errore)
            }
            Algoritmo::EcdsaP256 => {
                let grezza = self
                    .sessione
                    .sign(&Mechanism::Ecdsa, self.chiave, &hash)
                    .map_err(errore)?;
                let s = p256::ecdsa::Signature::from_slice(&grezza)
                    .map_err(|e| ErroreFirma::Token(format!("firma ECDSA non valida dal dispositivo ({e})")))?;
                Ok(s.to_der().as_bytes().to_vec())
            }
        }
    }
}
