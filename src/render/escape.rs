//! User text into Typst: always as a string literal, never as markup, so that
//! `#read("/etc/passwd") $x$ *a* _b_ @c <d> \ [e] // f` prints as it is.

/// Private-use characters that the Markdown converter reserves for the
/// placeholders of generated parts (charts, the albero); removed from user text.
pub const INIZIO_SEGNAPOSTO: char = '\u{E000}';
pub const FINE_SEGNAPOSTO: char = '\u{E001}';

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
    fn italian_quotes_and_apostrophes() {
        assert_eq!(
            tipografia(r#"l'ente "Torino Incontra" e l'anno"#),
            "l’ente «Torino Incontra» e l’anno"
        );
        assert_eq!(tipografia("a\u{E000}b\u{E001}c\u{7}"), "abc");
        assert_eq!(stringa("riga\nnuova"), "\"riga nuova\"");
    }
}
