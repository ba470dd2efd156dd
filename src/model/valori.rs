//! The values of an indicator — its operator, unit and figures or dates — and
//! the changes the Giunta decides on them (`Modifiche`).

use crate::model::{MetodoGrado, Origine};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The comparison a target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Operatore {
    /// `>=`: at least the target.
    AlMeno,
    /// `<=`: at most the target.
    AlPiu,
    /// `=`: exactly the target.
    Uguale,
    /// `entro`: a date no later than the deadline.
    Entro,
}

impl Operatore {
    pub fn parse(text: &str) -> Option<Operatore> {
        match text.trim().to_lowercase().as_str() {
            ">=" | "≥" | "=>" => Some(Operatore::AlMeno),
            "<=" | "≤" | "=<" => Some(Operatore::AlPiu),
            "=" | "==" => Some(Operatore::Uguale),
            "entro" => Some(Operatore::Entro),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 4] = [">=", "<=", "=", "entro"];
}

impl Operatore {
    /// The sign a sentence or a card prints before a target: `≥`, `≤`, `=`, `entro`.
    pub fn simbolo(self) -> &'static str {
        match self {
            Operatore::AlMeno => "≥",
            Operatore::AlPiu => "≤",
            Operatore::Uguale => "=",
            Operatore::Entro => "entro",
        }
    }
}

impl fmt::Display for Operatore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operatore::AlMeno => ">=",
            Operatore::AlPiu => "<=",
            Operatore::Uguale => "=",
            Operatore::Entro => "Entro",
        })
    }
}

/// The unit of an indicator's target and consuntivo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitaMisura {
    Percento,
    Numero,
    Giorni,
    Euro,
    Data,
    /// Any other unit the ente measures in (`ore`, `CFU`, `km`, `€/ora`),
    /// printed as typed.
    Altra(Simbolo),
}

/// A unit as the ente types it, at most [`Simbolo::MASSIMO`] bytes, kept inline so
/// that a unit stays a plain value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Simbolo {
    byte: [u8; Simbolo::MASSIMO],
    lunghezza: u8,
}

impl Simbolo {
    /// The bytes kept; a unit has at most [`Simbolo::CARATTERI`] characters.
    pub const MASSIMO: usize = 64;
    pub const CARATTERI: usize = 24;

    /// The unit typed in a cell: not empty, not a figure, within the size.
    pub fn nuovo(testo: &str) -> Option<Simbolo> {
        let t = testo.trim();
        if t.is_empty()
            || t.len() > Simbolo::MASSIMO
            || t.chars().count() > Simbolo::CARATTERI
            || t.chars().next().is_some_and(|c| c.is_ascii_digit())
            || t.chars().any(char::is_control)
        {
            return None;
        }
        let mut byte = [0; Simbolo::MASSIMO];
        byte[..t.len()].copy_from_slice(t.as_bytes());
        Some(Simbolo {
            byte,
            lunghezza: t.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.byte[..self.lunghezza as usize]).unwrap_or_default()
    }
}

impl fmt::Debug for Simbolo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl Serialize for Simbolo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl UnitaMisura {
    /// A unit typed in `Unita misura`: one of the contract's, or the ente's own.
    pub fn parse(text: &str) -> Option<UnitaMisura> {
        match text.trim().to_lowercase().as_str() {
            "%" => Some(UnitaMisura::Percento),
            "n." | "n" | "numero" => Some(UnitaMisura::Numero),
            "gg" | "giorni" => Some(UnitaMisura::Giorni),
            "€" | "euro" | "eur" => Some(UnitaMisura::Euro),
            "data" => Some(UnitaMisura::Data),
            _ => Simbolo::nuovo(text).map(UnitaMisura::Altra),
        }
    }
    pub const SCELTE: [&'static str; 5] = ["%", "N.", "gg", "€", "data"];

    /// The symbol printed after a figure (`%`, `N.`, `gg`, `€`, `ore`); for
    /// dates, the deviation is in days.
    pub fn simbolo(&self) -> &str {
        match self {
            UnitaMisura::Percento => "%",
            UnitaMisura::Numero => "N.",
            UnitaMisura::Giorni | UnitaMisura::Data => "gg",
            UnitaMisura::Euro => "€",
            UnitaMisura::Altra(s) => s.as_str(),
        }
    }

    /// Whether the figures are counts of something, printed whole when the
    /// workbook gives them whole: numbers, days, the ente's own units.
    pub fn conta(&self) -> bool {
        matches!(self, UnitaMisura::Numero | UnitaMisura::Giorni | UnitaMisura::Altra(_))
    }
}

/// A value of an indicator: a figure, or a date for deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Valore {
    Numero(Decimal),
    Data(NaiveDate),
}

/// A value as the report writes it: `85,00`, `13/09/2022`.
impl fmt::Display for Valore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Valore::Numero(n) => f.write_str(&crate::format::numero(*n)),
            Valore::Data(d) => f.write_str(&crate::format::data(*d)),
        }
    }
}

impl Valore {
    /// The value as a report prints it beside its unit, never split from it at a
    /// line's end: `85,00 %`, `1.200 N.` (with `decimali` 0), `31/12/2025`.
    pub fn con_unita(self, u: UnitaMisura, decimali: u32) -> String {
        match self {
            Valore::Data(d) => crate::format::data(d),
            Valore::Numero(n) => {
                crate::format::cifra_e_unita(&crate::format::numero_decimali(n, decimali), u.simbolo())
            }
        }
    }

    pub fn numero(self) -> Option<Decimal> {
        match self {
            Valore::Numero(n) => Some(n),
            Valore::Data(_) => None,
        }
    }
    pub fn data(self) -> Option<NaiveDate> {
        match self {
            Valore::Data(d) => Some(d),
            Valore::Numero(_) => None,
        }
    }
}

/// Which field of an indicator a deliberation changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Campo {
    Target,
    Soglia,
    Peso,
    Operatore,
    Nome,
    Algoritmo,
    /// The grading method of the indicator (`Metodo`).
    Metodo,
}

impl Campo {
    pub fn parse(text: &str) -> Option<Campo> {
        match text.trim().to_lowercase().as_str() {
            "target" => Some(Campo::Target),
            "soglia" => Some(Campo::Soglia),
            "peso" => Some(Campo::Peso),
            "operatore" => Some(Campo::Operatore),
            "nome" => Some(Campo::Nome),
            "algoritmo" => Some(Campo::Algoritmo),
            "metodo" => Some(Campo::Metodo),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 7] = ["target", "soglia", "peso", "operatore", "nome", "algoritmo", "metodo"];
}

impl fmt::Display for Campo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Campo::Target => "target",
            Campo::Soglia => "soglia",
            Campo::Peso => "peso",
            Campo::Operatore => "operatore",
            Campo::Nome => "nome",
            Campo::Algoritmo => "algoritmo",
            Campo::Metodo => "metodo",
        })
    }
}

/// A value as written in a `Modifiche` row, typed by the field it changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ValoreModifica {
    Vuoto,
    Valore(Valore),
    Operatore(Operatore),
    Metodo(MetodoGrado),
    Testo(String),
}

/// A change to an indicator decided by a deliberation during the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Modifica {
    pub indicatore: String,
    pub campo: Campo,
    pub da: ValoreModifica,
    pub a: ValoreModifica,
    pub delibera: String,
    pub data: NaiveDate,
    pub motivazione: Option<String>,
    pub origine: Origine,
    /// The cell holding `Da`, to name it when it is not the value in force.
    pub cella_da: String,
}
