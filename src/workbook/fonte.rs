//! The cells of a workbook, whatever its format: Excel's `.xlsx`/`.xlsm` read
//! as a bounded stream with the cells formatted as a percentage; LibreOffice's
//! `.ods` scanned first for its extent and percentages (so that one far cell
//! never makes a table of billions), then read; old Excel's `.xls` read whole
//! (at most 65.536 × 256 cells by its format). One door for the readers of the
//! sheets, so that every format gets the same contract and the same messages.

use super::formato::Formato;
use super::schema::lettera;
use crate::limiti;
use crate::problem::Problema;
use calamine::{Cell, Data, Dimensions, Ods, Range, Reader, Sheet, Xls, Xlsx};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// The cells formatted as a percentage, by (row, column).
pub(in crate::workbook) type Percentuali = HashSet<(u32, u32)>;

type Dati = Cursor<Vec<u8>>;

/// An open workbook.
pub(in crate::workbook) enum Fonte {
    Xlsx(Xlsx<Dati>),
    /// With what the scan of each sheet found: its percentages, or the cell
    /// beyond the bounds.
    Ods(Ods<Dati>, HashMap<String, Result<Percentuali, Problema>>),
    Xls(Xls<Dati>),
}

/// Why a workbook of a known format cannot be opened, in Italian.
fn apertura(e: impl std::fmt::Display, password: bool) -> String {
    if password {
        "la cartella di lavoro è protetta da password: salvarne una copia senza password".into()
    } else {
        format!(
            "la cartella di lavoro è danneggiata e non si legge: salvarla di nuovo dal suo programma (dettaglio: {e})"
        )
    }
}

impl Fonte {
    /// Opens a workbook whose format is known.
    pub(in crate::workbook) fn apri(formato: Formato, dati: Vec<u8>) -> Result<Fonte, String> {
        Ok(match formato {
            Formato::Xlsx => {
                conta_stringhe_condivise(&dati)?;
                Fonte::Xlsx(
                    Xlsx::new(Cursor::new(dati))
                        .map_err(|e| apertura(&e, matches!(e, calamine::XlsxError::Password)))?,
                )
            }
            Formato::Xls => Fonte::Xls({
                verifica_estensione_xls(&dati)?;
                Xls::new(Cursor::new(dati)).map_err(|e| apertura(&e, matches!(e, calamine::XlsError::Password)))?
            }),
            Formato::Ods => {
                let scansione = scandisci_ods(&dati)?;
                // A cell beyond the bounds is named before the reader expands the sheets.
                if let Some(Err(problema)) = scansione.values().find(|e| e.is_err()) {
                    return Err(format!("{}: {}", problema.dove(), problema.messaggio));
                }
                let libro =
                    Ods::new(Cursor::new(dati)).map_err(|e| apertura(&e, matches!(e, calamine::OdsError::Password)))?;
                Fonte::Ods(libro, scansione)
            }
        })
    }

    pub(in crate::workbook) fn nomi(&self) -> Vec<String> {
        match self {
            Fonte::Xlsx(w) => w.sheet_names(),
            Fonte::Ods(w, _) => w.sheet_names(),
            Fonte::Xls(w) => w.sheet_names(),
        }
    }

    pub(in crate::workbook) fn metadati(&self) -> &[Sheet] {
        match self {
            Fonte::Xlsx(w) => w.sheets_metadata(),
            Fonte::Ods(w, _) => w.sheets_metadata(),
            Fonte::Xls(w) => w.sheets_metadata(),
        }
    }

    /// The merged areas of a sheet (an `.ods` does not say them to the reader).
    pub(in crate::workbook) fn unite(&mut self, nome: &str) -> Vec<Dimensions> {
        match self {
            Fonte::Xlsx(w) => w.merge_cells_by_sheet_name(nome).unwrap_or_default(),
            Fonte::Xls(w) => w.merge_cells_by_sheet_name(nome).unwrap_or_default(),
            Fonte::Ods(..) => Vec::new(),
        }
    }

    /// The cells of a sheet with content, bounded by [`limiti::RIGHE`] and
    /// [`limiti::COLONNE`] (a cell beyond them is an error naming it), and
    /// those formatted as a percentage.
    pub(in crate::workbook) fn celle(&mut self, nome: &str) -> Result<(Range<Data>, Percentuali), Problema> {
        let illeggibile = |_e: &dyn std::fmt::Display| {
            Problema::errore(
                nome,
                "foglio illeggibile: il file è danneggiato; aprirlo e salvarlo di nuovo dal suo programma",
            )
        };
        match self {
            Fonte::Xlsx(w) => celle_xlsx(w, nome),
            Fonte::Ods(w, scansione) => {
                let percentuali = match scansione.remove(nome) {
                    Some(Ok(p)) => p,
                    Some(Err(problema)) => return Err(problema),
                    None => Percentuali::new(),
                };
                let range = w.worksheet_range(nome).map_err(|e| illeggibile(&e))?;
                Ok((entro_i_limiti(nome, &range)?, percentuali))
            }
            Fonte::Xls(w) => {
                let range = w.worksheet_range(nome).map_err(|e| illeggibile(&e))?;
                Ok((entro_i_limiti(nome, &range)?, Percentuali::new()))
            }
        }
    }
}

/// A cell with content beyond the bounds, as the error that names it.
fn oltre(nome: &str, r: u32, c: u32) -> Problema {
    Problema::errore(
        nome,
        format!(
            "la cella {}{} ha un contenuto, ma un foglio può avere al massimo {} righe e {} colonne: \
             cancellare il contenuto oltre la tabella",
            lettera(c),
            r + 1,
            crate::format::numero_decimali(Decimal::from(limiti::RIGHE), 0),
            limiti::COLONNE
        ),
    )
    .in_cella(format!("{}{}", lettera(c), r + 1))
}

/// The cells with content of a sheet read whole, each within the bounds.
fn entro_i_limiti(nome: &str, range: &Range<Data>) -> Result<Range<Data>, Problema> {
    let mut tutte = Vec::new();
    for (r, c, v) in range.used_cells() {
        let (r, c) = (
            r as u32 + range.start().map_or(0, |s| s.0),
            c as u32 + range.start().map_or(0, |s| s.1),
        );
        if matches!(v, Data::Empty) {
            continue;
        }
        if r >= limiti::RIGHE || c >= limiti::COLONNE {
            return Err(oltre(nome, r, c));
        }
        tutte.push(Cell::new((r, c), v.clone()));
    }
    Ok(Range::from_sparse(tutte))
}

/// The cells of an `.xlsx` sheet, read as a stream and bounded: a cell with
/// content beyond the bounds is an error naming it before the next is read.
fn celle_xlsx(wb: &mut Xlsx<Dati>, nome: &str) -> Result<(Range<Data>, Percentuali), Problema> {
    let illeggibile = |_e: calamine::XlsxError| {
        Problema::errore(
            nome,
            "foglio illeggibile: il file è danneggiato; aprirlo e salvarlo di nuovo dal suo programma",
        )
    };
    let mut lettore = wb.worksheet_cells_reader(nome).map_err(illeggibile)?;
    let percento: Vec<bool> = lettore
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().is_some_and(|f| f.format_code.contains('%')))
        .collect();
    let mut tutte = Vec::new();
    let mut percentuali = HashSet::new();
    let mut testo = 0u64;
    while let Some((cella, stile)) = lettore.next_cell_with_style_id().map_err(illeggibile)? {
        let (r, c) = cella.get_position();
        // A shared text is copied into each cell that shows it: counted first.
        if let calamine::DataRef::SharedString(s) = cella.get_value() {
            testo += s.len() as u64;
            if testo > limiti::BYTE_TESTO_FOGLIO {
                return Err(troppo_testo(nome));
            }
        }
        let valore: Data = cella.get_value().clone().into();
        if let Data::String(s) = &valore {
            testo += s.len() as u64;
            if testo > limiti::BYTE_TESTO_FOGLIO {
                return Err(troppo_testo(nome));
            }
        }
        if matches!(valore, Data::Empty) {
            continue;
        }
        if r >= limiti::RIGHE || c >= limiti::COLONNE {
            return Err(oltre(nome, r, c));
        }
        if percento.get(stile) == Some(&true) {
            percentuali.insert((r, c));
        }
        tutte.push(Cell::new((r, c), valore));
    }
    Ok((Range::from_sparse(tutte), percentuali))
}

/// A sheet whose cells together hold more text than [`limiti::BYTE_TESTO_FOGLIO`].
fn troppo_testo(nome: &str) -> Problema {
    Problema::errore(
        nome,
        format!(
            "le celle del foglio contengono in tutto più di {} di testo (una Relazione ne usa meno di 1 MB): \
             un testo lunghissimo è ripetuto in molte celle? Il foglio non si legge",
            crate::format::dimensione(limiti::BYTE_TESTO_FOGLIO)
        ),
    )
}

/// An `.xlsx` keeps each distinct text once, in `xl/sharedStrings.xml`, and
/// the reader loads them all at once: more than [`limiti::STRINGHE_CONDIVISE`]
/// of them (millions of empty ones take gigabytes) is refused before.
fn conta_stringhe_condivise(dati: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(dati)) else {
        return Ok(());
    };
    let Ok(voce) = zip.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let mut lettore = quick_xml::Reader::from_reader(std::io::BufReader::new(voce.take(limiti::BYTE_DECOMPRESSI)));
    let troppe = || {
        format!(
            "la cartella di lavoro contiene più di {} testi diversi (una Relazione ne ha qualche \
             migliaio): il file è danneggiato o costruito per esaurire la memoria",
            crate::format::numero_decimali(rust_decimal::Decimal::from(limiti::STRINGHE_CONDIVISE as u64), 0)
        )
    };
    let (mut n, mut buf) = (0usize, Vec::new());
    loop {
        match lettore.read_event_into(&mut buf) {
            // The count the file declares, for which the reader reserves room
            // before reading one: 10^15 would abort the process.
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "sst" =>
            {
                let dichiarate = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .map(|a| a.value.into_owned());
                // Digits only, as the reader reads them; too many to count is too many.
                if let Some(v) = dichiarate
                    && !v.is_empty()
                    && v.chars().all(|c| c.is_ascii_digit())
                    && v.parse::<usize>().ok().is_none_or(|v| v > limiti::STRINGHE_CONDIVISE)
                {
                    return Err(troppe());
                }
            }
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "si" =>
            {
                n += 1;
                if n > limiti::STRINGHE_CONDIVISE {
                    return Err(troppe());
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// An `.xls` says the extent of each sheet in a DIMENSIONS record, and the
/// reader reserves room for every cell of it before reading one: 2^32 − 1 rows
/// would abort the process. The records are walked as the reader walks them —
/// the workbook's part to its end, then each sheet from where the workbook
/// says it begins — and an extent beyond what the format holds (65.536 rows,
/// 256 columns) or backwards (first row after the last) is refused before the
/// reader opens the file; so are more than [`limiti::FOGLI`] sheets, a cell
/// with a value beyond [`limiti::RIGHE`] and [`limiti::COLONNE`] (the reader
/// makes a table as large as its cells span: one cell at the far corner is
/// gigabytes), and a sheet whose cells would copy more than
/// [`limiti::BYTE_TESTO_FOGLIO`] of shared text (one text of 65.535
/// characters in 20.000 cells is 1,3 GB). A file
/// whose parts cannot be found is left to the reader's own message.
fn verifica_estensione_xls(dati: &[u8]) -> Result<(), String> {
    let Ok(mut cfb) = cfb::CompoundFile::open(Cursor::new(dati)) else {
        return Ok(());
    };
    let Some(flusso) = ["/Workbook", "/Book"].iter().find_map(|n| cfb.open_stream(n).ok()) else {
        return Ok(());
    };
    let mut libro = Vec::new();
    if flusso.take(limiti::BYTE_DECOMPRESSI).read_to_end(&mut libro).is_err() {
        return Ok(());
    }
    // The workbook's part: where each sheet begins (BoundSheet8), with its
    // name, and the lengths of the shared texts (SST and its CONTINUEs).
    let globali: Vec<(u16, &[u8])> = Record::da(&libro, 0).take_while(|(tipo, _)| *tipo != 0x000A).collect();
    let mut fogli = Vec::new();
    let mut condivisi = Vec::new();
    for (i, (tipo, r)) in globali.iter().enumerate() {
        match *tipo {
            0x0085 if r.len() >= 4 => fogli.push((
                u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize,
                nome_foglio_xls(r),
            )),
            0x00FC => {
                let continui = globali[i + 1..]
                    .iter()
                    .take_while(|(t, _)| *t == 0x003C)
                    .map(|(_, d)| *d)
                    .collect();
                condivisi = lunghezze_condivise(r, continui);
            }
            _ => {}
        }
    }
    if fogli.len() > limiti::FOGLI {
        return Err(format!(
            "la cartella di lavoro dichiara {} fogli, più del limite di {}: il file è danneggiato",
            fogli.len(),
            limiti::FOGLI
        ));
    }
    for (inizio, nome) in fogli {
        // A sheet to its EOF; what nested parts (charts) hold is skipped. A
        // shared text is copied into each cell that shows it: counted.
        let (mut bof_visto, mut annidati, mut testo) = (false, 0usize, 0u64);
        for (tipo, r) in Record::da(&libro, inizio) {
            if annidati == 0 {
                cella_entro_i_limiti(&nome, tipo, r)?;
            }
            match (tipo, annidati) {
                (0x0809, 0) if !bof_visto => bof_visto = true,
                (0x0809, _) => annidati += 1,
                (0x000A, 0) => break,
                (0x000A, _) => annidati -= 1,
                (0x0200, 0) => estensione_ammessa(r)?,
                (0x00FD, 0) if r.len() >= 10 => {
                    let i = u32::from_le_bytes([r[6], r[7], r[8], r[9]]) as usize;
                    testo += condivisi.get(i).copied().unwrap_or(0) as u64;
                    if testo > limiti::BYTE_TESTO_FOGLIO {
                        let p = troppo_testo(&nome);
                        return Err(format!("{}: {}", p.dove(), p.messaggio));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The name of a sheet in its BoundSheet8 record (8-bit or UTF-16).
fn nome_foglio_xls(r: &[u8]) -> String {
    let (Some(&n), Some(&opzioni)) = (r.get(6), r.get(7)) else {
        return String::new();
    };
    let n = usize::from(n);
    if opzioni & 1 == 0 {
        r.get(8..8 + n)
            .unwrap_or_default()
            .iter()
            .map(|&b| char::from(b))
            .collect()
    } else {
        let unita: Vec<u16> = r
            .get(8..8 + 2 * n)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&unita)
    }
}

/// The length in characters of each shared text of an `.xls`, walked as the
/// reader walks them (MS-XLS 2.5.293: length, options, runs and extension
/// skipped, characters of one or two bytes, a CONTINUE starting with its own
/// option byte). Where the reader would stop with an error, the walk stops.
fn lunghezze_condivise<'a>(sst: &'a [u8], continui: Vec<&'a [u8]>) -> Vec<usize> {
    let mut parti = continui.into_iter();
    let mut d: &[u8] = sst.get(8..).unwrap_or_default();
    let mut out = Vec::new();
    'testi: loop {
        if d.is_empty() {
            match parti.next() {
                Some(p) => d = p,
                None => break,
            }
        }
        let (Some(cch), Some(&opzioni)) = (d.get(..2), d.get(2)) else {
            break;
        };
        let cch = usize::from(u16::from_le_bytes([cch[0], cch[1]]));
        d = &d[3..];
        let mut salta = 0usize;
        if opzioni & 0x8 != 0 {
            let Some(n) = d.get(..2) else { break };
            salta += 4 * usize::from(u16::from_le_bytes([n[0], n[1]]));
            d = &d[2..];
        }
        if opzioni & 0x4 != 0 {
            let Some(n) = d.get(..4) else { break };
            salta = salta.saturating_add(i32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize);
            d = &d[4..];
        }
        let (mut resta, mut doppio) = (cch, opzioni & 1 != 0);
        while resta > 0 {
            let per_carattere = if doppio { 2 } else { 1 };
            let n = resta.min(d.len() / per_carattere);
            d = &d[n * per_carattere..];
            resta -= n;
            if resta > 0 {
                match parti.next() {
                    Some(p) if !p.is_empty() => {
                        doppio = p[0] & 1 != 0;
                        d = &p[1..];
                    }
                    _ => break 'testi,
                }
            }
        }
        out.push(cch);
        while salta > 0 {
            if d.is_empty() {
                match parti.next() {
                    Some(p) => d = p,
                    None => break 'testi,
                }
            }
            let n = salta.min(d.len());
            d = &d[n..];
            salta -= n;
        }
    }
    out
}

/// A cell record with a value (number, text, RK, formula, …) within
/// [`limiti::RIGHE`] and [`limiti::COLONNE`]: the reader makes a table as
/// large as the cells span, and two at opposite corners are gigabytes.
fn cella_entro_i_limiti(nome: &str, tipo: u16, r: &[u8]) -> Result<(), String> {
    if !matches!(
        tipo,
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD
    ) || r.len() < 4
    {
        return Ok(());
    }
    let riga = u32::from(u16::from_le_bytes([r[0], r[1]]));
    let mut colonna = u32::from(u16::from_le_bytes([r[2], r[3]]));
    // MulRk: its last column closes the record.
    if tipo == 0x00BD && r.len() >= 6 {
        colonna = colonna.max(u32::from(u16::from_le_bytes([r[r.len() - 2], r[r.len() - 1]])));
    }
    if riga >= limiti::RIGHE || colonna >= limiti::COLONNE {
        let p = oltre(nome, riga, colonna);
        return Err(format!("{}: {}", p.dove(), p.messaggio));
    }
    Ok(())
}

/// A DIMENSIONS record the reader can reserve room for.
fn estensione_ammessa(r: &[u8]) -> Result<(), String> {
    let u16_a = |i: usize| u32::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_a = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    let (prima_riga, righe, prima_colonna, colonne) = match r.len() {
        10 => (u16_a(0), u16_a(2), u16_a(4), u16_a(6)),
        14 | 16 => (u32_a(0), u32_a(4), u16_a(8), u16_a(10)),
        _ => return Ok(()),
    };
    // The reader counts the columns from 0 when the first is beyond the last,
    // and uses the extent only when it is not empty.
    let prima_colonna = if prima_colonna > 0xFF || colonne < prima_colonna {
        0
    } else {
        prima_colonna
    };
    let rovescio = righe >= 1 && colonne >= 1 && (prima_riga >= righe || prima_colonna >= colonne);
    if righe > 65_536 || colonne > 256 || rovescio {
        return Err(format!(
            "un foglio del file .xls dichiara di estendersi fino alla riga {} e alla colonna {}, oltre le \
             65.536 righe e 256 colonne del formato (o al contrario): il file è danneggiato o costruito per \
             esaurire la memoria; aprirlo e salvarlo di nuovo dal suo programma, meglio come .xlsx",
            crate::format::numero_decimali(Decimal::from(righe), 0),
            colonne
        ));
    }
    Ok(())
}

/// The records of an `.xls` stream from a position: (type, data), until the
/// stream ends or a record runs past it.
struct Record<'a> {
    resto: &'a [u8],
}

impl<'a> Record<'a> {
    fn da(flusso: &'a [u8], inizio: usize) -> Record<'a> {
        Record {
            resto: flusso.get(inizio..).unwrap_or_default(),
        }
    }
}

impl<'a> Iterator for Record<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let testa = self.resto.get(..4)?;
        let tipo = u16::from_le_bytes([testa[0], testa[1]]);
        let lunghezza = usize::from(u16::from_le_bytes([testa[2], testa[3]]));
        let dati = self.resto.get(4..4 + lunghezza)?;
        self.resto = &self.resto[4 + lunghezza..];
        Some((tipo, dati))
    }
}

/// Scans `content.xml` of an `.ods` as a stream, sheet by sheet: where each
/// cell with content is (rows and columns may be repeated thousands of times
/// in a few bytes), which hold a percentage, and how much text the repeated
/// cells will make. A sheet with a cell beyond the bounds, or with too much
/// text, gets the error naming it, before anything expands the sheet.
fn scandisci_ods(dati: &[u8]) -> Result<HashMap<String, Result<Percentuali, Problema>>, String> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(dati)).map_err(|e| apertura(e, false))?;
    let mut xml = Vec::new();
    zip.by_name("content.xml")
        .map_err(|e| apertura(e, false))?
        .take(limiti::BYTE_DECOMPRESSI + 1)
        .read_to_end(&mut xml)
        .map_err(|e| apertura(e, false))?;
    // Scanned whole or not at all: what lies beyond a scan is not checked.
    if xml.len() as u64 > limiti::BYTE_DECOMPRESSI {
        return Err(format!(
            "il contenuto del file .ods, decompresso, supera il limite di {}: il file è danneggiato o costruito \
             per esaurire la memoria",
            crate::format::dimensione(limiti::BYTE_DECOMPRESSI)
        ));
    }
    let mut lettore = quick_xml::Reader::from_reader(xml.as_slice());
    let mut scansione = ScansioneOds::default();
    let mut buf = Vec::new();
    loop {
        match lettore.read_event_into(&mut buf).map_err(|e| apertura(e, false))? {
            Event::Start(e) => scansione.apertura(&e, false),
            Event::Empty(e) => scansione.apertura(&e, true),
            Event::Text(t) => scansione.testo(t.len() as u64),
            Event::End(e) => scansione.chiusura(e.name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(scansione.esito)
}

/// Where the scan of an `.ods` is, and what it found.
struct ScansioneOds {
    esito: HashMap<String, Result<Percentuali, Problema>>,
    foglio: Option<String>,
    /// Row and column of the next cell, and the repetitions of the current row.
    r: u64,
    c: u64,
    righe: u64,
    /// The text of the sheet as the reader will hold it (a cell's text once
    /// per repetition), and the repetitions of the cell being read.
    testo: u64,
    copie: u64,
}

impl Default for ScansioneOds {
    fn default() -> Self {
        ScansioneOds {
            esito: HashMap::new(),
            foglio: None,
            r: 0,
            c: 0,
            righe: 1,
            testo: 0,
            copie: 0,
        }
    }
}

impl ScansioneOds {
    fn apertura(&mut self, e: &quick_xml::events::BytesStart<'_>, vuoto: bool) {
        let attr = |k: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == k)
                .map(|a| a.value.into_owned())
        };
        let ripetute = |k: &str| attr(k).and_then(|v| v.parse::<u64>().ok()).unwrap_or(1).max(1);
        match e.name().as_ref() {
            "table:table" => {
                let nome = attr("table:name").unwrap_or_default();
                self.esito.insert(nome.clone(), Ok(Percentuali::new()));
                self.foglio = Some(nome);
                (self.r, self.testo) = (0, 0);
            }
            "table:table-row" => {
                self.righe = ripetute("table:number-rows-repeated");
                self.c = 0;
                if vuoto {
                    self.r += self.righe;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let colonne = ripetute("table:number-columns-repeated");
                self.copie = if vuoto { 0 } else { self.righe.saturating_mul(colonne) };
                if let Some(tipo) = attr("office:value-type") {
                    self.cella(colonne, tipo == "percentage");
                }
                self.c += colonne;
            }
            _ => {}
        }
    }

    /// A cell with content, repeated over `colonne` columns (and the row's repetitions).
    fn cella(&mut self, colonne: u64, percentuale: bool) {
        let (r, c, righe) = (self.r, self.c, self.righe);
        let Some(f) = self.foglio.clone() else {
            return;
        };
        let Some(Ok(percentuali)) = self.esito.get_mut(&f) else {
            return;
        };
        let (ultima_r, ultima_c) = (r + righe - 1, c + colonne - 1);
        let (max_r, max_c) = (u64::from(limiti::RIGHE), u64::from(limiti::COLONNE));
        if ultima_r >= max_r || ultima_c >= max_c {
            let (rr, cc) = if r >= max_r || c >= max_c {
                (r, c)
            } else {
                (ultima_r, ultima_c)
            };
            let problema = oltre(&f, rr.min(u64::from(u32::MAX)) as u32, cc.min(16_384) as u32);
            self.esito.insert(f, Err(problema));
        } else if percentuale {
            for rr in r..=ultima_r {
                for cc in c..=ultima_c {
                    percentuali.insert((rr as u32, cc as u32));
                }
            }
        }
    }

    /// Text inside a cell: counted once per repetition.
    fn testo(&mut self, byte: u64) {
        if self.copie == 0 {
            return;
        }
        self.testo = self.testo.saturating_add(byte.saturating_mul(self.copie));
        if self.testo > limiti::BYTE_TESTO_FOGLIO
            && let Some(f) = self.foglio.clone()
        {
            self.esito.insert(f.clone(), Err(troppo_testo(&f)));
            self.copie = 0;
        }
    }

    fn chiusura(&mut self, nome: &str) {
        match nome {
            "table:table-cell" | "table:covered-table-cell" => self.copie = 0,
            "table:table-row" => self.r += self.righe,
            "table:table" => self.foglio = None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_con(content: &str) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        z.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn the_scan_finds_percentages_through_repeats() {
        // Row 1 a header; row 2 empty, repeated twice; row 4: A4 text, then B4:C4 a
        // repeated percentage: (3, 1) and (3, 2).
        let xml = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Indicatori"><table:table-row><table:table-cell office:value-type="string"><text:p>Codice</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>kpi</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2" office:value-type="percentage" office:value="0.85"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let esito = scandisci_ods(&zip_con(xml)).unwrap();
        let p = esito["Indicatori"].as_ref().unwrap();
        assert_eq!(p, &Percentuali::from([(3, 1), (3, 2)]));
    }

    #[test]
    fn the_scan_names_a_cell_beyond_the_bounds() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Ente"><table:table-row table:number-rows-repeated="20000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let esito = scandisci_ods(&zip_con(xml)).unwrap();
        let problema = esito["Ente"].as_ref().unwrap_err();
        // The first row is within the bounds, the repeat is not: the last is named.
        assert_eq!(problema.dove(), "Ente!A20000");
    }
}
