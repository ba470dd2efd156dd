//! Every output of a report — the PDF, the web edition, the open data, the JSON
//! of the figures — is one shape (`relazione::uscite::Uscita`) made from one
//! work: what `componi` writes is what the edition carries, byte for byte, and
//! an output that cannot be written costs nothing to the others.

use crate::common;
use common::{relazione, s};
use relazione::build::{Opzioni, costruisci};
use relazione::uscite::{self, Forma, Genere, Lavoro, Prodotto, Uscita};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn radice() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of a folder by their path in it, with their bytes.
fn file_di(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(dir) {
        let relativo = e.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        out.insert(relativo, std::fs::read(&e).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn one_build_writes_every_output_from_the_same_work() {
    let tmp = tempfile::tempdir().unwrap();
    let (pdf, web, dati, json) = (
        tmp.path().join("relazione.pdf"),
        tmp.path().join("web"),
        tmp.path().join("dati"),
        tmp.path().join("cifre.json"),
    );
    let esito = costruisci(&Opzioni {
        cartella: radice().join("data"),
        uscita: Some(pdf.clone()),
        anche: vec![
            (Genere::EdizioneWeb, web.clone()),
            (Genere::DatiAperti, dati.clone()),
            (Genere::Cifre, json.clone()),
        ],
        ..Default::default()
    })
    .unwrap();
    for (genere, scritto) in &esito.anche {
        assert!(scritto.is_ok(), "{genere:?}: {scritto:?}");
    }
    // The edition carries the PDF `componi` wrote, not another typesetting of it.
    let scritto = std::fs::read(&pdf).unwrap();
    assert_eq!(std::fs::read(web.join("relazione-2022.pdf")).unwrap(), scritto);
    // The open data alone are the edition's `dati/`, file for file.
    let dati_soli = file_di(&dati);
    let dati_web: BTreeMap<String, Vec<u8>> = file_di(&web)
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("dati/").map(|k| (k.to_string(), v)))
        .collect();
    let senza_elenco =
        |m: &BTreeMap<String, Vec<u8>>| -> Vec<String> { m.keys().filter(|k| !k.starts_with('.')).cloned().collect() };
    assert_eq!(senza_elenco(&dati_soli), senza_elenco(&dati_web));
    for nome in senza_elenco(&dati_soli) {
        assert_eq!(dati_soli[&nome], dati_web[&nome], "{nome}");
    }
    assert!(dati_soli.contains_key("indicatori.csv") && dati_soli.contains_key("datapackage.json"));
    // The JSON file is what `relazione punteggi --stampa json` prints.
    let (code, stampato, stderr) =
        relazione(&["punteggi", "--cartella", s(&radice().join("data")), "--stampa", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&json).unwrap(), stampato);
    let v: serde_json::Value = serde_json::from_str(&stampato).unwrap();
    assert!(v["obiettivi"].as_array().is_some_and(|o| !o.is_empty()), "{v}");
}

#[test]
fn an_output_that_cannot_be_written_leaves_the_pdf_and_its_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("relazione.pdf");
    // A folder of the office's, which an edition must never replace.
    let ufficio = tmp.path().join("documenti");
    std::fs::create_dir_all(&ufficio).unwrap();
    std::fs::write(ufficio.join("verbale.docx"), b"dell'ufficio").unwrap();
    let esito = costruisci(&Opzioni {
        cartella: radice().join("data"),
        uscita: Some(pdf.clone()),
        anche: vec![(Genere::EdizioneWeb, ufficio.clone())],
        ..Default::default()
    })
    .unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let (genere, scritto) = &esito.anche[0];
    assert_eq!(*genere, Genere::EdizioneWeb);
    let e = scritto.as_ref().unwrap_err().to_string();
    assert!(e.contains("non è soltanto un'edizione web"), "{e}");
    assert_eq!(
        std::fs::read_dir(&ufficio).unwrap().count(),
        1,
        "the office's folder is untouched"
    );
    assert_eq!(std::fs::read(ufficio.join("verbale.docx")).unwrap(), b"dell'ufficio");
}

/// An output a developer adds: the list of the indicators' codes, one a line.
struct Codici;

impl Uscita for Codici {
    fn nome(&self) -> &'static str {
        "l'elenco dei codici"
    }

    fn forma(&self) -> Forma {
        Forma::File { estensione: "txt" }
    }

    fn predefinita(&self, r: &relazione::Relazione) -> PathBuf {
        PathBuf::from("out").join(format!("codici-{}.txt", r.piano().ente.anno))
    }

    fn produci(&self, lavoro: &Lavoro) -> Result<Prodotto, relazione::Errore> {
        let testo: String = lavoro
            .relazione
            .piano()
            .indicatori
            .iter()
            .map(|i| format!("{}\n", i.codice))
            .collect();
        Ok(Prodotto::File(testo.into_bytes()))
    }
}

#[test]
fn a_new_output_is_one_implementation_checked_and_written_like_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let r = relazione::carica(&radice().join("data")).unwrap();
    let modelli = relazione::render::Modelli::default();
    let lavoro = Lavoro::nuovo(&r, &modelli);
    // Its destination is checked as every file output's: its extension…
    let e = uscite::consegna(&Codici, &tmp.path().join("codici.pdf"), &lavoro, false).unwrap_err();
    assert!(e.to_string().contains("non finisce in .txt"), "{e}");
    // …and never a file the work reads.
    let e = uscite::consegna(&Codici, &r.file, &lavoro, true).unwrap_err();
    assert!(
        e.to_string().contains("scrivere l'elenco dei codici con un altro nome"),
        "{e}"
    );
    assert_eq!(Codici.predefinita(&r), Path::new("out/codici-2022.txt"));
    let dove = tmp.path().join("codici.txt");
    uscite::consegna(&Codici, &dove, &lavoro, false).unwrap();
    let scritto = std::fs::read_to_string(&dove).unwrap();
    // One line per indicator of the 2022 plan, in the workbook's order.
    assert_eq!(scritto.lines().count(), r.piano().indicatori.len());
    assert!(scritto.lines().all(|l| !l.trim().is_empty()), "{scritto}");
    // Nothing was typeset for it: the work composes only when an output asks.
    assert_eq!(lavoro.tempo_modelli(), std::time::Duration::ZERO);
}
