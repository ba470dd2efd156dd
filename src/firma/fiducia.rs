//! Whether to believe a certificate: the chain from it to a trust anchor the
//! user gives (`--fiducia`: certificates in PEM, or the national trusted list
//! of AgID in the ETSI TS 119 612 XML form, read offline), each certificate of
//! the chain in its validity at the time of the check, the authorities allowed
//! to issue certificates, and the signer's certificate meant for what it did:
//! non-repudiation for a signature, time-stamping for a time-stamp authority.
//!
//! Not checked here: revocation (it needs the network: the authorities' lists
//! and OCSP services), the qualified status of a certificate, and the XML
//! signature of the trusted list itself (the office downloads it from AgID).

use super::ErroreFirma;
use super::certificato::{Dati, data_ora};
use chrono::{DateTime, Utc};
use cms::cert::x509::Certificate;
use cms::cert::x509::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use std::path::{Path, PathBuf};

/// The extended key usage of a time-stamping authority (RFC 3161).
const TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
/// How far above the signer a chain may go.
const LUNGHEZZA_CATENA: usize = 8;
/// A file given with `--fiducia` (AgID's list is a few megabytes).
const BYTE_FILE_FIDUCIA: u64 = 64 * 1024 * 1024;
/// The anchors of all the files together.
const ANCORE: usize = 20_000;

/// A trust anchor: a certificate the user trusts, and where it came from.
#[derive(Clone)]
struct Ancora {
    der: Vec<u8>,
    cert: Certificate,
}

/// The trust anchors given by the user: none by default.
#[derive(Clone, Default)]
pub struct Fiducia {
    ancore: Vec<Ancora>,
    /// The files read, for the report.
    pub fonti: Vec<PathBuf>,
}

/// What a certificate is for, in the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uso {
    /// Signing documents: the key usage has non-repudiation.
    Firma,
    /// Time-stamping: the extended key usage has time-stamping.
    Marca,
}

/// The judgement of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identita {
    /// It chains to an anchor: the holders, from the signer to the anchor.
    Accertata(Vec<String>),
    /// No anchor was given, or the chain does not reach one: why.
    NonAccertata(String),
    /// A certificate out of its validity, or meant for other uses: why.
    NonValida(String),
}

impl Fiducia {
    /// The anchors of the files `percorsi`: PEM or DER certificates, or a
    /// trusted list (XML).
    pub fn da_file(percorsi: &[PathBuf]) -> Result<Fiducia, ErroreFirma> {
        let mut f = Fiducia::default();
        for p in percorsi {
            let byte = leggi_limitato(p)?;
            let non_valido = |motivo: String| ErroreFirma::Fiducia {
                percorso: p.clone(),
                motivo,
            };
            let certificati = if byte.trim_ascii_start().starts_with(b"<") {
                lista_di_fiducia(&byte).map_err(non_valido)?
            } else if byte.windows(11).any(|w| w == b"-----BEGIN ") {
                Certificate::load_pem_chain(&byte)
                    .map_err(|e| non_valido(format!("certificati PEM illeggibili ({e})")))?
                    .into_iter()
                    .map(|c| c.to_der().map_err(|e| non_valido(e.to_string())))
                    .collect::<Result<Vec<_>, _>>()?
            } else if Certificate::from_der(&byte).is_ok() {
                vec![byte]
            } else {
                return Err(non_valido(
                    "non è un certificato (PEM o DER) né la lista di fiducia di AgID (XML)".into(),
                ));
            };
            if certificati.is_empty() {
                return Err(non_valido("non contiene certificati".into()));
            }
            for der in certificati {
                let cert = Certificate::from_der(&der)
                    .map_err(|e| non_valido(format!("un certificato è illeggibile ({e})")))?;
                if f.ancore.len() >= ANCORE {
                    return Err(non_valido(format!("più di {ANCORE} certificati")));
                }
                f.ancore.push(Ancora { der, cert });
            }
            f.fonti.push(p.clone());
        }
        Ok(f)
    }

    pub fn vuota(&self) -> bool {
        self.ancore.is_empty()
    }

    /// Judges the certificate `der` at the time `quando`, for `uso`, with the
    /// other certificates `altri` (those the signature carries) to build the
    /// chain from.
    pub fn giudica(&self, der: &[u8], altri: &[Vec<u8>], quando: DateTime<Utc>, uso: Uso) -> Identita {
        let Ok(cert) = Certificate::from_der(der) else {
            return Identita::NonValida("il certificato del firmatario è illeggibile".into());
        };
        let d = Dati::da(&cert);
        if let Err(motivo) = in_validita(&cert, quando) {
            return Identita::NonValida(motivo);
        }
        if let Err(motivo) = adatto(&cert, uso) {
            return Identita::NonValida(motivo);
        }
        if self.vuota() {
            return Identita::NonAccertata(
                "nessuna ancora di fiducia indicata: l'identità del firmatario non è accertata (indicare --fiducia)"
                    .into(),
            );
        }
        let altri: Vec<Certificate> = altri.iter().filter_map(|c| Certificate::from_der(c).ok()).collect();
        let mut catena = vec![d.titolare.clone()];
        let mut attuale = cert;
        let mut attuale_der = der.to_vec();
        for _ in 0..LUNGHEZZA_CATENA {
            if self.ancore.iter().any(|a| a.der == attuale_der) {
                return Identita::Accertata(catena);
            }
            let emittente = self
                .ancore
                .iter()
                .map(|a| (&a.cert, true))
                .chain(altri.iter().map(|c| (c, false)))
                .find(|(e, _)| emesso_da(&attuale, e));
            let Some((e, ancora)) = emittente else { break };
            if let Err(motivo) = in_validita(e, quando).and_then(|_| autorita(e)) {
                return Identita::NonValida(motivo);
            }
            catena.push(Dati::da(e).titolare);
            if ancora {
                return Identita::Accertata(catena);
            }
            attuale = e.clone();
            attuale_der = e.to_der().unwrap_or_default();
        }
        Identita::NonAccertata(if d.soggetto == d.emittente {
            format!(
                "il certificato di {} è autofirmato e non è tra le ancore di fiducia indicate",
                d.titolare
            )
        } else {
            format!(
                "il certificato di {}, emesso da {}, non risale a nessuna delle ancore di fiducia indicate",
                d.titolare, d.emittente
            )
        })
    }
}

fn leggi_limitato(p: &Path) -> Result<Vec<u8>, ErroreFirma> {
    let io = |source| ErroreFirma::Io {
        percorso: p.to_path_buf(),
        source,
    };
    let m = std::fs::metadata(p).map_err(io)?;
    if m.len() > BYTE_FILE_FIDUCIA {
        return Err(ErroreFirma::Fiducia {
            percorso: p.to_path_buf(),
            motivo: format!("è più grande di {} MB", BYTE_FILE_FIDUCIA / 1024 / 1024),
        });
    }
    std::fs::read(p).map_err(io)
}

/// Whether `c` is valid at `quando`: `Err` says how it is not.
fn in_validita(c: &Certificate, quando: DateTime<Utc>) -> Result<(), String> {
    let d = Dati::da(c);
    if quando > d.valido_al {
        return Err(format!(
            "il certificato di {} è scaduto il {} (valido dal {}): al {} non vale",
            d.titolare,
            data_ora(d.valido_al),
            data_ora(d.valido_dal),
            data_ora(quando)
        ));
    }
    if quando < d.valido_dal {
        return Err(format!(
            "il certificato di {} vale solo dal {}: al {} non valeva ancora",
            d.titolare,
            data_ora(d.valido_dal),
            data_ora(quando)
        ));
    }
    Ok(())
}

/// Whether `c` is meant for `uso`: `Err` says what it is meant for.
fn adatto(c: &Certificate, uso: Uso) -> Result<(), String> {
    let d = Dati::da(c);
    let tbs = c.tbs_certificate();
    match uso {
        Uso::Firma => match tbs.get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) if ku.0.contains(KeyUsages::NonRepudiation) => Ok(()),
            Ok(Some((_, ku))) => Err(format!(
                "il certificato di {} non è per firmare documenti: i suoi usi sono {} e manca il non ripudio (nonRepudiation) che hanno i certificati di firma",
                d.titolare,
                usi(ku)
            )),
            _ => Err(format!(
                "il certificato di {} non dice a che cosa serve (manca l'uso della chiave): i certificati di firma hanno il non ripudio (nonRepudiation)",
                d.titolare
            )),
        },
        Uso::Marca => match tbs.get_extension::<ExtendedKeyUsage>() {
            Ok(Some((_, eku))) if eku.0.contains(&TIME_STAMPING) => Ok(()),
            _ => Err(format!(
                "il certificato di {} non è di un servizio di marca temporale (manca l'uso timeStamping)",
                d.titolare
            )),
        },
    }
}

fn usi(ku: KeyUsage) -> String {
    let nomi = [
        (KeyUsages::DigitalSignature, "firma digitale (digitalSignature)"),
        (KeyUsages::KeyEncipherment, "cifratura di chiavi (keyEncipherment)"),
        (KeyUsages::DataEncipherment, "cifratura di dati (dataEncipherment)"),
        (KeyUsages::KeyAgreement, "accordo di chiavi (keyAgreement)"),
        (KeyUsages::KeyCertSign, "firma di certificati (keyCertSign)"),
        (KeyUsages::CRLSign, "firma di liste di revoca (cRLSign)"),
    ];
    let v: Vec<&str> = nomi
        .iter()
        .filter(|(u, _)| ku.0.contains(*u))
        .map(|(_, n)| *n)
        .collect();
    if v.is_empty() { "nessuno".into() } else { v.join(", ") }
}

/// Whether `e` may issue certificates: a certification authority, with the
/// key usage to sign certificates when it says its usages.
fn autorita(e: &Certificate) -> Result<(), String> {
    let tbs = e.tbs_certificate();
    let ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, b))) if b.ca);
    let firma_certificati = match tbs.get_extension::<KeyUsage>() {
        Ok(Some((_, ku))) => ku.0.contains(KeyUsages::KeyCertSign),
        _ => true,
    };
    if ca && firma_certificati {
        return Ok(());
    }
    Err(format!(
        "{} ha emesso un certificato della catena ma non è un'autorità di certificazione",
        Dati::da(e).titolare
    ))
}

/// Whether `c` was issued by `e`: the names match and the signature holds with
/// `e`'s key.
fn emesso_da(c: &Certificate, e: &Certificate) -> bool {
    if c.tbs_certificate().issuer() != e.tbs_certificate().subject() {
        return false;
    }
    let (Ok(tbs), Some(firma)) = (c.tbs_certificate().to_der(), c.signature().as_bytes()) else {
        return false;
    };
    super::crittografia::verifica(
        e.tbs_certificate().subject_public_key_info(),
        &c.signature_algorithm().oid,
        None,
        &tbs,
        firma,
    )
    .unwrap_or(false)
}

/// The certificates of the qualified certification authorities of a trusted
/// list (ETSI TS 119 612): the digital identities of its services of type
/// `CA/QC` whose current status is granted.
fn lista_di_fiducia(xml: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    use base64::Engine;
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut percorso: Vec<Vec<u8>> = vec![];
    let mut out = vec![];
    let (mut tipo, mut stato, mut certificati) = (String::new(), String::new(), Vec::<Vec<u8>>::new());
    let mut buf = vec![];
    loop {
        match r.read_event_into(&mut buf) {
            Err(e) => return Err(format!("non è un XML leggibile ({e})")),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                if percorso.len() > 64 {
                    return Err("XML annidato troppo in profondità".into());
                }
                percorso.push(e.local_name().into_inner().as_bytes().to_vec());
            }
            Ok(Event::End(_)) => {
                let fine = percorso.pop().unwrap_or_default();
                if fine == b"ServiceInformation" {
                    let qualificata = tipo.trim().ends_with("/Svctype/CA/QC");
                    let attiva = ["/granted", "/accredited", "/undersupervision"]
                        .iter()
                        .any(|s| stato.trim().ends_with(s));
                    if qualificata && attiva {
                        out.append(&mut certificati);
                    }
                    certificati.clear();
                    tipo.clear();
                    stato.clear();
                }
            }
            Ok(Event::Text(t)) => {
                let testo = t.to_string();
                let in_servizio = percorso.iter().any(|p| p == b"ServiceInformation")
                    && !percorso.iter().any(|p| p == b"ServiceHistory");
                match percorso.last().map(Vec::as_slice) {
                    Some(b"ServiceTypeIdentifier") if in_servizio => tipo.push_str(&testo),
                    Some(b"ServiceStatus") if in_servizio => stato.push_str(&testo),
                    Some(b"X509Certificate") if in_servizio => {
                        let pulito: String = testo.chars().filter(|c| !c.is_whitespace()).collect();
                        let der = base64::engine::general_purpose::STANDARD
                            .decode(pulito)
                            .map_err(|e| format!("un certificato della lista non è in base64 ({e})"))?;
                        certificati.push(der);
                    }
                    _ => {}
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    if out.is_empty() {
        return Err(
            "non contiene certificati di autorità qualificate (servizi CA/QC attivi): è la lista di fiducia?".into(),
        );
    }
    Ok(out)
}
