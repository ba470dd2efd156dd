//! `relazione pubblica`: the web edition a citizen reads in the ente's
//! "Amministrazione trasparente" — the same sections, cards and figures as the
//! PDF, self-contained, accessible by structure — and the open data, whose every
//! figure is the one of `relazione scores --format json`. The validators others
//! trust (the Nu HTML Checker, axe-core in Chromium, frictionless) run on these
//! editions in CI (`.ci/run`).

use crate::common;
use common::{Libro, copia_cartella, relazione, s, sostituisci_nel_zip, t};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn radice() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Publishes a folder into `out` with the program, as the office does.
fn pubblica(data: &Path, out: &Path) {
    let (code, _, stderr) = relazione(&["pubblica", "--data", s(data), "--out", s(out)]);
    assert_eq!(code, 0, "pubblica failed: {stderr}");
}

/// The web edition of the 2022 sample, made once for the tests of this file.
fn edizione_2022() -> &'static Path {
    static EDIZIONE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, dir) = EDIZIONE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("pubblicazione-2022");
        pubblica(&radice().join("data"), &out);
        (tmp, out)
    });
    dir
}

/// A copy of a report folder whose `Ente` sheet (the first) ends with the
/// key `dati_nominativi: sì`: the ente decided to publish persons' results.
fn con_dati_nominativi(da: &Path, a: &Path) {
    copia_cartella(da, a);
    sostituisci_nel_zip(&a.join("relazione.xlsx"), "xl/worksheets/sheet1.xml", |x| {
        let ultima = x
            .match_indices("<row r=\"")
            .filter_map(|(i, m)| x[i + m.len()..].split('"').next()?.parse::<u32>().ok())
            .max()
            .unwrap();
        let r = ultima + 1;
        x.replace(
            "</sheetData>",
            &format!(
                "<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>dati_nominativi</t></is></c>\
                 <c r=\"B{r}\" t=\"inlineStr\"><is><t>sì</t></is></c></row></sheetData>"
            ),
        )
    });
}

/// The 2022 edition with `dati_nominativi: sì`, made once.
fn edizione_2022_nominativa() -> &'static Path {
    static EDIZIONE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, dir) = EDIZIONE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        con_dati_nominativi(&radice().join("data"), &tmp.path().join("data"));
        let out = tmp.path().join("pubblicazione-2022");
        pubblica(&tmp.path().join("data"), &out);
        (tmp, out)
    });
    dir
}

fn leggi(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The values of an attribute (`src="…"`) throughout a page.
fn valori(html: &str, attributo: &str) -> Vec<String> {
    let chiave = format!(" {attributo}=\"");
    html.match_indices(&chiave)
        .map(|(i, _)| {
            let resto = &html[i + chiave.len()..];
            resto[..resto.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The section of a page from `inizio` to the next `fine`.
fn tratto<'a>(html: &'a str, inizio: &str, fine: &str) -> &'a str {
    let i = html.find(inizio).unwrap_or_else(|| panic!("{inizio} not in the page"));
    let resto = &html[i..];
    &resto[..resto[inizio.len()..]
        .find(fine)
        .map_or(resto.len(), |j| j + inizio.len())]
}

#[test]
fn the_2022_edition_is_whole_and_needs_nothing_from_the_network() {
    let dir = edizione_2022();
    for f in [
        "index.html",
        "stile.css",
        "font/Lora_400Regular.ttf",
        "font/TitilliumWeb_700Bold.ttf",
        "font/OFL-Lora.txt",
        "font/OFL-TitilliumWeb.txt",
        "relazione-2022.pdf",
        "dati/indicatori.csv",
        "dati/obiettivi.csv",
        "dati/unita.csv",
        "dati/modifiche.csv",
        "dati/datapackage.json",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing from the edition");
    }
    // Persons with their results are personal data: not in the open data
    // unless the ente decided so (dati_nominativi), not in the package either.
    for f in ["dati/persone.csv", "dati/obiettivi-individuali.csv"] {
        assert!(!dir.join(f).exists(), "{f} published without the ente's decision");
    }
    assert!(!leggi(&dir.join("dati/datapackage.json")).contains("persone"));
    for f in ["dati/persone.csv", "dati/obiettivi-individuali.csv"] {
        assert!(edizione_2022_nominativa().join(f).is_file(), "{f} missing once decided");
    }
    // The PDF linked from the page is the one `relazione build` gives, byte for byte.
    let pdf = relazione::build::pdf_della_cartella(&radice().join("data"), None).unwrap();
    assert!(
        std::fs::read(dir.join("relazione-2022.pdf")).unwrap() == pdf,
        "the PDF differs from the build's"
    );
    let html = leggi(&dir.join("index.html"));
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"it\">"),
        "{}",
        &html[..80]
    );
    assert!(!html.contains("<script"), "the page needs no script");
    // Everything the page loads is a file of the folder; links out are only links.
    let css = leggi(&dir.join("stile.css"));
    let caricati: Vec<String> = valori(&html, "src")
        .into_iter()
        .chain(
            valori(&html, "href")
                .into_iter()
                .filter(|h| !h.starts_with('#') && !h.starts_with("http")),
        )
        .chain(
            css.split("url(\"")
                .skip(1)
                .map(|u| u[..u.find('"').unwrap()].to_string()),
        )
        .collect();
    assert!(caricati.iter().any(|c| c == "stile.css") && caricati.iter().any(|c| c.starts_with("font/")));
    for c in &caricati {
        assert!(dir.join(c).is_file(), "the page loads {c}, which is not in the folder");
    }
    assert!(!css.contains("http"), "the style sheet fetches nothing");
    // Every in-page link has its anchor (the albero links to the cards).
    let ancore: std::collections::BTreeSet<String> = valori(&html, "id").into_iter().collect();
    for h in valori(&html, "href").into_iter().filter(|h| h.starts_with('#')) {
        assert!(ancore.contains(&h[1..]), "link {h} has no anchor");
    }
}

#[test]
fn the_page_has_the_pdfs_sections_cards_and_figures() {
    let html = leggi(&edizione_2022().join("index.html"));
    let r = relazione::carica(&radice().join("data")).unwrap();
    let v = relazione::render::vista::vista(&r, None);
    // Headings in order: one h1, and never a level skipped going down.
    assert_eq!(html.matches("<h1").count(), 1);
    let mut livello = 1;
    for (i, _) in html.match_indices("<h") {
        if let Some(n) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
            assert!(n <= livello + 1, "h{n} after h{livello}: {}", &html[i..i + 80]);
            livello = n;
        }
    }
    // The sections of the texts, in the table of contents.
    let indice = tratto(&html, "<nav class=\"indice\"", "</nav>");
    for titolo in [
        "1 – Principali risultati raggiunti",
        "Allegato 1 – Rendicontazione degli obiettivi strategici triennali",
        "Allegato 2 – Rendicontazione degli obiettivi operativi annuali",
        "Allegato 3 – Rendicontazione degli obiettivi individuali",
        "Allegato 4 – Modifiche deliberate in corso d’anno",
    ] {
        assert!(
            indice.contains(titolo),
            "{titolo} not in the table of contents:\n{indice}"
        );
    }
    // The overall result the reference publishes: 90,90 %.
    // (bound to its unit by a no-break space)
    assert!(html.contains("<span class=\"valore\">90,90\u{a0}%</span>"));
    // Each card of Allegati 1 and 2 prints the PDF's result, valutazione and every
    // indicator's grade (the same view feeds both editions).
    for o in v.strategici.iter().chain(&v.operativi) {
        let id = format!("id=\"ob-{}\"", o.codice);
        let scheda = tratto(&html, &id, "</article>");
        assert!(
            scheda.contains(&format!("<dd class=\"risultato\">{}</dd>", o.risultato)),
            "{}",
            o.codice
        );
        let valutazione = o.valutazione.clone().unwrap_or_else(|| "Non misurato".into());
        assert!(scheda.contains(&valutazione), "{}: {valutazione}", o.codice);
        for i in &o.indicatori {
            assert!(
                scheda.contains(&format!("<td class=\"num grado\">{}</td>", i.grado)),
                "{} {}",
                o.codice,
                i.codice
            );
        }
    }
    // OS01.1.1, as published: 60,42 %, Parzialmente raggiunto.
    let os = tratto(&html, "id=\"ob-OS01.1.1\"", "</article>");
    assert!(
        os.contains("60,42\u{a0}%") && os.contains("Parzialmente raggiunto"),
        "{os}"
    );
    // The albero as nested lists: one node per objective.
    let albero = tratto(&html, "<div class=\"albero\">", "</ul>\n</div>");
    assert_eq!(
        albero.matches("class=\"nodo ").count(),
        v.strategici.len() + v.operativi.len()
    );
    // Every table has a caption and header cells.
    assert_eq!(html.matches("<table").count(), html.matches("<caption>").count());
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<thead><tr><th scope=\"col\">").count()
    );
    // Every chart is an image with its text alternative, and its data as a table.
    // Two of the key results, and each chart a text places, as in the PDF.
    let collocati: usize = std::fs::read_dir(radice().join("data/testi"))
        .unwrap()
        .map(|e| leggi(&e.unwrap().path()).matches("{{ grafico(").count())
        .sum();
    assert!(collocati >= 5, "{collocati}");
    assert_eq!(html.matches("<svg class=\"grafico").count(), 2 + collocati);
    for (i, _) in html.match_indices("<svg class=\"grafico") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        assert!(
            tag.contains("role=\"img\" aria-label=\"") && !tag.contains("aria-label=\"\""),
            "{tag}"
        );
    }
    for figura in html.split("<figure class=\"figura\"").skip(1) {
        let figura = &figura[..figura.find("</figure>").unwrap()];
        assert!(figura.contains("<table>"), "a chart without its data table");
    }
    // A valutazione is told by a word beside its symbol, never by colour alone.
    for e in html.split("<span class=\"esito ").skip(1) {
        let e = &e[..e.find("</span>").unwrap()];
        let parola = &e[e.find("</svg>").expect("a symbol") + 6..];
        assert!(!parola.trim().is_empty(), "a valutazione without its word: {e}");
    }
}

/// A CSV of the edition as rows of header → value.
fn csv(dir: &Path, nome: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = ::csv::Reader::from_path(dir.join("dati").join(nome)).unwrap();
    let testa: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|x| {
            testa
                .iter()
                .cloned()
                .zip(x.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// A JSON figure as the CSV writes it: the exact decimal, empty for null.
/// A figure of `scores --format json` as the open data write it: computed
/// figures to the document's decimals (2 in 2022) plus two, 94,86025 → 94.8603.
fn come_csv(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => match n.to_string().parse::<rust_decimal::Decimal>() {
            Ok(d) => relazione::format::arrotonda(d, 4).normalize().to_string(),
            Err(_) => n.to_string(),
        },
        altro => altro.to_string(),
    }
}

#[test]
fn every_open_figure_is_the_one_of_scores() {
    let dir = edizione_2022();
    let (code, json, _) = relazione(&["scores", "--data", s(&radice().join("data")), "--format", "json"]);
    assert_eq!(code, 0);
    let f: serde_json::Value = serde_json::from_str(&json).unwrap();
    let confronta = |file: &str, chiave: &str, sezione: &str, campi: &[(&str, &str)]| {
        // Persons are in the open data only where the ente decided so.
        let dir = if file == "persone.csv" {
            edizione_2022_nominativa()
        } else {
            dir
        };
        let righe = csv(dir, file);
        let attese = f[sezione].as_array().unwrap();
        assert_eq!(righe.len(), attese.len(), "{file}");
        for (riga, atteso) in righe.iter().zip(attese) {
            assert_eq!(riga[chiave], come_csv(&atteso[chiave]), "{file}");
            for (colonna, campo) in campi {
                assert_eq!(
                    riga[*colonna],
                    come_csv(&atteso[*campo]),
                    "{file} {} {colonna}",
                    riga[chiave]
                );
            }
        }
    };
    confronta(
        "indicatori.csv",
        "codice",
        "indicatori",
        &[
            ("grado", "grado"),
            ("scostamento", "scostamento"),
            ("metodo", "metodo"),
            ("obiettivo", "obiettivo"),
        ],
    );
    confronta(
        "obiettivi.csv",
        "codice",
        "obiettivi",
        &[
            ("risultato", "risultato"),
            ("valutazione", "valutazione"),
            ("punti", "punti"),
        ],
    );
    confronta("unita.csv", "codice", "unita", &[("risultato", "risultato")]);
    confronta(
        "persone.csv",
        "nome",
        "persone",
        &[("risultato", "risultato"), ("valutazione", "valutazione")],
    );
    // OS01.1.1: 60,42 as published; B3.1_02 was graded 62,1.
    let obiettivi = csv(dir, "obiettivi.csv");
    assert_eq!(
        obiettivi.iter().find(|o| o["codice"] == "OS01.1.1").unwrap()["risultato"],
        "60.42"
    );
    let indicatori = csv(dir, "indicatori.csv");
    assert_eq!(
        indicatori.iter().find(|i| i["codice"] == "B3.1_02").unwrap()["grado"],
        "62.1"
    );
    // The deliberations of Allegato 4, one row per change.
    let r = relazione::carica(&radice().join("data")).unwrap();
    assert_eq!(csv(dir, "modifiche.csv").len(), r.piano().modifiche.len());
    // The package describes every file with its fields, in the CSV's order, under CC BY 4.0.
    let p: serde_json::Value = serde_json::from_str(&leggi(&dir.join("dati/datapackage.json"))).unwrap();
    assert_eq!(p["licenses"][0]["name"], "CC-BY-4.0");
    for risorsa in p["resources"].as_array().unwrap() {
        let file = risorsa["path"].as_str().unwrap();
        let testa: Vec<String> = ::csv::Reader::from_path(dir.join("dati").join(file))
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let campi: Vec<String> = risorsa["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(testa, campi, "{file}");
    }
    // Indicators, objectives, units, changes: persons only by the ente's decision.
    assert_eq!(p["resources"].as_array().unwrap().len(), 4);
}

#[test]
fn workbook_and_text_are_printed_never_obeyed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut libro = Libro::valido();
    libro
        .set("Obiettivi", "C2", t("<script>alert(1)</script> & \"virgolette\""))
        .aggiungi("Ente", vec![t("licenza_dati"), t("CC0 1.0")]);
    let dir = libro.scrivi(&tmp.path().join("cartella"));
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\nTesto <img src=x onerror=alert(2)> e [un link](javascript:alert(3)).\n\n<iframe src=\"https://example.org\"></iframe>\n\n{{ albero() }}\n",
    )
    .unwrap();
    let out = tmp.path().join("web");
    pubblica(&dir, &out);
    let html = leggi(&out.join("index.html"));
    for vietato in ["<script", "<img src=x", "<iframe", "javascript:"] {
        assert!(!html.contains(vietato), "{vietato} reached the page");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «virgolette»"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("<a href=\"https://creativecommons.org/publicdomain/zero/1.0/deed.it\">CC0 1.0</a>"));
    let p = leggi(&out.join("dati/datapackage.json"));
    assert!(p.contains("\"name\": \"CC0-1.0\""), "{p}");
}

#[test]
fn an_edition_replaces_only_an_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    // A folder of the office's is never replaced.
    let altra = tmp.path().join("sito");
    std::fs::create_dir_all(&altra).unwrap();
    std::fs::write(altra.join("mio.txt"), "non toccare").unwrap();
    let (code, _, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&altra)]);
    assert_ne!(code, 0);
    assert!(stderr.contains("non è soltanto un'edizione web"), "{stderr}");
    assert_eq!(leggi(&altra.join("mio.txt")), "non toccare");
    // Nor the report folder, or one that holds it.
    let (code, _, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(tmp.path())]);
    assert_ne!(code, 0);
    assert!(stderr.contains("contiene la cartella della relazione"), "{stderr}");
    // An earlier edition is replaced, and the same folder gives the same bytes.
    let web = tmp.path().join("web");
    pubblica(&dir, &web);
    let prima: BTreeMap<PathBuf, Vec<u8>> = file_di(&web);
    // A page the office put beside the edition: the folder is no longer only an
    // edition, and is left as it is.
    std::fs::write(web.join("notizie.html"), "una pagina dell'ufficio").unwrap();
    let (code, _, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&web)]);
    assert_ne!(code, 0);
    assert!(stderr.contains("ha file che il programma non ha scritto"), "{stderr}");
    assert!(web.join("notizie.html").exists());
    std::fs::remove_file(web.join("notizie.html")).unwrap();
    pubblica(&dir, &web);
    let dopo = file_di(&web);
    assert_eq!(prima.keys().collect::<Vec<_>>(), dopo.keys().collect::<Vec<_>>());
    for (p, dati) in &dopo {
        assert!(prima.get(p) == Some(dati), "{} changed between two runs", p.display());
    }
    // Nothing of the temporary folders is left beside it.
    let resti: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(resti.is_empty(), "{resti:?}");
}

fn file_di(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            for (p, d) in file_di(&e.path()) {
                out.insert(Path::new(&e.file_name()).join(p), d);
            }
        } else {
            out.insert(PathBuf::from(e.file_name()), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn the_comune_edition_shows_its_bands_and_points() {
    let tmp = tempfile::tempdir().unwrap();
    let cartella = tmp.path().join("comune");
    con_dati_nominativi(&radice().join("tests/esempi/comune"), &cartella);
    let out = tmp.path().join("web");
    pubblica(&cartella, &out);
    let html = leggi(&out.join("index.html"));
    assert!(html.contains("<caption>Fasce di valutazione del risultato</caption>"));
    assert!(html.contains("<th scope=\"col\">Punti</th>"));
    let r = relazione::carica(&cartella).unwrap();
    let persone = csv(&out, "persone.csv");
    assert!(persone.iter().all(|p| !p["punti"].is_empty()), "{persone:?}");
    assert_eq!(persone.len(), relazione::cifre::figure(&r).persone.len());
}

#[test]
fn watch_keeps_the_web_edition_fresh() {
    use std::io::BufRead;
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nPrima versione.\n").unwrap();
    let web = tmp.path().join("web");
    let pdf = tmp.path().join("relazione.pdf");
    let mut figlio = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(["watch", "--data", s(&dir), "--out", s(&pdf), "--pubblica", s(&web)])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start watch");
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = figlio.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let attendi = |cosa: &str| {
        let limite = Instant::now() + Duration::from_secs(120);
        while Instant::now() < limite {
            if let Ok(l) = rx.recv_timeout(Duration::from_millis(200))
                && l.contains(cosa)
            {
                return;
            }
        }
        panic!("watch did not print {cosa:?} in time");
    };
    attendi("Scritta l'edizione web");
    assert!(leggi(&web.join("index.html")).contains("Prima versione."));
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nSeconda versione.\n").unwrap();
    attendi("Scritta l'edizione web");
    let _ = figlio.kill();
    let _ = figlio.wait();
    assert!(leggi(&web.join("index.html")).contains("Seconda versione."));
}

#[test]
fn an_entes_templates_restyle_the_web_edition_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    let modelli = tmp.path().join("modelli-ente");
    std::fs::create_dir_all(&modelli).unwrap();
    std::fs::write(modelli.join("stile.css"), "body { color: #000; }\n").unwrap();
    let out = tmp.path().join("web");
    let (code, _, stderr) = relazione(&[
        "pubblica",
        "--data",
        s(&dir),
        "--out",
        s(&out),
        "--templates",
        s(&modelli),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(leggi(&out.join("stile.css")), "body { color: #000; }\n");
    // An error in the ente's copy names that file and its line; nothing is written.
    std::fs::write(
        modelli.join("parti.html.j2"),
        "{% macro scheda(o) %}\n{{ o.codice }\n{% endmacro %}\n",
    )
    .unwrap();
    let nuova = tmp.path().join("web-2");
    let (code, _, stderr) = relazione(&[
        "pubblica",
        "--data",
        s(&dir),
        "--out",
        s(&nuova),
        "--templates",
        s(&modelli),
    ]);
    assert_ne!(code, 0);
    let atteso = format!("{}, riga 2", modelli.join("parti.html.j2").display());
    assert!(stderr.contains(&atteso), "{stderr}");
    assert!(!nuova.exists());
}

#[test]
fn the_logo_and_the_images_of_the_texts_travel_with_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let mut libro = Libro::valido();
    libro.aggiungi("Ente", vec![t("logo"), t("immagini/logo.png")]);
    let dir = libro.scrivi(&tmp.path().join("cartella"));
    common::png_piccolo(&dir, "immagini/logo.png");
    common::png_piccolo(&dir, "immagini/sede.png");
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\n![La sede della Camera](immagini/sede.png)\n",
    )
    .unwrap();
    let out = tmp.path().join("web");
    pubblica(&dir, &out);
    let html = leggi(&out.join("index.html"));
    assert!(
        html.contains("<img class=\"logo\" src=\"immagini/logo.png\" alt=\"Logo di Camera di prova\">"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"immagini/sede.png\" alt=\"La sede della Camera\""),
        "{html}"
    );
    for f in ["immagini/logo.png", "immagini/sede.png"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(dir.join(f)).unwrap(),
            "{f}"
        );
    }
    // Only what the page shows travels: not the workbook, not the texts.
    assert!(!out.join("relazione.xlsx").exists() && !out.join("testi").exists());
}

#[test]
fn only_raster_images_go_on_the_site() {
    // An SVG can carry a script: the PDF draws it, the site does not serve it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("grafico.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>"#,
    )
    .unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\n![Un grafico](grafico.svg)\n").unwrap();
    let out = tmp.path().join("web");
    let (code, _, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&out)]);
    assert_ne!(code, 0);
    assert!(stderr.contains("non è un'immagine PNG, JPEG, GIF o WebP"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn persons_reach_the_open_data_only_by_the_entes_decision() {
    // Without the key: no file names persons with their results, and
    // `pubblica` says so in one line.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    let out = tmp.path().join("web");
    let (code, stdout, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Persone: nessun risultato individuale con il nome nei dati aperti"),
        "{stdout}"
    );
    assert!(!out.join("dati/persone.csv").exists());
    // Decided: "Dirigente Uno" with OP1 at 100 % (Libro::valido) is in persone.csv.
    let dir = Libro::valido()
        .aggiungi("Ente", vec![t("dati_nominativi"), t("sì")])
        .scrivi(&tmp.path().join("decisa"));
    let out = tmp.path().join("web-decisa");
    let (code, stdout, stderr) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("come deciso dall'ente (dati_nominativi: sì"),
        "{stdout}"
    );
    let persone = csv(&out, "persone.csv");
    assert_eq!(persone.len(), 1);
    assert_eq!(persone[0]["nome"], "Dirigente Uno");
    assert_eq!(persone[0]["risultato"], "100");
    // Neither yes nor no: an error at its cell.
    let dir = Libro::valido()
        .aggiungi("Ente", vec![t("dati_nominativi"), t("forse")])
        .scrivi(&tmp.path().join("incerta"));
    let (code, stdout, _) = relazione(&["check", "--data", s(&dir)]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("Ente!B5") && stdout.contains("dati_nominativi «forse» non previsto (valori ammessi: no, sì)"),
        "{stdout}"
    );
}

#[test]
fn the_index_of_the_page_numbers_each_section_once() {
    // The titles carry their numbers («1 – …», «Allegato 2 – …»): a numbered
    // list printed «2. 1 – …».
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    let out = tmp.path().join("web");
    pubblica(&dir, &out);
    let html = leggi(&out.join("index.html"));
    let indice = &html[html.find("<nav class=\"indice\"").unwrap()..];
    let indice = &indice[..indice.find("</nav>").unwrap()];
    assert!(indice.contains("<ul>") && !indice.contains("<ol>"), "{indice}");
    let css = leggi(&out.join("stile.css"));
    assert!(
        css.contains(".indice ul { padding-left: 0; list-style: none; }"),
        "{css}"
    );
}
