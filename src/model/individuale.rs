//! Individual performance as an SMVP defines it (contract 1.5, D.Lgs. 150/2009
//! art. 9): the persons and their category (`Persone`), the weight of each
//! component of the evaluation per category (`Componenti`), the scores the
//! evaluator gives for behaviours and differentiation (`Punteggi`), and the
//! distribution of evaluations typed in aggregate when HR gives only that
//! (`Distribuzione`). Nothing here computes (see [`crate::scoring::individuale`]).

use crate::model::Origine;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// A component of a person's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Componente {
    /// The result of the ente or of the unit assigned (`ente`, `unita:CODICE`
    /// in `Assegnazioni`).
    RisultatiOrganizzativi,
    /// The objectives of the plan assigned to the person (`Assegnazioni`).
    ObiettiviIndividuali,
    /// The behaviours the evaluator scores (`Punteggi`).
    Comportamenti,
    /// For dirigenti: how differentiated their judgements of their staff were,
    /// as the evaluator scores it (`Punteggi`).
    Differenziazione,
}

impl Componente {
    pub const TUTTE: [Componente; 4] = [
        Componente::RisultatiOrganizzativi,
        Componente::ObiettiviIndividuali,
        Componente::Comportamenti,
        Componente::Differenziazione,
    ];
    pub const SCELTE: [&'static str; 4] = [
        "risultati organizzativi",
        "obiettivi individuali",
        "comportamenti",
        "differenziazione",
    ];
    /// The components the evaluator scores in `Punteggi`.
    pub const SCELTE_PUNTEGGI: [&'static str; 2] = ["comportamenti", "differenziazione"];

    pub fn parse(testo: &str) -> Option<Componente> {
        let t = crate::format::normalizza(testo);
        Componente::TUTTE
            .into_iter()
            .zip(Componente::SCELTE)
            .find(|(_, s)| crate::format::normalizza(s) == t)
            .map(|(c, _)| c)
    }

    /// Whether the evaluator scores it in `Punteggi`.
    pub fn dal_valutatore(self) -> bool {
        matches!(self, Componente::Comportamenti | Componente::Differenziazione)
    }
}

impl fmt::Display for Componente {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = Componente::TUTTE.iter().position(|c| c == self).unwrap_or_default();
        f.write_str(Componente::SCELTE[i])
    }
}

/// A person evaluated, with their category (`dirigenti`, `posizioni
/// organizzative`, `personale`…) and, where given, gender.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Persona {
    pub nome: String,
    pub categoria: String,
    /// `F`, `M`, or what the ente writes; none when not given.
    pub genere: Option<String>,
    pub origine: Origine,
}

/// The weight of a component in the evaluation of a category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PesoComponente {
    pub categoria: String,
    pub componente: Componente,
    pub peso: Decimal,
    pub origine: Origine,
}

/// A score the evaluator gave a person on one item of a component: `8` out of
/// `10` for «Capacità organizzativa».
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunteggioIndividuale {
    pub persona: String,
    pub componente: Componente,
    pub voce: String,
    pub punteggio: Decimal,
    pub massimo: Decimal,
    /// The item's weight in its component; equal weights when not given.
    pub peso: Option<Decimal>,
    pub origine: Origine,
}

impl PunteggioIndividuale {
    /// The score as a percentage of its maximum.
    pub fn percento(&self) -> Decimal {
        self.punteggio / self.massimo * Decimal::ONE_HUNDRED
    }
}

/// How many persons of a category (and gender) fell in a band, as HR gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConteggioFascia {
    pub categoria: String,
    pub genere: Option<String>,
    /// The label of a band for persons.
    pub fascia: String,
    pub persone: u32,
    pub origine: Origine,
}
