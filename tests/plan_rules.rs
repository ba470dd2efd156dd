//! The scoring rules through a whole workbook: deliberations, neutralization,
//! means, bands, units, people and the warnings of `relazione check`.
//! Expected values are worked out in the comments.

use crate::common;
use common::{C, Libro, c_e, leggibile, leggibili, t};
use common::{carica, d, r2};
use relazione::scoring::Valutazione;

#[test]
fn deliberation_changes_target_grade_and_nota() {
    // kpi1: planned >= 80, raised to >= 85 by deliberation 142 of 13/09/2022.
    // Consuntivo 80, soglia 70: (80 − 70) / (85 − 70) = 66,67 %; without the change it would be 100 %.
    let r = carica(&Libro::valido());
    let kpi1 = r.piano().indicatore("kpi1").unwrap();
    assert_eq!(kpi1.target, Some(relazione::model::Valore::Numero(d("85"))));
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("66.67")));
    assert_eq!(
        leggibili(r.in_vigore.note_di("kpi1")),
        ["target portato da ≥ 80,00 % a ≥ 85,00 % con deliberazione 142 del 13 settembre 2022"]
    );
    // OS1 has only kpi1: 66,67 %, Parzialmente raggiunto; the ente's result is OS1's.
    assert_eq!(r2(r.punteggi.obiettivi["OS1"].risultato), Some(d("66.67")));
    assert_eq!(
        r.punteggi.obiettivi["OS1"].valutazione,
        Some(Valutazione::ParzialmenteRaggiunto)
    );
    assert_eq!(r2(r.punteggi.ente), Some(d("66.67")));
}

#[test]
fn changes_apply_in_date_order_not_sheet_order() {
    // Sheet order: 80 → 85 on 13/09, then 75 → 80 on 14/04. In date order the plan's
    // 75 becomes 80 in April and 85 in September; both Da values are then in force.
    let mut l = Libro::valido();
    l.set("Indicatori", "J2", C::N(75.0));
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("target"),
            C::N(75.0),
            C::N(80.0),
            t("54"),
            C::D(2022, 4, 14),
            C::Vuota,
        ],
    );
    let r = carica(&l);
    assert_eq!(
        leggibili(r.in_vigore.note_di("kpi1")),
        [
            "target portato da ≥ 75,00 % a ≥ 80,00 % con deliberazione 54 del 14 aprile 2022",
            "target portato da ≥ 80,00 % a ≥ 85,00 % con deliberazione 142 del 13 settembre 2022",
        ]
    );
}

#[test]
fn neutralized_indicator_leaves_its_objective_without_result() {
    // Peso 100 → 0: kpi1 is neutralized; OS1 has no measured indicator, so no result,
    // no valutazione, and the ente (whose only strategic objective is OS1) has none.
    let mut l = Libro::valido();
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("peso"),
            C::N(100.0),
            C::N(0.0),
            t("142"),
            C::D(2022, 9, 13),
            t("Dato non più disponibile"),
        ],
    );
    let r = carica(&l);
    assert!(r.punteggi.indicatori["kpi1"].neutralizzato);
    assert_eq!(r.punteggi.obiettivi["OS1"].risultato, None);
    assert_eq!(r.punteggi.obiettivi["OS1"].valutazione, None);
    assert_eq!(r.punteggi.ente, None);
    assert_eq!(
        leggibile(&r.in_vigore.note_di("kpi1")[1]),
        // The deliberation's Motivazione follows the change, as the 2022 reference's NOTA lines do.
        "indicatore neutralizzato (peso portato da 100,00 % a 0,00 %) con deliberazione 142 del 13 settembre 2022; \
         motivazione: Dato non più disponibile"
    );
}

#[test]
fn objective_without_result_is_left_out_of_the_ente_mean() {
    // OS1 neutralized (no result), OS2 at 100 %: the ente's mean is 100 %, not 50 %.
    let mut l = Libro::valido();
    l.set("Indicatori", "H2", C::N(0.0));
    l.aggiungi(
        "Obiettivi",
        vec![t("OS2"), t("strategico"), t("Secondo"), C::Vuota, t("1")],
    );
    l.aggiungi_indicatore(
        "kpi3",
        "OS2",
        "Pratiche",
        100.0,
        "<=",
        C::N(5.0),
        C::Vuota,
        "gg",
        C::N(4.0),
    );
    // The Modifiche row of kpi1 still applies (target), the weight is 0 from the plan.
    let r = carica(&l);
    assert_eq!(r.punteggi.obiettivi["OS1"].risultato, None);
    assert_eq!(r.punteggi.ente, Some(d("100")));
}

#[test]
fn weighted_ente_mean_uses_the_objectives_weights() {
    // OS1 66,666… % with weight 30, OS2 100 % with weight 70:
    // (30 · 66,666… + 70 · 100) / 100 = 20 + 70 = 90 %.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("metodo_ente"), t("media ponderata")]);
    l.set("Obiettivi", "H2", C::N(30.0));
    l.aggiungi(
        "Obiettivi",
        vec![
            t("OS2"),
            t("strategico"),
            t("Secondo"),
            C::Vuota,
            t("1"),
            C::Vuota,
            C::Vuota,
            C::N(70.0),
        ],
    );
    l.aggiungi_indicatore(
        "kpi3",
        "OS2",
        "Pratiche",
        100.0,
        "=",
        C::N(1.0),
        C::Vuota,
        "N.",
        C::N(1.0),
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.ente), Some(d("90")));
}

#[test]
fn bands_are_a_setting_of_the_ente() {
    // 66,67 % with soglia_raggiunto 60 is Raggiunto.
    let mut l = Libro::valido();
    l.set("Ente", "B4", t("60"));
    let r = carica(&l);
    assert_eq!(r.punteggi.obiettivi["OS1"].valutazione, Some(Valutazione::Raggiunto));
    // And with soglia_non_raggiunto 70 it is Non raggiunto.
    l.set("Ente", "B4", t("95"));
    l.aggiungi("Ente", vec![t("soglia_non_raggiunto"), t("70")]);
    let r = carica(&l);
    assert_eq!(r.punteggi.obiettivi["OS1"].valutazione, Some(Valutazione::NonRaggiunto));
}

#[test]
fn percentage_formatted_cells_and_italian_text_mean_the_same() {
    // 0,80 shown as 80 % is the consuntivo 80; "85,00" as text is 85.
    let mut l = Libro::valido();
    l.set("Indicatori", "M2", C::Pct(0.80));
    l.set("Modifiche", "D2", t("85,00"));
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("66.67")));
    // Dates as text dd/mm/yyyy: 29/12/2022 is two days early.
    l.set("Indicatori", "M3", t("29/12/2022"));
    let r = carica(&l);
    assert_eq!(r.punteggi.indicatori["kpi2"].scostamento, Some(d("-2")));
}

#[test]
fn units_and_people() {
    // OP1 (unit U1) is 100 %; OP2 (units U1 and U2) is 50 %: >= 10 N., soglia 6, 8 →
    // (8 − 6) / (10 − 6) = 50 %. U1 = mean(100, 50) = 75 %; U2 = 50 %.
    // Dirigente Uno: OP1 weight 60, OS1 (66,666… %) weight 40 →
    // (60 · 100 + 40 · 66,666…) / 100 = 60 + 26,666… = 86,67 %.
    let mut l = Libro::valido();
    l.aggiungi(
        "Obiettivi",
        vec![
            t("OP2"),
            t("operativo"),
            t("Secondo operativo"),
            C::Vuota,
            C::Vuota,
            t("OS1"),
            t("U1,U2"),
        ],
    );
    l.aggiungi_indicatore(
        "kpi4",
        "OP2",
        "Eventi",
        100.0,
        ">=",
        C::N(10.0),
        C::N(6.0),
        "N.",
        C::N(8.0),
    );
    l.set("Assegnazioni", "D2", C::N(60.0));
    l.aggiungi(
        "Assegnazioni",
        vec![t("Dirigente Uno"), t("Dirigente"), t("OS1"), C::N(40.0)],
    );
    let r = carica(&l);
    assert_eq!(r.punteggi.obiettivi["OP2"].risultato, Some(d("50")));
    assert_eq!(r.punteggi.unita["U1"], Some(d("75")));
    assert_eq!(r.punteggi.unita["U2"], Some(d("50")));
    assert_eq!(r2(r.punteggi.persone["Dirigente Uno"]), Some(d("86.67")));
}

#[test]
fn warnings_of_a_careful_office() {
    let mut l = Libro::valido();
    // Declared 100 % where the rule gives 66,67 %.
    l.set("Indicatori", "N2", C::N(100.0));
    // A deadline met in the following year: 21/02/2023 for a 2022 report.
    l.set("Indicatori", "J3", C::D(2023, 3, 31));
    l.set("Indicatori", "M3", C::D(2023, 2, 21));
    // Weight 90 on the only measured indicator of OP1.
    l.set("Indicatori", "H3", C::N(90.0));
    // A soglia above a >= target.
    l.set("Indicatori", "K2", C::N(95.0));
    // A person's weights summing to 80.
    l.set("Assegnazioni", "D2", C::N(80.0));
    let r = carica(&l);
    c_e(
        &r.avvisi,
        "Indicatori!N2",
        "grado dichiarato 100,00 % ma il grado calcolato è 0,00 %",
    );
    c_e(&r.avvisi, "Indicatori!M3", "consuntivo 21/02/2023 fuori dall'anno 2022");
    // Said on the weight to correct, not on the objective's row.
    c_e(
        &r.avvisi,
        "Indicatori!H3",
        "i pesi degli indicatori misurati di OP1 sommano a 90,00",
    );
    c_e(
        &r.avvisi,
        "Indicatori!K2",
        "la soglia 95,00 dovrebbe stare sotto il target",
    );
    c_e(&r.avvisi, "Assegnazioni!D2", "sommano a 80,00, non a 100");
    // Warnings never stop the load, and the declared grade is never used.
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("0")));
}
