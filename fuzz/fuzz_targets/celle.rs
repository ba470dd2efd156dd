//! The cell parsers: numbers, dates, operators, units. Never a panic; a number
//! that parses prints and parses back to itself, rounded to two decimals.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relazione::format;
use relazione::model::{Campo, Operatore, UnitaMisura};

fuzz_target!(|s: &str| {
    if let Some(d) = format::parse_numero(s) {
        let stampato = format::numero(d);
        let riletto = format::parse_numero(&stampato);
        assert_eq!(
            riletto,
            Some(d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)),
            "{s:?} → {stampato:?}"
        );
        let _ = format::percento(d);
        let _ = format::scostamento(d, "%");
    }
    if let Some(d) = format::parse_data(s) {
        assert_eq!(format::parse_data(&format::data(d)), Some(d));
        let _ = format::data_lunga(d);
    }
    let _ = format::data_nel_testo(s);
    let _ = Operatore::parse(s);
    let _ = UnitaMisura::parse(s);
    let _ = Campo::parse(s);
});
