//! A corpus of broken and strange workbooks, written by this test (none is
//! committed): each gets its own clear message and a non-zero exit, or a
//! documented warning — never a panic, never a hang.

use crate::common;
use common::{C, Libro, sostituisci_nel_zip, t};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `relazione check` must do with a case: its exit code and a piece of
/// what it prints.
struct Caso {
    nome: &'static str,
    codice: i32,
    atteso: &'static str,
}

/// Runs `relazione check` on a folder within a time bound.
fn controlla(dir: &Path, limite: Duration) -> (i32, String) {
    let mut figlio = Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(["check", "--data", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let inizio = Instant::now();
    loop {
        if let Some(stato) = figlio.try_wait().unwrap() {
            let out = figlio.wait_with_output().unwrap();
            let testo = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!testo.contains("panicked"), "{}: panic\n{testo}", dir.display());
            return (stato.code().unwrap_or(-1), testo);
        }
        if inizio.elapsed() > limite {
            figlio.kill().ok();
            panic!("{}: no answer in {limite:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A workbook with one extra sheet of incompressible text, about `mb` megabytes.
fn grande(dir: &Path, mb: usize) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let formato_data = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let base = Libro::valido();
    for (nome, righe) in &base.fogli {
        let ws = wb.add_worksheet();
        ws.set_name(nome).unwrap();
        for (r, riga) in righe.iter().enumerate() {
            for (c, cella) in riga.iter().enumerate() {
                match cella {
                    C::T(s) => {
                        ws.write_string(r as u32, c as u16, s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r as u32, c as u16, *n).unwrap();
                    }
                    C::D(y, m, d) => {
                        let x = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r as u32, c as u16, &x, &formato_data)
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Allegato grande").unwrap();
    // xorshift: deterministic, incompressible enough.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut casuale = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let celle = mb * 1024 * 1024 / 48;
    for i in 0..celle {
        let s: String = (0..6)
            .map(|_| format!("{:016x}", casuale()))
            .collect::<Vec<_>>()
            .concat();
        ws.write_string((i / 8) as u32, (i % 8) as u16, &s).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    wb.save(dir.join("relazione.xlsx")).unwrap();
}

/// A file that calamine sees as a password-protected workbook: an OLE compound
/// file with an EncryptedPackage stream, as Excel writes them.
fn protetto(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let f = std::fs::File::create(dir.join("relazione.xlsx")).unwrap();
    let mut cfb = cfb::CompoundFile::create(f).unwrap();
    cfb.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    cfb.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0u8; 4096])
        .unwrap();
    cfb.flush().unwrap();
}

#[test]
fn every_broken_workbook_gets_a_clear_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let cartella = |nome: &str| -> PathBuf { tmp.path().join(nome) };
    let mut casi: Vec<Caso> = Vec::new();
    let mut caso = |nome: &'static str, codice: i32, atteso: &'static str| casi.push(Caso { nome, codice, atteso });

    Libro::valido()
        .senza_foglio("Indicatori")
        .scrivi(&cartella("foglio-mancante"));
    caso("foglio-mancante", 1, "manca il foglio «Indicatori»");
    Libro::valido()
        .senza_colonna("Obiettivi", "Livello")
        .scrivi(&cartella("colonna-mancante"));
    caso("colonna-mancante", 1, "manca la colonna obbligatoria «Livello»");
    Libro::valido()
        .set("Indicatori", "H2", t("tanto"))
        .scrivi(&cartella("tipo-sbagliato"));
    caso("tipo-sbagliato", 1, "Indicatori!H2: peso «tanto» non è un numero");
    Libro::valido()
        .set("Indicatori", "M3", C::F("=NA()".into(), "#N/A".into()))
        .scrivi(&cartella("cella-errore"));
    caso(
        "cella-errore",
        1,
        "Indicatori!M3: consuntivo: la cella contiene l'errore #N/A",
    );

    // Merged cells: the Descrizione and Ambito of OS1 merged, the Ambito is lost.
    {
        let dir = cartella("celle-unite");
        Libro::valido().scrivi(&dir);
        sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/worksheets/sheet4.xml", |x| {
            x.replace(
                "</sheetData>",
                "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"D2:E2\"/></mergeCells>",
            )
            .replace("<c r=\"E2\" t=\"s\"><v>", "<c r=\"E2\" t=\"s\" ><v>")
        });
    }
    caso("celle-unite", 0, "celle unite D2:E2: si legge solo il valore di D2");

    // A hidden sheet is read, with a warning.
    {
        let dir = cartella("foglio-nascosto");
        Libro::valido().scrivi(&dir);
        sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/workbook.xml", |x| {
            x.replace("<sheet name=\"Dati\"", "<sheet name=\"Dati\" state=\"hidden\"")
        });
    }
    caso(
        "foglio-nascosto",
        0,
        "il foglio «Dati» è nascosto: viene letto lo stesso",
    );

    // An empty workbook: one empty sheet.
    {
        let dir = cartella("vuota");
        std::fs::create_dir_all(&dir).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet();
        wb.save(dir.join("relazione.xlsx")).unwrap();
    }
    caso("vuota", 1, "manca il foglio «Ente»");

    std::fs::create_dir_all(cartella("zero-byte")).unwrap();
    std::fs::write(cartella("zero-byte").join("relazione.xlsx"), b"").unwrap();
    caso("zero-byte", 1, "il file è vuoto (0 byte)");
    std::fs::create_dir_all(cartella("testo")).unwrap();
    std::fs::write(
        cartella("testo").join("relazione.xlsx"),
        "Codice;Livello\nOS1;strategico\n",
    )
    .unwrap();
    caso("testo", 1, "è un file di testo (per esempio un CSV)");

    protetto(&cartella("password"));
    caso("password", 1, "protetta da password");

    grande(&cartella("cinquanta-mb"), 50);
    let dimensione = std::fs::metadata(cartella("cinquanta-mb").join("relazione.xlsx"))
        .unwrap()
        .len();
    assert!(
        dimensione > 45 * 1024 * 1024,
        "the big workbook is only {dimensione} bytes"
    );
    caso("cinquanta-mb", 0, "foglio «Allegato grande» non previsto: ignorato");

    // A cell of 100.000 characters (Excel stops at 32.767).
    {
        let dir = cartella("cella-enorme");
        Libro::valido()
            .set("Obiettivi", "D2", t("SEGNAPOSTO-LUNGO"))
            .scrivi(&dir);
        let lungo = "a".repeat(100_000);
        sostituisci_nel_zip(&dir.join("relazione.xlsx"), "xl/sharedStrings.xml", |x| {
            x.replace("SEGNAPOSTO-LUNGO", &lungo)
        });
    }
    caso(
        "cella-enorme",
        1,
        "Obiettivi!D2: descrizione: testo di 100.000 caratteri, più del massimo di Excel (32.767)",
    );

    Libro::valido()
        .set("Obiettivi", "C2", t("Obiettivo 🚀 con testo عربي e עברית"))
        .set("Unita", "B2", t("Area ‏עברית‏ 😀"))
        .scrivi(&cartella("emoji-rtl"));
    caso("emoji-rtl", 0, "Controllo superato");

    // A cycle: an operational objective that is its own parent.
    Libro::valido()
        .set("Obiettivi", "F3", t("OP1"))
        .scrivi(&cartella("ciclo"));
    caso(
        "ciclo",
        1,
        "Obiettivi!F3: il padre «OP1» di OP1 non è un obiettivo strategico",
    );
    // Dangling references: an indicator of an objective that does not exist, a
    // change of an indicator that does not exist.
    Libro::valido()
        .set("Indicatori", "B2", t("OS404"))
        .set("Modifiche", "A2", t("kpi404"))
        .scrivi(&cartella("riferimenti"));
    caso("riferimenti", 1, "Indicatori!B2: obiettivo «OS404» sconosciuto");
    caso("riferimenti", 1, "Modifiche!A2: indicatore «kpi404» sconosciuto");

    // Weights that do not add up: a documented warning, not an error.
    Libro::valido()
        .set("Indicatori", "H3", C::N(70.0))
        .scrivi(&cartella("pesi"));
    caso(
        "pesi",
        0,
        "i pesi degli indicatori misurati di OP1 sommano a 70,00, non a 100",
    );

    let inizio = Instant::now();
    for c in &casi {
        let (codice, testo) = controlla(&cartella(c.nome), Duration::from_secs(120));
        assert_eq!(codice, c.codice, "{}: exit {codice}\n{testo}", c.nome);
        assert!(testo.contains(c.atteso), "{}: expected {:?}\n{testo}", c.nome, c.atteso);
    }
    assert!(
        inizio.elapsed() < Duration::from_secs(600),
        "the corpus took {:?}",
        inizio.elapsed()
    );
}
