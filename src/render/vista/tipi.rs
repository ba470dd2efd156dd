//! The template API: every value `report-templates/` can use, as the templates
//! see it (`{{ ente.nome }}`, `o.indicatori`, `sintesi.barre`…). It is the
//! interface an ente's designer restyles against, listed in `docs/modelli.md`.
//! Figures are already printed the Italian way, from the exact decimals, with
//! the ente's `decimali`; the few raw numbers (`risultato_num`, `valore`) are for
//! drawing charts. `prima` and `nuovo` are set only by `build --compare`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the templates and the texts see (`testi/*.md` too).
#[derive(Debug, Clone, Serialize)]
pub struct Vista {
    /// The ente and the overall result.
    pub ente: VEnte,
    /// Top-level ambiti with their strategic objectives' cards (Allegato 1).
    pub ambiti: Vec<VAmbito>,
    /// The albero della performance: the same ambiti, with only what a node
    /// shows (so that the document does not carry every card twice). Not called
    /// `albero`, which would hide `{{ albero() }}` in the texts.
    pub rami: Vec<VRamo>,
    /// Every strategic objective, each with its operational ones in `operativi`.
    pub strategici: Vec<VObiettivo>,
    /// Every operational objective.
    pub operativi: Vec<VObiettivo>,
    /// Every organisational unit with its result.
    pub unita: Vec<VUnita>,
    /// Allegato 3: every person with their objectives.
    pub persone: Vec<VPersona>,
    /// The key figures of section 1: counts, bars.
    pub sintesi: VSintesi,
    /// The charts of the `Serie` sheet, by id.
    pub grafici: BTreeMap<String, VGrafico>,
    /// Named figures of the `Dati` sheet, formatted (`{{ dati.dipendenti }}`).
    pub dati: BTreeMap<String, String>,
    /// Changes of the year, grouped by deliberation (Allegato 4).
    pub delibere: Vec<VDelibera>,
    /// The annexes, in the ente's order, numbered (`allegati`): the annex of
    /// the changes only when there are some.
    pub allegati: Vec<VAllegato>,
    /// `build --compare`: the earlier draft the changes are marked against.
    pub confronto: Option<String>,
    /// `build --compare`: things of the earlier draft that are gone and had no
    /// place of their own in this one (a unit; an annex no longer printed),
    /// told with the list of changes.
    pub tolti: Vec<VTolto>,
    /// How the persons' evaluations fall in the bands (`{{ distribuzione() }}`
    /// places it; not called `distribuzione`, which would hide the function),
    /// when the workbook has persons with a category or the counts.
    pub distribuzione_persone: Option<VDistribuzione>,
    /// The rules of the ente's evaluation system, in words (`{{ regole() }}`
    /// places them; the field is not called `regole`, which would hide it).
    pub sistema: super::super::regole::VRegole,
}

/// The ente, its document and its overall result.
#[derive(Debug, Clone, Serialize)]
pub struct VEnte {
    /// `Camera di commercio di Torino`.
    pub nome: String,
    /// The document's title: `Relazione sulla performance`.
    pub titolo: String,
    /// The year reported on, as a number.
    pub anno: i32,
    /// The year as text, for titles: `2022`.
    pub anno_testo: String,
    /// The approving deliberation, as the cover prints it.
    pub approvazione: Option<String>,
    /// The credit line of the cover, Italian article included: `A cura dell'Ufficio
    /// pianificazione` (from the `redazione` key; a value that starts with
    /// `A cura` is printed as written).
    pub redazione: Option<String>,
    /// Virtual path of the logo, inside the report folder.
    pub logo: Option<String>,
    /// The overall result in percentage points, for charts.
    pub risultato: Option<f64>,
    /// The overall result as printed: `90,90 %`, `-` without one.
    pub risultato_testo: String,
    /// The label of the ente's result on the scale (its band).
    pub valutazione: Option<String>,
    /// The light of that label: `Raggiunto`, `Parzialmente raggiunto`, `Non raggiunto`.
    pub esito: Option<String>,
    /// The threshold of `Raggiunto` (without `Fasce`): `95,00 %`.
    pub soglia_raggiunto: String,
    /// Digits printed for grades and results (the `decimali` setting).
    pub decimali: u32,
    /// `build --compare`: the earlier draft's overall result, when it changed.
    pub risultato_prima: Option<String>,
    /// The document's date (see [`crate::model::Ente::data_documento`]).
    pub data: VData,
    /// The ente's words, ready to print (keys `obiettivi_strategici`, …).
    pub parole: VParole,
}

/// An annex of the document.
#[derive(Debug, Clone, Serialize)]
pub struct VAllegato {
    /// `strategici`, `operativi`, `individuali` or `modifiche`.
    pub tipo: String,
    /// `Allegato 1 – Rendicontazione degli obiettivi strategici triennali`.
    pub titolo: String,
    /// The running head: `All. 1 – Rendicontazione degli obiettivi strategici triennali`.
    pub intestazione: String,
    /// The anchor of the web edition: `allegato-1`.
    pub id: String,
    /// `build --compare`: the earlier draft has no annex of this kind.
    pub nuovo: bool,
    /// `build --compare`: what this annex printed in the earlier draft and no
    /// longer does (objectives, persons), told at its start.
    pub tolti: Vec<VTolto>,
}

/// `build --compare`: a thing of the earlier draft that the later one no longer
/// has, told struck through where it was printed.
#[derive(Debug, Clone, Serialize)]
pub struct VTolto {
    /// How the list of changes names it: `g3.2: indicatore tolto`.
    pub cosa: String,
    /// What the struck line shows: `g3.2 – Rimborsi di missione liquidati`.
    pub testo: String,
    /// What the line says before it: `Non più presente rispetto alla bozza
    /// precedente`, `Spostato in OG1.1 rispetto alla bozza precedente`.
    pub come: String,
}

/// The ente's words as the document prints them (see [`crate::model::Lessico`]):
/// with the defaults, those of the 2022 Relazione.
#[derive(Debug, Clone, Serialize)]
pub struct VParole {
    /// A card's title: `Obiettivo strategico`, `Obiettivo specifico`.
    pub strategico: String,
    /// `Obiettivi strategici`.
    pub strategici: String,
    /// `Obiettivo operativo`.
    pub operativo: String,
    /// `Obiettivi operativi`.
    pub operativi: String,
    /// `Unità organizzativa`, `Settore`.
    pub unita: String,
    /// `Unità organizzative`, `Settori`.
    pub unita_plurale: String,
    /// `Unità organizzative coinvolte`, `Settori coinvolti`.
    pub unita_coinvolte: String,
    /// `Risultato complessivo dell'ente (media degli obiettivi strategici)`.
    pub risultato_ente: String,
    /// `ciascun obiettivo strategico`.
    pub ciascuno_strategico: String,
    /// `Obiettivi operativi per valutazione`.
    pub operativi_per_valutazione: String,
    /// `Nessun obiettivo operativo`.
    pub nessun_operativo: String,
    /// `Risultato delle unità organizzative`.
    pub risultato_unita: String,
    /// `delle unità organizzative`, `dei settori`.
    pub delle_unita: String,
    /// The approving body: `Giunta`, `Consiglio di amministrazione`.
    pub approvazione: String,
    /// The validating body: `OIV`, `Nucleo di valutazione`.
    pub validazione: String,
    /// The cover's line of the validation, when the `validazione` key gives the
    /// act: `Validata dal Nucleo di valutazione con verbale n. 4 del 28/06/2023`.
    pub validata: Option<String>,
}

/// A date as Typst's `datetime` takes it.
#[derive(Debug, Clone, Serialize)]
pub struct VData {
    /// The year.
    pub anno: i32,
    /// The month, 1–12.
    pub mese: u32,
    /// The day of the month.
    pub giorno: u32,
}

/// A top-level ambito of the albero and of Allegato 1.
#[derive(Debug, Clone, Serialize)]
pub struct VAmbito {
    /// `1`; empty for the group of strategic objectives without an ambito.
    pub codice: String,
    /// `1 – SISTEMA CAMERALE PER LE IMPRESE`.
    pub etichetta: String,
    /// The description, as the workbook writes it.
    pub descrizione: Option<String>,
    /// Its strategic objectives (and those of its sub-ambiti).
    pub strategici: Vec<VObiettivo>,
}

/// A top-level ambito of the albero.
#[derive(Debug, Clone, Serialize)]
pub struct VRamo {
    /// The code, as the workbook writes it.
    pub codice: String,
    /// `1 – SISTEMA CAMERALE PER LE IMPRESE`.
    pub etichetta: String,
    /// Its strategic objectives, each with its operational ones.
    pub strategici: Vec<VNodo>,
}

/// An objective in the albero: its code, title, result and valutazione.
#[derive(Debug, Clone, Serialize)]
pub struct VNodo {
    /// The code, as the workbook writes it.
    pub codice: String,
    /// The title, as the workbook writes it.
    pub titolo: String,
    /// The result as printed: `85,12 %`.
    pub risultato: String,
    /// The label on the ente's scale.
    pub valutazione: Option<String>,
    /// Its light: `Raggiunto`, `Parzialmente raggiunto`, `Non raggiunto`.
    pub esito: Option<String>,
    /// `build --compare`: `risultato` → the earlier draft's, when it changed.
    pub prima: BTreeMap<String, String>,
    /// A strategic objective's operational ones.
    pub operativi: Vec<VNodo>,
}

/// An objective's card: strategic (Allegato 1), operational (Allegato 2), or a
/// person's (Allegato 3).
#[derive(Debug, Clone, Serialize)]
pub struct VObiettivo {
    /// `OS14.5`, `OP1.1.1-01`; for `ente` and `unita` cards, `Ente` or the unit's code.
    pub codice: String,
    /// `strategico`, `operativo`; for `ente` and `unita` cards, the same as `voce`.
    pub livello: String,
    /// The title, as the workbook writes it.
    pub titolo: String,
    /// The description, as the workbook writes it.
    pub descrizione: Option<String>,
    /// Allegato 1: `1 – SISTEMA CAMERALE PER LE IMPRESE › 1.1 LA MACCHINA …`.
    pub ambito: Option<String>,
    /// Allegato 2: the strategic objective, `OS01.1.1 – Garantire …`.
    pub padre: Option<String>,
    /// The organisational units involved, by name, comma-separated.
    pub unita: String,
    /// The objective's weight; in Allegato 3 the weight in the person's result.
    pub peso: Option<String>,
    /// The result as printed: `85,12 %`, `-` without one.
    pub risultato: String,
    /// The result in percentage points, for charts.
    pub risultato_num: Option<f64>,
    /// The label of the result on the ente's scale (its band).
    pub valutazione: Option<String>,
    /// Its light: `Raggiunto`, `Parzialmente raggiunto`, `Non raggiunto`.
    pub esito: Option<String>,
    /// Points, when the bands give them: `16,50`.
    pub punti: Option<String>,
    /// `obiettivo`; in Allegato 3 also `ente` or `unita`, a person's share in the
    /// result of the ente or of a unit.
    pub voce: String,
    /// For `ente` and `unita`: how that result is measured.
    pub calcolo: Option<String>,
    /// Its indicators, in the workbook's order.
    pub indicatori: Vec<VIndicatore>,
    /// Albero: the operational objectives of a strategic one.
    pub operativi: Vec<VObiettivo>,
    /// `build --compare`: field → the earlier draft's value, for fields that changed.
    pub prima: BTreeMap<String, String>,
    /// `build --compare`: the objective is not in the earlier draft.
    pub nuovo: bool,
    /// `build --compare`: its indicators that the earlier draft had and this
    /// one has not.
    pub tolti: Vec<VTolto>,
}

/// An indicator's row in a card.
#[derive(Debug, Clone, Serialize)]
pub struct VIndicatore {
    /// `kpi14.5_04`, `EC27`.
    pub codice: String,
    /// The name, as the workbook writes it.
    pub nome: String,
    /// The description, as the workbook writes it.
    pub descrizione: Option<String>,
    /// Its weight in the objective: `14,00 %` (fractions as percentages).
    pub peso: String,
    /// `Efficacia`, `Qualità`…
    pub tipologia: Option<String>,
    /// `80,00 %`, `31/03/2022`.
    pub soglia: Option<String>,
    /// How it is computed, as the workbook writes it.
    pub algoritmo: Option<String>,
    /// Where its data come from.
    pub fonte: Option<String>,
    /// `≥ 100,00 %`, `Entro 31/12/2022`, `-` without one.
    pub target: String,
    /// `99,43 %`, `17/03/2022`, `non realizzato` for a missed deadline, `-`.
    pub consuntivo: String,
    /// `+16,04 %`, `-313,00 gg`, `-` when zero or unknown.
    pub scostamento: String,
    /// `97,15 %`, `neutralizzato`, `-` when not measured.
    pub grado: String,
    /// Weight 0: shown, not measured.
    pub neutralizzato: bool,
    /// The indicator's own grading method, when it is not the ente's.
    pub metodo: Option<String>,
    /// NOTA lines: the changes by deliberation, then the row's own Nota.
    pub note: Vec<String>,
    /// `build --compare`: field → the earlier draft's value, for fields that changed.
    pub prima: BTreeMap<String, String>,
    /// `build --compare`: the indicator is not in the earlier draft.
    pub nuovo: bool,
}

/// An organisational unit and its result.
#[derive(Debug, Clone, Serialize)]
pub struct VUnita {
    /// The code, as the workbook writes it.
    pub codice: String,
    /// The name, as the workbook writes it.
    pub nome: String,
    /// Who leads it.
    pub responsabile: Option<String>,
    /// The mean of the operational objectives it is involved in: `92,86 %`.
    pub risultato: String,
    /// `build --compare`: the earlier draft's printed `risultato`, when it changed.
    pub prima: BTreeMap<String, String>,
    /// `build --compare`: the unit is not in the earlier draft.
    pub nuova: bool,
}

/// A person of Allegato 3.
#[derive(Debug, Clone, Serialize)]
pub struct VPersona {
    /// The name, as the workbook writes it.
    pub nome: String,
    /// `Segretario Generale`, `Dirigente`…
    pub ruolo: String,
    /// The individual result: `84,00 %`.
    pub risultato: String,
    /// With `Fasce`: the label of the individual result.
    pub valutazione: Option<String>,
    /// The light of that label.
    pub esito: Option<String>,
    /// With points in the bands: the person's points.
    pub punti: Option<String>,
    /// The objectives assigned, each with its weight in `peso`.
    pub obiettivi: Vec<VObiettivo>,
    /// `build --compare`: the earlier draft's printed `risultato`, `valutazione`
    /// and `punti`, those that changed.
    pub prima: BTreeMap<String, String>,
    /// The category of the evaluation system (`Persone`): `dirigenti`.
    pub categoria: Option<String>,
    /// The components of the evaluation, with the `Componenti` sheet.
    pub componenti: Vec<VComponente>,
    /// The evaluator's scores (behaviours, differentiation), item by item.
    pub punteggi: Vec<VPunteggio>,
    /// `build --compare`: the person is not in the earlier draft.
    pub nuova: bool,
}

/// The distribution of the individual evaluations.
#[derive(Debug, Clone, Serialize)]
pub struct VDistribuzione {
    /// The labels of the persons' bands, from the highest.
    pub fasce: Vec<String>,
    /// The light of each band, in the same order.
    pub esiti: Vec<String>,
    /// Per category, its genders under it, then the total.
    pub righe: Vec<VRigaDistribuzione>,
    /// The chart: per category, the share of its persons in each band.
    pub grafico: VGrafico,
    /// Whether the counts were typed in aggregate (`Distribuzione`).
    pub da_conteggi: bool,
}

/// A row of the distribution.
#[derive(Debug, Clone, Serialize)]
pub struct VRigaDistribuzione {
    /// `Dirigenti`, `di cui F`, `Totale`.
    pub gruppo: String,
    /// Whether it is a gender within the category above.
    pub di_cui: bool,
    /// Whether it is the total of all categories.
    pub totale_generale: bool,
    /// Persons per band, in the order of `fasce`.
    pub conteggi: Vec<String>,
    /// Persons of the row.
    pub totale: String,
    /// The degree of differentiation: `81,00 %`.
    pub differenziazione: String,
    /// `build --compare`: the earlier draft's printed figures that differ, by
    /// the band's position (`0`…), `totale` or `differenziazione`.
    pub prima: BTreeMap<String, String>,
}

/// A component of a person's evaluation, as Allegato 3 prints it.
#[derive(Debug, Clone, Serialize)]
pub struct VComponente {
    /// `Risultati organizzativi`, `Comportamenti`…
    pub nome: String,
    /// Its weight for the person's category: `40 %`.
    pub peso: String,
    /// Its result: `92,50 %`, `-` when the person has nothing for it.
    pub risultato: String,
    /// `build --compare`: the earlier draft's `peso` and `risultato`, those that differ.
    pub prima: BTreeMap<String, String>,
}

/// One item the evaluator scored.
#[derive(Debug, Clone, Serialize)]
pub struct VPunteggio {
    /// `Comportamenti`, `Differenziazione`.
    pub componente: String,
    /// `Capacità organizzativa`.
    pub voce: String,
    /// `8 su 10`.
    pub punteggio: String,
    /// `build --compare`: the earlier draft's `punteggio`, when it differs.
    pub prima: Option<String>,
}

/// The key figures of section 1.
#[derive(Debug, Clone, Serialize)]
pub struct VSintesi {
    /// Strategic objectives by light.
    pub strategici: VConteggi,
    /// Operational objectives by light.
    pub operativi: VConteggi,
    /// One bar per strategic objective.
    pub barre: Vec<VBarra>,
    /// The objectives by label of the scale, from the highest.
    pub fasce: Vec<VConteggioFascia>,
}

/// The objectives of one label of the ente's scale.
#[derive(Debug, Clone, Serialize)]
pub struct VConteggioFascia {
    /// The label.
    pub etichetta: String,
    /// Its light.
    pub esito: String,
    /// The caption of the strategic count: `Obiettivi strategici raggiunti`.
    pub didascalia: String,
    /// Its strategic objectives.
    pub strategici: usize,
    /// Operational objectives.
    pub operativi: usize,
    /// `build --compare`: the earlier draft's counts of strategic and of
    /// operational objectives with this label, those that changed.
    pub prima: BTreeMap<String, String>,
}

/// Objectives counted by light.
#[derive(Debug, Clone, Serialize)]
pub struct VConteggi {
    /// Lit `Raggiunto`.
    pub raggiunti: usize,
    /// Lit `Parzialmente raggiunto`.
    pub parziali: usize,
    /// Lit `Non raggiunto`.
    pub non_raggiunti: usize,
    /// Without a result (no measured indicator).
    pub non_misurati: usize,
    /// All of them.
    pub totale: usize,
}

/// A bar of the chart of strategic results.
#[derive(Debug, Clone, Serialize)]
pub struct VBarra {
    /// `build --compare`: the earlier draft's result, when it changed.
    pub prima: Option<String>,
    /// The objective's code.
    pub etichetta: String,
    /// The title, as the workbook writes it.
    pub titolo: String,
    /// The result in percentage points (0 without one).
    pub valore: f64,
    /// The result as printed.
    pub testo: String,
    /// The label on the ente's scale.
    pub valutazione: Option<String>,
    /// The light of the label.
    pub esito: Option<String>,
}

/// A chart of the `Serie` sheet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VGrafico {
    /// The chart's identifier in `Serie`: `{{ grafico("id") }}`.
    pub id: String,
    /// The title, as the workbook writes it.
    pub titolo: String,
    #[serde(with = "super::grafici::tipo_grafico")]
    /// `barre`, `linee` or `torta`.
    pub tipo: crate::model::TipoGrafico,
    /// The unit printed after each value.
    pub unita: Option<String>,
    /// Text alternative for readers who cannot see the chart: every value.
    pub descrizione: String,
    /// Its categories, in the order the sheet gives them.
    pub categorie: Vec<String>,
    /// Its series, in the order the sheet gives them.
    pub serie: Vec<VSerie>,
}

/// A series of a chart: one value per category, in the categories' order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VSerie {
    /// The name, as the workbook writes it.
    pub nome: String,
    /// The values, for drawing (a missing point is 0).
    pub valori: Vec<f64>,
    /// The values as printed, with the unit: `89 N.`.
    pub testi: Vec<String>,
}

/// A deliberation of the year and its changes.
#[derive(Debug, Clone, Serialize)]
pub struct VDelibera {
    /// The deliberation's number.
    pub numero: String,
    /// `13 settembre 2022`.
    pub data: String,
    /// Its changes, in date order.
    pub modifiche: Vec<VModifica>,
}

/// One change of a deliberation.
#[derive(Debug, Clone, Serialize)]
pub struct VModifica {
    /// The indicator's code.
    pub indicatore: String,
    /// `target`, `peso`, `metodo`…
    pub campo: String,
    /// What the change did, without its deliberation (the heading names it):
    /// `target portato da ≥ 80,00 % a ≥ 85,00 %`.
    pub nota: String,
    /// How `relazione diff` names it: `i1.1 target (delib. 52 del 15/09/2025)`.
    pub codice: String,
    /// `build --compare`: the change is not in the earlier draft.
    pub nuova: bool,
    /// `build --compare`: the change was in the earlier draft and is no more;
    /// shown struck through.
    pub tolta: bool,
    /// `build --compare`: the earlier draft's `nota`, when it read differently.
    pub prima: Option<String>,
}
