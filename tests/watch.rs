//! `relazione watch`: a build at start, a rebuild at each save of an input and
//! only then, the last good PDF kept when a save breaks the folder; still
//! hearing after a folder is replaced; and the watcher stops when asked.

use crate::common;
use common::{Libro, s, t};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// `relazione watch` running on a folder, its output lines as they come.
struct Osservato {
    figlio: std::process::Child,
    righe: mpsc::Receiver<String>,
}

impl Osservato {
    fn avvia(dir: &Path, pdf: &Path) -> Osservato {
        use std::io::BufRead;
        let mut figlio = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
            .args(["watch", "--data", s(dir), "--out", s(pdf)])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start watch");
        let (tx, righe) = mpsc::channel();
        let stdout = figlio.stdout.take().unwrap();
        std::thread::spawn(move || {
            for l in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
        Osservato { figlio, righe }
    }

    /// The next line that contains `cosa` (two minutes at most).
    fn attendi(&self, cosa: &str) -> String {
        let limite = std::time::Instant::now() + Duration::from_secs(120);
        let mut viste = Vec::new();
        while std::time::Instant::now() < limite {
            if let Ok(l) = self.righe.recv_timeout(Duration::from_millis(200)) {
                if l.contains(cosa) {
                    return l;
                }
                viste.push(l);
            }
        }
        panic!(
            "watch did not print {cosa:?} in time; it printed:\n{}",
            viste.join("\n")
        );
    }

    /// Lets the rebuilds of a burst of events finish, their lines read.
    fn quiete(&self) {
        while self.righe.recv_timeout(Duration::from_millis(500)).is_ok() {}
    }
}

impl Drop for Osservato {
    fn drop(&mut self) {
        let _ = self.figlio.kill();
        let _ = self.figlio.wait();
    }
}

#[test]
fn watch_rebuilds_when_a_file_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nPrima versione.\n").unwrap();
    let pdf = tmp.path().join("uscita/relazione.pdf");
    let w = Osservato::avvia(&dir, &pdf);
    w.attendi("Scritto");
    // Nothing was saved: no rebuild (reading the files must not trigger one).
    assert!(
        !w.righe
            .recv_timeout(Duration::from_millis(1500))
            .is_ok_and(|l| l.contains("Scritto")),
        "watch rebuilt with no change"
    );
    let primo = std::fs::read(&pdf).unwrap();
    // A text saved: rebuilt, and the new words are in the PDF.
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nSeconda versione.\n").unwrap();
    // Each rebuild says when (the clock's time) and what the save changed.
    let riga = w.attendi("Scritto");
    assert!(riga.contains("Cambiati: testo testi/01.md."), "{riga}");
    let ora = riga.split(' ').next().unwrap();
    assert!(
        ora.len() == 8 && ora.chars().filter(|c| *c == ':').count() == 2,
        "{riga}"
    );
    let secondo = std::fs::read(&pdf).unwrap();
    assert_ne!(primo, secondo);
    // A workbook saved with a new consuntivo: the sheet that changed is named.
    Libro::valido().set("Indicatori", "M2", common::C::N(82.0)).scrivi(&dir);
    let riga = w.attendi("Scritto");
    assert!(riga.contains("Cambiati: foglio Indicatori."), "{riga}");
    let secondo = std::fs::read(&pdf).unwrap();
    // A broken workbook saved: an error with its cell, and the last good PDF stays.
    Libro::valido().set("Indicatori", "J2", t("molti")).scrivi(&dir);
    let riga = w.attendi("Composizione non riuscita");
    assert!(riga.contains("Cambiati: cartella di lavoro relazione.xlsx."), "{riga}");
    w.attendi("Indicatori!J2");
    assert_eq!(std::fs::read(&pdf).unwrap(), secondo);
}

#[test]
fn the_watcher_stops_when_asked() {
    // In the library: a build, then a stop from another thread ends the loop at
    // once, with no save in between.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    let opzioni = relazione::build::Opzioni {
        cartella: dir,
        uscita: Some(tmp.path().join("r.pdf")),
        ..Default::default()
    };
    let osservatore = relazione::watch::Osservatore::nuovo(&opzioni).unwrap();
    let fermo = osservatore.fermo();
    let mut costruiti = 0;
    let inizio = std::time::Instant::now();
    osservatore
        .esegui(|evento| {
            if let relazione::watch::Evento::Costruito { .. } = evento {
                costruiti += 1;
            }
            fermo.ferma();
        })
        .unwrap();
    assert_eq!(costruiti, 1);
    assert!(inizio.elapsed() < std::time::Duration::from_secs(60));
    assert!(tmp.path().join("r.pdf").is_file());
}

#[test]
fn watch_still_hears_after_the_texts_folder_or_the_report_folder_is_replaced() {
    // Editors and sync tools save a folder by writing a copy and renaming it
    // over the old one: a watch that followed the old folder heard nothing
    // more. After each replacement, a save of a text must rebuild.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Libro::valido().scrivi(&tmp.path().join("cartella"));
    std::fs::create_dir_all(dir.join("testi")).unwrap();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nPrima.\n").unwrap();
    let pdf = tmp.path().join("uscita/relazione.pdf");
    let w = Osservato::avvia(&dir, &pdf);
    w.attendi("Scritto");
    // testi/ replaced by a renamed copy: the replacement itself rebuilds...
    let copia = tmp.path().join("cartella/testi.nuova");
    std::fs::create_dir_all(&copia).unwrap();
    std::fs::write(copia.join("01.md"), "# Premessa\n\nSeconda.\n").unwrap();
    std::fs::remove_dir_all(dir.join("testi")).unwrap();
    std::fs::rename(&copia, dir.join("testi")).unwrap();
    w.attendi("Scritto");
    w.quiete();
    // ...and a later save inside the new folder is heard.
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nTerza.\n").unwrap();
    let riga = w.attendi("Scritto");
    assert!(riga.contains("testo testi/01.md"), "{riga}");
    // The whole report folder replaced by a renamed copy: heard, then a save in it.
    let nuova = tmp.path().join("cartella.nuova");
    Libro::valido().scrivi(&nuova);
    std::fs::create_dir_all(nuova.join("testi")).unwrap();
    std::fs::write(nuova.join("testi/01.md"), "# Premessa\n\nQuarta.\n").unwrap();
    std::fs::rename(&dir, tmp.path().join("cartella.vecchia")).unwrap();
    std::fs::rename(&nuova, &dir).unwrap();
    w.attendi("Scritto");
    w.quiete();
    std::fs::write(dir.join("testi/01.md"), "# Premessa\n\nQuinta.\n").unwrap();
    let riga = w.attendi("Scritto");
    assert!(riga.contains("testo testi/01.md"), "{riga}");
}

#[test]
fn watch_goes_on_when_the_folder_of_an_image_is_removed_and_comes_back() {
    // The logo's folder removed (a sync tool emptying it, a user tidying up):
    // the build fails, the watch does not end, and the folder put back is heard.
    let mut l = Libro::valido();
    l.aggiungi("Ente", vec![t("logo"), t("immagini/logo.png")]);
    let tmp = tempfile::tempdir().unwrap();
    let dir = l.scrivi(&tmp.path().join("cartella"));
    common::png_piccolo(&dir, "immagini/logo.png");
    let pdf = tmp.path().join("uscita/relazione.pdf");
    let w = Osservato::avvia(&dir, &pdf);
    w.attendi("Scritto");
    std::fs::remove_dir_all(dir.join("immagini")).unwrap();
    w.attendi("Composizione non riuscita");
    w.quiete();
    common::png_piccolo(&dir, "immagini/logo.png");
    w.attendi("Scritto");
}
