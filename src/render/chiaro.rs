//! A narrative text as a reader reads it, for the prospetto delle modifiche:
//! the Markdown's marks gone (`# Premessa` is `Premessa`), the generated parts
//! named in words (`[grafico: Personale per area]`), the page breaks said.

use super::escape::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO};
use super::vista::Vista;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The plain text of an evaluated Markdown text, one paragraph per line.
pub(super) fn in_chiaro(md: &str, vista: &Vista) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&parti(&t, vista)),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Item) => out.push_str("• "),
            Event::Start(Tag::Image { .. }) => out.push_str("[immagine: "),
            Event::End(TagEnd::Image) => out.push(']'),
            Event::End(TagEnd::TableCell) => out.push_str(" · "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead,
            ) => out.push('\n'),
            Event::Rule => out.push_str("[pagina nuova]\n"),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// The placeholders of the generated parts, named in words.
fn parti(testo: &str, vista: &Vista) -> String {
    let mut out = String::new();
    let mut resto = testo;
    while let Some(inizio) = resto.find(INIZIO_SEGNAPOSTO) {
        out.push_str(&resto[..inizio]);
        let dopo = &resto[inizio + INIZIO_SEGNAPOSTO.len_utf8()..];
        let Some(fine) = dopo.find(FINE_SEGNAPOSTO) else {
            resto = dopo;
            break;
        };
        out.push_str(&format!("[{}]", nome_parte(&dopo[..fine], vista)));
        resto = &dopo[fine + FINE_SEGNAPOSTO.len_utf8()..];
    }
    out.push_str(resto);
    out
}

fn nome_parte(parte: &str, vista: &Vista) -> String {
    match parte.split_once(':') {
        Some(("grafico", id)) => format!("grafico: {}", vista.grafici.get(id).map_or(id, |g| g.titolo.as_str())),
        _ => match parte {
            "albero" => "l'albero della performance".into(),
            "risultati" => "i principali risultati".into(),
            "modifiche" => "la tabella delle modifiche deliberate".into(),
            "tabella_unita" => format!("la tabella {}", vista.ente.parole.delle_unita),
            "regole" => "le regole di calcolo".into(),
            "distribuzione" => "la distribuzione delle valutazioni individuali".into(),
            altro => altro.into(),
        },
    }
}
