//! Scoring: every figure the Relazione prints, computed exactly with decimals.
//!
//! A few pure functions, in the order of the document:
//! [`grado`] of an indicator and its [`scostamento`], the [`risultato_obiettivo`] as
//! the weighted mean of its measured indicators, the [`valutazione`] band, and the
//! results of the ente, of each unit and of each person ([`valuta`] does them all).
//! Grades and results are percentage points (85 = 85 %). Nothing is rounded here.

use crate::model::{Ente, Indicatore, Livello, MetodoEnte, Operatore, Piano, Valore};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Grado di raggiungimento of an indicator, in percentage points, or `None` when
/// there is no consuntivo (or the values are not comparable: a date against a number).
///
/// - target met (`>=`: a ≥ t; `<=`: a ≤ t; `=`: a = t; `entro`: date ≤ deadline): 100;
/// - not met, no soglia: 0;
/// - not met, with a soglia s: linear from the soglia (0) to the target (100),
///   (a − s) / (t − s), clamped to [0, 100]. For `entro` the soglia is a later date
///   and days are counted; for `=` the soglia bounds the distance from the target,
///   (|s − t| − |a − t|) / |s − t|.
///
/// A soglia on the wrong side of the target (below a `<=` target, say) cannot grade
/// anything and is ignored; `relazione check` warns about it.
pub fn grado(
    operatore: Operatore,
    target: Option<Valore>,
    soglia: Option<Valore>,
    consuntivo: Option<Valore>,
) -> Option<Decimal> {
    let (target, consuntivo) = (target?, consuntivo?);
    let stesso_tipo = |v: Valore| std::mem::discriminant(&v) == std::mem::discriminant(&target);
    if !stesso_tipo(consuntivo) || soglia.is_some_and(|s| !stesso_tipo(s)) {
        return None;
    }
    let t = posizione(target)?;
    let a = posizione(consuntivo)?;
    let s = match soglia {
        Some(s) => Some(posizione(s)?),
        None => None,
    };
    let raggiunto = match operatore {
        Operatore::AlMeno => a >= t,
        Operatore::AlPiu | Operatore::Entro => a <= t,
        Operatore::Uguale => a == t,
    };
    if raggiunto {
        return Some(CENTO);
    }
    let Some(s) = s.filter(|&s| soglia_dal_lato_giusto(operatore, t, s)) else {
        return Some(Decimal::ZERO);
    };
    let frazione = match operatore {
        Operatore::Uguale => {
            let ampiezza = (s - t).abs();
            (ampiezza - (a - t).abs()) / ampiezza
        }
        _ => (a - s) / (t - s),
    };
    Some((frazione * CENTO).clamp(Decimal::ZERO, CENTO))
}

/// Whether a soglia can grade: below a `>=` target, above a `<=` target, after a
/// deadline, anywhere but on an `=` target.
pub fn soglia_dal_lato_giusto(operatore: Operatore, target: Decimal, soglia: Decimal) -> bool {
    match operatore {
        Operatore::AlMeno => soglia < target,
        Operatore::AlPiu | Operatore::Entro => soglia > target,
        Operatore::Uguale => soglia != target,
    }
}

/// A value on one numeric axis: figures as they are, dates as day numbers.
pub fn posizione(v: Valore) -> Option<Decimal> {
    match v {
        Valore::Numero(n) => Some(n),
        Valore::Data(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(&d))),
    }
}

/// Scostamento rispetto al target: consuntivo − target, in the target's unit
/// (percentage points for %), in days for deadlines (negative = early).
pub fn scostamento(target: Option<Valore>, consuntivo: Option<Valore>) -> Option<Decimal> {
    match (target?, consuntivo?) {
        (Valore::Numero(t), Valore::Numero(a)) => Some(a - t),
        (Valore::Data(t), Valore::Data(a)) => Some(Decimal::from((a - t).num_days())),
        _ => None,
    }
}

/// Σ peso·valore / Σ peso over the items that have a value and a positive weight;
/// `None` when there is none.
pub fn media_ponderata(items: impl IntoIterator<Item = (Decimal, Option<Decimal>)>) -> Option<Decimal> {
    let (somma, pesi) = items
        .into_iter()
        .filter_map(|(peso, valore)| Some((peso, valore?)))
        .filter(|(peso, _)| *peso > Decimal::ZERO)
        .fold((Decimal::ZERO, Decimal::ZERO), |(s, p), (peso, v)| {
            (s + peso * v, p + peso)
        });
    (!pesi.is_zero()).then(|| somma / pesi)
}

/// Simple mean of the values present; `None` when there is none.
pub fn media(items: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    media_ponderata(items.into_iter().map(|v| (Decimal::ONE, v)))
}

/// Risultato misurato of an objective: the weighted mean of the grades of its
/// measured indicators (peso > 0 and a consuntivo). `None` when none is measured:
/// such an objective is left out of every mean above it.
pub fn risultato_obiettivo<'a>(indicatori: impl IntoIterator<Item = &'a Indicatore>, anno: i32) -> Option<Decimal> {
    media_ponderata(indicatori.into_iter().map(|i| (i.peso, grado_indicatore(i, anno))))
}

/// [`grado`] of an indicator as it stands at the end of year `anno`.
///
/// A deadline (`entro`) with no completion date is not met once the year is over:
/// if the deadline, and the soglia date when there is one, fall within the year,
/// the grade is 0 (the reference prints 0 % for a site not opened by its deadline).
/// Any other indicator without consuntivo is not measured.
pub fn grado_indicatore(i: &Indicatore, anno: i32) -> Option<Decimal> {
    if i.consuntivo.is_none() && scadenza_mancata(i, anno) {
        return Some(Decimal::ZERO);
    }
    grado(i.operatore, i.target, i.soglia, i.consuntivo)
}

/// Whether an `entro` indicator without completion date has missed its deadline
/// (and soglia) within the year reported on.
pub fn scadenza_mancata(i: &Indicatore, anno: i32) -> bool {
    let entro_anno = |v: Option<Valore>| matches!(v, Some(Valore::Data(d)) if chrono::Datelike::year(&d) <= anno);
    i.operatore == Operatore::Entro
        && i.consuntivo.is_none()
        && entro_anno(i.target)
        && (i.soglia.is_none() || entro_anno(i.soglia))
}

/// The three-light valutazione of an objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Valutazione {
    #[serde(rename = "Raggiunto")]
    Raggiunto,
    #[serde(rename = "Parzialmente raggiunto")]
    ParzialmenteRaggiunto,
    #[serde(rename = "Non raggiunto")]
    NonRaggiunto,
}

impl fmt::Display for Valutazione {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Valutazione::Raggiunto => "Raggiunto",
            Valutazione::ParzialmenteRaggiunto => "Parzialmente raggiunto",
            Valutazione::NonRaggiunto => "Non raggiunto",
        })
    }
}

/// The band of a result, from the ente's settings: `Raggiunto` from
/// `soglia_raggiunto` (default 95) up, `Non raggiunto` up to `soglia_non_raggiunto`
/// (default 0), `Parzialmente raggiunto` in between.
pub fn valutazione(risultato: Decimal, ente: &Ente) -> Valutazione {
    if risultato >= ente.soglia_raggiunto {
        Valutazione::Raggiunto
    } else if risultato <= ente.soglia_non_raggiunto {
        Valutazione::NonRaggiunto
    } else {
        Valutazione::ParzialmenteRaggiunto
    }
}

/// Every computed figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Punteggi {
    /// The ente's overall result (mean of the strategic objectives' results).
    pub ente: Option<Decimal>,
    pub indicatori: BTreeMap<String, PunteggioIndicatore>,
    pub obiettivi: BTreeMap<String, PunteggioObiettivo>,
    /// Unit code → result over the operational objectives it is involved in.
    pub unita: BTreeMap<String, Option<Decimal>>,
    /// Person → individual result (Allegato 3).
    pub persone: BTreeMap<String, Option<Decimal>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunteggioIndicatore {
    pub grado: Option<Decimal>,
    pub scostamento: Option<Decimal>,
    pub neutralizzato: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunteggioObiettivo {
    pub risultato: Option<Decimal>,
    pub valutazione: Option<Valutazione>,
}

/// Scores a plan in force (after the `Modifiche`): every indicator, objective, unit,
/// person and the ente.
pub fn valuta(piano: &Piano) -> Punteggi {
    let indicatori = piano
        .indicatori
        .iter()
        .map(|i| {
            let p = PunteggioIndicatore {
                grado: grado_indicatore(i, piano.ente.anno),
                scostamento: scostamento(i.target, i.consuntivo),
                neutralizzato: i.neutralizzato(),
            };
            (i.codice.clone(), p)
        })
        .collect();
    let obiettivi: BTreeMap<String, PunteggioObiettivo> = piano
        .obiettivi
        .iter()
        .map(|o| {
            let risultato = risultato_obiettivo(piano.indicatori_di(&o.codice), piano.ente.anno);
            let valutazione = risultato.map(|r| valutazione(r, &piano.ente));
            (o.codice.clone(), PunteggioObiettivo { risultato, valutazione })
        })
        .collect();
    let risultato = |codice: &str| obiettivi.get(codice).and_then(|p| p.risultato);
    let media_obiettivi = |livello: Livello, filtro: &dyn Fn(&crate::model::Obiettivo) -> bool| {
        let scelti = piano.obiettivi.iter().filter(|o| o.livello == livello && filtro(o));
        match piano.ente.metodo {
            MetodoEnte::Media => media(scelti.map(|o| risultato(&o.codice))),
            MetodoEnte::MediaPonderata => {
                media_ponderata(scelti.map(|o| (o.peso.unwrap_or(Decimal::ZERO), risultato(&o.codice))))
            }
        }
    };
    let ente = media_obiettivi(Livello::Strategico, &|_| true);
    let unita = piano
        .unita
        .iter()
        .map(|u| {
            let r = media_obiettivi(Livello::Operativo, &|o| o.unita.contains(&u.codice));
            (u.codice.clone(), r)
        })
        .collect();
    let mut persone: BTreeMap<String, Vec<(Decimal, Option<Decimal>)>> = BTreeMap::new();
    for a in &piano.assegnazioni {
        persone
            .entry(a.persona.clone())
            .or_default()
            .push((a.peso, risultato(&a.obiettivo)));
    }
    let persone = persone
        .into_iter()
        .map(|(p, items)| (p, media_ponderata(items)))
        .collect();
    Punteggi {
        ente,
        indicatori,
        obiettivi,
        unita,
        persone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn n(s: &str) -> Valore {
        Valore::Numero(d(s))
    }
    fn day(y: i32, m: u32, g: u32) -> Valore {
        Valore::Data(NaiveDate::from_ymd_opt(y, m, g).unwrap())
    }
    fn r2(x: Decimal) -> Decimal {
        x.round_dp(2)
    }

    #[test]
    fn met_targets_score_100_for_every_operator() {
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("85")), None, Some(n("97.59"))),
            Some(d("100"))
        );
        // Exactly on target counts as met: <= 2,00 gg with 2,00 gg (kpi2.1.1_02).
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("2")), Some(n("4")), Some(n("2"))),
            Some(d("100"))
        );
        assert_eq!(
            grado(Operatore::Uguale, Some(n("1")), None, Some(n("1"))),
            Some(d("100"))
        );
        // Entro 31/12/2022, done 17/03/2022 (kpi5.1.1_01).
        assert_eq!(
            grado(Operatore::Entro, Some(day(2022, 12, 31)), None, Some(day(2022, 3, 17))),
            Some(d("100"))
        );
        // On the deadline itself.
        assert_eq!(
            grado(Operatore::Entro, Some(day(2022, 3, 31)), None, Some(day(2022, 3, 31))),
            Some(d("100"))
        );
    }

    #[test]
    fn missed_without_soglia_scores_zero() {
        // >= 13,00 %, consuntivo 7,75 %, no soglia → 0 % (EC, OS01.1.1).
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("13")), None, Some(n("7.75"))),
            Some(d("0"))
        );
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("5")), None, Some(n("7.71"))),
            Some(d("0"))
        );
        assert_eq!(
            grado(Operatore::Uguale, Some(n("1")), None, Some(n("0.96"))),
            Some(d("0"))
        );
        assert_eq!(
            grado(Operatore::Entro, Some(day(2022, 9, 30)), None, Some(day(2022, 10, 1))),
            Some(d("0"))
        );
    }

    #[test]
    fn soglia_below_a_minimum_target_is_linear() {
        // >= 100 %, soglia 60 %, 93,77 %: (93,77 − 60) / (100 − 60) = 33,77 / 40 = 84,425 %.
        // The reference prints 84,44 % because its consuntivo is rounded.
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("100")), Some(n("60")), Some(n("93.77"))),
            Some(d("84.425"))
        );
        // >= 3.000 N., soglia 2.000, 2.666: 666 / 1000 = 66,60 % (OC_TD_03).
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("3000")), Some(n("2000")), Some(n("2666"))),
            Some(d("66.6"))
        );
        // >= 100 %, soglia 80 %, 99,43 %: 19,43 / 20 = 97,15 % (kpi14.5_04).
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("100")), Some(n("80")), Some(n("99.43"))),
            Some(d("97.15"))
        );
        // Below the soglia: clamped to 0.
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("100")), Some(n("80")), Some(n("70"))),
            Some(d("0"))
        );
        // Negative figures: >= −7 %, soglia −8 %, −7,60 %: 0,40 / 1 = 40 % (EC27).
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("-7")), Some(n("-8")), Some(n("-7.6"))),
            Some(d("40"))
        );
    }

    #[test]
    fn soglia_above_a_maximum_target_is_linear() {
        // <= 2 gg, soglia 4 gg, 3 gg: (3 − 4) / (2 − 4) = 50 %.
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("2")), Some(n("4")), Some(n("3"))),
            Some(d("50"))
        );
        // <= 8 %, soglia 10 %, 9,5 %: (9,5 − 10) / (8 − 10) = 25 %.
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("8")), Some(n("10")), Some(n("9.5"))),
            Some(d("25"))
        );
        // Above the soglia: 0.
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("2")), Some(n("4")), Some(n("5"))),
            Some(d("0"))
        );
    }

    #[test]
    fn deadline_with_a_soglia_date_counts_days() {
        // Entro 28/02/2022, soglia 31/03/2022 (31 days later), done 15/03/2022 (15 days late):
        // (15/03 − 31/03) / (28/02 − 31/03) = −16 / −31 = 51,6129… %.
        let g = grado(
            Operatore::Entro,
            Some(day(2022, 2, 28)),
            Some(day(2022, 3, 31)),
            Some(day(2022, 3, 15)),
        )
        .unwrap();
        assert_eq!(r2(g), d("51.61"));
        // After the soglia date: 0.
        assert_eq!(
            grado(
                Operatore::Entro,
                Some(day(2022, 2, 28)),
                Some(day(2022, 3, 31)),
                Some(day(2022, 4, 1))
            ),
            Some(d("0"))
        );
    }

    #[test]
    fn equal_target_with_soglia_bounds_the_distance() {
        // = 1, soglia 0,5 (distance 0,5): 0,75 is 0,25 away → (0,5 − 0,25) / 0,5 = 50 %.
        assert_eq!(
            grado(Operatore::Uguale, Some(n("1")), Some(n("0.5")), Some(n("0.75"))),
            Some(d("50"))
        );
        // Above the target by the same distance: also 50 %.
        assert_eq!(
            grado(Operatore::Uguale, Some(n("1")), Some(n("0.5")), Some(n("1.25"))),
            Some(d("50"))
        );
        // Farther than the soglia: 0.
        assert_eq!(
            grado(Operatore::Uguale, Some(n("1")), Some(n("0.5")), Some(n("2"))),
            Some(d("0"))
        );
    }

    #[test]
    fn wrong_side_soglia_is_ignored() {
        // >= 10, soglia 20 (above the target): not met scores 0, not 150 %.
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("10")), Some(n("20")), Some(n("5"))),
            Some(d("0"))
        );
        assert_eq!(
            grado(Operatore::AlPiu, Some(n("10")), Some(n("5")), Some(n("12"))),
            Some(d("0"))
        );
    }

    #[test]
    fn no_consuntivo_no_grade() {
        assert_eq!(grado(Operatore::AlMeno, Some(n("10")), None, None), None);
        // A date where a number is expected cannot be compared.
        assert_eq!(
            grado(Operatore::AlMeno, Some(n("10")), None, Some(day(2022, 1, 1))),
            None
        );
    }

    fn scadenza(entro: Valore, soglia: Option<Valore>, consuntivo: Option<Valore>) -> Indicatore {
        Indicatore {
            codice: "k".into(),
            obiettivo: "o".into(),
            nome: "n".into(),
            descrizione: None,
            algoritmo: None,
            fonte: None,
            tipologia: None,
            peso: d("20"),
            operatore: Operatore::Entro,
            target: Some(entro),
            soglia,
            unita_misura: crate::model::UnitaMisura::Data,
            consuntivo,
            grado_dichiarato: None,
            nota: None,
            origine: crate::model::Origine {
                foglio: "Indicatori".into(),
                riga: 2,
                colonne: Default::default(),
            },
        }
    }

    #[test]
    fn deadline_without_completion_date_is_missed_after_the_year() {
        // Entro 30/09/2022 with no date of completion, reporting on 2022: not met, 0 %
        // (kpi12.3_04, "avvio cantiere": the reference prints 0 %).
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), None, None), 2022),
            Some(d("0"))
        );
        // A soglia date still within the year is also past: 0 %.
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), Some(day(2022, 12, 31)), None), 2022),
            Some(d("0"))
        );
        // A soglia in the next year cannot be judged yet: not measured.
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), Some(day(2023, 3, 31)), None), 2022),
            None
        );
        // A deadline beyond the year reported on: not measured.
        assert_eq!(grado_indicatore(&scadenza(day(2023, 6, 30), None, None), 2022), None);
        // With a date, the ordinary rule: 29/09/2022 is in time.
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), None, Some(day(2022, 9, 29))), 2022),
            Some(d("100"))
        );
    }

    #[test]
    fn scostamento_in_unit_or_days() {
        assert_eq!(scostamento(Some(n("30")), Some(n("46.04"))), Some(d("16.04")));
        // Entro 31/12/2022, done 21/02/2022: 313 days early (kpi3.1.1_03).
        assert_eq!(
            scostamento(Some(day(2022, 12, 31)), Some(day(2022, 2, 21))),
            Some(d("-313"))
        );
        assert_eq!(scostamento(Some(n("30")), None), None);
    }

    #[test]
    fn weighted_mean_skips_unmeasured_and_zero_weights() {
        // OS14.5: 14·100 + 14·100 + 14·97,15 + 15·100 + 15·100 + 14·66,6 + 14·30 = 8.512,5; Σ peso = 100 → 85,125 %.
        let items = [
            (d("14"), Some(d("100"))),
            (d("14"), Some(d("100"))),
            (d("14"), Some(d("97.15"))),
            (d("15"), Some(d("100"))),
            (d("15"), Some(d("100"))),
            (d("14"), Some(d("66.6"))),
            (d("14"), Some(d("30"))),
            (d("0"), Some(d("0"))), // neutralized
            (d("20"), None),        // not measured
        ];
        assert_eq!(media_ponderata(items), Some(d("85.125")));
        assert_eq!(media_ponderata([(d("0"), Some(d("50")))]), None);
        assert_eq!(media([Some(d("100")), None, Some(d("50"))]), Some(d("75")));
        assert_eq!(media([None]), None);
    }

    #[test]
    fn valutazione_bands_follow_the_ente() {
        let mut ente = Ente {
            nome: "x".into(),
            anno: 2022,
            titolo: "t".into(),
            approvazione: None,
            redazione: None,
            soglia_raggiunto: d("95"),
            soglia_non_raggiunto: d("0"),
            metodo: MetodoEnte::Media,
            logo: None,
        };
        // From the reference: 95,80 Raggiunto, 94,86 and 22,71 Parzialmente, 0 Non raggiunto.
        assert_eq!(valutazione(d("95.80"), &ente), Valutazione::Raggiunto);
        assert_eq!(valutazione(d("95"), &ente), Valutazione::Raggiunto);
        assert_eq!(valutazione(d("94.86"), &ente), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(valutazione(d("22.71"), &ente), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(valutazione(d("0"), &ente), Valutazione::NonRaggiunto);
        ente.soglia_raggiunto = d("90");
        ente.soglia_non_raggiunto = d("30");
        assert_eq!(valutazione(d("90"), &ente), Valutazione::Raggiunto);
        assert_eq!(valutazione(d("22.71"), &ente), Valutazione::NonRaggiunto);
    }
}
