//! A small workbook builder for tests: a valid report folder to start from, cells
//! to change by address, sheets and columns to drop.
#![allow(dead_code)]

pub mod falsari;
pub mod firma;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub enum C {
    T(String),
    N(f64),
    /// A number shown as a percentage (0,85 shown as 85 %).
    Pct(f64),
    D(u16, u8, u8),
    /// A formula with its cached result (an error value like `#DIV/0!` too).
    F(String, String),
    Vuota,
}

pub fn t(s: &str) -> C {
    C::T(s.to_string())
}

#[derive(Clone, Debug)]
pub struct Libro {
    pub fogli: Vec<(String, Vec<Vec<C>>)>,
}

fn riga(celle: &[&str]) -> Vec<C> {
    celle
        .iter()
        .map(|c| if c.is_empty() { C::Vuota } else { t(c) })
        .collect()
}

impl Libro {
    /// A valid plan, small enough to compute by hand:
    /// - OS1 (strategic, ambito 1.1) with kpi1: `>= 85 %` (80 before deliberation 142
    ///   of 13/09/2022), soglia 70, consuntivo 80 → (80 − 70) / (85 − 70) = 66,666… %.
    /// - OP1 (operational under OS1, unit U1) with kpi2: entro 31/12/2022, done
    ///   30/11/2022 → 100 %.
    /// - Assegnazioni: "Dirigente Uno" has OP1 with weight 100.
    pub fn valido() -> Libro {
        let fogli = vec![
            (
                "Ente",
                vec![
                    riga(&["Chiave", "Valore"]),
                    riga(&["ente", "Camera di prova"]),
                    riga(&["anno", "2022"]),
                    riga(&["soglia_raggiunto", "95"]),
                ],
            ),
            (
                "Ambiti",
                vec![
                    riga(&["Codice", "Ambito", "Descrizione"]),
                    riga(&["1", "Sistema camerale", ""]),
                    riga(&["1.1", "La macchina camerale", ""]),
                ],
            ),
            (
                "Unita",
                vec![
                    riga(&["Codice", "Nome", "Responsabile", "Ruolo"]),
                    riga(&["U1", "Area Uno", "Dirigente Uno", "Dirigente"]),
                    riga(&["U2", "Area Due", "Dirigente Due", "Dirigente"]),
                ],
            ),
            (
                "Obiettivi",
                vec![
                    riga(&[
                        "Codice",
                        "Livello",
                        "Titolo",
                        "Descrizione",
                        "Ambito",
                        "Padre",
                        "Unita",
                        "Peso",
                    ]),
                    riga(&["OS1", "strategico", "Obiettivo strategico uno", "", "1.1", "", "", ""]),
                    riga(&["OP1", "operativo", "Obiettivo operativo uno", "", "", "OS1", "U1", ""]),
                ],
            ),
            (
                "Indicatori",
                vec![
                    riga(&[
                        "Codice",
                        "Obiettivo",
                        "Nome",
                        "Descrizione",
                        "Algoritmo",
                        "Fonte",
                        "Tipologia",
                        "Peso",
                        "Operatore",
                        "Target",
                        "Soglia",
                        "Unita misura",
                        "Consuntivo",
                        "Grado dichiarato",
                        "Nota",
                    ]),
                    vec![
                        t("kpi1"),
                        t("OS1"),
                        t("Soddisfazione"),
                        C::Vuota,
                        C::Vuota,
                        C::Vuota,
                        t("Qualità"),
                        C::N(100.0),
                        t(">="),
                        C::N(80.0),
                        C::N(70.0),
                        t("%"),
                        C::N(80.0),
                        C::Vuota,
                        C::Vuota,
                    ],
                    vec![
                        t("kpi2"),
                        t("OP1"),
                        t("Attivazione servizio"),
                        C::Vuota,
                        C::Vuota,
                        C::Vuota,
                        t("Outcome"),
                        C::N(100.0),
                        t("entro"),
                        C::D(2022, 12, 31),
                        C::Vuota,
                        t("data"),
                        C::D(2022, 11, 30),
                        C::Vuota,
                        C::Vuota,
                    ],
                ],
            ),
            (
                "Modifiche",
                vec![
                    riga(&["Indicatore", "Campo", "Da", "A", "Delibera", "Data", "Motivazione"]),
                    vec![
                        t("kpi1"),
                        t("target"),
                        C::N(80.0),
                        C::N(85.0),
                        t("142"),
                        C::D(2022, 9, 13),
                        C::Vuota,
                    ],
                ],
            ),
            (
                "Assegnazioni",
                vec![
                    riga(&["Persona", "Ruolo", "Obiettivo", "Peso"]),
                    vec![t("Dirigente Uno"), t("Dirigente"), t("OP1"), C::N(100.0)],
                ],
            ),
            (
                "Serie",
                vec![
                    riga(&["Grafico", "Titolo", "Tipo", "Categoria", "Serie", "Valore", "Unita"]),
                    vec![
                        t("g"),
                        t("Grafico"),
                        t("barre"),
                        t("2022"),
                        t("Valore"),
                        C::N(1.0),
                        C::Vuota,
                    ],
                ],
            ),
            (
                "Dati",
                vec![
                    riga(&["Chiave", "Valore", "Unita"]),
                    vec![t("dipendenti"), C::N(261.0), t("N.")],
                ],
            ),
        ];
        Libro {
            fogli: fogli.into_iter().map(|(n, r)| (n.to_string(), r)).collect(),
        }
    }

    fn foglio(&mut self, nome: &str) -> &mut Vec<Vec<C>> {
        &mut self
            .fogli
            .iter_mut()
            .find(|(n, _)| n == nome)
            .unwrap_or_else(|| panic!("no sheet {nome}"))
            .1
    }

    /// Sets a cell by address (`J2`).
    pub fn set(&mut self, foglio: &str, cella: &str, valore: C) -> &mut Self {
        let (col, row) = indirizzo(cella);
        let righe = self.foglio(foglio);
        while righe.len() <= row {
            righe.push(Vec::new());
        }
        let r = &mut righe[row];
        while r.len() <= col {
            r.push(C::Vuota);
        }
        r[col] = valore;
        self
    }

    /// Appends a row to a sheet.
    pub fn aggiungi(&mut self, foglio: &str, riga: Vec<C>) -> &mut Self {
        self.foglio(foglio).push(riga);
        self
    }

    /// Appends an indicator row (no description, algorithm, source or tipologia).
    #[allow(clippy::too_many_arguments)]
    pub fn aggiungi_indicatore(
        &mut self,
        codice: &str,
        obiettivo: &str,
        nome: &str,
        peso: f64,
        operatore: &str,
        target: C,
        soglia: C,
        unita_misura: &str,
        consuntivo: C,
    ) -> &mut Self {
        let riga = vec![
            t(codice),
            t(obiettivo),
            t(nome),
            C::Vuota,
            C::Vuota,
            C::Vuota,
            C::Vuota,
            C::N(peso),
            t(operatore),
            target,
            soglia,
            t(unita_misura),
            consuntivo,
        ];
        self.aggiungi("Indicatori", riga)
    }

    pub fn senza_foglio(&mut self, nome: &str) -> &mut Self {
        self.fogli.retain(|(n, _)| n != nome);
        self
    }

    /// Drops a column (by header) from a sheet.
    pub fn senza_colonna(&mut self, foglio: &str, colonna: &str) -> &mut Self {
        let righe = self.foglio(foglio);
        let pos = righe[0]
            .iter()
            .position(|c| matches!(c, C::T(s) if s == colonna))
            .expect("column");
        for r in righe.iter_mut() {
            if r.len() > pos {
                r.remove(pos);
            }
        }
        self
    }

    /// Writes `relazione.xlsx` into `dir` and returns the folder.
    pub fn scrivi(&self, dir: &Path) -> PathBuf {
        let mut wb = Workbook::new();
        let pct = Format::new().set_num_format("0.00%");
        let data = Format::new().set_num_format("dd/mm/yyyy");
        for (nome, righe) in &self.fogli {
            let ws = wb.add_worksheet();
            ws.set_name(nome).unwrap();
            for (r, riga) in righe.iter().enumerate() {
                for (c, cella) in riga.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cella {
                        C::T(s) => {
                            ws.write_string(r, c, s).unwrap();
                        }
                        C::N(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        C::Pct(n) => {
                            ws.write_number_with_format(r, c, *n, &pct).unwrap();
                        }
                        C::D(y, m, d) => {
                            let x = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                            ws.write_datetime_with_format(r, c, &x, &data).unwrap();
                        }
                        C::F(f, risultato) => {
                            ws.write_formula(r, c, Formula::new(f).set_result(risultato)).unwrap();
                        }
                        C::Vuota => {}
                    }
                }
            }
        }
        std::fs::create_dir_all(dir).unwrap();
        wb.save(dir.join("relazione.xlsx")).unwrap();
        dir.to_path_buf()
    }

    /// Writes the workbook into a new temporary folder.
    pub fn in_cartella(&self) -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = self.scrivi(tmp.path());
        (tmp, dir)
    }
}

/// `J2` → (column 9, row 1), 0-based.
fn indirizzo(cella: &str) -> (usize, usize) {
    let lettere: String = cella.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let numero: usize = cella[lettere.len()..].parse().unwrap();
    let col = lettere
        .chars()
        .fold(0, |acc, c| acc * 26 + (c as usize - 'A' as usize + 1))
        - 1;
    (col, numero - 1)
}

/// Rewrites one entry of an xlsx (a zip), storing every entry uncompressed.
pub fn sostituisci_nel_zip(file: &Path, voce: &str, cambia: impl Fn(String) -> String) {
    use std::io::Write;
    let dati = std::fs::read(file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(dati)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(file).unwrap());
    let opzioni = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let nome = e.name().unwrap().to_string();
        let mut contenuto = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut contenuto).unwrap();
        if nome == voce {
            contenuto = cambia(String::from_utf8(contenuto).unwrap()).into_bytes();
        }
        out.start_file(nome, opzioni).unwrap();
        out.write_all(&contenuto).unwrap();
    }
    out.finish().unwrap();
}

/// Runs the `relazione` binary: exit code, standard output, standard error.
pub fn relazione(args: &[&str]) -> (i32, String, String) {
    relazione_in(Path::new("."), args)
}

/// [`relazione`] run in `cartella`, the folder a person types the command in.
pub fn relazione_in(cartella: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(args)
        .current_dir(cartella)
        .output()
        .expect("run relazione");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text of a PDF as a reader's tool extracts it (`pdftotext`, Debian's
/// poppler-utils), keeping the page layout.
pub fn testo_pdf(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", s(pdf), "-"])
        .output()
        .expect("pdftotext is needed (Debian package poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    // A figure is bound to its unit by a no-break space; a reader sees a space.
    String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ")
}

/// A printed figure as a reader sees it: the no-break spaces that bind a figure
/// to its sign and unit read as spaces.
pub fn leggibile(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

/// [`leggibile`] for each line.
pub fn leggibili(righe: &[String]) -> Vec<String> {
    righe.iter().map(|s| leggibile(s)).collect()
}

/// The text of a PDF as one line of words: soft hyphens and line breaks aside,
/// to look for a sentence wherever the layout broke it.
pub fn parole_pdf(pdf: &Path) -> String {
    testo_pdf(pdf)
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Loads a folder expecting data errors, and returns them.
pub fn errori(dir: &Path) -> Vec<relazione::problem::Problema> {
    match relazione::carica(dir) {
        Err(relazione::Errore::Dati(p)) => p.into_iter().filter(|p| p.is_errore()).collect(),
        Err(e) => panic!("expected data errors, got: {e}"),
        Ok(_) => panic!("expected data errors, the folder loaded"),
    }
}

/// Asserts one of the problems is in `dove` (`Indicatori!J2`) and its message
/// contains `testo`.
pub fn c_e(problemi: &[relazione::problem::Problema], dove: &str, testo: &str) {
    assert!(
        problemi
            .iter()
            .any(|p| p.dove() == dove && p.to_string().contains(testo)),
        "no problem at {dove} containing {testo:?}; got:\n{}",
        problemi.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
    );
}

/// A copy of a report folder (workbook, texts, `sorgente/`) in `a`.
pub fn copia_cartella(da: &Path, a: &Path) {
    std::fs::create_dir_all(a).unwrap();
    for e in std::fs::read_dir(da).unwrap().flatten() {
        let destinazione = a.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copia_cartella(&e.path(), &destinazione);
        } else {
            std::fs::copy(e.path(), destinazione).unwrap();
        }
    }
}

/// Changes one cell of a report folder whose workbook is generated from
/// `sorgente/*.tsv` (as `data/` is): the cell in `colonna` of the row whose
/// code is `codice`, then writes the workbook again.
pub fn cambia_cella(cartella: &Path, foglio: &str, codice: &str, colonna: &str, valore: &str) {
    use relazione::workbook::scrivi::{Scritta, da_tsv, scrivi, tipizza};
    let mut fogli = da_tsv(&cartella.join("sorgente")).unwrap();
    let f = fogli.iter_mut().find(|f| f.foglio.nome == foglio).unwrap();
    let col = f.foglio.colonne.iter().position(|c| c.nome == colonna).unwrap();
    let tipo = f.foglio.colonne[col].tipo;
    let riga = f
        .righe
        .iter_mut()
        .find(|r| r[0] == Scritta::Testo(codice.into()))
        .unwrap_or_else(|| panic!("no row {codice} in {foglio}"));
    riga[col] = tipizza(tipo, valore);
    scrivi(&cartella.join("relazione.xlsx"), &fogli).unwrap();
}

/// Writes a 1×1 PNG at `percorso` in `dir`, its folders made.
pub fn png_piccolo(dir: &Path, percorso: &str) {
    let mut png = Vec::new();
    image::RgbaImage::new(1, 1)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let p = dir.join(percorso);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, png).unwrap();
}

/// A figure as the reference or a hand computation writes it: `"97.15"`.
pub fn d(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

/// A result to two decimals, as the document prints it (half away from zero).
pub fn r2(x: Option<rust_decimal::Decimal>) -> Option<rust_decimal::Decimal> {
    x.map(|x| relazione::format::arrotonda(x, 2))
}

/// A workbook read and scored, from a folder written for the test.
pub fn carica(l: &Libro) -> relazione::Relazione {
    let (_tmp, dir) = l.in_cartella();
    relazione::carica(&dir).expect("valid")
}

/// Rows of a TSV fixture as maps header → value.
pub fn fixture(nome: &str) -> Vec<std::collections::HashMap<String, String>> {
    let testo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(nome)).unwrap();
    let mut righe = testo.lines();
    let intestazione: Vec<&str> = righe.next().unwrap().split('\t').collect();
    righe
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            intestazione
                .iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}
