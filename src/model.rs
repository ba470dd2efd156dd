//! The domain model: what the workbook says, typed. Nothing here computes a score
//! (see [`crate::scoring`]) or knows about spreadsheets (see [`crate::workbook`]).

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
}

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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        }
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
    /// The evaluation system's settings.
    #[serde(flatten)]
    pub regole: Regole,
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
    pub origine: Origine,
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
}

impl UnitaMisura {
    pub fn parse(text: &str) -> Option<UnitaMisura> {
        match text.trim().to_lowercase().as_str() {
            "%" => Some(UnitaMisura::Percento),
            "n." | "n" | "numero" => Some(UnitaMisura::Numero),
            "gg" | "giorni" => Some(UnitaMisura::Giorni),
            "€" | "euro" | "eur" => Some(UnitaMisura::Euro),
            "data" => Some(UnitaMisura::Data),
            _ => None,
        }
    }
    pub const SCELTE: [&'static str; 5] = ["%", "N.", "gg", "€", "data"];

    /// The symbol printed after a figure (`%`, `N.`, `gg`, `€`); for dates, the
    /// deviation is in days.
    pub fn simbolo(self) -> &'static str {
        match self {
            UnitaMisura::Percento => "%",
            UnitaMisura::Numero => "N.",
            UnitaMisura::Giorni | UnitaMisura::Data => "gg",
            UnitaMisura::Euro => "€",
        }
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
