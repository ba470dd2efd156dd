//! The changes decided during the year (`Modifiche`): applied in date order to the
//! plan of `Indicatori`, each checked against the value in force and each yielding
//! the NOTA line that the report prints under its indicator.

use crate::format;
use crate::model::in_frazioni;
use crate::model::{Campo, Indicatore, Modifica, Operatore, Piano, Regole, Valore, ValoreModifica};
use crate::problem::Problema;
use crate::workbook::schema::modifiche;
use std::collections::BTreeMap;

/// The plan in force at the end of the year, with the NOTA lines of the changes.
#[derive(Debug, Clone, PartialEq)]
pub struct InVigore {
    pub piano: Piano,
    /// Indicator code → one line per change, in date order.
    pub note: BTreeMap<String, Vec<String>>,
    /// Indicator code → each change without its deliberation (`target portato
    /// da ≥ 80,00 % a ≥ 85,00 %`), for a table grouped by deliberation.
    pub cambi: BTreeMap<String, Vec<String>>,
}

impl InVigore {
    pub fn note_di(&self, indicatore: &str) -> &[String] {
        self.note.get(indicatore).map_or(&[], Vec::as_slice)
    }

    pub fn cambi_di(&self, indicatore: &str) -> &[String] {
        self.cambi.get(indicatore).map_or(&[], Vec::as_slice)
    }
}

/// Applies every `Modifiche` row in date order (rows of the same date in sheet
/// order). A row whose `Da` is not the value in force is an error naming its cell.
pub fn applica(piano: &Piano) -> Result<InVigore, Vec<Problema>> {
    let (in_vigore, errori) = applica_tutte(piano);
    if errori.is_empty() { Ok(in_vigore) } else { Err(errori) }
}

/// [`applica`], going on past a wrong row: the plan in force with every row that
/// could be applied, and the errors of the others (`relazione check` lists
/// everything in one run).
pub fn applica_tutte(piano: &Piano) -> (InVigore, Vec<Problema>) {
    let mut in_vigore = piano.clone();
    let mut note: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cambi: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errori = Vec::new();
    let mut ordine: Vec<&Modifica> = piano.modifiche.iter().collect();
    ordine.sort_by_key(|m| (m.data, m.origine.riga));
    let regole = &piano.ente.regole;
    for m in ordine {
        let Some(ind) = in_vigore.indicatori.iter_mut().find(|i| i.codice == m.indicatore) else {
            errori.push(
                Problema::errore(&m.origine.foglio, format!("indicatore «{}» sconosciuto", m.indicatore))
                    .in_cella(m.origine.cella(modifiche::INDICATORE.nome))
                    .con_valore(&m.indicatore),
            );
            continue;
        };
        let in_forza = valore_in_forza(ind, m.campo, regole);
        // `Da` empty for a method means "the ente's", when the indicator has none of its own.
        let da_ente = m.campo == Campo::Metodo && m.da == ValoreModifica::Vuoto && ind.metodo.is_none();
        if !da_ente && !stesso_valore(&m.da, &in_forza) {
            errori.push(
                Problema::errore(
                    &m.origine.foglio,
                    format!(
                        "«Da» vale «{}», ma il {} di {} in vigore prima della deliberazione {} del {} è «{}»",
                        testo(&m.da),
                        m.campo,
                        ind.codice,
                        m.delibera,
                        format::data(m.data),
                        testo(&in_forza),
                    ),
                )
                .in_cella(&m.cella_da)
                .con_valore(testo(&m.da)),
            );
            continue;
        }
        let prima = ind.clone();
        match (&m.campo, &m.a) {
            (Campo::Target, ValoreModifica::Valore(v)) => ind.target = Some(*v),
            (Campo::Soglia, ValoreModifica::Valore(v)) => ind.soglia = Some(*v),
            (Campo::Soglia, ValoreModifica::Vuoto) => ind.soglia = None,
            (Campo::Peso, ValoreModifica::Valore(Valore::Numero(p))) => ind.peso = *p,
            (Campo::Operatore, ValoreModifica::Operatore(o)) => ind.operatore = *o,
            (Campo::Nome, ValoreModifica::Testo(t)) => ind.nome = t.clone(),
            (Campo::Algoritmo, ValoreModifica::Testo(t)) => ind.algoritmo = Some(t.clone()),
            (Campo::Algoritmo, ValoreModifica::Vuoto) => ind.algoritmo = None,
            (Campo::Metodo, ValoreModifica::Metodo(x)) => ind.metodo = Some(*x),
            (Campo::Metodo, ValoreModifica::Vuoto) => ind.metodo = None,
            _ => {
                errori.push(
                    Problema::errore(&m.origine.foglio, format!("valore non valido per il campo {}", m.campo))
                        .in_cella(m.origine.cella(modifiche::A.nome)),
                );
                continue;
            }
        }
        let frazioni = in_frazioni(piano.indicatori_di(&prima.obiettivo).map(|i| i.peso));
        // The reason the deliberation gives, when the office wrote it: printed
        // with the change, in the NOTA and in the annex of the changes.
        let perche = m
            .motivazione
            .as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map_or_else(String::new, |x| format!("; motivazione: {}", x.trim_end_matches('.')));
        let cambio = cambio(m, &prima, ind, regole, frazioni);
        let riga = format!(
            "{cambio} con deliberazione {} del {}{perche}",
            m.delibera,
            format::data_lunga(m.data)
        );
        let cambio = format!("{cambio}{perche}");
        note.entry(ind.codice.clone()).or_default().push(riga);
        cambi.entry(ind.codice.clone()).or_default().push(cambio);
    }
    (
        InVigore {
            piano: in_vigore,
            note,
            cambi,
        },
        errori,
    )
}

/// The value of a field in force, as a `Modifiche` row writes it.
fn valore_in_forza(ind: &Indicatore, campo: Campo, regole: &Regole) -> ValoreModifica {
    match campo {
        Campo::Target => ind.target.map_or(ValoreModifica::Vuoto, ValoreModifica::Valore),
        Campo::Soglia => ind.soglia.map_or(ValoreModifica::Vuoto, ValoreModifica::Valore),
        Campo::Peso => ValoreModifica::Valore(Valore::Numero(ind.peso)),
        Campo::Operatore => ValoreModifica::Operatore(ind.operatore),
        Campo::Nome => ValoreModifica::Testo(ind.nome.clone()),
        Campo::Algoritmo => ind
            .algoritmo
            .clone()
            .map_or(ValoreModifica::Vuoto, ValoreModifica::Testo),
        Campo::Metodo => ValoreModifica::Metodo(ind.metodo(regole)),
    }
}

fn stesso_valore(a: &ValoreModifica, b: &ValoreModifica) -> bool {
    match (a, b) {
        (ValoreModifica::Testo(x), ValoreModifica::Testo(y)) => {
            format::spazi_normalizzati(x) == format::spazi_normalizzati(y)
        }
        _ => a == b,
    }
}

/// A value as the NOTA prints it: `20,00`, `15/07/2022`, `>=`, the text itself.
fn testo(v: &ValoreModifica) -> String {
    match v {
        ValoreModifica::Vuoto => "(vuoto)".into(),
        ValoreModifica::Valore(v) => v.to_string(),
        ValoreModifica::Operatore(o) => operatore_testo(*o),
        ValoreModifica::Metodo(x) => x.to_string(),
        ValoreModifica::Testo(t) => t.clone(),
    }
}

fn operatore_testo(o: Operatore) -> String {
    match o {
        Operatore::Entro => "entro".into(),
        o => o.to_string(),
    }
}

/// What one change did, from the indicator before and after it, with the signs
/// and units of the cards: `target portato da ≥ 20,00 % a ≥ 85,00 %`. The NOTA
/// line adds `con deliberazione 142 del 13 settembre 2022`. Weights written as
/// fractions (`frazioni`: 0,20) are printed as percentages.
pub fn cambio(m: &Modifica, prima: &Indicatore, dopo: &Indicatore, regole: &Regole, frazioni: bool) -> String {
    let u = format::SPAZIO_UNITO;
    let decimali = prima.decimali_valori().max(dopo.decimali_valori());
    let valore = |v: &ValoreModifica| match v {
        ValoreModifica::Valore(x) => x.con_unita(dopo.unita_misura, decimali),
        altro => testo(altro),
    };
    let (da, a) = (valore(&m.da), valore(&m.a));
    let peso = |p: rust_decimal::Decimal| {
        let p = if frazioni {
            p * rust_decimal::Decimal::ONE_HUNDRED
        } else {
            p
        };
        format::unito(&format::percento(p))
    };
    match (m.campo, &m.da, &m.a) {
        (Campo::Target, ..) => format!(
            "target portato da {}{u}{da} a {}{u}{a}",
            prima.operatore.simbolo(),
            dopo.operatore.simbolo()
        ),
        (Campo::Soglia, ValoreModifica::Vuoto, _) => format!("soglia fissata a {a}"),
        (Campo::Soglia, _, ValoreModifica::Vuoto) => format!("soglia eliminata (era {da})"),
        (Campo::Soglia, ..) => format!("soglia portata da {da} a {a}"),
        (Campo::Peso, ..) if dopo.peso.is_zero() => format!(
            "indicatore neutralizzato (peso portato da {} a {})",
            peso(prima.peso),
            peso(dopo.peso)
        ),
        (Campo::Peso, ..) => format!("peso portato da {} a {}", peso(prima.peso), peso(dopo.peso)),
        (Campo::Operatore, ..) => format!(
            "operatore portato da «{}» a «{}»",
            prima.operatore.simbolo(),
            dopo.operatore.simbolo()
        ),
        (Campo::Nome, ..) => format!("indicatore ridenominato da «{da}» a «{a}»"),
        (Campo::Algoritmo, ..) => format!("algoritmo modificato da «{da}» a «{a}»"),
        (Campo::Metodo, ..) => format!(
            "metodo di calcolo del grado portato da «{}» a «{}»",
            prima.metodo(regole),
            dopo.metodo(regole)
        ),
    }
}
