//! The grade of one indicator (*grado di raggiungimento*), one pure function per
//! method of the `metodo_grado` setting, and its deviation from the target.
//!
//! - [`grado`]: `soglia`, 100 when met, linear from the soglia, otherwise 0;
//! - [`grado_rapporto`]: `rapporto`, a / t for `>=`, t / a for `<=`;
//! - [`grado_tutto_o_niente`]: 100 when met, otherwise 0;
//! - [`con_tetto`]: the cap (`tetto_grado`), applied before any mean;
//! - [`grado_indicatore`]: the method in force for an indicator, with the cap.

use crate::model::{Indicatore, MetodoGrado, Operatore, Regole, TipoScostamento, Valore};
use rust_decimal::Decimal;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Whether a consuntivo meets the target: `>=` a ≥ t, `<=` a ≤ t, `=` a = t,
/// `entro` date ≤ deadline (positions on one axis, see [`posizione`]).
pub fn raggiunto(operatore: Operatore, t: Decimal, a: Decimal) -> bool {
    match operatore {
        Operatore::AlMeno => a >= t,
        Operatore::AlPiu | Operatore::Entro => a <= t,
        Operatore::Uguale => a == t,
    }
}

/// The `soglia` method (Torino's rule): grado di raggiungimento in percentage
/// points, or `None` when there is no consuntivo (or the values are not
/// comparable: a date against a number).
///
/// - target met: 100;
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
    if raggiunto(operatore, t, a) {
        return Some(CENTO);
    }
    let Some(s) = s.filter(|&s| soglia_dal_lato_giusto(operatore, t, s)) else {
        return Some(Decimal::ZERO);
    };
    // Checked: within the figures' limits (`crate::limiti::cifra`) nothing
    // overflows; beyond them there is no grade rather than a panic.
    let frazione = match operatore {
        Operatore::Uguale => {
            let ampiezza = s.checked_sub(t)?.abs();
            ampiezza.checked_sub(a.checked_sub(t)?.abs())?.checked_div(ampiezza)?
        }
        _ => a.checked_sub(s)?.checked_div(t.checked_sub(s)?)?,
    };
    Some(frazione.checked_mul(CENTO)?.clamp(Decimal::ZERO, CENTO))
}

/// Why a method cannot grade an indicator: an error of the data, named at the
/// indicator's cell by [`crate::scoring::valuta`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impossibile {
    /// `rapporto` with `>=` and a target of 0: a / 0.
    TargetZero,
    /// `rapporto` with a negative target: a ratio of negative figures means nothing.
    TargetNegativo,
    /// `rapporto` with a negative consuntivo.
    ConsuntivoNegativo,
    /// `rapporto` with `<=`, a consuntivo of 0 and no cap: t / 0 has no bound.
    ConsuntivoZeroSenzaTetto,
    /// A figure so large that the grade cannot be computed.
    FuoriScala,
}

impl Impossibile {
    /// The column of `Indicatori` that holds the value at fault.
    pub fn colonna(self) -> &'static str {
        match self {
            Impossibile::TargetZero | Impossibile::TargetNegativo | Impossibile::FuoriScala => "Target",
            _ => "Consuntivo",
        }
    }

    /// The Italian message, for an indicator's code.
    pub fn messaggio(self, codice: &str) -> String {
        let consiglio = "scrivere «soglia» (o «tutto o niente») nella colonna Metodo di questo indicatore";
        match self {
            Impossibile::TargetZero => format!(
                "{codice}: con il metodo «rapporto» e l'operatore >= il grado è consuntivo / target, \
                 e con un target 0 non si può calcolare: {consiglio}"
            ),
            Impossibile::TargetNegativo => format!(
                "{codice}: con il metodo «rapporto» un target negativo non dà un rapporto che abbia senso: {consiglio}"
            ),
            Impossibile::ConsuntivoNegativo => format!(
                "{codice}: con il metodo «rapporto» un consuntivo negativo non dà un rapporto che abbia senso: {consiglio}"
            ),
            Impossibile::ConsuntivoZeroSenzaTetto => format!(
                "{codice}: con il metodo «rapporto» e l'operatore <= il grado è target / consuntivo, che con un \
                 consuntivo 0 e tetto_grado «nessuno» non ha limite: fissare un tetto_grado nel foglio Ente, oppure {consiglio}"
            ),
            Impossibile::FuoriScala => format!(
                "{codice}: il grado supererebbe un milione di punti percentuali: target e consuntivo sono \
                 sproporzionati (un target troppo piccolo, o un consuntivo in un'altra unità?)"
            ),
        }
    }
}

/// The `rapporto` method: proportional to the target. `>=` gives a / t, `<=` gives
/// t / a (lower is better), both times 100 and uncapped here (see [`con_tetto`]).
/// A soglia is a floor: a consuntivo short of it scores 0. `=` and `entro` are
/// graded as with [`grado`]: a date is not a ratio.
///
/// A target of 0 (for `>=`), a negative target or consuntivo are errors; so is a
/// consuntivo of 0 for `<=` without a cap (with a cap it scores the cap: nothing
/// is better than zero delays). `None` when there is no consuntivo.
pub fn grado_rapporto(
    operatore: Operatore,
    target: Option<Valore>,
    soglia: Option<Valore>,
    consuntivo: Option<Valore>,
    tetto: Option<Decimal>,
) -> Result<Option<Decimal>, Impossibile> {
    if matches!(operatore, Operatore::Uguale | Operatore::Entro) {
        return Ok(grado(operatore, target, soglia, consuntivo));
    }
    let Some(Valore::Numero(t)) = target else {
        return Ok(None);
    };
    if t < Decimal::ZERO {
        return Err(Impossibile::TargetNegativo);
    }
    if operatore == Operatore::AlMeno && t.is_zero() {
        return Err(Impossibile::TargetZero);
    }
    let Some(Valore::Numero(a)) = consuntivo else {
        return Ok(None);
    };
    if a < Decimal::ZERO {
        return Err(Impossibile::ConsuntivoNegativo);
    }
    if let Some(Valore::Numero(s)) = soglia
        && soglia_dal_lato_giusto(operatore, t, s)
        && !raggiunto(operatore, s, a)
    {
        return Ok(Some(Decimal::ZERO));
    }
    let (sopra, sotto) = match operatore {
        Operatore::AlMeno => (a, t),
        _ => (t, a),
    };
    if sotto.is_zero() {
        // `<=` with a consuntivo of 0: on target when the target is 0 too, else
        // as good as the cap allows.
        return match (t.is_zero(), tetto) {
            (true, _) => Ok(Some(CENTO)),
            (false, Some(tetto)) => Ok(Some(tetto)),
            (false, None) => Err(Impossibile::ConsuntivoZeroSenzaTetto),
        };
    }
    sopra
        .checked_div(sotto)
        .and_then(|r| r.checked_mul(CENTO))
        .map(Some)
        .ok_or(Impossibile::FuoriScala)
}

/// The `tutto o niente` method: 100 when the target is met, otherwise 0; a soglia
/// is ignored (`relazione check` says so).
pub fn grado_tutto_o_niente(
    operatore: Operatore,
    target: Option<Valore>,
    consuntivo: Option<Valore>,
) -> Option<Decimal> {
    grado(operatore, target, None, consuntivo)
}

/// The cap of an indicator's grade (`tetto_grado`), applied before any mean so
/// that an indicator at 300 % cannot hide a failed one; `None` is no cap.
pub fn con_tetto(grado: Decimal, tetto: Option<Decimal>) -> Decimal {
    match tetto {
        Some(tetto) => grado.min(tetto),
        None => grado,
    }
}

/// The grade of an indicator as it stands at the end of year `anno`, by its method
/// (its own `Metodo`, or the ente's), capped. `None` when it is not measured:
/// neutralized (peso 0), or without consuntivo.
///
/// A deadline (`entro`) with no completion date is not met once the year is over:
/// if the deadline, and the soglia date when there is one, fall within the year,
/// the grade is 0 (the reference prints 0 % for a site not opened by its deadline).
pub fn grado_indicatore(i: &Indicatore, regole: &Regole, anno: i32) -> Result<Option<Decimal>, Impossibile> {
    if i.neutralizzato() {
        return Ok(None);
    }
    if scadenza_mancata(i, anno) {
        return Ok(Some(Decimal::ZERO));
    }
    let g = match i.metodo(regole) {
        MetodoGrado::Soglia => grado(i.operatore, i.target, i.soglia, i.consuntivo),
        MetodoGrado::Rapporto => grado_rapporto(i.operatore, i.target, i.soglia, i.consuntivo, regole.tetto_grado)?,
        MetodoGrado::TuttoONiente => grado_tutto_o_niente(i.operatore, i.target, i.consuntivo),
    };
    match g {
        Some(g) if g > crate::limiti::GRADO_MASSIMO => Err(Impossibile::FuoriScala),
        g => Ok(g.map(|g| con_tetto(g, regole.tetto_grado))),
    }
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

/// Scostamento rispetto al target. `assoluto`: consuntivo − target in the target's
/// unit (percentage points for %); `relativo`: (a − t) / |t| × 100, a percentage
/// of the target, positive when above it (`None` with a target of 0). Deadlines
/// always in days (negative = early).
pub fn scostamento(tipo: TipoScostamento, target: Option<Valore>, consuntivo: Option<Valore>) -> Option<Decimal> {
    match (target?, consuntivo?) {
        (Valore::Numero(t), Valore::Numero(a)) => {
            let differenza = a.checked_sub(t)?;
            match tipo {
                TipoScostamento::Assoluto => Some(differenza),
                TipoScostamento::Relativo if t.is_zero() => None,
                TipoScostamento::Relativo => differenza.checked_div(t.abs())?.checked_mul(CENTO),
            }
        }
        (Valore::Data(t), Valore::Data(a)) => Some(Decimal::from((a - t).num_days())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn n(s: &str) -> Option<Valore> {
        Some(Valore::Numero(d(s)))
    }
    fn day(y: i32, m: u32, g: u32) -> Valore {
        Valore::Data(NaiveDate::from_ymd_opt(y, m, g).unwrap())
    }
    fn r2(x: Decimal) -> Decimal {
        x.round_dp(2)
    }
    use Operatore::{AlMeno, AlPiu, Entro, Uguale};

    #[test]
    fn met_targets_score_100_for_every_operator() {
        assert_eq!(grado(AlMeno, n("85"), None, n("97.59")), Some(d("100")));
        // Exactly on target counts as met: <= 2,00 gg with 2,00 gg (kpi2.1.1_02).
        assert_eq!(grado(AlPiu, n("2"), n("4"), n("2")), Some(d("100")));
        assert_eq!(grado(Uguale, n("1"), None, n("1")), Some(d("100")));
        // Entro 31/12/2022, done 17/03/2022 (kpi5.1.1_01).
        assert_eq!(
            grado(Entro, Some(day(2022, 12, 31)), None, Some(day(2022, 3, 17))),
            Some(d("100"))
        );
        // On the deadline itself.
        assert_eq!(
            grado(Entro, Some(day(2022, 3, 31)), None, Some(day(2022, 3, 31))),
            Some(d("100"))
        );
    }

    #[test]
    fn missed_without_soglia_scores_zero() {
        // >= 13,00 %, consuntivo 7,75 %, no soglia → 0 % (EC, OS01.1.1).
        assert_eq!(grado(AlMeno, n("13"), None, n("7.75")), Some(d("0")));
        assert_eq!(grado(AlPiu, n("5"), None, n("7.71")), Some(d("0")));
        assert_eq!(grado(Uguale, n("1"), None, n("0.96")), Some(d("0")));
        assert_eq!(
            grado(Entro, Some(day(2022, 9, 30)), None, Some(day(2022, 10, 1))),
            Some(d("0"))
        );
    }

    #[test]
    fn soglia_below_a_minimum_target_is_linear() {
        // >= 100 %, soglia 60 %, 93,77 %: (93,77 − 60) / (100 − 60) = 33,77 / 40 = 84,425 %.
        // The reference prints 84,44 % because its consuntivo is rounded.
        assert_eq!(grado(AlMeno, n("100"), n("60"), n("93.77")), Some(d("84.425")));
        // >= 3.000 N., soglia 2.000, 2.666: 666 / 1000 = 66,60 % (OC_TD_03).
        assert_eq!(grado(AlMeno, n("3000"), n("2000"), n("2666")), Some(d("66.6")));
        // >= 100 %, soglia 80 %, 99,43 %: 19,43 / 20 = 97,15 % (kpi14.5_04).
        assert_eq!(grado(AlMeno, n("100"), n("80"), n("99.43")), Some(d("97.15")));
        // Below the soglia: clamped to 0.
        assert_eq!(grado(AlMeno, n("100"), n("80"), n("70")), Some(d("0")));
        // Negative figures: >= −7 %, soglia −8 %, −7,60 %: 0,40 / 1 = 40 % (EC27).
        assert_eq!(grado(AlMeno, n("-7"), n("-8"), n("-7.6")), Some(d("40")));
    }

    #[test]
    fn soglia_above_a_maximum_target_is_linear() {
        // <= 2 gg, soglia 4 gg, 3 gg: (3 − 4) / (2 − 4) = 50 %.
        assert_eq!(grado(AlPiu, n("2"), n("4"), n("3")), Some(d("50")));
        // <= 8 %, soglia 10 %, 9,5 %: (9,5 − 10) / (8 − 10) = 25 %.
        assert_eq!(grado(AlPiu, n("8"), n("10"), n("9.5")), Some(d("25")));
        // Above the soglia: 0.
        assert_eq!(grado(AlPiu, n("2"), n("4"), n("5")), Some(d("0")));
    }

    #[test]
    fn deadline_with_a_soglia_date_counts_days() {
        // Entro 28/02/2022, soglia 31/03/2022 (31 days later), done 15/03/2022 (15 days late):
        // (15/03 − 31/03) / (28/02 − 31/03) = −16 / −31 = 51,6129… %.
        let g = grado(
            Entro,
            Some(day(2022, 2, 28)),
            Some(day(2022, 3, 31)),
            Some(day(2022, 3, 15)),
        )
        .unwrap();
        assert_eq!(r2(g), d("51.61"));
        // After the soglia date: 0.
        assert_eq!(
            grado(
                Entro,
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
        assert_eq!(grado(Uguale, n("1"), n("0.5"), n("0.75")), Some(d("50")));
        // Above the target by the same distance: also 50 %.
        assert_eq!(grado(Uguale, n("1"), n("0.5"), n("1.25")), Some(d("50")));
        // Farther than the soglia: 0.
        assert_eq!(grado(Uguale, n("1"), n("0.5"), n("2")), Some(d("0")));
    }

    #[test]
    fn wrong_side_soglia_is_ignored() {
        // >= 10, soglia 20 (above the target): not met scores 0, not 150 %.
        assert_eq!(grado(AlMeno, n("10"), n("20"), n("5")), Some(d("0")));
        assert_eq!(grado(AlPiu, n("10"), n("5"), n("12")), Some(d("0")));
    }

    #[test]
    fn no_consuntivo_no_grade() {
        assert_eq!(grado(AlMeno, n("10"), None, None), None);
        // A date where a number is expected cannot be compared.
        assert_eq!(grado(AlMeno, n("10"), None, Some(day(2022, 1, 1))), None);
    }

    #[test]
    fn rapporto_is_proportional_and_uncapped_here() {
        let r = |op, t, s, a| grado_rapporto(op, n(t), s, n(a), Some(d("120")));
        // >= 80, consuntivo 60: 60 / 80 = 75 %.
        assert_eq!(r(AlMeno, "80", None, "60"), Ok(Some(d("75"))));
        // >= 80, consuntivo 100: 100 / 80 = 125 % (the cap comes later, in con_tetto).
        assert_eq!(r(AlMeno, "80", None, "100"), Ok(Some(d("125"))));
        // <= 10 gg (lower is better), 8 gg: 10 / 8 = 125 %; 20 gg: 10 / 20 = 50 %.
        assert_eq!(r(AlPiu, "10", None, "8"), Ok(Some(d("125"))));
        assert_eq!(r(AlPiu, "10", None, "20"), Ok(Some(d("50"))));
        // A soglia is a floor: >= 80, soglia 50, 40 → 0 %; 50 → 50 / 80 = 62,5 %.
        assert_eq!(r(AlMeno, "80", n("50"), "40"), Ok(Some(d("0"))));
        assert_eq!(r(AlMeno, "80", n("50"), "50"), Ok(Some(d("62.5"))));
        // <= 10, soglia 15: 16 is past the soglia → 0 %; 15 → 10 / 15 = 66,67 %.
        assert_eq!(r(AlPiu, "10", n("15"), "16"), Ok(Some(d("0"))));
        assert_eq!(r(AlPiu, "10", n("15"), "15").unwrap().map(r2), Some(d("66.67")));
        // `=` is graded as with the soglia rule: 1 against = 2 is 0 %, not 50 %.
        assert_eq!(r(Uguale, "2", None, "1"), Ok(Some(d("0"))));
        // `entro` too: a date is not a ratio.
        assert_eq!(
            grado_rapporto(
                Entro,
                Some(day(2022, 6, 30)),
                None,
                Some(day(2022, 7, 1)),
                Some(d("120"))
            ),
            Ok(Some(d("0")))
        );
        // No consuntivo, no grade.
        assert_eq!(grado_rapporto(AlMeno, n("80"), None, None, None), Ok(None));
    }

    #[test]
    fn rapporto_refuses_what_is_not_a_ratio() {
        let r = |op, t, a, tetto| grado_rapporto(op, n(t), None, n(a), tetto);
        assert_eq!(r(AlMeno, "0", "5", None), Err(Impossibile::TargetZero));
        // Even before the consuntivo is known: the target alone is wrong.
        assert_eq!(
            grado_rapporto(AlMeno, n("0"), None, None, None),
            Err(Impossibile::TargetZero)
        );
        assert_eq!(r(AlMeno, "-5", "5", None), Err(Impossibile::TargetNegativo));
        assert_eq!(r(AlPiu, "10", "-1", None), Err(Impossibile::ConsuntivoNegativo));
        // <= 5 complaints, none received: the cap (120) with one, an error without.
        assert_eq!(r(AlPiu, "5", "0", Some(d("120"))), Ok(Some(d("120"))));
        assert_eq!(r(AlPiu, "5", "0", None), Err(Impossibile::ConsuntivoZeroSenzaTetto));
        // <= 0 with 0: on target, 100 %; <= 0 with 3: 0 / 3 = 0 %.
        assert_eq!(r(AlPiu, "0", "0", None), Ok(Some(d("100"))));
        assert_eq!(r(AlPiu, "0", "3", None), Ok(Some(d("0"))));
        // The messages name the column at fault and suggest the way out.
        assert_eq!(Impossibile::TargetZero.colonna(), "Target");
        assert_eq!(Impossibile::ConsuntivoNegativo.colonna(), "Consuntivo");
        assert!(Impossibile::TargetNegativo.messaggio("k").contains("Metodo"));
    }

    #[test]
    fn all_or_nothing_ignores_the_soglia() {
        // >= 100, consuntivo 99: 0 % (with the soglia rule and soglia 80 it would be 95 %).
        assert_eq!(grado_tutto_o_niente(AlMeno, n("100"), n("99")), Some(d("0")));
        assert_eq!(grado_tutto_o_niente(AlMeno, n("100"), n("100")), Some(d("100")));
        assert_eq!(grado_tutto_o_niente(AlPiu, n("5"), n("4")), Some(d("100")));
        assert_eq!(grado_tutto_o_niente(Uguale, n("1"), n("2")), Some(d("0")));
        assert_eq!(
            grado_tutto_o_niente(Entro, Some(day(2022, 6, 30)), Some(day(2022, 6, 30))),
            Some(d("100"))
        );
    }

    #[test]
    fn the_cap_bounds_a_grade() {
        assert_eq!(con_tetto(d("125"), Some(d("120"))), d("120"));
        assert_eq!(con_tetto(d("125"), Some(d("100"))), d("100"));
        assert_eq!(con_tetto(d("95"), Some(d("100"))), d("95"));
        assert_eq!(con_tetto(d("300"), None), d("300"));
    }

    fn indicatore(metodo: Option<MetodoGrado>, target: Option<Valore>, consuntivo: Option<Valore>) -> Indicatore {
        Indicatore {
            codice: "k".into(),
            obiettivo: "o".into(),
            nome: "n".into(),
            descrizione: None,
            algoritmo: None,
            fonte: None,
            tipologia: None,
            peso: d("20"),
            operatore: if matches!(target, Some(Valore::Data(_))) {
                Entro
            } else {
                AlMeno
            },
            target,
            soglia: None,
            unita_misura: if matches!(target, Some(Valore::Data(_))) {
                crate::model::UnitaMisura::Data
            } else {
                crate::model::UnitaMisura::Numero
            },
            consuntivo,
            grado_dichiarato: None,
            nota: None,
            metodo,
            origine: crate::model::Origine {
                foglio: "Indicatori".into(),
                riga: 2,
                colonne: Default::default(),
            },
        }
    }

    #[test]
    fn an_indicator_is_graded_by_its_method_then_capped() {
        let mut regole = Regole {
            metodo_grado: MetodoGrado::Rapporto,
            tetto_grado: Some(d("120")),
            ..Regole::default()
        };
        // >= 80 with 100: 125 %, capped at 120 %.
        let i = indicatore(None, n("80"), n("100"));
        assert_eq!(grado_indicatore(&i, &regole, 2025), Ok(Some(d("120"))));
        // No cap: 125 %.
        regole.tetto_grado = None;
        assert_eq!(grado_indicatore(&i, &regole, 2025), Ok(Some(d("125"))));
        // The indicator's own Metodo wins over the ente's: soglia → 100 %.
        let i = indicatore(Some(MetodoGrado::Soglia), n("80"), n("100"));
        assert_eq!(grado_indicatore(&i, &regole, 2025), Ok(Some(d("100"))));
        // Neutralized: not measured, whatever the method.
        let mut i = indicatore(None, n("80"), n("100"));
        i.peso = Decimal::ZERO;
        assert_eq!(grado_indicatore(&i, &regole, 2025), Ok(None));
    }

    #[test]
    fn deadline_without_completion_date_is_missed_after_the_year() {
        let regole = Regole::default();
        let scadenza = |entro: Valore, soglia: Option<Valore>, consuntivo: Option<Valore>| {
            let mut i = indicatore(None, Some(entro), consuntivo);
            i.soglia = soglia;
            i
        };
        // Entro 30/09/2022 with no date of completion, reporting on 2022: not met, 0 %
        // (kpi12.3_04, "avvio cantiere": the reference prints 0 %).
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), None, None), &regole, 2022),
            Ok(Some(d("0")))
        );
        // A soglia date still within the year is also past: 0 %.
        assert_eq!(
            grado_indicatore(
                &scadenza(day(2022, 9, 30), Some(day(2022, 12, 31)), None),
                &regole,
                2022
            ),
            Ok(Some(d("0")))
        );
        // A soglia in the next year cannot be judged yet: not measured.
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), Some(day(2023, 3, 31)), None), &regole, 2022),
            Ok(None)
        );
        // A deadline beyond the year reported on: not measured.
        assert_eq!(
            grado_indicatore(&scadenza(day(2023, 6, 30), None, None), &regole, 2022),
            Ok(None)
        );
        // With a date, the ordinary rule: 29/09/2022 is in time.
        assert_eq!(
            grado_indicatore(&scadenza(day(2022, 9, 30), None, Some(day(2022, 9, 29))), &regole, 2022),
            Ok(Some(d("100")))
        );
    }

    #[test]
    fn scostamento_absolute_relative_or_days() {
        use TipoScostamento::{Assoluto, Relativo};
        assert_eq!(scostamento(Assoluto, n("30"), n("46.04")), Some(d("16.04")));
        // Entro 31/12/2022, done 21/02/2022: 313 days early (kpi3.1.1_03), in either form.
        for tipo in [Assoluto, Relativo] {
            assert_eq!(
                scostamento(tipo, Some(day(2022, 12, 31)), Some(day(2022, 2, 21))),
                Some(d("-313"))
            );
        }
        assert_eq!(scostamento(Assoluto, n("30"), None), None);
        // Relative: (46 − 40) / 40 = +15 %; (30 − 40) / 40 = −25 %.
        assert_eq!(scostamento(Relativo, n("40"), n("46")), Some(d("15")));
        assert_eq!(scostamento(Relativo, n("40"), n("30")), Some(d("-25")));
        // A negative target keeps the sign telling above or below: (−7,6 − (−7)) / 7 = −8,57 %.
        assert_eq!(scostamento(Relativo, n("-7"), n("-7.6")).map(r2), Some(d("-8.57")));
        // A target of 0 has no relative deviation.
        assert_eq!(scostamento(Relativo, n("0"), n("5")), None);
    }
}
