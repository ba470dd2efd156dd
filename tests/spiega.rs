//! `relazione spiega`: each published figure of the 2022 report that the
//! tests compare, explained. Each explanation prints the figure `punteggi`
//! prints, and the terms its steps print recompute to it — what the OIV does
//! by hand with a calculator.

use crate::common::{d, fixture, leggibile, relazione, s};
use relazione::Relazione;
use relazione::format;
use relazione::spiega::{Spiegazione, spiega};
use rust_decimal::Decimal;
use std::path::Path;

fn campione() -> Relazione {
    relazione::carica(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).expect("the sample loads")
}

/// The figure the table of `relazione punteggi` prints on the line of `codice`,
/// as someone reads it there: `85,13 %`, or `-`.
fn in_tabella(tabella: &str, codice: &str) -> String {
    let riga = tabella
        .lines()
        .find(|l| l.split_whitespace().next() == Some(codice))
        .unwrap_or_else(|| panic!("{codice} not in the table of punteggi"));
    let parole: Vec<&str> = riga.split_whitespace().collect();
    if parole.get(2) == Some(&"%") {
        format!("{} %", parole[1])
    } else {
        parole[1].to_string()
    }
}

/// An Italian number as a step prints it: `1.400,00`, `66,6667…`.
fn numero(testo: &str) -> Decimal {
    let t = testo.trim().trim_end_matches('…').trim();
    t.replace('.', "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {testo}"))
}

/// Recomputes a mean from the printed steps alone: every `CODICE: grado X %
/// × peso P = …` (or `risultato`) line, Σ X·P / Σ P; a term without weight
/// (a simple mean) weighs 1.
fn ricalcolata(s: &Spiegazione) -> Option<Decimal> {
    let mut somma = Decimal::ZERO;
    let mut pesi = Decimal::ZERO;
    for p in &s.passi {
        let Some((_, dopo)) = p
            .testo
            .split_once(": grado ")
            .or_else(|| p.testo.split_once(": risultato "))
        else {
            continue;
        };
        // A weighted term, `X % × peso P = …`, or a term of a simple mean, `X %`.
        let (valore, peso) = match dopo.split_once(" % × peso ") {
            Some((valore, resto)) => (valore, numero(resto.split(" = ").next().unwrap())),
            None => match dopo.strip_suffix(" %") {
                Some(valore) => (valore, Decimal::ONE),
                None => continue,
            },
        };
        somma += numero(valore) * peso;
        pesi += peso;
    }
    (!pesi.is_zero()).then(|| somma / pesi)
}

#[test]
fn every_published_result_is_explained_by_terms_that_recompute_to_it() {
    let r = campione();
    let tabella = relazione::stampa::punteggi(&r);
    let mut spiegati = 0;
    let codici = fixture("pubblicati-2022.tsv")
        .into_iter()
        .chain(fixture("pubblicati-allegato3-2022.tsv"))
        .map(|riga| riga.get("Codice").or_else(|| riga.get("Obiettivo")).cloned().unwrap());
    for codice in codici {
        let s = spiega(&r, &codice).unwrap();
        assert_eq!(s.stampato, in_tabella(&tabella, &codice), "{codice}");
        if s.valore.is_none() {
            continue;
        }
        // The objectives of 2022 average their indicators by weight.
        let ricalcolato = ricalcolata(&s).unwrap_or_else(|| panic!("{codice}: no term printed"));
        assert_eq!(format::percento_decimali(ricalcolato, 2), s.stampato, "{codice}");
        // Every term that counts names the cell of its weight.
        for t in s.termini.iter().filter(|t| t.conta()) {
            assert!(t.fonte_peso.starts_with("Indicatori!H"), "{codice}: {t:?}");
        }
        // The valutazione is said, with the ente's threshold.
        let ultimo = &s.passi.last().unwrap().testo;
        assert!(ultimo.starts_with("Valutazione: "), "{codice}: {ultimo}");
        spiegati += 1;
    }
    assert!(spiegati >= 34, "only {spiegati} results explained");
}

#[test]
fn the_result_of_os14_5_step_by_step() {
    // OS14.5: 14·100 + 14·100 + 14·97,15 + 15·100 + 15·100 + 14·66,6 + 14·30 = 8.512,5
    // over Σ peso 100 → 85,125 % → 85,13 % (published 85,19 %: see sample_2022).
    let r = campione();
    let s = spiega(&r, "OS14.5").unwrap();
    let testo = relazione::stampa::spiegazione(&s);
    assert_eq!(s.stampato, "85,13 %");
    assert!(
        testo.contains("Obiettivo strategico: 85,13 % (Parzialmente raggiunto)"),
        "{testo}"
    );
    assert!(
        testo.contains("kpi14.5_04: grado 97,15 % × peso 14 = 1.360,10"),
        "{testo}"
    );
    assert!(
        testo.contains(
            "Somma di grado × peso = 8.512,50; somma dei pesi = 100; 8.512,50 / 100 = 85,125 %, che si stampa 85,13 %."
        ),
        "{testo}"
    );
    assert!(
        testo.contains("85,125 % è fra soglia_non_raggiunto 0,00 % e soglia_raggiunto 95,00 %"),
        "{testo}"
    );
}

#[test]
fn an_indicator_shows_its_formula_its_cells_and_the_declared_grade() {
    // ≥ 100 %, soglia 80 %, 99,43 % → (99,43 − 80) / (100 − 80) × 100 = 97,15 %;
    // the workbook declares 100 % (the published table's figure).
    let r = campione();
    let s = spiega(&r, "kpi14.5_04").unwrap();
    let testo = leggibile(&relazione::stampa::spiegazione(&s));
    assert_eq!(s.valore, Some(d("97.15")));
    assert!(
        testo.contains(
            "(consuntivo − soglia) / (target − soglia) × 100 = (99,43 − 80,00) / (100,00 − 80,00) × 100 = 97,15 %"
        ),
        "{testo}"
    );
    assert!(
        testo.contains(
            "Target ≥ 100,00 %; soglia 80,00 %; consuntivo 99,43 %.  [Indicatori!J73, Indicatori!K73, Indicatori!M73]"
        ),
        "{testo}"
    );
    assert!(
        testo.contains("Il foglio dichiara un grado di 100,00 %, il calcolo dà 97,15 %"),
        "{testo}"
    );
    assert!(testo.contains("[Indicatori!N73]"), "{testo}");
    assert_eq!(s.dichiarato, Some(d("100")));
}

#[test]
fn a_changed_target_is_read_from_its_deliberation() {
    // kpi3.1.1_01: target 20 → 85 by deliberation 142 of 13/09/2022 (Modifiche row 2).
    let r = campione();
    let testo = leggibile(&relazione::stampa::spiegazione(&spiega(&r, "kpi3.1.1_01").unwrap()));
    assert!(
        testo.contains(
            "Variazione: target portato da ≥ 20,00 % a ≥ 85,00 % con deliberazione 142 del 13 settembre 2022"
        ),
        "{testo}"
    );
    assert!(testo.contains("Target ≥ 85,00 %"), "{testo}");
    assert!(testo.contains("[Modifiche!D2"), "{testo}");
}

#[test]
fn a_person_and_the_ente() {
    // Segretario Generale: OP1.1.1-01 (0 %) weighs 16, five at 100 % weigh 84 → 84 %.
    let r = campione();
    let s = spiega(&r, "segretario generale").unwrap();
    assert_eq!(s.stampato, "84,00 %");
    assert_eq!(ricalcolata(&s), Some(d("84")));
    assert!(
        relazione::stampa::spiegazione(&s).contains("OP1.1.1-01: risultato 0,00 % × peso 16 = 0,00  [Assegnazioni!")
    );
    // The ente: the simple mean of the 14 strategic objectives, 90,90 % as punteggi prints.
    let e = spiega(&r, "ente").unwrap();
    assert_eq!(
        e.stampato,
        in_tabella(
            &relazione::stampa::punteggi(&r).replace("Risultato dell'ente:", "ente"),
            "ente"
        )
    );
    assert_eq!(e.termini.iter().filter(|t| t.conta()).count(), 14);
}

#[test]
fn a_unit_is_the_simple_mean_of_its_operational_objectives() {
    // 2022: metodo_ente is the simple mean; AN (Area Anagrafe economica) is the
    // unit of the operational objectives that name it in Obiettivi.
    let r = campione();
    let s = spiega(&r, "AN").unwrap();
    assert_eq!(s.stampato, in_tabella(&relazione::stampa::punteggi(&r), "AN"));
    let contati: Vec<_> = s.termini.iter().filter(|t| t.conta()).collect();
    assert!(!contati.is_empty());
    assert!(contati.iter().all(|t| {
        r.piano()
            .obiettivo(&t.codice)
            .unwrap()
            .unita
            .contains(&"AN".to_string())
    }));
    let ricalcolato = ricalcolata(&s).unwrap();
    assert_eq!(format::percento_decimali(ricalcolato, 2), s.stampato);
}

#[test]
fn the_command_prints_text_and_json_and_names_an_unknown_code() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (code, out, err) = relazione(&["spiega", "OS10.2.1", s(&data)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("OS10.2.1 — "), "{out}");
    assert!(out.contains(": 83,51 %"), "{out}");
    let (code, out, _) = relazione(&["spiega", "kpi14.5_04", "--cartella", s(&data), "--stampa", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tipo"], "indicatore");
    assert_eq!(v["stampato"], "97,15 %");
    assert!(
        v["passi"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["fonti"][0] == "Indicatori!N73")
    );
    let (code, _, err) = relazione(&["spiega", "OS14", s(&data)]);
    assert_eq!(code, 1);
    assert!(err.contains("«OS14» non è un indicatore, un obiettivo"), "{err}");
    assert!(err.contains("forse: "), "{err}");
}
