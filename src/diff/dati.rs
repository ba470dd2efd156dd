//! The differences of the data as planned (before the deliberations): every
//! record of every sheet matched by its key, field by field, values shown as
//! the report prints them.

use super::Cambio;
use crate::format;
use crate::model::Piano;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A JSON value of the model as the report prints it: Italian numbers and dates.
fn leggibile(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "sì" } else { "no" }.into()),
        Value::Number(n) => Some(match n.to_string().parse::<Decimal>() {
            Ok(d) => format::numero_decimali(d, d.normalize().scale().max(2)),
            Err(_) => n.to_string(),
        }),
        Value::String(s) => Some(match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => format::data(d),
            Err(_) => s.clone(),
        }),
        Value::Array(a) => Some(a.iter().filter_map(leggibile).collect::<Vec<_>>().join(", ")),
        // Enums with a value ({"Numero": 85}, {"Data": "…"}) show the value.
        Value::Object(o) if o.len() == 1 => o.values().next().and_then(leggibile),
        Value::Object(o) => Some(
            o.iter()
                .filter_map(|(k, v)| Some(format!("{k}: {}", leggibile(v)?)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// The fields of a record, without its place in the workbook.
fn campi<T: Serialize>(x: &T) -> BTreeMap<String, Value> {
    match serde_json::to_value(x) {
        Ok(Value::Object(o)) => o
            .into_iter()
            .filter(|(k, _)| k != "origine" && k != "cella_da")
            .collect(),
        Ok(altro) => BTreeMap::from([("valore".to_string(), altro)]),
        Err(_) => BTreeMap::new(),
    }
}

/// Field-by-field differences of two lists of records, matched by key.
fn confronta_record<T: Serialize>(
    tipo: &str,
    prima: &[T],
    dopo: &[T],
    chiave: impl Fn(&T) -> String,
    out: &mut Vec<Cambio>,
) {
    let mappa =
        |xs: &[T]| -> BTreeMap<String, BTreeMap<String, Value>> { xs.iter().map(|x| (chiave(x), campi(x))).collect() };
    let (a, b) = (mappa(prima), mappa(dopo));
    let nome = |f: &BTreeMap<String, Value>| {
        ["titolo", "nome", "persona", "valore"]
            .iter()
            .find_map(|k| f.get(*k).and_then(leggibile))
    };
    // The name a reader knows the thing by, beside its code.
    let titolo = |f: &BTreeMap<String, Value>| ["titolo", "nome"].iter().find_map(|k| f.get(*k).and_then(leggibile));
    for (k, fa) in &a {
        match b.get(k) {
            None => out.push(Cambio {
                tipo: tipo.into(),
                codice: k.clone(),
                nome: titolo(fa),
                campo: "(tolto)".into(),
                prima: nome(fa),
                dopo: None,
            }),
            Some(fb) => {
                for (campo, va) in fa {
                    let vb = fb.get(campo).unwrap_or(&Value::Null);
                    if va != vb && leggibile(va) != leggibile(vb) {
                        out.push(Cambio {
                            tipo: tipo.into(),
                            codice: k.clone(),
                            nome: titolo(fb),
                            campo: campo.replace('_', " "),
                            prima: leggibile(va),
                            dopo: leggibile(vb),
                        });
                    }
                }
            }
        }
    }
    for (k, fb) in &b {
        if !a.contains_key(k) {
            out.push(Cambio {
                tipo: tipo.into(),
                codice: k.clone(),
                nome: titolo(fb),
                campo: "(aggiunto)".into(),
                prima: None,
                dopo: nome(fb),
            });
        }
    }
}

/// The differences of the data, as planned (before the deliberations).
pub fn dati(a: &Piano, b: &Piano) -> Vec<Cambio> {
    let mut out = Vec::new();
    let ente = |p: &Piano| -> Vec<(String, Value)> { campi(&p.ente).into_iter().collect() };
    confronta_record("ente", &ente(a), &ente(b), |(k, _)| k.clone(), &mut out);
    // The ente's settings are key → value pairs: show them as such.
    for c in out.iter_mut().filter(|c| c.tipo == "ente") {
        c.campo = "valore".into();
    }
    confronta_record("ambito", &a.ambiti, &b.ambiti, |x| x.codice.clone(), &mut out);
    confronta_record("unità", &a.unita, &b.unita, |x| x.codice.clone(), &mut out);
    confronta_record("obiettivo", &a.obiettivi, &b.obiettivi, |x| x.codice.clone(), &mut out);
    confronta_record(
        "indicatore",
        &a.indicatori,
        &b.indicatori,
        |x| x.codice.clone(),
        &mut out,
    );
    let modifica = super::schede::codice_modifica;
    let inizio = out.len();
    confronta_record("modifica", &a.modifiche, &b.modifiche, modifica, &mut out);
    // A deliberation added or removed is told by what it changes: `da 24 a 16`.
    for c in out[inizio..].iter_mut() {
        let (lista, lato) = match c.campo.as_str() {
            "(aggiunto)" => (&b.modifiche, &mut c.dopo),
            "(tolto)" => (&a.modifiche, &mut c.prima),
            _ => continue,
        };
        if let Some(m) = lista.iter().find(|m| modifica(m) == c.codice) {
            let f = campi(m);
            let v = |k: &str| f.get(k).and_then(leggibile).unwrap_or_else(|| "—".into());
            // In words: the fonts of the prospetto have no arrow.
            *lato = Some(format::da_a(&v("da"), &v("a")));
        }
    }
    let assegnazione = |x: &crate::model::Assegnazione| format!("{} · {}", x.persona, x.obiettivo);
    let inizio = out.len();
    confronta_record("persona", &a.assegnazioni, &b.assegnazioni, assegnazione, &mut out);
    // An assignment added or removed is told by its weight, not the person's name again.
    for c in out[inizio..].iter_mut() {
        let (lista, lato) = match c.campo.as_str() {
            "(aggiunto)" => (&b.assegnazioni, &mut c.dopo),
            "(tolto)" => (&a.assegnazioni, &mut c.prima),
            _ => continue,
        };
        if let Some(x) = lista.iter().find(|x| assegnazione(x) == c.codice) {
            *lato = Some(format!("peso {}", format::numero(x.peso)));
        }
    }
    confronta_record(
        "grafico",
        &a.serie,
        &b.serie,
        |x| format!("{} · {} · {}", x.grafico, x.serie, x.categoria),
        &mut out,
    );
    confronta_record("dato", &a.dati, &b.dati, |x| x.chiave.clone(), &mut out);
    confronta_record("categoria", &a.persone, &b.persone, |x| x.nome.clone(), &mut out);
    confronta_record(
        "componente",
        &a.componenti,
        &b.componenti,
        |x| format!("{} · {}", x.categoria, x.componente),
        &mut out,
    );
    confronta_record(
        "punteggio",
        &a.punteggi_individuali,
        &b.punteggi_individuali,
        |x| format!("{} · {} · {}", x.persona, x.componente, x.voce),
        &mut out,
    );
    confronta_record(
        "distribuzione",
        &a.distribuzione,
        &b.distribuzione,
        |x| {
            format!(
                "{} · {} · {}",
                x.categoria,
                x.genere.as_deref().unwrap_or("tutti"),
                x.fascia
            )
        },
        &mut out,
    );
    confronta_record(
        "fascia",
        &a.fasce,
        &b.fasce,
        |x| format!("{} – {}", format::numero(x.da), format::numero(x.a)),
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_values() {
        assert_eq!(leggibile(&serde_json::json!({"Numero": 85})), Some("85,00".into()));
        assert_eq!(
            leggibile(&serde_json::json!({"Data": "2022-09-13"})),
            Some("13/09/2022".into())
        );
        assert_eq!(leggibile(&serde_json::json!(null)), None);
        assert_eq!(leggibile(&serde_json::json!("testo")), Some("testo".into()));
    }
}
