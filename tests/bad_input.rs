//! Every kind of bad input gets a message naming sheet, cell and value, all of
//! them in one run, and never a panic.

use crate::common;
use common::{C, Libro, c_e, errori, t};

#[test]
fn the_valid_base_loads() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    let r = relazione::carica(&dir).expect("valid workbook");
    assert!(r.avvisi.iter().all(|p| !p.is_errore()));
}

#[test]
fn missing_sheet_is_named() {
    let (_tmp, dir) = Libro::valido().senza_foglio("Modifiche").in_cartella();
    let e = errori(&dir);
    c_e(&e, "Modifiche", "manca il foglio «Modifiche»");
}

#[test]
fn a_missing_sheet_is_one_error_not_one_per_reference() {
    // Indicatori and Assegnazioni name objectives, Obiettivi names ambiti and
    // units, Modifiche names indicators: with the sheet they point into
    // missing, the missing sheet is the one error, not one per row.
    for foglio in ["Obiettivi", "Ambiti", "Unita", "Indicatori"] {
        let (_tmp, dir) = Libro::valido().senza_foglio(foglio).in_cartella();
        let e = errori(&dir);
        assert_eq!(e.len(), 1, "{foglio}: {e:#?}");
        c_e(&e, foglio, &format!("manca il foglio «{foglio}»"));
    }
}

#[test]
fn missing_required_column_is_named() {
    let (_tmp, dir) = Libro::valido().senza_colonna("Indicatori", "Target").in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!1", "manca la colonna obbligatoria «Target»");
}

#[test]
fn sheet_and_column_names_ignore_case_and_accents() {
    let mut l = Libro::valido();
    l.set("Indicatori", "L1", t("UNITÀ_MISURA"));
    l.fogli.iter_mut().find(|(n, _)| n == "Unita").unwrap().0 = "Unità".into();
    let (_tmp, dir) = l.in_cartella();
    relazione::carica(&dir).expect("names match loosely");
}

#[test]
fn value_of_the_wrong_kind() {
    // The example of the workbook contract: a target typed with letter O for zero.
    let (_tmp, dir) = Libro::valido().set("Indicatori", "J2", t("85,OO %")).in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!J2", "target «85,OO %» non è un numero");
    let p = e.iter().find(|p| p.dove() == "Indicatori!J2").unwrap();
    assert_eq!(p.valore.as_deref(), Some("85,OO %"));
}

#[test]
fn date_where_a_number_is_expected_and_back() {
    let mut l = Libro::valido();
    l.set("Indicatori", "M2", C::D(2022, 5, 1)); // consuntivo of a % indicator
    l.set("Indicatori", "M3", t("trenta novembre")); // consuntivo of a deadline
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!M2", "trovata la data 01/05/2022");
    c_e(&e, "Indicatori!M3", "«trenta novembre» non è una data");
}

#[test]
fn error_cell_is_reported() {
    let (_tmp, dir) = Libro::valido()
        .set("Indicatori", "M2", C::F("=1/0".into(), "#DIV/0!".into()))
        .in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!M2", "#DIV/0!");
}

#[test]
fn formula_cells_count_by_their_cached_value() {
    // =40*2 cached as 80: the same consuntivo as the base, so the same grade.
    let (_tmp, dir) = Libro::valido()
        .set("Indicatori", "M2", C::F("=40*2".into(), "80".into()))
        .in_cartella();
    let r = relazione::carica(&dir).unwrap();
    assert_eq!(
        r.punteggi.indicatori["kpi1"].grado.unwrap().round_dp(4).to_string(),
        "66.6667"
    );
}

#[test]
fn duplicate_code_names_both_cells() {
    let mut l = Libro::valido();
    l.aggiungi(
        "Obiettivi",
        vec![t("OS1"), t("strategico"), t("Doppione"), C::Vuota, t("1.1")],
    );
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(&e, "Obiettivi!A4", "codice «OS1» ripetuto (c'è già in Obiettivi!A2)");
}

#[test]
fn unknown_objective_of_an_indicator() {
    let (_tmp, dir) = Libro::valido().set("Indicatori", "B3", t("OP9")).in_cartella();
    c_e(&errori(&dir), "Indicatori!B3", "obiettivo «OP9» sconosciuto");
}

#[test]
fn unknown_unit_and_ambito() {
    let mut l = Libro::valido();
    l.set("Obiettivi", "G3", t("U1, U7"));
    l.set("Obiettivi", "E2", t("9"));
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(&e, "Obiettivi!G3", "unità organizzativa «U7» sconosciuta");
    c_e(&e, "Obiettivi!E2", "ambito «9» sconosciuto");
}

#[test]
fn operational_parent_must_be_strategic() {
    let mut l = Libro::valido();
    l.aggiungi(
        "Obiettivi",
        vec![
            t("OP2"),
            t("operativo"),
            t("Figlio di un operativo"),
            C::Vuota,
            C::Vuota,
            t("OP1"),
            t("U2"),
        ],
    );
    let (_tmp, dir) = l.in_cartella();
    c_e(
        &errori(&dir),
        "Obiettivi!F4",
        "il padre «OP1» di OP2 non è un obiettivo strategico",
    );
}

#[test]
fn stale_modifica_is_caught() {
    // The plan says 80; a row claiming the target was 75 is stale.
    let (_tmp, dir) = Libro::valido().set("Modifiche", "C2", C::N(75.0)).in_cartella();
    c_e(
        &errori(&dir),
        "Modifiche!C2",
        "«Da» vale «75,00», ma il target di kpi1 in vigore",
    );
}

#[test]
fn closed_lists_reject_other_values() {
    let mut l = Libro::valido();
    l.set("Indicatori", "I2", t("almeno"));
    l.set("Obiettivi", "B3", t("tattico"));
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!I2", "operatore «almeno» non previsto");
    c_e(&e, "Obiettivi!B3", "livello «tattico» non previsto");
}

#[test]
fn every_problem_in_one_run() {
    let mut l = Libro::valido();
    l.set("Indicatori", "J2", t("molti"));
    l.set("Indicatori", "H3", t("cento"));
    l.set("Assegnazioni", "C2", t("OP404"));
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(&e, "Indicatori!J2", "«molti» non è un numero");
    c_e(&e, "Indicatori!H3", "«cento» non è un numero");
    c_e(&e, "Assegnazioni!C2", "obiettivo «OP404» sconosciuto");
}

#[test]
fn ente_without_name_or_year() {
    let mut l = Libro::valido();
    l.set("Ente", "B3", t("duemilaventidue"));
    l.set("Ente", "A2", t("nome"));
    let (_tmp, dir) = l.in_cartella();
    let e = relazione::carica(&dir).expect_err("errors");
    let relazione::Errore::Dati(p) = e else { panic!() };
    c_e(&p, "Ente!B3", "anno «duemilaventidue» non è un anno");
    c_e(&p, "Ente", "manca la chiave «ente»");
}

#[test]
fn a_text_file_is_not_a_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("relazione.xlsx"), "Codice;Nome\nOS1;prova\n").unwrap();
    let e = relazione::carica(tmp.path()).expect_err("error");
    let msg = e.to_string();
    assert!(msg.contains("è un file di testo (per esempio un CSV)"), "{msg}");
    assert!(!msg.contains('\n'), "one sentence: {msg}");
}

#[test]
fn an_empty_file_is_not_a_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("relazione.xlsx"), "").unwrap();
    let msg = relazione::carica(tmp.path()).expect_err("error").to_string();
    assert!(msg.contains("il file è vuoto"), "{msg}");
}

#[test]
fn missing_folder_and_missing_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let msg = relazione::carica(&tmp.path().join("non-esiste"))
        .err()
        .unwrap()
        .to_string();
    assert!(msg.contains("non esiste"), "{msg}");
    let msg = relazione::carica(tmp.path()).err().unwrap().to_string();
    assert!(msg.contains("manca la cartella di lavoro: relazione.xlsx"), "{msg}");
}

#[test]
fn extra_columns_are_ignored_with_a_warning() {
    let (_tmp, dir) = Libro::valido()
        .set("Indicatori", "P1", t("Commenti interni"))
        .in_cartella();
    let r = relazione::carica(&dir).unwrap();
    c_e(&r.avvisi, "Indicatori!P1", "colonna «Commenti interni» non prevista");
}

#[test]
fn a_date_written_as_a_number_gets_a_hint() {
    // 44817 is Excel's day number of 13/09/2022.
    let (_tmp, dir) = Libro::valido().set("Modifiche", "F2", C::N(44817.0)).in_cartella();
    c_e(
        &errori(&dir),
        "Modifiche!F2",
        "trovato il numero 44817 (è la data 13/09/2022 scritta come numero?",
    );
}

#[test]
fn figures_typed_with_a_unit_a_sign_or_an_impossible_date() {
    // kpi1 (row 2) is in %, kpi2 (row 3) is a deadline (unit `data`).
    let mut l = Libro::valido();
    l.set("Indicatori", "J2", t("≤ 5")); // the operator typed into the target
    l.set("Indicatori", "M2", t("5 giorni")); // days where the indicator counts %
    l.set("Indicatori", "J3", t("31/06/2022")); // June has 30 days
    let (_tmp, dir) = l.in_cartella();
    let e = errori(&dir);
    c_e(
        &e,
        "Indicatori!J2",
        "target «≤ 5»: il segno «≤» va nella colonna Operatore; qui si scrive solo la cifra",
    );
    c_e(
        &e,
        "Indicatori!M2",
        "consuntivo «5 giorni»: l'unità «gg» non è quella dell'indicatore («%», colonna Unita misura)",
    );
    c_e(
        &e,
        "Indicatori!J3",
        "target «31/06/2022» non esiste: giugno ha 30 giorni",
    );
    assert_eq!(e.len(), 3, "{e:?}");
}

#[test]
fn figures_typed_with_their_own_unit_are_read() {
    // `90%` on a % indicator is 90; `31-12-2022` on a deadline is 31 December.
    let mut l = Libro::valido();
    l.set("Indicatori", "M2", t("90%"));
    l.set("Indicatori", "J3", t("31-12-2022"));
    let (_tmp, dir) = l.in_cartella();
    let r = relazione::carica(&dir).expect("read");
    let kpi1 = r.piano().indicatori.iter().find(|i| i.codice == "kpi1").unwrap();
    assert_eq!(kpi1.consuntivo, Some(relazione::model::Valore::Numero(90.into())));
    let kpi2 = r.piano().indicatori.iter().find(|i| i.codice == "kpi2").unwrap();
    assert_eq!(
        kpi2.target,
        Some(relazione::model::Valore::Data(
            chrono::NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()
        ))
    );
}

#[test]
fn an_error_does_not_cascade_into_warnings_it_caused() {
    // kpi1's consuntivo is not a number, and kpi2's row is refused (its weight
    // is not a number): kpi1 would look "without consuntivo" and OP1 "without
    // indicators". Only the two errors are told, at their cells.
    let mut l = Libro::valido();
    l.set("Indicatori", "M2", t("novanta"))
        .set("Indicatori", "H3", t("molto"));
    let (_tmp, dir) = l.in_cartella();
    let problemi = match relazione::carica(&dir) {
        Err(relazione::Errore::Dati(p)) => p,
        _ => panic!("expected data errors"),
    };
    let detti: Vec<String> = problemi.iter().map(|p| p.to_string()).collect();
    assert!(detti.iter().any(|p| p.starts_with("Indicatori!M2")), "{detti:#?}");
    assert!(detti.iter().any(|p| p.starts_with("Indicatori!H3")), "{detti:#?}");
    assert!(
        !problemi.iter().any(|p| !p.is_errore()),
        "warnings caused by the errors: {detti:#?}"
    );
}

#[test]
fn a_missing_logo_is_told_as_missing_not_as_outside_the_folder() {
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("logo"), t("immagini/stemma.png")]);
    let (tmp, dir) = l.in_cartella();
    let pdf = tmp.path().join("r.pdf");
    let (code, _, err) = common::relazione(&["build", "--data", common::s(&dir), "--out", common::s(&pdf)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("logo «immagini/stemma.png»: il file non c'è nella cartella della relazione"),
        "{err}"
    );
    assert!(!err.contains("dentro la cartella"), "{err}");
    // A path that leaves the folder is still told as such.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("logo"), t("../stemma.png")]);
    let (tmp, dir) = l.in_cartella();
    let pdf = tmp.path().join("r.pdf");
    let (code, _, err) = common::relazione(&["build", "--data", common::s(&dir), "--out", common::s(&pdf)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("serve il percorso di un'immagine dentro la cartella della relazione"),
        "{err}"
    );
}

#[test]
fn a_result_that_cannot_be_computed_is_named_at_the_cells_that_would_make_it() {
    // metodo_ente = media ponderata and no objective has a Peso: the ente's and
    // U1's results cannot be computed; check names the Peso cells, and a text
    // quoting the ente's result prints `-` instead of failing.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("metodo_ente"), t("media ponderata")]);
    let (tmp, dir) = l.in_cartella();
    let r = relazione::carica(&dir).expect("loads");
    c_e(
        &r.avvisi,
        "Obiettivi!H2",
        "metodo_ente è «media ponderata» ma OS1 non ha peso",
    );
    c_e(
        &r.avvisi,
        "Obiettivi!H3",
        "il risultato di U1 (Area Uno) non si può calcolare: con metodo_ente «media ponderata» servono i pesi dei \
         suoi obiettivi operativi, che non ne hanno: OP1 (Obiettivi!H3)",
    );
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Sintesi\n\nRisultato: {{ ente.risultato | pct }}.\n",
    )
    .unwrap();
    let pdf = tmp.path().join("r.pdf");
    let (code, _, err) = common::relazione(&["build", "--data", common::s(&dir), "--out", common::s(&pdf)]);
    assert_eq!(code, 0, "{err}");
    assert!(common::parole_pdf(&pdf).contains("Risultato: -."));
}

#[test]
fn a_warning_the_office_accepted_is_counted_not_repeated_until_its_value_changes() {
    // kpi1 declares 70 where the program computes 66,67 %: a warning at N2.
    let mut l = Libro::valido();
    l.set("Indicatori", "N2", C::N(70.0));
    let (_t, dir) = l.in_cartella();
    let r = relazione::carica(&dir).expect("loads");
    let avviso = r
        .avvisi
        .iter()
        .find(|p| p.dove() == "Indicatori!N2")
        .expect("the declared grade is told")
        .messaggio
        .clone();
    // The office writes it in the Avvisi sheet, with its reason.
    let mut accettato = l.clone();
    accettato.fogli.push((
        "Avvisi".into(),
        vec![
            vec![t("Dove"), t("Avviso"), t("Motivazione")],
            vec![
                t("Indicatori!N2"),
                t(&avviso),
                t("Il grado dichiarato è quello del monitoraggio di giugno"),
            ],
        ],
    ));
    let (_t2, dir) = accettato.in_cartella();
    let r = relazione::carica(&dir).expect("loads");
    assert!(!r.avvisi.iter().any(|p| p.dove() == "Indicatori!N2"), "{:?}", r.avvisi);
    assert_eq!(r.accettati.len(), 1);
    let (code, out, _) = common::relazione(&["check", common::s(&dir)]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Accettati dall'ufficio (foglio Avvisi): 1 avviso."),
        "{out}"
    );
    assert!(!out.contains("Indicatori!N2"), "{out}");
    // A changed value changes the warning: it comes back, and the stale row of
    // Avvisi is told.
    let mut cambiato = accettato.clone();
    cambiato.set("Indicatori", "N2", C::N(75.0));
    let (_t3, dir) = cambiato.in_cartella();
    let r = relazione::carica(&dir).expect("loads");
    assert!(r.avvisi.iter().any(|p| p.dove() == "Indicatori!N2"), "{:?}", r.avvisi);
    c_e(
        &r.avvisi,
        "Avvisi!B2",
        "l'avviso accettato per Indicatori!N2 non si presenta più",
    );
}
