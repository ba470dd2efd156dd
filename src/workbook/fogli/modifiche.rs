//! The `Modifiche` sheet: the deliberations of the year, each value typed by
//! the field it changes.

use crate::format::{parse_data, parse_numero};
use crate::limiti;
use crate::model::*;
use crate::problem::Problemi;
use crate::workbook::cella::{Cella, Riga};
use crate::workbook::schema::{Colonna, modifiche};
use crate::workbook::tabella::Tabella;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Every row of `Modifiche`, each value typed by the field it changes.
/// `scritti` holds every indicator code written in `Indicatori`, valid row or
/// not; `None` when that sheet is missing (already an error).
pub(in crate::workbook) fn leggi_modifiche(
    t: &Tabella,
    indicatori: &[Indicatore],
    scritti: Option<&HashSet<String>>,
    anno: Option<i32>,
    p: &mut Problemi,
) -> Vec<Modifica> {
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo(&modifiche::INDICATORE, p);
        let campo = riga.scelta(&modifiche::CAMPO, Campo::parse, p);
        let delibera = riga.testo(&modifiche::DELIBERA, p);
        let data = riga
            .data(&modifiche::DATA, p)
            .filter(|d| data_vicina(&riga, *d, anno, p));
        let motivazione = riga.testo(&modifiche::MOTIVAZIONE, p);
        let ind = codice.as_ref().and_then(|c| indicatori.iter().find(|i| &i.codice == c));
        if let (Some(c), None) = (&codice, ind)
            && scritti.is_some_and(|scritti| !scritti.contains(c))
        {
            p.push(riga.problema(
                &modifiche::INDICATORE,
                format!("indicatore «{c}» sconosciuto (non è nel foglio Indicatori)"),
                Some(c.clone()),
            ));
        }
        let (da, a) = match (ind, campo) {
            (Some(ind), Some(campo)) => (
                valore_modifica(&riga, &modifiche::DA, ind, campo, p),
                valore_modifica(&riga, &modifiche::A, ind, campo, p),
            ),
            _ => (None, None),
        };
        if !coerente(&riga, ind, campo, a.as_ref(), p) {
            continue;
        }
        let (Some(codice), Some(campo), Some(da), Some(a), Some(delibera), Some(data)) =
            (codice, campo, da, a, delibera, data)
        else {
            continue;
        };
        out.push(Modifica {
            indicatore: codice,
            campo,
            da,
            a,
            delibera,
            data,
            motivazione,
            cella_da: riga.indirizzo(&modifiche::DA),
            origine: riga.origine(),
        });
    }
    out
}

/// A deliberation of the year reported on, or close to it: a date years away is a typo.
fn data_vicina(riga: &Riga<'_>, d: NaiveDate, anno: Option<i32>, p: &mut Problemi) -> bool {
    match anno {
        Some(anno) if (d.year() - anno).abs() > limiti::ANNI_DI_DISTANZA => {
            p.push(riga.problema(
                &modifiche::DATA,
                format!(
                    "data {} lontana più di {} anni dall'anno {anno} della Relazione: è un errore di battitura?",
                    crate::format::data(d),
                    limiti::ANNI_DI_DISTANZA
                ),
                Some(crate::format::data(d)),
            ));
            false
        }
        _ => true,
    }
}

/// What a change may not do: swap `entro` for a numeric operator (the unit of
/// measure would change), or set a weight outside 0–100.
fn coerente(
    riga: &Riga<'_>,
    ind: Option<&Indicatore>,
    campo: Option<Campo>,
    a: Option<&ValoreModifica>,
    p: &mut Problemi,
) -> bool {
    match (ind, campo, a) {
        (Some(ind), Some(Campo::Operatore), Some(ValoreModifica::Operatore(o)))
            if (*o == Operatore::Entro) != (ind.operatore == Operatore::Entro) =>
        {
            p.push(
                riga.problema(
                    &modifiche::A,
                    "un operatore «entro» non si scambia con uno numerico: cambiare l'indicatore nel foglio Indicatori"
                        .into(),
                    Some(o.to_string()),
                ),
            );
            false
        }
        (_, Some(Campo::Peso), Some(ValoreModifica::Valore(Valore::Numero(n))))
            if *n < Decimal::ZERO || *n > Decimal::ONE_HUNDRED =>
        {
            p.push(riga.problema(&modifiche::A, format!("peso {n} fuori da 0–100"), Some(n.to_string())));
            false
        }
        _ => true,
    }
}

/// The `Da` or `A` of a change, typed by its field.
fn valore_modifica(
    riga: &Riga<'_>,
    col: &'static Colonna,
    ind: &Indicatore,
    campo: Campo,
    p: &mut Problemi,
) -> Option<ValoreModifica> {
    let v = match campo {
        Campo::Target | Campo::Soglia => valore_target(riga, col, ind, campo, p)?,
        Campo::Peso => ValoreModifica::Valore(riga.valore(col, false, p)?),
        Campo::Operatore => {
            let s = riga.testo(col, p)?;
            match Operatore::parse(&s) {
                Some(o) => ValoreModifica::Operatore(o),
                None => {
                    p.push(riga.problema(col, format!("operatore «{s}» non previsto (>=, <=, =, entro)"), Some(s)));
                    return None;
                }
            }
        }
        // Empty: the ente's method (`Da`: the indicator had none of its own).
        Campo::Metodo => match riga.testo(col, &mut Problemi::default()) {
            None => ValoreModifica::Vuoto,
            Some(s) => match MetodoGrado::parse(&s) {
                Some(x) => ValoreModifica::Metodo(x),
                None => {
                    p.push(riga.problema(
                        col,
                        format!(
                            "metodo «{s}» non previsto (valori ammessi: {})",
                            MetodoGrado::SCELTE.join(", ")
                        ),
                        Some(s),
                    ));
                    return None;
                }
            },
        },
        Campo::Nome | Campo::Algoritmo => match riga.testo(col, p) {
            Some(s) => ValoreModifica::Testo(s),
            None if campo == Campo::Algoritmo => ValoreModifica::Vuoto,
            None => return None,
        },
    };
    Some(v)
}

/// A target or soglia of a change: a figure, or a date for deadlines; a
/// leading operator equal to the one in force is accepted (`>= 85,00`), and an
/// empty soglia removes it.
fn valore_target(
    riga: &Riga<'_>,
    col: &'static Colonna,
    ind: &Indicatore,
    campo: Campo,
    p: &mut Problemi,
) -> Option<ValoreModifica> {
    let data = ind.unita_misura == UnitaMisura::Data;
    let Cella::Testo(s) = riga.cella_richiesta(col, false, &mut Problemi::default()) else {
        if campo == Campo::Soglia && matches!(riga.cella_richiesta(col, false, &mut Problemi::default()), Cella::Vuota)
        {
            return Some(ValoreModifica::Vuoto);
        }
        return Some(ValoreModifica::Valore(riga.valore(col, data, p)?));
    };
    let senza_op = togli_operatore(&s);
    let v = if data {
        parse_data(senza_op).map(Valore::Data)
    } else {
        match parse_numero(senza_op) {
            Some(n) => Some(Valore::Numero(riga.cifra(col, n, p)?)),
            None => None,
        }
    };
    match v {
        Some(v) => Some(ValoreModifica::Valore(v)),
        None => {
            let perche = if data {
                crate::format::non_e_una_data(senza_op)
            } else {
                format!("«{s}» non è un numero")
            };
            p.push(riga.problema(col, format!("{} {perche}", col.nome.to_lowercase()), Some(s)));
            None
        }
    }
}

/// `>= 85,00` → `85,00`: the operator that a target may repeat.
pub(in crate::workbook) fn togli_operatore(s: &str) -> &str {
    let t = s.trim();
    for op in [">=", "<=", "≥", "≤", "=", "entro", "Entro", "ENTRO"] {
        if let Some(rest) = t.strip_prefix(op) {
            return rest.trim();
        }
    }
    t
}
