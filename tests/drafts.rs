//! Comparing two drafts: what changed (a value, a text, a deliberation) and what
//! it did to the scores; terminal text, JSON, the PDF prospetto and the marked
//! build.

use crate::common;
use common::{C, Libro, relazione, s, t, testo_pdf};

/// Two drafts: the valid base, and the base changed by `cambia`.
fn bozze(cambia: impl FnOnce(&mut Libro)) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let a = Libro::valido().scrivi(&tmp.path().join("prima"));
    let mut l = Libro::valido();
    cambia(&mut l);
    let b = l.scrivi(&tmp.path().join("dopo"));
    (tmp, a, b)
}

#[test]
fn identical_drafts() {
    let (_tmp, a, b) = bozze(|_| {});
    let (code, out, _) = relazione(&["diff", s(&a), s(&b)]);
    assert_eq!(code, 0);
    assert_eq!(out, "nessuna differenza\n");
}

#[test]
fn one_value_and_its_consequences() {
    // kpi1's consuntivo 80 → 82,5: (82,5 − 70) / (85 − 70) = 83,33 % instead of 66,67 %;
    // OS1 (its only indicator) and the ente follow.
    let (_tmp, a, b) = bozze(|l| {
        l.set("Indicatori", "M2", C::N(82.5));
    });
    let (code, out, _) = relazione(&["diff", s(&a), s(&b)]);
    assert_eq!(code, 1, "{out}");
    let atteso = format!(
        "Differenze fra {} e {}

Dati
  indicatore kpi1 · consuntivo: 80,00 → 82,50

Effetti sui punteggi
  Risultato dell'ente
    Camera di prova: 66,67 % → 83,33 %, Parzialmente raggiunto
  Obiettivi
    OS1: 66,67 % → 83,33 %, Parzialmente raggiunto
  Gradi degli indicatori
    kpi1: 66,67 % → 83,33 %
",
        a.display(),
        b.display()
    );
    assert_eq!(out, atteso);
    // Piped output has no colours.
    assert!(!out.contains('\x1b'));
}

#[test]
fn the_same_as_json() {
    let (_tmp, a, b) = bozze(|l| {
        l.set("Indicatori", "M2", C::N(82.5));
    });
    let (code, out, _) = relazione(&["diff", s(&a), s(&b), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let c = &v["dati"][0];
    assert_eq!(c["tipo"], "indicatore");
    assert_eq!(c["codice"], "kpi1");
    assert_eq!(c["campo"], "consuntivo");
    assert_eq!(c["prima"], "80,00");
    assert_eq!(c["dopo"], "82,50");
    let os1 = v["punteggi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["codice"] == "OS1")
        .unwrap();
    assert_eq!(os1["valutazione_dopo"], "Parzialmente raggiunto");
    let dopo = os1["dopo"].as_f64().unwrap();
    assert!((dopo - 83.3333).abs() < 1e-3, "{dopo}");
}

#[test]
fn one_text_differs_by_words() {
    let (_tmp, a, b) = bozze(|_| {});
    for (dir, testo) in [
        (&a, "La Camera ha raggiunto gli obiettivi."),
        (&b, "La Camera ha superato gli obiettivi."),
    ] {
        std::fs::create_dir_all(dir.join("testi")).unwrap();
        std::fs::write(dir.join("testi/00-premessa.md"), testo).unwrap();
    }
    let d = relazione::bozze::confronta_bozze(&a, &b).unwrap();
    assert!(d.dati.is_empty() && d.punteggi.is_empty());
    assert_eq!(d.testi.len(), 1);
    use relazione::diff::Pezzo::*;
    assert_eq!(
        d.testi[0].pezzi,
        vec![
            Uguale("La Camera ha ".into()),
            Tolto("raggiunto".into()),
            Aggiunto("superato".into()),
            Uguale(" gli obiettivi.".into())
        ]
    );
}

#[test]
fn one_deliberation_added() {
    // A neutralization of kpi1 by deliberation 160 of 20/10/2022: OS1 loses its only
    // measured indicator, so it has no result, and neither has the ente.
    let (_tmp, a, b) = bozze(|l| {
        l.aggiungi(
            "Modifiche",
            vec![
                t("kpi1"),
                t("peso"),
                C::N(100.0),
                C::N(0.0),
                t("160"),
                C::D(2022, 10, 20),
                t("Dato non disponibile"),
            ],
        );
    });
    let d = relazione::bozze::confronta_bozze(&a, &b).unwrap();
    let m = d
        .dati
        .iter()
        .find(|c| c.tipo == "modifica")
        .expect("the deliberation is listed");
    assert_eq!(m.codice, "kpi1 peso (delib. 160 del 20/10/2022)");
    assert_eq!(m.campo, "(aggiunto)");
    let os1 = d.punteggi.iter().find(|p| p.codice == "OS1").unwrap();
    assert_eq!(
        os1.riga(),
        "OS1: 66,67 % → nessun risultato, non più valutato (era Parzialmente raggiunto)"
    );
}

#[test]
fn the_pdf_prospetto() {
    let (tmp, a, b) = bozze(|l| {
        l.set("Indicatori", "M2", C::N(82.5));
    });
    let pdf = tmp.path().join("prospetto.pdf");
    let (code, _, err) = relazione(&["diff", s(&a), s(&b), "--pdf", s(&pdf)]);
    assert_eq!(code, 1, "{err}");
    let testo = testo_pdf(&pdf);
    assert!(testo.contains("Prospetto delle modifiche"), "{testo}");
    assert!(testo.contains("82,50") && testo.contains("83,33 %"), "{testo}");
}

#[test]
fn build_compare_marks_old_and_new_values() {
    // kpi1's consuntivo 80 → 82,5 (grade 66,67 % → 83,33 %): the marked report shows
    // both values on the card, and the annex lists each change with its page.
    let (tmp, a, b) = bozze(|l| {
        l.set("Indicatori", "M2", C::N(82.5));
    });
    let pdf = tmp.path().join("segnata.pdf");
    let (code, out, err) = relazione(&["build", "--data", s(&b), "--compare", s(&a), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    let testo = testo_pdf(&pdf);
    assert!(testo.contains("Modifiche rispetto alla bozza precedente"), "{testo}");
    let riga = testo
        .lines()
        .find(|l| l.contains("kpi1: consuntivo"))
        .expect("the annex lists the consuntivo");
    assert!(riga.contains("80,00 %") && riga.contains("82,50 %"), "{riga}");
    // The card shows the new grade with the old one beside it.
    assert!(testo.contains("83,33 % 66,67 %"), "{testo}");
    // Unchanged figures are not listed.
    assert!(!testo.lines().any(|l| l.contains("kpi2: grado")), "{testo}");
}

#[test]
fn build_compare_marks_a_person_and_a_unit_that_come_and_go() {
    // The later draft adds a unit U3 and assigns OP1 to Dirigente Due too.
    let (tmp, a, b) = bozze(|l| {
        l.aggiungi(
            "Unita",
            vec![t("U3"), t("Area Tre"), t("Dirigente Tre"), t("Dirigente")],
        );
        l.aggiungi(
            "Assegnazioni",
            vec![t("Dirigente Due"), t("Dirigente"), t("OP1"), C::N(100.0)],
        );
    });
    let elenco = |pdf: &std::path::Path| {
        let testo = testo_pdf(pdf);
        testo[testo.rfind("punti del documento").expect("the list of changes")..].to_string()
    };
    let pdf = tmp.path().join("segnata.pdf");
    let (code, out, err) = relazione(&["build", "--data", s(&b), "--compare", s(&a), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    let e = elenco(&pdf);
    assert!(e.lines().any(|l| l.contains("Dirigente Due: persona nuova")), "{e}");
    // Read the other way, both are gone: struck with the list of changes
    // (the unit) or at the start of Allegato 3 (the person).
    let pdf = tmp.path().join("inversa.pdf");
    let (code, out, err) = relazione(&["build", "--data", s(&a), "--compare", s(&b), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    let e = elenco(&pdf);
    assert!(e.lines().any(|l| l.contains("Dirigente Due: persona tolta")), "{e}");
    assert!(
        e.lines().any(|l| l.contains("U3: ") && l.contains("non più presente")),
        "{e}"
    );
    assert!(testo_pdf(&pdf).contains("Non più presente rispetto alla bozza precedente: Dirigente Due"));
}

#[test]
fn build_compare_marks_an_indicator_moved_to_another_objective() {
    // kpi2 moves from OP1 to OS1: marked where it is now, struck where it was.
    let (tmp, a, b) = bozze(|l| {
        l.set("Indicatori", "B3", t("OS1"));
    });
    let pdf = tmp.path().join("segnata.pdf");
    let (code, out, err) = relazione(&["build", "--data", s(&b), "--compare", s(&a), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    let testo = testo_pdf(&pdf);
    let elenco = &testo[testo.rfind("punti del documento").expect("the list of changes")..];
    let qui = elenco
        .lines()
        .find(|l| l.contains("kpi2: indicatore spostato qui"))
        .expect(elenco);
    assert!(qui.contains("OP1"), "{qui}");
    assert!(
        elenco.lines().any(|l| l.contains("kpi2: indicatore spostato in OS1")),
        "{elenco}"
    );
    assert!(
        testo.contains("Spostato in OS1 rispetto alla bozza precedente: kpi2"),
        "{testo}"
    );
}
