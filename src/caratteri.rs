//! The characters that are never text of a document, whoever reads them — the
//! workbook's reader, the terminal, Typst, the web page: direction overrides,
//! invisible signs, and the private-use signs the Markdown converter reserves.
//! The bottom of the house: used by [`crate::workbook`], [`crate::terminale`]
//! and [`crate::render::escape`].

/// Private-use characters that the Markdown converter reserves for the
/// placeholders of generated parts (charts, the albero); removed from user text.
pub const INIZIO_SEGNAPOSTO: char = '\u{E000}';
pub const FINE_SEGNAPOSTO: char = '\u{E001}';

/// The characters that override the direction of text (left-to-right and
/// right-to-left embeddings, overrides and isolates): in a cell they can make a
/// code or a figure display as something else, so they are dropped. The marks
/// (U+200E, U+200F) that only hint a direction stay.
pub fn controllo_direzione(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The signs that take no room and show nothing (zero-width space, joiners,
/// direction marks, word joiner, invisible operators, byte-order mark): in a
/// cell they only make two equal-looking texts different.
pub fn invisibile(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}')
}
