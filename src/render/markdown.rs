//! The narrative texts (`testi/*.md`, Markdown) into Typst markup. Every piece of
//! text becomes a Typst string literal; only the structure (paragraphs,
//! headings, emphasis, lists, tables, links) becomes markup.

use super::escape::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO, literale, stringa};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a placeholder of a generated part turns into; `None` for an unknown one.
pub type Segnaposto<'a> = dyn Fn(&str) -> Result<String, String> + 'a;

/// Converts Markdown to Typst markup. `segnaposto` turns the placeholders of
/// generated parts (`grafico:id`, `albero`, …) into Typst calls; `immagine`
/// turns an image path of the text into the virtual path Typst reads.
pub fn in_typst(md: &str, segnaposto: &Segnaposto<'_>) -> Result<String, String> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::new();
    let mut liste: Vec<Option<u64>> = Vec::new();
    let mut titolo: Option<(HeadingLevel, String)> = None;
    let mut tabella: Option<Tabella> = None;
    let mut immagine: Option<(String, String)> = None;
    let mut codice: Option<String> = None;
    // Emphasis, links and quotes: whether each open one was written (see `apri`).
    let mut aperti: Vec<bool> = Vec::new();
    for ev in Parser::new_ext(md, opts) {
        if let Some(testo) = codice.as_mut() {
            match ev {
                Event::Text(t) => testo.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let testo = codice.take().expect("code");
                    out.push_str(&format!("\n#raw(block: true, {})\n", literale(&testo)));
                }
                _ => {}
            }
            continue;
        }
        // Inside a heading, collect plain text only.
        if let Some((_, testo)) = titolo.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => testo.push_str(&t),
                Event::SoftBreak | Event::HardBreak => testo.push(' '),
                Event::End(TagEnd::Heading(_)) => {
                    let (livello, testo) = titolo.take().expect("heading");
                    let testo = testo.trim();
                    match livello {
                        HeadingLevel::H1 => out.push_str(&format!("\n#sezione({})\n", stringa(testo))),
                        l => out.push_str(&format!("\n#heading(level: {}, {})\n", livello_num(l), stringa(testo))),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, alt)) = immagine.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let (src, alt) = immagine.take().expect("image");
                    out.push_str(&format!("#immagine-testo({}, {});", literale(&src), stringa(&alt)));
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => out.push_str("\n\n"),
            Event::Start(Tag::Heading { level, .. }) => titolo = Some((level, String::new())),
            Event::Start(Tag::Emphasis) => apri(&mut aperti, &mut out, "#emph["),
            Event::Start(Tag::Strong) => apri(&mut aperti, &mut out, "#strong["),
            Event::Start(Tag::Strikethrough) => apri(&mut aperti, &mut out, "#strike["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
                chiudi(&mut aperti, &mut out, "];")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                apri(&mut aperti, &mut out, &format!("#link({})[", literale(&dest_url)))
            }
            Event::Start(Tag::Image { dest_url, .. }) => immagine = Some((dest_url.to_string(), String::new())),
            Event::Start(Tag::List(inizio)) => {
                liste.push(inizio);
                out.push('\n');
            }
            Event::End(TagEnd::List(_)) => {
                liste.pop();
                out.push('\n');
            }
            Event::Start(Tag::Item) => {
                let rientro = "  ".repeat(liste.len().saturating_sub(1).min(MASSIMO_ANNIDAMENTO));
                let segno = if liste.last().copied().flatten().is_some() {
                    "+"
                } else {
                    "-"
                };
                out.push_str(&format!("\n{rientro}{segno} "));
            }
            Event::End(TagEnd::Item) => {}
            Event::Start(Tag::BlockQuote(_)) => apri(&mut aperti, &mut out, "\n#quote(block: true)["),
            Event::End(TagEnd::BlockQuote(_)) => chiudi(&mut aperti, &mut out, "]\n"),
            Event::Start(Tag::CodeBlock(_)) => codice = Some(String::new()),
            Event::Start(Tag::Table(allineamenti)) => {
                tabella = Some(Tabella {
                    allineamenti,
                    celle: Vec::new(),
                    intestazione: Vec::new(),
                    in_testa: false,
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = tabella.as_mut() {
                    t.in_testa = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = tabella.as_mut() {
                    t.in_testa = false;
                }
            }
            Event::Start(Tag::TableCell) => out.push('\u{1}'),
            Event::End(TagEnd::TableCell) => {
                let inizio = out.rfind('\u{1}').expect("cell start");
                let cella = out[inizio + 1..].to_string();
                out.truncate(inizio);
                if let Some(t) = tabella.as_mut() {
                    if t.in_testa {
                        t.intestazione.push(cella)
                    } else {
                        t.celle.push(cella)
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = tabella.take() {
                    out.push_str(&t.in_typst());
                }
            }
            Event::Text(t) => testo(&t, &mut out, segnaposto)?,
            Event::Code(t) => out.push_str(&format!("#raw({});", literale(&t))),
            Event::SoftBreak => out.push_str("#\" \";"),
            Event::HardBreak => out.push_str("#linebreak();"),
            // A thematic break (`---`) starts a new page.
            Event::Rule => out.push_str("\n#pagebreak(weak: true)\n"),
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&format!("#{};", stringa(&t))),
            _ => {}
        }
    }
    Ok(out)
}

/// How deep emphasis, links, quotes and lists may nest: deeper ones (which no
/// report needs) are flattened, since Typst stops parsing beyond a depth.
const MASSIMO_ANNIDAMENTO: usize = 12;

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
