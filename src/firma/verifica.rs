//! `relazione verifica`: for each signature of a PDF (or a `.p7m`), whether
//! its bytes and its CMS hold, what every later revision changed (only what
//! signing adds, or more), when it was signed, and who signed: the
//! certificate in its validity and meant for signing, its chain to a trust
//! anchor the user gives. The verdict of the file is its worst signature's.

use super::ErroreFirma;
use super::certificato::{Dati, data_ora};
use super::confronto::Confronto;
use super::controllo::{self, Busta, Modo};
use super::fiducia::{Fiducia, Identita, Uso};
use super::marca::{self, Marca};
use super::modifiche::{self, Regola};
use super::pdf::{campi_firma, carica};
use super::revisioni::{self, Revisione};
use super::{busta, lessico};
use chrono::{DateTime, NaiveDateTime, Utc};
use lopdf::{Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where to check a certificate's qualified status and revocation, which need
/// the EU trusted lists and the network.
pub const VALIDATORE_UE: &str = "https://ec.europa.eu/digital-building-blocks/DSS/webapp-demo/validation";

/// The verdict on a signature, or on a file: its exit code is the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Esito {
    /// Intact, nothing changed after it but signing, the signer's identity
    /// established. Exit 0.
    Valido,
    /// Intact, but the signer's identity not established: no anchor given, or
    /// the certificate does not chain to one. Exit 3.
    NonAccertato,
    /// Altered, forged, invalid, or a certificate out of its validity or its
    /// use. Exit 1.
    NonValido,
}

impl Esito {
    pub fn codice(self) -> u8 {
        match self {
            Esito::Valido => 0,
            Esito::NonValido => 1,
            Esito::NonAccertato => 3,
        }
    }
}

/// One signature, checked.
#[derive(Debug, Clone)]
pub struct Firma {
    /// The signature field.
    pub campo: String,
    /// The signer's certificate, read.
    pub firmatario: Option<Dati>,
    /// The kind (`/SubFilter`): `ETSI.CAdES.detached`, `adbe.pkcs7.detached`.
    pub tipo: String,
    /// The time the signer claims, and where the claim is.
    pub ora_dichiarata: Option<(DateTime<Utc>, &'static str)>,
    /// Its signature time-stamp, if it has one.
    pub marca: Option<Marca>,
    /// When the certificate was judged: the time-stamp's certain time, or now.
    pub giudicata_al: DateTime<Utc>,
    /// The signed bytes and the CMS signature hold.
    pub integra: bool,
    /// The revision it closes (1 is the original file; 0: none).
    pub revisione: usize,
    /// Later revisions that change more than signing does.
    pub alterata_da: Vec<usize>,
    /// The certificate, judged.
    pub identita: Identita,
    /// What does not hold, in words.
    pub problemi: Vec<String>,
    /// What is worth knowing and does not make it invalid.
    pub note: Vec<String>,
}

impl Firma {
    pub fn esito(&self) -> Esito {
        if !self.integra || !self.problemi.is_empty() || !self.alterata_da.is_empty() {
            return Esito::NonValido;
        }
        match self.identita {
            Identita::Accertata(_) => Esito::Valido,
            Identita::NonAccertata(_) => Esito::NonAccertato,
            Identita::NonValida(_) => Esito::NonValido,
        }
    }
}

/// What one revision after the first changed.
#[derive(Debug, Clone)]
pub struct Aggiunta {
    /// Its number (2 is the first update).
    pub numero: usize,
    /// It came after a signature: only signing may follow.
    pub dopo_una_firma: bool,
    pub giudizio: modifiche::Giudizio,
}

impl Aggiunta {
    /// Only what signing adds.
    pub fn ammessa(&self) -> bool {
        self.giudizio.vietati.is_empty()
    }
}

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct Rapporto {
    pub firme: Vec<Firma>,
    pub revisioni: Vec<Aggiunta>,
    /// How many revisions the file has.
    pub numero_revisioni: usize,
    pub confronto: Option<Confronto>,
    /// For a `.p7m`: the PDF inside.
    pub contenuto: Option<Vec<u8>>,
    /// Where the first revision ends: the PDF as composed.
    pub fine_originale: usize,
    /// The program that composed it, as its document information says.
    pub creatore: Option<String>,
    /// The trust anchors used, for the report.
    pub fiducia: Vec<String>,
}

impl Rapporto {
    /// The verdict: the worst signature's (none: not valid), and not valid
    /// when compared with a folder whose PDF it is not.
    pub fn esito(&self) -> Esito {
        let firme = self.firme.iter().map(Firma::esito).max().unwrap_or(Esito::NonValido);
        let confronto = match &self.confronto {
            Some(c) if !c.identico && c.altra_versione.is_none() => Esito::NonValido,
            _ => Esito::Valido,
        };
        firme.max(confronto)
    }

    /// Compared with a folder of another version of the program: no verdict on
    /// the comparison.
    pub fn confronto_inconcludente(&self) -> bool {
        self.confronto
            .as_ref()
            .is_some_and(|c| !c.identico && c.altra_versione.is_some())
    }

    /// The original PDF: the first revision of a signed PDF, the content of a `.p7m`.
    pub fn originale<'a>(&'a self, byte: &'a [u8]) -> &'a [u8] {
        match &self.contenuto {
            Some(c) => c,
            None => &byte[..self.fine_originale.min(byte.len())],
        }
    }

    /// Revisions that change what the composed PDF shows.
    pub fn revisioni_che_cambiano(&self) -> Vec<usize> {
        self.revisioni
            .iter()
            .filter(|r| !r.ammessa())
            .map(|r| r.numero)
            .collect()
    }
}

/// Whether `byte` is a CAdES envelope rather than a PDF.
pub fn e_busta(byte: &[u8]) -> bool {
    !byte.starts_with(b"%PDF-") && byte.first() == Some(&0x30)
}

/// Checks every signature of `byte` (a PDF or a `.p7m`) at the time `adesso`,
/// trusting the anchors of `fiducia`.
pub fn verifica(
    byte: &[u8],
    percorso: &Path,
    fiducia: &Fiducia,
    adesso: DateTime<Utc>,
) -> Result<Rapporto, ErroreFirma> {
    let fonti = fiducia.fonti.iter().map(|p| p.display().to_string()).collect();
    if e_busta(byte) {
        let b = controllo::verifica_busta(byte, &[], Modo::Inclusa(busta::ID_DATA))?;
        let mut f = firma_da_busta(&b, percorso.display().to_string(), fiducia, adesso);
        f.revisione = 1;
        f.ora_dichiarata = b.ora.map(|o| (o, "attributo firmato signing-time"));
        return Ok(Rapporto {
            firme: vec![f],
            contenuto: b.contenuto,
            fiducia: fonti,
            ..Default::default()
        });
    }
    if !byte.starts_with(b"%PDF-") {
        return Err(ErroreFirma::NonPdf {
            percorso: percorso.to_path_buf(),
            motivo: "non comincia con l'intestazione %PDF- e non è una busta .p7m".into(),
        });
    }
    let mut rapporto = verifica_pdf(byte, fiducia, adesso).map_err(|motivo| ErroreFirma::PdfDanneggiato {
        percorso: percorso.to_path_buf(),
        motivo,
    })?;
    rapporto.fiducia = fonti;
    Ok(rapporto)
}

/// The signatures of a PDF and its revisions, each revision read in turn (two
/// documents at a time in memory): its changes judged, the signatures that
/// close it checked in it. `Err`: the file cannot be read.
fn verifica_pdf(byte: &[u8], fiducia: &Fiducia, adesso: DateTime<Utc>) -> Result<Rapporto, String> {
    let revisioni = revisioni::leggi(byte)?;
    let ultima = revisioni.last().ok_or("nessuna revisione")?;
    let firme = firme_del_documento(&carica(byte, ultima)?, &revisioni);
    let mut rapporto = Rapporto {
        numero_revisioni: revisioni.len(),
        fine_originale: revisioni[0].fine,
        ..Default::default()
    };
    let flussi_xref: BTreeSet<u32> = revisioni.iter().filter_map(|r| r.flusso).collect();
    let mut esaminate: Vec<Firma> = vec![];
    let mut precedente: Option<Document> = None;
    for (i, r) in revisioni.iter().enumerate() {
        let stato = carica(byte, r)?;
        if i == 0 {
            rapporto.creatore = creatore(&stato);
        }
        if let Some(prima) = &precedente {
            let dopo_una_firma = firme.iter().any(|f| f.indice.is_some_and(|k| k < i));
            let giudizio = giudica_revisione(byte, &revisioni, &flussi_xref, i, (prima, &stato), dopo_una_firma)?;
            rapporto.revisioni.push(Aggiunta {
                numero: i + 1,
                dopo_una_firma,
                giudizio,
            });
        }
        for f in firme.iter().filter(|f| f.indice == Some(i)) {
            esaminate.push(esamina(byte, &stato, r, f, fiducia, adesso));
        }
        precedente = Some(stato);
    }
    for f in firme.iter().filter(|f| f.indice.is_none()) {
        esaminate.push(Firma {
            problemi: vec![format!(
                "la parte firmata (fino al byte {}) non finisce con una revisione del file: la firma non copre un documento",
                f.fine
            )],
            ..firma_vuota(f.campo.clone(), adesso)
        });
    }
    // In the order of the form's fields.
    esaminate.sort_by_key(|e| firme.iter().position(|f| f.campo == e.campo));
    for f in &mut esaminate {
        f.alterata_da = rapporto
            .revisioni
            .iter()
            .filter(|a| a.numero > f.revisione && !a.ammessa())
            .map(|a| a.numero)
            .collect();
    }
    rapporto.firme = esaminate;
    Ok(rapporto)
}

/// What revision `i` (from 0) changed of the one before: the changes of its
/// objects, and how its bytes are written (keys named twice, a hybrid section).
fn giudica_revisione(
    byte: &[u8],
    revisioni: &[Revisione],
    flussi_xref: &BTreeSet<u32>,
    i: usize,
    (prima, dopo): (&Document, &Document),
    dopo_una_firma: bool,
) -> Result<modifiche::Giudizio, String> {
    let regola = if dopo_una_firma {
        Regola::DopoUnaFirma
    } else {
        Regola::PrimaDelleFirme
    };
    let mut giudizio = modifiche::giudica(prima, dopo, regola, flussi_xref)?;
    if let Err(motivo) = chiavi_ripetute(byte, dopo, revisioni[i - 1].fine..revisioni[i].fine) {
        giudizio
            .vietati
            .push(format!("{motivo} (lettori diversi possono leggerlo in modi diversi)"));
    }
    if revisioni[i].ibrida {
        giudizio
            .vietati
            .push("la sezione dei riferimenti è ibrida (/XRefStm): lettori diversi vi leggono oggetti diversi".into());
    }
    Ok(giudizio)
}

/// Whether the objects a revision wrote (those in the bytes `dove`, or in an
/// object stream there) name a key twice in a dictionary. lopdf keeps the last
/// of the two values, poppler the first: a page could show to one what the
/// other does not see. `Err` says which object.
fn chiavi_ripetute(byte: &[u8], stato: &Document, dove: std::ops::Range<usize>) -> Result<(), String> {
    use lopdf::xref::XrefEntry;
    for (n, voce) in &stato.reference_table.entries {
        let XrefEntry::Normal { offset, generation } = voce else {
            continue;
        };
        let offset = *offset as usize;
        if !dove.contains(&offset) {
            continue;
        }
        let oggetto = |e: String| format!("oggetto {n}: {e}");
        lessico::testa_oggetto(byte, offset).map_err(oggetto)?;
        // An object stream: the objects inside it too.
        let Some(Object::Stream(s)) = stato.objects.get(&(*n, *generation)) else {
            continue;
        };
        if s.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"ObjStm") {
            let primo = s.dict.get(b"First").and_then(Object::as_i64).unwrap_or(0).max(0) as usize;
            let dati = s
                .decompressed_content_with_limit(crate::limiti::BYTE_FLUSSO_PDF)
                .map_err(|e| oggetto(e.to_string()))?;
            lessico::oggetti_in_flusso(&dati, primo).map_err(oggetto)?;
        }
    }
    Ok(())
}

/// A signature as the form of the last revision lists it.
struct Candidata {
    campo: String,
    id: ObjectId,
    /// The end of the bytes it says it covers.
    fine: usize,
    /// The revision (from 0) those bytes close.
    indice: Option<usize>,
    /// Other fields that name the same signature.
    altri_campi: Vec<String>,
}

fn firme_del_documento(doc: &Document, revisioni: &[Revisione]) -> Vec<Candidata> {
    let mut per_firma: BTreeMap<ObjectId, Vec<String>> = BTreeMap::new();
    let campi = campi_firma(doc);
    for c in &campi {
        if let Some(v) = c.firma {
            per_firma.entry(v).or_default().push(c.nome.clone());
        }
    }
    let mut out = vec![];
    for c in campi {
        let Some(v) = c.firma else { continue };
        let nomi = &per_firma[&v];
        if nomi[0] != c.nome {
            continue;
        }
        let fine = intervallo(doc, v)
            .and_then(|[_, _, b, l]| b.checked_add(l))
            .and_then(|f| usize::try_from(f).ok())
            .unwrap_or(0);
        out.push(Candidata {
            campo: c.nome,
            id: v,
            fine,
            indice: revisioni.iter().position(|r| r.chiusa_a(fine)),
            altri_campi: nomi[1..].to_vec(),
        });
    }
    out
}

/// The `/ByteRange` of the signature `v`: four non-negative integers, given directly.
fn intervallo(doc: &Document, v: ObjectId) -> Option<[i64; 4]> {
    let d = doc.get_dictionary(v).ok()?;
    let Ok(Object::Array(a)) = d.get(b"ByteRange") else {
        return None;
    };
    let n: Vec<i64> = a.iter().filter_map(|x| x.as_i64().ok()).collect();
    match n[..] {
        [a, b, c, d] if a >= 0 && b >= 0 && c >= 0 && d >= 0 && a.checked_add(b).is_some() => Some([a, b, c, d]),
        _ => None,
    }
}

fn firma_vuota(campo: String, adesso: DateTime<Utc>) -> Firma {
    Firma {
        campo,
        firmatario: None,
        tipo: String::new(),
        ora_dichiarata: None,
        marca: None,
        giudicata_al: adesso,
        integra: false,
        revisione: 0,
        alterata_da: vec![],
        identita: Identita::NonAccertata("la firma non si è potuta verificare".into()),
        problemi: vec![],
        note: vec![],
    }
}

/// Checks the signature `c`, which closes revision `r` (whose document is `stato`).
fn esamina(
    byte: &[u8],
    stato: &Document,
    r: &Revisione,
    c: &Candidata,
    fiducia: &Fiducia,
    adesso: DateTime<Utc>,
) -> Firma {
    let mut f = firma_vuota(c.campo.clone(), adesso);
    f.revisione = c.indice.map_or(0, |i| i + 1);
    for altro in &c.altri_campi {
        f.problemi.push(format!(
            "la stessa firma è indicata anche dal campo «{altro}»: una firma vale per un solo firmatario"
        ));
    }
    let Ok(d) = stato.get_dictionary(c.id) else {
        f.problemi
            .push("il dizionario della firma non c'è nella revisione che la firma dice di coprire".into());
        return f;
    };
    f.tipo = d
        .get(b"SubFilter")
        .ok()
        .and_then(|s| s.as_name().ok())
        .map(|s| String::from_utf8_lossy(s).to_string())
        .unwrap_or_default();
    let busta = parti_firmate(byte, stato, r, c.id, &f.tipo).and_then(|(contenuto, parti)| {
        controllo::verifica_busta(
            &contenuto,
            &[&byte[parti[0].clone()], &byte[parti[1].clone()]],
            Modo::Staccata,
        )
        .map_err(|e| e.to_string())
    });
    let b = match busta {
        Ok(b) => b,
        Err(motivo) => {
            f.problemi.push(motivo);
            return f;
        }
    };
    let mut e = firma_da_busta(&b, c.campo.clone(), fiducia, adesso);
    e.revisione = f.revisione;
    e.tipo = f.tipo;
    e.problemi.splice(0..0, f.problemi);
    ora_dichiarata(&mut e, b.ora, d.get(b"M").ok());
    e
}

/// The signature's CMS and the two ranges of bytes it signs: its kind one
/// this checks, its `/ByteRange` `[0 a b l]` with the gap exactly the
/// `/Contents` string of its dictionary and `b + l` the end of revision `r`.
fn parti_firmate(
    byte: &[u8],
    stato: &Document,
    r: &Revisione,
    v: ObjectId,
    tipo: &str,
) -> Result<(Vec<u8>, [std::ops::Range<usize>; 2]), String> {
    if !matches!(tipo, "ETSI.CAdES.detached" | "adbe.pkcs7.detached") {
        return Err(format!(
            "firma di tipo «{tipo}»: si verificano le firme PAdES (ETSI.CAdES.detached) e PKCS#7 staccate (adbe.pkcs7.detached)"
        ));
    }
    let [zero, a, b, l] =
        intervallo(stato, v).ok_or("la firma non ha un /ByteRange di quattro numeri scritti direttamente")?;
    let (a, b, l) = (a as usize, b as usize, l as usize);
    if zero != 0 || !r.chiusa_a(b.saturating_add(l)) || b > byte.len() {
        return Err(format!(
            "il /ByteRange [{zero} {a} {b} {l}] non copre il file dall'inizio alla fine di una sua revisione"
        ));
    }
    let posto = match stato.reference_table.get(v.0) {
        Some(lopdf::xref::XrefEntry::Normal { offset, .. }) => {
            lessico::posizione_valore(byte, *offset as usize, b"Contents")
        }
        _ => None,
    };
    if posto != Some((a, b)) {
        return Err(
            "la parte esclusa dal /ByteRange non è esattamente il valore /Contents del dizionario della firma".into(),
        );
    }
    match stato.get_dictionary(v).ok().and_then(|d| d.get(b"Contents").ok()) {
        Some(Object::String(contenuto, _)) => Ok((contenuto.clone(), [0..a, b..b + l])),
        _ => Err("la firma non ha /Contents".into()),
    }
}

/// The time the signer claims: the signed attribute signing-time, or `/M` as
/// the signed bytes have it; a note when the two disagree.
fn ora_dichiarata(f: &mut Firma, firmata: Option<DateTime<Utc>>, m: Option<&Object>) {
    let m = m.and_then(|m| lopdf::decode_text_string(m).ok());
    let ora_m = m.as_deref().and_then(data_pdf);
    f.ora_dichiarata = match (firmata, ora_m) {
        (Some(o), _) => Some((o, "attributo firmato signing-time")),
        (None, Some(o)) => Some((o, "/M del dizionario della firma, nei byte firmati")),
        _ => None,
    };
    if let (Some(o), Some(om)) = (firmata, ora_m)
        && (o - om).num_seconds().abs() > 120
    {
        f.note.push(format!(
            "l'ora scritta nel dizionario della firma (/M, {}) non coincide con quella firmata ({}): vale quella firmata",
            data_ora(om),
            data_ora(o)
        ));
    }
    if m.is_some() && ora_m.is_none() {
        f.note
            .push("l'ora scritta nel dizionario della firma (/M) non è una data leggibile".into());
    }
}

/// A checked CMS signature, its time-stamp, and its certificate judged.
fn firma_da_busta(b: &Busta, campo: String, fiducia: &Fiducia, adesso: DateTime<Utc>) -> Firma {
    let mut f = firma_vuota(campo, adesso);
    f.firmatario = b.certificato.as_deref().and_then(|c| Dati::da_der(c).ok());
    f.integra = b.integra();
    f.problemi = b.problemi.clone();
    match b.marche.as_slice() {
        [] => {}
        [t] => match marca::verifica(t, &b.valore, fiducia) {
            Ok(m) => {
                if !m.integra {
                    f.problemi.extend(m.problemi.iter().cloned());
                    f.problemi.push("la marca temporale della firma non è valida".into());
                }
                f.marca = Some(m);
            }
            Err(motivo) => f.problemi.push(format!("marca temporale illeggibile: {motivo}")),
        },
        _ => f
            .problemi
            .push("la firma porta più di una marca temporale: non si sa quale ora conti".into()),
    }
    f.giudicata_al = f.marca.as_ref().and_then(Marca::ora_certa).unwrap_or(adesso);
    f.identita = match &b.certificato {
        Some(c) => fiducia.giudica(c, &b.certificati, f.giudicata_al, Uso::Firma),
        None => Identita::NonValida("la firma non contiene il certificato del firmatario".into()),
    };
    f
}

/// `D:20230328103000+01'00'` (or without the prefix, the seconds, the zone), in UTC.
fn data_pdf(d: &str) -> Option<DateTime<Utc>> {
    let d = d.strip_prefix("D:").unwrap_or(d);
    if !d.is_ascii() || d.len() < 12 {
        return None;
    }
    let (cifre, zona) = d.split_at(d.len().min(14));
    let cifre = format!("{cifre:0<14}");
    let ora = NaiveDateTime::parse_from_str(&cifre, "%Y%m%d%H%M%S").ok()?;
    let zona = zona.trim_end_matches('\'');
    let scarto = match zona.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(s @ (b'+' | b'-')) => {
            let n: Vec<i64> = zona[1..].split('\'').filter_map(|x| x.parse().ok()).collect();
            let minuti = n.first().copied().unwrap_or(0) * 60 + n.get(1).copied().unwrap_or(0);
            if *s == b'+' { minuti } else { -minuti }
        }
        _ => return None,
    };
    Some((ora - chrono::Duration::minutes(scarto)).and_utc())
}

/// The program that composed the document: its `/Creator`.
fn creatore(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok()?;
    let d = doc.get_dictionary(info).ok()?;
    d.get(b"Creator").ok().and_then(|c| lopdf::decode_text_string(c).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_in_utc_and_odd_ones_refused_without_panic() {
        let d = data_pdf("D:20230328103000+01'00'").unwrap();
        assert_eq!(d.to_rfc3339(), "2023-03-28T09:30:00+00:00");
        assert_eq!(
            data_pdf("D:20261202215501Z").unwrap().to_rfc3339(),
            "2026-12-02T21:55:01+00:00"
        );
        assert_eq!(data_pdf("D:2023"), None);
        assert_eq!(data_pdf("D:20230328é0300"), None);
        assert_eq!(data_pdf("D:2023032810ééééé"), None);
    }
}
