//! The grade of an indicator by each method, with each operator: the expected
//! values worked out in the comments.

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
