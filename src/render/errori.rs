//! minijinja's errors in Italian, for the texts and the templates: what is wrong
//! and the name that is missing, at its file and line — never the library's
//! English ("undefined value", "unknown filter", "syntax error: unexpected").

use crate::Errore;
use minijinja::{Error, ErrorKind};

/// The generated parts a text may place, for the message of an unknown function.
const PARTI: &str = "risultati(), albero(), grafico(\"nome\"), tabella_unita(), modifiche(), regole()";
/// The filters of the texts, for the message of an unknown filter.
const FILTRI: &str = "pct, numero, data, data_lunga, giorni, length, upper, lower, default";

/// A message already in Italian, carried by an error our own filters and
/// functions raise (see [`errore`]).
#[derive(Debug)]
struct Italiano(String);

impl std::fmt::Display for Italiano {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Italiano {}

/// An error of our filters and functions, whose message reaches the office as it is.
pub(super) fn errore(messaggio: impl Into<String>) -> Error {
    let messaggio = messaggio.into();
    Error::new(ErrorKind::InvalidOperation, messaggio.clone()).with_source(Italiano(messaggio))
}

/// A text or template error at `file` and its line; `sorgente` is the text the
/// error comes from, when the caller has it, to name the failing expression.
pub(super) fn errore_modello(file: &str, sorgente: Option<&str>, e: &Error) -> Errore {
    Errore::modello(file.to_string(), e.line(), messaggio(sorgente, e))
}

/// The failing expression: from the source at the error's span, or from the
/// detail minijinja writes for an undefined value (`` `dati.x` is undefined ``).
fn espressione(sorgente: Option<&str>, e: &Error) -> String {
    let dal_sorgente = sorgente
        .zip(e.range())
        .and_then(|(s, r)| s.get(r))
        .map(|s| s.trim().to_string());
    let dal_dettaglio = || {
        let d = e.detail()?;
        let inizio = d.find('`')? + 1;
        let fine = inizio + d[inizio..].find('`')?;
        Some(d[inizio..fine].to_string())
    };
    dal_sorgente
        .filter(|s| !s.is_empty())
        .or_else(dal_dettaglio)
        .unwrap_or_default()
}

/// The leading name of an expression: `obiettivo` of `obiettivo("X").titolo`,
/// `pippo` of `3 | pippo(2)` (after the last `|`).
fn nome(espressione: &str) -> String {
    let dopo = espressione.rsplit('|').next().unwrap_or(espressione).trim();
    dopo.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// The Italian message of a minijinja error.
pub(super) fn messaggio(sorgente: Option<&str>, e: &Error) -> String {
    if let Some(it) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<Italiano>()) {
        return it.0.clone();
    }
    let expr = espressione(sorgente, e);
    let dove = if expr.is_empty() {
        String::new()
    } else {
        format!(" in «{expr}»")
    };
    match e.kind() {
        ErrorKind::OutOfFuel => format!(
            "troppo lavoro per un testo o un modello (oltre {} milioni di istruzioni): c'è un ciclo senza fine \
             o annidato oltre misura?",
            crate::limiti::CARBURANTE_MODELLI / 1_000_000
        ),
        ErrorKind::UndefinedError => indefinito(&expr),
        ErrorKind::UnknownFilter => format!("il filtro «{}» non esiste (filtri: {FILTRI})", nome(&expr)),
        ErrorKind::UnknownFunction => format!(
            "la funzione «{}» non esiste (le parti generate sono: {PARTI})",
            nome(&expr)
        ),
        ErrorKind::UnknownTest => format!("il test «{}» non esiste{dove}", nome(&expr)),
        ErrorKind::UnknownMethod => format!("metodo sconosciuto{dove}"),
        ErrorKind::SyntaxError => sintassi(e.detail().unwrap_or_default()),
        ErrorKind::TooManyArguments => format!("troppi argomenti{dove}"),
        ErrorKind::MissingArgument => format!("manca un argomento{dove}"),
        ErrorKind::BadEscape => "una sequenza con «\\» non valida dentro una stringa fra virgolette".to_string(),
        ErrorKind::TemplateNotFound => "il modello richiesto non c'è nella cartella dei modelli".to_string(),
        ErrorKind::CannotUnpack => format!("non si possono separare i valori{dove}"),
        _ => format!("operazione non valida su questi valori{dove}"),
    }
}

/// An undefined name: a `Dati` key the sheet lacks, or a name the texts do not have.
fn indefinito(expr: &str) -> String {
    if let Some(chiave) = expr.strip_prefix("dati.") {
        return format!("il dato «{chiave}» non è nel foglio Dati (aggiungere una riga con questa Chiave)");
    }
    if expr.is_empty() {
        return "un nome non definito: vedere docs/modelli.md per i nomi che i testi possono usare".to_string();
    }
    format!("«{expr}» non esiste: vedere docs/modelli.md per i nomi che i testi possono usare")
}

/// A syntax error, from the parser's English detail to a sentence an office can act on.
fn sintassi(dettaglio: &str) -> String {
    let cosa = dettaglio.strip_prefix("unexpected ").unwrap_or(dettaglio);
    let trovato = cosa.split(", expected").next().unwrap_or(cosa).trim();
    let aiuto = "controllare che ogni «{{» abbia il suo «}}», ogni «{%» il suo «%}», ogni blocco \
                 il suo {% end… %} e che le virgolette e le parentesi siano chiuse";
    let simbolo = match trovato {
        "end of input" => {
            return format!("il testo finisce prima che un'espressione o un blocco sia chiuso: {aiuto}");
        }
        "end of variable block" => Some("}}"),
        "end of block" => Some("%}"),
        "start of variable block" => Some("{{"),
        "start of block" => Some("{%"),
        t => t.strip_prefix('`').and_then(|s| s.strip_suffix('`')),
    };
    match simbolo {
        Some(simbolo) => format!("simbolo inatteso «{simbolo}» in un'espressione: {aiuto}"),
        None => format!("errore di scrittura in un'espressione fra graffe: {aiuto}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::{Environment, UndefinedBehavior, context};

    fn errore_di(sorgente: &str) -> String {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_function("grafico", |id: String| -> Result<String, Error> {
            Err(errore(format!("il grafico «{id}» non c'è nel foglio Serie")))
        });
        let e = env
            .render_str(sorgente, context! { dati => context! { abitanti => 5 } })
            .unwrap_err();
        messaggio(Some(sorgente), &e)
    }

    #[test]
    fn every_error_is_italian_and_names_what_is_missing() {
        assert_eq!(
            errore_di("Riga\n{{ dati.popolazione }}"),
            "il dato «popolazione» non è nel foglio Dati (aggiungere una riga con questa Chiave)"
        );
        assert_eq!(
            errore_di("{{ 3 | pippo }}"),
            format!("il filtro «pippo» non esiste (filtri: {FILTRI})")
        );
        assert_eq!(
            errore_di("{{ obiettivo(\"X\") }}"),
            format!("la funzione «obiettivo» non esiste (le parti generate sono: {PARTI})")
        );
        assert_eq!(
            errore_di("{{ grafico(\"x\") }}"),
            "il grafico «x» non c'è nel foglio Serie"
        );
        assert!(errore_di("{% if 1 %}senza fine").starts_with("il testo finisce prima"));
        assert!(
            errore_di("{{ 1 + }}").starts_with("simbolo inatteso «}}»"),
            "{}",
            errore_di("{{ 1 + }}")
        );
        assert!(
            errore_di("{{ ente.nome }}").starts_with("«ente"),
            "{}",
            errore_di("{{ ente.nome }}")
        );
    }
}
