//! The command line as an office uses it: nuova, controlla, punteggi, and its names.

use crate::common;
use common::{Libro, relazione, s, t};

#[test]
fn init_then_check_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nuova");
    let (code, out, err) = relazione(&["init", s(&dir), "--anno", "2024"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(dir.join("relazione.xlsx").is_file());
    assert!(dir.join("testi/01-premessa.md").is_file());
    let (code, out, err) = relazione(&["check", "--data", s(&dir)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Controllo superato: 0 avvisi, nessun errore."), "{out}");
    // The example row of Modifiche raises the target from 80 to 85: the consuntivo 90
    // meets it, 100 %.
    let (code, out, _) = relazione(&["scores", "--data", s(&dir), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ente"]["anno"], 2024);
    assert_eq!(v["indicatori"][0]["grado"], 100);
    assert_eq!(v["indicatori"][0]["scostamento"], 5);
}

#[test]
fn init_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("appunti.txt"), "x").unwrap();
    let (code, _, err) = relazione(&["init", s(tmp.path())]);
    assert_eq!(code, 1);
    assert!(err.contains("non è vuota"), "{err}");
    assert!(!tmp.path().join("relazione.xlsx").exists());
}

#[test]
fn check_lists_every_error_with_its_cell_and_fails() {
    let mut l = Libro::valido();
    l.set("Indicatori", "J2", t("85,OO %"));
    l.set("Obiettivi", "F3", t("OS9"));
    let (_tmp, dir) = l.in_cartella();
    let (code, out, _) = relazione(&["check", "--data", s(&dir)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("errore  Indicatori!J2: target «85,OO %» non è un numero"),
        "{out}"
    );
    assert!(
        out.contains("errore  Obiettivi!F3: obiettivo padre «OS9» sconosciuto"),
        "{out}"
    );
    assert!(out.contains("Controllo non superato: 2 errori"), "{out}");
}

#[test]
fn check_as_json() {
    let (_tmp, dir) = Libro::valido().set("Indicatori", "M2", t("ottanta")).in_cartella();
    let (code, out, _) = relazione(&["check", "--data", s(&dir), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errori"], 1);
    let p = &v["problemi"][0];
    assert_eq!(p["gravita"], "errore");
    assert_eq!(p["foglio"], "Indicatori");
    assert_eq!(p["cella"], "M2");
    assert_eq!(p["valore"], "ottanta");
}

#[test]
fn scores_json_has_every_figure() {
    // The base plan of tests/common: kpi1 66,666… %, OS1 the same, OP1 100 %,
    // U1 100 % (OP1), U2 none, Dirigente Uno 100 % (OP1 only).
    let (_tmp, dir) = Libro::valido().in_cartella();
    let (code, out, err) = relazione(&["scores", "--data", s(&dir), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ente"]["nome"], "Camera di prova");
    let ente = v["ente"]["risultato"].as_f64().unwrap();
    assert!((ente - 66.6667).abs() < 1e-3, "{ente}");
    let os1 = &v["obiettivi"][0];
    assert_eq!(os1["codice"], "OS1");
    assert_eq!(os1["livello"], "strategico");
    assert_eq!(os1["valutazione"], "Parzialmente raggiunto");
    assert_eq!(v["obiettivi"][1]["risultato"], 100);
    assert_eq!(v["obiettivi"][1]["valutazione"], "Raggiunto");
    assert_eq!(v["indicatori"][1]["scostamento"], -31);
    assert_eq!(v["unita"][0]["risultato"], 100);
    assert!(v["unita"][1]["risultato"].is_null());
    assert_eq!(v["persone"][0]["nome"], "Dirigente Uno");
    assert_eq!(v["persone"][0]["risultato"], 100);
}

#[test]
fn scores_table_is_in_italian_format() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    let (code, out, _) = relazione(&["scores", "--data", s(&dir)]);
    assert_eq!(code, 0);
    assert!(out.contains("Risultato dell'ente: 66,67 %"), "{out}");
    // A deadline's deviation in whole days, as the card prints it (`-31 gg`).
    assert!(out.contains("-31 gg"), "{out}");
    assert!(!out.contains("-31,00 gg"), "{out}");
    // With `decimali` 0 the table prints what the PDF prints: 66,67 % → 67 %.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("decimali"), t("0")]);
    let (_tmp, dir) = l.in_cartella();
    let (code, out, _) = relazione(&["scores", "--data", s(&dir)]);
    assert_eq!(code, 0);
    assert!(out.contains("Risultato dell'ente: 67 %"), "{out}");
}

#[test]
fn a_file_that_is_not_a_workbook_gets_one_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("relazione.xlsx"), "non sono un foglio di calcolo").unwrap();
    let (code, out, err) = relazione(&["scores", "--data", s(tmp.path())]);
    assert_eq!(code, 1);
    assert!(err.contains("è un file di testo (per esempio un CSV)"), "{out}{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn init_workbook_has_drop_down_lists() {
    // The closed columns (Livello, Operatore, Unita misura, Campo, Metodo) and the
    // Ente keys with usual values carry a list validation in the sheet's XML.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nuova");
    relazione::init::crea(&dir, 2024, false).unwrap();
    let f = std::fs::File::open(dir.join("relazione.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut fogli = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        if e.name().unwrap().starts_with("xl/worksheets/sheet") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut e, &mut s).unwrap();
            fogli.push(s);
        }
    }
    let tutto = fogli.join("\n");
    for lista in [
        "\"strategico,operativo\"",
        "\"&gt;=,&lt;=,=,entro\"",
        "\"%,N.,gg,€,data\"",
        "\"target,soglia,peso,operatore,nome,algoritmo,metodo\"",
        // Contract 1.2: the evaluation system's keys of the Ente sheet, and the Metodo
        // column of Indicatori (the same list as metodo_grado).
        "\"soglia,rapporto,tutto o niente\"",
        "\"100,110,120,nessuno\"",
        "\"media,media ponderata\"",
        "\"assoluto,relativo\"",
    ] {
        assert!(tutto.contains(lista), "no drop-down list {lista}");
    }
    // metodo_ente, metodo_grado, tetto_grado, metodo_obiettivo, scostamento, decimali
    // in Ente; Livello; Operatore, Unita misura, Metodo in Indicatori; Campo.
    assert!(tutto.matches("<dataValidation ").count() >= 11);
    // The optional Fasce sheet is there, with its header to fill.
    let r = relazione::carica(&dir).unwrap();
    assert!(r.piano().fasce.is_empty());
}

/// The set-up of README.md is what CI runs, word for word, and its two commands
/// use one cargo profile, so that a newcomer compiles the typesetting once.
#[test]
fn the_readme_set_up_is_what_ci_runs() {
    let radice = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(radice.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(radice.join(".ci/run")).unwrap();
    let inizio = readme.find("## Per cominciare").expect("README has «Per cominciare»");
    let blocco = readme[inizio..].split("```sh\n").nth(1).unwrap();
    let blocco = &blocco[..blocco.find("```").unwrap()];
    let comandi: Vec<&str> = blocco
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(comandi, ["cargo run -- build", "cargo test"], "{blocco}");
    for c in &comandi {
        assert!(ci.lines().any(|l| l.trim() == *c), "CI does not run «{c}»");
    }
}

#[test]
fn an_office_with_only_the_program_gets_the_guide_and_the_templates_to_restyle() {
    // --help names the guide the program carries, not the developers' README.
    let (code, aiuto, _) = relazione(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        aiuto.contains("relazione guida") && !aiuto.contains("README"),
        "{aiuto}"
    );
    let (code, guida, _) = relazione(&["guida"]);
    assert_eq!(code, 0);
    assert!(guida.starts_with("# Guida per l'ufficio"), "{guida}");
    // `modelli` writes the embedded templates, which then build the same PDF.
    let tmp = tempfile::tempdir().unwrap();
    let modelli = tmp.path().join("modelli");
    let (code, out, err) = relazione(&["modelli", s(&modelli)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("--modelli"), "{out}");
    for f in [
        "relazione.typ.j2",
        "stile.typ",
        "relazione.html.j2",
        "parti.html.j2",
        "stile.css",
        "prospetto.typ.j2",
    ] {
        assert!(modelli.join(f).is_file(), "{f}");
    }
    let (_t, dir) = Libro::valido().in_cartella();
    let (a, b) = (tmp.path().join("a.pdf"), tmp.path().join("b.pdf"));
    assert_eq!(relazione(&["build", "--data", s(&dir), "--out", s(&a)]).0, 0);
    assert_eq!(
        relazione(&["build", "--data", s(&dir), "--out", s(&b), "--templates", s(&modelli)]).0,
        0
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // A second time: the restyled copy is never overwritten.
    let (code, _, err) = relazione(&["modelli", s(&modelli)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("non è vuota"), "{err}");
}

#[test]
fn an_unbalanced_parenthesis_in_a_template_is_one_italian_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let modelli = tmp.path().join("modelli");
    assert_eq!(relazione(&["modelli", s(&modelli)]).0, 0);
    // Line 20 of stile.typ loses a closing parenthesis.
    let stile = std::fs::read_to_string(modelli.join("stile.typ")).unwrap();
    let mut righe: Vec<String> = stile.lines().map(str::to_string).collect();
    let n = righe
        .iter()
        .position(|r| r.contains("#let colore-valutazione(v)"))
        .unwrap();
    righe[n] = righe[n].replacen("(v)", "(v", 1);
    std::fs::write(modelli.join("stile.typ"), righe.join("\n")).unwrap();
    let (_t, dir) = Libro::valido().in_cartella();
    let pdf = tmp.path().join("r.pdf");
    let (code, _, err) = relazione(&["build", "--data", s(&dir), "--out", s(&pdf), "--templates", s(&modelli)]);
    assert_eq!(code, 1);
    let errori: Vec<&str> = err.lines().filter(|l| l.starts_with("errore")).collect();
    assert_eq!(errori.len(), 1, "{err}");
    assert!(errori[0].contains("stile.typ, riga"), "{err}");
    assert!(errori[0].contains("errore di sintassi"), "{err}");
    assert!(!pdf.exists());
}

#[test]
fn every_command_and_option_has_an_italian_name_and_the_english_ones_still_work() {
    // The help names the Italian commands only.
    let (code, aiuto, _) = relazione(&["--help"]);
    assert_eq!(code, 0);
    for c in [
        "componi",
        "osserva",
        "pubblica",
        "confronta",
        "controlla",
        "punteggi",
        "firma",
        "verifica",
        "nuova",
        "modelli",
        "guida",
    ] {
        assert!(aiuto.contains(&format!("  {c} ")), "{c}: {aiuto}");
    }
    for c in ["build", "check", "scores", "diff", "watch", "init"] {
        assert!(!aiuto.contains(&format!("  {c} ")), "{c}: {aiuto}");
    }
    // The same figures whichever the names, Italian or English.
    let (_t, dir) = Libro::valido().in_cartella();
    let (code, italiano, err) = relazione(&["punteggi", "--cartella", s(&dir), "--stampa", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, inglese, err) = relazione(&["scores", "--data", s(&dir), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(italiano, inglese);
    let (code, out, _) = relazione(&["controlla", s(&dir)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Controllo superato"), "{out}");
    // One form for people: `testo` and `tabella` are one value, not two.
    let (_, come_testo, _) = relazione(&["punteggi", s(&dir), "--stampa", "testo"]);
    let (_, come_tabella, _) = relazione(&["punteggi", s(&dir)]);
    assert_eq!(come_testo, come_tabella);
    let (code, aiuto, _) = relazione(&["punteggi", "--help"]);
    assert_eq!(code, 0);
    assert!(aiuto.contains("--stampa") && aiuto.contains("--cartella"), "{aiuto}");
    assert!(!aiuto.contains("--format") && !aiuto.contains("--data"), "{aiuto}");
}

#[test]
fn a_batch_refuses_with_a_sentence_an_option_it_would_ignore() {
    let (_t1, a) = Libro::valido().in_cartella();
    let (_t2, b) = Libro::valido().in_cartella();
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("una.pdf");
    for opzione in [
        vec!["--uscita", s(&pdf)],
        vec!["--forza"],
        vec!["--confronta", s(&a)],
        vec!["--campo-firma", "Presidente"],
        vec!["--sorgenti-typst", s(tmp.path())],
    ] {
        let mut args = vec!["componi", s(&a), s(&b), "--cartella-uscita", s(tmp.path())];
        args.extend(opzione.iter().copied());
        let (code, out, err) = relazione(&args);
        assert_eq!(code, 2, "{opzione:?}: {out}{err}");
        assert!(
            err.contains(&format!("{} vale per una cartella sola", opzione[0])),
            "{opzione:?}: {err}"
        );
    }
    // Nothing was written.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    // And one folder with the option of a batch.
    let (code, _, err) = relazione(&["componi", s(&a), "--cartella-uscita", s(tmp.path())]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--cartella-uscita vale con più cartelle"), "{err}");
}

#[cfg(unix)]
#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    use std::io::Read;
    // `relazione punteggi --stampa json | head -c 10`: the reader goes away
    // after a few bytes; the command must not report a defect. (The 2022
    // figures are 67 KB, more than a pipe holds: the write meets the closed end.)
    let mut figlio = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(["punteggi", "--stampa", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut inizio = [0u8; 10];
    figlio.stdout.take().unwrap().read_exact(&mut inizio).unwrap();
    // The pipe's read end is dropped here.
    let mut errore = String::new();
    figlio.stderr.take().unwrap().read_to_string(&mut errore).unwrap();
    figlio.wait().unwrap();
    assert_eq!(errore, "", "a closed pipe was reported");
}
