//! The 2022 Relazione as a reader's tools see it: the figures of the cards in
//! the text (`pdftotext`), every font embedded (`pdffonts`), tagged, titled and
//! paginated (`pdfinfo`); the same folder gives the same bytes; hostile text is
//! printed literally; the compiler reads nothing outside the report folder; a
//! failed build leaves the previous PDF untouched. Needs Debian's poppler-utils and qpdf.

use crate::common;
use common::{Libro, t, testo_pdf};
use relazione::build::{Opzioni, costruisci};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn radice() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The 2022 sample, built once for all tests of this file.
fn pdf_2022() -> &'static (tempfile::TempDir, PathBuf) {
    static PDF: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    PDF.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let uscita = tmp.path().join("relazione-2022.pdf");
        costruisci(&Opzioni {
            cartella: radice().join("data"),
            uscita: Some(uscita.clone()),
            ..Default::default()
        })
        .expect("the 2022 report builds");
        (tmp, uscita)
    })
}

fn strumento(nome: &str, args: &[&str]) -> String {
    let out = Command::new(nome)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{nome} is needed (Debian package poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{nome} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cards_show_their_figures() {
    let (_, pdf) = pdf_2022();
    let testo = testo_pdf(pdf);
    // Allegato 1, OS14.5: published result 85,19 % (ours 85,12 %: OC_TD_04's consuntivo
    // is printed rounded), the 97,15 % of kpi14.5_04 and OC_TD_03's 2.666 / 66,60 %.
    for atteso in [
        "OS14.5",
        "97,15 %",
        // Counts and days that the workbook gives whole print without decimals
        // (the reference prints 2.666,00 N.).
        "2.666 N.",
        "66,60 %",
        // OS06.1.1: 94,86 %, Parzialmente raggiunto; kpi6.1.1_03 84,43 %.
        "94,86 %",
        "84,43 %",
        // kpi3.1.1_03: entro 31/12/2022, done 21/02/2022, 313 days early.
        "21/02/2022",
        "-313 gg",
        // The NOTA of deliberation 142, with the card's signs and units (the
        // reference prints `>= 20,00 a >= 85,00`).
        "target portato da ≥ 20,00 % a ≥ 85,00 % con deliberazione 142 del 13 settembre 2022",
        // Allegato 2: OP10.2.1-01 79,39 %, OP14.5.1-01 99,29 %.
        "79,39 %",
        "99,29 %",
        // Allegato 3: the Segretario Generale's individual result, 84 %.
        "84,00 %",
        "Parzialmente raggiunto",
        "Non raggiunto",
    ] {
        assert!(testo.contains(atteso), "the PDF text lacks {atteso:?}");
    }
    // Running headers name the part.
    assert!(testo.contains("All. 2 – Rendicontazione degli obiettivi operativi annuali"));
}

#[test]
fn every_font_is_embedded() {
    let (_, pdf) = pdf_2022();
    let fonti = strumento("pdffonts", &[pdf.to_str().unwrap()]);
    let righe: Vec<&str> = fonti.lines().skip(2).collect();
    assert!(!righe.is_empty(), "{fonti}");
    for r in righe {
        // Columns: name, type, encoding, emb, sub, uni, object ID.
        let campi: Vec<&str> = r.split_whitespace().collect();
        let emb = campi[campi.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {r}");
    }
    assert!(fonti.contains("TitilliumWeb") && fonti.contains("Lora"), "{fonti}");
}

#[test]
fn tagged_titled_and_about_seventy_pages() {
    let (_, pdf) = pdf_2022();
    let info = strumento("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Relazione sulla performance 2022 — Camera di commercio di Torino"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Camera di commercio di Torino"),
        "{info}"
    );
    let pagine: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap();
    assert!((45..=110).contains(&pagine), "{pagine} pages");
}

#[test]
fn same_folder_same_bytes() {
    let (_, pdf) = pdf_2022();
    let tmp = tempfile::tempdir().unwrap();
    let secondo = tmp.path().join("bis.pdf");
    costruisci(&Opzioni {
        cartella: radice().join("data"),
        uscita: Some(secondo.clone()),
        ..Default::default()
    })
    .unwrap();
    assert!(
        std::fs::read(pdf).unwrap() == std::fs::read(&secondo).unwrap(),
        "two builds differ"
    );
}

/// Bounding the layout's memory changes nothing in the document. A one-off
/// build thins Typst's cache each time the memory in use has grown by 4 MB
/// past a threshold (256 MB, which the 2022 report alone never reaches); with
/// the threshold at zero it happens here, and the PDF must be byte for byte the
/// one laid out keeping the whole cache, as `watch` does. (That what it keeps
/// serves the next pass is in `tests/memory.rs`, where no other layout runs
/// beside.)
#[test]
fn bounding_the_memory_leaves_the_pdf_unchanged() {
    use relazione::render::{self, Modelli};
    use relazione::typeset::{self, Memoria};
    let r = relazione::carica(&radice().join("data")).unwrap();
    let sorgenti = render::genera(&r, &Modelli::default()).unwrap();
    let id = relazione::build::identita(&r);
    let componi = |memoria| {
        typeset::componi(
            &sorgenti,
            &r.cartella(),
            &relazione::render::Modelli::default(),
            &id,
            memoria,
        )
        .unwrap()
    };
    let sfoltito = componi(Memoria::Risparmia { soglia: 0 });
    let intero = componi(Memoria::Conserva);
    assert!(sfoltito.svuotamenti > 0, "the cache was never thinned");
    assert_eq!(intero.svuotamenti, 0);
    assert!(sfoltito.pdf == intero.pdf, "the PDF changes with the memory bound");
}

const OSTILE: &str = r#"#read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f"#;

#[test]
fn hostile_text_prints_literally() {
    let mut l = Libro::valido();
    l.set("Obiettivi", "C2", t(OSTILE));
    l.set("Indicatori", "C2", t(OSTILE));
    let (tmp, dir) = l.in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        format!("# Premessa\n\nUn testo con {OSTILE} dentro.\n"),
    )
    .unwrap();
    let uscita = tmp.path().join("o.pdf");
    costruisci(&Opzioni {
        cartella: dir,
        uscita: Some(uscita.clone()),
        ..Default::default()
    })
    .expect("builds");
    let testo = testo_pdf(&uscita).split_whitespace().collect::<Vec<_>>().join(" ");
    // From the workbook: verbatim in the cards (straight quotes become Italian ones).
    let atteso = OSTILE.replace('"', "").split_whitespace().collect::<Vec<_>>().join(" ");
    let stampato = testo.replace(['«', '»'], "");
    assert!(
        stampato.matches(&atteso).count() >= 3,
        "hostile text not printed literally:\n{testo}"
    );
    // In a Markdown text, Typst syntax prints as it is (Markdown's *a* is emphasis).
    assert!(stampato.contains("Un testo con #read(/etc/passwd) $x$"), "{testo}");
    assert!(stampato.contains("@c <d>"), "{testo}");
    assert!(!testo.contains("root:"), "a file was read");
}

#[test]
fn paths_outside_the_folder_are_refused() {
    // A logo that climbs out of the folder.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("logo"), t("../../etc/hostname")]);
    let (tmp, dir) = l.in_cartella();
    let e = costruisci(&Opzioni {
        cartella: dir.clone(),
        uscita: Some(tmp.path().join("o.pdf")),
        ..Default::default()
    })
    .expect_err("refused");
    assert!(e.to_string().contains("logo"), "{e}");
    // An image of a text that climbs out, and one through a symbolic link.
    let esterno = tempfile::tempdir().unwrap();
    std::fs::write(esterno.path().join("segreto.png"), b"not an image").unwrap();
    let (tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(esterno.path(), dir.join("collegamento")).unwrap();
    for (nome, src) in [("a", "../../segreto.png"), ("b", "collegamento/segreto.png")] {
        std::fs::write(dir.join("testi/01.md"), format!("# Premessa\n\n![immagine]({src})\n")).unwrap();
        let e = costruisci(&Opzioni {
            cartella: dir.clone(),
            uscita: Some(tmp.path().join(format!("{nome}.pdf"))),
            ..Default::default()
        })
        .expect_err("refused");
        // The error names the text and line that asked for the image.
        let msg = e.to_string();
        assert!(msg.contains("testi/01.md, riga 3"), "{src}: {msg}");
        assert!(
            msg.contains("dentro la cartella") || msg.contains("fuori dalla cartella"),
            "{src}: {msg}"
        );
        assert!(!tmp.path().join(format!("{nome}.pdf")).exists());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_untouched() {
    let (tmp, dir) = Libro::valido().in_cartella();
    let uscita = tmp.path().join("relazione.pdf");
    costruisci(&Opzioni {
        cartella: dir.clone(),
        uscita: Some(uscita.clone()),
        ..Default::default()
    })
    .unwrap();
    let prima = std::fs::read(&uscita).unwrap();
    // A bad cell: the build fails, the PDF is the same.
    Libro::valido().set("Indicatori", "J2", t("molti")).scrivi(&dir);
    assert!(
        costruisci(&Opzioni {
            cartella: dir.clone(),
            uscita: Some(uscita.clone()),
            ..Default::default()
        })
        .is_err()
    );
    assert_eq!(std::fs::read(&uscita).unwrap(), prima);
    // A text calling a chart that does not exist: same.
    Libro::valido().scrivi(&dir);
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Uno\n\n{{ grafico(\"inesistente\") }}\n").unwrap();
    let e = costruisci(&Opzioni {
        cartella: dir,
        uscita: Some(uscita.clone()),
        ..Default::default()
    })
    .expect_err("fails");
    assert!(e.to_string().contains("testi/01.md"), "{e}");
    assert_eq!(std::fs::read(&uscita).unwrap(), prima);
}

#[test]
fn template_errors_point_to_the_template_and_line() {
    let (tmp, dir) = Libro::valido().in_cartella();
    let modelli = tmp.path().join("modelli");
    std::fs::create_dir_all(&modelli).unwrap();
    let stile = std::fs::read_to_string(radice().join("report-templates/stile.typ")).unwrap();
    // Line 3 calls a function that does not exist.
    std::fs::write(
        modelli.join("stile.typ"),
        format!("// a\n// b\n#funzione-inesistente()\n{stile}"),
    )
    .unwrap();
    let e = costruisci(&Opzioni {
        cartella: dir,
        uscita: Some(tmp.path().join("o.pdf")),
        modelli: Some(modelli.clone()),
        ..Default::default()
    })
    .expect_err("fails");
    // The error names the file that was used: the ente's copy, not the built-in one.
    let atteso = format!("{}, riga 3", modelli.join("stile.typ").display());
    assert!(e.to_string().contains(&atteso), "{e}");
}

#[test]
fn emit_typst_writes_the_sources() {
    let (tmp, dir) = Libro::valido().in_cartella();
    let sorgenti = tmp.path().join("typst");
    costruisci(&Opzioni {
        cartella: dir,
        uscita: Some(tmp.path().join("o.pdf")),
        emetti_typst: Some(sorgenti.clone()),
        ..Default::default()
    })
    .unwrap();
    let main = std::fs::read_to_string(sorgenti.join("relazione.typ")).unwrap();
    assert!(main.contains("#import \"/modelli/stile.typ\""));
    assert!(main.contains("\"OS1\""));
    assert!(sorgenti.join("modelli/stile.typ").is_file());
}

#[test]
fn a_logo_inside_the_folder_goes_on_the_cover() {
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("logo"), t("immagini/logo.png")]);
    let (tmp, dir) = l.in_cartella();
    common::png_piccolo(&dir, "immagini/logo.png");
    let uscita = tmp.path().join("o.pdf");
    costruisci(&Opzioni {
        cartella: dir,
        uscita: Some(uscita.clone()),
        ..Default::default()
    })
    .expect("builds");
    let immagini = strumento("pdfimages", &["-list", "-f", "1", "-l", "1", uscita.to_str().unwrap()]);
    assert!(immagini.lines().count() >= 3, "no image on the cover:\n{immagini}");
}

#[test]
fn bookmarks_for_every_section_and_card() {
    // qpdf's JSON view of the outline: every section, group and card is a bookmark:
    // 14 strategic and 71 operational cards, 18 Allegato 3 cards, and the sections.
    let (_, pdf) = pdf_2022();
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=outlines", pdf.to_str().unwrap()])
        .output()
        .expect("qpdf (Debian package qpdf)");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn titoli(voci: &serde_json::Value, out: &mut Vec<String>) {
        for v in voci.as_array().into_iter().flatten() {
            out.push(v["title"].as_str().unwrap_or_default().to_string());
            titoli(&v["kids"], out);
        }
    }
    let mut tutti = Vec::new();
    titoli(&v["outlines"], &mut tutti);
    assert!(tutti.len() >= 14 + 71 + 18, "{} bookmarks", tutti.len());
    for atteso in [
        "Premessa",
        "Allegato 2 – Rendicontazione degli obiettivi operativi annuali",
    ] {
        assert!(tutti.iter().any(|t| t == atteso), "no bookmark {atteso:?}");
    }
    assert!(
        tutti.iter().any(|t| t.starts_with("OS14.5 – ")),
        "no bookmark of the OS14.5 card"
    );
}

#[test]
fn every_template_field_is_documented() {
    // The view the templates see (src/render/vista/tipi.rs) is the interface an
    // ente's designer restyles against: each of its fields is listed in
    // docs/modelli.md, and each carries a doc comment in the code.
    // The web page also sees what it links to (src/render/pagina.rs, `Allegati`).
    let pagina = std::fs::read_to_string(radice().join("src/render/pagina.rs")).unwrap();
    let allegati = &pagina[pagina.find("pub struct Allegati").unwrap()..];
    let tipi = std::fs::read_to_string(radice().join("src/render/vista/tipi.rs")).unwrap()
        + &allegati[..allegati.find("\n}").unwrap()];
    let guida = std::fs::read_to_string(radice().join("docs/modelli.md")).unwrap();
    let righe: Vec<&str> = tipi.lines().collect();
    let mut campi = 0;
    for (i, riga) in righe.iter().enumerate() {
        let Some(resto) = riga.strip_prefix("    pub ") else {
            continue;
        };
        let Some((nome, _)) = resto.split_once(':') else {
            continue;
        };
        campi += 1;
        assert!(
            guida.contains(&format!("`{nome}`")),
            "docs/modelli.md does not list `{nome}`"
        );
        let documentato = righe[i - 1].trim_start().starts_with("///");
        assert!(documentato, "tipi.rs: `{nome}` has no doc comment");
    }
    assert!(campi > 80, "{campi} fields");
}

#[test]
fn the_folder_is_read_once_what_was_checked_is_what_is_printed() {
    // A text showing an image. The folder is read, then its image is
    // replaced by a file that is no image and its texts are removed: the PDF
    // composed from what was read is the PDF of the folder as it was, byte
    // for byte. Rendering and typesetting never open a file of the folder
    // again, so a file swapped between its check and its use cannot slip in.
    let (tmp, dir) = Libro::valido().in_cartella();
    common::png_piccolo(&dir, "immagini/foto.png");
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\nUna foto.\n\n![La sede](immagini/foto.png)\n",
    )
    .unwrap();
    let opzioni = |nome: &str| Opzioni {
        cartella: dir.clone(),
        uscita: Some(tmp.path().join(nome)),
        ..Default::default()
    };
    costruisci(&opzioni("prima.pdf")).unwrap();

    let letta = relazione::carica(&dir).unwrap();
    let istantanea = letta.istantanea();
    std::fs::write(dir.join("immagini/foto.png"), b"<svg onload=alert(1)>").unwrap();
    std::fs::remove_dir_all(dir.join("testi")).unwrap();
    relazione::build::costruisci_relazione(letta, &opzioni("dopo.pdf"), std::time::Duration::ZERO).unwrap();
    assert_eq!(
        std::fs::read(tmp.path().join("prima.pdf")).unwrap(),
        std::fs::read(tmp.path().join("dopo.pdf")).unwrap()
    );
    assert_eq!(istantanea.testi().unwrap().len(), 1);
    // Read again, the folder as it is now: no text, and the image refused.
    let di_nuovo = relazione::carica(&dir).unwrap();
    assert!(di_nuovo.istantanea().testi().unwrap().is_empty());
    assert!(di_nuovo.istantanea().immagine(Path::new("immagini/foto.png")).is_err());
}

#[test]
fn the_templates_are_read_once_when_taken() {
    // An ente's templates folder: once taken, a template changed on disk (or
    // removed) does not change the sources made from it.
    let tmp = tempfile::tempdir().unwrap();
    let modelli = tmp.path().join("modelli");
    relazione::render::scrivi_modelli(&modelli).unwrap();
    let presi = relazione::render::Modelli::leggi(Some(modelli.clone()));
    let stile = std::fs::read_to_string(modelli.join("stile.typ")).unwrap();
    std::fs::write(modelli.join("stile.typ"), "#panic(\"cambiato\")").unwrap();
    std::fs::remove_file(modelli.join("relazione.typ.j2")).unwrap();
    let (_t, dir) = Libro::valido().in_cartella();
    let r = relazione::carica(&dir).unwrap();
    let sorgenti = relazione::render::genera(&r, &presi).unwrap();
    assert_eq!(sorgenti.file["/modelli/stile.typ"], stile);
    assert_eq!(
        presi.origine("stile.typ"),
        modelli.join("stile.typ").display().to_string()
    );
}
