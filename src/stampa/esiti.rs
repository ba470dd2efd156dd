//! What each command says it did: the files written, the pages, the time, the
//! warnings and errors with their places — one line or a few, in Italian.

use crate::controllo::Esame;
use crate::format::plurale;
use crate::problem::Problema;
use crate::{Errore, build, pubblica};
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

/// `errore  Indicatori!J2: …`, `avviso  testi/01.md, riga 4: …`.
/// One line, whatever the values it quotes hold (see [`crate::terminale`]).
pub fn problema(p: &Problema) -> String {
    crate::terminale::una_riga(&format!("{}  {p}", p.gravita)).into_owned()
}

/// An error of any command: what failed, then every problem with its place
/// (sheet and cell, or file and line), a line each.
pub fn errore(e: &Errore) -> String {
    let problemi = e.problemi();
    let errori = problemi.iter().filter(|p| p.is_errore()).count();
    let mut out = String::new();
    match e {
        Errore::Dati(_) => {
            let _ = writeln!(
                out,
                "{} nei dati; nessun file è stato scritto.",
                plurale(errori, "errore", "errori")
            );
        }
        Errore::Typst(_) => {
            out.push_str("La composizione del documento non è riuscita; nessun file è stato scritto.\n");
        }
        _ => {}
    }
    for p in &problemi {
        let _ = writeln!(out, "{}", problema(p));
    }
    out
}

/// `relazione componi`: the PDF written, its pages, and where the time went.
pub fn composta(esito: &build::Esito) -> String {
    let t = esito.tempi;
    let ms = |d: Duration| d.as_millis();
    format!(
        "Scritto {} ({}) in {} ms: lettura e calcolo {} ms, modelli {} ms, impaginazione {} ms, PDF {} ms.",
        esito.pdf.display(),
        plurale(esito.pagine, "pagina", "pagine"),
        ms(t.lettura + t.modelli + t.impaginazione + t.pdf + t.scrittura),
        ms(t.lettura),
        ms(t.modelli),
        ms(t.impaginazione),
        ms(t.pdf + t.scrittura)
    )
}

/// Each layout pass (for `RELAZIONE_PROFILO`): its time and the memory in use
/// at its end, then, for each memoized function of Typst that worked in it, the
/// results its cache holds, the calls answered from it and those computed.
pub fn passi(passi: &[crate::typeset::Passo]) -> String {
    let mut testo = String::new();
    for (n, passo) in passi.iter().enumerate() {
        testo += &format!(
            "passo {} dell'impaginazione: {} ms, {} MB in uso alla fine\n",
            n + 1,
            passo.durata.as_millis(),
            passo.in_uso >> 20
        );
        let mut righe: Vec<_> = passo.cache.iter().filter(|c| c.hits + c.misses > 0).collect();
        righe.sort_by_key(|c| (std::cmp::Reverse(c.misses + c.hits), c.name));
        for c in righe {
            testo += &format!(
                "  {:<56} {:>8} in cache {:>8} riusate {:>8} calcolate\n",
                c.name, c.entries, c.hits, c.misses
            );
        }
    }
    testo
}

/// One folder of a batch: `ok      comune: out/relazione-2025-comune.pdf (12
/// pagine)`, or its first three errors.
pub fn del_lotto(cartella: &Path, esito: &Result<build::Esito, Errore>) -> String {
    match esito {
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
    }
}

/// The end of a batch: `3 relazioni composte, 1 non riuscita.`
pub fn fine_del_lotto(composte: usize, falliti: usize) -> String {
    format!(
        "{}, {}.",
        plurale(composte, "relazione composta", "relazioni composte"),
        plurale(falliti, "non riuscita", "non riuscite")
    )
}

/// `relazione controlla`: every problem, the folder in a line, the warnings
/// the office accepted, and the verdict.
pub fn controllo(esame: &Esame) -> String {
    let Esame {
        problemi,
        ok,
        descrizione,
        accettati,
    } = esame;
    let errori = problemi.iter().filter(|p| p.is_errore()).count();
    let avvisi = problemi.len() - errori;
    let mut out = String::new();
    for p in problemi {
        let _ = writeln!(out, "{}", problema(p));
    }
    if let Some(d) = descrizione {
        let _ = writeln!(out, "{d}");
    }
    if !accettati.is_empty() {
        let _ = writeln!(
            out,
            "Accettati dall'ufficio (foglio Avvisi): {}.",
            plurale(accettati.len(), "avviso", "avvisi")
        );
    }
    if *ok {
        let _ = writeln!(
            out,
            "Controllo superato: {}, nessun errore.",
            plurale(avvisi, "avviso", "avvisi")
        );
    } else {
        let _ = writeln!(
            out,
            "Controllo non superato: {}, {}.",
            plurale(errori, "errore", "errori"),
            plurale(avvisi, "avviso", "avvisi")
        );
    }
    out
}

/// `relazione controlla --stampa json`: the same, for other programs.
pub fn controllo_json(esame: &Esame) -> String {
    let errori = esame.problemi.iter().filter(|p| p.is_errore()).count();
    let doc = serde_json::json!({
        "ok": esame.ok,
        "errori": errori,
        "avvisi": esame.problemi.len() - errori,
        "problemi": esame.problemi,
        "accettati": esame.accettati
            .iter()
            .map(|(p, perche)| serde_json::json!({"avviso": p, "motivazione": perche}))
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// `relazione pubblica`: the edition written, what its open data say about
/// persons, and how to look at it and publish it.
pub fn pubblicata(esito: &pubblica::Esito) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
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
        let _ = writeln!(
            out,
            "Persone: i loro risultati, con il nome, sono nei dati aperti (persone.csv, obiettivi-individuali.csv), \
             come deciso dall'ente (dati_nominativi: sì nel foglio Ente){distribuzione}."
        );
    } else {
        let _ = writeln!(
            out,
            "Persone: nessun risultato individuale con il nome nei dati aperti (per pubblicarli, se l'ente lo ha \
             deciso: dati_nominativi: sì nel foglio Ente){distribuzione}; nel PDF e nella pagina ciò che i testi \
             e gli allegati stampano."
        );
    }
    let _ = writeln!(
        out,
        "Per vederla: aprire {} nel browser. Per pubblicarla: copiare l'intera cartella sul sito.",
        esito.cartella.join("index.html").display()
    );
    out
}

/// `relazione osserva`, as it starts.
pub fn osservo(cartella: &Path) -> String {
    format!(
        "Osservo {} (ctrl-C per finire): ricompongo a ogni salvataggio della cartella di lavoro, dei testi o dei modelli.",
        cartella.display()
    )
}

/// `Cambiati: foglio Indicatori, testo testi/01-premessa.md. ` (nothing for the first build).
fn cambiato(cambiamenti: &[String]) -> String {
    if cambiamenti.is_empty() {
        String::new()
    } else {
        format!("Cambiati: {}. ", cambiamenti.join(", "))
    }
}

/// A rebuild of `osserva`, at the time `ora` (`14:32:05`): what the save
/// changed and the PDF written — or why not, the previous PDF untouched —
/// then the web edition when it is published too.
pub fn ricomposta(ora: &str, evento: &crate::watch::Evento) -> String {
    use crate::watch::Evento;
    let mut out = String::new();
    match evento {
        Evento::Costruito {
            esito,
            durata,
            edizione,
            cambiamenti,
        } => {
            let _ = writeln!(
                out,
                "{ora} {}Scritto {} ({}) in {} ms.",
                cambiato(cambiamenti),
                esito.pdf.display(),
                plurale(esito.pagine, "pagina", "pagine"),
                durata.as_millis()
            );
            match edizione {
                Some(Ok(dir)) => {
                    let _ = writeln!(out, "Scritta l'edizione web in {}.", dir.display());
                }
                Some(Err(e)) => {
                    out.push_str("Edizione web non scritta; quella precedente è invariata:\n");
                    out.push_str(&errore(e));
                }
                None => {}
            }
        }
        Evento::Fallito {
            errore: e,
            durata,
            cambiamenti,
        } => {
            let _ = writeln!(
                out,
                "{ora} {}Composizione non riuscita in {} ms; il PDF precedente è invariato:",
                cambiato(cambiamenti),
                durata.as_millis()
            );
            out.push_str(&errore(e));
        }
    }
    out
}

/// `relazione confronta --pdf`.
pub fn prospetto_scritto(pdf: &Path) -> String {
    format!("Scritto il prospetto delle modifiche in {}.", pdf.display())
}

/// `relazione dossier`: where the dossier went.
pub fn dossier_scritto(pdf: &Path) -> String {
    format!("Scritto il dossier di validazione in {}.", pdf.display())
}

/// `relazione modelli`: the templates written, and what to do with them.
pub fn modelli_scritti(dir: &Path, scritti: &[&str]) -> String {
    format!(
        "Scritti in {} i modelli: {}.\nRidisegnarli (docs/modelli.md), poi comporre con: relazione componi --modelli {}\n",
        dir.display(),
        scritti.join(", "),
        dir.display()
    )
}

/// `relazione nuova`: the folder made, and the next step.
pub fn cartella_creata(dir: &Path, ods: bool) -> String {
    format!(
        "Creata la cartella {} con la cartella di lavoro {} e testi/.\nControllarla con: relazione controlla {}\n",
        dir.display(),
        if ods { "relazione.ods" } else { "relazione.xlsx" },
        dir.display()
    )
}

/// `relazione firma`: who signed, and the file written.
pub fn firmato(titolare: &str, scritto: &Path, cades: bool) -> String {
    if cades {
        format!("Firmato da {titolare}: scritta la busta CAdES {}.", scritto.display())
    } else {
        format!("Firmato da {titolare}: scritto {}.", scritto.display())
    }
}

/// What `relazione apri` prints once the page is served: its address, for a
/// machine where the browser does not start, and how it ends.
pub fn apri_aperta(indirizzo: &str) -> String {
    format!(
        "La relazione è aperta nel browser, a questo indirizzo:\n\n  {indirizzo}\n\n\
         Se il browser non si è aperto, copiare l'indirizzo nella sua barra. L'indirizzo contiene una \
         chiave: non va dato ad altri.\nPer chiudere: chiudere la pagina, oppure Ctrl+C qui.\n"
    )
}

/// What `relazione apri` prints when the folder is already open.
pub fn apri_gia_aperta(indirizzo: &str) -> String {
    format!("Questa cartella è già aperta nel browser, a questo indirizzo:\n\n  {indirizzo}\n")
}
