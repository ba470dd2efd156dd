//! The evaluation system of an ente (SMVP): how grades, means, deviations and
//! valutazioni are computed and printed (`Ente` sheet), and the bands of the
//! `Fasce` sheet.

use crate::model::Origine;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// How a mean is taken: of the strategic objectives for the ente's result
/// (`metodo_ente`), of the indicators for an objective's (`metodo_obiettivo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MetodoMedia {
    /// Simple mean of the results present.
    #[serde(rename = "media")]
    Media,
    /// Mean weighted by each item's `Peso`.
    #[serde(rename = "media ponderata")]
    MediaPonderata,
}

impl MetodoMedia {
    pub fn parse(text: &str) -> Option<MetodoMedia> {
        match crate::format::normalizza(text).as_str() {
            "media" | "mediasemplice" => Some(MetodoMedia::Media),
            "mediaponderata" => Some(MetodoMedia::MediaPonderata),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 2] = ["media", "media ponderata"];
}

impl fmt::Display for MetodoMedia {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MetodoMedia::Media => "media",
            MetodoMedia::MediaPonderata => "media ponderata",
        })
    }
}

/// How an indicator's grade is computed from target, soglia and consuntivo
/// (see [`crate::scoring`]): the ente's `metodo_grado`, or an indicator's `Metodo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MetodoGrado {
    /// 100 when met, linear from the soglia, otherwise 0 (the Torino rule).
    #[serde(rename = "soglia")]
    Soglia,
    /// Proportional: a / t for `>=`, t / a for `<=`.
    #[serde(rename = "rapporto")]
    Rapporto,
    /// 100 when met, otherwise 0.
    #[serde(rename = "tutto o niente")]
    TuttoONiente,
}

impl MetodoGrado {
    pub fn parse(text: &str) -> Option<MetodoGrado> {
        match crate::format::normalizza(text).as_str() {
            "soglia" => Some(MetodoGrado::Soglia),
            "rapporto" | "proporzionale" => Some(MetodoGrado::Rapporto),
            "tuttooniente" | "tuttoniente" => Some(MetodoGrado::TuttoONiente),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 3] = ["soglia", "rapporto", "tutto o niente"];
}

impl fmt::Display for MetodoGrado {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MetodoGrado::Soglia => "soglia",
            MetodoGrado::Rapporto => "rapporto",
            MetodoGrado::TuttoONiente => "tutto o niente",
        })
    }
}

/// How the deviation from the target is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TipoScostamento {
    /// a − t, in the target's unit.
    #[serde(rename = "assoluto")]
    Assoluto,
    /// (a − t) / |t|, as a percentage of the target.
    #[serde(rename = "relativo")]
    Relativo,
}

impl TipoScostamento {
    pub fn parse(text: &str) -> Option<TipoScostamento> {
        match crate::format::normalizza(text).as_str() {
            "assoluto" => Some(TipoScostamento::Assoluto),
            "relativo" | "percentuale" => Some(TipoScostamento::Relativo),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 2] = ["assoluto", "relativo"];
}

impl fmt::Display for TipoScostamento {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TipoScostamento::Assoluto => "assoluto",
            TipoScostamento::Relativo => "relativo",
        })
    }
}

/// The ente's evaluation system (SMVP): the settings of the `Ente` sheet that
/// decide how every figure is computed and printed. The default is the Torino
/// rule; the bands of the `Fasce` sheet, when present, are in [`Piano::fasce`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Regole {
    /// Without `Fasce`: results from this value up are `Raggiunto` (percentage points).
    pub soglia_raggiunto: Decimal,
    /// Without `Fasce`: results up to this value are `Non raggiunto`.
    pub soglia_non_raggiunto: Decimal,
    /// How the ente's result averages the strategic objectives.
    pub metodo_ente: MetodoMedia,
    /// How an indicator's grade is computed, unless the indicator says otherwise.
    pub metodo_grado: MetodoGrado,
    /// The cap of an indicator's grade, in points; `None` for no cap.
    pub tetto_grado: Option<Decimal>,
    /// How an objective's result averages its measured indicators.
    pub metodo_obiettivo: MetodoMedia,
    pub scostamento: TipoScostamento,
    /// Digits printed for grades, results and computed percentages.
    pub decimali: u32,
    /// The absolute deviation of a `%` indicator printed in punti percentuali
    /// (`+5,00 p.p.`) rather than with `%` (`punti_percentuali`).
    pub punti_percentuali: bool,
    /// The deviation of a "lower is better" indicator (`<=`) followed by its
    /// direction, `(in meglio)` or `(in peggio)` (`verso_scostamento`).
    pub verso_scostamento: bool,
}

impl Default for Regole {
    fn default() -> Self {
        Regole {
            soglia_raggiunto: Decimal::from(95),
            soglia_non_raggiunto: Decimal::ZERO,
            metodo_ente: MetodoMedia::Media,
            metodo_grado: MetodoGrado::Soglia,
            tetto_grado: Some(Decimal::ONE_HUNDRED),
            metodo_obiettivo: MetodoMedia::MediaPonderata,
            scostamento: TipoScostamento::Assoluto,
            decimali: 2,
            punti_percentuali: false,
            verso_scostamento: false,
        }
    }
}

/// A band of results (`Fasce` sheet): from `da` (included) to `a` (excluded, but
/// included for the top band), in percentage points, with its valutazione and,
/// optionally, the points it gives, linear inside the band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fascia {
    pub da: Decimal,
    pub a: Decimal,
    pub valutazione: String,
    pub punti_da: Option<Decimal>,
    pub punti_a: Option<Decimal>,
    /// Whom the band judges (`Per`): objectives, persons, or both.
    pub per: Destinatari,
    pub origine: Origine,
}

/// Whether the persons have bands of their own (`Per` = `persone` on some
/// band), apart from those of the objectives.
pub fn fasce_proprie_delle_persone(fasce: &[Fascia]) -> bool {
    fasce.iter().any(|f| f.per == Destinatari::Persone)
}

/// The labels of the scale the persons are judged on, from the highest: their
/// own bands (`Per` = `persone`), else those of the objectives, else the three
/// of the thresholds — the labels of `scoring::Scala::per_persone`, known
/// here so that the reader of `Distribuzione` can check its rows.
pub fn etichette_delle_persone(fasce: &[Fascia]) -> Vec<String> {
    let proprie = fasce_proprie_delle_persone(fasce);
    let mut scelte: Vec<&Fascia> = fasce
        .iter()
        .filter(|f| if proprie { f.per.persone() } else { f.per.obiettivi() })
        .collect();
    if scelte.is_empty() {
        return ["Raggiunto", "Parzialmente raggiunto", "Non raggiunto"]
            .map(String::from)
            .to_vec();
    }
    scelte.sort_by_key(|f| std::cmp::Reverse(f.da));
    scelte.iter().map(|f| f.valutazione.clone()).collect()
}

/// Whom a band of `Fasce` judges: a system may have bands (and points) for
/// persons apart from those of the objectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Destinatari {
    /// Both (the column `Per` empty, or absent).
    Tutti,
    Obiettivi,
    Persone,
}

impl Destinatari {
    pub const SCELTE: [&'static str; 2] = ["obiettivi", "persone"];

    pub fn parse(testo: &str) -> Option<Destinatari> {
        match crate::format::normalizza(testo).as_str() {
            "obiettivi" => Some(Destinatari::Obiettivi),
            "persone" => Some(Destinatari::Persone),
            "tutti" | "entrambi" => Some(Destinatari::Tutti),
            _ => None,
        }
    }

    /// Whether a band for these judges objectives.
    pub fn obiettivi(self) -> bool {
        self != Destinatari::Persone
    }

    /// Whether a band for these judges persons.
    pub fn persone(self) -> bool {
        self != Destinatari::Obiettivi
    }
}
