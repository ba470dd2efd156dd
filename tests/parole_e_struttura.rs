//! Every administration's Relazione in its own words and structure (contract
//! 1.5): the words of `Ente` everywhere the program writes, the generated parts
//! only where a text places them, the annexes the ente lists.

use crate::common;
use common::{Libro, c_e, errori, parole_pdf, t};
use relazione::build::{Opzioni, costruisci};
use std::path::PathBuf;

fn con_chiavi(chiavi: &[(&str, &str)]) -> Libro {
    let mut l = Libro::valido();
    for (k, v) in chiavi {
        l.aggiungi("Ente", vec![t(k), t(v)]);
    }
    l
}

/// Builds the folder with one text, and gives the PDF's words.
fn pdf_con_testo(l: &Libro, testo: &str) -> (tempfile::TempDir, PathBuf, String) {
    let (tmp, dir) = l.in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), testo).unwrap();
    let pdf = tmp.path().join("r.pdf");
    costruisci(&Opzioni {
        cartella: dir.clone(),
        uscita: Some(pdf.clone()),
        ..Default::default()
    })
    .expect("builds");
    let parole = parole_pdf(&pdf);
    (tmp, dir, parole)
}

const UNIVERSITA: &[(&str, &str)] = &[
    ("obiettivi_strategici", "obiettivi specifici"),
    ("obiettivi_operativi", "obiettivi gestionali"),
    ("unita_organizzative", "settori"),
    ("organo_approvazione", "Consiglio di amministrazione"),
    ("organo_validazione", "Nucleo di valutazione"),
    ("validazione", "verbale n. 4 del 28/06/2023"),
];

#[test]
fn the_document_speaks_the_ente_s_words_with_their_agreement() {
    // The sample's own names aside (its titles say «strategico», its units «Area»).
    let mut l = con_chiavi(UNIVERSITA);
    l.set("Obiettivi", "C2", t("Didattica di qualità"))
        .set("Obiettivi", "C3", t("Nuovi corsi di laurea"))
        .set("Unita", "B2", t("Settore didattica"))
        .set("Unita", "B3", t("Settore ricerca"));
    let (_tmp, _dir, parole) = pdf_con_testo(
        &l,
        "# Risultati\n\n{{ risultati() }}\n\n{{ regole() }}\n\n{{ tabella_unita() }}\n",
    );
    for atteso in [
        // The cover: the validating body, with its preposition and article.
        "Validata dal Nucleo di valutazione con verbale n. 4 del 28/06/2023",
        // The cards and their labels.
        "Obiettivo specifico OS1",
        "Obiettivo gestionale OP1",
        "Settori coinvolti",
        // The key results.
        "(media degli obiettivi specifici)",
        "Risultato misurato di ciascun obiettivo specifico",
        "Obiettivi gestionali per valutazione",
        // The rules: «ciascun settore … coinvolto», not «ciascuna area … coinvolta».
        "dei risultati degli obiettivi specifici",
        "quella di ciascun settore è la media dei risultati degli obiettivi gestionali in cui è coinvolto",
        // The table of units, and the annexes' titles.
        "Settore Responsabile",
        "Allegato 1 – Rendicontazione degli obiettivi specifici",
        "Allegato 2 – Rendicontazione degli obiettivi gestionali",
    ] {
        assert!(parole.contains(atteso), "{atteso:?} not in the PDF:\n{parole}");
    }
    let minuscole = parole.to_lowercase();
    for assente in [
        "obiettivo strategico",
        "obiettivi strategici",
        "operativ",
        "unità organizzativ",
        "area",
    ] {
        assert!(!minuscole.contains(assente), "{assente:?} still in the PDF:\n{parole}");
    }
}

#[test]
fn a_level_of_objectives_can_be_typed_with_the_ente_s_word() {
    // `Livello` = `specifico` for an ente that calls them so.
    let mut l = con_chiavi(UNIVERSITA);
    l.set("Obiettivi", "B2", t("specifico"))
        .set("Obiettivi", "B3", t("gestionale"));
    let (_tmp, _dir, parole) = pdf_con_testo(&l, "# Premessa\n\nTesto.\n");
    assert!(parole.contains("Obiettivo specifico OS1"), "{parole}");
}

#[test]
fn generated_parts_appear_only_where_the_texts_place_them() {
    // A text that places the rules and nothing else: no albero, no key results
    // added after it.
    let (_tmp, _dir, parole) = pdf_con_testo(&Libro::valido(), "# Come si misura\n\n{{ regole() }}\n");
    assert!(!parole.contains("Albero della performance"), "{parole}");
    assert!(!parole.contains("Principali risultati raggiunti"), "{parole}");
    // A text that places no part at all (an older folder): both, as before.
    let (_tmp, _dir, parole) = pdf_con_testo(&Libro::valido(), "# Premessa\n\nSolo parole.\n");
    assert!(parole.contains("Albero della performance"), "{parole}");
    assert!(parole.contains("Principali risultati raggiunti"), "{parole}");
}

#[test]
fn the_annexes_are_the_ente_s_in_its_order_with_its_titles() {
    let l = con_chiavi(&[("allegati", "individuali: Obiettivi dei dirigenti; strategici")]);
    let (_tmp, _dir, parole) = pdf_con_testo(&l, "# Regole\n\n{{ regole() }}\n");
    assert!(parole.contains("Allegato 1 – Obiettivi dei dirigenti"), "{parole}");
    assert!(
        parole.contains("Allegato 2 – Rendicontazione degli obiettivi strategici triennali"),
        "{parole}"
    );
    assert!(!parole.contains("obiettivi operativi annuali"), "{parole}");
    assert!(!parole.contains("Allegato 3"), "{parole}");
    // The rules name the annex of the weights by its new number.
    assert!(parole.contains("ponderata con i pesi dell’Allegato 1"), "{parole}");
}

#[test]
fn an_unknown_word_or_annex_is_an_error_at_its_cell() {
    let dir_di = |l: &Libro| -> (tempfile::TempDir, PathBuf) { l.in_cartella() };
    // Ente: rows 2–4 are ente, anno, soglia_raggiunto; the new key is row 5.
    let (_t, dir) = dir_di(&con_chiavi(&[("organo_validazione", "Collegio dei revisori")]));
    c_e(
        &errori(&dir),
        "Ente!B5",
        "organo_validazione «Collegio dei revisori» non previsto",
    );
    let (_t, dir) = dir_di(&con_chiavi(&[("unita_organizzative", "reparti")]));
    c_e(
        &errori(&dir),
        "Ente!B5",
        "valori ammessi: unità organizzative, aree, settori",
    );
    let (_t, dir) = dir_di(&con_chiavi(&[("allegati", "strategici; bilancio")]));
    c_e(&errori(&dir), "Ente!B5", "allegato «bilancio» sconosciuto");
}

#[test]
fn any_unit_is_printed_as_typed_whole_when_its_figures_are_whole() {
    // Hours typed whole: ≥ 120 ore, consuntivo 135 ore, deviation +15 ore.
    // CFU with a decimal: every figure of that indicator gets two.
    let mut l = Libro::valido();
    l.aggiungi_indicatore(
        "kpi3",
        "OP1",
        "Ore di formazione",
        10.0,
        ">=",
        common::C::N(120.0),
        common::C::Vuota,
        "ore",
        common::C::N(135.0),
    )
    .aggiungi_indicatore(
        "kpi4",
        "OP1",
        "Crediti acquisiti",
        10.0,
        ">=",
        common::C::N(40.0),
        common::C::Vuota,
        "CFU",
        common::C::N(42.5),
    );
    let (_tmp, dir, parole) = pdf_con_testo(&l, "# Premessa\n\nTesto.\n");
    assert!(parole.contains("kpi3 ≥ 120 ore 135 ore +15 ore 100,00 %"), "{parole}");
    assert!(
        parole.contains("kpi4 ≥ 40,00 CFU 42,50 CFU +2,50 CFU 100,00 %"),
        "{parole}"
    );
    // scores --format json gives the unit as typed.
    let (codice, json, _) = common::relazione(&["scores", "--format", "json", "--data", common::s(&dir)]);
    assert_eq!(codice, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kpi3 = v["indicatori"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["codice"] == "kpi3")
        .unwrap();
    assert_eq!(kpi3["unita"], "ore");
    assert_eq!(kpi3["unita_scostamento"], "ore");
}

#[test]
fn a_deviation_in_percentage_points_and_the_direction_of_a_lower_is_better_one() {
    // kpi1: ≥ 85,00 % (after the deliberation), consuntivo 80,00 %: −5 punti.
    // kpi5: ≤ 10 gg, consuntivo 8 gg: −2 gg, better; kpi6: ≤ 5 gg with 7: +2, worse.
    let mut l = con_chiavi(&[("punti_percentuali", "sì"), ("verso_scostamento", "sì")]);
    for (codice, consuntivo, target) in [("kpi5", 8.0, 10.0), ("kpi6", 7.0, 5.0)] {
        l.aggiungi_indicatore(
            codice,
            "OP1",
            "Tempo medio di risposta",
            10.0,
            "<=",
            common::C::N(target),
            common::C::Vuota,
            "gg",
            common::C::N(consuntivo),
        );
    }
    let (_tmp, _dir, parole) = pdf_con_testo(&l, "# Regole\n\n{{ regole() }}\n");
    assert!(parole.contains("kpi1 ≥ 85,00 % 80,00 % -5,00 p.p. 66,67 %"), "{parole}");
    // The words go on the line under the figure, in the same cell.
    assert!(parole.contains("kpi5 ≤ 10 gg 8 gg -2 gg 100,00 %"), "{parole}");
    assert!(parole.contains("kpi6 ≤ 5 gg 7 gg +2 gg 0,00 %"), "{parole}");
    // Once on the card of OP1, once on Dirigente Uno's card of OP1 (Allegato 3).
    assert_eq!(parole.matches("(in meglio)").count(), 2, "{parole}");
    assert_eq!(parole.matches("(in peggio)").count(), 2, "{parole}");
    // The rules say so.
    assert!(parole.contains("in punti percentuali (p.p.)"), "{parole}");
    assert!(parole.contains("se è in meglio o in peggio"), "{parole}");
}

#[test]
fn diff_names_the_units_with_the_ente_s_word() {
    // kpi2 done late (31/01/2023 for a deadline of 31/12/2022): OP1 and its
    // unit U1 fall from 100 % to 0 %; diff lists the unit under «Settori».
    let tmp = tempfile::tempdir().unwrap();
    let a = con_chiavi(UNIVERSITA).scrivi(&tmp.path().join("a"));
    let b = con_chiavi(UNIVERSITA)
        .set("Indicatori", "M3", common::C::D(2023, 1, 31))
        .scrivi(&tmp.path().join("b"));
    let (codice, out, errore) = common::relazione(&["diff", common::s(&a), common::s(&b)]);
    // 1: the drafts differ.
    assert_eq!(codice, 1, "{errore}");
    assert!(out.contains("\n  Settori\n"), "{out}");
    assert!(!out.contains("Unità organizzative"), "{out}");
}

#[test]
fn the_table_of_changes_in_a_year_without_deliberations_says_so() {
    let mut l = Libro::valido();
    for (nome, righe) in l.fogli.iter_mut() {
        if nome == "Modifiche" {
            righe.truncate(1);
        }
    }
    let (_tmp, _dir, parole) = pdf_con_testo(&l, "# Modifiche\n\n{{ modifiche() }}\n");
    assert!(
        parole.contains("Nel corso dell’anno non sono state deliberate modifiche agli indicatori."),
        "{parole}"
    );
    // And no annex of the changes.
    assert!(!parole.contains("Modifiche deliberate in corso d’anno"), "{parole}");
}
