//! `relazione apri`, the office's page in the browser, driven here as a
//! browser would and as an attacker would: the document built at start, a
//! consuntivo saved in the workbook reaching the page, a broken cell shown at
//! its cell while the last good document stays, a second start reusing the
//! first; and every request without the address's key, with another `Host`,
//! or posted from another site, refused. The page itself, in Chromium with
//! axe-core, is tested by `tests/web/apri.mjs` (run by `.ci/run`) on the
//! folder this test leaves in `target/tmp/apri`.

use crate::common::copia_cartella;
use relazione::workbook::schema::{Colonna, Tipo, indicatori};
use relazione::workbook::scrivi::{self, Scritta};
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The fictional Comune's workbook with one cell of `Indicatori` changed: the
/// column `colonna` of the indicator `codice`.
fn variante(file: &Path, codice: &str, colonna: Colonna, valore: Scritta) {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut fogli = scrivi::da_tsv(&radice.join("tests/esempi/comune/sorgente")).unwrap();
    let foglio = fogli
        .iter_mut()
        .find(|f| f.foglio.nome == indicatori::NOME_FOGLIO)
        .unwrap();
    let col = foglio.foglio.colonne.iter().position(|c| *c == colonna).unwrap();
    let riga = foglio
        .righe
        .iter_mut()
        .find(|r| r[0] == Scritta::Testo(codice.into()))
        .unwrap();
    riga[col] = valore;
    scrivi::scrivi(file, &fogli).unwrap();
}

/// The folder of the browser's test (`tests/web/apri.mjs`), made again:
/// `relazioni/` holds the Comune and a copy of it (the previous draft);
/// `varianti/` the workbook with a consuntivo changed (k1.2: 80,75 → 83,25,
/// cell M3) and with a broken soglia (k21.2, the eleventh indicator: row 12,
/// column K, `dieci`).
fn prepara(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let comune = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune");
    copia_cartella(&comune, &dir.join("relazioni/comune"));
    copia_cartella(&comune, &dir.join("relazioni/bozza"));
    std::fs::create_dir_all(dir.join("varianti")).unwrap();
    variante(
        &dir.join("varianti/consuntivo.xlsx"),
        "k1.2",
        indicatori::CONSUNTIVO,
        scrivi::tipizza(Tipo::Valore, "83,25"),
    );
    variante(
        &dir.join("varianti/rotta.xlsx"),
        "k21.2",
        indicatori::SOGLIA,
        Scritta::Testo("dieci".into()),
    );
}

/// Saves `nuovo` over the workbook as an office program does: a copy beside
/// it, renamed over it.
fn salva(nuovo: &Path, libro: &Path) {
    let tmp = libro.with_extension("tmp");
    std::fs::copy(nuovo, &tmp).unwrap();
    std::fs::rename(&tmp, libro).unwrap();
}

/// `relazione apri --senza-browser` running, with its private folder.
struct Aperta {
    figlio: std::process::Child,
    porta: u16,
    indirizzo: String,
}

impl Drop for Aperta {
    fn drop(&mut self) {
        let _ = self.figlio.kill();
        let _ = self.figlio.wait();
    }
}

/// The folder of temporary files the program is given: its preview goes there.
fn temporanea(privata: &Path) -> PathBuf {
    let t = privata.join("tmp");
    std::fs::create_dir_all(&t).unwrap();
    t
}

/// Starts `relazione apri CARTELLA --senza-browser` and reads the address it prints.
fn apri(cartella: &Path, privata: &Path) -> (std::process::Child, String) {
    let mut figlio = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .args(["apri", cartella.to_str().unwrap(), "--senza-browser"])
        .env("XDG_RUNTIME_DIR", privata)
        .env("XDG_CACHE_HOME", privata)
        .env("TMPDIR", temporanea(privata))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start relazione apri");
    let mut righe = std::io::BufReader::new(figlio.stdout.take().unwrap()).lines();
    let indirizzo = righe
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.trim().strip_prefix("http://").map(|a| format!("http://{a}")))
        .expect("relazione apri prints its address");
    // The rest of its output is read and dropped, so that it never blocks.
    std::thread::spawn(move || righe.for_each(drop));
    (figlio, indirizzo)
}

impl Aperta {
    fn nuova(cartella: &Path, privata: &Path) -> Aperta {
        let (figlio, indirizzo) = apri(cartella, privata);
        let porta = indirizzo
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Aperta {
            figlio,
            porta,
            indirizzo,
        }
    }

    /// The path of the page's `resto` (`stato`, `edizione/index.html`).
    fn percorso(&self, resto: &str) -> String {
        format!(
            "{}{resto}",
            self.indirizzo
                .trim_start_matches(&format!("http://127.0.0.1:{}", self.porta))
        )
    }

    /// A raw request (its first line and headers), and the answer's status and body.
    fn chiedi(&self, richiesta: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.porta)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s.write_all(richiesta.as_bytes()).unwrap();
        let mut risposta = Vec::new();
        let _ = s.read_to_end(&mut risposta);
        let risposta = String::from_utf8_lossy(&risposta).into_owned();
        let stato = risposta.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let corpo = risposta.split_once("\r\n\r\n").map_or("", |(_, c)| c).to_string();
        (stato, corpo)
    }

    fn get(&self, resto: &str) -> (u16, String) {
        self.chiedi(&format!(
            "GET {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.percorso(resto),
            self.porta
        ))
    }

    /// `GET stato` until `cond` holds of it (two minutes at most).
    fn attendi(&self, cond: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let limite = Instant::now() + Duration::from_secs(120);
        loop {
            let (_, corpo) = self.get("stato");
            let v: serde_json::Value = serde_json::from_str(&corpo).unwrap_or_default();
            if cond(&v) {
                return v;
            }
            assert!(Instant::now() < limite, "the page's state never came: {corpo}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn the_page_follows_the_saves_and_refuses_strangers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/apri");
    prepara(&dir);
    // This test works on its own copy; the browser's test will use `dir` as left.
    let tmp = tempfile::tempdir().unwrap();
    copia_cartella(&dir, tmp.path());
    let privata = tmp.path().join("privata");
    let cartella = tmp.path().join("relazioni/comune");
    let libro = cartella.join("relazione.xlsx");
    let aperta = Aperta::nuova(&cartella, &privata);

    // The document of the folder, built at start.
    let v = aperta.attendi(|v| v["esito"] == "pronto");
    assert_eq!(v["versione"], 1);
    let (stato, edizione) = aperta.get("edizione/index.html");
    assert_eq!(stato, 200);
    assert!(edizione.contains("Comune di Borgo Esempio") && edizione.contains("80,75\u{a0}%"));
    let (stato, pdf) = aperta.get("documento.pdf");
    assert_eq!(stato, 200);
    assert!(pdf.starts_with("%PDF-"));

    // Strangers: no key, a wrong key, another Host (DNS rebinding), a form
    // posted from another site or without its origin, a request another site
    // makes, a path out of the web edition.
    let p = aperta.porta;
    let chiave = aperta.percorso("");
    // The same path with the key's first digit changed (a key need not hold
    // any given digit: changing every `a` left one key in eight the same).
    let mut altra_chiave: Vec<char> = chiave.chars().collect();
    altra_chiave[1] = if altra_chiave[1] == '0' { '1' } else { '0' };
    let altra_chiave: String = altra_chiave.into_iter().collect();
    assert_ne!(altra_chiave, chiave);
    for (richiesta, perche) in [
        (format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"), "no key"),
        (format!("GET /stato HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"), "no key"),
        (
            format!("GET {altra_chiave}stato HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"),
            "another key",
        ),
        (
            format!("GET {chiave}stato HTTP/1.1\r\nHost: attaccante.example:{p}\r\n\r\n"),
            "another Host",
        ),
        (format!("GET {chiave}stato HTTP/1.1\r\n\r\n"), "no Host"),
        (
            format!(
                "POST {chiave}componi HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: http://attaccante.example\r\nContent-Length: 0\r\n\r\n"
            ),
            "posted from another site",
        ),
        (
            format!("POST {chiave}componi HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 0\r\n\r\n"),
            "posted without an origin",
        ),
        (
            format!("GET {chiave}stato HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nSec-Fetch-Site: cross-site\r\n\r\n"),
            "read by another site",
        ),
    ] {
        let richiesta = format!("{}\r\nConnection: close\r\n\r\n", richiesta.trim_end_matches("\r\n"));
        let (stato, corpo) = aperta.chiedi(&richiesta);
        assert_eq!(stato, 403, "{perche}: {corpo}");
        assert!(corpo.starts_with("Richiesta rifiutata"), "{perche}: {corpo}");
    }
    for fuori in [
        "edizione/../relazione.pdf",
        "edizione/%2e%2e/relazione.pdf",
        "edizione/.nascosto",
    ] {
        assert_eq!(aperta.get(fuori).0, 404, "{fuori}");
    }

    // A second start on the same folder opens the first: the same address, and it ends at once.
    let (mut seconda, indirizzo) = apri(&cartella, &privata);
    assert_eq!(indirizzo, aperta.indirizzo);
    assert!(seconda.wait().unwrap().success());

    // A consuntivo saved in the workbook reaches the page: k1.2 from 80,75 % to 83,25 % (a no-break space before %).
    salva(&dir.join("varianti/consuntivo.xlsx"), &libro);
    let v = aperta.attendi(|v| v["versione"] == 2);
    assert_eq!(v["esito"], "pronto");
    assert!(
        v["riga"].as_str().unwrap().contains("Cambiati: foglio Indicatori"),
        "{v}"
    );
    let (_, edizione) = aperta.get("edizione/index.html");
    assert!(edizione.contains("83,25\u{a0}%") && !edizione.contains("80,75\u{a0}%"));

    // A broken cell: its error at its cell, the build stopped, the last good
    // document still shown.
    salva(&dir.join("varianti/rotta.xlsx"), &libro);
    let v = aperta.attendi(|v| v["esito"] == "errori");
    let problemi = v["problemi"].as_array().unwrap();
    assert!(
        problemi
            .iter()
            .any(|p| p["dove"] == "Indicatori!K12" && p["gravita"] == "errore" && p["valore"] == "dieci"),
        "{v}"
    );
    assert_eq!(v["versione"], 2);
    let (stato, edizione) = aperta.get("edizione/index.html");
    assert_eq!(stato, 200);
    assert!(edizione.contains("83,25\u{a0}%"));

    // What to do for each message: the guide, its chapter on messages linked from the list.
    let (_, pagina) = aperta.get("");
    assert!(pagina.contains("href=\"guida#4-i-messaggi-che-cosa-dicono-e-che-cosa-fare\""));
    let (stato, guida) = aperta.get("guida");
    assert_eq!(stato, 200);
    assert!(
        guida.contains("id=\"4-i-messaggi-che-cosa-dicono-e-che-cosa-fare\""),
        "{guida}"
    );

    // How a figure was computed, from the last good document.
    let (stato, spiegazione) = aperta.get("spiega?codice=ente");
    assert_eq!(stato, 200);
    assert!(spiegazione.contains("Comune di Borgo Esempio"), "{spiegazione}");
}

#[test]
fn the_page_ends_when_its_last_tab_closes() {
    let tmp = tempfile::tempdir().unwrap();
    let cartella = tmp.path().join("comune");
    copia_cartella(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune"),
        &cartella,
    );
    let privata: PathBuf = tmp.path().join("privata");
    let mut aperta = Aperta::nuova(&cartella, &privata);
    let registro: Vec<PathBuf> = std::fs::read_dir(privata.join("relazione"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("apri-"))
        .collect();
    assert_eq!(registro.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let modo = std::fs::metadata(&registro[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(modo, 0o600, "the address file is the user's alone");
    }
    // A tab: the page's live events, opened, then closed.
    let mut tab = TcpStream::connect(("127.0.0.1", aperta.porta)).unwrap();
    write!(
        tab,
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        aperta.percorso("eventi"),
        aperta.porta
    )
    .unwrap();
    let mut inizio = [0u8; 64];
    tab.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let n = tab.read(&mut inizio).unwrap();
    assert!(String::from_utf8_lossy(&inizio[..n]).contains("text/event-stream"));
    drop(tab);
    let limite = Instant::now() + Duration::from_secs(30);
    let fine = loop {
        if let Some(fine) = aperta.figlio.try_wait().unwrap() {
            break fine;
        }
        assert!(
            Instant::now() < limite,
            "relazione apri still runs after its last tab closed"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(fine.success());
    assert!(!registro[0].exists(), "the address file goes with the workspace");
    let restano: Vec<_> = std::fs::read_dir(temporanea(&privata))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(restano.is_empty(), "the preview is left behind: {restano:?}");
}

#[test]
fn started_beside_report_folders_it_lists_them_and_creates_one() {
    let tmp = tempfile::tempdir().unwrap();
    let radice = tmp.path().join("relazioni");
    copia_cartella(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune"),
        &radice.join("comune"),
    );
    let aperta = Aperta::nuova(&radice, &tmp.path().join("privata"));
    let (stato, elenco) = aperta.get("");
    assert_eq!(stato, 200);
    assert!(
        elenco.contains("comune") && elenco.contains("Comune di Borgo Esempio 2025"),
        "{elenco}"
    );
    assert_eq!(aperta.attendi(|v| v.is_object())["scelta"], true);

    let p = aperta.porta;
    let posta = |azione: &str, corpo: &str| {
        aperta.chiedi(&format!(
            "POST {} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: http://127.0.0.1:{p}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{corpo}",
            aperta.percorso(azione),
            corpo.len()
        ))
    };
    // A name that leaves the folder is refused, and nothing is created.
    let (stato, pagina) = posta("nuova", "nome=..%2Ffuori&anno=2025&formato=xlsx");
    assert_eq!(stato, 400, "{pagina}");
    assert!(pagina.contains("Il nome della cartella non va bene"));
    assert!(!tmp.path().join("fuori").exists());
    // A folder not listed cannot be opened.
    assert_eq!(posta("scegli", "cartella=..").0, 400);

    // A new report folder, in LibreOffice's format: created, opened, built.
    let (stato, _) = posta("nuova", "nome=relazione-2025&anno=2025&formato=ods");
    assert_eq!(stato, 303);
    assert!(radice.join("relazione-2025/relazione.ods").is_file());
    let v = aperta.attendi(|v| v["esito"] != "in-corso");
    assert_eq!(v["scelta"], false);
    assert_eq!(v["esito"], "pronto", "{v}");
    // Back to the list, which now holds it.
    assert_eq!(posta("altra", "").0, 303);
    let (_, elenco) = aperta.get("");
    assert!(elenco.contains("relazione-2025"));
}

#[test]
fn with_no_command_it_opens_a_folder_of_reports_and_elsewhere_asks_for_one() {
    let tmp = tempfile::tempdir().unwrap();
    let privata = tmp.path().join("privata");
    // An empty folder: the help's first words, as before.
    let vuota = tmp.path().join("vuota");
    std::fs::create_dir(&vuota).unwrap();
    let fuori = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .current_dir(&vuota)
        .env("XDG_RUNTIME_DIR", &privata)
        .output()
        .unwrap();
    assert_eq!(fuori.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&fuori.stderr).contains("manca il comando: apri, componi"));
    // A folder that holds a report folder (a double-click on the program there):
    // the page, at the address it prints. Without a browser here, it is told
    // to open none by the variable the opener crate reads.
    let radice = tmp.path().join("relazioni");
    copia_cartella(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/esempi/comune"),
        &radice.join("comune"),
    );
    let mut figlio = std::process::Command::new(env!("CARGO_BIN_EXE_relazione"))
        .current_dir(&radice)
        .env("XDG_RUNTIME_DIR", &privata)
        .env("BROWSER", "true")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let indirizzo = std::io::BufReader::new(figlio.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|l| l.contains("http://127.0.0.1:"));
    let _ = figlio.kill();
    let _ = figlio.wait();
    assert!(indirizzo.is_some(), "no address printed");
    // The start page handed to the browser carries the key, readable by the user alone.
    let avvio = std::fs::read_dir(privata.join("relazione"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("the start page");
    assert!(
        std::fs::read_to_string(&avvio)
            .unwrap()
            .contains(indirizzo.unwrap().trim())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&avvio).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
