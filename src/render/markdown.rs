//! The narrative texts (`testi/*.md`, Markdown) into Typst markup. Every piece of
//! text becomes a Typst string literal; only the structure (paragraphs,
//! headings, emphasis, lists, tables, links) becomes markup.

use super::escape::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO, literale, stringa};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a placeholder of a generated part turns into; `None` for an unknown one.
pub type Segnaposto<'a> = dyn Fn(&str) -> Result<String, String> + 'a;

/// Converts Markdown to Typst markup. `segnaposto` turns the placeholders of
/// generated parts (`grafico:id`, `albero`, …) into Typst calls.
pub fn in_typst(md: &str, segnaposto: &Segnaposto<'_>) -> Result<String, String> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut c = Conversione {
        segnaposto,
        out: String::new(),
        liste: Vec::new(),
        titolo: None,
        tabella: None,
        immagine: None,
        codice: None,
        aperti: Vec::new(),
    };
    for ev in Parser::new_ext(md, opts) {
        c.evento(ev)?;
    }
    Ok(c.out)
}

/// The state of a conversion: what is open while the events stream by.
struct Conversione<'s, 'a> {
    segnaposto: &'s Segnaposto<'a>,
    out: String,
    /// Open lists: the start number of an ordered one.
    liste: Vec<Option<u64>>,
    /// A heading being collected (plain text only).
    titolo: Option<(HeadingLevel, String)>,
    tabella: Option<Tabella>,
    /// An image being collected: its path and text alternative.
    immagine: Option<(String, String)>,
    /// A code block being collected.
    codice: Option<String>,
    /// Emphasis, links and quotes: whether each open one was written (see `apri`).
    aperti: Vec<bool>,
}

impl Conversione<'_, '_> {
    fn evento(&mut self, ev: Event<'_>) -> Result<(), String> {
        if self.codice.is_some() {
            self.in_codice(ev);
        } else if self.titolo.is_some() {
            self.in_titolo(ev);
        } else if self.immagine.is_some() {
            self.in_immagine(ev);
        } else {
            match ev {
                Event::Start(tag) => self.inizio(tag),
                Event::End(tag) => self.fine(tag),
                Event::Text(t) => testo(&t, &mut self.out, self.segnaposto)?,
                Event::Code(t) => self.out.push_str(&format!("#raw({});", literale(&t))),
                Event::SoftBreak => self.out.push_str("#\" \";"),
                Event::HardBreak => self.out.push_str("#linebreak();"),
                // A thematic break (`---`) starts a new page.
                Event::Rule => self.out.push_str("\n#pagebreak(weak: true)\n"),
                Event::Html(t) | Event::InlineHtml(t) => self.out.push_str(&format!("#{};", stringa(&t))),
                _ => {}
            }
        }
        Ok(())
    }

    fn in_codice(&mut self, ev: Event<'_>) {
        match ev {
            Event::Text(t) => self.codice.get_or_insert_default().push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let testo = self.codice.take().unwrap_or_default();
                self.out
                    .push_str(&format!("\n#raw(block: true, {})\n", literale(&testo)));
            }
            _ => {}
        }
    }

    /// Inside a heading, plain text only.
    fn in_titolo(&mut self, ev: Event<'_>) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, testo)) = self.titolo.as_mut() {
                    testo.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, testo)) = self.titolo.as_mut() {
                    testo.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((livello, testo)) = self.titolo.take() else {
                    return;
                };
                let testo = testo.trim();
                match livello {
                    HeadingLevel::H1 => self.out.push_str(&format!("\n#sezione({})\n", stringa(testo))),
                    l => self
                        .out
                        .push_str(&format!("\n#heading(level: {}, {})\n", livello_num(l), stringa(testo))),
                }
            }
            _ => {}
        }
    }

    /// Inside an image, its text alternative.
    fn in_immagine(&mut self, ev: Event<'_>) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = self.immagine.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                let Some((src, alt)) = self.immagine.take() else { return };
                self.out
                    .push_str(&format!("#immagine-testo({}, {});", literale(&src), stringa(&alt)));
            }
            _ => {}
        }
    }

    fn inizio(&mut self, tag: Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Heading { level, .. } => self.titolo = Some((level, String::new())),
            Tag::Emphasis => apri(&mut self.aperti, out, "#emph["),
            Tag::Strong => apri(&mut self.aperti, out, "#strong["),
            Tag::Strikethrough => apri(&mut self.aperti, out, "#strike["),
            // A link the PDF may keep opens it; another keeps its words only.
            Tag::Link { dest_url, .. } if indirizzo_per_il_pdf(&dest_url) => {
                apri(&mut self.aperti, out, &format!("#link({})[", literale(dest_url.trim())))
            }
            Tag::Link { .. } => self.aperti.push(false),
            Tag::Image { dest_url, .. } => self.immagine = Some((dest_url.to_string(), String::new())),
            Tag::List(inizio) => {
                self.liste.push(inizio);
                out.push('\n');
            }
            Tag::Item => {
                let rientro = "  ".repeat(self.liste.len().saturating_sub(1).min(MASSIMO_ANNIDAMENTO));
                let segno = if self.liste.last().copied().flatten().is_some() {
                    "+"
                } else {
                    "-"
                };
                out.push_str(&format!("\n{rientro}{segno} "));
            }
            Tag::BlockQuote(_) => apri(&mut self.aperti, out, "\n#quote(block: true)["),
            Tag::CodeBlock(_) => self.codice = Some(String::new()),
            Tag::Table(allineamenti) => {
                self.tabella = Some(Tabella {
                    allineamenti,
                    celle: Vec::new(),
                    intestazione: Vec::new(),
                    in_testa: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.tabella.as_mut() {
                    t.in_testa = true;
                }
            }
            Tag::TableCell => out.push('\u{1}'),
            _ => {}
        }
    }

    fn fine(&mut self, tag: TagEnd) {
        let out = &mut self.out;
        match tag {
            TagEnd::Paragraph => out.push_str("\n\n"),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                chiudi(&mut self.aperti, out, "];")
            }
            TagEnd::List(_) => {
                self.liste.pop();
                out.push('\n');
            }
            TagEnd::BlockQuote(_) => chiudi(&mut self.aperti, out, "]\n"),
            TagEnd::TableHead => {
                if let Some(t) = self.tabella.as_mut() {
                    t.in_testa = false;
                }
            }
            TagEnd::TableCell => {
                let Some(inizio) = out.rfind('\u{1}') else { return };
                let cella = out[inizio + 1..].to_string();
                out.truncate(inizio);
                if let Some(t) = self.tabella.as_mut() {
                    if t.in_testa {
                        t.intestazione.push(cella)
                    } else {
                        t.celle.push(cella)
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.tabella.take() {
                    out.push_str(&t.in_typst());
                }
            }
            _ => {}
        }
    }
}

/// How deep emphasis, links, quotes and lists may nest: deeper ones (which no
/// report needs) are flattened, since Typst stops parsing beyond a depth.
const MASSIMO_ANNIDAMENTO: usize = 12;

/// Whether a link of a text may be a link of the PDF: a web page (`http`,
/// `https`) or an e-mail address (`mailto`). Any other — `javascript:`,
/// `file:`, `smb:`, `data:`, `vbscript:`, a path — would let a click on the
/// signed document run something or open a file of the reader's computer.
pub fn indirizzo_per_il_pdf(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(char::is_control) {
        return false;
    }
    let Some((schema, resto)) = url.split_once(':') else {
        return false;
    };
    match schema.to_ascii_lowercase().as_str() {
        "http" | "https" => resto.starts_with("//") && resto.len() > 2,
        "mailto" => !resto.is_empty(),
        _ => false,
    }
}

fn apri(aperti: &mut Vec<bool>, out: &mut String, apertura: &str) {
    let scritto = aperti.iter().filter(|x| **x).count() < MASSIMO_ANNIDAMENTO;
    if scritto {
        out.push_str(apertura);
    }
    aperti.push(scritto);
}

fn chiudi(aperti: &mut Vec<bool>, out: &mut String, chiusura: &str) {
    if aperti.pop() == Some(true) {
        out.push_str(chiusura);
    }
}

fn livello_num(l: HeadingLevel) -> usize {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A run of text: string literals, with the placeholders of generated parts
/// turned into their Typst calls.
fn testo(t: &str, out: &mut String, segnaposto: &Segnaposto<'_>) -> Result<(), String> {
    let mut resto = t;
    while let Some(i) = resto.find(INIZIO_SEGNAPOSTO) {
        if i > 0 {
            out.push_str(&format!("#{};", stringa(&resto[..i])));
        }
        let dopo = &resto[i + INIZIO_SEGNAPOSTO.len_utf8()..];
        let Some(j) = dopo.find(FINE_SEGNAPOSTO) else { break };
        out.push_str(&format!("\n{}\n", segnaposto(&dopo[..j])?));
        resto = &dopo[j + FINE_SEGNAPOSTO.len_utf8()..];
    }
    if !resto.is_empty() {
        out.push_str(&format!("#{};", stringa(resto)));
    }
    Ok(())
}

struct Tabella {
    allineamenti: Vec<Alignment>,
    intestazione: Vec<String>,
    celle: Vec<String>,
    in_testa: bool,
}

impl Tabella {
    fn in_typst(&self) -> String {
        let n = self.allineamenti.len().max(1);
        let allinea: Vec<&str> = self
            .allineamenti
            .iter()
            .map(|a| match a {
                Alignment::Right => "right",
                Alignment::Center => "center",
                _ => "left",
            })
            .collect();
        let cella = |c: &String| format!("[{}]", c.trim());
        let testa: Vec<String> = self.intestazione.iter().map(cella).collect();
        let corpo: Vec<String> = self.celle.iter().map(cella).collect();
        // A Typst array: `()` when empty (a lone comma does not parse), else with a trailing comma.
        let array = |voci: Vec<String>| {
            if voci.is_empty() {
                "()".to_string()
            } else {
                format!("({},)", voci.join(", "))
            }
        };
        format!(
            "\n#tabella-testo(colonne: {n}, allineamenti: {}, intestazione: {}, celle: {})\n",
            array(allinea.iter().map(|a| format!("\"{a}\"")).collect()),
            array(testa),
            array(corpo),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nessuno(_: &str) -> Result<String, String> {
        Err("nessun segnaposto".into())
    }

    #[test]
    fn text_is_never_markup() {
        let t = in_typst(
            r#"Un nome come #read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f"#,
            &nessuno,
        )
        .unwrap();
        // Typst syntax stays inside string literals; Markdown's own (*a*, _b_) keeps its meaning.
        assert!(
            t.starts_with("#\"Un nome come #read(«/etc/passwd») $x$ \";#emph[#\"a\";];"),
            "{t}"
        );
        assert!(t.contains("#\" @c \";#\"<d>\";"), "{t}");
        assert!(t.contains("#\" // f\";"), "{t}");
    }

    #[test]
    fn structure_becomes_markup() {
        let t = in_typst(
            "# 1 – Risultati\n\nTesto *importante* e **forte**.\n\n- uno\n- due\n",
            &nessuno,
        )
        .unwrap();
        assert!(t.contains("#sezione(\"1 – Risultati\")"), "{t}");
        assert!(t.contains("#emph[#\"importante\";];"), "{t}");
        assert!(t.contains("#strong[#\"forte\";];"), "{t}");
        assert!(t.contains("\n- #\"uno\";"), "{t}");
    }

    #[test]
    fn placeholders_become_calls() {
        let md = format!("Prima {INIZIO_SEGNAPOSTO}grafico:x{FINE_SEGNAPOSTO} dopo");
        let t = in_typst(&md, &|s| Ok(format!("#grafico({})", literale(s)))).unwrap();
        assert!(t.contains("#\"Prima \";\n#grafico(\"grafico:x\")\n#\" dopo\";"), "{t}");
        assert!(in_typst(&md, &nessuno).is_err());
    }
}

#[cfg(test)]
mod analisi {
    use super::*;

    /// Whatever the text, the generated markup is valid Typst (the regression
    /// cases of the `markdown` fuzz target live here too).
    #[test]
    fn generated_markup_always_parses() {
        let casi = [
            r#"#read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f"#,
            "# Titolo con *enfasi* e `codice`\n\ntesto",
            "- uno\n  - due\n    1. tre\n\n> citazione [link](http://x?a=\"b\"&c=]) ![img](a b.png)",
            "| a | b |\n|:-|-:|\n| `c` | **d** |\n",
            "```\ncodice con \" e \\ e ]\n```",
            "testo\\\nnuova riga <b>html</b> &amp; \u{E000}x\u{E001}",
            "***\n\n---\n\n~~barrato~~",
            "[",
            "]",
            "\\",
            "`",
            "*_*_*_",
            "1.",
            "<!-- commento -->",
            "[![a](b)](c)",
            "# ",
            // Found by the fuzzer: a table with a header and no body row; quotes nested
            // beyond Typst's parsing depth.
            "|(''*(\n -|",
            "`\u{14}z\n>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>\u{b}=\n-\t[\t=]",
        ];
        let profondi = [
            format!("{}a{}", "_*".repeat(60), "*_".repeat(60)),
            (0..100)
                .map(|i| format!("{}- x", "  ".repeat(i)))
                .collect::<Vec<_>>()
                .join("\n"),
            (0..100).map(|_| "[".to_string()).collect::<String>() + "x" + &"](u)".repeat(100),
        ];
        for md in casi.iter().copied().chain(profondi.iter().map(String::as_str)) {
            let typst = in_typst(md, &|x| Ok(format!("#grafico({})", literale(x)))).unwrap();
            let albero = typst::syntax::parse(&typst);
            let (errori, _) = albero.errors_and_warnings();
            assert!(errori.is_empty(), "{md:?}:\n{typst}\n{errori:?}");
        }
    }
}
