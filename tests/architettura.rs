//! The house has floors: every module of `src/` imports only from the floors
//! below it, so that each can be read, tested and changed knowing only what is
//! under it. The floors, from the ground (ARCHITECTURE in README.md):
//! characters and format; problems, limits, the terminal; the error; the disk
//! of an untrusted folder; the model; the workbook; the deliberations and the
//! scoring, side by side; the warnings; the report folder read; the
//! comparison of drafts and the figures of the scores; rendering; typesetting;
//! signing; the outputs (PDF, web edition, open data, JSON, prospetto); the
//! commands (build, check, drafts, a new folder); publishing and the batch;
//! watch; the words printed for people; the binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PIANI: &[&[&str]] = &[
    &["caratteri", "format"],
    &["problem", "limiti", "terminale"],
    &["errore"],
    &["disco"],
    &["model"],
    &["workbook"],
    &["changes", "scoring"],
    &["check"],
    &["cartella"],
    &["diff", "cifre", "spiega", "validazione"],
    &["render"],
    &["typeset"],
    &["firma"],
    &["uscite"],
    &["bozze", "controllo", "build", "init"],
    &["pubblica", "lotto"],
    &["watch"],
    &["stampa"],
    &["apri"],
    &["bin"],
];

/// What the crate root re-exports, by the module that defines it.
fn definito_in(nome: &str) -> &str {
    match nome {
        "Errore" => "errore",
        "Relazione" | "carica" => "cartella",
        altro => altro,
    }
}

/// The names a `use crate::{a, b::c, D}` group brings, by their first segment.
fn nomi_del_gruppo(gruppo: &str) -> Vec<String> {
    let (mut profondita, mut corrente, mut nomi) = (0, String::new(), Vec::new());
    for c in gruppo.chars() {
        match c {
            '{' => profondita += 1,
            '}' => profondita -= 1,
            ',' if profondita == 0 => {
                nomi.push(std::mem::take(&mut corrente));
                continue;
            }
            _ => {}
        }
        corrente.push(c);
    }
    nomi.push(corrente);
    nomi.iter()
        .filter_map(|n| {
            let n: String = n
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!n.is_empty()).then_some(n)
        })
        .collect()
}

/// The modules of the crate a source refers to (`crate::x`, `crate::{x, y}`;
/// `relazione::x` in the binary), comments left out.
fn riferimenti(sorgente: &str, prefisso: &str) -> BTreeSet<String> {
    let codice: String = sorgente
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let marca = format!("{prefisso}::");
    let mut resto = codice.as_str();
    while let Some(i) = resto.find(&marca) {
        let prima = resto[..i].chars().last();
        resto = &resto[i + marca.len()..];
        if prima.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(gruppo) = resto.strip_prefix('{') {
            let fine = gruppo.find("};").or_else(|| gruppo.find('}')).unwrap_or(gruppo.len());
            out.extend(
                nomi_del_gruppo(&gruppo[..fine])
                    .iter()
                    .map(|n| definito_in(n).to_string()),
            );
        } else {
            let nome: String = resto.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.insert(definito_in(&nome).to_string());
        }
    }
    out
}

fn sorgenti(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sorgenti(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_imports_only_from_the_floors_below() {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let piano: BTreeMap<&str, usize> = PIANI
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.iter().map(move |m| (*m, i)))
        .collect();
    let mut file = Vec::new();
    sorgenti(&radice, &mut file);
    let mut salite = Vec::new();
    for f in &file {
        let relativo = f.strip_prefix(&radice).unwrap();
        let primo = relativo
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        if primo == "lib.rs" {
            continue;
        }
        let modulo = primo.trim_end_matches(".rs").to_string();
        let prefisso = if modulo == "bin" { "relazione" } else { "crate" };
        let Some(&qui) = piano.get(modulo.as_str()) else {
            panic!("src/{primo} is on no floor: add it to PIANI (and to README.md)");
        };
        for m in riferimenti(&std::fs::read_to_string(f).unwrap(), prefisso) {
            if m == modulo || m == "self" {
                continue;
            }
            match piano.get(m.as_str()) {
                Some(&la) if la < qui => {}
                _ => salite.push(format!("src/{} → {m}", relativo.display())),
            }
        }
    }
    assert!(
        salite.is_empty(),
        "imports from the same floor or above:\n{}",
        salite.join("\n")
    );
}

#[test]
fn the_crate_root_only_declares_and_re_exports() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for riga in lib.lines().map(str::trim) {
        let ammessa = riga.is_empty()
            || riga.starts_with("//")
            || riga.starts_with("#[cfg(")
            || riga.starts_with("pub mod ")
            || riga.starts_with("pub use ");
        assert!(ammessa, "src/lib.rs holds more than declarations: «{riga}»");
    }
}
