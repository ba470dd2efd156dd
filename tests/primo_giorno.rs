//! The first day of a new office: naming the folder, the words of the options,
//! `check` seeing everything a build uses, a fresh `init` folder that builds a
//! document a Giunta can approve, the drafts compared with names and readable
//! text.

use crate::common;
use common::{C, Libro, parole_pdf, relazione, relazione_in, s, t, testo_pdf};
use std::path::Path;

#[test]
fn every_command_names_the_folder_the_same_way() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    // As an argument or with --data: the same check, the same scores.
    let (a, b) = (relazione(&["check", s(&dir)]), relazione(&["check", "--data", s(&dir)]));
    assert_eq!(a.0, 0, "{}{}", a.1, a.2);
    assert_eq!(a, b);
    let testo = relazione(&["scores", s(&dir), "--format", "testo"]);
    assert_eq!(testo.0, 0, "{}", testo.2);
    // English words are aliases of the Italian ones, everywhere.
    assert_eq!(relazione(&["scores", s(&dir), "--format", "text"]), testo);
    let json = relazione(&["check", s(&dir), "--format", "json"]);
    assert!(json.1.trim_start().starts_with('{'), "{}", json.1);
    assert_eq!(relazione(&["check", s(&dir), "--format", "tabella"]).0, 0);
    // The folder named twice is one mistake, said in Italian.
    let (code, _, err) = relazione(&["check", s(&dir), "--data", s(&dir)]);
    assert_eq!(code, 2);
    assert!(err.starts_with("errore:"), "{err}");
}

#[test]
fn build_without_a_folder_says_how_to_name_one() {
    let vuota = tempfile::tempdir().unwrap();
    let (code, out, err) = relazione_in(vuota.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("non è indicata la cartella della relazione e qui non c'è una cartella «data»")
            && err.contains("relazione componi comune")
            && err.contains("relazione nuova comune"),
        "{err}"
    );
    assert!(!vuota.path().join("out").exists());
}

#[test]
fn out_naming_a_folder_writes_the_pdf_inside_it() {
    let (tmp, dir) = Libro::valido().in_cartella();
    let consegna = tmp.path().join("consegna");
    std::fs::create_dir(&consegna).unwrap();
    let (code, out, err) = relazione(&["build", s(&dir), "--out", s(&consegna)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(consegna.join("relazione-2022.pdf").is_file());
    // A file where a folder should be: said in Italian, no system error number.
    let file = tmp.path().join("un-file");
    std::fs::write(&file, "x").unwrap();
    let (code, _, err) = relazione(&["build", s(&dir), "--out", s(&file.join("r.pdf"))]);
    assert_eq!(code, 1);
    assert!(
        err.contains("è un file, non una cartella: il PDF non si può scrivere lì dentro"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn init_on_an_existing_folder_says_it_once_and_wants_a_four_digit_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("comune");
    assert_eq!(relazione(&["init", s(&dir), "--anno", "2025"]).0, 0);
    let prima = std::fs::read(dir.join("relazione.xlsx")).unwrap();
    let (code, out, err) = relazione(&["init", s(&dir), "--anno", "2025"]);
    assert_eq!(code, 1);
    assert_eq!(format!("{out}{err}").matches("esiste già").count(), 1, "{out}{err}");
    assert!(err.contains("relazione controlla"), "{err}");
    assert_eq!(std::fs::read(dir.join("relazione.xlsx")).unwrap(), prima);
    let (code, _, err) = relazione(&["init", s(&tmp.path().join("altra")), "--anno", "25"]);
    assert_eq!(code, 2);
    assert!(err.contains("l'anno va scritto con quattro cifre"), "{err}");
    assert!(!tmp.path().join("altra").exists());
}

#[test]
fn check_evaluates_every_text_and_names_file_line_and_missing_name() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    let testi = dir.join("testi");
    std::fs::create_dir_all(&testi).unwrap();
    std::fs::write(
        testi.join("01-premessa.md"),
        "# Premessa\n\nIl Comune.\n\nAbitanti: {{ dati.popolazione }}.\n",
    )
    .unwrap();
    std::fs::write(testi.join("02-grafici.md"), "# Grafici\n\n{{ grafico(\"nessuno\") }}\n").unwrap();
    std::fs::write(testi.join("03-filtri.md"), "# Cifre\n\n{{ 3 | pippo }}\n").unwrap();
    let (code, out, _) = relazione(&["check", s(&dir)]);
    assert_eq!(code, 1, "{out}");
    for atteso in [
        "errore  testi/01-premessa.md, riga 5: il dato «popolazione» non è nel foglio Dati",
        "errore  testi/02-grafici.md, riga 3: il grafico «nessuno» non c'è nel foglio Serie (grafici: g)",
        "errore  testi/03-filtri.md, riga 3: il filtro «pippo» non esiste",
        "Controllo non superato: 3 errori",
    ] {
        assert!(out.contains(atteso), "{atteso:?} not in:\n{out}");
    }
    for inglese in ["undefined", "unknown", "syntax error"] {
        assert!(!out.contains(inglese), "{out}");
    }
}

#[test]
fn check_applies_the_deliberations_and_lists_warnings_beside_errors() {
    // An error in Serie, and a deliberation whose `Da` is not the target in
    // force (85 after deliberation 142, not 70): both errors in one run, and
    // the warning of a person's weights summing to 80.
    let mut l = Libro::valido();
    l.set("Serie", "F2", t("tanti"));
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi1"),
            t("target"),
            C::N(70.0),
            C::N(90.0),
            t("160"),
            C::D(2022, 10, 20),
            C::Vuota,
        ],
    );
    l.set("Assegnazioni", "D2", C::N(80.0));
    let (_tmp, dir) = l.in_cartella();
    let (code, out, _) = relazione(&["check", s(&dir)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("errore  Serie!F2"), "{out}");
    assert!(out.contains("errore  Modifiche!C3: «Da» vale «70,00»"), "{out}");
    assert!(out.contains("avviso  Assegnazioni!D2"), "{out}");
    assert!(out.contains("Controllo non superato: 2 errori, 1 avviso."), "{out}");
}

#[test]
fn a_neutralized_indicator_leaves_the_weights_the_giunta_decided() {
    // OS1: kpi1 weighs 40 and kpi3 60 (100 as planned); deliberation 150
    // neutralizes kpi3, so the measured weights sum to 40. That is what the
    // Giunta left: no warning.
    let mut l = Libro::valido();
    l.set("Indicatori", "H2", C::N(40.0));
    l.aggiungi_indicatore(
        "kpi3",
        "OS1",
        "Sportelli",
        60.0,
        ">=",
        C::N(3.0),
        C::Vuota,
        "N.",
        C::N(3.0),
    );
    l.aggiungi(
        "Modifiche",
        vec![
            t("kpi3"),
            t("peso"),
            C::N(60.0),
            C::N(0.0),
            t("150"),
            C::D(2022, 10, 1),
            C::Vuota,
        ],
    );
    let r = relazione::carica(&l.in_cartella().1).unwrap();
    assert!(
        !r.avvisi.iter().any(|a| a.messaggio.contains("sommano")),
        "{:?}",
        r.avvisi
    );
    // Planned at 40 + 50 = 90, the weights were wrong before any deliberation:
    // the warning points at the indicators' weights, not at the objective.
    l.set("Indicatori", "H4", C::N(50.0));
    l.set("Modifiche", "C3", C::N(50.0));
    let r = relazione::carica(&l.in_cartella().1).unwrap();
    common::c_e(
        &r.avvisi,
        "Indicatori!H2",
        "i pesi degli indicatori misurati di OS1 sommano a 40,00",
    );
}

/// A fresh `init` folder built: the document an office sees on its first day.
fn cartella_iniziale(tmp: &Path) -> (std::path::PathBuf, String) {
    let dir = tmp.join("comune");
    assert_eq!(relazione(&["init", s(&dir), "--anno", "2025"]).0, 0);
    let pdf = tmp.join("comune.pdf");
    let (code, out, err) = relazione(&["build", s(&dir), "--out", s(&pdf)]);
    assert_eq!(code, 0, "{out}{err}");
    (dir, testo_pdf(&pdf))
}

#[test]
fn the_first_document_reads_as_a_giunta_expects() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, testo) = cartella_iniziale(tmp.path());
    // The article elided on the cover.
    assert!(
        testo.contains("A cura dell’Ufficio pianificazione e controllo"),
        "{testo}"
    );
    // Counts and days given whole print whole, bound to their unit; the NOTA and
    // Allegato 4 use the card's signs and units.
    for atteso in [
        "≤ 30 gg",
        "25 gg",
        "-5 gg",
        "≥ 1.200 N.",
        "1.150 N.",
        "-50 N.",
        "-10 gg",
        "NOTA: target portato da ≥ 80,00 % a ≥ 85,00 % con deliberazione 12 del 15 settembre 2025",
    ] {
        assert!(testo.contains(atteso), "{atteso:?} not in the PDF");
    }
    assert!(!testo.contains(">= 80,00"), "{testo}");
    // Allegato 4 does not repeat the deliberation its heading names.
    let allegato_4 = testo.rsplit("Allegato 4 – Modifiche deliberate").next().unwrap();
    assert!(
        allegato_4.contains("target portato da ≥ 80,00 % a ≥ 85,00 %"),
        "{allegato_4}"
    );
    assert!(!allegato_4.contains("con deliberazione"), "{allegato_4}");
    // Column titles are never hyphenated.
    for parola in ["Scostamento", "raggiungimento"] {
        assert!(testo.contains(parola), "{parola} broken in:\n{testo}");
    }
    // The sample texts show a page break and every generated part.
    let testi: String = std::fs::read_dir(dir.join("testi"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for parte in [
        "\n---\n",
        "{{ risultati() }}",
        "{{ albero() }}",
        "{{ tabella_unita() }}",
        "{{ grafico(\"personale\") }}",
        "{{ regole() }}",
        "{{ modifiche() }}",
        "{{ dati.dipendenti }}",
    ] {
        assert!(testi.contains(parte), "{parte:?} not in the sample texts");
    }
    // A card continuing on the next page says whose indicators these are.
    assert!(
        testo.contains("Indicatori dell’obiettivo OO1.1 – Ridurre i tempi di risposta"),
        "{testo}"
    );
}

#[test]
fn the_workbook_of_init_helps_fill_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nuova");
    relazione::init::crea(&dir, 2025, false).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(dir.join("relazione.xlsx")).unwrap()).unwrap();
    let mut tutto = String::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let nome = e.name().unwrap().to_string();
        if nome.starts_with("xl/") && nome.ends_with(".xml") {
            std::io::Read::read_to_string(&mut e, &mut tutto).unwrap();
        }
    }
    // A note on the header cells, saying what goes in the column.
    assert!(
        tutto.contains("Solo per gli operativi: il codice dell&apos;obiettivo strategico da cui discende")
            || tutto.contains("Solo per gli operativi: il codice dell'obiettivo strategico da cui discende"),
        "no note on Padre"
    );
    // Drop-downs that follow the codes typed in the other sheets.
    for elenco in [
        "Obiettivi!$A$2:$A$2001",
        "Unita!$A$2:$A$2001",
        "Indicatori!$A$2:$A$2001",
    ] {
        assert!(tutto.contains(elenco), "no drop-down of {elenco}");
    }
    // Example names any ente can use: no Camera's codes.
    let r = relazione::carica(&dir).unwrap();
    assert_eq!(r.piano().ente.nome, "Amministrazione di Esempio");
    assert!(r.piano().indicatori.iter().all(|i| !i.codice.starts_with("kpi")));
}

#[test]
fn the_marked_build_and_the_prospetto_show_units_people_names_and_text() {
    // The second draft moves two consuntivi: IND1-01 from 90 to 60 (OS1 to
    // 0 %) and IND1.1-02 from 1.150 to 1.300 (OO1.1, and so AREA1, to 100 %).
    let tmp = tempfile::tempdir().unwrap();
    let (prima, _) = cartella_iniziale(tmp.path());
    let dopo = tmp.path().join("bozza-2");
    common::copia_cartella(&prima, &dopo);
    // The example rows of init, with the two consuntivi moved.
    let mut fogli = relazione::init::esempio(2025);
    let ind = fogli.iter_mut().find(|f| f.foglio.nome == "Indicatori").unwrap();
    use relazione::workbook::scrivi::Scritta;
    ind.righe[0][12] = Scritta::Numero(60.into());
    ind.righe[2][12] = Scritta::Numero(1300.into());
    relazione::workbook::scrivi::scrivi(&dopo.join("relazione.xlsx"), &fogli).unwrap();
    std::fs::write(
        dopo.join("testi/01-premessa.md"),
        std::fs::read_to_string(prima.join("testi/01-premessa.md"))
            .unwrap()
            .replace("Questo è un testo di esempio", "Questo è il testo dell'ente"),
    )
    .unwrap();
    let marcato = tmp.path().join("marcato.pdf");
    let (code, out, err) = relazione(&["build", s(&dopo), "--compare", s(&prima), "--out", s(&marcato)]);
    assert_eq!(code, 0, "{out}{err}");
    let testo = parole_pdf(&marcato);
    for atteso in [
        "AREA1: risultato dell’unità",
        "Dirigente dell’Area Servizi: risultato individuale",
        "Raggiunto: obiettivi operativi",
    ] {
        assert!(
            testo.contains(atteso),
            "{atteso:?} not in the list of changes:\n{testo}"
        );
    }
    let prospetto = tmp.path().join("prospetto.pdf");
    let (code, _, err) = relazione(&["diff", s(&prima), s(&dopo), "--pdf", s(&prospetto)]);
    assert_eq!(code, 1, "{err}");
    let testo = parole_pdf(&prospetto);
    // Each thing by its code and its name.
    for atteso in [
        "IND1-01",
        "Utenti soddisfatti",
        "OS1",
        "Servizi più accessibili",
        "Area Servizi",
    ] {
        assert!(testo.contains(atteso), "{atteso:?} not in the prospetto:\n{testo}");
    }
    assert!(testo.contains("Premessa Questo è"), "{testo}");
    assert!(!testo.contains("# Premessa") && !testo.contains("{{"), "{testo}");
}
