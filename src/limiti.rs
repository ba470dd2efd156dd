//! The bounds of a report folder: sizes no real Relazione reaches and a hostile
//! folder hits fast, so that reading and typesetting one never takes unbounded
//! memory or time. Each has its Italian message where it is checked; the list is
//! in `docs/workbook.md` ("Limiti").

use rust_decimal::Decimal;

/// The workbook file on disk (a real one is well under 5 MB).
pub const BYTE_CARTELLA_DI_LAVORO: u64 = 100 * 1024 * 1024;
/// The workbook's content once decompressed (a zip bomb is stopped here).
pub const BYTE_DECOMPRESSI: u64 = 300 * 1024 * 1024;
/// The memory a workbook may take to be read, in the child process that reads
/// it first (see `isolamento`): the 2022 workbook takes some tens of MB, one
/// 50 times as large some hundreds.
pub const MEMORIA_LETTURA: u64 = 2 * 1024 * 1024 * 1024;
/// Entries in the workbook's zip.
pub const VOCI_ZIP: usize = 10_000;
/// Sheets of a workbook (the contract has eleven).
pub const FOGLI: usize = 1_000;
/// Rows of a sheet of the contract, header included (a real plan has hundreds).
pub const RIGHE: u32 = 10_000;
/// Columns of a sheet of the contract (the widest has 16).
pub const COLONNE: u32 = 100;
/// The text of all the cells of a sheet together (a real plan's longest sheet
/// holds well under a megabyte): one long text repeated in thousands of cells
/// would otherwise fill the memory with its copies.
pub const BYTE_TESTO_FOGLIO: u64 = 32 * 1024 * 1024;
/// The distinct texts of an `.xlsx` (its shared strings): a real plan has some
/// thousands, a workbook of 50 MB with a large annex sheet some millions.
pub const STRINGHE_CONDIVISE: usize = 5_000_000;
/// A text of `testi/` (a whole section is some tens of kilobytes).
pub const BYTE_TESTO: u64 = 1024 * 1024;
/// The texts together once their expressions are evaluated (their data
/// quoted, their loops run): about 200 pages of prose. The texts of the 2022
/// report are some tens of kilobytes; a loop of 114 bytes made 8 MB of text
/// and 1.389 pages.
pub const BYTE_TESTI_RESI: u64 = 1024 * 1024;
/// The headings of the texts together (the 2022 report has some tens; ten
/// thousand took minutes to lay out).
pub const TITOLI_TESTI: usize = 500;
/// The generated parts the texts place, together (the albero, the tables, the
/// charts: each some pages).
pub const PARTI_TESTI: usize = 100;
/// The work of comparing two versions of a text (`relazione diff`): words of
/// the one times words of the other. Two texts of 10.000 words each are
/// compared word by word; longer ones line by line.
pub const CELLE_CONFRONTO: u64 = 400_000_000;
/// A word without spaces, in a text or a cell: longer ones are not words, and
/// Typst cannot break them into lines in reasonable time.
pub const CARATTERI_PAROLA: usize = 500;
/// The words of a text as a line can be broken: at spaces, but not at the
/// no-break spaces that bind a figure to its unit (U+00A0, U+2007, U+202F),
/// which Typst never breaks at either.
pub fn parole(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
        .filter(|p| !p.is_empty())
}
/// A text that becomes a title, a name or a bookmark of the PDF (an objective's
/// title, an indicator's or a person's name, the ente's name): a PDF keeps
/// at most 32.767 characters in one such string, and no title is a page long.
pub const CARATTERI_TITOLO: usize = 1000;
/// The text alternative of a chart, read aloud by a screen reader: beyond it,
/// the values are summed up (the chart's data table has them all).
pub const CARATTERI_DESCRIZIONE_GRAFICO: usize = 2000;
/// An image of the folder, on disk.
pub const BYTE_IMMAGINE: u64 = 50 * 1024 * 1024;
/// All the images of a folder together, read at once with its texts
/// ([`crate::cartella::Istantanea`]): those beyond are refused, by name.
pub const BYTE_IMMAGINI: u64 = 256 * 1024 * 1024;
/// An image's pixels once decoded (a full A4 page at 300 dpi is 8,7 million).
pub const PIXEL_IMMAGINE: u64 = 50_000_000;
/// A template file, or a font of the templates.
pub const BYTE_MODELLO: u64 = 20 * 1024 * 1024;
/// The points of one chart (categories × series): more cannot be read on a page.
pub const PUNTI_GRAFICO: usize = 500;
/// The work a template or a text may do (minijinja's fuel: instructions). The
/// 2022 report takes about 0,1 million, a plan 50 times as large about 5.
pub const CARBURANTE_MODELLI: u64 = 50_000_000;
/// The largest figure of a cell (a thousand million million): budgets in euro
/// are far below.
pub const CIFRA_MASSIMA: Decimal = Decimal::from_parts(0x_A4C6_8000, 0x_0003_8D7E, 0, false, 0);
/// The decimals kept of a figure read from a cell: a spreadsheet's floating
/// point leaves 0,30000000000000004 where 0,3 was meant.
pub const DECIMALI_CIFRA: u32 = 10;
/// The largest grade an indicator may compute before its cap (a million %):
/// beyond it, target and consuntivo are out of proportion.
pub const GRADO_MASSIMO: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 2);
/// How far a deliberation's or the approval's date may be from the year
/// reported on.
pub const ANNI_DI_DISTANZA: i32 = 2;

/// A PDF given to `firma` or `verifica`: a Relazione of 2.000 pages with its
/// images stays well below.
pub const BYTE_PDF: u64 = 100 * 1024 * 1024;
/// The revisions of a signed PDF: the composed document, its signature
/// fields, two signatures and the data for long-term validation are fewer
/// than ten.
pub const REVISIONI_PDF: usize = 32;
/// The objects of a PDF, as its cross-reference sections list them and as
/// they are read (the 2022 report has 5.550; one of 2.000 pages some 150.000).
pub const OGGETTI_PDF: u64 = 500_000;
/// The fields of a PDF's form: a Relazione has one per signatory.
pub const CAMPI_PDF: usize = 1_000;
/// One stream of a PDF once decompressed (a page's content is some hundreds
/// of kilobytes).
pub const BYTE_FLUSSO_PDF: usize = 64 * 1024 * 1024;
/// The streams that `verifica` decompresses to compare pages, all together.
pub const BYTE_FLUSSI_PDF: usize = 512 * 1024 * 1024;

/// A figure as the program keeps it: within [`CIFRA_MASSIMA`], with at most
/// [`DECIMALI_CIFRA`] decimals; `None` beyond. Every figure read from a cell
/// passes here, so that no computation on it can overflow.
pub fn cifra(n: Decimal) -> Option<Decimal> {
    (n.abs() <= CIFRA_MASSIMA).then(|| crate::format::arrotonda(n, DECIMALI_CIFRA))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_are_what_they_say() {
        assert_eq!(CIFRA_MASSIMA, Decimal::from(1_000_000_000_000_000i64));
        assert_eq!(GRADO_MASSIMO, Decimal::from(1_000_000));
    }

    #[test]
    fn figures_within_bounds() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(cifra(d("0.30000000000000004")), Some(d("0.3")));
        assert_eq!(cifra(d("0.0000000000000000000000000001")), Some(Decimal::ZERO));
        assert_eq!(cifra(d("-1000000000000000")), Some(d("-1000000000000000")));
        assert_eq!(cifra(d("1000000000000001")), None);
    }
}
