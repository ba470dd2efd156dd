//! Every ente's evaluation system (contract 1.2): the `Ente` settings
//! `metodo_grado`, `tetto_grado`, `metodo_obiettivo`, `scostamento`, `decimali`,
//! the `Metodo` column, the `Fasce` sheet, weights as fractions and assignments
//! of the ente's or a unit's result, through whole workbooks. Expected values are
//! worked out in the comments.
//!
//! The base plan (`Libro::valido`): kpi1 of OS1, `>= 85 %` after deliberation 142
//! (80 before), soglia 70, consuntivo 80; kpi2 of OP1, entro 31/12/2022, done
//! 30/11/2022; Dirigente Uno has OP1 with weight 100.

use crate::common;
use common::{C, Libro, c_e, errori, leggibile, leggibili, relazione, s, t};
use common::{carica, d, r2};
use relazione::scoring::Valutazione;
use rust_decimal::Decimal;

/// The base plan with `Ente` settings added.
fn con(impostazioni: &[(&str, &str)]) -> Libro {
    let mut l = Libro::valido();
    for (k, v) in impostazioni {
        l.aggiungi("Ente", vec![t(k), t(v)]);
    }
    l
}

/// Writes the `Metodo` column (P) of an indicator row.
fn metodo(l: &mut Libro, riga: u32, valore: &str) {
    l.set("Indicatori", "P1", t("Metodo"));
    l.set("Indicatori", &format!("P{riga}"), t(valore));
}

/// A row of the `Fasce` sheet: Da, A, Valutazione, and (Punti da, Punti a).
type Fascia<'a> = (f64, f64, &'a str, Option<(f64, f64)>);

/// Adds the `Fasce` sheet.
fn fasce(l: &mut Libro, righe: &[Fascia<'_>]) {
    let mut foglio = vec![vec![t("Da"), t("A"), t("Valutazione"), t("Punti da"), t("Punti a")]];
    for (da, a, v, punti) in righe {
        let mut r = vec![C::N(*da), C::N(*a), t(v)];
        if let Some((x, y)) = punti {
            r.push(C::N(*x));
            r.push(C::N(*y));
        }
        foglio.push(r);
    }
    l.fogli.push(("Fasce".to_string(), foglio));
}

#[test]
fn without_the_new_keys_nothing_changes() {
    // The Torino rule: (80 − 70) / (85 − 70) = 66,67 %, printed with two decimals.
    let r = carica(&Libro::valido());
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("66.67")));
    let regole = &r.piano().ente.regole;
    assert_eq!(*regole, relazione::model::Regole::default());
    assert_eq!(regole.tetto_grado, Some(d("100")));
    assert_eq!(regole.decimali, 2);
}

#[test]
fn rapporto_for_each_operator() {
    // kpi1 >= 85, consuntivo 80, soglia 70 (a floor, met): 80 / 85 = 94,1176… %.
    // kpi3 <= 10 gg, consuntivo 8: 10 / 8 = 125 %, capped at 100 (the default cap).
    // kpi4 = 3 N. with 2: graded as with the soglia rule, no soglia → 0 %.
    // kpi2 entro 31/12, done 30/11: met, 100 %.
    let mut l = con(&[("metodo_grado", "rapporto")]);
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Giorni",
        0.0,
        "<=",
        C::N(10.0),
        C::Vuota,
        "gg",
        C::N(8.0),
    );
    l.aggiungi_indicatore("kpi4", "OS1", "Isole", 0.0, "=", C::N(3.0), C::Vuota, "N.", C::N(2.0));
    // Weights 0 keep OS1 on kpi1 alone; give them a weight and compare their grades.
    l.set("Indicatori", "H4", C::N(50.0));
    l.set("Indicatori", "H5", C::N(50.0));
    let r = carica(&l);
    let g = |c: &str| r2(r.punteggi.indicatori[c].grado);
    assert_eq!(g("kpi1"), Some(d("94.12")));
    assert_eq!(g("kpi3"), Some(d("100")));
    assert_eq!(g("kpi4"), Some(d("0")));
    assert_eq!(g("kpi2"), Some(d("100")));
    // OS1 weights 100, 50, 50: (100 · 94,1176… + 50 · 100 + 50 · 0) / 200 = 72,06 %.
    assert_eq!(r2(r.punteggi.obiettivi["OS1"].risultato), Some(d("72.06")));
}

#[test]
fn a_soglia_is_a_floor_for_rapporto() {
    // kpi1 >= 85, soglia 70, consuntivo 60: short of the soglia, 0 % (not 60 / 85 = 70,6 %).
    let mut l = con(&[("metodo_grado", "rapporto")]);
    l.set("Indicatori", "M2", C::N(60.0));
    let r = carica(&l);
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("0")));
}

#[test]
fn the_cap_and_no_cap() {
    // kpi1 >= 85 with consuntivo 110: 110 / 85 = 129,41 %.
    let mut l = con(&[("metodo_grado", "rapporto"), ("tetto_grado", "120")]);
    l.set("Indicatori", "M2", C::N(110.0));
    let r = carica(&l);
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("120")));
    // The objective's result is a mean of capped grades: 120 %, legal above 100.
    assert_eq!(r.punteggi.obiettivi["OS1"].risultato, Some(d("120")));
    let mut l = con(&[("metodo_grado", "rapporto"), ("tetto_grado", "nessuno")]);
    l.set("Indicatori", "M2", C::N(110.0));
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("129.41")));
}

#[test]
fn all_or_nothing_ignores_the_soglia_with_a_warning() {
    // kpi1 >= 85, consuntivo 80: not met, 0 % (the soglia 70 would give 66,67 %).
    let r = carica(&con(&[("metodo_grado", "tutto o niente")]));
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("0")));
    c_e(&r.avvisi, "Indicatori!K2", "la soglia 70,00 è ignorata");
}

#[test]
fn an_indicators_own_method_wins_and_a_deliberation_can_change_it() {
    // The ente grades by rapporto; kpi1 says "soglia": 66,67 %, as in Torino.
    let mut l = con(&[("metodo_grado", "rapporto")]);
    metodo(&mut l, 2, "soglia");
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("66.67")));
    assert_eq!(
        r.punteggi.indicatori["kpi1"].metodo,
        relazione::model::MetodoGrado::Soglia
    );
    // Deliberation 150 of 1 October moves kpi1 to "tutto o niente": 0 %, with its NOTA line.
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("metodo"),
            t("soglia"),
            t("tutto o niente"),
            t("150"),
            C::D(2022, 10, 1),
        ],
    );
    let r = carica(&l);
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("0")));
    assert_eq!(
        r.in_vigore.note_di("kpi1")[1],
        "metodo di calcolo del grado portato da «soglia» a «tutto o niente» con deliberazione 150 del 1 ottobre 2022"
    );
}

#[test]
fn a_method_deliberation_may_start_from_the_entes() {
    // kpi1 has no Metodo of its own: «Da» empty means the ente's (soglia); to rapporto,
    // 80 / 85 = 94,12 %.
    let mut l = Libro::valido();
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("metodo"),
            C::Vuota,
            t("rapporto"),
            t("150"),
            C::D(2022, 10, 1),
        ],
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("94.12")));
    // A stale «Da» is caught as for any other field.
    l.set("Modifiche", "C3", t("tutto o niente"));
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Modifiche!C3", "il metodo di kpi1 in vigore");
}

#[test]
fn simple_mean_of_the_measured_indicators() {
    // OS1: kpi1 66,666… % weight 100, kpi3 100 % weight 25, kpi5 neutralized (weight 0).
    // Weighted: (100 · 66,666… + 25 · 100) / 125 = 73,33 %; simple: (66,666… + 100) / 2 = 83,33 %.
    let mut l = con(&[("metodo_obiettivo", "media")]);
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Giorni",
        25.0,
        "<=",
        C::N(10.0),
        C::Vuota,
        "gg",
        C::N(8.0),
    );
    l.aggiungi_indicatore(
        "kpi5",
        "OS1",
        "Eventi",
        0.0,
        ">=",
        C::N(10.0),
        C::Vuota,
        "N.",
        C::N(0.0),
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.obiettivi["OS1"].risultato), Some(d("83.33")));
    let mut l = Libro::valido();
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Giorni",
        25.0,
        "<=",
        C::N(10.0),
        C::Vuota,
        "gg",
        C::N(8.0),
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.obiettivi["OS1"].risultato), Some(d("73.33")));
}

#[test]
fn weights_as_fractions_weigh_and_print_as_percentages() {
    // OS1 with kpi1 (66,666… %) and kpi3 (100 %) at 0,75 and 0,25:
    // 0,75 · 66,666… + 0,25 · 100 = 75 %, as 75 and 25 would give.
    let mut l = Libro::valido();
    l.set("Indicatori", "H2", C::N(0.75));
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Giorni",
        0.25,
        "<=",
        C::N(10.0),
        C::Vuota,
        "gg",
        C::N(8.0),
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.obiettivi["OS1"].risultato), Some(d("75")));
    // Weights summing to 1 raise no warning, and are printed 75,00 % and 25,00 %.
    assert!(
        !r.avvisi.iter().any(|a| a.messaggio.contains("sommano")),
        "{:?}",
        r.avvisi
    );
    let v = relazione::render::vista::vista(&r, None);
    let os1 = &v.strategici[0];
    assert_eq!(leggibile(&os1.indicatori[0].peso), "75,00 %");
    assert_eq!(leggibile(&os1.indicatori[1].peso), "25,00 %");
    // A neutralizing deliberation prints the fraction as a percentage too.
    l.aggiungi(
        "Modifiche",
        vec![t("kpi3"), t("peso"), C::N(0.25), C::N(0.0), t("150"), C::D(2022, 10, 1)],
    );
    let r = carica(&l);
    assert_eq!(
        leggibili(r.in_vigore.note_di("kpi3")),
        ["indicatore neutralizzato (peso portato da 25,00 % a 0,00 %) con deliberazione 150 del 1 ottobre 2022"]
    );
}

#[test]
fn relative_deviation_and_whole_percentages() {
    // kpi1 >= 85, consuntivo 80: (80 − 85) / 85 = −5,88 % of the target, printed "-6 %" with
    // decimali 0; the grade 66,666… % is printed "67 %" (half up), and only printed so.
    let r = carica(&con(&[("scostamento", "relativo"), ("decimali", "0")]));
    let s = r.punteggi.indicatori["kpi1"].scostamento.unwrap();
    assert_eq!(s.round_dp(2), d("-5.88"));
    assert_eq!(r2(r.punteggi.indicatori["kpi1"].grado), Some(d("66.67")));
    let v = relazione::render::vista::vista(&r, None);
    let kpi1 = &v.strategici[0].indicatori[0];
    assert_eq!(leggibile(&kpi1.scostamento), "-6 %");
    assert_eq!(leggibile(&kpi1.grado), "67 %");
    assert_eq!(leggibile(&v.strategici[0].risultato), "67 %");
    assert_eq!(leggibile(&v.ente.risultato_testo), "67 %");
    // The deadline keeps its days: 30/11 against 31/12 is 31 days early.
    // A deadline's deviation is whole days, bound to its unit.
    assert_eq!(v.operativi[0].indicatori[0].scostamento, "-31\u{a0}gg");
    // Two decimals by default: 66,67 % and -5,00 (absolute, percentage points).
    let r = carica(&Libro::valido());
    let v = relazione::render::vista::vista(&r, None);
    assert_eq!(leggibile(&v.strategici[0].indicatori[0].grado), "66,67 %");
    assert_eq!(leggibile(&v.strategici[0].indicatori[0].scostamento), "-5,00 %");
}

#[test]
fn bands_label_the_results() {
    // 0–70 Non raggiunto, 70–90 Parzialmente, 90–100 Raggiunto (cap 100).
    // OS1 66,67 % → Non raggiunto (lowest band), OP1 100 % → Raggiunto.
    let mut l = Libro::valido();
    fasce(
        &mut l,
        &[
            (0.0, 70.0, "Non raggiunto", None),
            (70.0, 90.0, "Parzialmente raggiunto", None),
            (90.0, 100.0, "Raggiunto", None),
        ],
    );
    let r = carica(&l);
    assert_eq!(r.punteggi.obiettivi["OS1"].valutazione, Some(Valutazione::NonRaggiunto));
    assert_eq!(r.punteggi.obiettivi["OP1"].valutazione, Some(Valutazione::Raggiunto));
    assert_eq!(r.punteggi.obiettivi["OP1"].giudizio.as_ref().unwrap().punti, None);
    // soglia_raggiunto (95, in the base plan) is ignored, with a warning on its cell.
    c_e(&r.avvisi, "Ente!B4", "soglia_raggiunto è ignorata");
}

#[test]
fn bands_with_their_own_labels_and_points() {
    // 0–60 Insufficiente 0–10 points, 60–80 Buono 10–15, 80–100 Ottimo 15–20.
    // OS1 66,666… % is Buono: 10 + (66,666… − 60) / 20 × 5 = 11,67 points, lit as "partly".
    // Dirigente Uno has OP1, 100 %: Ottimo, 20 points.
    let mut l = Libro::valido();
    fasce(
        &mut l,
        &[
            (0.0, 60.0, "Insufficiente", Some((0.0, 10.0))),
            (60.0, 80.0, "Buono", Some((10.0, 15.0))),
            (80.0, 100.0, "Ottimo", Some((15.0, 20.0))),
        ],
    );
    let r = carica(&l);
    let os1 = r.punteggi.obiettivi["OS1"].giudizio.clone().unwrap();
    assert_eq!(os1.etichetta, "Buono");
    assert_eq!(os1.valutazione, Valutazione::ParzialmenteRaggiunto);
    assert_eq!(os1.punti.map(|p| p.round_dp(2)), Some(d("11.67")));
    let persona = r.punteggi.giudizio(r.punteggi.persone["Dirigente Uno"]).unwrap();
    assert_eq!((persona.etichetta.as_str(), persona.punti), ("Ottimo", Some(d("20"))));
    // The view prints them: the label, the light for colour and marker, the points.
    let v = relazione::render::vista::vista(&r, None);
    assert_eq!(v.strategici[0].valutazione.as_deref(), Some("Buono"));
    assert_eq!(v.strategici[0].esito.as_deref(), Some("Parzialmente raggiunto"));
    assert_eq!(v.strategici[0].punti.as_deref(), Some("11,67"));
    assert_eq!(v.persone[0].punti.as_deref(), Some("20,00"));
    let legenda: Vec<&str> = v.sistema.legenda.iter().map(|x| x.etichetta.as_str()).collect();
    assert_eq!(legenda, ["Ottimo", "Buono", "Insufficiente"]);
}

#[test]
fn bands_must_meet_end_to_end() {
    // A gap between 60 and 70.
    let mut l = Libro::valido();
    fasce(&mut l, &[(0.0, 60.0, "Basso", None), (70.0, 100.0, "Alto", None)]);
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Fasce!A3", "fra 60,00 e 70,00 nessuna fascia");
    // An overlap between 50 and 60.
    let mut l = Libro::valido();
    fasce(&mut l, &[(0.0, 60.0, "Basso", None), (50.0, 100.0, "Alto", None)]);
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Fasce!A3", "si sovrappongono fra 50,00 e 60,00");
    // Not starting at 0, not reaching the cap (100 by default).
    let mut l = Libro::valido();
    fasce(&mut l, &[(10.0, 90.0, "Unica", None)]);
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Fasce!A2", "devono cominciare da 0");
    c_e(&e, "Fasce!B2", "deve arrivare al tetto del grado, 100,00");
    // Points on one band only.
    let mut l = Libro::valido();
    fasce(
        &mut l,
        &[(0.0, 50.0, "Basso", Some((0.0, 10.0))), (50.0, 100.0, "Alto", None)],
    );
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Fasce!D3", "a tutte le fasce o a nessuna");
}

#[test]
fn a_person_may_be_assigned_the_ente_or_a_unit() {
    // Dirigente Uno: OP1 (100 %) weight 50, the ente (OS1, 66,666… %) weight 30, unit U1
    // (OP1, 100 %) weight 20: (50 · 100 + 30 · 66,666… + 20 · 100) / 100 = 50 + 20 + 20 = 90 %.
    let mut l = Libro::valido();
    l.set("Assegnazioni", "D2", C::N(50.0));
    l.aggiungi(
        "Assegnazioni",
        vec![t("Dirigente Uno"), t("Dirigente"), t("Ente"), C::N(30.0)],
    );
    l.aggiungi(
        "Assegnazioni",
        vec![t("Dirigente Uno"), t("Dirigente"), t("Unità: U1"), C::N(20.0)],
    );
    let r = carica(&l);
    assert_eq!(r2(r.punteggi.persone["Dirigente Uno"]), Some(d("90")));
    // Written the canonical way, and shown as cards of their own in Allegato 3.
    let obiettivi: Vec<&str> = r.piano().assegnazioni.iter().map(|a| a.obiettivo.as_str()).collect();
    assert_eq!(obiettivi, ["OP1", "ente", "unita:U1"]);
    let v = relazione::render::vista::vista(&r, None);
    let voci: Vec<(&str, String)> = v.persone[0]
        .obiettivi
        .iter()
        .map(|o| (o.voce.as_str(), leggibile(&o.risultato)))
        .collect();
    assert_eq!(
        voci,
        [
            ("obiettivo", "100,00 %".to_string()),
            ("ente", "66,67 %".to_string()),
            ("unita", "100,00 %".to_string())
        ]
    );
    // An unknown unit is an error on its cell.
    l.set("Assegnazioni", "C4", t("unita:U9"));
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Assegnazioni!C4", "unità organizzativa «U9» sconosciuta");
}

#[test]
fn what_rapporto_cannot_grade_is_an_error_naming_the_cell() {
    // A target of 0 for >=: consuntivo / 0. The 0 comes from deliberation 142
    // (Modifiche row 2, its A in D2): the error points there.
    let mut l = con(&[("metodo_grado", "rapporto")]);
    l.set("Modifiche", "D2", C::N(0.0));
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Modifiche!D2", "con un target 0 non si può calcolare");
    // A negative consuntivo, suggesting Metodo = soglia for that indicator.
    let mut l = con(&[("metodo_grado", "rapporto")]);
    l.set("Indicatori", "M2", C::N(-3.0));
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Indicatori!M2", "consuntivo negativo");
    c_e(
        &e,
        "Indicatori!M2",
        "«soglia» (o «tutto o niente») nella colonna Metodo",
    );
    // A negative target (-7 %, as EC27 of the Torino report): the same advice.
    let mut l = con(&[("metodo_grado", "rapporto")]);
    l.set("Indicatori", "J2", C::N(-8.0));
    l.set("Modifiche", "C2", C::N(-8.0));
    l.set("Modifiche", "D2", C::N(-7.0));
    l.set("Indicatori", "K2", C::Vuota);
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Modifiche!D2", "target negativo");
    // Without the deliberation, the target of Indicatori itself is named.
    let mut senza = con(&[("metodo_grado", "rapporto")]);
    senza.set("Indicatori", "J2", C::N(-7.0));
    senza.set("Indicatori", "K2", C::Vuota);
    senza.set("Modifiche", "A2", t("kpi2"));
    senza.set("Modifiche", "C2", C::D(2022, 12, 31));
    senza.set("Modifiche", "D2", C::D(2022, 12, 30));
    let e = errori(&senza.in_cartella().1);
    c_e(&e, "Indicatori!J2", "target negativo");
    // With Metodo = soglia on that row the same figures grade: −7,60 against >= −7, no soglia → 0 %.
    metodo(&mut l, 2, "soglia");
    l.set("Indicatori", "M2", C::N(-7.6));
    let r = carica(&l);
    assert_eq!(r.punteggi.indicatori["kpi1"].grado, Some(d("0")));
}

#[test]
fn settings_out_of_their_lists_are_errors() {
    let e = errori(&con(&[("metodo_grado", "proporzionale al cubo")]).in_cartella().1);
    c_e(&e, "Ente!B5", "metodo_grado «proporzionale al cubo» non previsto");
    let e = errori(&con(&[("tetto_grado", "90")]).in_cartella().1);
    c_e(&e, "Ente!B5", "tetto_grado «90» è sotto 100");
    let e = errori(&con(&[("decimali", "7")]).in_cartella().1);
    c_e(&e, "Ente!B5", "decimali «7» non è un numero intero da 0 a 4");
    let e = errori(&con(&[("metodo_obiettivo", "mediana")]).in_cartella().1);
    c_e(&e, "Ente!B5", "metodo_obiettivo «mediana» non previsto");
    let e = errori(&con(&[("scostamento", "logaritmico")]).in_cartella().1);
    c_e(&e, "Ente!B5", "scostamento «logaritmico» non previsto");
    let mut l = Libro::valido();
    metodo(&mut l, 2, "a occhio");
    let e = errori(&l.in_cartella().1);
    c_e(&e, "Indicatori!P2", "metodo «a occhio» non previsto");
}

#[test]
fn scores_json_tells_the_rules_methods_and_points() {
    let mut l = con(&[("metodo_grado", "rapporto"), ("tetto_grado", "120"), ("decimali", "0")]);
    fasce(
        &mut l,
        &[
            (0.0, 70.0, "Non raggiunto", Some((0.0, 10.0))),
            (70.0, 90.0, "Parzialmente raggiunto", Some((10.0, 16.0))),
            (90.0, 120.0, "Raggiunto", Some((16.0, 20.0))),
        ],
    );
    // A neutralized indicator: kpi3, weight 0.
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Giorni",
        0.0,
        "<=",
        C::N(10.0),
        C::Vuota,
        "gg",
        C::N(8.0),
    );
    metodo(&mut l, 3, "tutto o niente");
    let (_tmp, dir) = l.in_cartella();
    let (code, out, err) = relazione(&["scores", "--data", s(&dir), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let regole = &v["ente"]["regole"];
    assert_eq!(regole["metodo_grado"], "rapporto");
    assert_eq!(regole["tetto_grado"].to_string(), "120");
    assert_eq!(regole["decimali"], 0);
    assert_eq!(regole["fasce"][2]["valutazione"], "Raggiunto");
    let indicatori = v["indicatori"].as_array().unwrap();
    let kpi = |c: &str| indicatori.iter().find(|i| i["codice"] == c).unwrap();
    // kpi1: 80 / 85 = 94,1176…; kpi2 (OP1, entro) has its own method "tutto o niente".
    assert_eq!(kpi("kpi1")["metodo"], "rapporto");
    assert_eq!(kpi("kpi2")["metodo"], "tutto o niente");
    assert!(kpi("kpi3")["grado"].is_null(), "a neutralized indicator has no grade");
    // OS1 = kpi1 = 94,1176…: Raggiunto, 16 + (94,1176… − 90) / 30 × 4 = 16,55 points.
    let os1 = &v["obiettivi"][0];
    assert_eq!(os1["valutazione"], "Raggiunto");
    let punti: Decimal = os1["punti"].to_string().parse().unwrap();
    assert_eq!(punti.round_dp(2), d("16.55"));
}

#[test]
fn the_rules_paragraph_tells_fixed_proportional_or_mixed_points_truly() {
    // `{{ regole() }}` said points "crescono in proporzione dentro la fascia"
    // also for bands that give one fixed value. Each case, and the table.
    let paragrafo = |righe: &[Fascia<'_>]| {
        let mut l = Libro::valido();
        fasce(&mut l, righe);
        let r = carica(&l);
        let v = relazione::render::regole::regole_in_parole(&r);
        let p = v
            .paragrafi
            .into_iter()
            .find(|p| p.contains("dipende dalla fascia"))
            .unwrap();
        let punti: Vec<Option<String>> = v.fasce.into_iter().map(|f| f.punti).collect();
        (p, punti)
    };
    // Fixed: 0, 10, 20 points whatever the result in the band.
    let (p, punti) = paragrafo(&[
        (0.0, 70.0, "Non raggiunto", Some((0.0, 0.0))),
        (70.0, 90.0, "Parzialmente raggiunto", Some((10.0, 10.0))),
        (90.0, 100.0, "Raggiunto", Some((20.0, 20.0))),
    ]);
    assert!(p.contains("gli stessi per ogni risultato della fascia"), "{p}");
    assert!(!p.contains("proporzione"), "{p}");
    // The table, from the highest band: one value each.
    assert_eq!(punti, [Some("20,00".into()), Some("10,00".into()), Some("0,00".into())]);
    // Proportional: 0–10, 10–16, 16–20 (the Comune's).
    let (p, punti) = paragrafo(&[
        (0.0, 70.0, "Non raggiunto", Some((0.0, 10.0))),
        (70.0, 90.0, "Parzialmente raggiunto", Some((10.0, 16.0))),
        (90.0, 100.0, "Raggiunto", Some((16.0, 20.0))),
    ]);
    assert!(p.contains("crescono in proporzione dentro la fascia"), "{p}");
    assert_eq!(punti[0], Some("da 16,00 a 20,00".into()));
    // Mixed: fixed at the top, proportional below.
    let (p, _) = paragrafo(&[
        (0.0, 70.0, "Non raggiunto", Some((0.0, 10.0))),
        (70.0, 90.0, "Parzialmente raggiunto", Some((10.0, 16.0))),
        (90.0, 100.0, "Raggiunto", Some((20.0, 20.0))),
    ]);
    assert!(
        p.contains("gli stessi per ogni risultato nelle fasce che danno un solo valore, crescenti in proporzione dentro le altre"),
        "{p}"
    );
    // No points: the bands alone.
    let (p, punti) = paragrafo(&[
        (0.0, 70.0, "Non raggiunto", None),
        (70.0, 90.0, "Parzialmente raggiunto", None),
        (90.0, 100.0, "Raggiunto", None),
    ]);
    assert!(!p.contains("punti"), "{p}");
    assert!(punti.iter().all(Option::is_none));
}
