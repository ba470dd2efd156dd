//! User text into Typst: always as a string literal, never as markup, so that
//! `#read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f` prints as it is; into
//! HTML (the web edition) as escaped text; and workbook text quoted by a
//! narrative text into Markdown as literal text.

pub use crate::caratteri::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO, controllo_direzione, invisibile};

/// Workbook text quoted in a narrative text (`{{ dati.x }}`) as literal
/// Markdown: every ASCII punctuation sign escaped, line breaks as spaces, the
/// placeholders' private-use signs and direction overrides dropped. So a cell
/// `![a](relazione.xlsx) *x*` prints as it is, never as an image and emphasis.
pub fn markdown_letterale(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            INIZIO_SEGNAPOSTO | FINE_SEGNAPOSTO => {}
            c if controllo_direzione(c) => {}
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Italian typography for display: the straight apostrophe becomes `’`, straight
/// double quotes become « and », control characters are dropped.
pub fn tipografia(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prec: Option<char> = None;
    for c in s.chars() {
        let c = match c {
            '\'' => '’',
            '"' => {
                if prec.is_none_or(|p| p.is_whitespace() || "([{«—–-/".contains(p)) {
                    '«'
                } else {
                    '»'
                }
            }
            INIZIO_SEGNAPOSTO | FINE_SEGNAPOSTO => continue,
            c if controllo_direzione(c) => continue,
            '\t' | '\r' | '\n' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        out.push(c);
        prec = Some(c);
    }
    out
}

/// A Typst string literal holding `s` verbatim (after [`tipografia`]).
pub fn stringa(s: &str) -> String {
    literale(&tipografia(s))
}

/// A Typst string literal holding `s` exactly, with no typographic change.
pub fn literale(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// User text as HTML text or attribute value (after [`tipografia`]): `<`, `>`,
/// `&` and both quotes escaped, so it can never become an element or leave an
/// attribute.
pub fn html(s: &str) -> String {
    html_esatto(&tipografia(s))
}

/// Text escaped for HTML exactly as it is, with no typographic change (paths,
/// identifiers).
pub fn html_esatto(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_a_string() {
        let s = r#"#read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f"#;
        assert_eq!(
            literale(s),
            r##""#read(\"/etc/passwd\") $x$ *a* _b_ @c <d> \\ [e] // f""##
        );
    }

    #[test]
    fn quoted_cells_stay_literal_markdown() {
        assert_eq!(
            markdown_letterale("![a](relazione.xlsx) *x*"),
            "\\!\\[a\\]\\(relazione\\.xlsx\\) \\*x\\*"
        );
        assert_eq!(markdown_letterale("# titolo\n\n- punto"), "\\# titolo  \\- punto");
        assert_eq!(markdown_letterale("\u{E000}grafico:x\u{E001}"), "grafico\\:x");
        assert_eq!(markdown_letterale("2.987,00"), "2\\.987\\,00");
    }

    #[test]
    fn hostile_text_stays_html_text() {
        assert_eq!(
            html(r#"<script>alert("x")</script> & l'ente"#),
            "&lt;script&gt;alert(«x»)&lt;/script&gt; &amp; l’ente"
        );
        assert_eq!(html_esatto(r#"a" onerror="x"#), "a&quot; onerror=&quot;x");
    }

    #[test]
    fn italian_quotes_and_apostrophes() {
        assert_eq!(
            tipografia(r#"l'ente "Torino Incontra" e l'anno"#),
            "l’ente «Torino Incontra» e l’anno"
        );
        assert_eq!(tipografia("a\u{E000}b\u{E001}c\u{7}"), "abc");
        // A right-to-left override would show "kpi1" as "1ipk": dropped.
        assert_eq!(tipografia("\u{202E}kpi1\u{202C}"), "kpi1");
        assert_eq!(stringa("riga\nnuova"), "\"riga nuova\"");
    }
}
