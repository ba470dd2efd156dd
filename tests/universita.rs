//! The third sample, clearly fictional: the Università degli Studi di Valle
//! Serena, 2025 (`tests/esempi/universita/`), another kind of administration
//! with its own words (obiettivi specifici and gestionali, strutture, Consiglio
//! di amministrazione, Nucleo di valutazione), its own annexes, units of its own
//! (CFU, ore, pratiche), deviations in p.p. and with their direction, grades by
//! `rapporto` capped at 100, and the individual evaluation of its SMVP:
//! components per category, behaviours, differentiation, bands and fixed points
//! for persons, the distribution from per-person data (dirigenti) and from HR's
//! counts (personale tecnico-amministrativo). Every figure below is worked out
//! by hand from `tests/esempi/universita/sorgente/`. The PDF's validation by
//! veraPDF and the web edition's by the web validators are in `.ci/run`.

use crate::common;
use common::{d, r2};
use common::{parole_pdf, relazione, s};
use relazione::build::{Opzioni, costruisci};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

fn cartella() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/universita")
}

fn universita() -> relazione::Relazione {
    relazione::carica(&cartella()).expect("the University sample loads")
}

#[test]
fn workbook_matches_its_sources() {
    // tests/esempi/universita/relazione.xlsx is generated from sorgente/*.tsv with
    // cargo run --example campione -- tests/esempi/universita/sorgente tests/esempi/universita/relazione.xlsx
    let tmp = tempfile::tempdir().unwrap();
    let fogli = relazione::workbook::scrivi::da_tsv(&cartella().join("sorgente")).unwrap();
    relazione::workbook::scrivi::scrivi(&tmp.path().join("relazione.xlsx"), &fogli).unwrap();
    let da_sorgenti = relazione::carica(tmp.path()).unwrap();
    assert_eq!(da_sorgenti.in_vigore, universita().in_vigore);
}

#[test]
fn the_sample_checks_clean() {
    let r = universita();
    assert!(r.avvisi.is_empty(), "{:?}", r.avvisi);
}

#[test]
fn grades_by_rapporto_capped_at_100_in_the_ente_s_units() {
    let r = universita();
    let g = |c: &str| r2(r.punteggi.indicatori[c].grado);
    // i1.1 ≥ 60 % with 54 %: 54 / 60 = 90 %.
    assert_eq!(g("i1.1"), Some(d("90")));
    // i1.2 ≥ 40 CFU with 38 CFU: 95 %.
    assert_eq!(g("i1.2"), Some(d("95")));
    // i2.1 ≥ 2.000.000 € with 1.700.000 €: 85 %.
    assert_eq!(g("i2.1"), Some(d("85")));
    // i3.1 ≤ 30 gg with 24 gg: 30 / 24 = 125 %, capped at 100 %.
    assert_eq!(g("i3.1"), Some(d("100")));
    // g1.1 ≥ 1.200 ore with 1.320 ore: 110 %, capped at 100 %.
    assert_eq!(g("g1.1"), Some(d("100")));
    // g3.1 ≤ 120 gg with 150 gg: 120 / 150 = 80 %.
    assert_eq!(g("g3.1"), Some(d("80")));
    // g3.2 ≥ 900 pratiche with 855: 95 %.
    assert_eq!(g("g3.2"), Some(d("95")));
    // g3.3 entro 31/07/2025 (moved from 30/06 by delibera 41), soglia 31/12/2025,
    // done 15/09/2025: linear in days, 107 / 153 = 69,93 %.
    assert_eq!(g("g3.3"), Some(d("69.93")));
    // g3.4 ≥ 20 ore with 22,5 ore: 112,5 %, capped at 100 %.
    assert_eq!(g("g3.4"), Some(d("100")));
}

#[test]
fn objectives_ente_and_structures() {
    let r = universita();
    let o = |c: &str| r2(r.punteggi.obiettivi[c].risultato);
    // OS1: 60 × 90 + 40 × 95 = 5.400 + 3.800 → 92 %.
    assert_eq!(o("OS1"), Some(d("92")));
    // OS3: (100 + 85) / 2 = 92,5 %.
    assert_eq!(o("OS3"), Some(d("92.5")));
    // OG3.1: (80 + 95) / 2 = 87,5 %; OG3.3: 70 × 100 + 30 × 70 → 91 %.
    assert_eq!(o("OG3.1"), Some(d("87.5")));
    assert_eq!(o("OG3.3"), Some(d("91")));
    // The ente: (92 + 85 + 92,5) / 3 = 89,83 %.
    assert_eq!(r2(r.punteggi.ente), Some(d("89.83")));
    // SIA: OG1.2 (100 %) and OG3.2 (69,93 %): 84,97 %.
    assert_eq!(r2(r.punteggi.unita["SIA"]), Some(d("84.97")));
    // Objectives' own bands (Per = obiettivi): 85 % is Parzialmente raggiunto.
    let g = r.punteggi.obiettivi["OS2"].giudizio.clone().unwrap();
    assert_eq!((g.etichetta.as_str(), g.punti), ("Parzialmente raggiunto", None));
}

#[test]
fn each_dirigente_is_evaluated_on_the_components_of_the_system() {
    let r = universita();
    let p = |nome: &str| r.punteggi.individuali[nome].clone();
    let componenti =
        |nome: &str| -> Vec<Option<Decimal>> { p(nome).componenti.iter().map(|c| r2(c.risultato)).collect() };
    // Direttore generale: organisational = the ente, 89,83 %; individual = OS3,
    // 92,5 %; behaviours 9, 8, 10 of 10 = 90 %; differentiation 8 / 10 = 80 %.
    // 40 × 89,833 + 30 × 92,5 + 25 × 90 + 5 × 80 = 9.018,33 → 90,18 %.
    assert_eq!(
        componenti("Direttore generale"),
        vec![Some(d("89.83")), Some(d("92.5")), Some(d("90")), Some(d("80"))]
    );
    assert_eq!(r2(p("Direttore generale").risultato), Some(d("90.18")));
    // Dirigente Area Risorse: PERS 87,5 %; OG3.1 × 60 + OG3.3 × 40 = 52,5 + 36,4
    // = 88,9 %; behaviours 90 %; differentiation 60 %:
    // 3.500 + 2.667 + 2.250 + 300 = 8.717 → 87,17 %.
    assert_eq!(r2(p("Dirigente Area Risorse").risultato), Some(d("87.17")));
    // Dirigente Area Ricerca has no score of differentiation: weighed on the
    // other three, (40 × 75 + 30 × 75 + 25 × 70) / 95 = 7.000 / 95 = 73,68 %.
    let ricerca = p("Dirigente Area Ricerca");
    assert_eq!(ricerca.componenti[3].risultato, None);
    assert_eq!(r2(ricerca.risultato), Some(d("73.68")));
    // Bands of persons with fixed points: 90,18 → Eccellente, 100 points;
    // 87,17 → Buona, 80; 73,68 → Adeguata, 60; 94,17 (Didattica) → Eccellente.
    let fascia = |nome: &str| {
        let g = p(nome).giudizio.unwrap();
        (g.etichetta, g.punti)
    };
    assert_eq!(fascia("Direttore generale"), ("Eccellente".into(), Some(d("100"))));
    assert_eq!(fascia("Dirigente Area Risorse"), ("Buona".into(), Some(d("80"))));
    assert_eq!(fascia("Dirigente Area Ricerca"), ("Adeguata".into(), Some(d("60"))));
    assert_eq!(
        fascia("Dirigente Area Didattica"),
        ("Eccellente".into(), Some(d("100")))
    );
}

#[test]
fn the_distribution_per_category_and_gender_with_its_differentiation() {
    let r = universita();
    let dist = r.punteggi.distribuzione.clone().unwrap();
    assert_eq!(dist.fasce, ["Eccellente", "Buona", "Adeguata", "Non adeguata"]);
    let riga = |c: Option<&str>, g: Option<&str>| {
        dist.righe
            .iter()
            .find(|x| x.categoria.as_deref() == c && x.genere.as_deref() == g)
            .unwrap()
            .clone()
    };
    // Dirigenti, from each person's band: Eccellente 2, Buona 1, Adeguata 1.
    // Σp² = 0,25 + 0,0625 + 0,0625 = 0,375; (1 − 0,375) / (1 − 1/4) = 83,33 %.
    let dirigenti = riga(Some("dirigenti"), None);
    assert_eq!(dirigenti.conteggi, [2, 1, 1, 0]);
    assert_eq!(r2(dirigenti.differenziazione), Some(d("83.33")));
    assert_eq!(riga(Some("dirigenti"), Some("F")).conteggi, [1, 1, 0, 0]);
    // Personale tecnico-amministrativo, from HR's counts: F 40, 52, 20, 3 and
    // M 25, 38, 15, 2 → 65, 90, 35, 5 of 195; Σp² = (65² + 90² + 35² + 5²) / 195²
    // = 13.575 / 38.025 = 0,357; (1 − 0,357) / 0,75 = 85,73 %.
    let pta = riga(Some("personale tecnico-amministrativo"), None);
    assert_eq!((pta.conteggi.clone(), pta.totale), (vec![65, 90, 35, 5], 195));
    assert_eq!(r2(pta.differenziazione), Some(d("85.73")));
    // All: 67, 91, 36, 5 of 199.
    assert_eq!(riga(None, None).conteggi, [67, 91, 36, 5]);
    // The categories in the order of the system (Componenti): dirigenti first.
    assert_eq!(dist.righe[0].categoria.as_deref(), Some("dirigenti"));
}

#[test]
fn the_pdf_speaks_the_university_s_words_and_shows_each_component() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("universita.pdf");
    costruisci(&Opzioni {
        cartella: cartella(),
        uscita: Some(pdf.clone()),
        ..Default::default()
    })
    .expect("builds");
    let parole = parole_pdf(&pdf);
    for atteso in [
        "Validata dal Nucleo di valutazione con verbale n. 6 del 30/06/2026",
        "Allegato 1 – Rendicontazione degli obiettivi specifici",
        "Allegato 2 – Rendicontazione degli obiettivi gestionali",
        "Allegato 3 – Valutazione individuale dei dirigenti",
        "Allegato 4 – Modifiche deliberate in corso d’anno",
        "Strutture coinvolte",
        "quella di ciascuna struttura è la media dei risultati degli obiettivi gestionali in cui è coinvolta",
        // Units as typed, whole when whole; p.p.; direction of a ≤ deviation.
        "≥ 40 CFU 38 CFU -2 CFU 95,00 %",
        "≥ 20,00 ore 22,50 ore +2,50 ore 100,00 %",
        "-12,00 p.p.",
        "(in meglio)",
        "(in peggio)",
        // Allegato 3: each component with its weight and result, each score.
        "Componente della valutazione Peso Risultato Risultati organizzativi 40,00 % 89,83 %",
        "Differenziazione 5,00 % 80,00 %",
        "Orientamento all’utenza 10 su 10",
        "Risultato individuale: 90,18 % Punti: 100,00",
        // The rules say the individual evaluation as the system defines it.
        "Il risultato individuale combina le componenti della valutazione",
        "per dirigenti, risultati organizzativi 40 %, obiettivi individuali 30 %, comportamenti 25 %, differenziazione 5 %",
        "Le persone hanno fasce proprie, distinte da quelle degli obiettivi, con i punti che attribuiscono",
        // The distribution and the bands of the persons, fixed points once.
        "Persone per fascia di valutazione e grado di differenziazione",
        "Dirigenti 2 1 1 0 4 83,33 %",
        "Fasce di valutazione delle persone",
        "da 90,00 % a 100,00 % Eccellente 100,00",
    ] {
        assert!(parole.contains(atteso), "{atteso:?} not in the PDF:\n{parole}");
    }
    let minuscole = parole.to_lowercase();
    for assente in [
        "obiettivo strategico",
        "obiettivi strategici",
        "obiettivi operativi",
        "giunta",
        "oiv",
    ] {
        assert!(!minuscole.contains(assente), "{assente:?} in the PDF");
    }
}

#[test]
fn scores_json_gives_the_components_and_the_distribution() {
    let (codice, json, errore) = relazione(&["scores", "--format", "json", "--data", s(&cartella())]);
    assert_eq!(codice, 0, "{errore}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let dg = v["persone"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["nome"] == "Direttore generale")
        .unwrap();
    assert_eq!(dg["categoria"], "dirigenti");
    assert_eq!(dg["componenti"][2]["componente"], "comportamenti");
    assert_eq!(dg["componenti"][2]["peso"], 25);
    assert_eq!(dg["componenti"][2]["risultato"], 90);
    assert_eq!(dg["punti"], 100);
    assert_eq!(
        v["distribuzione"]["righe"][0]["conteggi"],
        serde_json::json!([2, 1, 1, 0])
    );
}

#[test]
fn open_data_publish_the_distribution_in_groups_of_three_or_more_and_no_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    let (codice, stdout, errore) = relazione(&["pubblica", "--data", s(&cartella()), "--out", s(&out)]);
    assert_eq!(codice, 0, "{errore}");
    assert!(
        stdout.contains("in gruppi di almeno tre persone (distribuzione.csv)"),
        "{stdout}"
    );
    assert!(!out.join("dati/persone.csv").exists());
    let csv = std::fs::read_to_string(out.join("dati/distribuzione.csv")).unwrap();
    let righe: Vec<&str> = csv.lines().collect();
    // Dirigenti (4) published whole: their genders are 2 and 2, fewer than
    // three each. The personale by gender (115 and 80). The total whole: by
    // gender it would give, minus the personale, the dirigenti's genders.
    assert_eq!(righe[0], "categoria,genere,fascia,persone");
    assert!(righe.contains(&"dirigenti,,Eccellente,2"), "{csv}");
    assert!(!csv.contains("dirigenti,F"), "{csv}");
    assert!(righe.contains(&"personale tecnico-amministrativo,F,Buona,52"), "{csv}");
    assert!(righe.contains(&"tutte le categorie,,Buona,91"), "{csv}");
    assert!(!csv.contains("tutte le categorie,F"), "{csv}");
    // Five groups (dirigenti, personale, its F and M, all) of four bands.
    assert_eq!(righe.len(), 1 + 5 * 4, "{csv}");
    // No person's name with an evaluation: only the aggregate.
    assert!(!csv.contains("Dirigente") && !csv.contains("Direttore"), "{csv}");
    assert!(!out.join("dati/obiettivi-individuali.csv").exists());
}

/// A copy of the sample whose workbook has one cell changed: row `riga` (as
/// in the sheet: 2 is the first after the header) of `colonna` in `foglio`.
fn con_cella(foglio: &str, riga: usize, colonna: &str, valore: &str) -> (tempfile::TempDir, PathBuf) {
    con(|fogli| {
        let f = fogli.iter_mut().find(|f| f.foglio.nome == foglio).unwrap();
        let col = f.foglio.colonne.iter().position(|c| c.nome == colonna).unwrap();
        f.righe[riga - 2][col] = relazione::workbook::scrivi::tipizza(f.foglio.colonne[col].tipo, valore);
    })
}

#[test]
fn check_finds_each_mistake_of_the_individual_evaluation_at_its_cell() {
    use common::{c_e, errori};
    // Componenti: dirigenti 45 + 30 + 25 + 5 = 105, not 100.
    let (_t, dir) = con_cella("Componenti", 2, "Peso", "45");
    c_e(
        &errori(&dir),
        "Componenti!C2",
        "i pesi delle componenti della categoria «dirigenti» sommano a 105,00, non a 100",
    );
    // Punteggi: 11 out of 10.
    let (_t, dir) = con_cella("Punteggi", 2, "Punteggio", "11");
    c_e(&errori(&dir), "Punteggi!D2", "dev'essere fra 0 e il massimo, 10,00");
    // Fasce of the persons: Buona from 82 leaves 80–82 without a band.
    let (_t, dir) = con_cella("Fasce", 7, "Da", "82");
    c_e(
        &errori(&dir),
        "Fasce!A7",
        "fasce delle persone: fra 80,00 e 82,00 nessuna fascia",
    );
    // The top band of the persons must reach 100.
    let (_t, dir) = con_cella("Fasce", 8, "A", "95");
    c_e(
        &errori(&dir),
        "Fasce!B8",
        "fasce delle persone: la fascia più alta deve arrivare almeno a 100",
    );
    // A person of Persone whose category has no weights.
    let (_t, dir) = con_cella("Persone", 3, "Categoria", "dirigenti di seconda fascia");
    c_e(
        &errori(&dir),
        "Persone!B3",
        "la categoria «dirigenti di seconda fascia» di Dirigente Area Didattica non ha pesi nel foglio Componenti",
    );
    // A count for a band the persons do not have.
    let (_t, dir) = con_cella("Distribuzione", 2, "Fascia", "Ottima");
    c_e(&errori(&dir), "Distribuzione!C2", "fascia «Ottima» sconosciuta");
    // A word the program does not know.
    let (_t, dir) = con_cella("Ente", 8, "Valore", "Collegio");
    c_e(&errori(&dir), "Ente!B8", "organo_validazione «Collegio» non previsto");
}

/// A copy of the sample whose workbook the closure changes, sheet by sheet.
fn con(cambia: impl FnOnce(&mut Vec<relazione::workbook::scrivi::FoglioScritto>)) -> (tempfile::TempDir, PathBuf) {
    use relazione::workbook::scrivi::{da_tsv, scrivi};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("universita");
    common::copia_cartella(&cartella(), &dir);
    let mut fogli = da_tsv(&dir.join("sorgente")).unwrap();
    cambia(&mut fogli);
    scrivi(&dir.join("relazione.xlsx"), &fogli).unwrap();
    (tmp, dir)
}

#[test]
fn diff_tells_a_person_s_band_and_points_and_a_new_deliberation_by_its_values() {
    use relazione::workbook::schema::Tipo;
    use relazione::workbook::scrivi::{Scritta, tipizza};
    let (_t, dopo) = con(|fogli| {
        // Dirigente Area Ricerca: behaviours 10, 10, 10 → 100 %; with no
        // differentiation, (40 × 75 + 30 × 75 + 25 × 100) / 95 = 7.750 / 95 =
        // 81,58 %: from Adeguata (60 points) to Buona (80 points).
        let p = fogli.iter_mut().find(|f| f.foglio.nome == "Punteggi").unwrap();
        for r in p
            .righe
            .iter_mut()
            .filter(|r| r[0] == Scritta::Testo("Dirigente Area Ricerca".into()))
        {
            r[3] = tipizza(Tipo::Numero, "10");
        }
        // A deliberation lowering i1.1's target from 60 to 55.
        let m = fogli.iter_mut().find(|f| f.foglio.nome == "Modifiche").unwrap();
        let riga: Vec<Scritta> = ["i1.1", "target", "60", "55", "52", "15/09/2025", ""]
            .iter()
            .zip(m.foglio.colonne)
            .map(|(v, c)| tipizza(c.tipo, v))
            .collect();
        m.righe.push(riga);
    });
    let (codice, out, err) = relazione(&["diff", s(&cartella()), s(&dopo)]);
    assert_eq!(codice, 1, "{err}");
    assert!(
        out.contains("Dirigente Area Ricerca: 73,68 % → 81,58 %, da Adeguata a Buona, punti da 60,00 a 80,00"),
        "{out}"
    );
    // Told by what it changes, not as a change from nothing.
    assert!(
        out.contains("modifica i1.1 target (delib. 52 del 15/09/2025) · aggiunta: da 60,00 a 55,00"),
        "{out}"
    );
    let (_, json, _) = relazione(&["diff", s(&cartella()), s(&dopo), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = v["punteggi"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["codice"] == "Dirigente Area Ricerca")
        .unwrap();
    assert_eq!(p["valutazione_prima"], "Adeguata");
    assert_eq!(
        (p["punti_prima"].clone(), p["punti_dopo"].clone()),
        (serde_json::json!(60), serde_json::json!(80))
    );
}

#[test]
fn a_person_or_a_category_spelled_two_ways_is_still_one() {
    // «dirigente area ricerca» in Punteggi, «Dirigenti» for one person in
    // Persone: the same person and the same category as before.
    let (_t, dir) = con(|fogli| {
        use relazione::workbook::scrivi::Scritta;
        let p = fogli.iter_mut().find(|f| f.foglio.nome == "Punteggi").unwrap();
        for r in p
            .righe
            .iter_mut()
            .filter(|r| r[0] == Scritta::Testo("Dirigente Area Ricerca".into()))
        {
            r[0] = Scritta::Testo("dirigente area ricerca".into());
        }
        let p = fogli.iter_mut().find(|f| f.foglio.nome == "Persone").unwrap();
        p.righe[1][1] = Scritta::Testo("Dirigenti".into());
    });
    let r = relazione::carica(&dir).expect("loads");
    assert_eq!(r.punteggi.individuali.len(), 4, "{:?}", r.punteggi.individuali.keys());
    assert_eq!(r2(r.punteggi.persone["Dirigente Area Ricerca"]), Some(d("73.68")));
    let dist = r.punteggi.distribuzione.unwrap();
    let categorie: Vec<_> = dist
        .righe
        .iter()
        .filter(|x| x.genere.is_none())
        .map(|x| x.categoria.clone())
        .collect();
    assert_eq!(categorie.len(), 3, "{categorie:?}");
    assert_eq!(dist.righe[0].conteggi, [2, 1, 1, 0]);
}

#[test]
fn check_finds_counts_twice_mixed_weights_and_assignments_that_do_not_count() {
    use common::{c_e, errori};
    use relazione::workbook::schema::Tipo;
    use relazione::workbook::scrivi::{Scritta, tipizza};
    // A Distribuzione row written twice.
    let (_t, dir) = con(|fogli| {
        let f = fogli.iter_mut().find(|f| f.foglio.nome == "Distribuzione").unwrap();
        let prima = f.righe[0].clone();
        f.righe.push(prima);
    });
    c_e(
        &errori(&dir),
        "Distribuzione!C10",
        "c'è già in Distribuzione!C2: sarebbe contata due volte",
    );
    // One item of a component weighed, the others not.
    let (_t, dir) = con_cella("Punteggi", 2, "Peso", "40");
    c_e(
        &errori(&dir),
        "Punteggi!F3",
        "i pesi vanno dati a tutte le voci della componente o a nessuna",
    );
    // A unit typed that cannot be one.
    let (_t, dir) = con_cella("Indicatori", 2, "Unita misura", "12ore");
    c_e(&errori(&dir), "Indicatori!L2", "unità di misura «12ore» non valida");
    // dirigenti without «obiettivi individuali» (70 + 25 + 5): their objectives count for nothing.
    let (_t, dir) = con(|fogli| {
        let f = fogli.iter_mut().find(|f| f.foglio.nome == "Componenti").unwrap();
        f.righe.retain(|r| {
            !(r[0] == Scritta::Testo("dirigenti".into()) && r[1] == Scritta::Testo("obiettivi individuali".into()))
        });
        f.righe[0][2] = tipizza(Tipo::Numero, "70");
    });
    let r = relazione::carica(&dir).expect("loads");
    c_e(
        &r.avvisi,
        "Assegnazioni!C3",
        "l'assegnazione di «OS3» a Direttore generale non conta: la categoria «dirigenti» non pesa la componente «obiettivi individuali»",
    );
}

#[test]
fn four_bands_of_the_persons_each_with_their_own_marker_and_colour() {
    // Eccellente, Buona, Adeguata and Non adeguata: the two middle bands share
    // the «partly» light, so each must still be told apart by its marker's
    // shape (readable in greyscale) and by its colour.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("web");
    let (codice, _, errore) = relazione(&["pubblica", "--data", s(&cartella()), "--out", s(&out)]);
    assert_eq!(codice, 0, "{errore}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let segno = |etichetta: &str| -> String {
        let fine = html
            .find(&format!("</svg> {etichetta}</span>"))
            .unwrap_or_else(|| panic!("{etichetta} has no marker"));
        let inizio = html[..fine].rfind("<span class=\"esito").unwrap();
        html[inizio..fine].to_string()
    };
    let segni: Vec<String> = ["Eccellente", "Buona", "Adeguata", "Non adeguata"]
        .into_iter()
        .map(segno)
        .collect();
    let classi: std::collections::BTreeSet<&str> = segni.iter().map(|s| s.split('>').next().unwrap()).collect();
    let forme: std::collections::BTreeSet<&str> = segni.iter().map(|s| s.split_once("<svg").unwrap().1).collect();
    assert_eq!(classi.len(), 4, "{segni:#?}");
    assert_eq!(forme.len(), 4, "{segni:#?}");
    // Buona sits two thirds of the way up: more than half its circle filled
    // (the large-arc flag); Adeguata one third: less.
    assert!(segni[1].contains("A6.5 6.5 0 1 0"), "{}", segni[1]);
    assert!(segni[2].contains("A6.5 6.5 0 0 0"), "{}", segni[2]);
}

/// The rows of sheet `nome`, to change.
fn righe<'f>(
    fogli: &'f mut [relazione::workbook::scrivi::FoglioScritto],
    nome: &str,
) -> &'f mut Vec<Vec<relazione::workbook::scrivi::Scritta>> {
    &mut fogli.iter_mut().find(|f| f.foglio.nome == nome).unwrap().righe
}

fn testo(x: &str) -> relazione::workbook::scrivi::Scritta {
    relazione::workbook::scrivi::Scritta::Testo(x.into())
}

/// The lines of the list of changes of a marked build that name `cosa`, each
/// ending with its page.
fn voci_con_pagina(pdf: &Path, cosa: &str) -> Vec<String> {
    let testo = common::testo_pdf(pdf);
    let elenco = &testo[testo.rfind("punti del documento").expect("the list of changes")..];
    let voci: Vec<String> = elenco
        .lines()
        .filter(|l| l.contains(cosa))
        .map(str::to_string)
        .collect();
    for v in &voci {
        let pagina = v.split_whitespace().last().unwrap_or_default();
        assert!(pagina.parse::<u32>().is_ok(), "«{v}» names no page");
    }
    voci
}

#[test]
fn build_compare_marks_what_is_new_and_what_is_gone() {
    use relazione::workbook::scrivi::Scritta;
    // The first draft: no deliberation yet, no OG1.2 (nor its indicator g1.2),
    // so the Dirigente Area Didattica has OG1.1 alone.
    let (_a, prima) = con(|fogli| {
        righe(fogli, "Modifiche").clear();
        righe(fogli, "Obiettivi").retain(|r| r[0] != testo("OG1.2"));
        righe(fogli, "Indicatori").retain(|r| r[0] != testo("g1.2"));
        let a = righe(fogli, "Assegnazioni");
        a.retain(|r| r[2] != testo("OG1.2"));
        for r in a.iter_mut().filter(|r| r[2] == testo("OG1.1")) {
            r[3] = Scritta::Numero(Decimal::from(100));
        }
    });
    // The final one: the sample, plus a deliberation lowering i1.1's target,
    // minus the indicator g3.2 (g3.1 now weighs 100).
    let (_b, dopo) = con(|fogli| {
        let m = fogli.iter_mut().find(|f| f.foglio.nome == "Modifiche").unwrap();
        let riga = [
            "i1.1",
            "target",
            "60",
            "55",
            "52",
            "15/09/2025",
            "Rivisto sui dati nazionali",
        ]
        .iter()
        .zip(m.foglio.colonne)
        .map(|(v, c)| relazione::workbook::scrivi::tipizza(c.tipo, v))
        .collect();
        m.righe.push(riga);
        let i = righe(fogli, "Indicatori");
        i.retain(|r| r[0] != testo("g3.2"));
        for r in i.iter_mut().filter(|r| r[0] == testo("g3.1")) {
            r[7] = Scritta::Numero(Decimal::from(100));
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let marcata = tmp.path().join("marcata.pdf");
    let (codice, out, err) = relazione(&["build", s(&dopo), "--compare", s(&prima), "--out", s(&marcata)]);
    assert_eq!(codice, 0, "{out}{err}");
    // Both deliberations are new, and so is the annex that lists them.
    assert_eq!(
        voci_con_pagina(&marcata, "(delib. 52 del 15/09/2025): modifica nuova").len(),
        1
    );
    assert_eq!(
        voci_con_pagina(&marcata, "(delib. 41 del 27/05/2025): modifica nuova").len(),
        1
    );
    assert_eq!(voci_con_pagina(&marcata, "Allegato 4 – ").len(), 1);
    assert!(voci_con_pagina(&marcata, "Allegato 4 – ")[0].contains("allegato nuovo"));
    // The new objective and indicator, in Allegato 2 and in the person's Allegato 3.
    assert_eq!(voci_con_pagina(&marcata, "OG1.2: obiettivo nuovo").len(), 2);
    assert_eq!(voci_con_pagina(&marcata, "g1.2: indicatore nuovo").len(), 2);
    // The indicator gone, struck on its objective's cards (Allegato 2 and 3).
    let tolto = voci_con_pagina(&marcata, "g3.2: indicatore tolto");
    assert_eq!(tolto.len(), 2, "{tolto:?}");
    assert!(tolto[0].contains("Rimborsi di missione"), "{tolto:?}");
    assert!(common::testo_pdf(&marcata).contains("Non più presente rispetto alla bozza precedente: g3.2"));

    // Read the other way, what was new is gone: struck where it was printed.
    let inversa = tmp.path().join("inversa.pdf");
    let (codice, out, err) = relazione(&["build", s(&prima), "--compare", s(&dopo), "--out", s(&inversa)]);
    assert_eq!(codice, 0, "{out}{err}");
    let og = voci_con_pagina(&inversa, "OG1.2: obiettivo gestionale tolto");
    assert_eq!(og.len(), 1, "{og:?}");
    assert!(og[0].contains("Verbalizzazione"), "{og:?}");
    assert!(!voci_con_pagina(&inversa, "(delib. 52 del 15/09/2025): modifica tolta").is_empty());
    let allegato = voci_con_pagina(&inversa, "Allegato tolto");
    assert!(
        allegato.len() == 1 && allegato[0].contains("Allegato 4 – Modifiche"),
        "{allegato:?}"
    );
    assert_eq!(voci_con_pagina(&inversa, "g3.2: indicatore nuovo").len(), 2);
    // The person stays; her objective OG1.2 is gone from her Allegato 3.
    assert_eq!(
        voci_con_pagina(&inversa, "Dirigente Area Didattica · OG1.2: assegnazione tolta").len(),
        1
    );
}

#[test]
fn diff_tells_a_text_edited_from_a_text_whose_figures_moved_in_every_output() {
    // A deliberation lowering i1.1's target from 60 to 55 moves the ente's
    // result, which testi/01-risultati.md quotes; the office edits only
    // testi/00-premessa.md.
    let (_t, dopo) = con(|fogli| {
        let m = fogli.iter_mut().find(|f| f.foglio.nome == "Modifiche").unwrap();
        let riga = ["i1.1", "target", "60", "55", "52", "15/09/2025", ""]
            .iter()
            .zip(m.foglio.colonne)
            .map(|(v, c)| relazione::workbook::scrivi::tipizza(c.tipo, v))
            .collect();
        m.righe.push(riga);
    });
    let premessa = dopo.join("testi/00-premessa.md");
    let mut testo = std::fs::read_to_string(&premessa).unwrap();
    testo.push_str("\nUna frase aggiunta dall'ufficio.\n");
    std::fs::write(&premessa, testo).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("prospetto.pdf");
    let (codice, out, err) = relazione(&["diff", s(&cartella()), s(&dopo), "--pdf", s(&pdf)]);
    assert_eq!(codice, 1, "{err}");
    assert!(out.contains("Testo testi/00-premessa.md\n"), "{out}");
    assert!(
        out.contains("Testo testi/01-risultati.md (non modificato: cambiano le cifre che riprende dai dati)"),
        "{out}"
    );
    // The JSON says the same.
    let (_, json, _) = relazione(&["diff", s(&cartella()), s(&dopo), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let file = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|t| t["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(file("testi"), ["testi/00-premessa.md"]);
    assert_eq!(file("testi_dai_dati"), ["testi/01-risultati.md"]);
    // And the prospetto (which composes with the deliberation told in words).
    let p = common::testo_pdf(&pdf);
    let (modificati, dai_dati) = p.split_once("Testi che riprendono cifre cambiate").expect(&p);
    assert!(
        modificati.contains("testi/00-premessa.md") && !modificati.contains("testi/01-risultati.md"),
        "{p}"
    );
    assert!(
        dai_dati.contains("testi/01-risultati.md") && !dai_dati.contains("testi/00-premessa.md"),
        "{p}"
    );
    assert!(p.contains("da 60,00 a 55,00"), "{p}");
}

#[test]
fn build_compare_marks_the_scores_the_components_and_the_distribution_that_moved() {
    use relazione::workbook::schema::Tipo;
    use relazione::workbook::scrivi::tipizza;
    // As above: the Dirigente Area Ricerca's three behaviours scored 10 each
    // (were 7, 6, 8) take him from Adeguata to Buona; the dirigenti's counts
    // go from 2, 1, 1, 0 to 2, 2, 0, 0.
    let (_t, dopo) = con(|fogli| {
        for r in righe(fogli, "Punteggi")
            .iter_mut()
            .filter(|r| r[0] == testo("Dirigente Area Ricerca"))
        {
            r[3] = tipizza(Tipo::Numero, "10");
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("marcata.pdf");
    let (codice, out, err) = relazione(&["build", s(&dopo), "--compare", s(&cartella()), "--out", s(&pdf)]);
    assert_eq!(codice, 0, "{out}{err}");
    let punteggi = voci_con_pagina(&pdf, "Dirigente Area Ricerca · ");
    for voce in [
        "Guida e sviluppo dei collaboratori",
        "Programmazione e controllo",
        "Orientamento all",
    ] {
        assert!(
            punteggi.iter().any(|l| l.contains(voce) && l.contains("su 10")),
            "{voce}: {punteggi:#?}"
        );
    }
    assert!(
        punteggi.iter().any(|l| l.contains("Comportamenti: risultato")),
        "{punteggi:#?}"
    );
    let buona = voci_con_pagina(&pdf, "Dirigenti · Buona");
    assert!(
        buona.len() == 1 && buona[0].contains(" 1 ") && buona[0].contains(" 2 "),
        "{buona:?}"
    );
    assert_eq!(voci_con_pagina(&pdf, "Dirigenti · Adeguata").len(), 1);
    // The Eccellente count did not move: not listed.
    assert!(voci_con_pagina(&pdf, "Dirigenti · Eccellente").is_empty());
}
