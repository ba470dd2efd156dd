//! Means: of an objective's indicators, of the ente's strategic objectives, of a
//! person's assignments. Weights are relative: 20 and 0,20 weigh the same.

use crate::model::MetodoMedia;
use rust_decimal::Decimal;

/// Σ peso·valore / Σ peso over the items that have a value and a positive weight;
/// `None` when there is none (or the sums leave the decimal range).
pub fn media_ponderata(items: impl IntoIterator<Item = (Decimal, Option<Decimal>)>) -> Option<Decimal> {
    let mut somma = Decimal::ZERO;
    let mut pesi = Decimal::ZERO;
    for (peso, valore) in items {
        let Some(valore) = valore else { continue };
        if peso <= Decimal::ZERO {
            continue;
        }
        somma = somma.checked_add(peso.checked_mul(valore)?)?;
        pesi = pesi.checked_add(peso)?;
    }
    if pesi.is_zero() { None } else { somma.checked_div(pesi) }
}

/// Simple mean of the values present; `None` when there is none.
pub fn media(items: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    media_ponderata(items.into_iter().map(|v| (Decimal::ONE, v)))
}

/// A mean by the ente's method over (peso, value) items. The simple mean takes
/// the items a weighted one would take (a value and a positive weight), each once.
pub fn media_con(metodo: MetodoMedia, items: impl IntoIterator<Item = (Decimal, Option<Decimal>)>) -> Option<Decimal> {
    match metodo {
        MetodoMedia::MediaPonderata => media_ponderata(items),
        MetodoMedia::Media => media(
            items
                .into_iter()
                .filter(|(peso, _)| *peso > Decimal::ZERO)
                .map(|(_, v)| v),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::in_frazioni;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
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
    fn weights_are_relative() {
        // Five weights of 0,20 and five of 20 give the same mean: (100 + 80 + 60 + 40 + 20) / 5 = 60.
        let gradi = ["100", "80", "60", "40", "20"];
        let frazioni = gradi.iter().map(|g| (d("0.2"), Some(d(g))));
        let percentuali = gradi.iter().map(|g| (d("20"), Some(d(g))));
        assert_eq!(media_ponderata(frazioni), Some(d("60")));
        assert_eq!(media_ponderata(percentuali), Some(d("60")));
    }

    #[test]
    fn simple_mean_of_the_measured_items() {
        // Weights 70 and 30, grades 100 and 50: weighted (7.000 + 1.500) / 100 = 85; simple (100 + 50) / 2 = 75.
        // The neutralized one (peso 0) and the unmeasured one stay out of both.
        let items = [
            (d("70"), Some(d("100"))),
            (d("30"), Some(d("50"))),
            (d("0"), Some(d("0"))),
            (d("10"), None),
        ];
        assert_eq!(media_con(MetodoMedia::MediaPonderata, items), Some(d("85")));
        assert_eq!(media_con(MetodoMedia::Media, items), Some(d("75")));
    }

    #[test]
    fn fractions_sum_to_one() {
        assert!(in_frazioni([d("0.2"), d("0.3"), d("0.5")]));
        assert!(!in_frazioni([d("20"), d("30"), d("50")]));
        assert!(!in_frazioni([d("0.2"), d("0.3")]));
        // A single weight of 1 is a fraction too: 100 %.
        assert!(in_frazioni([d("1")]));
    }
}
