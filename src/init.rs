//! `relazione init DIR`: a new report folder an office can start from — the
//! workbook with every sheet, header and drop-down list, one example row per sheet,
//! and a `testi/` folder with one short example section.

use crate::Errore;
use crate::workbook::schema::{self, Foglio};
use crate::workbook::write::{FoglioScritto, scrivi, tipizza};
use std::path::Path;

/// The example section written in `testi/`.
pub const TESTO_ESEMPIO: &str = "\
# Premessa

La Relazione sulla performance rende conto dei risultati raggiunti nell'anno
rispetto agli obiettivi programmati. Sostituire questo testo con quello dell'ente.

Ogni file `.md` di questa cartella è una sezione, in ordine di nome del file.

## Come si misurano i risultati

{{ regole() }}
";

fn foglio(foglio: &'static Foglio, righe: &[&[&str]]) -> FoglioScritto {
    let righe = righe
        .iter()
        .map(|r| {
            foglio
                .colonne
                .iter()
                .zip(r.iter())
                .map(|(c, t)| tipizza(c.tipo, t))
                .collect()
        })
        .collect();
    FoglioScritto { foglio, righe }
}

/// The example rows, one per sheet (the `Ente` sheet lists every key), for `anno`.
/// The `Ente` sheet of a new folder: every key, with the defaults written out.
fn ente(anno: i32) -> FoglioScritto {
    let anno_s = anno.to_string();
    let ente: Vec<[&str; 2]> = schema::CHIAVI_ENTE
        .iter()
        .map(|c| {
            let v = match c.nome {
                "ente" => "Camera di commercio di Esempio",
                "anno" => &anno_s,
                "titolo" => "Relazione sulla performance",
                "approvazione" => "",
                "redazione" => "Ufficio pianificazione e controllo",
                "soglia_raggiunto" => "95",
                "soglia_non_raggiunto" => "0",
                "metodo_ente" => "media",
                "metodo_grado" => "soglia",
                "tetto_grado" => "100",
                "metodo_obiettivo" => "media ponderata",
                "scostamento" => "assoluto",
                "decimali" => "2",
                _ => "",
            };
            [c.nome, v]
        })
        .collect();
    let ente: Vec<&[&str]> = ente.iter().map(|r| &r[..]).collect();
    foglio(&schema::ENTE, &ente)
}

pub fn esempio(anno: i32) -> Vec<FoglioScritto> {
    let data_delibera = format!("15/09/{anno}");
    vec![
        ente(anno),
        foglio(
            &schema::AMBITI,
            &[&[
                "1",
                "Competitività delle imprese",
                "Sostegno alle imprese del territorio",
            ]],
        ),
        foglio(
            &schema::UNITA,
            &[&["AREA1", "Area Esempio", "Dirigente dell'Area Esempio", "Dirigente"]],
        ),
        foglio(
            &schema::OBIETTIVI,
            &[&[
                "OS1",
                "strategico",
                "Titolo dell'obiettivo strategico",
                "Che cosa si vuole ottenere",
                "1",
                "",
                "",
                "",
            ]],
        ),
        foglio(
            &schema::INDICATORI,
            &[&[
                "kpi1_01",
                "OS1",
                "Soddisfazione degli utenti",
                "Quota di utenti soddisfatti dei servizi",
                "Utenti soddisfatti / utenti che hanno risposto",
                "Questionario",
                "Qualità",
                "100",
                ">=",
                "80",
                "70",
                "%",
                "90",
                "",
                "",
            ]],
        ),
        foglio(
            &schema::MODIFICHE,
            &[&[
                "kpi1_01",
                "target",
                "80",
                "85",
                "12",
                &data_delibera,
                "Aggiornamento dopo il monitoraggio intermedio",
            ]],
        ),
        foglio(
            &schema::ASSEGNAZIONI,
            &[&["Dirigente dell'Area Esempio", "Dirigente", "OS1", "100"]],
        ),
        foglio(
            &schema::SERIE,
            &[&[
                "personale",
                "Personale per categoria",
                "torta",
                "Categoria D",
                "Dipendenti",
                "10",
                "N.",
            ]],
        ),
        foglio(&schema::DATI, &[&["dipendenti", "10", "N."]]),
    ]
}

/// Creates the folder (which must not exist or be empty) with the example
/// workbook (`relazione.xlsx`, or `relazione.ods` for LibreOffice) and texts.
pub fn crea(cartella: &Path, anno: i32, ods: bool) -> Result<(), Errore> {
    let io = |percorso: &Path| {
        let percorso = percorso.to_path_buf();
        move |source| Errore::Io { percorso, source }
    };
    if cartella.exists() {
        let vuota = std::fs::read_dir(cartella).map_err(io(cartella))?.next().is_none();
        if !vuota {
            return Err(Errore::Io {
                percorso: cartella.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "la cartella esiste e non è vuota: scegliere una cartella nuova",
                ),
            });
        }
    }
    let testi = cartella.join("testi");
    std::fs::create_dir_all(&testi).map_err(io(&testi))?;
    if ods {
        crate::workbook::scrivi_ods::scrivi_ods(&cartella.join("relazione.ods"), &esempio(anno))?;
    } else {
        scrivi(&cartella.join(crate::workbook::NOME_FILE), &esempio(anno))?;
    }
    let premessa = testi.join("01-premessa.md");
    std::fs::write(&premessa, TESTO_ESEMPIO).map_err(io(&premessa))?;
    Ok(())
}
