//! Properties of the scoring rules, over many generated cases (proptest).

use proptest::prelude::*;
use relazione::model::{Indicatore, Operatore, Origine, Regole, UnitaMisura, Valore};
use relazione::scoring::{grado, grado_indicatore, media, media_ponderata};
use rust_decimal::Decimal;

/// A figure with two decimals between -10.000 and 10.000.
fn cifra() -> impl Strategy<Value = Decimal> {
    (-1_000_000i64..1_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn n(d: Decimal) -> Option<Valore> {
    Some(Valore::Numero(d))
}

fn operatore() -> impl Strategy<Value = Operatore> {
    prop_oneof![Just(Operatore::AlMeno), Just(Operatore::AlPiu), Just(Operatore::Uguale)]
}

proptest! {
    #[test]
    fn grade_is_between_0_and_100(op in operatore(), t in cifra(), s in proptest::option::of(cifra()), a in cifra()) {
        let g = grado(op, n(t), s.and_then(n), n(a)).unwrap();
        prop_assert!(g >= Decimal::ZERO && g <= Decimal::ONE_HUNDRED, "{g}");
    }

    #[test]
    fn exactly_100_when_met(op in operatore(), t in cifra(), s in proptest::option::of(cifra()), a in cifra()) {
        let met = match op {
            Operatore::AlMeno => a >= t,
            Operatore::AlPiu => a <= t,
            _ => a == t,
        };
        let g = grado(op, n(t), s.and_then(n), n(a)).unwrap();
        // 100 % exactly when the target is met, never short of it.
        prop_assert_eq!(g == Decimal::ONE_HUNDRED, met);
    }

    #[test]
    fn monotone_towards_the_target(t in cifra(), s in cifra(), a in cifra(), b in cifra()) {
        // For >=, a larger consuntivo never scores less; for <=, a smaller one.
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let g = |op, x| grado(op, n(t), n(s), n(x)).unwrap();
        prop_assert!(g(Operatore::AlMeno, lo) <= g(Operatore::AlMeno, hi));
        prop_assert!(g(Operatore::AlPiu, hi) <= g(Operatore::AlPiu, lo));
    }

    #[test]
    fn deadlines_are_monotone_in_days(entro in 0i64..700, s in 0i64..700, x in 0i64..700, y in 0i64..700) {
        let giorno = |d: i64| Some(Valore::Data(chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(d as u64)));
        let (prima, dopo) = if x <= y { (x, y) } else { (y, x) };
        let g = |d| grado(Operatore::Entro, giorno(entro), giorno(s), giorno(d)).unwrap();
        prop_assert!(g(dopo) <= g(prima));
        prop_assert_eq!(g(prima) == Decimal::ONE_HUNDRED, prima <= entro);
    }

    #[test]
    fn weighted_mean_ignores_the_scale_of_weights(
        voci in proptest::collection::vec((1i64..10_000, proptest::option::of(0i64..10_000)), 1..12),
        k in 1i64..1000,
    ) {
        let a: Vec<(Decimal, Option<Decimal>)> = voci.iter().map(|(p, v)| (Decimal::new(*p, 2), v.map(|v| Decimal::new(v, 2)))).collect();
        let b: Vec<(Decimal, Option<Decimal>)> = a.iter().map(|(p, v)| (*p * Decimal::from(k), *v)).collect();
        match (media_ponderata(a.clone()), media_ponderata(b)) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() < Decimal::new(1, 20), "{x} {y}"),
            (x, y) => prop_assert_eq!(x, y),
        }
        // The mean lies between the smallest and the largest value.
        if let Some(m) = media_ponderata(a.clone()) {
            let vals: Vec<Decimal> = a.iter().filter_map(|(_, v)| *v).collect();
            prop_assert!(m >= *vals.iter().min().unwrap() - Decimal::new(1, 20));
            prop_assert!(m <= *vals.iter().max().unwrap() + Decimal::new(1, 20));
        }
        prop_assert_eq!(media(a.iter().map(|(_, v)| *v)).is_some(), a.iter().any(|(_, v)| v.is_some()));
    }

    #[test]
    fn neutralizing_one_indicator_never_changes_the_others_grades(
        pesi in proptest::collection::vec(1i64..100, 2..8),
        consuntivi in proptest::collection::vec(0i64..200, 8),
        quale in 0usize..8,
    ) {
        // Grades depend only on each indicator's own target, soglia and consuntivo:
        // neutralizing one (peso 0) leaves it without grade, and the others' grades
        // as they were, each computed again.
        let quale = quale % pesi.len();
        let regole = Regole::default();
        let indicatori: Vec<Indicatore> = pesi
            .iter()
            .zip(&consuntivi)
            .map(|(p, a)| indicatore(Decimal::from(*p), Decimal::from(*a)))
            .collect();
        let mut neutralizzati = indicatori.clone();
        neutralizzati[quale].peso = Decimal::ZERO;
        let gradi = |xs: &[Indicatore]| -> Vec<Option<Decimal>> {
            xs.iter().map(|i| grado_indicatore(i, &regole, 2022).unwrap()).collect()
        };
        let (prima, dopo) = (gradi(&indicatori), gradi(&neutralizzati));
        prop_assert_eq!(dopo[quale], None);
        for i in (0..pesi.len()).filter(|i| *i != quale) {
            prop_assert_eq!(prima[i], dopo[i]);
            prop_assert!(prima[i].is_some());
        }
        // And the objective's mean is the mean of the others.
        let media_di = |xs: &[Indicatore], g: &[Option<Decimal>]| media_ponderata(xs.iter().zip(g).map(|(i, g)| (i.peso, *g)));
        let altri: Vec<(Decimal, Option<Decimal>)> = indicatori.iter().zip(&prima).enumerate()
            .filter(|(k, _)| *k != quale).map(|(_, (i, g))| (i.peso, *g)).collect();
        prop_assert_eq!(media_di(&neutralizzati, &dopo), media_ponderata(altri));
    }
}

/// An indicator `>= 100`, soglia 50, with a weight and a consuntivo.
fn indicatore(peso: Decimal, consuntivo: Decimal) -> Indicatore {
    Indicatore {
        codice: "k".into(),
        obiettivo: "o".into(),
        nome: "n".into(),
        descrizione: None,
        algoritmo: None,
        fonte: None,
        tipologia: None,
        peso,
        operatore: Operatore::AlMeno,
        target: n(Decimal::from(100)),
        soglia: n(Decimal::from(50)),
        unita_misura: UnitaMisura::Percento,
        consuntivo: n(consuntivo),
        grado_dichiarato: None,
        nota: None,
        metodo: None,
        origine: Origine {
            foglio: "Indicatori".into(),
            riga: 2,
            colonne: Default::default(),
        },
    }
}
