//! minijinja for our two outputs: the Italian filters (`pct`, `numero`,
//! `data_lunga`…), the environment whose every value is written as a Typst
//! literal (the main templates), and template errors at their file and line.

use crate::format;
use crate::render::escape::{literale, stringa};
use minijinja::value::ValueKind;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use rust_decimal::Decimal;

/// A number a filter receives: a float, an integer or Italian text.
pub(super) fn decimale(v: &Value) -> Result<Decimal, Error> {
    let errore = || super::errori::errore(format!("«{v}» non è un numero"));
    match v.kind() {
        ValueKind::Number => {
            if let Some(i) = v.as_i64() {
                Ok(Decimal::from(i))
            } else {
                let f = f64::try_from(v.clone()).map_err(|_| errore())?;
                format::decimal_da_cella(f).ok_or_else(errore)
            }
        }
        ValueKind::String => format::parse_numero(v.as_str().unwrap_or_default()).ok_or_else(errore),
        _ => Err(errore()),
    }
}

fn data(v: &Value) -> Result<chrono::NaiveDate, Error> {
    let s = v.as_str().unwrap_or_default();
    format::parse_data(s)
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| super::errori::errore(format!("«{v}» non è una data")))
}

/// The Italian filters, in Italian and in English: `pct`/`percento` (with the
/// ente's `decimali`), `numero`/`number`, `data`/`date`, `data_lunga`/`long_date`,
/// `giorni`/`days`.
pub(super) fn filtri(env: &mut Environment<'_>, decimali: u32) {
    // A result that could not be computed (none of its objectives measured) is
    // printed `-`, as the document's tables print it; `check` names why.
    let pct = move |v: Value| {
        if v.is_none() || v.is_undefined() {
            return Ok("-".to_string());
        }
        decimale(&v).map(|d| format::percento_decimali(d, decimali))
    };
    let numero =
        |v: Value, decimali: Option<u32>| decimale(&v).map(|d| format::numero_decimali(d, decimali.unwrap_or(2)));
    let data_breve = |v: Value| data(&v).map(format::data);
    let lunga = |v: Value| data(&v).map(format::data_lunga);
    let giorni = |v: Value| {
        decimale(&v).map(|d| {
            let n = format::arrotonda(d, 0);
            let testo = format::numero_decimali(n, 0);
            if n.abs() == Decimal::ONE {
                format!("{testo} giorno")
            } else {
                format!("{testo} giorni")
            }
        })
    };
    env.add_filter("pct", pct);
    env.add_filter("percento", pct);
    env.add_filter("numero", numero);
    env.add_filter("number", numero);
    env.add_filter("data", data_breve);
    env.add_filter("date", data_breve);
    env.add_filter("data_lunga", lunga);
    env.add_filter("long_date", lunga);
    env.add_filter("giorni", giorni);
    env.add_filter("days", giorni);
}

/// Writes a value as a Typst literal: strings (typographic quotes applied) and
/// numbers, arrays and dictionaries of them; a safe string (generated markup)
/// goes in as it is.
pub(super) fn typst(v: &Value, out: &mut String) -> Result<(), Error> {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => match v.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => {
                let f = f64::try_from(v.clone()).unwrap_or(0.0);
                let f = if f.is_finite() { f } else { 0.0 };
                out.push_str(&format!("{f:?}"));
            }
        },
        ValueKind::String if v.is_safe() => out.push_str(v.as_str().unwrap_or_default()),
        ValueKind::String => out.push_str(&stringa(v.as_str().unwrap_or_default())),
        ValueKind::Map => {
            out.push('(');
            let mut vuota = true;
            for k in v.try_iter()? {
                let chiave = k.as_str().map(str::to_string).unwrap_or_else(|| k.to_string());
                out.push_str(&literale(&chiave));
                out.push_str(": ");
                typst(&v.get_item(&k)?, out)?;
                out.push_str(", ");
                vuota = false;
            }
            if vuota {
                out.push(':');
            }
            out.push(')');
        }
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for x in v.try_iter()? {
                typst(&x, out)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        _ => out.push_str(&stringa(&v.to_string())),
    }
    Ok(())
}

/// A minijinja environment whose output is Typst literals.
pub(super) fn ambiente_typst() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limiti::CARBURANTE_MODELLI));
    filtri(&mut env, 2);
    env.add_filter("percorso", |s: String| Value::from_safe_string(literale(&s)));
    env.set_formatter(|out, _state, v| {
        let mut s = String::new();
        typst(v, &mut s)?;
        out.write_str(&s)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "scrittura"))
    });
    env
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::value::Serde;
    use std::collections::BTreeMap;

    fn t(v: Value) -> String {
        let mut s = String::new();
        typst(&v, &mut s).unwrap();
        s
    }

    #[test]
    fn values_become_typst_literals() {
        assert_eq!(t(Value::from("l'ente")), "\"l’ente\"");
        assert_eq!(t(Value::from(2022)), "2022");
        assert_eq!(t(Value::from(84.425)), "84.425");
        assert_eq!(t(Value::from(())), "none");
        assert_eq!(t(Value::from(vec!["a"])), "(\"a\", )");
        let m = Value::from(Serde(BTreeMap::from([("codice", "OS1")])));
        assert_eq!(t(m), "(\"codice\": \"OS1\", )");
        assert_eq!(t(Value::from(Serde(BTreeMap::<String, i32>::new()))), "(:)");
        assert_eq!(t(Value::from_safe_string("#x".into())), "#x");
    }

    #[test]
    fn every_filter() {
        let mut env = Environment::new();
        filtri(&mut env, 2);
        let r = |src: &str| env.render_str(src, minijinja::context! {}).unwrap();
        // 84,425 rounds half away from zero: 84,43.
        assert_eq!(r("{{ 84.425 | pct }}"), "84,43 %");
        assert_eq!(r("{{ 84.425 | percento }}"), "84,43 %");
        assert_eq!(r("{{ 2987 | numero }}"), "2.987,00");
        assert_eq!(r("{{ '223.025' | number(0) }}"), "223.025");
        assert_eq!(r("{{ '2022-09-13' | data }}"), "13/09/2022");
        assert_eq!(r("{{ '13/09/2022' | date }}"), "13/09/2022");
        assert_eq!(r("{{ '2022-09-13' | data_lunga }}"), "13 settembre 2022");
        assert_eq!(r("{{ '13/09/2022' | long_date }}"), "13 settembre 2022");
        assert_eq!(r("{{ 313 | giorni }}"), "313 giorni");
        // One rounding rule, half away from zero: 2,5 days are 3 (half to
        // even would say 2), 3,5 are 4, −2,5 are −3; thousands grouped.
        assert_eq!(r("{{ 2.5 | giorni }}"), "3 giorni");
        assert_eq!(r("{{ '3,5' | giorni }}"), "4 giorni");
        assert_eq!(r("{{ -2.5 | giorni }}"), "-3 giorni");
        assert_eq!(r("{{ 1234 | giorni }}"), "1.234 giorni");
        assert_eq!(r("{{ 0.5 | giorni }}"), "1 giorno");
        // Counts, percentages and points at x,5.
        assert_eq!(r("{{ 12.5 | numero(0) }}"), "13");
        assert_eq!(r("{{ 66.665 | pct }}"), "66,67 %");
        assert_eq!(r("{{ 16.125 | numero }}"), "16,13");
        assert_eq!(r("{{ 1 | days }}"), "1 giorno");
        assert!(env.render_str("{{ 'molti' | pct }}", minijinja::context! {}).is_err());
    }
}
