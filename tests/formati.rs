//! Every workbook an office has: the 2022 workbook saved by LibreOffice itself
//! (Debian's `libreoffice-calc-nogui`, `soffice --headless --convert-to`) as
//! `.ods`, `.xls`, `.xlsm` and back to `.xlsx` scores exactly as the original
//! and gives a PDF with the same text; two workbooks in a folder, a far cell in
//! an `.ods`, a file that is no workbook, each get one Italian sentence.

use crate::common;
use common::{copia_cartella, relazione, s, testo_pdf};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn radice() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Converts a workbook with LibreOffice into `dir`, as an office saves it.
fn converti(libro: &Path, filtro: &str, dir: &Path) -> PathBuf {
    let profilo = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("soffice")
        .args([
            &format!("-env:UserInstallation=file://{}", profilo.path().display()),
            "--headless",
            "--convert-to",
            filtro,
            "--outdir",
            s(dir),
            s(libro),
        ])
        .output()
        .expect("soffice is needed (Debian package libreoffice-calc-nogui)");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let estensione = filtro.split(':').next().unwrap();
    let file = dir.join(libro.file_stem().unwrap()).with_extension(estensione);
    assert!(file.is_file(), "soffice wrote no {}", file.display());
    file
}

/// The 2022 workbook in every format, converted once for this file's tests.
fn convertiti() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static C: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    C.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let originale = radice().join("data/relazione.xlsx");
        let ods = converti(&originale, "ods", &tmp.path().join("ods"));
        let xls = converti(&originale, "xls", &tmp.path().join("xls"));
        let xlsm = converti(&originale, "xlsm:Calc MS Excel 2007 VBA XML", &tmp.path().join("xlsm"));
        let di_nuovo = converti(&ods, "xlsx:Calc MS Excel 2007 XML", &tmp.path().join("di-nuovo"));
        (tmp, vec![ods, xls, xlsm, di_nuovo])
    })
}

fn punteggi(data: &Path) -> String {
    let (code, out, err) = relazione(&["scores", "--data", s(data), "--format", "json"]);
    assert_eq!(code, 0, "{}: {err}", data.display());
    out
}

#[test]
fn the_2022_workbook_scores_the_same_in_every_format() {
    let originale = punteggi(&radice().join("data"));
    // The overall result the reference publishes, to be sure of what is compared.
    assert!(
        originale.contains("\"risultato\": 90.89782142857142857142857143"),
        "{originale}"
    );
    for libro in &convertiti().1 {
        assert_eq!(punteggi(libro), originale, "{} scores differently", libro.display());
        // The same warnings, at the same cells.
        let (_, a, _) = relazione(&["check", "--data", s(&radice().join("data"))]);
        let (_, b, _) = relazione(&["check", "--data", s(libro)]);
        assert_eq!(a, b, "{}", libro.display());
    }
}

#[test]
fn a_folder_with_an_ods_builds_the_same_relazione() {
    let tmp = tempfile::tempdir().unwrap();
    let cartella = tmp.path().join("torino-ods");
    copia_cartella(&radice().join("data"), &cartella);
    std::fs::remove_file(cartella.join("relazione.xlsx")).unwrap();
    std::fs::copy(&convertiti().1[0], cartella.join("relazione.ods")).unwrap();
    let (pdf_ods, pdf_xlsx) = (tmp.path().join("ods.pdf"), tmp.path().join("xlsx.pdf"));
    let (code, _, err) = relazione(&["build", "--data", s(&cartella), "--out", s(&pdf_ods)]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = relazione(&["build", "--data", s(&radice().join("data")), "--out", s(&pdf_xlsx)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(testo_pdf(&pdf_ods), testo_pdf(&pdf_xlsx));
    // And a draft in .ods compares with one in .xlsx: nothing changed.
    let (code, out, err) = relazione(&["diff", s(&radice().join("data")), s(&cartella)]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn two_workbooks_in_one_folder_are_named_both() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(radice().join("data/relazione.xlsx"), tmp.path().join("relazione.xlsx")).unwrap();
    std::fs::copy(radice().join("data/relazione.xlsx"), tmp.path().join("relazione.ods")).unwrap();
    let (code, out, err) = relazione(&["check", "--data", s(tmp.path())]);
    assert_ne!(code, 0);
    assert!(
        out.contains("ci sono due cartelle di lavoro, relazione.xlsx e relazione.ods: tenerne una sola"),
        "{out}{err}"
    );
}

/// An `.ods` of one sheet written by hand: `content` is its `office:spreadsheet`.
fn ods(dir: &Path, content: &str) -> PathBuf {
    let file = dir.join("relazione.ods");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let semplice = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", semplice).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    z.start_file("META-INF/manifest.xml", semplice).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", semplice).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{content}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    z.finish().unwrap();
    file
}

#[test]
fn a_far_cell_in_an_ods_is_named_not_expanded() {
    // One cell at XFD1048576 (1.048.575 empty rows and 16.383 empty columns in a
    // few bytes): read whole it would be 17 billion cells.
    let tmp = tempfile::tempdir().unwrap();
    ods(
        tmp.path(),
        r#"<table:table table:name="Ente"><table:table-row><table:table-cell office:value-type="string"><text:p>Chiave</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let (code, _, err) = relazione(&["check", "--data", s(tmp.path())]);
    assert_eq!(code, 1, "{err}");
    let (_, out, _) = relazione(&["check", "--data", s(tmp.path())]);
    assert!(
        out.contains("Ente!XFD1048576: la cella XFD1048576 ha un contenuto"),
        "{out}"
    );
}

#[test]
fn what_is_not_a_workbook_gets_one_italian_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let casi: [(&str, &[u8], &str); 3] = [
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\n", "è un PDF, non una cartella di lavoro"),
        (
            "csv",
            b"Codice;Titolo\nOS1;Uno\n",
            "è un file di testo (per esempio un CSV)",
        ),
        (
            "binario",
            &[0, 1, 2, 3, 0xC8, 0xC9, 0xFF],
            "non è una cartella di lavoro di Excel o di LibreOffice",
        ),
    ];
    for (nome, dati, atteso) in casi {
        let dir = tmp.path().join(nome);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("relazione.ods"), dati).unwrap();
        let (code, out, err) = relazione(&["check", "--data", s(&dir)]);
        assert_ne!(code, 0);
        assert!(format!("{out}{err}").contains(atteso), "{nome}: {out}{err}");
        assert!(!err.contains("not found") && !err.contains("panicked"), "{nome}: {err}");
    }
}

#[test]
fn init_writes_an_ods_that_check_passes_and_libreoffice_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let (ods, xlsx) = (tmp.path().join("con-ods"), tmp.path().join("con-xlsx"));
    let (code, out, err) = relazione(&["init", s(&ods), "--formato", "ods", "--anno", "2025"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("relazione.ods"), "{out}");
    assert!(ods.join("relazione.ods").is_file() && !ods.join("relazione.xlsx").exists());
    let (code, out, _) = relazione(&["check", "--data", s(&ods)]);
    assert_eq!(code, 0, "{out}");
    // The same example as the .xlsx init writes, figure for figure.
    assert_eq!(relazione(&["init", s(&xlsx), "--anno", "2025"]).0, 0);
    assert_eq!(punteggi(&ods), punteggi(&xlsx));
    // With its drop-down lists: the operators of Indicatori, among others.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(ods.join("relazione.ods")).unwrap()).unwrap();
    let mut content = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("content.xml").unwrap(), &mut content).unwrap();
    assert!(
        content.contains("cell-content-is-in-list(") && content.contains("&quot;entro&quot;"),
        "no drop-down lists"
    );
    // LibreOffice opens it as it is: saved again as .xlsx it scores the same.
    let di_nuovo = converti(
        &ods.join("relazione.ods"),
        "xlsx:Calc MS Excel 2007 XML",
        &tmp.path().join("di-nuovo"),
    );
    assert_eq!(punteggi(&di_nuovo), punteggi(&xlsx));
}
