//! The `relazione` command line, and only that: the commands with their Italian
//! help, and one printer for every error of every command. What each command
//! does lives in the library.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use relazione::{Errore, build};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The system allocator, counting what is in use: a one-off layout thins
/// Typst's cache when it grows (see `relazione::typeset::memoria`).
#[global_allocator]
static ALLOCATORE: relazione::typeset::memoria::Contatore = relazione::typeset::memoria::Contatore;

/// `println!` for what may carry text of the folder (a cell, a file name, a
/// certificate's name): control characters shown, never obeyed by the
/// terminal (see `relazione::terminale`). Likewise `scrivi_err!`, `scrivi_senza_a_capo!`.
macro_rules! scrivi {
    ($($a:tt)*) => { println!("{}", relazione::terminale::pulito(&format!($($a)*))) };
}
macro_rules! scrivi_err {
    ($($a:tt)*) => { eprintln!("{}", relazione::terminale::pulito(&format!($($a)*))) };
}
macro_rules! scrivi_senza_a_capo {
    ($($a:tt)*) => { print!("{}", relazione::terminale::pulito(&format!($($a)*))) };
}

mod comandi;
mod firma;

use comandi::{check, costruisci, costruisci_lotto, crea, differenze, osserva, pubblica, scores};

const MODELLO_AIUTO: &str = "\
{about-with-newline}
Uso: {usage}

{all-args}{after-help}
";

/// Compone la Relazione sulla performance dalla cartella di lavoro dell'ufficio di pianificazione.
#[derive(Parser)]
#[command(
    name = "relazione",
    version,
    help_template = MODELLO_AIUTO,
    subcommand_help_heading = "Comandi",
    subcommand_value_name = "COMANDO",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Per l'aiuto di un comando: relazione COMANDO --help. La guida per l'ufficio: relazione guida."
)]
struct Cli {
    #[command(subcommand)]
    comando: Comando,
    /// Mostra questo aiuto.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Opzioni")]
    aiuto: Option<bool>,
    /// Mostra la versione del programma.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Opzioni")]
    versione: Option<bool>,
}

#[derive(Subcommand)]
enum Comando {
    /// Compone la Relazione come PDF/A (predefinito out/relazione-<anno>.pdf); con più
    /// cartelle, le compone tutte in parallelo in --cartella-uscita.
    #[command(name = "componi", alias = "build", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione componi [OPZIONI] [CARTELLA]...")]
    Componi {
        /// La cartella della relazione, o la sua cartella di lavoro (predefinita: data); con più
        /// cartelle, le compone tutte insieme (ciascuna in out/relazione-<anno>-<cartella>.pdf).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        cartelle: Vec<PathBuf>,
        /// Come CARTELLA: la cartella della relazione, o la sua cartella di lavoro.
        #[arg(
            long = "cartella",
            alias = "data",
            value_name = "CARTELLA",
            conflicts_with = "cartelle"
        )]
        data: Option<PathBuf>,
        /// Con più cartelle: dove vanno i loro PDF (predefinita: out).
        #[arg(long = "cartella-uscita", alias = "out-dir", value_name = "CARTELLA")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        pdf: OpzioniPdf,
        /// Scrive anche i sorgenti Typst generati in questa cartella.
        #[arg(long = "sorgenti-typst", alias = "emit-typst", value_name = "CARTELLA")]
        emit_typst: Option<PathBuf>,
        /// Segna ogni cifra e ogni testo diversi da questa bozza precedente.
        #[arg(long = "confronta", alias = "compare", value_name = "BOZZA")]
        compare: Option<PathBuf>,
        /// Lascia un campo di firma vuoto con questo nome, per il programma di firma dell'ufficio
        /// (ripetibile: --campo-firma "Segretario Generale" --campo-firma "Presidente").
        #[arg(long = "campo-firma", value_name = "NOME")]
        campi_firma: Vec<String>,
    },
    /// Apre la relazione nel browser, come pagina di lavoro: il documento ricomposto a ogni
    /// salvataggio, gli errori con la loro cella, le spiegazioni delle cifre, il confronto con una
    /// bozza precedente, i pulsanti per comporre e pubblicare. In una cartella che contiene più
    /// relazioni, le elenca e ne crea di nuove. È anche ciò che fa relazione avviato senza comando
    /// (con un doppio clic) in una cartella così.
    #[command(name = "apri", alias = "open", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione apri [OPZIONI] [CARTELLA]")]
    Apri {
        /// La cartella della relazione, o una cartella che contiene cartelle della relazione
        /// (predefinita: la cartella corrente).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        cartella: Option<PathBuf>,
        #[command(flatten)]
        modelli: Modelli,
        /// Non apre il browser: scrive soltanto l'indirizzo della pagina.
        #[arg(long = "senza-browser", alias = "no-browser")]
        senza_browser: bool,
    },
    /// Ricompone il PDF a ogni salvataggio della cartella di lavoro, di un testo o di un modello.
    #[command(name = "osserva", alias = "watch", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione osserva [OPZIONI] [CARTELLA]")]
    Osserva {
        #[command(flatten)]
        cartella: Cartella,
        #[command(flatten)]
        pdf: OpzioniPdf,
        /// Dopo ogni PDF scrive anche l'edizione web in questa cartella (come relazione pubblica).
        #[arg(long, value_name = "CARTELLA")]
        pubblica: Option<PathBuf>,
    },
    /// Scrive l'edizione web per la sezione Amministrazione trasparente: una pagina accessibile,
    /// il PDF e i dati in formato aperto (CSV), in una cartella (predefinita out/pubblicazione-<anno>).
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione pubblica [OPZIONI] [CARTELLA]")]
    Pubblica {
        #[command(flatten)]
        cartella: Cartella,
        /// La cartella dell'edizione web da scrivere (nuova, vuota, o un'edizione precedente).
        #[arg(long = "uscita", alias = "out", value_name = "CARTELLA")]
        out: Option<PathBuf>,
        #[command(flatten)]
        modelli: Modelli,
    },
    /// Confronta due bozze (cartelle o cartelle di lavoro): che cosa è cambiato e che effetto
    /// ha avuto sui punteggi. Esce con 0 se sono uguali, 1 se differiscono, 2 in caso di errore.
    #[command(name = "confronta", alias = "diff", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione confronta [OPZIONI] BOZZA_PRECEDENTE BOZZA_NUOVA")]
    Confronta {
        /// La bozza precedente.
        #[arg(value_name = "BOZZA_PRECEDENTE", help_heading = "Argomenti", display_order = 1)]
        old: PathBuf,
        /// La bozza successiva.
        #[arg(value_name = "BOZZA_NUOVA", help_heading = "Argomenti", display_order = 2)]
        new: PathBuf,
        /// Come stampare: testo (predefinito) o json.
        #[arg(long = "stampa", alias = "format", value_name = "COME", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
        /// Scrive anche il prospetto delle modifiche in PDF.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Controlla la cartella della relazione: errori (che fermano la composizione) e avvisi.
    #[command(name = "controlla", alias = "check", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione controlla [OPZIONI] [CARTELLA]")]
    Controlla {
        #[command(flatten)]
        cartella: Cartella,
        /// Come stampare: testo (predefinito) o json.
        #[arg(long = "stampa", alias = "format", value_name = "COME", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
    },
    /// Mostra ogni cifra calcolata: gradi, obiettivi, unità, persone, ente.
    #[command(name = "punteggi", alias = "scores", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione punteggi [OPZIONI] [CARTELLA]")]
    Punteggi {
        #[command(flatten)]
        cartella: Cartella,
        /// Come stampare: tabella (predefinito) o json.
        #[arg(long = "stampa", alias = "format", value_name = "COME", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
    },
    /// Spiega come è stata calcolata una cifra, passo per passo, con i valori e le celle da cui
    /// vengono: il grado di un indicatore, il risultato di un obiettivo, di un'unità, di una
    /// persona o dell'ente.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione spiega [OPZIONI] CODICE [CARTELLA]")]
    Spiega {
        /// Il codice di un indicatore, di un obiettivo o di un'unità, il nome di una persona,
        /// oppure «ente».
        #[arg(value_name = "CODICE", help_heading = "Argomenti")]
        codice: String,
        #[command(flatten)]
        cartella: Cartella,
        /// Come stampare: testo (predefinito) o json.
        #[arg(long = "stampa", alias = "format", value_name = "COME", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
    },
    /// Scrive il dossier di validazione per l'OIV (PDF/A): le impronte dei file validati, il
    /// sistema di valutazione, le variazioni e il loro effetto, la riconciliazione, gli avvisi,
    /// i contenuti attesi, il campione da verificare e ogni cifra spiegata.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione dossier [OPZIONI] [CARTELLA]")]
    Dossier {
        #[command(flatten)]
        cartella: Cartella,
        /// Il dossier da scrivere, o la cartella in cui scriverlo (predefinito out/dossier-<anno>.pdf).
        #[arg(long = "uscita", alias = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// La Relazione approvata da validare; senza, quella che la cartella compone.
        #[arg(long, value_name = "RELAZIONE.pdf")]
        pdf: Option<PathBuf>,
        #[command(flatten)]
        modelli: Modelli,
    },
    /// Firma il PDF (PAdES, aggiunta in coda: il file firmato contiene l'originale byte per byte)
    /// con un file .p12 o con una carta o token; con --cades scrive invece una busta .p7m.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione firma [OPZIONI] PDF (--p12 FILE | --pkcs11 MODULO)")]
    Firma(firma::ArgomentiFirma),
    /// Verifica le firme di un PDF o di un .p7m, che nulla sia cambiato dopo di esse e, con --fiducia,
    /// chi ha firmato; con --cartella anche che il PDF firmato sia, byte per byte, quello che la
    /// cartella produce. Esce con 0 se tutto torna, 3 se le firme sono integre ma i firmatari non
    /// accertati, 1 se no, 2 se non si può dire.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione verifica [OPZIONI] FILE")]
    Verifica(firma::ArgomentiVerifica),
    /// Crea una cartella della relazione nuova, da riempire, con esempi.
    #[command(name = "nuova", alias = "init", help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione nuova [OPZIONI] CARTELLA")]
    Nuova {
        /// La cartella da creare (non deve esistere, o dev'essere vuota).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        dir: PathBuf,
        /// L'anno rendicontato, con quattro cifre (predefinito: l'anno scorso).
        #[arg(long, value_name = "ANNO", value_parser = anno_a_quattro_cifre)]
        anno: Option<i32>,
        /// Il formato della cartella di lavoro: xlsx (Excel, predefinito) o ods (LibreOffice).
        #[arg(long, value_name = "FORMATO", value_enum, default_value_t = FormatoLibro::Xlsx, hide_default_value = true, hide_possible_values = true)]
        formato: FormatoLibro,
    },
    /// Scrive in una cartella nuova una copia dei modelli incorporati (PDF, pagina web,
    /// prospetto), da ridisegnare e da indicare poi con --modelli.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione modelli CARTELLA")]
    Modelli {
        /// La cartella da creare (non deve esistere, o dev'essere vuota).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        dir: PathBuf,
    },
    /// Mostra la guida per l'ufficio: dalla cartella nuova alla Relazione firmata.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione guida")]
    Guida,
}

/// The report folder, named the same way by every command: as the argument
/// (`relazione controlla comune`) or with `--cartella` (`relazione controlla --cartella comune`).
#[derive(clap::Args)]
pub(crate) struct Cartella {
    /// La cartella della relazione, o la sua cartella di lavoro: .xlsx, .ods, .xlsm, .xls (predefinita: data).
    #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
    posizionale: Option<PathBuf>,
    /// Come CARTELLA: la cartella della relazione, o la sua cartella di lavoro.
    #[arg(
        long = "cartella",
        alias = "data",
        value_name = "CARTELLA",
        conflicts_with = "posizionale"
    )]
    data: Option<PathBuf>,
}

impl Cartella {
    /// The folder named, or `data` when none is.
    fn percorso(self) -> Result<PathBuf, Errore> {
        scelta(self.posizionale.or(self.data))
    }
}

/// Templates that replace the embedded ones, named the same way by every command.
#[derive(clap::Args)]
pub(crate) struct Modelli {
    /// Una cartella di modelli che sostituiscono quelli incorporati (vedi relazione modelli).
    #[arg(long = "modelli", alias = "templates", value_name = "CARTELLA")]
    pub(crate) templates: Option<PathBuf>,
}

/// What `componi` and `osserva` share: where the PDF goes, with which templates.
#[derive(clap::Args)]
pub(crate) struct OpzioniPdf {
    /// Il PDF da scrivere, o la cartella in cui scriverlo (relazione-<anno>.pdf).
    #[arg(long = "uscita", alias = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    modelli: Modelli,
    /// Scrive il PDF anche su un nome che non finisce in .pdf.
    #[arg(long)]
    forza: bool,
}

/// The folder named, or `data` in the current folder; with neither, how to name one.
fn scelta(nominata: Option<PathBuf>) -> Result<PathBuf, Errore> {
    match nominata {
        Some(p) => Ok(p),
        None if Path::new("data").exists() => Ok(PathBuf::from("data")),
        None => Err(Errore::CartellaNonIndicata),
    }
}

/// `--anno`: a year written with four digits (`25` is not 2025).
fn anno_a_quattro_cifre(testo: &str) -> Result<i32, String> {
    let t = testo.trim();
    match t.parse::<i32>() {
        Ok(a) if t.len() == 4 && (1000..=9999).contains(&a) => Ok(a),
        _ => Err("l'anno va scritto con quattro cifre, per esempio 2025".into()),
    }
}

/// The format of the workbook `nuova` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatoLibro {
    /// Excel (.xlsx).
    Xlsx,
    /// LibreOffice (.ods).
    Ods,
}

/// How a command prints (`--stampa`): for people (text, or the table of
/// `punteggi`: one form, whatever its name), or for other programs.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Formato {
    /// Per le persone: il testo, o la tabella dei punteggi.
    #[value(name = "testo", aliases = ["tabella", "text", "table"])]
    Testo,
    /// JSON, per altri programmi.
    Json,
}

/// A batch of folders writes each PDF in `--cartella-uscita` and nothing else:
/// the options of a single PDF would be ignored, so they are refused.
fn rifiutate_dal_lotto(
    out: bool,
    emit_typst: bool,
    compare: bool,
    forza: bool,
    campi_firma: bool,
) -> Option<&'static str> {
    [
        (out, "--uscita"),
        (emit_typst, "--sorgenti-typst"),
        (compare, "--confronta"),
        (forza, "--forza"),
        (campi_firma, "--campo-firma"),
    ]
    .into_iter()
    .find_map(|(usata, nome)| usata.then_some(nome))
}

fn main() -> ExitCode {
    // The child that reads a workbook first, under a memory cap (src/workbook/isolamento.rs).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == relazione::workbook::isolamento::COMANDO_FIGLIO)
    {
        return relazione::workbook::isolamento::figlio();
    }
    if let Ok(programma) = std::env::current_exe() {
        relazione::workbook::isolamento::attiva(programma);
    }
    // Output piped into a program that stops reading (`relazione punteggi |
    // head`) ends the command quietly, as for any command of the system,
    // instead of a defect reported on a write that failed.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A defect of the program is told in Italian, with where it happened; the
    // command then ends with an error, having written no file.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "{}",
            relazione::terminale::pulito(&format!("errore interno del programma: {info}"))
        );
    }));
    // Started with no command (a double-click on the program) in a folder that
    // is, or holds, report folders: the workspace in the browser. Elsewhere,
    // the help's first words, as with any missing command.
    if std::env::args_os().len() == 1 && relazione::apri::apribile(Path::new(".")) {
        return match std::panic::catch_unwind(|| comandi::apri(PathBuf::from("."), None, true)) {
            Ok(Ok(code)) => code,
            Ok(Err(e)) => {
                stampa_errore(&e, &mut std::io::stderr());
                ExitCode::FAILURE
            }
            Err(_) => ExitCode::FAILURE,
        };
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argomenti_sbagliati(&e),
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| esegui(cli))) {
        Ok(code) => code,
        // The hook has said what happened.
        Err(_) => ExitCode::FAILURE,
    }
}

fn esegui(cli: Cli) -> ExitCode {
    let esito = match cli.comando {
        Comando::Componi {
            cartelle,
            out_dir,
            pdf,
            emit_typst,
            compare,
            campi_firma,
            ..
        } if cartelle.len() > 1 => {
            let rifiutata = rifiutate_dal_lotto(
                pdf.out.is_some(),
                emit_typst.is_some(),
                compare.is_some(),
                pdf.forza,
                !campi_firma.is_empty(),
            );
            if let Some(opzione) = rifiutata {
                scrivi_err!(
                    "errore: {opzione} vale per una cartella sola: con più cartelle ogni PDF va in \
                     --cartella-uscita (predefinita out). Comporre quella cartella da sola.\n\n\
                     Per l'elenco dei comandi e delle opzioni: relazione --help"
                );
                return ExitCode::from(2);
            }
            let out_dir = out_dir.unwrap_or_else(|| PathBuf::from("out"));
            Ok(costruisci_lotto(&cartelle, &out_dir, pdf.modelli.templates.as_deref()))
        }
        Comando::Componi { out_dir: Some(_), .. } => {
            scrivi_err!(
                "errore: --cartella-uscita vale con più cartelle; per una sola, il PDF si indica con --uscita.\n\n\
                 Per l'elenco dei comandi e delle opzioni: relazione --help"
            );
            return ExitCode::from(2);
        }
        Comando::Componi {
            cartelle,
            data,
            pdf,
            emit_typst,
            compare,
            campi_firma,
            ..
        } => scelta(cartelle.into_iter().next().or(data)).and_then(|cartella| {
            costruisci(build::Opzioni {
                cartella,
                uscita: pdf.out,
                modelli: pdf.modelli.templates,
                emetti_typst: emit_typst,
                confronto: compare,
                forza: pdf.forza,
                campi_firma,
                ..Default::default()
            })
        }),
        Comando::Controlla { cartella, format } => cartella.percorso().and_then(|c| check(&c, format)),
        Comando::Osserva {
            cartella,
            pdf,
            pubblica,
        } => cartella.percorso().and_then(|cartella| {
            osserva(
                build::Opzioni {
                    cartella,
                    uscita: pdf.out,
                    modelli: pdf.modelli.templates,
                    forza: pdf.forza,
                    ..Default::default()
                },
                pubblica,
            )
        }),
        Comando::Apri {
            cartella,
            modelli,
            senza_browser,
        } => comandi::apri(
            cartella.unwrap_or_else(|| PathBuf::from(".")),
            modelli.templates,
            !senza_browser,
        ),
        Comando::Pubblica { cartella, out, modelli } => cartella.percorso().and_then(|cartella| {
            pubblica(relazione::pubblica::Opzioni {
                cartella,
                uscita: out,
                modelli: modelli.templates,
            })
        }),
        Comando::Confronta { old, new, format, pdf } => differenze(&old, &new, format, pdf.as_deref()),
        Comando::Punteggi { cartella, format } => cartella.percorso().and_then(|c| scores(&c, format)),
        Comando::Spiega {
            codice,
            cartella,
            format,
        } => cartella.percorso().and_then(|c| comandi::spiega(&c, &codice, format)),
        Comando::Dossier {
            cartella,
            out,
            pdf,
            modelli,
        } => cartella.percorso().and_then(|cartella| {
            comandi::dossier(build::OpzioniDossier {
                cartella,
                uscita: out,
                pdf,
                modelli: modelli.templates,
            })
        }),
        Comando::Nuova { dir, anno, formato } => crea(&dir, anno, formato == FormatoLibro::Ods),
        Comando::Modelli { dir } => comandi::modelli(&dir),
        Comando::Guida => {
            // The guide is the program's own text, printed as it is.
            println!("{}", relazione::stampa::GUIDA);
            Ok(ExitCode::SUCCESS)
        }
        Comando::Firma(a) => firma::firma(a),
        Comando::Verifica(a) => firma::verifica(a).or_else(|e| {
            stampa_errore(&e, &mut std::io::stderr());
            Ok(ExitCode::from(2))
        }),
    };
    esito.unwrap_or_else(|e| {
        stampa_errore(&e, &mut std::io::stderr());
        ExitCode::FAILURE
    })
}

/// A wrong command line, in Italian: clap's own words are English.
fn argomenti_sbagliati(e: &clap::Error) -> ExitCode {
    let contesto = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let (arg, valore) = (contesto(ContextKind::InvalidArg), contesto(ContextKind::InvalidValue));
    let messaggio = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "manca il comando: apri, componi, controlla, punteggi, spiega, dossier, confronta, osserva, pubblica, nuova, \
             firma, verifica, modelli o guida"
                .to_string()
        }
        ErrorKind::InvalidSubcommand => format!("comando «{}» sconosciuto", contesto(ContextKind::InvalidSubcommand)),
        ErrorKind::UnknownArgument => format!("opzione «{arg}» sconosciuta"),
        ErrorKind::InvalidValue => format!(
            "valore «{valore}» non ammesso per {arg} (valori ammessi: {})",
            contesto(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => format!("manca {arg}"),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(motivo) => format!("valore «{valore}» non valido per {arg}: {motivo}"),
            None => format!("valore «{valore}» non valido per {arg}"),
        },
        ErrorKind::ArgumentConflict => format!("{arg} non si può usare insieme a {}", contesto(ContextKind::PriorArg)),
        _ => format!("argomenti non validi {arg} {valore}").trim_end().to_string(),
    };
    let suggerimento = match (
        contesto(ContextKind::SuggestedSubcommand),
        contesto(ContextKind::SuggestedArg),
    ) {
        (s, _) if !s.is_empty() => format!(" (forse «{s}»?)"),
        (_, s) if !s.is_empty() => format!(" (forse «{s}»?)"),
        _ => String::new(),
    };
    scrivi_err!("errore: {messaggio}{suggerimento}\n\nPer l'elenco dei comandi e delle opzioni: relazione --help");
    ExitCode::from(2)
}

/// The one printer of errors, for every command: what failed and every problem
/// with its place (sheet and cell, or file and line); see `relazione::stampa`.
pub(crate) fn stampa_errore(e: &Errore, out: &mut dyn Write) {
    let _ = write!(out, "{}", relazione::stampa::esiti::errore(e));
}
