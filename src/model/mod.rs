//! The domain model: what the workbook says, typed. Nothing here computes a score
//! (see [`crate::scoring`]) or knows about spreadsheets (see [`crate::workbook`]).

mod individuale;
mod lessico;
mod regole;
mod valori;

pub use individuale::*;
pub use lessico::*;

pub use regole::*;
pub use valori::*;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Where a record came from, to name it in messages: `Indicatori`, row 23.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origine {
    pub foglio: String,
    pub riga: u32,
    /// Contract column name → column letter in this sheet.
    #[serde(skip)]
    pub colonne: Arc<BTreeMap<String, String>>,
}

impl Origine {
    /// The cell of this record in a column of the contract: `Indicatori!N23` for
    /// `Grado dichiarato`.
    pub fn cella(&self, colonna: &str) -> String {
        let lettera = self.colonne.get(colonna).map_or("", String::as_str);
        format!("{}!{}{}", self.foglio, lettera, self.riga)
    }
}

/// The whole report folder, as planned at the start of the year, plus the changes
/// decided during it. [`crate::changes::applica`] turns it into the plan in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Piano {
    pub ente: Ente,
    pub ambiti: Vec<Ambito>,
    pub unita: Vec<Unita>,
    pub obiettivi: Vec<Obiettivo>,
    pub indicatori: Vec<Indicatore>,
    pub modifiche: Vec<Modifica>,
    pub assegnazioni: Vec<Assegnazione>,
    pub serie: Vec<PuntoSerie>,
    pub dati: Vec<Dato>,
    /// The bands of results (`Fasce` sheet); empty when the ente uses
    /// `soglia_raggiunto` and `soglia_non_raggiunto`.
    pub fasce: Vec<Fascia>,
    /// The persons evaluated with their category (`Persone`, optional).
    pub persone: Vec<Persona>,
    /// The weights of the components of a person's evaluation, per category
    /// (`Componenti`, optional: without it, a person's result is the weighted
    /// mean of what `Assegnazioni` gives them).
    pub componenti: Vec<PesoComponente>,
    /// The evaluator's scores of behaviours and differentiation (`Punteggi`).
    pub punteggi_individuali: Vec<PunteggioIndividuale>,
    /// The distribution of evaluations typed in aggregate (`Distribuzione`).
    pub distribuzione: Vec<ConteggioFascia>,
    /// The warnings the office has understood and accepted (`Avvisi`).
    pub avvisi_accettati: Vec<AvvisoAccettato>,
}

/// A warning the office has read and accepted, with its reason (`Avvisi`
/// sheet): `check` counts it as accepted instead of repeating it. It names
/// the warning by its place and its words, so a changed value (which changes
/// the words) brings the warning back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvvisoAccettato {
    /// `Indicatori!M12`, as `check` names the place.
    pub dove: String,
    /// The warning's words, as `check` prints them after the place.
    pub avviso: String,
    pub motivazione: String,
    pub origine: Origine,
}

impl Piano {
    pub fn obiettivo(&self, codice: &str) -> Option<&Obiettivo> {
        self.obiettivi.iter().find(|o| o.codice == codice)
    }
    pub fn indicatore(&self, codice: &str) -> Option<&Indicatore> {
        self.indicatori.iter().find(|i| i.codice == codice)
    }
    pub fn indicatori_di<'a>(&'a self, obiettivo: &'a str) -> impl Iterator<Item = &'a Indicatore> {
        self.indicatori.iter().filter(move |i| i.obiettivo == obiettivo)
    }

    /// The deliberations that changed `campo` of an indicator, in the order they
    /// apply: by date, then by row of the sheet.
    pub fn modifiche_di<'a>(&'a self, indicatore: &'a str, campo: Campo) -> impl Iterator<Item = &'a Modifica> {
        let mut m: Vec<&Modifica> = self
            .modifiche
            .iter()
            .filter(|m| m.indicatore == indicatore && m.campo == campo)
            .collect();
        m.sort_by_key(|m| (m.data, m.origine.riga));
        m.into_iter()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ente {
    pub nome: String,
    pub anno: i32,
    pub titolo: String,
    pub approvazione: Option<String>,
    pub redazione: Option<String>,
    pub logo: Option<String>,
    /// The licence of the web edition's open data (`licenza_dati`); CC BY 4.0
    /// when not given.
    pub licenza_dati: Option<String>,
    /// Whether the open data may name persons with their results
    /// (`dati_nominativi`): personal data, published only when the ente has
    /// decided so; no when not given.
    pub dati_nominativi: bool,
    /// The validating body's act, as printed on the cover: `verbale n. 4 del
    /// 28/06/2023` (`validazione`).
    pub validazione: Option<String>,
    /// The ente's words for its objectives, units and bodies.
    pub lessico: Lessico,
    /// The annexes, in order (`allegati`; the four of 2022 when not given).
    pub allegati: Vec<Allegato>,
    /// The evaluation system's settings.
    #[serde(flatten)]
    pub regole: Regole,
}

impl Ente {
    pub const TITOLO_PREDEFINITO: &'static str = "Relazione sulla performance";

    /// The date of the document: that of the approving deliberation when the
    /// `approvazione` text gives one, else the last day of the year reported on.
    pub fn data_documento(&self) -> NaiveDate {
        self.approvazione
            .as_deref()
            .and_then(crate::format::data_nel_testo)
            .or_else(|| NaiveDate::from_ymd_opt(self.anno, 12, 31))
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ambito {
    /// `1`, or `1.1` for a sub-ambito of `1`.
    pub codice: String,
    pub nome: String,
    pub descrizione: Option<String>,
    pub origine: Origine,
}

impl Ambito {
    /// The ambito above a sub-ambito (`1.2` → `1`), `None` for a top-level one.
    pub fn padre(&self) -> Option<&str> {
        self.codice.rsplit_once('.').map(|(p, _)| p)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unita {
    pub codice: String,
    pub nome: String,
    pub responsabile: Option<String>,
    pub ruolo: Option<String>,
    pub origine: Origine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Livello {
    Strategico,
    Operativo,
}

impl fmt::Display for Livello {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Livello::Strategico => "strategico",
            Livello::Operativo => "operativo",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Obiettivo {
    pub codice: String,
    pub livello: Livello,
    pub titolo: String,
    pub descrizione: Option<String>,
    /// For a strategic objective: its ambito or sub-ambito.
    pub ambito: Option<String>,
    /// For an operational objective: its strategic objective.
    pub padre: Option<String>,
    /// Organisational units involved (codes).
    pub unita: Vec<String>,
    pub peso: Option<Decimal>,
    pub origine: Origine,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicatore {
    pub codice: String,
    pub obiettivo: String,
    pub nome: String,
    pub descrizione: Option<String>,
    pub algoritmo: Option<String>,
    pub fonte: Option<String>,
    pub tipologia: Option<String>,
    /// Weight within its objective, in percentage points; 0 = neutralized.
    pub peso: Decimal,
    pub operatore: Operatore,
    /// Required unless the indicator is neutralized (peso 0) from the start.
    pub target: Option<Valore>,
    pub soglia: Option<Valore>,
    pub unita_misura: UnitaMisura,
    pub consuntivo: Option<Valore>,
    /// A grade typed by hand; never used for scoring, only compared.
    pub grado_dichiarato: Option<Decimal>,
    pub nota: Option<String>,
    /// The indicator's own grading method, overriding the ente's `metodo_grado`.
    pub metodo: Option<MetodoGrado>,
    pub origine: Origine,
}

impl Indicatore {
    pub fn neutralizzato(&self) -> bool {
        self.peso.is_zero()
    }
    /// The grading method in force for this indicator.
    pub fn metodo(&self, regole: &Regole) -> MetodoGrado {
        self.metodo.unwrap_or(regole.metodo_grado)
    }

    /// How its deviation from the target is printed, for every output (the
    /// cards, `scores`, the open data): the unit — `%` when relative, `p.p.`
    /// for a `%` indicator with `punti_percentuali`, days for a deadline, else
    /// its own — and the decimals — the ente's when relative, else its figures'.
    pub fn forma_scostamento(&self, regole: &Regole) -> (&str, u32) {
        match (regole.scostamento, self.unita_misura) {
            (TipoScostamento::Relativo, u) if u != UnitaMisura::Data => ("%", regole.decimali),
            (TipoScostamento::Assoluto, UnitaMisura::Percento) if regole.punti_percentuali => {
                ("p.p.", self.decimali_valori())
            }
            _ => (self.unita_misura.simbolo(), self.decimali_valori()),
        }
    }

    /// The decimals its figures print with: none for counts and days when the
    /// workbook gives them whole (`162 N.`, `+15 gg`), two otherwise (`85,00 %`,
    /// `2,50 gg`, `1.200,00 €`), the same for all the figures of the indicator.
    pub fn decimali_valori(&self) -> u32 {
        let interi = [self.target, self.soglia, self.consuntivo]
            .into_iter()
            .flatten()
            .all(|v| v.numero().is_none_or(|n| n.fract().is_zero()));
        match self.unita_misura {
            UnitaMisura::Data => 0,
            u if u.conta() && interi => 0,
            _ => 2,
        }
    }
}

/// An objective assigned to a person, with its weight in their individual result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assegnazione {
    pub persona: String,
    pub ruolo: String,
    /// An objective's code, or `ente`, or `unita:CODICE` (see [`Assegnazione::voce`]).
    pub obiettivo: String,
    pub peso: Decimal,
    pub origine: Origine,
}

/// What a person is assigned: an objective, the result of the whole ente, or that
/// of an organisational unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voce<'a> {
    Obiettivo(&'a str),
    Ente,
    Unita(&'a str),
}

impl Voce<'_> {
    /// The `Obiettivo` of an `Assegnazioni` row: `ente`, `unita:CODICE`, or an
    /// objective's code.
    pub fn di(testo: &str) -> Voce<'_> {
        let t = testo.trim();
        if t.eq_ignore_ascii_case("ente") {
            return Voce::Ente;
        }
        match t.split_once(':') {
            Some((prefisso, codice)) if crate::format::normalizza(prefisso) == "unita" => Voce::Unita(codice.trim()),
            _ => Voce::Obiettivo(t),
        }
    }
}

impl Assegnazione {
    pub fn voce(&self) -> Voce<'_> {
        Voce::di(&self.obiettivo)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TipoGrafico {
    Barre,
    Linee,
    Torta,
}

impl TipoGrafico {
    /// As the workbook and the templates write it: `barre`, `linee`, `torta`.
    pub fn nome(self) -> &'static str {
        match self {
            TipoGrafico::Barre => "barre",
            TipoGrafico::Linee => "linee",
            TipoGrafico::Torta => "torta",
        }
    }

    pub fn parse(text: &str) -> Option<TipoGrafico> {
        match text.trim().to_lowercase().as_str() {
            "barre" => Some(TipoGrafico::Barre),
            "linee" => Some(TipoGrafico::Linee),
            "torta" => Some(TipoGrafico::Torta),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 3] = ["barre", "linee", "torta"];
}

/// One data point of a chart in the narrative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PuntoSerie {
    pub grafico: String,
    pub titolo: String,
    pub tipo: TipoGrafico,
    pub categoria: String,
    pub serie: String,
    pub valore: Decimal,
    pub unita: Option<String>,
    pub origine: Origine,
}

/// A named figure quoted by the narrative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dato {
    pub chiave: String,
    pub valore: ValoreDato,
    pub unita: Option<String>,
    pub origine: Origine,
}

/// The value of a named figure: a number, a date or a piece of text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ValoreDato {
    Numero(Decimal),
    Data(NaiveDate),
    Testo(String),
}

/// Whether a set of weights is written as fractions (0,20) rather than
/// percentages (20): they sum to exactly 1. Printing turns them into percentages.
pub fn in_frazioni(pesi: impl IntoIterator<Item = rust_decimal::Decimal>) -> bool {
    let mut somma = rust_decimal::Decimal::ZERO;
    for p in pesi {
        match somma.checked_add(p) {
            Some(s) => somma = s,
            None => return false,
        }
    }
    somma == rust_decimal::Decimal::ONE
}
