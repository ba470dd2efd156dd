//! What the workspace shows, as HTML and JSON: its page, the list of report
//! folders, the fragments its forms receive, the state the page follows.
//! Every value from a folder crosses into HTML through minijinja's escaping
//! (the templates end in `.html`), and into JSON as a string the page sets as text.

use super::banco::{Buono, Stato, Ultimo};
use crate::format::plurale;
use crate::problem::{Gravita, Problema};
use crate::spiega::Spiegazione;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};
use serde::Serialize;
use std::sync::LazyLock;

pub(super) const CSS: &str = include_str!("risorse/pagina.css");
pub(super) const JS: &str = include_str!("risorse/pagina.js");

static AMBIENTE: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (nome, testo) in [
        ("pagina.html", include_str!("risorse/pagina.html")),
        ("cartelle.html", include_str!("risorse/cartelle.html")),
        ("spiegazione.html", include_str!("risorse/spiegazione.html")),
        ("testo.html", "<p>{{ testo }}</p>\n"),
        (
            "confronto.html",
            "<pre tabindex=\"0\">{{ testo }}</pre>\n{% if pdf %}<p><a href=\"{{ pdf.indirizzo }}\" \
             target=\"_blank\" rel=\"noopener\">Il PDF con le modifiche segnate</a> (scritto in \
             <code>{{ pdf.file }}</code>)</p>{% endif %}{% if errore %}<p class=\"errore\">{{ errore }}</p>{% endif %}\n",
        ),
    ] {
        env.add_template(nome, testo)
            .expect("the workspace's templates are valid");
    }
    env
});

fn rendi(nome: &str, ctx: Value) -> String {
    AMBIENTE
        .get_template(nome)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| format!("<p>errore interno della pagina: {}</p>", html_escape(&e.to_string())))
}

fn html_escape(s: &str) -> String {
    minijinja::HtmlEscape(s).to_string()
}

/// The workspace of one report folder.
pub(super) fn pagina(titolo: &str, cartella: &str, altre: bool, bozze: &[String]) -> String {
    rendi(
        "pagina.html",
        context! { titolo => titolo, cartella => cartella, altre => altre, bozze => Value::from(Serde(bozze)) },
    )
}

/// A report folder of the list: its name, and what it holds (`Comune di … 2025`)
/// or why it cannot be read.
#[derive(Serialize)]
pub(super) struct Voce {
    pub nome: String,
    pub descrizione: String,
}

/// The list of the report folders of `radice`, with the form to create one.
pub(super) fn cartelle(radice: &str, cartelle: &[Voce], errore: Option<&str>, anno: i32) -> String {
    rendi(
        "cartelle.html",
        context! { radice => radice, cartelle => Value::from(Serde(cartelle)), errore => errore, anno => anno },
    )
}

/// The guide for the office as a page, each heading with an anchor named
/// after its words (`#4-i-messaggi-che-cosa-dicono-e-che-cosa-fare`). It is
/// the program's own text; any HTML in it would be shown as text all the same.
pub(super) fn guida() -> String {
    use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
    let mut eventi: Vec<Event> = Parser::new_ext(crate::stampa::GUIDA, Options::ENABLE_TABLES)
        .map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            e => e,
        })
        .collect();
    for i in 0..eventi.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &eventi[i] {
            let mut parole = String::new();
            for e in &eventi[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => parole.push_str(t),
                    _ => {}
                }
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut eventi[i] {
                *id = Some(CowStr::from(ancora(&parole)));
            }
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, eventi.into_iter());
    format!(
        "<!doctype html>\n<html lang=\"it\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Guida per l'ufficio · relazione</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"pagina.css\">\n</head>\n<body class=\"guida\">\n<main>\n{html}</main>\n</body>\n</html>\n"
    )
}

/// The anchor of a heading: its words in lower case, joined by `-`
/// (`4. I messaggi: che cosa…` → `4-i-messaggi-che-cosa…`).
fn ancora(parole: &str) -> String {
    parole
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A paragraph of text.
pub(super) fn testo(t: &str) -> String {
    rendi("testo.html", context! { testo => t })
}

/// How a figure was computed: the figure, then its steps with their cells.
pub(super) fn spiegazione(s: &Spiegazione) -> String {
    rendi(
        "spiegazione.html",
        context! { s => Value::from(Serde(s)), figura => crate::stampa::spiegazione_figura(s) },
    )
}

/// The differences from a previous draft, as `relazione confronta` prints
/// them, and the PDF that marks them (its address on the page and its file),
/// or why it could not be made.
pub(super) fn confronto(testo: &str, pdf: Option<(&str, &str)>, errore: Option<&str>) -> String {
    let pdf = pdf.map(|(indirizzo, file)| context! { indirizzo => indirizzo, file => file });
    rendi(
        "confronto.html",
        context! { testo => testo, pdf => pdf, errore => errore },
    )
}

/// A problem as the page lists it.
#[derive(Serialize)]
struct VoceProblema {
    gravita: String,
    dove: String,
    valore: Option<String>,
    messaggio: String,
}

/// What the page shows of the state, as it follows it (`GET stato`).
#[derive(Serialize)]
pub(super) struct Vista {
    /// No folder open: the page is the list of folders.
    scelta: bool,
    /// `in-corso`, `pronto`, `errori`.
    esito: &'static str,
    /// The status line: `Composta alle 14:32:05 in 0,8 s, 74 pagine. Cambiati: foglio Indicatori.`
    riga: String,
    /// `2 errori, 1 avviso`.
    riassunto: String,
    problemi: Vec<VoceProblema>,
    /// The version of the document shown (0: none yet).
    versione: u64,
    /// The page's title once a document is built: `Relazione sulla performance 2025 — Comune di …`.
    titolo: Option<String>,
}

/// The title of the page of a report: `Relazione sulla performance 2025 — Comune di …`.
pub(super) fn titolo(b: &Buono) -> String {
    let e = &b.relazione.piano().ente;
    format!("Relazione sulla performance {} — {}", e.anno, e.nome)
}

fn secondi(d: std::time::Duration) -> String {
    format!("{:.1}", d.as_secs_f64()).replace('.', ",")
}

fn cambiati(u: &Ultimo) -> String {
    if u.cambiamenti.is_empty() {
        String::new()
    } else {
        format!(" Cambiati: {}.", u.cambiamenti.join(", "))
    }
}

fn riga(ultimo: Option<&Ultimo>, buono: Option<&Buono>, in_corso: bool) -> String {
    match (ultimo, buono) {
        (None, _) if in_corso => "Composizione in corso…".into(),
        (None, _) => "Nessuna composizione ancora.".into(),
        (Some(u), Some(b)) if u.riuscito => format!(
            "Composta alle {} in {} s, {}.{}",
            u.ora,
            secondi(u.durata),
            plurale(b.pagine, "pagina", "pagine"),
            cambiati(u)
        ),
        (Some(u), Some(b)) => format!(
            "Alle {} la composizione si è fermata per errori: resta mostrato il documento delle {}.{}",
            u.ora,
            b.ora,
            cambiati(u)
        ),
        (Some(u), None) => format!(
            "Alle {} la composizione si è fermata per errori: ancora nessun documento.{}",
            u.ora,
            cambiati(u)
        ),
    }
}

fn riassunto(problemi: &[Problema]) -> String {
    let errori = problemi.iter().filter(|p| p.gravita == Gravita::Errore).count();
    let avvisi = problemi.len() - errori;
    match (errori, avvisi) {
        (0, 0) => "Nessun errore, nessun avviso.".into(),
        (0, a) => format!("Nessun errore; {}.", plurale(a, "avviso", "avvisi")),
        (e, 0) => format!(
            "{}: la composizione è ferma finché non sono corretti.",
            plurale(e, "errore", "errori")
        ),
        (e, a) => format!(
            "{} e {}: la composizione è ferma finché gli errori non sono corretti.",
            plurale(e, "errore", "errori"),
            plurale(a, "avviso", "avvisi")
        ),
    }
}

pub(super) fn vista(s: &Stato) -> Vista {
    let ultimo = s.ultimo.as_ref();
    let problemi = ultimo.map_or(&[][..], |u| &u.problemi[..]);
    Vista {
        scelta: s.cartella.is_none(),
        esito: match ultimo {
            None => "in-corso",
            Some(u) if u.riuscito => "pronto",
            Some(_) => "errori",
        },
        riga: riga(ultimo, s.buono.as_ref(), s.in_corso),
        riassunto: if ultimo.is_some() {
            riassunto(problemi)
        } else {
            "—".into()
        },
        problemi: problemi
            .iter()
            .map(|p| VoceProblema {
                gravita: p.gravita.to_string(),
                dove: p.dove(),
                valore: p.valore.clone(),
                messaggio: p.messaggio.clone(),
            })
            .collect(),
        versione: s.buono.as_ref().map_or(0, |b| b.versione),
        titolo: s.buono.as_ref().map(titolo),
    }
}
