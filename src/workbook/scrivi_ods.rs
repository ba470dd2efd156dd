//! Writing a workbook in LibreOffice's own format (`.ods`, with the crate
//! `spreadsheet-ods`): the same sheets, headers, example rows and drop-down
//! lists as the `.xlsx` of [`super::scrivi::scrivi`], for `relazione init
//! --formato ods`.

use super::schema;
use super::scrivi::{FoglioScritto, Scritta};
use crate::Errore;
use spreadsheet_ods::condition::Condition;
use spreadsheet_ods::draw::Annotation;
use spreadsheet_ods::format::{create_date_dmy_format, create_number_format_fixed};
use spreadsheet_ods::validation::{MessageType, Validation, ValidationError, ValidationRef};
use spreadsheet_ods::{CellRange, CellStyle, Length, Sheet, WorkBook};
use std::path::Path;

/// How many rows of each sheet get the drop-down lists (as in the `.xlsx`).
const RIGHE_CON_ELENCHI: u32 = 2000;

/// A drop-down list; `aperta` lets other values through with a reminder.
fn elenco(wb: &mut WorkBook, scelte: &[&str], aperta: bool) -> ValidationRef {
    let scelte: Vec<String> = scelte.iter().map(|s| s.to_string()).collect();
    let mut v = Validation::new();
    v.set_condition(Condition::content_is_in_list(&scelte));
    v.set_allow_empty(true);
    let mut errore = ValidationError::new();
    errore.set_msg_type(if aperta { MessageType::Info } else { MessageType::Error });
    errore.set_title(Some("Valore non previsto".into()));
    v.set_err(Some(errore));
    wb.add_validation(v)
}

/// A drop-down of the codes in column A of sheet `foglio`, following them as the
/// office adds rows; other values pass with a reminder (as in the `.xlsx`).
fn elenco_codici(wb: &mut WorkBook, foglio: &str) -> ValidationRef {
    let intervallo = CellRange::remote(foglio, 1, 0, RIGHE_CON_ELENCHI, 0).absolute();
    let mut v = Validation::new();
    v.set_condition(Condition::content_is_in_cellrange(intervallo));
    v.set_allow_empty(true);
    let mut errore = ValidationError::new();
    errore.set_msg_type(MessageType::Info);
    errore.set_title(Some("Codice non trovato".into()));
    v.set_err(Some(errore));
    wb.add_validation(v)
}

/// Writes an `.ods` with every sheet of the contract (those not given with their
/// header only), bold frozen headers, column widths and drop-down lists.
pub fn scrivi_ods(percorso: &Path, fogli: &[FoglioScritto]) -> Result<(), Errore> {
    let mut wb = WorkBook::new_empty();
    let formato_data = wb.add_datetime_format(create_date_dmy_format("data"));
    let formato_numero = wb.add_number_format(create_number_format_fixed("numero", 2, true));
    let mut intestazione = CellStyle::new_empty();
    intestazione.set_font_bold();
    intestazione.set_background_color(spreadsheet_ods::color::Rgb::new(0xD9, 0xE2, 0xF3));
    let intestazione = wb.add_cellstyle(intestazione);
    let data = wb.add_cellstyle(CellStyle::new("cella-data", &formato_data));
    let numero = wb.add_cellstyle(CellStyle::new("cella-numero", &formato_numero));
    for foglio in schema::FOGLI.iter() {
        let mut ws = Sheet::new(foglio.nome);
        for (c, col) in foglio.colonne.iter().enumerate() {
            let c = c as u32;
            ws.set_styled_value(0, c, col.nome, &intestazione);
            ws.set_col_width(c, Length::Cm(f64::from(col.larghezza) * 0.2));
            if !col.nota.is_empty() {
                let mut nota = Annotation::new(col.nota);
                nota.set_display(false);
                ws.set_annotation(0, c, nota);
            }
            let v = match (col.scelte.is_empty(), col.codici_di) {
                (false, _) => Some(elenco(&mut wb, col.scelte, col.aperta)),
                (true, Some(altro)) => Some(elenco_codici(&mut wb, altro)),
                (true, None) => None,
            };
            if let Some(v) = v {
                for r in 1..=RIGHE_CON_ELENCHI {
                    ws.set_validation(r, c, &v);
                }
            }
        }
        ws.split_row_header(0);
        if let Some(dati) = fogli.iter().find(|f| f.foglio.nome == foglio.nome) {
            for (r, riga) in dati.righe.iter().enumerate() {
                let r = r as u32 + 1;
                // In `Ente`, a key with usual values gets its drop-down on its Valore cell.
                if foglio.nome == schema::ENTE.nome
                    && let Some(Scritta::Testo(k)) = riga.first()
                    && let Some(chiave) = schema::CHIAVI_ENTE.iter().find(|c| c.nome == k && !c.scelte.is_empty())
                {
                    let v = elenco(&mut wb, chiave.scelte, chiave.aperta);
                    ws.set_validation(r, 1, &v);
                }
                for (c, cella) in riga.iter().enumerate() {
                    let c = c as u32;
                    match cella {
                        Scritta::Vuota => {}
                        Scritta::Testo(t) => ws.set_value(r, c, t.as_str()),
                        Scritta::Numero(n) => ws.set_styled_value(r, c, *n, &numero),
                        Scritta::Data(d) => ws.set_styled_value(r, c, *d, &data),
                    }
                }
            }
        }
        wb.push_sheet(ws);
    }
    spreadsheet_ods::write_ods(&mut wb, percorso).map_err(|e| Errore::WorkbookIlleggibile {
        percorso: percorso.to_path_buf(),
        motivo: format!("scrittura non riuscita: {e}"),
    })
}
