//! What reaches a terminal from a folder (a cell, a header, a text, a file
//! name, a certificate's name) is shown, never obeyed. A terminal takes an
//! escape sequence as an order: retitle the window, write the clipboard (OSC
//! 52), clear the screen and print a fake "Controllo superato". Every control
//! character is therefore written as its visible picture (`␛` for escape), and
//! so are the marks that reverse the direction of a line.

use std::borrow::Cow;

/// `s` with each control character — but line ends and tabs — and each
/// direction mark shown as a visible sign: for a whole message, whose lines
/// are the program's.
pub fn pulito(s: &str) -> Cow<'_, str> {
    pulisci(s, true)
}

/// `s` on one line: also its line ends are shown (`␊`), so that a value cannot
/// begin a line of its own and pass for the program's.
pub fn una_riga(s: &str) -> Cow<'_, str> {
    pulisci(s, false)
}

fn pulisci(s: &str, a_capo: bool) -> Cow<'_, str> {
    let tenuto =
        |c: char| (a_capo && c == '\n') || c == '\t' || !(c.is_control() || crate::caratteri::controllo_direzione(c));
    if s.chars().all(tenuto) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                c if tenuto(c) => c,
                // C0 controls have their pictures at U+2400 (␀ … ␟), DEL at U+2421.
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_shown_not_obeyed() {
        // OSC 52 (write the clipboard), then clear the screen: each escape a ␛,
        // BEL a ␇, the C1 introducer U+009D a replacement sign.
        let cella = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9d}0;titolo";
        assert_eq!(pulito(cella), "␛]52;c;ZXZpbA==␇␛[2J\u{fffd}0;titolo");
        assert_eq!(una_riga("uno\ndue\tok"), "uno␊due\tok");
        assert_eq!(pulito("uno\ndue"), "uno\ndue");
        assert_eq!(pulito("\u{202e}fdp.exe"), "\u{fffd}fdp.exe");
        assert!(matches!(pulito("Obiettivo 1 – è già così"), Cow::Borrowed(_)));
    }
}
