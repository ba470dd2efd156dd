//! A hostile report folder can't hurt: it comes from another office (a zip, a
//! shared drive), so each way it could read outside itself, panic, exhaust
//! memory or time, or overwrite a file is tried here against the real program,
//! asserting the exit code, the Italian message naming the place, and — for
//! memory — the process's peak resident size as the kernel records it (`VmHWM`).
#![cfg(unix)]

use crate::common;
use common::{C, Libro, sostituisci_nel_zip, t};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run of the program did.
struct Esito {
    codice: i32,
    testo: String,
    /// Peak resident memory, megabytes.
    mb: u64,
}

/// The high-water mark of a running process's resident memory, in megabytes, as
/// the kernel keeps it for its own address space (`VmHWM`). (`wait4`'s
/// `ru_maxrss` would not do: it also counts the test process it was spawned from.)
fn picco_mb(pid: u32) -> Option<u64> {
    let stato = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let riga = stato.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = riga.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Runs `relazione` within `limite`, sampling its peak memory until it ends.
fn esegui(args: &[&str], limite: Duration) -> Esito {
    let mut figlio = Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let leggi = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = leggi(Box::new(figlio.stdout.take().unwrap()));
    let err = leggi(Box::new(figlio.stderr.take().unwrap()));
    let inizio = Instant::now();
    let mut mb = 0;
    let stato = loop {
        // The high-water mark only grows: the last sample before the end is the peak.
        if let Some(x) = picco_mb(figlio.id()) {
            mb = mb.max(x);
        }
        if let Some(stato) = figlio.try_wait().unwrap() {
            break stato;
        }
        if inizio.elapsed() > limite {
            figlio.kill().ok();
            panic!("{args:?}: no answer in {limite:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let testo = format!("{}{}", out.join().unwrap(), err.join().unwrap());
    assert!(!testo.contains("panicked"), "{args:?}: a panic\n{testo}");
    Esito {
        codice: stato.code().unwrap_or(-1),
        testo,
        mb,
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `relazione build` of a folder into a PDF beside it.
fn build(dir: &Path) -> (Esito, PathBuf) {
    let pdf = dir.with_extension("pdf");
    let e = esegui(&["build", "--data", s(dir), "--out", s(&pdf)], Duration::from_secs(60));
    (e, pdf)
}

fn check(dir: &Path) -> Esito {
    esegui(&["check", "--data", s(dir)], Duration::from_secs(60))
}

const MB_AL_MASSIMO: u64 = 500;

/// Asserts a failed run whose message contains every piece, and which stayed
/// under [`MB_AL_MASSIMO`] of memory while refusing.
fn rifiutato(e: &Esito, pezzi: &[&str]) {
    assert_eq!(e.codice, 1, "{}", e.testo);
    for p in pezzi {
        assert!(e.testo.contains(p), "expected {p:?} in:\n{}", e.testo);
    }
    assert!(e.mb < MB_AL_MASSIMO, "{pezzi:?}: {} MB", e.mb);
}

#[test]
fn texts_are_never_read_outside_the_folder() {
    let esterno = tempfile::tempdir().unwrap();
    std::fs::write(esterno.path().join("altrui.md"), "# Testo di un'altra cartella").unwrap();
    for (nome, bersaglio) in [
        ("passwd", PathBuf::from("/etc/passwd")),
        ("ambiente", PathBuf::from("/proc/self/environ")),
        ("altrui", esterno.path().join("altrui.md")),
    ] {
        let (_tmp, dir) = Libro::valido().in_cartella();
        std::fs::create_dir_all(dir.join("testi")).unwrap();
        std::os::unix::fs::symlink(&bersaglio, dir.join("testi/99.md")).unwrap();
        let (e, pdf) = build(&dir);
        rifiutato(&e, &["testi/99.md", "fuori dalla cartella"]);
        assert!(!pdf.exists(), "{nome}: a PDF was written");
        assert!(!e.testo.contains("root:"), "{nome}: the password file was read");
    }
    // `testi` itself a link to another folder.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::os::unix::fs::symlink(esterno.path(), dir.join("testi")).unwrap();
    rifiutato(&build(&dir).0, &["la cartella dei testi"]);
    // A FIFO would block a reader forever: it is not a regular file.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    let fifo = std::ffi::CString::new(s(&dir.join("testi/01.md"))).unwrap();
    // SAFETY: a valid path, creating a FIFO in our own temporary folder.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    rifiutato(&build(&dir).0, &["testi/01.md", "non è un file ordinario"]);
    // The workbook itself a link out of the folder.
    let (_tmp, dir) = Libro::valido().in_cartella();
    let (_altro, altrove) = Libro::valido().in_cartella();
    std::fs::remove_file(dir.join("relazione.xlsx")).unwrap();
    std::os::unix::fs::symlink(altrove.join("relazione.xlsx"), dir.join("relazione.xlsx")).unwrap();
    rifiutato(&check(&dir), &["relazione.xlsx", "fuori dalla cartella"]);
}

#[test]
fn figures_that_made_it_panic_are_errors_naming_the_cell() {
    // Target 7,9e28 with consuntivo −7,9e28: the figures are refused where they are.
    let (_tmp, dir) = Libro::valido()
        .set("Indicatori", "J2", C::N(7.9e28))
        .set("Indicatori", "M2", C::N(-7.9e28))
        .in_cartella();
    rifiutato(&check(&dir), &["Indicatori!J2", "Indicatori!M2", "oltre il limite"]);
    // A soglia of −7,9e28.
    let (_tmp, dir) = Libro::valido().set("Indicatori", "K2", C::N(-7.9e28)).in_cartella();
    rifiutato(&check(&dir), &["Indicatori!K2", "oltre il limite"]);
    // A target of 0,0000000000000000000000000001: kept to ten decimals it is 0, which
    // `rapporto` cannot divide by — an error on the cell, not an overflow (the cell
    // of the deliberation that set the target in force, Modifiche!D2).
    let (_tmp, dir) = Libro::valido()
        .aggiungi("Ente", vec![t("metodo_grado"), t("rapporto")])
        .set("Indicatori", "J2", C::N(1e-28))
        .set("Modifiche", "C2", C::N(1e-28))
        .set("Modifiche", "D2", C::N(1e-28))
        .in_cartella();
    rifiutato(&check(&dir), &["Modifiche!D2", "target 0"]);
    // An objective's weight of 7e27, and a negative assignment weight.
    let (_tmp, dir) = Libro::valido()
        .set("Obiettivi", "H2", C::N(7e27))
        .set("Assegnazioni", "D2", C::N(-10.0))
        .in_cartella();
    rifiutato(&check(&dir), &["Obiettivi!H2", "Assegnazioni!D2", "fuori da 0–100"]);
    // A %-formatted cell holding 1e27: ×100 would overflow.
    let (_tmp, dir) = Libro::valido().set("Indicatori", "M2", C::Pct(1e27)).in_cartella();
    rifiutato(&check(&dir), &["Indicatori!M2", "oltre il limite"]);
    // An ISO date cell with a non-ASCII character.
    let (_tmp, dir) = Libro::valido().set("Indicatori", "M3", C::N(12345.0)).in_cartella();
    sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/worksheets/sheet5.xml", |x| {
        x.replace(
            "<c r=\"M3\"><v>12345</v></c>",
            "<c r=\"M3\" t=\"d\"><v>2022-09-1é</v></c>",
        )
    });
    rifiutato(&check(&dir), &["Indicatori!M3", "2022-09-1é"]);
}

/// Appends a row holding one cell at `cella` (`XFD1048576`) to the Indicatori sheet.
fn cella_lontana(dir: &Path, riga: u32, cella: &str) {
    sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/worksheets/sheet5.xml", |x| {
        x.replace(
            "</sheetData>",
            &format!("<row r=\"{riga}\"><c r=\"{cella}\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"),
        )
    });
}

#[test]
fn far_cells_and_zip_bombs_are_stopped_in_little_memory() {
    for (riga, cella) in [(1_048_576, "XFD1048576"), (5000, "XFD5000")] {
        let (_tmp, dir) = Libro::valido().in_cartella();
        cella_lontana(&dir, riga, cella);
        let e = check(&dir);
        rifiutato(
            &e,
            &[&format!("Indicatori!{cella}"), "al massimo 10.000 righe e 100 colonne"],
        );
    }
    // Shared strings of 400 MB compressed into well under a megabyte.
    let (_tmp, dir) = Libro::valido().in_cartella();
    let file = dir.join("relazione.xlsx");
    let dati = std::fs::read(&file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(dati)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let compresso = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zip.len() {
        let mut voce = zip.by_index(i).unwrap();
        let nome = voce.name().unwrap().to_string();
        let mut contenuto = Vec::new();
        voce.read_to_end(&mut contenuto).unwrap();
        out.start_file(nome.clone(), compresso).unwrap();
        if nome == "xl/sharedStrings.xml" {
            use std::io::Write;
            out.write_all(b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>")
                .unwrap();
            let blocco = vec![b'a'; 1024 * 1024];
            for _ in 0..400 {
                out.write_all(&blocco).unwrap();
            }
            out.write_all(b"</t></si></sst>").unwrap();
        } else {
            std::io::Write::write_all(&mut out, &contenuto).unwrap();
        }
    }
    out.finish().unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 4 * 1024 * 1024);
    let e = check(&dir);
    rifiutato(&e, &["decompressa, supera il limite di 300 MB"]);
}

#[test]
fn a_long_text_in_many_cells_or_millions_of_texts_are_stopped_in_little_memory() {
    // A 30.000-character text kept once in the shared strings, shown by 80.000
    // cells of Dati: copied into each, it would take 2,4 GB.
    let (_tmp, dir) = Libro::valido().in_cartella();
    let file = dir.join("relazione.xlsx");
    sostituisci_nel_zip(&file, "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("<si><t>{}</t></si></sst>", "aaaa ".repeat(6000)))
    });
    let condivise = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
        let mut x = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut x)
            .unwrap();
        x.matches("<si>").count() - 1
    };
    sostituisci_nel_zip(&file, "xl/worksheets/sheet9.xml", |x| {
        let mut righe = String::new();
        for r in 3..1003 {
            righe.push_str(&format!("<row r=\"{r}\">"));
            for c in 0..80 {
                // Columns D to CE, inside the 100 columns a sheet may use.
                let col = relazione::workbook::schema::lettera(c + 3);
                righe.push_str(&format!("<c r=\"{col}{r}\" t=\"s\"><v>{condivise}</v></c>"));
            }
            righe.push_str("</row>");
        }
        x.replace("</sheetData>", &format!("{righe}</sheetData>"))
    });
    let e = check(&dir);
    rifiutato(&e, &["Dati", "più di 32 MB di testo"]);
    // Six million empty shared strings (about 150 MB once loaded, and 58 million
    // would be 1,4 GB) in a few hundred kilobytes.
    let (_tmp, dir) = Libro::valido().in_cartella();
    sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/sharedStrings.xml", |x| {
        x.replace("</sst>", &format!("{}</sst>", "<si/>".repeat(6_000_000)))
    });
    let e = check(&dir);
    rifiutato(&e, &["più di 5.000.000 testi diversi"]);
    // In an .ods, one cell of 30.000 characters repeated over 1.000 rows and 80
    // columns: the repetitions are counted before the reader expands them.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ods");
    relazione::init::crea(&dir, 2025, true).unwrap();
    sostituisci_nel_zip(&dir.join("relazione.ods"), "content.xml", |x| {
        let riga = format!(
            "<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell \
             table:number-columns-repeated=\"80\" office:value-type=\"string\"><text:p>{}</text:p>\
             </table:table-cell></table:table-row>",
            "aaaa ".repeat(6000)
        );
        let dati = x.find("table:name=\"Dati\"").unwrap();
        let fine = dati + x[dati..].find("</table:table>").unwrap();
        format!("{}{riga}{}", &x[..fine], &x[fine..])
    });
    let e = check(&dir);
    rifiutato(&e, &["Dati", "più di 32 MB di testo"]);
}

#[test]
fn damaged_images_and_long_chart_texts_are_named() {
    // Bytes that are no image, in a text and as the logo: named with the text's
    // line, or the Ente key, before the typesetter meets them.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("foto.png"),
        (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nTesto.\n\n![Foto](foto.png)\n").unwrap();
    rifiutato(
        &build(&dir).0,
        &["testi/01.md, riga 5", "non è un'immagine PNG, JPEG, GIF o WebP"],
    );
    let (_tmp, dir) = Libro::valido()
        .aggiungi("Ente", vec![t("logo"), t("foto.png")])
        .in_cartella();
    std::fs::write(dir.join("foto.png"), b"\x89PNG\r\n\x1a\n gia' rotto").unwrap();
    rifiutato(&build(&dir).0, &["Ente", "logo «foto.png»"]);
    // 450 points with long names: the chart's text alternative is summed up,
    // and the PDF is written (a PDF string is at most 32.767 characters).
    let mut l = Libro::valido();
    for i in 0..450 {
        l.aggiungi(
            "Serie",
            vec![
                t("lungo"),
                t("Un grafico lungo"),
                t("barre"),
                t(&format!("{i} {}", "categoria dal nome molto lungo ".repeat(4))),
                t("s"),
                C::N(f64::from(i)),
            ],
        );
    }
    let (_tmp, dir) = l.in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Grafico\n\n{{ grafico(\"lungo\") }}\n").unwrap();
    let (e, pdf) = build(&dir);
    assert_eq!(e.codice, 0, "{}", e.testo);
    assert!(pdf.is_file());
}

/// A PNG header claiming `lato` × `lato` pixels (the pixels themselves are not
/// there: the header is all a decoder needs to allocate them).
fn png_enorme(lato: u32) -> Vec<u8> {
    fn crc(dati: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in dati {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(lato.to_be_bytes());
    ihdr.extend(lato.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc(&ihdr).to_be_bytes());
    // An IDAT with an empty zlib stream: a well-formed file, just far too large.
    let idat = [b"IDAT".as_slice(), &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]].concat();
    png.extend(8u32.to_be_bytes());
    png.extend(&idat);
    png.extend(crc(&idat).to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IEND");
    png.extend(crc(b"IEND").to_be_bytes());
    png
}

#[test]
fn huge_images_endless_templates_and_words_are_stopped_fast() {
    // An image of 30.000 × 30.000 pixels, asked for by a text and as the logo.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("grande.png"), png_enorme(30_000)).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nTesto.\n\n![Foto](grande.png)\n").unwrap();
    let (e, _) = build(&dir);
    rifiutato(&e, &["testi/01.md, riga 5", "30000 × 30000 pixel"]);
    let (_tmp, dir) = Libro::valido()
        .aggiungi("Ente", vec![t("logo"), t("grande.png")])
        .in_cartella();
    std::fs::write(dir.join("grande.png"), png_enorme(30_000)).unwrap();
    rifiutato(&build(&dir).0, &["Ente", "logo", "30000 × 30000 pixel"]);
    // Nested loops of a hundred thousand each: out of fuel, quickly; the same
    // loops writing a letter each time: out of room (1 MB), as quickly.
    for (ciclo, motivo) in [("", "troppo lavoro"), ("x", "supera 1 MB")] {
        let (_tmp, dir) = Libro::valido().in_cartella();
        std::fs::create_dir_all(dir.join("testi")).unwrap();
        std::fs::write(
            dir.join("testi/01.md"),
            format!("# Ciclo\n\n{{% for i in range(100000) %}}{{% for j in range(100000) %}}{ciclo}{{% endfor %}}{{% endfor %}}\n"),
        )
        .unwrap();
        let inizio = Instant::now();
        let (e, _) = build(&dir);
        rifiutato(&e, &["testi/01.md", motivo]);
        assert!(inizio.elapsed() < Duration::from_secs(30), "{:?}", inizio.elapsed());
    }
    // A string repeated or doubled: gigabytes in a few bytes, refused unread.
    for (testo, motivo) in [
        ("{{ \"x\" * 100000000 }}", "l'operatore «*» non si usa nei testi"),
        (
            "{{ dati.dipendenti ~ dati.dipendenti }}",
            "l'operatore «~» non si usa nei testi",
        ),
        ("{% set s = \"x\" %}{{ s }}", "«{% set %}» non si usa nei testi"),
        (
            "{{ \"a\" | replace(\"\", \"bbbb\") }}",
            "il filtro «replace» non esiste",
        ),
    ] {
        let (_tmp, dir) = Libro::valido().in_cartella();
        std::fs::create_dir_all(dir.join("testi")).unwrap();
        std::fs::write(dir.join("testi/01.md"), format!("# Testo\n\n{testo}\n")).unwrap();
        let e = check(&dir);
        rifiutato(&e, &["testi/01.md, riga 3", motivo]);
    }
    // A paragraph of a megabyte without spaces, in a text and in a cell.
    let (_tmp, dir) = Libro::valido().in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        format!("# Lungo\n\n{}\n", "a".repeat(1_000_000)),
    )
    .unwrap();
    rifiutato(&build(&dir).0, &["testi/01.md, riga 3", "senza spazi"]);
    let (_tmp, dir) = Libro::valido()
        .set("Obiettivi", "D2", t(&"b".repeat(2000)))
        .in_cartella();
    rifiutato(&check(&dir), &["Obiettivi!D2", "una parola di 2.000 caratteri"]);
}

#[test]
fn charts_of_thousands_of_points_are_refused_by_name() {
    // 2.000 points: the PDF's text alternative would exceed what PDF/A allows.
    let mut l = Libro::valido();
    for i in 0..2000 {
        l.aggiungi(
            "Serie",
            vec![
                t("fiume"),
                t("Portata"),
                t("linee"),
                t(&format!("giorno {i}")),
                t("m³/s"),
                C::N(f64::from(i)),
            ],
        );
    }
    let (_tmp, dir) = l.in_cartella();
    rifiutato(&check(&dir), &["il grafico «fiume» ha più di 500 punti"]);
    // 100.000 rows: the sheet's own bound, before any chart is drawn.
    let mut l = Libro::valido();
    for i in 0..100_000 {
        l.aggiungi(
            "Serie",
            vec![t("g"), t("G"), t("barre"), t(&i.to_string()), t("s"), C::N(1.0)],
        );
    }
    let (_tmp, dir) = l.in_cartella();
    let e = check(&dir);
    rifiutato(&e, &["Serie!", "al massimo 10.000 righe"]);
}

#[test]
fn the_pdf_never_overwrites_an_input_or_a_device() {
    let (_tmp, dir) = Libro::valido().in_cartella();
    let libro = dir.join("relazione.xlsx");
    let prima = std::fs::read(&libro).unwrap();
    let e = esegui(
        &["build", "--data", s(&dir), "--out", s(&libro), "--forza"],
        Duration::from_secs(60),
    );
    rifiutato(&e, &["un file che la composizione legge"]);
    assert_eq!(std::fs::read(&libro).unwrap(), prima, "the workbook was overwritten");
    let e = esegui(
        &["build", "--data", s(&dir), "--out", "/dev/null"],
        Duration::from_secs(60),
    );
    rifiutato(&e, &["/dev/null", "non è un file ordinario"]);
    {
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }
    let testo = dir.join("relazione.txt");
    let e = esegui(
        &["build", "--data", s(&dir), "--out", s(&testo)],
        Duration::from_secs(60),
    );
    rifiutato(&e, &["non finisce in .pdf", "--forza"]);
    let e = esegui(
        &["build", "--data", s(&dir), "--out", s(&testo), "--forza"],
        Duration::from_secs(60),
    );
    assert_eq!(e.codice, 0, "{}", e.testo);
    // An image of the folder is an input too, even with --forza.
    let logo = dir.join("logo.png");
    std::fs::write(&logo, b"immagine").unwrap();
    let e = esegui(
        &["build", "--data", s(&dir), "--out", s(&logo), "--forza"],
        Duration::from_secs(60),
    );
    rifiutato(&e, &["un file che la composizione legge"]);
    assert_eq!(std::fs::read(&logo).unwrap(), b"immagine");
}

#[test]
fn workbook_text_stays_text() {
    // A Dati value that would be an image and emphasis if it were Markdown, one that
    // forges a placeholder of a generated part, and a name reversed by a
    // right-to-left override.
    let (_tmp, dir) = Libro::valido()
        .aggiungi("Dati", vec![t("trucco"), t("![a](relazione.xlsx) *x*")])
        .aggiungi("Dati", vec![t("segnaposto"), t("\u{E000}albero\u{E001}")])
        .set("Unita", "B2", t("Area \u{202E}onU"))
        .in_cartella();
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(
        dir.join("testi/01.md"),
        "# Premessa\n\nPrima {{ dati.trucco }} dopo; poi {{ dati.segnaposto }} fine.\n",
    )
    .unwrap();
    let c = check(&dir);
    assert_eq!(c.codice, 0, "{}", c.testo);
    assert!(c.testo.contains("Unita!B2"), "{}", c.testo);
    assert!(c.testo.contains("tolti caratteri invisibili"), "{}", c.testo);
    let (e, pdf) = build(&dir);
    assert_eq!(e.codice, 0, "{}", e.testo);
    let testo = common::testo_pdf(&pdf);
    assert!(testo.contains("![a](relazione.xlsx) *x*"), "{testo}");
    assert!(testo.contains("poi albero fine"), "{testo}");
    assert!(!testo.contains('\u{202E}'), "the override reached the PDF");
}

#[test]
fn dates_years_away_and_negative_weights_are_errors() {
    let (_tmp, dir) = Libro::valido()
        .set("Modifiche", "F2", C::D(2030, 9, 13))
        .aggiungi(
            "Ente",
            vec![t("approvazione"), t("Approvata con deliberazione del 13 giugno 2031")],
        )
        .set("Obiettivi", "H2", C::N(-5.0))
        .in_cartella();
    rifiutato(
        &check(&dir),
        &[
            "Modifiche!F2: data 13/09/2030 lontana più di 2 anni",
            "Ente!B5: approvazione: la data 13/06/2031",
            "Obiettivi!H2: peso -5 fuori da 0–100",
        ],
    );
}
