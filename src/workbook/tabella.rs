//! Locating the sheets of the contract in a workbook and matching their header
//! row to the contract's columns; the cells of a sheet read as a bounded stream.

use crate::format::normalizza;
use crate::limiti;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::cella::Riga;
use crate::workbook::schema::{self, Foglio, lettera};
use calamine::{Cell, Data, Range, Reader, Xlsx};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek};
use std::sync::Arc;

/// One sheet located in the workbook, with its header mapped to the contract.
pub(in crate::workbook) struct Tabella {
    pub(in crate::workbook) foglio: &'static Foglio,
    /// The sheet's name as written in the workbook.
    pub(in crate::workbook) nome: String,
    pub(in crate::workbook) range: Range<Data>,
    /// The cells formatted as a percentage (0,85 shown as 85 %).
    pub(in crate::workbook) percentuali: HashSet<(u32, u32)>,
    /// Contract column name → 0-based column index.
    pub(in crate::workbook) colonne: HashMap<&'static str, u32>,
    /// Contract column name → letter, shared by every record's [`Origine`].
    pub(in crate::workbook) lettere: Arc<BTreeMap<String, String>>,
}

impl Tabella {
    pub(in crate::workbook) fn righe(&self) -> impl Iterator<Item = Riga<'_>> {
        let (start, end) = match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => (s.0, e.0),
            _ => (1, 0),
        };
        (start.max(1)..=end)
            .map(move |r| Riga { t: self, r })
            .filter(|r| !r.vuota())
    }

    /// Every code written in a column, valid row or not: a reference to a row that
    /// has its own error is not reported a second time as unknown.
    pub(in crate::workbook) fn codici(&self, colonna: &str) -> HashSet<String> {
        let mut scarto = Problemi::default();
        self.righe().filter_map(|r| r.testo(colonna, &mut scarto)).collect()
    }

    pub(in crate::workbook) fn origine(&self, r: u32) -> Origine {
        Origine {
            foglio: self.nome.clone(),
            riga: r + 1,
            colonne: self.lettere.clone(),
        }
    }
}

/// The cells formatted as a percentage, by (row, column).
pub(in crate::workbook) type Percentuali = HashSet<(u32, u32)>;

/// The cells of a sheet, read as a stream and bounded: a cell with content
/// beyond [`limiti::RIGHE`] or [`limiti::COLONNE`] is an error naming it (a
/// single far cell would otherwise make the sheet a table of billions of empty
/// cells). Also returns the cells formatted as a percentage.
pub(in crate::workbook) fn celle<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    nome: &str,
) -> Result<(Range<Data>, Percentuali), Problema> {
    let illeggibile = |e: calamine::XlsxError| {
        Problema::errore(
            nome,
            format!("foglio illeggibile: il file è danneggiato o non è un foglio di calcolo ({e})"),
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
    while let Some((cella, stile)) = lettore.next_cell_with_style_id().map_err(illeggibile)? {
        let (r, c) = cella.get_position();
        let valore: Data = cella.get_value().clone().into();
        if matches!(valore, Data::Empty) {
            continue;
        }
        if r >= limiti::RIGHE || c >= limiti::COLONNE {
            return Err(Problema::errore(
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
            .in_cella(format!("{}{}", lettera(c), r + 1)));
        }
        if percento.get(stile) == Some(&true) {
            percentuali.insert((r, c));
        }
        tutte.push(Cell::new((r, c), valore));
    }
    Ok((Range::from_sparse(tutte), percentuali))
}

/// Locates every sheet of the contract and maps its header.
pub(in crate::workbook) fn tabelle<RS: Read + Seek>(wb: &mut Xlsx<RS>, p: &mut Problemi) -> Vec<Option<Tabella>> {
    let nomi = wb.sheet_names();
    for n in &nomi {
        if !schema::FOGLI.iter().any(|f| normalizza(f.nome) == normalizza(n)) {
            p.push(Problema::avviso(n, format!("foglio «{n}» non previsto: ignorato")));
        }
    }
    schema::FOGLI
        .iter()
        .map(|foglio| {
            let Some(nome) = nomi.iter().find(|n| normalizza(n) == normalizza(foglio.nome)).cloned() else {
                if !foglio.facoltativo {
                    p.push(Problema::errore(
                        foglio.nome,
                        format!(
                            "manca il foglio «{}» (fogli presenti: {})",
                            foglio.nome,
                            nomi.join(", ")
                        ),
                    ));
                }
                return None;
            };
            let (range, percentuali) = celle(wb, &nome).map_err(|problema| p.push(problema)).ok()?;
            avvisi_del_foglio(wb, &nome, p);
            let colonne = intestazione(foglio, &nome, &range, p)?;
            let lettere = Arc::new(colonne.iter().map(|(k, v)| (k.to_string(), lettera(*v))).collect());
            Some(Tabella {
                foglio,
                nome,
                range,
                percentuali,
                colonne,
                lettere,
            })
        })
        .collect()
}

/// What a reader may not see at a glance: a hidden sheet (read all the same),
/// merged cells (their value is in the first cell only).
fn avvisi_del_foglio<RS: Read + Seek>(wb: &mut Xlsx<RS>, nome: &str, p: &mut Problemi) {
    if wb
        .sheets_metadata()
        .iter()
        .any(|m| m.name == nome && m.visible != calamine::SheetVisible::Visible)
    {
        p.push(Problema::avviso(
            nome,
            format!("il foglio «{nome}» è nascosto: viene letto lo stesso"),
        ));
    }
    if let Ok(unite) = wb.merge_cells_by_sheet_name(nome) {
        for d in unite.iter().filter(|d| d.end.0 >= 1) {
            let prima = format!("{}{}", lettera(d.start.1), d.start.0 + 1);
            let area = format!("{prima}:{}{}", lettera(d.end.1), d.end.0 + 1);
            p.push(
                Problema::avviso(
                    nome,
                    format!("celle unite {area}: si legge solo il valore di {prima}, le altre restano vuote"),
                )
                .in_cella(&prima),
            );
        }
    }
}

/// The header row matched to the contract's columns (case, accents, spaces and
/// `_` aside): contract column → column index. `None` when a column is
/// repeated or a required one is missing (each reported).
fn intestazione(
    foglio: &Foglio,
    nome: &str,
    range: &Range<Data>,
    p: &mut Problemi,
) -> Option<HashMap<&'static str, u32>> {
    let mut colonne = HashMap::new();
    let mut ok = true;
    let mut viste: HashMap<String, u32> = HashMap::new();
    if let (Some(start), Some(end)) = (range.start(), range.end())
        && start.0 == 0
    {
        for c in start.1..=end.1 {
            let titolo = match range.get_value((0, c)) {
                Some(Data::String(s)) => s.trim().to_string(),
                Some(Data::Empty) | None => continue,
                Some(other) => other.to_string(),
            };
            if titolo.is_empty() {
                continue;
            }
            let cella = format!("{}1", lettera(c));
            if let Some(prima) = viste.insert(normalizza(&titolo), c) {
                p.push(
                    Problema::errore(
                        nome,
                        format!("colonna «{titolo}» ripetuta (c'è già in {}1)", lettera(prima)),
                    )
                    .in_cella(&cella)
                    .con_valore(&titolo),
                );
                ok = false;
                continue;
            }
            match foglio
                .colonne
                .iter()
                .find(|col| normalizza(col.nome) == normalizza(&titolo))
            {
                Some(col) => {
                    colonne.insert(col.nome, c);
                }
                None => p.push(
                    Problema::avviso(nome, format!("colonna «{titolo}» non prevista: ignorata"))
                        .in_cella(&cella)
                        .con_valore(&titolo),
                ),
            }
        }
    }
    for col in foglio.colonne.iter().filter(|c| c.obbligatoria) {
        if !colonne.contains_key(col.nome) {
            p.push(
                Problema::errore(
                    nome,
                    format!("manca la colonna obbligatoria «{}» nella riga 1", col.nome),
                )
                .in_cella("1"),
            );
            ok = false;
        }
    }
    ok.then_some(colonne)
}
