//! The `relazione` command line.

use anyhow::{Context, Result};
use chrono::Datelike;
use clap::{Parser, Subcommand, ValueEnum};
use relazione::problem::{Gravita, Problema};
use relazione::{Errore, build, carica, init, report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Builds the annual Relazione sulla performance from the workbook of the planning office.
#[derive(Parser)]
#[command(name = "relazione", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    comando: Comando,
}

#[derive(Subcommand)]
enum Comando {
    /// Builds the Relazione as a PDF/A (default out/relazione-<anno>.pdf); with several
    /// folders, builds them all in parallel into --out-dir.
    Build {
        /// Report folders to build together (each into out/relazione-<anno>-<folder>.pdf).
        cartelle: Vec<PathBuf>,
        /// The report folder (or its relazione.xlsx).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Where the PDFs of several folders go.
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
        /// The PDF to write.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A folder of templates that replace the built-in ones (see report-templates/).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Also write the generated Typst sources into this folder.
        #[arg(long, value_name = "DIR")]
        emit_typst: Option<PathBuf>,
        /// Mark every figure and text that differs from this earlier draft.
        #[arg(long, value_name = "OLD")]
        compare: Option<PathBuf>,
        /// Write the PDF even to a name that does not end in .pdf.
        #[arg(long)]
        forza: bool,
    },
    /// Rebuilds the PDF whenever the workbook, a text or a template is saved.
    Watch {
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write the PDF even to a name that does not end in .pdf.
        #[arg(long)]
        forza: bool,
    },
    /// Compares two drafts (report folders or workbooks): what changed and what it did
    /// to the scores. Exit 0 when identical, 1 when they differ, 2 on error.
    Diff {
        /// The earlier draft.
        old: PathBuf,
        /// The later draft.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatoCheck::Testo)]
        format: FormatoCheck,
        /// Also write a PDF prospetto delle modifiche.
        #[arg(long)]
        pdf: Option<PathBuf>,
    },
    /// Checks the report folder: errors (which stop the build) and warnings.
    Check {
        /// The report folder (or its relazione.xlsx).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatoCheck::Testo)]
        format: FormatoCheck,
    },
    /// Prints every computed figure: grades, objectives, units, people, the ente.
    Scores {
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatoScores::Table)]
        format: FormatoScores,
    },
    /// Creates a new, empty report folder to start from.
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The year reported on (default: last year).
        #[arg(long)]
        anno: Option<i32>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatoCheck {
    #[value(alias = "text")]
    Testo,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatoScores {
    #[value(alias = "tabella")]
    Table,
    Json,
}

fn main() -> ExitCode {
    // A defect of the program is told in Italian, with where it happened; the
    // command then ends with an error, having written no file.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("errore interno del programma: {info}");
    }));
    let cli = Cli::parse();
    let esito = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| esegui(cli)));
    match esito {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("errore: {e:#}");
            ExitCode::FAILURE
        }
        // The hook has said what happened.
        Err(_) => ExitCode::FAILURE,
    }
}

fn esegui(cli: Cli) -> Result<ExitCode> {
    match cli.comando {
        Comando::Build {
            cartelle,
            out_dir,
            templates,
            ..
        } if !cartelle.is_empty() => lotto(&cartelle, &out_dir, templates.as_deref()),
        Comando::Build {
            data,
            out,
            templates,
            emit_typst,
            compare,
            forza,
            ..
        } => costruisci(build::Opzioni {
            cartella: data,
            uscita: out,
            modelli: templates,
            emetti_typst: emit_typst,
            confronto: compare,
            forza,
        }),
        Comando::Check { data, format } => check(&data, format),
        Comando::Watch {
            data,
            out,
            templates,
            forza,
        } => osserva(build::Opzioni {
            cartella: data,
            uscita: out,
            modelli: templates,
            emetti_typst: None,
            confronto: None,
            forza,
        }),
        Comando::Diff { old, new, format, pdf } => differenze(&old, &new, format, pdf.as_deref()),
        Comando::Scores { data, format } => scores(&data, format),
        Comando::Init { dir, anno } => crea(&dir, anno),
    }
}

fn riga_problema(p: &Problema) -> String {
    let g = match p.gravita {
        Gravita::Errore => "errore",
        Gravita::Avviso => "avviso",
    };
    format!("{g}  {p}")
}

/// Prints the problems of a failed load and returns the failure code; other
/// errors (no folder, not a workbook) are one sentence.
fn stampa_errori(e: Errore) -> ExitCode {
    match e {
        Errore::Dati(problemi) => {
            let errori = problemi.iter().filter(|p| p.is_errore()).count();
            eprintln!("{errori} errori nei dati; nessun file è stato scritto.");
            for p in &problemi {
                eprintln!("{}", riga_problema(p));
            }
        }
        Errore::Typst(diagnostiche) => {
            eprintln!("La composizione del documento non è riuscita; nessun file è stato scritto.");
            for d in diagnostiche.iter().filter(|d| d.errore) {
                eprintln!("errore  {d}");
            }
        }
        altro => eprintln!("errore: {altro}"),
    }
    ExitCode::FAILURE
}

fn lotto(cartelle: &[PathBuf], dir: &Path, modelli: Option<&Path>) -> Result<ExitCode> {
    let barra = indicatif::ProgressBar::new(cartelle.len() as u64);
    barra.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} relazioni · {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let esiti = build::costruisci_lotto(cartelle, dir, modelli, |cartella, esito| {
        let riga = match esito {
            Ok(e) => format!(
                "ok      {}: {} ({} pagine)",
                cartella.display(),
                e.pdf.display(),
                e.pagine
            ),
            Err(Errore::Dati(p)) => {
                let primi: Vec<String> = p
                    .iter()
                    .filter(|p| p.is_errore())
                    .take(3)
                    .map(|p| p.to_string())
                    .collect();
                format!("errore  {}: {}", cartella.display(), primi.join("; "))
            }
            Err(e) => format!("errore  {}: {e}", cartella.display()),
        };
        // On a terminal the line goes above the bar; piped, it is printed as it is.
        if barra.is_hidden() {
            println!("{riga}");
        } else {
            barra.println(riga);
        }
        barra.inc(1);
    });
    barra.finish_and_clear();
    let falliti = esiti.iter().filter(|(_, e)| e.is_err()).count();
    println!("{} relazioni composte, {falliti} non riuscite.", esiti.len() - falliti);
    Ok(if falliti == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn costruisci(opzioni: build::Opzioni) -> Result<ExitCode> {
    let esito = match build::costruisci(&opzioni) {
        Ok(e) => e,
        Err(e) => return Ok(stampa_errori(e)),
    };
    for p in &esito.relazione.avvisi {
        eprintln!("{}", riga_problema(p));
    }
    for d in &esito.avvisi_typst {
        eprintln!("avviso  {d}");
    }
    let t = esito.tempi;
    let ms = |d: std::time::Duration| d.as_millis();
    println!(
        "Scritto {} ({} pagine) in {} ms: lettura e calcolo {} ms, modelli {} ms, impaginazione {} ms, PDF {} ms.",
        esito.pdf.display(),
        esito.pagine,
        ms(t.lettura + t.modelli + t.impaginazione + t.pdf + t.scrittura),
        ms(t.lettura),
        ms(t.modelli),
        ms(t.impaginazione),
        ms(t.pdf + t.scrittura)
    );
    Ok(ExitCode::SUCCESS)
}

fn check(data: &Path, formato: FormatoCheck) -> Result<ExitCode> {
    let (problemi, ok, descrizione) = match carica(data) {
        Ok(r) => {
            let p = r.piano();
            let strategici = p
                .obiettivi
                .iter()
                .filter(|o| o.livello == relazione::model::Livello::Strategico)
                .count();
            let descrizione = format!(
                "{} {}: {} obiettivi strategici, {} operativi, {} indicatori, {} modifiche, {} assegnazioni",
                p.ente.nome,
                p.ente.anno,
                strategici,
                p.obiettivi.len() - strategici,
                p.indicatori.len(),
                p.modifiche.len(),
                p.assegnazioni.len()
            );
            (r.avvisi, true, descrizione)
        }
        Err(Errore::Dati(problemi)) => (problemi, false, String::new()),
        Err(altro) => {
            let p = Problema::errore(data.display().to_string(), altro.to_string());
            (vec![p], false, String::new())
        }
    };
    let errori = problemi.iter().filter(|p| p.is_errore()).count();
    let avvisi = problemi.len() - errori;
    match formato {
        FormatoCheck::Json => {
            let doc = serde_json::json!({
                "ok": ok,
                "errori": errori,
                "avvisi": avvisi,
                "problemi": problemi,
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        FormatoCheck::Testo => {
            for p in &problemi {
                println!("{}", riga_problema(p));
            }
            if ok {
                println!("{descrizione}");
                println!("Controllo superato: {avvisi} avvisi, nessun errore.");
            } else {
                println!("Controllo non superato: {errori} errori, {avvisi} avvisi.");
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn osserva(opzioni: build::Opzioni) -> Result<ExitCode> {
    println!(
        "Osservo {} (ctrl-C per finire): ricompongo a ogni salvataggio della cartella di lavoro, dei testi o dei modelli.",
        opzioni.cartella.display()
    );
    let fermo = std::sync::atomic::AtomicBool::new(false);
    build::osserva(&opzioni, &fermo, |evento| match evento {
        build::Evento::Costruito { esito, durata } => {
            for p in esito.relazione.avvisi.iter().filter(|p| p.is_errore()) {
                println!("{}", riga_problema(p));
            }
            println!(
                "Scritto {} ({} pagine) in {} ms.",
                esito.pdf.display(),
                esito.pagine,
                durata.as_millis()
            );
        }
        build::Evento::Fallito { errore, durata } => {
            println!(
                "Composizione non riuscita in {} ms; il PDF precedente è invariato:",
                durata.as_millis()
            );
            match errore {
                Errore::Dati(problemi) => {
                    for p in problemi.iter().filter(|p| p.is_errore()) {
                        println!("{}", riga_problema(p));
                    }
                }
                Errore::Typst(d) => {
                    for d in d.iter().filter(|d| d.errore) {
                        println!("errore  {d}");
                    }
                }
                altro => println!("errore  {altro}"),
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn differenze(old: &Path, new: &Path, formato: FormatoCheck, pdf: Option<&Path>) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let d = match relazione::diff::confronta_bozze(old, new) {
        Ok(d) => d,
        Err(e) => {
            stampa_errori(e);
            return Ok(ExitCode::from(2));
        }
    };
    match formato {
        FormatoCheck::Json => println!("{}", serde_json::to_string_pretty(&d)?),
        FormatoCheck::Testo => {
            let colori = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!("{}", relazione::diff::testo(&d, colori));
        }
    }
    if let Some(pdf) = pdf {
        let ingressi: Vec<PathBuf> = [old, new]
            .iter()
            .filter_map(|c| relazione::workbook::percorso(c).ok())
            .collect();
        build::verifica_uscita(pdf, false, &ingressi)?;
        let nuova = carica(new)?;
        let modelli = relazione::render::Modelli::default();
        let sorgenti = relazione::render::prospetto(&d, &nuova, &modelli)?;
        let mut id = build::identita(&nuova);
        id.id.push_str("/prospetto");
        let composto =
            relazione::typeset::componi(&sorgenti, &relazione::render::cartella_relazione(&nuova), None, &id)
                .map_err(Errore::Typst)?;
        build::scrivi_atomico(pdf, &composto.pdf)?;
        eprintln!("Scritto il prospetto delle modifiche in {}.", pdf.display());
    }
    Ok(if d.nessuna() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn scores(data: &Path, formato: FormatoScores) -> Result<ExitCode> {
    let r = match carica(data) {
        Ok(r) => r,
        Err(e) => return Ok(stampa_errori(e)),
    };
    match formato {
        FormatoScores::Json => println!("{}", serde_json::to_string_pretty(&report::figure(&r))?),
        FormatoScores::Table => print!("{}", report::tabella(&r)),
    }
    Ok(ExitCode::SUCCESS)
}

fn crea(dir: &Path, anno: Option<i32>) -> Result<ExitCode> {
    let anno = anno.unwrap_or_else(|| chrono::Local::now().year() - 1);
    init::crea(dir, anno).with_context(|| format!("non è stato possibile creare {}", dir.display()))?;
    println!(
        "Creata la cartella {} con la cartella di lavoro relazione.xlsx e testi/.",
        dir.display()
    );
    println!("Controllarla con: relazione check --data {}", dir.display());
    Ok(ExitCode::SUCCESS)
}
