//! The second sample, clearly fictional: the Comune di Borgo Esempio, 2025
//! (`tests/esempi/comune/`), whose evaluation system is not Torino's: grades by
//! `rapporto` with a cap of 120, an indicator with its own method and one changed
//! by deliberation, weights as fractions, `Fasce` with points, relative
//! deviations, whole percentages (`decimali` 0), assignments of the ente's and a
//! unit's result. Every figure below is worked out by hand from
//! `tests/esempi/comune/sorgente/`. The PDF's validation by veraPDF is in `.ci/run`.

use crate::common;
use common::parole_pdf;
use common::{d, r2};
use relazione::build::{Opzioni, costruisci};
use relazione::scoring::Valutazione;
use std::path::{Path, PathBuf};

fn cartella() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune")
}

fn comune() -> relazione::Relazione {
    relazione::carica(&cartella()).expect("the Comune sample loads")
}

#[test]
fn grades_by_rapporto_capped_at_120() {
    let r = comune();
    let g = |c: &str| r2(r.punteggi.indicatori[c].grado);
    // k1.1 <= 10 gg with 8: 10 / 8 = 125 %, capped at 120 %.
    assert_eq!(g("k1.1"), Some(d("120")));
    // k1.2 >= 85 % with 80,75 %: 80,75 / 85 = 95 %.
    assert_eq!(g("k1.2"), Some(d("95")));
    // k2.2 has Metodo = soglia: >= 400, soglia 300, 350 → (350 − 300) / (400 − 300) = 50 %.
    assert_eq!(g("k2.2"), Some(d("50")));
    // k3.2 >= 95 % with 100 %: 100 / 95 = 105,26 %, under the cap.
    assert_eq!(g("k3.2"), Some(d("105.26")));
    // k11.1 <= 7 gg with 10: 7 / 10 = 70 %.
    assert_eq!(g("k11.1"), Some(d("70")));
    // k12.2 moved to "tutto o niente" by deliberation 112: 4.500 short of 5.000 → 0 %.
    assert_eq!(g("k12.2"), Some(d("0")));
    // k21.1's target lowered from 4.500 to 4.000 by deliberation 98: 3.600 / 4.000 = 90 %.
    assert_eq!(g("k21.1"), Some(d("90")));
    // k21.2 = 3 with 3: `=` is graded as with the soglia rule, 100 %.
    assert_eq!(g("k21.2"), Some(d("100")));
    // k32.1 entro 30/06/2025, soglia 31/07/2025, done 10/07/2025: a date is not a ratio,
    // linear in days, (10/07 − 31/07) / (30/06 − 31/07) = −21 / −31 = 67,74 %.
    assert_eq!(g("k32.1"), Some(d("67.74")));
    // k32.2 neutralized by deliberation 112: not measured.
    assert_eq!(g("k32.2"), None);
}

#[test]
fn objectives_ente_units_and_people() {
    let r = comune();
    let o = |c: &str| r2(r.punteggi.obiettivi[c].risultato);
    // OS1 = (50 · 120 + 50 · 95) / 100 = 107,5 %: above 100, as the cap allows.
    assert_eq!(o("OS1"), Some(d("107.5")));
    // OS2 = (60 · 80 + 40 · 50) / 100 = 68 % (k2.1: 52 / 65 = 80 %).
    assert_eq!(o("OS2"), Some(d("68")));
    // OS3 = (50 · 110 + 50 · 105,263…) / 100 = 107,63 % (k3.1: 88 / 80 = 110 %).
    assert_eq!(o("OS3"), Some(d("107.63")));
    // OP1.2 = (70 · 120 + 30 · 0) / 100 = 84 % (k12.1: 150 / 120 = 125 %, capped).
    assert_eq!(o("OP1.2"), Some(d("84")));
    // OP3.1, weights 0,4 0,4 0,2: 0,4 · 120 + 0,4 · 75 + 0,2 · 120 = 102 %
    // (k31.1 24 / 20 = 120 %, k31.2 45 / 60 = 75 %, k31.3 15 / 12 = 125 % → 120 %).
    assert_eq!(o("OP3.1"), Some(d("102")));
    // OP3.2: k32.1 alone (weight 50 → 100 by deliberation 112), 67,74 %.
    assert_eq!(o("OP3.2"), Some(d("67.74")));
    // The ente, simple mean: (107,5 + 68 + 107,6315…) / 3 = 94,38 %.
    assert_eq!(r2(r.punteggi.ente), Some(d("94.38")));
    // SERV: OP1.1 70, OP1.2 84, OP3.1 102 → 256 / 3 = 85,33 %; AMM: (102 + 67,74) / 2 = 84,87 %.
    assert_eq!(r2(r.punteggi.unita["SERV"]), Some(d("85.33")));
    assert_eq!(r2(r.punteggi.unita["AMM"]), Some(d("84.87")));
    let p = |n: &str| r2(r.punteggi.persone[n]);
    // Segretario: ente 60, OS3 40 → 0,6 · 94,377… + 0,4 · 107,631… = 99,68 %.
    assert_eq!(p("Segretario comunale"), Some(d("99.68")));
    // Dirigente Area Servizi: OP1.1 30, OP1.2 30, unit SERV 40 → 21 + 25,2 + 34,13 = 80,33 %.
    assert_eq!(p("Dirigente Area Servizi"), Some(d("80.33")));
    // Dirigente Area Territorio: OP2.1 (95 %) 70, ente 30 → 66,5 + 28,31 = 94,81 %.
    assert_eq!(p("Dirigente Area Territorio"), Some(d("94.81")));
}

#[test]
fn bands_and_points() {
    // Fasce: 0–70 Non raggiunto 0–10 points, 70–90 Parzialmente raggiunto 10–16,
    // 90–120 Raggiunto 16–20.
    let r = comune();
    let giudizio = |c: &str| r.punteggi.obiettivi[c].giudizio.clone().unwrap();
    // OS1 107,5 %: Raggiunto, 16 + (107,5 − 90) / 30 × 4 = 18,33 points.
    let os1 = giudizio("OS1");
    assert_eq!(os1.valutazione, Valutazione::Raggiunto);
    assert_eq!(os1.punti.map(|p| p.round_dp(2)), Some(d("18.33")));
    // OS2 68 %: Non raggiunto, 68 / 70 × 10 = 9,71 points.
    assert_eq!(giudizio("OS2").etichetta, "Non raggiunto");
    assert_eq!(giudizio("OS2").punti.map(|p| p.round_dp(2)), Some(d("9.71")));
    // OP1.1 exactly 70 %: the band 70–90 includes its Da, 10 points.
    assert_eq!(giudizio("OP1.1").etichetta, "Parzialmente raggiunto");
    assert_eq!(giudizio("OP1.1").punti, Some(d("10")));
    // Segretario 99,68 %: 16 + 9,68 / 30 × 4 = 17,29 points.
    let s = r.punteggi.giudizio(r.punteggi.persone["Segretario comunale"]).unwrap();
    assert_eq!(s.punti.map(|p| p.round_dp(2)), Some(d("17.29")));
    // The sample has no error and no warning: it is an example to copy.
    assert!(r.avvisi.is_empty(), "{:?}", r.avvisi);
}

#[test]
fn workbook_matches_its_sources() {
    // tests/esempi/comune/relazione.xlsx is generated from sorgente/*.tsv with
    // cargo run --example campione -- tests/esempi/comune/sorgente tests/esempi/comune/relazione.xlsx
    let tmp = tempfile::tempdir().unwrap();
    let fogli = relazione::workbook::scrivi::da_tsv(&cartella().join("sorgente")).unwrap();
    relazione::workbook::scrivi::scrivi(&tmp.path().join("relazione.xlsx"), &fogli).unwrap();
    let da_sorgenti = relazione::carica(tmp.path()).unwrap();
    assert_eq!(da_sorgenti.in_vigore, comune().in_vigore);
}

#[test]
fn the_pdf_prints_the_comunes_rules_and_whole_percentages() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("comune.pdf");
    costruisci(&Opzioni {
        cartella: cartella(),
        uscita: Some(pdf.clone()),
        ..Default::default()
    })
    .expect("the Comune sample builds");
    let testo = parole_pdf(&pdf);
    for atteso in [
        // The rules in force, not Torino's sentences.
        "il rapporto fra consuntivo e target",
        "fino a un massimo di 120 %",
        "Fasce di valutazione del risultato",
        "da 90 % a 120 %",
        "da 70 % a meno di 90 %",
        // Whole percentages: OS1 107,5 % → 108 %, the ente 94,38 % → 94 %.
        "108 %",
        "94 %",
        // Relative deviation of k11.1: (10 − 7) / 7 = +42,86 % → +43 %.
        "+43 %",
        // Points in the cards and in Allegato 3.
        "18,33",
        "Punti: 17,29",
        // The indicator with its own method, and the method changed by deliberation.
        "Metodo: soglia",
        "metodo di calcolo del grado portato da «rapporto» a «tutto o niente» con deliberazione 112 del 15 luglio 2025",
        // Fractions printed as percentages.
        "Peso: 40 %",
        // The ente's share in a person's result.
        "Performance organizzativa dell’ente",
    ] {
        assert!(testo.contains(atteso), "the Comune PDF lacks {atteso:?}");
    }
    // The Torino sentence about its own system is not there.
    assert!(!testo.contains("Un obiettivo è Raggiunto con un risultato da 95"));
}
