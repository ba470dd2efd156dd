//! The `relazione` command line, and only that: the commands with their Italian
//! help, and one printer for every error of every command. What each command
//! does lives in the library.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use relazione::format::plurale;
use relazione::problem::Problema;
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
    /// cartelle, le compone tutte in parallelo in --out-dir.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione build [OPZIONI] [CARTELLA]...")]
    Build {
        /// La cartella della relazione, o la sua cartella di lavoro (predefinita: data); con più
        /// cartelle, le compone tutte insieme (ciascuna in out/relazione-<anno>-<cartella>.pdf).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        cartelle: Vec<PathBuf>,
        /// Come CARTELLA: la cartella della relazione, o la sua cartella di lavoro.
        #[arg(long, value_name = "CARTELLA", conflicts_with = "cartelle")]
        data: Option<PathBuf>,
        /// Dove vanno i PDF di più cartelle (predefinita: out).
        #[arg(long, value_name = "CARTELLA", default_value = "out", hide_default_value = true)]
        out_dir: PathBuf,
        /// Il PDF da scrivere, o la cartella in cui scriverlo (relazione-<anno>.pdf).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Una cartella di modelli che sostituiscono quelli incorporati (vedi report-templates/).
        #[arg(long, value_name = "CARTELLA")]
        templates: Option<PathBuf>,
        /// Scrive anche i sorgenti Typst generati in questa cartella.
        #[arg(long, value_name = "CARTELLA")]
        emit_typst: Option<PathBuf>,
        /// Segna ogni cifra e ogni testo diversi da questa bozza precedente.
        #[arg(long, value_name = "BOZZA")]
        compare: Option<PathBuf>,
        /// Scrive il PDF anche su un nome che non finisce in .pdf.
        #[arg(long)]
        forza: bool,
        /// Lascia un campo di firma vuoto con questo nome, per il programma di firma dell'ufficio
        /// (ripetibile: --campo-firma "Segretario Generale" --campo-firma "Presidente").
        #[arg(long = "campo-firma", value_name = "NOME")]
        campi_firma: Vec<String>,
    },
    /// Ricompone il PDF a ogni salvataggio della cartella di lavoro, di un testo o di un modello.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione watch [OPZIONI] [CARTELLA]")]
    Watch {
        #[command(flatten)]
        cartella: Cartella,
        /// Il PDF da scrivere, o la cartella in cui scriverlo (relazione-<anno>.pdf).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Una cartella di modelli che sostituiscono quelli incorporati.
        #[arg(long, value_name = "CARTELLA")]
        templates: Option<PathBuf>,
        /// Scrive il PDF anche su un nome che non finisce in .pdf.
        #[arg(long)]
        forza: bool,
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
        #[arg(long, value_name = "CARTELLA")]
        out: Option<PathBuf>,
        /// Una cartella di modelli che sostituiscono quelli incorporati (vedi report-templates/).
        #[arg(long, value_name = "CARTELLA")]
        templates: Option<PathBuf>,
    },
    /// Confronta due bozze (cartelle o cartelle di lavoro): che cosa è cambiato e che effetto
    /// ha avuto sui punteggi. Esce con 0 se sono uguali, 1 se differiscono, 2 in caso di errore.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione diff [OPZIONI] BOZZA_PRECEDENTE BOZZA_NUOVA")]
    Diff {
        /// La bozza precedente.
        #[arg(value_name = "BOZZA_PRECEDENTE", help_heading = "Argomenti", display_order = 1)]
        old: PathBuf,
        /// La bozza successiva.
        #[arg(value_name = "BOZZA_NUOVA", help_heading = "Argomenti", display_order = 2)]
        new: PathBuf,
        /// Il formato: testo (predefinito), tabella o json.
        #[arg(long, value_name = "FORMATO", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
        /// Scrive anche il prospetto delle modifiche in PDF.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Controlla la cartella della relazione: errori (che fermano la composizione) e avvisi.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione check [OPZIONI] [CARTELLA]")]
    Check {
        #[command(flatten)]
        cartella: Cartella,
        /// Il formato: testo (predefinito), tabella o json.
        #[arg(long, value_name = "FORMATO", value_enum, default_value_t = Formato::Testo, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
    },
    /// Mostra ogni cifra calcolata: gradi, obiettivi, unità, persone, ente.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione scores [OPZIONI] [CARTELLA]")]
    Scores {
        #[command(flatten)]
        cartella: Cartella,
        /// Il formato: tabella (predefinito), testo o json.
        #[arg(long, value_name = "FORMATO", value_enum, default_value_t = Formato::Tabella, hide_default_value = true, hide_possible_values = true)]
        format: Formato,
    },
    /// Firma il PDF (PAdES, aggiunta in coda: il file firmato contiene l'originale byte per byte)
    /// con un file .p12 o con una carta o token; con --cades scrive invece una busta .p7m.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione firma [OPZIONI] PDF (--p12 FILE | --pkcs11 MODULO)")]
    Firma(firma::ArgomentiFirma),
    /// Verifica le firme di un PDF o di un .p7m, che nulla sia cambiato dopo di esse e, con --fiducia,
    /// chi ha firmato; con --data anche che il PDF firmato sia, byte per byte, quello che la cartella
    /// produce. Esce con 0 se tutto torna, 3 se le firme sono integre ma i firmatari non accertati,
    /// 1 se no, 2 se non si può dire.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione verifica [OPZIONI] FILE")]
    Verifica(firma::ArgomentiVerifica),
    /// Crea una cartella della relazione nuova, da riempire, con esempi.
    #[command(help_template = MODELLO_AIUTO, next_help_heading = "Opzioni", override_usage = "relazione init [OPZIONI] CARTELLA")]
    Init {
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
    /// prospetto), da ridisegnare e da indicare poi con --templates.
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
/// (`relazione check comune`) or with `--data` (`relazione check --data comune`).
#[derive(clap::Args)]
pub(crate) struct Cartella {
    /// La cartella della relazione, o la sua cartella di lavoro: .xlsx, .ods, .xlsm, .xls (predefinita: data).
    #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
    posizionale: Option<PathBuf>,
    /// Come CARTELLA: la cartella della relazione, o la sua cartella di lavoro.
    #[arg(long, value_name = "CARTELLA", conflicts_with = "posizionale")]
    data: Option<PathBuf>,
}

impl Cartella {
    /// The folder named, or `data` when none is.
    fn percorso(self) -> Result<PathBuf, Errore> {
        scelta(self.posizionale.or(self.data))
    }
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

/// The format of the workbook `init` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatoLibro {
    /// Excel (.xlsx).
    Xlsx,
    /// LibreOffice (.ods).
    Ods,
}

/// How a command prints: for people, or for other programs.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Formato {
    /// Testo per le persone.
    #[value(alias = "text")]
    Testo,
    /// Una tabella allineata.
    #[value(alias = "table")]
    Tabella,
    /// JSON, per altri programmi.
    Json,
}

fn main() -> ExitCode {
    // The child that reads a workbook first, under a memory cap (src/isolamento.rs).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == relazione::isolamento::COMANDO_FIGLIO)
    {
        return relazione::isolamento::figlio();
    }
    if let Ok(programma) = std::env::current_exe() {
        relazione::isolamento::attiva(programma);
    }
    relazione::typeset::memoria::rendi_i_blocchi_grandi();
    // A defect of the program is told in Italian, with where it happened; the
    // command then ends with an error, having written no file.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "{}",
            relazione::terminale::pulito(&format!("errore interno del programma: {info}"))
        );
    }));
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
        Comando::Build {
            cartelle,
            out_dir,
            templates,
            ..
        } if cartelle.len() > 1 => Ok(costruisci_lotto(&cartelle, &out_dir, templates.as_deref())),
        Comando::Build {
            cartelle,
            data,
            out,
            templates,
            emit_typst,
            compare,
            forza,
            campi_firma,
            ..
        } => scelta(cartelle.into_iter().next().or(data)).and_then(|cartella| {
            costruisci(build::Opzioni {
                cartella,
                uscita: out,
                modelli: templates,
                emetti_typst: emit_typst,
                confronto: compare,
                forza,
                campi_firma,
                ..Default::default()
            })
        }),
        Comando::Check { cartella, format } => cartella.percorso().and_then(|c| check(&c, format)),
        Comando::Watch {
            cartella,
            out,
            templates,
            forza,
            pubblica,
        } => cartella.percorso().and_then(|cartella| {
            osserva(
                build::Opzioni {
                    cartella,
                    uscita: out,
                    modelli: templates,
                    forza,
                    ..Default::default()
                },
                pubblica,
            )
        }),
        Comando::Pubblica {
            cartella,
            out,
            templates,
        } => cartella.percorso().and_then(|cartella| {
            pubblica(relazione::pubblica::Opzioni {
                cartella,
                uscita: out,
                modelli: templates,
            })
        }),
        Comando::Diff { old, new, format, pdf } => differenze(&old, &new, format, pdf.as_deref()),
        Comando::Scores { cartella, format } => cartella.percorso().and_then(|c| scores(&c, format)),
        Comando::Init { dir, anno, formato } => crea(&dir, anno, formato == FormatoLibro::Ods),
        Comando::Modelli { dir } => comandi::modelli(&dir),
        Comando::Guida => {
            // The guide is the program's own text, printed as it is.
            println!("{}", include_str!("../../../docs/guida.md"));
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
            "manca il comando: build, check, scores, diff, watch, pubblica, init, firma o verifica".to_string()
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
/// with its place (sheet and cell, or file and line).
pub(crate) fn stampa_errore(e: &Errore, out: &mut dyn Write) {
    let problemi = e.problemi();
    let errori = problemi.iter().filter(|p| p.is_errore()).count();
    let _ = match e {
        Errore::Dati(_) => writeln!(
            out,
            "{} nei dati; nessun file è stato scritto.",
            plurale(errori, "errore", "errori")
        ),
        Errore::Typst(_) => writeln!(
            out,
            "La composizione del documento non è riuscita; nessun file è stato scritto."
        ),
        _ => Ok(()),
    };
    for p in &problemi {
        let _ = writeln!(out, "{}", riga(p));
    }
}

/// `errore  Indicatori!J2: …`, `avviso  testi/01.md, riga 4: …`.
/// One line, whatever the values it quotes hold (see `relazione::terminale`).
pub(crate) fn riga(p: &Problema) -> String {
    relazione::terminale::una_riga(&format!("{}  {p}", p.gravita)).into_owned()
}
