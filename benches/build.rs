//! The cold build of the 2022 report, whole and phase by phase:
//!
//!     cargo bench --bench build
//!
//! Each in-process run starts with Typst's caches emptied (`comemo::evict(0)`),
//! as in a new process; the whole-process runs start the `relazione` binary.
//! Then what a person waits for during `watch` (from the saved workbook to the
//! new PDF, on the 2022 report and on the 10× plan), the memory of a long watch,
//! and how time and peak memory grow with the size of the plan.

use relazione::build::identita;
use relazione::render::{self, Modelli};
use relazione::typeset::memoria::Contatore;
use relazione::typeset::{Memoria, componi};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const GIRI: usize = 7;
const RICOSTRUZIONI: usize = 150;

/// The program's own allocator, so that the layout bounds its memory as `relazione build` does.
#[global_allocator]
static ALLOCATORE: Contatore = Contatore;

/// `relazione build` of a folder into a PDF, as a person types it.
fn build(exe: &str, cartella: &Path, uscita: &Path) -> Command {
    let mut comando = Command::new(exe);
    comando
        .arg("build")
        .arg("--data")
        .arg(cartella)
        .arg("--out")
        .arg(uscita);
    comando
}

fn mediana(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn riga(nome: &str, v: Vec<Duration>) {
    let (min, med, max) = mediana(v);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {nome:<32} | {:>9.1} | {:>9.1} | {:>9.1} |",
        ms(min),
        ms(med),
        ms(max)
    );
}

/// After a pause (time for a person to type; the watcher is idle), saves
/// `variante` as the workbook as an office program saves: a temporary file
/// renamed over it. Returns the moment of the rename.
fn salva_dopo_una_pausa(cartella: &Path, variante: &Path) -> Instant {
    std::thread::sleep(Duration::from_millis(300));
    let temporaneo = cartella.join(".~relazione.xlsx");
    std::fs::copy(variante, &temporaneo).unwrap();
    std::fs::rename(&temporaneo, cartella.join("relazione.xlsx")).unwrap();
    Instant::now()
}

/// The time from each save of the workbook to the new PDF in place, with a
/// running [`relazione::watch::Osservatore`].
fn da_salvataggio_a_pdf(
    opzioni: &relazione::build::Opzioni,
    cartella: &Path,
    varianti: &[PathBuf],
    volte: usize,
) -> Vec<Duration> {
    let osservatore = relazione::watch::Osservatore::nuovo(opzioni).expect("watcher");
    let fermo = osservatore.fermo();
    let (tx, rx) = std::sync::mpsc::channel();
    let filo = std::thread::spawn(move || {
        osservatore
            .esegui(|evento| {
                let ok = matches!(evento, relazione::watch::Evento::Costruito { .. });
                let _ = tx.send((Instant::now(), ok));
            })
            .expect("watch")
    });
    let (_, ok) = rx.recv().expect("first build");
    assert!(ok, "the first build under watch failed");
    let mut tempi = vec![];
    for i in 0..volte {
        let salvato = salva_dopo_una_pausa(cartella, &varianti[(i + 1) % 2]);
        let (pronto, ok) = rx.recv().expect("a build after the save");
        assert!(ok, "a build under watch failed");
        tempi.push(pronto - salvato);
    }
    fermo.ferma();
    filo.join().expect("the watcher stops");
    tempi
}

/// The phases of a build (reading and scoring, templates, layout, PDF
/// export, writing), each added to its list.
fn aggiungi_fasi(fasi: &mut [Vec<Duration>; 5], tempi: &relazione::build::Tempi) {
    for (fase, d) in fasi.iter_mut().zip([
        tempi.lettura,
        tempi.modelli,
        tempi.impaginazione,
        tempi.pdf,
        tempi.scrittura,
    ]) {
        fase.push(d);
    }
}

/// Writes with `examples/sintetico.rs` the plan `n` times the 2022 one into
/// `cartella`, with OC_TD_04's `consuntivo` when given.
fn genera(n: usize, cartella: &Path, consuntivo: Option<&str>) {
    let ok = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--example", "sintetico", "--"])
        .arg(n.to_string())
        .arg(cartella)
        .args(consuntivo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run the generator")
        .status
        .success();
    assert!(ok, "the generator failed");
}

/// The two workbooks of the plan `n` times the 2022 one that differ in one
/// cell, OC_TD_04's consuntivo (1,65 / 1,66), each with its texts beside it.
fn varianti(tmp: &Path, n: usize) -> Vec<PathBuf> {
    ["1,65", "1,66"]
        .iter()
        .map(|consuntivo| {
            let dir = tmp.join(format!("piano-{n}x-{consuntivo}"));
            genera(n, &dir, Some(consuntivo));
            dir.join("relazione.xlsx")
        })
        .collect()
}

/// Copies the texts of `da` into `cartella/testi`.
fn copia_testi(da: &Path, cartella: &Path) {
    std::fs::create_dir_all(cartella.join("testi")).unwrap();
    for e in std::fs::read_dir(da).unwrap().flatten() {
        std::fs::copy(e.path(), cartella.join("testi").join(e.file_name())).unwrap();
    }
}

/// `watch` on the synthetic plan `n` times the 2022 one: the rebuilds after
/// one cell changes (OC_TD_04's consuntivo, 1,65 / 1,66, as for 2022), with
/// their phases, and the wait from save to PDF.
fn watch_del_piano(tmp: &Path, n: usize) -> (Vec<Duration>, [Vec<Duration>; 5], Vec<Duration>) {
    let varianti = varianti(tmp, n);
    let cartella = tmp.join(format!("bozza-{n}x"));
    copia_testi(&varianti[0].with_file_name("testi"), &cartella);
    let opzioni = relazione::build::Opzioni {
        cartella: cartella.clone(),
        uscita: Some(tmp.join(format!("bozza-{n}x.pdf"))),
        memoria: Memoria::Conserva,
        ..Default::default()
    };
    comemo::evict(0);
    std::fs::copy(&varianti[0], cartella.join("relazione.xlsx")).unwrap();
    relazione::build::costruisci(&opzioni).expect("first build");
    let (mut ricostruzione, mut fasi) = (vec![], <[Vec<Duration>; 5]>::default());
    for i in 0..GIRI {
        std::fs::copy(&varianti[(i + 1) % 2], cartella.join("relazione.xlsx")).unwrap();
        let t = Instant::now();
        let esito = relazione::build::costruisci(&opzioni).expect("rebuild");
        ricostruzione.push(t.elapsed());
        aggiungi_fasi(&mut fasi, &esito.tempi);
        comemo::evict(relazione::watch::ETA_CACHE);
    }
    let salvataggio = da_salvataggio_a_pdf(&opzioni, &cartella, &varianti, GIRI);
    comemo::evict(0);
    (ricostruzione, fasi, salvataggio)
}

/// From save to page with `relazione apri`: the program runs as the office
/// runs it (`--senza-browser`, the page played by this bench); the clock runs
/// from the rename of the workbook to the page's reading of the new state,
/// after the live event that tells it — what the browser does before it
/// reloads the document.
fn da_salvataggio_alla_pagina(exe: &str, cartella: &Path, varianti: &[PathBuf], privata: &Path) -> Vec<Duration> {
    use std::io::{BufRead, Read, Write};
    let mut figlio = Command::new(exe)
        .args(["apri", cartella.to_str().unwrap(), "--senza-browser"])
        .env("XDG_RUNTIME_DIR", privata)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("relazione apri");
    let mut righe = std::io::BufReader::new(figlio.stdout.take().unwrap()).lines();
    let indirizzo = righe
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.trim().strip_prefix("http://127.0.0.1:").map(str::to_string))
        .expect("the address of the page");
    std::thread::spawn(move || righe.for_each(drop));
    let (porta, chiave) = indirizzo.split_once('/').unwrap();
    let porta: u16 = porta.parse().unwrap();
    let chiedi = |resto: &str| -> std::net::TcpStream {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", porta)).unwrap();
        write!(
            s,
            "GET /{chiave}{resto} HTTP/1.1\r\nHost: 127.0.0.1:{porta}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        s
    };
    let stato = || {
        let mut corpo = String::new();
        chiedi("stato").read_to_string(&mut corpo).unwrap();
        corpo
    };
    while !stato().contains("\"esito\":\"pronto\"") {
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut eventi = std::io::BufReader::new(chiedi("eventi"));
    let mut prossimo_evento = || {
        let mut riga = String::new();
        while eventi.read_line(&mut riga).unwrap() > 0 {
            if riga.starts_with("data:") {
                return;
            }
            riga.clear();
        }
        panic!("the page's events ended");
    };
    // The state at connection.
    prossimo_evento();
    let mut tempi = vec![];
    for i in 0..GIRI * 3 {
        let salvato = salva_dopo_una_pausa(cartella, &varianti[(i + 1) % 2]);
        prossimo_evento();
        let ora = stato();
        tempi.push(salvato.elapsed());
        assert!(ora.contains("\"esito\":\"pronto\""), "{ora}");
    }
    let _ = figlio.kill();
    let _ = figlio.wait();
    tempi
}

/// A process run to its end: its wall time, its own peak resident memory (MB,
/// from `wait4`) and what it printed; `None` when it failed.
fn misura(mut comando: Command) -> Option<(Duration, f64, String)> {
    let t = Instant::now();
    // Reaped by `wait4` below, which std's `wait` would not let us read the usage of.
    #[allow(clippy::zombie_processes)]
    let mut figlio = comando
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut figlio.stdout.take()?, &mut stdout).ok()?;
    let (mut stato, mut uso): (libc::c_int, libc::rusage) = (0, unsafe { std::mem::zeroed() });
    // SAFETY: wait4 writes the child's status and usage into values we own.
    let pid = unsafe { libc::wait4(figlio.id() as libc::pid_t, &mut stato, 0, &mut uso) };
    let durata = t.elapsed();
    (pid > 0 && libc::WIFEXITED(stato) && libc::WEXITSTATUS(stato) == 0)
        .then(|| (durata, uso.ru_maxrss as f64 / 1024.0, stdout))
}

/// The peer: bare Typst 0.15 compiling the sources `relazione` emitted, with
/// the same fonts and PDF standards — the `typst` command when it is on PATH
/// (`cargo install typst-cli`), else the compiler's Python binding (PyPI
/// `typst`) in a fresh `python3`. `None` when neither is installed.
fn pari(sorgenti: &Path, pdf: &Path) -> Option<Command> {
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let cli = Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if cli {
        let mut c = Command::new("typst");
        c.arg("compile")
            .arg("--root")
            .arg(sorgenti)
            .arg("--font-path")
            .arg(&font)
            .arg("--ignore-system-fonts")
            .args(["--pdf-standard", "a-2a,ua-1"])
            .arg(sorgenti.join("relazione.typ"))
            .arg(pdf);
        return Some(c);
    }
    let binding = Command::new("python3")
        .args(["-c", "import typst"])
        .output()
        .is_ok_and(|o| o.status.success());
    binding.then(|| {
        let mut c = Command::new("python3");
        c.args([
            "-c",
            &format!(
                "import typst\ntypst.compile({:?}, output={:?}, root={:?}, font_paths=[{:?}], ignore_system_fonts=True, pdf_standards=['a-2a','ua-1'])",
                sorgenti.join("relazione.typ"),
                pdf,
                sorgenti,
                font
            ),
        ]);
        c
    })
}

/// One plan measured: ours and the peer's time and peak memory.
struct Misura {
    n: usize,
    pagine: usize,
    noi: (Duration, f64),
    pari: Option<(Duration, f64)>,
}

/// How time and peak memory grow: the whole process on plans 1×, 10× and 50×
/// the 2022 one (examples/sintetico.rs writes them), ours and bare Typst's on
/// the same sources. The peak resident memory is each process's own, from
/// `wait4`. Measured first, while this program is small: a child started from
/// it inherits its peak as a floor (Linux carries the parent's high-water mark
/// across the `exec`), which made the 1× figure read this program's own memory.
fn crescita(exe: &str, tmp: &Path) -> Vec<Misura> {
    let mut crescita = vec![];
    for n in [1usize, 10, 50] {
        let cartella = tmp.join(format!("piano-{n}x"));
        genera(n, &cartella, None);
        let uscita = tmp.join(format!("piano-{n}x.pdf"));
        let (durata, mb, stdout) =
            misura(build(exe, &cartella, &uscita)).unwrap_or_else(|| panic!("build {n}x failed"));
        let pagine = stdout
            .split(" pagine")
            .next()
            .and_then(|s| s.rsplit('(').next())
            .and_then(|s| s.trim().replace('.', "").parse::<usize>().ok())
            .unwrap_or(0);
        // The same document's sources, emitted by a build that is not timed.
        let sorgenti = tmp.join(format!("sorgenti-{n}x"));
        let emessi = build(exe, &cartella, &tmp.join("emesso.pdf"))
            .arg("--emit-typst")
            .arg(&sorgenti)
            .output()
            .is_ok_and(|o| o.status.success());
        let pari = emessi
            .then(|| pari(&sorgenti, &tmp.join(format!("pari-{n}x.pdf"))))
            .flatten()
            .and_then(misura)
            .map(|(d, mb, _)| (d, mb));
        crescita.push(Misura {
            n,
            pagine,
            noi: (durata, mb),
            pari,
        });
    }
    crescita
}

fn main() {
    let dati = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let tmp = tempfile::tempdir().expect("temporary folder");
    let crescita = crescita(env!("CARGO_BIN_EXE_relazione"), tmp.path());
    let (mut lettura, mut modelli, mut impaginazione, mut pdf, mut totale) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..GIRI {
        comemo::evict(0);
        let t0 = Instant::now();
        let r = relazione::carica(&dati).expect("the 2022 sample loads");
        let t1 = Instant::now();
        let sorgenti = render::genera(&r, &Modelli::default()).expect("templates");
        let t2 = Instant::now();
        let id = identita(&r);
        let composto = componi(
            &sorgenti,
            &r.cartella(),
            &relazione::render::Modelli::default(),
            &id,
            Memoria::default(),
        )
        .expect("pdf");
        assert!(composto.pdf.len() > 100_000);
        lettura.push(t1 - t0);
        modelli.push(t2 - t1);
        impaginazione.push(composto.tempo_impaginazione);
        pdf.push(composto.tempo_pdf);
        totale.push(t0.elapsed());
    }
    let exe = env!("CARGO_BIN_EXE_relazione");
    let uscita = tmp.path().join("relazione-2022.pdf");
    let mut processo = vec![];
    for _ in 0..GIRI {
        let t = Instant::now();
        let ok = build(exe, &dati, &uscita)
            .output()
            .expect("run relazione")
            .status
            .success();
        assert!(ok, "relazione build failed");
        processo.push(t.elapsed());
    }
    // The explanation of one figure, and the OIV's dossier (which typesets the
    // Relazione too, to name its PDF), each as a whole process.
    let processo_di = |argomenti: &[&str]| -> Vec<Duration> {
        (0..GIRI)
            .map(|_| {
                let t = Instant::now();
                let ok = Command::new(exe)
                    .args(argomenti)
                    .output()
                    .expect("run relazione")
                    .status
                    .success();
                assert!(ok, "relazione {argomenti:?} failed");
                t.elapsed()
            })
            .collect()
    };
    let spiega = processo_di(&["spiega", "OS14.5", dati.to_str().unwrap()]);
    let dossier_pdf = tmp.path().join("dossier-2022.pdf");
    let dossier = processo_di(&[
        "dossier",
        dati.to_str().unwrap(),
        "--uscita",
        dossier_pdf.to_str().unwrap(),
    ]);
    // As the OIV validates the approved file: the dossier names the PDF given,
    // and typesets itself only.
    let dossier_approvata = processo_di(&[
        "dossier",
        dati.to_str().unwrap(),
        "--uscita",
        dossier_pdf.to_str().unwrap(),
        "--pdf",
        uscita.to_str().unwrap(),
    ]);
    // Rebuild after one cell changes, as `relazione watch` does: the same process,
    // Typst's memoized work kept. The consuntivo of OC_TD_04 alternates 1,65 / 1,66.
    // The two workbooks, from the generator with the 2022 plan once (`sintetico 1`).
    let cartella = tmp.path().join("bozza");
    copia_testi(&dati.join("testi"), &cartella);
    let varianti = varianti(tmp.path(), 1);
    // As `watch` builds: the whole cache kept for the next build.
    let opzioni = relazione::build::Opzioni {
        cartella: cartella.clone(),
        uscita: Some(tmp.path().join("bozza.pdf")),
        memoria: Memoria::Conserva,
        ..Default::default()
    };
    comemo::evict(0);
    std::fs::copy(&varianti[0], cartella.join("relazione.xlsx")).unwrap();
    relazione::build::costruisci(&opzioni).expect("first build");
    let mut ricostruzione = vec![];
    // Each phase of those rebuilds, to see where the wait under `watch` goes:
    // reading and scoring, templates, layout, PDF export, writing.
    let mut fasi: [Vec<Duration>; 5] = Default::default();
    let rss = || -> f64 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS")).map(str::to_string))
            .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
            .unwrap_or(0.0)
            / 1024.0
    };
    // Memory over many rebuilds, as in a long `watch`: it must stay flat.
    let mut memoria = vec![];
    for i in 0..RICOSTRUZIONI {
        std::fs::copy(&varianti[(i + 1) % 2], cartella.join("relazione.xlsx")).unwrap();
        let t = Instant::now();
        let esito = relazione::build::costruisci(&opzioni).expect("rebuild");
        if i < GIRI * 3 {
            ricostruzione.push(t.elapsed());
            aggiungi_fasi(&mut fasi, &esito.tempi);
        }
        comemo::evict(10);
        if i + 1 == 10 || i + 1 == RICOSTRUZIONI {
            memoria.push((i + 1, rss()));
        }
    }

    // From save to PDF with `relazione watch`: the watcher runs in a thread, as in
    // the command; the workbook is saved as an office program saves it (a temporary
    // file renamed over the old one) and the clock runs from the rename to the
    // watcher's report, which comes once the new PDF is in place.
    let salvataggio = da_salvataggio_a_pdf(&opzioni, &cartella, &varianti, GIRI * 3);
    let (ricostruzione_10, fasi_10, salvataggio_10) = watch_del_piano(tmp.path(), 10);
    let pagina = tmp.path().join("pagina");
    copia_testi(&dati.join("testi"), &pagina);
    std::fs::copy(&varianti[0], pagina.join("relazione.xlsx")).unwrap();
    let alla_pagina = da_salvataggio_alla_pagina(exe, &pagina, &varianti, &tmp.path().join("privata"));

    // The same generated Typst compiled by the typst of the same version (PyPI
    // `typst`, the compiler's Python binding), when it is installed.
    let sorgenti = tmp.path().join("sorgenti");
    let ok = Command::new(exe)
        .args([
            "build",
            "--data",
            dati.to_str().unwrap(),
            "--out",
            tmp.path().join("e.pdf").to_str().unwrap(),
        ])
        .arg("--emit-typst")
        .arg(&sorgenti)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    // One fresh Python process per run, so that each compilation is cold as ours.
    let script = format!(
        "import typst, time\nt=time.perf_counter(); typst.compile({:?}, output={:?}, root={:?}, font_paths=[{:?}], ignore_system_fonts=True, pdf_standards=['a-2a','ua-1']); print(time.perf_counter()-t)",
        sorgenti.join("relazione.typ"),
        tmp.path().join("cli.pdf"),
        sorgenti,
        font
    );
    let typst_cli: Option<Vec<Duration>> = if ok {
        (0..GIRI)
            .map(|_| {
                let o = Command::new("python3")
                    .args(["-c", &script])
                    .output()
                    .ok()
                    .filter(|o| o.status.success())?;
                String::from_utf8_lossy(&o.stdout)
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(Duration::from_secs_f64)
            })
            .collect()
    } else {
        None
    };

    println!("Cold build of the 2022 report (data/), {GIRI} runs, milliseconds:\n");
    println!("| {:<32} | {:>9} | {:>9} | {:>9} |", "phase", "min", "median", "max");
    println!("|{:-<34}|{:-<11}|{:-<11}|{:-<11}|", "", "", "", "");
    riga("read + score (workbook)", lettura);
    riga("templates + texts", modelli);
    riga("typeset (Typst layout)", impaginazione);
    riga("PDF export (PDF/A-2a, UA-1)", pdf);
    riga("in-process total", totale);
    riga("whole process (relazione build)", processo);
    riga("spiega OS14.5 (whole process)", spiega);
    riga("dossier for the OIV (whole process)", dossier);
    riga("dossier, approved PDF given (--pdf)", dossier_approvata);
    riga("rebuild after one cell (watch)", ricostruzione);
    let [lettura_w, modelli_w, impaginazione_w, pdf_w, scrittura_w] = fasi;
    riga("… of which read + score", lettura_w);
    riga("… of which templates + texts", modelli_w);
    riga("… of which layout (cache kept)", impaginazione_w);
    riga("… of which PDF export", pdf_w);
    riga("… of which writing the PDF", scrittura_w);
    riga("watch: saved workbook to new PDF", salvataggio);
    riga("apri: saved workbook to page", alla_pagina);
    riga("10× plan: rebuild after one cell", ricostruzione_10);
    let [lettura_10, modelli_10, impaginazione_10, pdf_10, scrittura_10] = fasi_10;
    riga("… of which read + score", lettura_10);
    riga("… of which templates + texts", modelli_10);
    riga("… of which layout (cache kept)", impaginazione_10);
    riga("… of which PDF export", pdf_10);
    riga("… of which writing the PDF", scrittura_10);
    riga("10× plan, watch: save to PDF", salvataggio_10);
    match typst_cli {
        Some(v) if !v.is_empty() => riga("typst 0.15 (PyPI), same sources", v),
        _ => println!(
            "| {:<32} | {:>9} | {:>9} | {:>9} |",
            "typst 0.15 (PyPI), same sources", "-", "-", "-"
        ),
    }
    for (n, mb) in &memoria {
        println!("Resident memory after {n} rebuilds: {mb:.0} MB");
    }
    println!(
        "\nGrowth with the size of the plan (whole process, one run each), beside bare Typst 0.15 on the same sources:\n"
    );
    println!(
        "| {:<8} | {:>6} | {:>8} | {:>8} | {:>6} | {:>8} | {:>8} | {:>6} |",
        "plan", "pages", "ours s", "typst s", "×time", "ours MB", "typst MB", "×mem"
    );
    println!(
        "|{:-<10}|{:-<8}|{:-<10}|{:-<10}|{:-<8}|{:-<10}|{:-<10}|{:-<8}|",
        "", "", "", "", "", "", "", ""
    );
    for m in crescita {
        let (t, mb) = m.noi;
        let (tp, mbp, rt, rm) = match m.pari {
            Some((tp, mbp)) => (
                format!("{:.2}", tp.as_secs_f64()),
                format!("{mbp:.0}"),
                format!("{:.2}", t.as_secs_f64() / tp.as_secs_f64()),
                format!("{:.2}", mb / mbp),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {:<8} | {:>6} | {:>8.2} | {tp:>8} | {rt:>6} | {mb:>8.0} | {mbp:>8} | {rm:>6} |",
            format!("{}× 2022", m.n),
            m.pagine,
            t.as_secs_f64(),
        );
    }
}
