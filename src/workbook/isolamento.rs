//! A workbook from elsewhere is first read by a child process of the program,
//! with a memory cap: a file built to make a reading library ask for
//! terabytes ends that child — an abort no Rust code can catch — and not the
//! `build`, the batch or the `watch` that asked. Only when the child read it
//! to the end does the program read the same bytes itself (the reading is
//! deterministic: what ended well there ends well here).
//!
//! The library reads in its own process unless [`attiva`] was called: the
//! program `relazione` calls it first thing, tests and fuzzers do not.

use crate::limiti;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Mutex, OnceLock};

/// The hidden command the child is started with (not in `relazione --help`).
pub const COMANDO_FIGLIO: &str = "__leggi-cartella-di-lavoro";

static PROGRAMMA: OnceLock<PathBuf> = OnceLock::new();

/// The workbooks a child read to the end in this process, by [`impronta`].
static GIA_LETTI: Mutex<BTreeSet<(usize, u64)>> = Mutex::new(BTreeSet::new());

/// A workbook's bytes as their length and a hash with keys drawn at random
/// for this process: a file cannot be made to pass for one already read.
fn impronta(dati: &[u8]) -> (usize, u64) {
    use std::hash::BuildHasher;
    static CHIAVI: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
    (dati.len(), CHIAVI.get_or_init(Default::default).hash_one(dati))
}

/// From now on every workbook is read first by `programma COMANDO_FIGLIO`
/// (the program itself: `std::env::current_exe()`).
pub fn attiva(programma: PathBuf) {
    let _ = PROGRAMMA.set(programma);
}

/// Has a child read `dati` as a workbook, under [`limiti::MEMORIA_LETTURA`]:
/// `Ok` when it read them to the end (whatever problems the workbook has),
/// the Italian reason when it was cut off. Without [`attiva`], `Ok` at once.
pub fn prova_la_lettura(dati: &[u8]) -> Result<(), String> {
    let Some(programma) = PROGRAMMA.get() else {
        return Ok(());
    };
    // The same bytes read to the end before (`watch` after a save of a text):
    // known good, no child again.
    let impronta = impronta(dati);
    if GIA_LETTI.lock().is_ok_and(|l| l.contains(&impronta)) {
        return Ok(());
    }
    let mut comando = Command::new(programma);
    comando
        .arg(COMANDO_FIGLIO)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: between fork and exec the closure only calls getrlimit and
        // setrlimit, which are async-signal-safe, and allocates nothing.
        unsafe {
            comando.pre_exec(|| {
                limita_la_memoria();
                Ok(())
            });
        }
    }
    let mut figlio = comando.spawn().map_err(|e| {
        format!(
            "non si riesce ad avviare la lettura protetta della cartella di lavoro ({e}): \
             se il programma è stato aggiornato mentre era in uso, avviarlo di nuovo"
        )
    })?;
    if let Some(mut ingresso) = figlio.stdin.take() {
        // A child that ended early closed its end: its status says why.
        let _ = ingresso.write_all(dati);
    }
    let stato = figlio
        .wait()
        .map_err(|e| format!("la lettura protetta della cartella di lavoro non ha risposto ({e})"))?;
    if stato.code() == Some(DIFETTO_DEL_LETTORE) {
        return Err(
            "la cartella di lavoro è danneggiata e non si legge (la libreria di lettura si è fermata su un dato \
             che non capisce): aprirla e salvarla di nuovo dal suo programma, meglio come .xlsx"
                .into(),
        );
    }
    // 101 is a panic of the program's own code: a defect, which the reading
    // here meets again and reports as such, with where it happened.
    if stato.success() || stato.code() == Some(101) {
        if let Ok(mut l) = GIA_LETTI.lock() {
            if l.len() >= 64 {
                l.clear();
            }
            l.insert(impronta);
        }
        return Ok(());
    }
    Err(format!(
        "leggerla richiede più di {} di memoria, oltre ogni Relazione reale: il file è danneggiato o costruito \
         per esaurire la memoria; aprirlo e salvarlo di nuovo dal suo programma",
        crate::format::dimensione(limiti::MEMORIA_LETTURA)
    ))
}

/// The cap on the child's address space: [`limiti::MEMORIA_LETTURA`], or
/// the one it was given if lower (`ulimit -v`).
#[cfg(unix)]
fn limita_la_memoria() {
    let mut attuale = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid pointer to a local rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut attuale) } != 0 {
        return;
    }
    let voluto = (limiti::MEMORIA_LETTURA as libc::rlim_t)
        .min(attuale.rlim_cur)
        .min(attuale.rlim_max);
    let nuovo = libc::rlimit {
        rlim_cur: voluto,
        rlim_max: attuale.rlim_max,
    };
    // SAFETY: a valid pointer to a local rlimit.
    unsafe { libc::setrlimit(libc::RLIMIT_AS, &nuovo) };
}

/// The exit status of a child whose reading library stopped on a panic.
const DIFETTO_DEL_LETTORE: i32 = 3;

/// Whether a panic happened inside the library that reads the workbooks
/// (calamine), on a malformed file: the file's fault, told as a damaged file,
/// not a defect of this program.
pub fn panico_del_lettore(info: &std::panic::PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|l| l.file().contains("calamine"))
}

/// The child's side: reads the workbook's bytes from standard input and reads
/// them as a workbook; its exit status is all it says.
pub fn figlio() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        if panico_del_lettore(info) {
            std::process::exit(DIFETTO_DEL_LETTORE);
        }
    }));
    let mut dati = Vec::new();
    if std::io::stdin()
        .take(limiti::BYTE_CARTELLA_DI_LAVORO + 1)
        .read_to_end(&mut dati)
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    let _ = crate::workbook::leggi_dati(dati);
    ExitCode::SUCCESS
}
