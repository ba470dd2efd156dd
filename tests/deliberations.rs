//! The deliberations of the year (`Modifiche`) through the whole report: one row
//! changes the target in force, the grade, the card with its NOTA line and
//! Allegato 4.

use crate::common;
use common::{C, Libro, parole_pdf, relazione, s, t};

#[test]
fn a_deliberation_row_flows_into_the_report() {
    // Deliberation 160 of 20/10/2022 raises kpi1's target from 85 to 90: with
    // consuntivo 80 and soglia 70 the grade becomes (80 − 70) / (90 − 70) = 50 %;
    // the card shows the new target and its NOTA, Allegato 4 lists the change.
    let mut l = Libro::valido();
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("target"),
            C::N(85.0),
            C::N(90.0),
            t("160"),
            C::D(2022, 10, 20),
            C::Vuota,
        ],
    );
    let (tmp, dir) = l.in_cartella();
    let pdf = tmp.path().join("r.pdf");
    let (code, out, err) = relazione(&["build", "--data", s(&dir), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    let testo = parole_pdf(&pdf);
    // The NOTA line uses the card's signs and units; Allegato 4 lists the same
    // change under its deliberation's heading, without naming it again.
    assert!(
        testo.contains("NOTA: target portato da ≥ 85,00 % a ≥ 90,00 % con deliberazione 160 del 20 ottobre 2022"),
        "{testo}"
    );
    assert_eq!(
        testo.matches("target portato da ≥ 85,00 % a ≥ 90,00 %").count(),
        2,
        "{testo}"
    );
    assert_eq!(testo.matches("con deliberazione 160").count(), 1, "{testo}");
    assert!(testo.contains("≥ 90,00 %"), "{testo}");
    assert!(testo.contains("50,00 %"), "{testo}");
    assert!(testo.contains("Deliberazione n. 160 del 20 ottobre 2022"), "{testo}");
    assert!(testo.contains("Deliberazione n. 142 del 13 settembre 2022"), "{testo}");
}
