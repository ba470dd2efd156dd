//! The narrative texts (`testi/*.md`, already evaluated) into HTML for the web
//! edition. Text is always escaped (raw HTML in a text prints as text), links
//! keep only web, mail and in-page addresses, headings move one level down
//! (the page's own title is the only `h1`), `---` (a new page of the PDF) is
//! dropped, and the placeholders of generated
//! parts (`albero`, `grafico:id`…) become the blocks the callback gives.

use super::escape::{self, FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO};
use super::markdown::Segnaposto;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A section of the page (a `#` heading of a text): its anchor and title, for
/// the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sezione {
    /// The anchor: `s-premessa`.
    pub id: String,
    /// The heading as printed.
    pub titolo: String,
}

/// The anchors already given on a page, so that each is unique.
#[derive(Debug, Default)]
pub struct Ancore(std::collections::BTreeSet<String>);

impl Ancore {
    /// A new anchor from a title: `1 – Presentazione` → `s-1-presentazione`.
    pub fn nuova(&mut self, titolo: &str) -> String {
        let base = format!("s-{}", ancora(titolo));
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// Letters and digits of a text, lower case, the rest as single hyphens: an
/// anchor or a file name that any browser and server take as it is.
pub fn ancora(testo: &str) -> String {
    let mut out = String::new();
    for c in testo.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "x".into()
    } else {
        out.chars().take(60).collect()
    }
}

/// Whether a link may stay a link on a public page: web and mail addresses,
/// anchors in the page and paths inside the edition; `javascript:`, `data:`,
/// `file:` and any other scheme print as plain text.
fn indirizzo_ammesso(url: &str) -> bool {
    let minuscolo = url.trim().to_ascii_lowercase();
    let schema = minuscolo.split_once(':').map(|(s, _)| s);
    match schema {
        Some("http" | "https" | "mailto" | "tel") => true,
        Some(s) => s.contains('/') || s.contains('#') || s.contains('?'),
        None => !minuscolo.starts_with("//"),
    }
}

/// Where the web edition ships an image of the report folder, and so the
/// address the page gives it: in `immagini/` (the folder's own `immagini/`
/// keeps its names), the path's folders and name joined by `_`, each keeping only letters, digits, `.`, `-` and `_`. Always
/// a file beside the page, never an address elsewhere: the folders
/// `https:/evil.example/x.png` of a report folder are, as written, another
/// site's address in a browser, and `data:…#.png` an image that is no file.
pub fn indirizzo_immagine(percorso: &str) -> String {
    let parti: Vec<String> = percorso
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .map(|parte| {
            parte
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        })
        .collect();
    // The folder's own `immagini/` keeps its names.
    let parti = match parti.split_first() {
        Some((primo, resto)) if primo == CARTELLA_IMMAGINI && !resto.is_empty() => resto,
        _ => &parti[..],
    };
    format!("{CARTELLA_IMMAGINI}/{}", parti.join("_"))
}

/// The folder of the web edition that holds the images of the report folder.
pub const CARTELLA_IMMAGINI: &str = "immagini";

/// The HTML of a text, with the sections its `#` headings open.
pub struct TestoHtml {
    pub html: String,
    pub sezioni: Vec<Sezione>,
    /// The images it shows, as paths inside the report folder.
    pub immagini: Vec<String>,
}

/// Converts an evaluated text to HTML.
pub fn in_html(md: &str, ancore: &mut Ancore, segnaposto: &Segnaposto<'_>) -> Result<TestoHtml, String> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let eventi: Vec<Event<'_>> = Parser::new_ext(md, opts).collect();
    let mut c = Conversione {
        out: Vec::with_capacity(eventi.len()),
        sezioni: Vec::new(),
        immagini: Vec::new(),
        link_tenuti: Vec::new(),
        in_paragrafo: false,
        in_codice: false,
        immagini_aperte: 0,
    };
    let mut i = 0;
    while i < eventi.len() {
        if let Event::Start(Tag::Heading { level, .. }) = eventi[i] {
            let fine = eventi[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(eventi.len(), |p| i + p);
            c.titolo(level, &testo_semplice(&eventi[i + 1..fine]), ancore);
            i = fine + 1;
        } else {
            c.evento(eventi[i].clone(), segnaposto)?;
            i += 1;
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, c.out.into_iter());
    // A placeholder alone on its line leaves an empty paragraph around its block.
    let html = html.replace("<p></p>\n", "").replace("<p></p>", "");
    Ok(TestoHtml {
        html,
        sezioni: c.sezioni,
        immagini: c.immagini,
    })
}

/// The state of a conversion: the events to write and what is open.
struct Conversione<'a> {
    out: Vec<Event<'a>>,
    sezioni: Vec<Sezione>,
    immagini: Vec<String>,
    /// Open links: whether each was kept (see [`indirizzo_ammesso`]).
    link_tenuti: Vec<bool>,
    in_paragrafo: bool,
    /// In a code block: its text goes as it is, lines and quotes kept.
    in_codice: bool,
    /// Open images: inside one, text is its alternative (and an image in it is
    /// only words).
    immagini_aperte: usize,
}

impl<'a> Conversione<'a> {
    /// A heading, one level down, as plain text; a `#` one opens a section.
    fn titolo(&mut self, level: HeadingLevel, titolo: &str, ancore: &mut Ancore) {
        let titolo = escape::tipografia(titolo.trim());
        let livello = piu_uno(level);
        let id = (level == HeadingLevel::H1).then(|| ancore.nuova(&titolo));
        if let Some(id) = &id {
            self.sezioni.push(Sezione {
                id: id.clone(),
                titolo: titolo.clone(),
            });
        }
        self.out.push(Event::Start(Tag::Heading {
            level: livello,
            id: id.map(CowStr::from),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.out.push(Event::Text(titolo.into()));
        self.out.push(Event::End(TagEnd::Heading(livello)));
    }

    fn evento(&mut self, ev: Event<'a>, segnaposto: &Segnaposto<'_>) -> Result<(), String> {
        let out = &mut self.out;
        match ev {
            // Raw HTML in a text is text: shown, never obeyed.
            Event::Start(Tag::Paragraph | Tag::HtmlBlock) => {
                self.in_paragrafo = true;
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph | TagEnd::HtmlBlock) => {
                self.in_paragrafo = false;
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::Html(t) | Event::InlineHtml(t) => out.push(Event::Text(t)),
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let tenuto = indirizzo_ammesso(dest_url);
                self.link_tenuti.push(tenuto);
                if tenuto {
                    out.push(ev);
                }
            }
            Event::End(TagEnd::Link) => {
                if self.link_tenuti.pop() == Some(true) {
                    out.push(ev);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if self.immagini_aperte == 0 {
                    self.immagini.push(dest_url.to_string());
                }
                self.immagini_aperte += 1;
                // The page shows the copy it ships, never the path as an address.
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: indirizzo_immagine(&dest_url).into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.immagini_aperte = self.immagini_aperte.saturating_sub(1);
                out.push(ev);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_codice = true;
                out.push(ev);
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_codice = false;
                out.push(ev);
            }
            Event::Text(t) if self.in_codice => {
                let t: String = t
                    .chars()
                    .filter(|c| *c != INIZIO_SEGNAPOSTO && *c != FINE_SEGNAPOSTO)
                    .collect();
                out.push(Event::Text(t.into()));
            }
            // A generated part is a block: inside an image's alternative or a
            // link it would break them, so there it is left out.
            Event::Text(t) if self.immagini_aperte > 0 || !self.link_tenuti.is_empty() => {
                out.push(Event::Text(escape::tipografia(&t).into()));
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(
                    "<div class=\"scorre\" tabindex=\"0\" role=\"region\" aria-label=\"Tabella del testo\">".into(),
                ));
                out.push(ev);
            }
            Event::End(TagEnd::Table) => {
                out.push(ev);
                out.push(Event::Html("</div>\n".into()));
            }
            Event::Text(t) => testo(&t, out, self.in_paragrafo, segnaposto)?,
            // `---` starts a new page of the PDF; a web page has none.
            Event::Rule => {}
            altro => out.push(altro),
        }
        Ok(())
    }
}

/// The plain text of a run of events (a heading's).
fn testo_semplice(eventi: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in eventi {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                s.extend(t.chars().filter(|c| *c != INIZIO_SEGNAPOSTO && *c != FINE_SEGNAPOSTO))
            }
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn piu_uno(l: HeadingLevel) -> HeadingLevel {
    match l {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A run of text, typographic quotes applied, with the placeholders of generated
/// parts turned into their blocks (closing and reopening the paragraph around).
fn testo<'a>(t: &str, out: &mut Vec<Event<'a>>, in_paragrafo: bool, segnaposto: &Segnaposto<'_>) -> Result<(), String> {
    let mut resto = t;
    while let Some(i) = resto.find(INIZIO_SEGNAPOSTO) {
        if i > 0 {
            out.push(Event::Text(escape::tipografia(&resto[..i]).into()));
        }
        let dopo = &resto[i + INIZIO_SEGNAPOSTO.len_utf8()..];
        let Some(j) = dopo.find(FINE_SEGNAPOSTO) else { break };
        let blocco = segnaposto(&dopo[..j])?;
        if in_paragrafo {
            out.push(Event::End(TagEnd::Paragraph));
        }
        out.push(Event::Html(format!("\n{blocco}\n").into()));
        if in_paragrafo {
            out.push(Event::Start(Tag::Paragraph));
        }
        resto = &dopo[j + FINE_SEGNAPOSTO.len_utf8()..];
    }
    if !resto.is_empty() {
        out.push(Event::Text(escape::tipografia(resto).into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nessuno(_: &str) -> Result<String, String> {
        Err("nessun segnaposto".into())
    }

    fn html(md: &str) -> String {
        in_html(md, &mut Ancore::default(), &nessuno).unwrap().html
    }

    #[test]
    fn raw_html_and_scripts_are_text() {
        let h = html("Testo <script>alert(1)</script> e <img src=x onerror=alert(2)>\n\n<div>blocco</div>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<div>"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
    }

    #[test]
    fn only_web_mail_and_page_links_stay_links() {
        let h = html(
            "[a](javascript:alert(1)) [b](https://www.to.camcom.it) [c](DATA:text/html,x) [d](#s-x) [e](mailto:a@b.it)",
        );
        assert!(!h.to_lowercase().contains("javascript:"), "{h}");
        assert!(!h.to_lowercase().contains("data:"), "{h}");
        assert!(h.contains("<a href=\"https://www.to.camcom.it\">b</a>"), "{h}");
        assert!(h.contains("<a href=\"#s-x\">d</a>"), "{h}");
        assert!(h.contains("<a href=\"mailto:a@b.it\">e</a>"), "{h}");
        // The refused ones keep their words, as text.
        assert!(h.starts_with("<p>a <a href") && h.contains(" c <a href"), "{h}");
    }

    #[test]
    fn headings_move_down_and_sections_get_anchors() {
        let mut ancore = Ancore::default();
        let t = in_html(
            "# 1 – Presentazione\n\n## Dettaglio\n\n# 1 – Presentazione\n",
            &mut ancore,
            &nessuno,
        )
        .unwrap();
        assert!(
            t.html.contains("<h2 id=\"s-1-presentazione\">1 – Presentazione</h2>"),
            "{}",
            t.html
        );
        assert!(t.html.contains("<h3>Dettaglio</h3>"), "{}", t.html);
        assert_eq!(t.sezioni[1].id, "s-1-presentazione-2");
    }

    #[test]
    fn a_placeholder_alone_is_a_block_not_in_a_paragraph() {
        let md = format!("Prima.\n\n{INIZIO_SEGNAPOSTO}albero{FINE_SEGNAPOSTO}\n\nDopo.");
        let t = in_html(&md, &mut Ancore::default(), &|s| Ok(format!("<figure>{s}</figure>"))).unwrap();
        assert_eq!(
            t.html, "<p>Prima.</p>\n\n<figure>albero</figure>\n<p>Dopo.</p>\n",
            "{}",
            t.html
        );
    }

    #[test]
    fn code_keeps_its_lines_and_quotes() {
        let h = html("```\nriga \"uno\"\nl'altra\n```\n");
        assert!(h.contains("<pre><code>riga \"uno\"\nl'altra\n</code></pre>"), "{h}");
    }

    #[test]
    fn only_the_images_shown_travel() {
        let t = in_html(
            "![a ![b](pagina.html)](immagini/a.png)",
            &mut Ancore::default(),
            &nessuno,
        )
        .unwrap();
        assert_eq!(t.immagini, ["immagini/a.png"]);
    }

    #[test]
    fn anchors_are_plain() {
        assert_eq!(
            ancora("Allegato 1 – Rendicontazione àè"),
            "allegato-1-rendicontazione-ae"
        );
        assert_eq!(ancora("OS01.1.1"), "os01-1-1");
        assert_eq!(ancora("–"), "x");
    }
}
