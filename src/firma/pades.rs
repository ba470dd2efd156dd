//! A PAdES baseline B-B signature added to a PDF by incremental update.
//!
//! The signature dictionary is written with room for the signature: its
//! `/ByteRange` covers the whole file but the hexadecimal `/Contents`, so the
//! signed revision is the original followed by the signature's update. Once the
//! update is written, the byte range is filled in, the SHA-256 of the covered
//! bytes signed, and the CMS structure written into the room left for it.

use super::aggiornamento::Aggiornamento;
use super::campi::{cambia_modulo, nuovo_campo, segna_firmato};
use super::chiavi::Chiave;
use super::pdf::{Campo, Pdf, campi_firma};
use super::{ErroreFirma, Opzioni};
use lopdf::Object;
use sha2::{Digest, Sha256};

/// A PDF date, `D:20230328103000+00'00'`.
fn data_pdf(d: chrono::DateTime<chrono::Utc>) -> String {
    d.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// The signature dictionary, with blanks where the byte range and the signature go.
struct Segnaposto {
    corpo: Vec<u8>,
    /// Where the byte range goes (44 blanks), from the start of the body.
    intervallo: usize,
    /// Where `<` of the signature's hexadecimal string is, from the start of the body.
    contenuto: usize,
    /// The bytes of room for the signature (twice as many hexadecimal digits).
    spazio: usize,
}

fn segnaposto(chiave: &dyn Chiave, titolare: &str, o: &Opzioni) -> Segnaposto {
    // The certificates, the signature value and the rest of the CMS structure,
    // with a margin.
    let spazio = chiave.certificati().iter().map(Vec::len).sum::<usize>() + 8192;
    let mut s = b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M".to_vec();
    let scrivi = |s: &mut Vec<u8>, o: &Object| lopdf::Writer::write_object(s, o).expect("writing to memory");
    scrivi(&mut s, &Object::string_literal(data_pdf(o.ora)));
    s.extend_from_slice(b"/Name");
    scrivi(&mut s, &lopdf::text_string(titolare));
    if let Some(m) = &o.motivo {
        s.extend_from_slice(b"/Reason");
        scrivi(&mut s, &lopdf::text_string(m));
    }
    s.extend_from_slice(b"/ByteRange");
    let intervallo = s.len();
    s.extend_from_slice(&[b' '; 44]);
    s.extend_from_slice(b"/Contents");
    let contenuto = s.len();
    s.push(b'<');
    s.extend(std::iter::repeat_n(b'0', 2 * spazio));
    s.extend_from_slice(b">>>");
    Segnaposto {
        corpo: s,
        intervallo,
        contenuto,
        spazio,
    }
}

/// The field to sign: the one named in `o.campo` (an error if already signed),
/// else the first empty one. `None`: a new field is needed.
fn campo_da_firmare(pdf: &Pdf, campi: &[Campo], o: &Opzioni) -> Result<Option<Campo>, ErroreFirma> {
    Ok(match &o.campo {
        Some(nome) => match campi.iter().find(|c| &c.nome == nome) {
            Some(c) if c.firma.is_some() => {
                return Err(ErroreFirma::UscitaNonAmmessa {
                    percorso: pdf.percorso.clone(),
                    motivo: format!("il campo di firma «{nome}» è già firmato"),
                });
            }
            altro => altro.cloned(),
        },
        None => campi.iter().find(|c| c.firma.is_none()).cloned(),
    })
}

/// The name of a new field: the one asked for, or the signer's (numbered when taken).
fn nome_nuovo(campi: &[Campo], titolare: &str, o: &Opzioni) -> String {
    if let Some(n) = &o.campo {
        return n.clone();
    }
    let mut nome = titolare.to_string();
    let mut n = 2;
    while campi.iter().any(|c| c.nome == nome) {
        nome = format!("{titolare} {n}");
        n += 1;
    }
    nome
}

/// `pdf` signed with `chiave` in the field `o.campo` (or the first empty one, or a
/// new one named after the signer).
pub fn firma(pdf: &Pdf, chiave: &dyn Chiave, titolare: &str, o: &Opzioni) -> Result<Vec<u8>, ErroreFirma> {
    let danneggiato = |motivo: String| ErroreFirma::PdfDanneggiato {
        percorso: pdf.percorso.clone(),
        motivo,
    };
    let campi = campi_firma(&pdf.doc);
    let esistente = campo_da_firmare(pdf, &campi, o)?;
    let mut a = Aggiornamento::nuovo(pdf);
    let v = a.nuovo_id();
    let posto = segnaposto(chiave, titolare, o);
    a.scrivi_grezzo(v, posto.corpo.clone());
    match esistente {
        Some(c) => {
            let mut d = a.da_cambiare(c.id).map_err(danneggiato)?;
            d.set("V", v);
            a.scrivi(c.id, &Object::Dictionary(d));
            cambia_modulo(&mut a, |_, form| segna_firmato(form)).map_err(danneggiato)?;
        }
        None => {
            nuovo_campo(&mut a, &nome_nuovo(&campi, titolare, o), Some(v)).map_err(danneggiato)?;
        }
    }
    let mut seme = data_pdf(o.ora).into_bytes();
    seme.extend_from_slice(titolare.as_bytes());
    let scritto = a.chiudi(&seme);
    let mut byte = scritto.byte;

    // The byte range: all but the signature's hexadecimal string.
    let inizio = scritto.inizi[&v.0];
    let c0 = inizio + posto.contenuto;
    let c1 = c0 + 2 * posto.spazio + 2;
    let intervallo = format!("[0 {c0} {c1} {}]", byte.len() - c1);
    let i = inizio + posto.intervallo;
    byte[i..i + intervallo.len()].copy_from_slice(intervallo.as_bytes());
    let mut h = Sha256::new();
    h.update(&byte[..c0]);
    h.update(&byte[c1..]);
    let cms = super::busta::firma_staccata(&h.finalize(), chiave)?;
    if cms.len() > posto.spazio {
        return Err(ErroreFirma::Busta(format!(
            "la firma ({} byte) non sta nello spazio riservato ({} byte)",
            cms.len(),
            posto.spazio
        )));
    }
    let esadecimale: String = cms.iter().map(|b| format!("{b:02x}")).collect();
    byte[c0 + 1..c0 + 1 + esadecimale.len()].copy_from_slice(esadecimale.as_bytes());
    Ok(byte)
}
