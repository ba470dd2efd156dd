//! One reader per sheet of the contract; what they share.

mod assegnazioni;
mod ente;
mod fasce;
mod indicatori;
pub(in crate::workbook) mod individuale;
mod modifiche;
mod serie;
mod struttura;

pub(in crate::workbook) use assegnazioni::leggi_assegnazioni;
pub(in crate::workbook) use ente::leggi_ente;
pub(in crate::workbook) use fasce::leggi_fasce;
pub(in crate::workbook) use indicatori::leggi_indicatori;
pub(in crate::workbook) use individuale::{leggi_componenti, leggi_distribuzione, leggi_persone, leggi_punteggi};
pub(in crate::workbook) use modifiche::leggi_modifiche;
pub(in crate::workbook) use serie::{leggi_avvisi, leggi_dati, leggi_serie};
pub(in crate::workbook) use struttura::{leggi_ambiti, leggi_obiettivi, leggi_unita};

use crate::problem::{Problema, Problemi};
use crate::workbook::cella::Riga;
use crate::workbook::schema::Colonna;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A weight from 0 to 100 (a percentage, or a fraction of 1), in the sheet's
/// column `colonna`; a negative one would turn a mean upside down.
pub(in crate::workbook) fn peso_valido(
    riga: &Riga<'_>,
    colonna: &'static Colonna,
    peso: Decimal,
    p: &mut Problemi,
) -> bool {
    if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&peso) {
        return true;
    }
    p.push(riga.problema(
        colonna,
        format!(
            "peso {} fuori da 0–100 (un peso è una percentuale, o una frazione di 1)",
            crate::format::numero_almeno(peso, 0)
        ),
        Some(peso.to_string()),
    ));
    false
}

/// Reports a code seen before in the same sheet.
pub(in crate::workbook) fn unico(
    visti: &mut HashMap<String, String>,
    codice: &str,
    riga: &Riga<'_>,
    colonna: &'static Colonna,
    p: &mut Problemi,
) -> bool {
    let cella = riga.indirizzo(colonna);
    if let Some(prima) = visti.insert(codice.to_string(), cella.clone()) {
        p.push(
            Problema::errore(&riga.t.nome, format!("codice «{codice}» ripetuto (c'è già in {prima})"))
                .in_cella(&cella)
                .con_valore(codice),
        );
        visti.insert(codice.to_string(), prima);
        return false;
    }
    true
}
