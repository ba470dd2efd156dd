//! What each command does at the command line: it calls the library and
//! prints, in Italian, what was written and what was found.

use crate::{Formato, riga, stampa_errore};
use chrono::Datelike;
use relazione::format::plurale;
use relazione::{Errore, build, carica, cifre, diff, init, lotto, watch};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn costruisci_lotto(cartelle: &[PathBuf], dir: &Path, modelli: Option<&Path>) -> ExitCode {
    let barra = indicatif::ProgressBar::new(cartelle.len() as u64);
    barra.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} relazioni · {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let esiti = lotto::costruisci_lotto(cartelle, dir, modelli, |cartella, esito| {
        let riga = match esito {
            Ok(e) => format!(
                "ok      {}: {} ({})",
                cartella.display(),
                e.pdf.display(),
                plurale(e.pagine, "pagina", "pagine")
            ),
            Err(e) => {
                let primi: Vec<String> = e
                    .problemi()
                    .iter()
                    .filter(|p| p.is_errore())
                    .take(3)
                    .map(|p| p.to_string())
                    .collect();
                format!("errore  {}: {}", cartella.display(), primi.join("; "))
            }
        };
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
    scrivi!(
        "{}, {}.",
        plurale(composte, "relazione composta", "relazioni composte"),
        plurale(falliti, "non riuscita", "non riuscite")
    );
    if falliti == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub(crate) fn costruisci(opzioni: build::Opzioni) -> Result<ExitCode, Errore> {
    let esito = build::costruisci(&opzioni)?;
    for p in esito.relazione.avvisi.iter().chain(&esito.avvisi_typst) {
        scrivi_err!("{}", riga(p));
    }
    let t = esito.tempi;
    let ms = |d: std::time::Duration| d.as_millis();
    scrivi!(
        "Scritto {} ({}) in {} ms: lettura e calcolo {} ms, modelli {} ms, impaginazione {} ms, PDF {} ms.",
        esito.pdf.display(),
        plurale(esito.pagine, "pagina", "pagine"),
        ms(t.lettura + t.modelli + t.impaginazione + t.pdf + t.scrittura),
        ms(t.lettura),
        ms(t.modelli),
        ms(t.impaginazione),
        ms(t.pdf + t.scrittura)
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn check(data: &Path, formato: Formato) -> Result<ExitCode, Errore> {
    let relazione::controllo::Esame {
        problemi,
        ok,
        descrizione,
        accettati,
    } = relazione::controllo::esamina(data);
    let errori = problemi.iter().filter(|p| p.is_errore()).count();
    let avvisi = problemi.len() - errori;
    if formato == Formato::Json {
        let doc = serde_json::json!({
            "ok": ok,
            "errori": errori,
            "avvisi": avvisi,
            "problemi": problemi,
            "accettati": accettati
                .iter()
                .map(|(p, perche)| serde_json::json!({"avviso": p, "motivazione": perche}))
                .collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        for p in &problemi {
            scrivi!("{}", riga(p));
        }
        if let Some(d) = &descrizione {
            scrivi!("{d}");
        }
        if !accettati.is_empty() {
            scrivi!(
                "Accettati dall'ufficio (foglio Avvisi): {}.",
                plurale(accettati.len(), "avviso", "avvisi")
            );
        }
        if ok {
            scrivi!(
                "Controllo superato: {}, nessun errore.",
                plurale(avvisi, "avviso", "avvisi")
            );
        } else {
            scrivi!(
                "Controllo non superato: {}, {}.",
                plurale(errori, "errore", "errori"),
                plurale(avvisi, "avviso", "avvisi")
            );
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub(crate) fn pubblica(opzioni: relazione::pubblica::Opzioni) -> Result<ExitCode, Errore> {
    let esito = relazione::pubblica::pubblica(&opzioni)?;
    for p in esito.relazione.avvisi.iter().chain(&esito.avvisi_typst) {
        scrivi_err!("{}", riga(p));
    }
    scrivi!(
        "Scritta l'edizione web in {}: index.html, il PDF ({}) e i dati aperti in dati/ ({}).",
        esito.cartella.display(),
        plurale(esito.pagine, "pagina", "pagine"),
        plurale(
            esito.file.iter().filter(|f| f.starts_with("dati/")).count(),
            "file",
            "file"
        )
    );
    // One line on what the open data say about persons.
    let distribuzione = if esito.file.iter().any(|f| f == "dati/distribuzione.csv") {
        "; la distribuzione delle valutazioni in forma aggregata, in gruppi di almeno tre persone \
         (distribuzione.csv)"
    } else {
        ""
    };
    if esito.relazione.piano().ente.dati_nominativi {
        scrivi!(
            "Persone: i loro risultati, con il nome, sono nei dati aperti (persone.csv, obiettivi-individuali.csv), \
             come deciso dall'ente (dati_nominativi: sì nel foglio Ente){distribuzione}."
        );
    } else {
        scrivi!(
            "Persone: nessun risultato individuale con il nome nei dati aperti (per pubblicarli, se l'ente lo ha \
             deciso: dati_nominativi: sì nel foglio Ente){distribuzione}; nel PDF e nella pagina ciò che i testi \
             e gli allegati stampano."
        );
    }
    scrivi!(
        "Per vederla: aprire {} nel browser. Per pubblicarla: copiare l'intera cartella sul sito.",
        esito.cartella.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn osserva(opzioni: build::Opzioni, pubblica: Option<PathBuf>) -> Result<ExitCode, Errore> {
    scrivi!(
        "Osservo {} (ctrl-C per finire): ricompongo a ogni salvataggio della cartella di lavoro, dei testi o dei modelli.",
        opzioni.cartella.display()
    );
    let mut osservatore = watch::Osservatore::nuovo(&opzioni)?;
    if let Some(dir) = pubblica {
        osservatore = osservatore.pubblicando(dir);
    }
    osservatore.esegui(|evento| match evento {
        watch::Evento::Costruito {
            esito,
            durata,
            edizione,
            cambiamenti,
        } => {
            scrivi!(
                "{} {}Scritto {} ({}) in {} ms.",
                ora(),
                cambiato(&cambiamenti),
                esito.pdf.display(),
                plurale(esito.pagine, "pagina", "pagine"),
                durata.as_millis()
            );
            match edizione {
                Some(Ok(dir)) => scrivi!("Scritta l'edizione web in {}.", dir.display()),
                Some(Err(e)) => {
                    scrivi!("Edizione web non scritta; quella precedente è invariata:");
                    stampa_errore(&e, &mut std::io::stdout());
                }
                None => {}
            }
        }
        watch::Evento::Fallito {
            errore,
            durata,
            cambiamenti,
        } => {
            scrivi!(
                "{} {}Composizione non riuscita in {} ms; il PDF precedente è invariato:",
                ora(),
                cambiato(&cambiamenti),
                durata.as_millis()
            );
            stampa_errore(&errore, &mut std::io::stdout());
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The time of a rebuild, as a clock shows it: `14:32:05`.
pub(crate) fn ora() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// `Cambiati: foglio Indicatori, testo testi/01-premessa.md. ` (nothing for the first build).
pub(crate) fn cambiato(cambiamenti: &[String]) -> String {
    if cambiamenti.is_empty() {
        String::new()
    } else {
        format!("Cambiati: {}. ", cambiamenti.join(", "))
    }
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
        print!("{}", diff::testo(&d, colori));
    }
    if let Some(pdf) = pdf {
        build::scrivi_prospetto(&d, &vecchia, &nuova, pdf, &Default::default())?;
        scrivi_err!("Scritto il prospetto delle modifiche in {}.", pdf.display());
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
        scrivi!(
            "{}",
            serde_json::to_string_pretty(&cifre::figure(&r)).unwrap_or_default()
        );
    } else {
        scrivi_senza_a_capo!("{}", cifre::tabella(&r));
    }
    Ok(ExitCode::SUCCESS)
}

/// `relazione modelli CARTELLA`: a copy of the embedded templates to restyle.
pub(crate) fn modelli(dir: &Path) -> Result<ExitCode, Errore> {
    let scritti = relazione::render::scrivi_modelli(dir)?;
    scrivi!("Scritti in {} i modelli: {}.", dir.display(), scritti.join(", "));
    scrivi!(
        "Ridisegnarli (docs/modelli.md), poi comporre con: relazione componi --modelli {}",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn crea(dir: &Path, anno: Option<i32>, ods: bool) -> Result<ExitCode, Errore> {
    let anno = anno.unwrap_or_else(|| chrono::Local::now().year() - 1);
    init::crea(dir, anno, ods)?;
    scrivi!(
        "Creata la cartella {} con la cartella di lavoro {} e testi/.",
        dir.display(),
        if ods { "relazione.ods" } else { "relazione.xlsx" }
    );
    scrivi!("Controllarla con: relazione controlla {}", dir.display());
    Ok(ExitCode::SUCCESS)
}
