//! Writing workbooks that follow the contract: the empty folder of `relazione init`,
//! and `data/relazione.xlsx` from the TSV sources of `data/sorgente/`.

use super::schema::{self, Foglio, Tipo, normalizza};
use crate::Errore;
use crate::format::{parse_data, parse_numero};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Note,
    Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Scritta {
    Vuota,
    Testo(String),
    Numero(Decimal),
    Data(NaiveDate),
}

/// The rows of one sheet, in the contract's column order.
#[derive(Debug, Clone)]
pub struct FoglioScritto {
    pub foglio: &'static Foglio,
    pub righe: Vec<Vec<Scritta>>,
}

/// Reads a cell's text the way a person would type it in that column: a figure in
/// a number column, a date or a figure in a target column, text elsewhere.
pub fn tipizza(tipo: Tipo, testo: &str) -> Scritta {
    let t = testo.trim();
    if t.is_empty() {
        return Scritta::Vuota;
    }
    match tipo {
        Tipo::Testo => Scritta::Testo(t.to_string()),
        Tipo::Numero => parse_numero(t).map_or_else(|| Scritta::Testo(t.into()), Scritta::Numero),
        Tipo::Data => parse_data(t).map_or_else(|| Scritta::Testo(t.into()), Scritta::Data),
        Tipo::Valore => parse_data(t)
            .map(Scritta::Data)
            .or_else(|| parse_numero(t).map(Scritta::Numero))
            .unwrap_or_else(|| Scritta::Testo(t.into())),
    }
}

fn xlsx(percorso: &Path) -> impl Fn(XlsxError) -> Errore + '_ {
    move |e| Errore::WorkbookIlleggibile {
        percorso: percorso.to_path_buf(),
        motivo: format!("scrittura non riuscita: {e}"),
    }
}

/// How many rows of each sheet get the drop-down lists.
const RIGHE_CON_ELENCHI: u32 = 2000;

/// Writes a workbook with every sheet of the contract (those not given are written
/// with their header only), bold frozen headers, column widths and drop-down lists
/// on the closed columns. The file's dates are fixed so that the same rows always
/// give the same bytes.
pub fn scrivi(percorso: &Path, fogli: &[FoglioScritto]) -> Result<(), Errore> {
    let err = xlsx(percorso);
    let mut wb = Workbook::new();
    let data_fissa = ExcelDateTime::from_ymd(2000, 1, 1).map_err(&err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&data_fissa));
    let intestazione = Format::new()
        .set_bold()
        .set_background_color("D9E2F3")
        .set_border_bottom(FormatBorder::Thin);
    let formato_data = Format::new().set_num_format("dd/mm/yyyy");
    let formato_numero = Format::new().set_num_format("#,##0.00");
    for foglio in schema::FOGLI.iter() {
        let ws: &mut Worksheet = wb.add_worksheet();
        ws.set_name(foglio.nome).map_err(&err)?;
        for (c, col) in foglio.colonne.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, col.nome, &intestazione)
                .map_err(&err)?;
            ws.set_column_width(c, col.larghezza).map_err(&err)?;
            if !col.nota.is_empty() {
                let nota = Note::new(col.nota).set_author("relazione").set_width(260);
                ws.insert_note(0, c, &nota).map_err(&err)?;
            }
            if !col.scelte.is_empty() {
                let v = elenco(col.scelte, col.aperta).map_err(&err)?;
                ws.add_data_validation(1, c, RIGHE_CON_ELENCHI, c, &v).map_err(&err)?;
            } else if let Some(altro) = col.codici_di {
                let v = elenco_codici(altro).map_err(&err)?;
                ws.add_data_validation(1, c, RIGHE_CON_ELENCHI, c, &v).map_err(&err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(&err)?;
        let Some(dati) = fogli.iter().find(|f| f.foglio.nome == foglio.nome) else {
            continue;
        };
        for (r, riga) in dati.righe.iter().enumerate() {
            let r = r as u32 + 1;
            // In `Ente`, a key with usual values gets its drop-down on its Valore cell.
            if foglio.nome == schema::ENTE.nome
                && let Some(Scritta::Testo(k)) = riga.first()
                && let Some(chiave) = schema::CHIAVI_ENTE.iter().find(|c| c.nome == k && !c.scelte.is_empty())
            {
                let v = elenco(chiave.scelte, chiave.aperta).map_err(&err)?;
                ws.add_data_validation(r, 1, r, 1, &v).map_err(&err)?;
            }
            for (c, cella) in riga.iter().enumerate() {
                let c = c as u16;
                match cella {
                    Scritta::Vuota => {}
                    Scritta::Testo(t) => {
                        ws.write_string(r, c, t).map_err(&err)?;
                    }
                    Scritta::Numero(n) => {
                        let f: f64 = n.to_string().parse().unwrap_or_default();
                        ws.write_number_with_format(r, c, f, &formato_numero).map_err(&err)?;
                    }
                    Scritta::Data(d) => {
                        let x =
                            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(&err)?;
                        ws.write_datetime_with_format(r, c, &x, &formato_data).map_err(&err)?;
                    }
                }
            }
        }
    }
    wb.save(percorso).map_err(&err)
}

/// A drop-down list; `aperta` lets other values through with a reminder.
fn elenco(scelte: &[&str], aperta: bool) -> Result<DataValidation, XlsxError> {
    let v = DataValidation::new()
        .allow_list_strings(scelte)?
        .set_error_title("Valore non previsto")?
        .set_error_message(format!("Valori ammessi: {}", scelte.join(", ")))?;
    Ok(if aperta {
        v.set_error_style(DataValidationErrorStyle::Information)
    } else {
        v
    })
}

/// A drop-down of the codes typed in column A of sheet `foglio`: it follows them
/// as the office adds rows. Other values pass with a reminder (`ente`,
/// `unita:AREA1`, several units separated by commas).
fn elenco_codici(foglio: &str) -> Result<DataValidation, XlsxError> {
    let intervallo = Formula::new(format!("={foglio}!$A$2:$A${}", RIGHE_CON_ELENCHI + 1));
    Ok(DataValidation::new()
        .allow_list_formula(intervallo)
        .set_error_title("Codice non trovato")?
        .set_error_message(format!("Il codice non è (ancora) nel foglio {foglio}."))?
        .set_error_style(DataValidationErrorStyle::Information))
}

/// Reads the TSV sources of a sample (`Ente.tsv`, `Indicatori.tsv`, …: one file per
/// sheet, header row as in the contract, Italian notation) into sheets to write.
pub fn da_tsv(cartella: &Path) -> Result<Vec<FoglioScritto>, Errore> {
    let mut out = Vec::new();
    for foglio in schema::FOGLI.iter() {
        let file: PathBuf = cartella.join(format!("{}.tsv", foglio.nome));
        if foglio.facoltativo && !file.exists() {
            continue;
        }
        let testo = std::fs::read_to_string(&file).map_err(|source| Errore::Io {
            percorso: file.clone(),
            source,
        })?;
        let mut righe = testo.lines();
        let intestazione: Vec<&str> = righe.next().unwrap_or_default().split('\t').collect();
        // Source column index of each contract column.
        let posizioni: Vec<Option<usize>> = foglio
            .colonne
            .iter()
            .map(|col| intestazione.iter().position(|h| normalizza(h) == normalizza(col.nome)))
            .collect();
        let righe = righe
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let campi: Vec<&str> = l.split('\t').collect();
                foglio
                    .colonne
                    .iter()
                    .zip(&posizioni)
                    .map(|(col, pos)| match pos.and_then(|p| campi.get(p)) {
                        Some(t) => tipizza(col.tipo, t),
                        None => Scritta::Vuota,
                    })
                    .collect()
            })
            .collect();
        out.push(FoglioScritto { foglio, righe });
    }
    Ok(out)
}
