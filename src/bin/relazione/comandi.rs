//! What each command does at the command line: it calls the library and
//! prints, in Italian, what was written and what was found.

use crate::{Formato, stampa_errore};
use chrono::Datelike;
use relazione::uscite::{self, Uscita};
use relazione::{Errore, build, carica, init, lotto, stampa, watch};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn costruisci_lotto(cartelle: &[PathBuf], dir: &Path, modelli: Option<&Path>) -> ExitCode {
    let barra = indicatif::ProgressBar::new(cartelle.len() as u64);
    barra.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} relazioni · {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let esiti = lotto::costruisci_lotto(cartelle, dir, modelli, |cartella, esito| {
        let riga = stampa::esiti::del_lotto(cartella, esito);
        // On a terminal the line goes above the bar; piped, it is printed as it is.
        if barra.is_hidden() {
            scrivi!("{riga}");
        } else {
            barra.println(relazione::terminale::pulito(&riga));
        }
        barra.inc(1);
    });
    barra.finish_and_clear();
    let falliti = esiti.iter().filter(|(_, e)| e.is_err()).count();
    let composte = esiti.len() - falliti;
    scrivi!("{}", stampa::esiti::fine_del_lotto(composte, falliti));
    if falliti == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub(crate) fn costruisci(opzioni: build::Opzioni) -> Result<ExitCode, Errore> {
    let esito = build::costruisci(&opzioni)?;
    for p in esito.relazione.avvisi.iter().chain(&esito.avvisi_typst) {
        scrivi_err!("{}", stampa::esiti::problema(p));
    }
    scrivi!("{}", stampa::esiti::composta(&esito));
    // For those who work on the program's speed: what each layout pass did.
    if std::env::var_os("RELAZIONE_PROFILO").is_some() {
        scrivi_err!("{}", stampa::esiti::passi(&esito.passi).trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn check(data: &Path, formato: Formato) -> Result<ExitCode, Errore> {
    let esame = relazione::controllo::esamina(data);
    if formato == Formato::Json {
        println!("{}", stampa::esiti::controllo_json(&esame));
    } else {
        scrivi_senza_a_capo!("{}", stampa::esiti::controllo(&esame));
    }
    Ok(if esame.ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub(crate) fn pubblica(opzioni: relazione::pubblica::Opzioni) -> Result<ExitCode, Errore> {
    let esito = relazione::pubblica::pubblica(&opzioni)?;
    for p in esito.relazione.avvisi.iter().chain(&esito.avvisi_typst) {
        scrivi_err!("{}", stampa::esiti::problema(p));
    }
    scrivi_senza_a_capo!("{}", stampa::esiti::pubblicata(&esito));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn osserva(opzioni: build::Opzioni, pubblica: Option<PathBuf>) -> Result<ExitCode, Errore> {
    scrivi!("{}", stampa::esiti::osservo(&opzioni.cartella));
    let mut osservatore = watch::Osservatore::nuovo(&opzioni)?;
    if let Some(dir) = pubblica {
        osservatore = osservatore.pubblicando(dir);
    }
    osservatore
        .esegui(|evento| scrivi_senza_a_capo!("{}", stampa::esiti::ricomposta(&relazione::format::ora(), &evento)))?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn differenze(old: &Path, new: &Path, formato: Formato, pdf: Option<&Path>) -> Result<ExitCode, Errore> {
    use std::io::IsTerminal;
    let letto = carica(old).and_then(|a| {
        let b = carica(new)?;
        let d = relazione::bozze::confronta(&a, &b, old, new)?;
        Ok((d, a, b))
    });
    let (d, vecchia, nuova) = match letto {
        Ok(x) => x,
        Err(e) => {
            stampa_errore(&e, &mut std::io::stderr());
            return Ok(ExitCode::from(2));
        }
    };
    if formato == Formato::Json {
        println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
    } else {
        let colori = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        print!("{}", stampa::differenze(&d, colori));
    }
    if let Some(pdf) = pdf {
        let modelli = relazione::render::Modelli::default();
        let lavoro = uscite::Lavoro::nuovo(&nuova, &modelli).con_bozza(&vecchia, old);
        uscite::consegna(&uscite::Prospetto { differenze: &d }, pdf, &lavoro, false)?;
        scrivi_err!("{}", stampa::esiti::prospetto_scritto(pdf));
    }
    Ok(if d.nessuna() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(crate) fn scores(data: &Path, formato: Formato) -> Result<ExitCode, Errore> {
    let r = carica(data)?;
    if formato == Formato::Json {
        let modelli = relazione::render::Modelli::default();
        let json = uscite::Cifre.produci(&uscite::Lavoro::nuovo(&r, &modelli))?;
        if let uscite::Prodotto::File(byte) = json {
            scrivi_senza_a_capo!("{}", String::from_utf8_lossy(&byte));
        }
    } else {
        scrivi_senza_a_capo!("{}", stampa::punteggi(&r));
    }
    Ok(ExitCode::SUCCESS)
}

/// `relazione spiega CODICE`: how one figure was computed, for people or as JSON.
pub(crate) fn spiega(data: &Path, codice: &str, formato: Formato) -> Result<ExitCode, Errore> {
    let r = carica(data)?;
    let s = relazione::spiega::spiega(&r, codice)?;
    if formato == Formato::Json {
        println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    } else {
        scrivi_senza_a_capo!("{}", stampa::spiegazione(&s));
    }
    Ok(ExitCode::SUCCESS)
}

/// `relazione dossier`: the OIV's validation dossier.
pub(crate) fn dossier(opzioni: build::OpzioniDossier) -> Result<ExitCode, Errore> {
    let scritto = build::dossier(&opzioni)?;
    scrivi!("{}", stampa::esiti::dossier_scritto(&scritto));
    Ok(ExitCode::SUCCESS)
}

/// `relazione modelli CARTELLA`: a copy of the embedded templates to restyle.
pub(crate) fn modelli(dir: &Path) -> Result<ExitCode, Errore> {
    let scritti = relazione::render::scrivi_modelli(dir)?;
    scrivi_senza_a_capo!("{}", stampa::esiti::modelli_scritti(dir, &scritti));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn crea(dir: &Path, anno: Option<i32>, ods: bool) -> Result<ExitCode, Errore> {
    let anno = anno.unwrap_or_else(|| chrono::Local::now().year() - 1);
    init::crea(dir, anno, ods)?;
    scrivi_senza_a_capo!("{}", stampa::esiti::cartella_creata(dir, ods));
    Ok(ExitCode::SUCCESS)
}

/// `relazione apri`: the workspace in the browser, until its page is closed or Ctrl+C.
pub(crate) fn apri(cartella: PathBuf, modelli: Option<PathBuf>, browser: bool) -> Result<ExitCode, Errore> {
    // A page closed while its answer is written must not end the program:
    // SIGPIPE ignored, the write fails instead.
    #[cfg(unix)]
    // SAFETY: setting a signal's action before the server's threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // Ctrl+C, or the system's request to end (closing the window, SIGTERM),
    // ends the workspace by the flag its loop reads, so that it tidies up.
    let _ = ctrlc::set_handler(|| relazione::apri::INTERROTTO.store(true, std::sync::atomic::Ordering::Relaxed));
    let opzioni = relazione::apri::Opzioni {
        cartella,
        modelli,
        browser,
    };
    // Printed without failing when nobody reads it any more (a window closed,
    // a pipe read only up to the address): the page goes on all the same.
    relazione::apri::apri(&opzioni, |avvio| {
        let testo = match avvio {
            relazione::apri::Avvio::Nuovo(a) => stampa::esiti::apri_aperta(a),
            relazione::apri::Avvio::GiaAperto(a) => stampa::esiti::apri_gia_aperta(a),
        };
        let mut out = std::io::stdout();
        let _ = writeln!(out, "{}", relazione::terminale::pulito(&testo)).and_then(|()| out.flush());
    })?;
    Ok(ExitCode::SUCCESS)
}
