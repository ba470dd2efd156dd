//! Italian notation: reading numbers and dates as people type them, and printing
//! them as the Relazione shows them (`2.987,00`, `84,43 %`, `13 settembre 2022`).
//!
//! Rounding happens here and only here: the model keeps every figure exact.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// Parses a number written the Italian way (`2.000,00`, `85,5`, `-7,60`, `+16,04`),
/// also accepting a trailing unit (`85,00 %`, `2.987,00 N.`, `2,00 gg`, `€ 1.000`).
///
/// With a comma, dots are thousands separators and must group digits by three.
/// Without a comma, a dot followed by exactly three digits (`2.000`, `1.234.567`) is a
/// thousands separator; any other single dot (`4.51`) is read as a decimal point,
/// as a spreadsheet exported with English settings writes it.
pub fn parse_numero(text: &str) -> Option<Decimal> {
    let mut s: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() || *c == ' ')
        .collect();
    for (suffix, _) in UNITA_SCRITTE {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim().to_string();
        }
        if let Some(rest) = s.strip_prefix(suffix) {
            s = rest.trim().to_string();
        }
    }
    let s = s.replace(' ', "");
    if s.is_empty() {
        return None;
    }
    let (sign, body) = match s.as_bytes()[0] {
        b'-' => ("-", &s[1..]),
        b'+' => ("", &s[1..]),
        _ => ("", &s[..]),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let normalized = if let Some((int, frac)) = body.split_once(',') {
        if frac.contains(',') || frac.contains('.') || frac.is_empty() {
            return None;
        }
        format!("{}.{}", strip_thousands(int)?, frac)
    } else if body.contains('.') {
        if is_thousands_grouping(body) {
            body.replace('.', "")
        } else if body.matches('.').count() == 1 && !body.starts_with('.') && !body.ends_with('.') {
            body.to_string()
        } else {
            return None;
        }
    } else {
        body.to_string()
    };
    Decimal::from_str(&format!("{sign}{normalized}")).ok()
}

/// The units a figure may carry when typed as text, longest first, with the
/// symbol of the unit of measure each one means.
const UNITA_SCRITTE: [(&str, &str); 11] = [
    ("giorni", "gg"),
    ("giorno", "gg"),
    ("euro", "€"),
    ("EUR", "€"),
    ("gg.", "gg"),
    ("gg", "gg"),
    ("GG", "gg"),
    ("N.", "N."),
    ("n.", "N."),
    ("%", "%"),
    ("€", "€"),
];

/// The unit typed beside a figure (`90%` → `%`, `5 giorni` → `gg`, `€ 1.000` →
/// `€`), as the symbol of the `Unita misura` it means; `None` for a bare figure.
pub fn unita_nel_testo(text: &str) -> Option<&'static str> {
    let t = text.trim();
    UNITA_SCRITTE
        .iter()
        .find(|(u, _)| t.ends_with(u) || t.starts_with(u))
        .map(|(_, simbolo)| *simbolo)
}

/// A comparison sign typed before a figure (`≤ 5`, `>= 85`): it belongs in the
/// `Operatore` column.
pub fn segno_nel_testo(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    ["<=", ">=", "≤", "≥", "<", ">", "="]
        .into_iter()
        .find(|s| t.starts_with(s))
}

/// Why a text shaped like a date is not one: `giugno ha 30 giorni`,
/// `nel 2025 febbraio ha 28 giorni`, `i mesi sono 12`; `None` when the text is
/// not shaped like `gg/mm/aaaa` at all.
pub fn data_impossibile(text: &str) -> Option<String> {
    let (g, m, a) = giorno_mese_anno(text)?;
    if !(1..=12).contains(&m) {
        return Some(format!("i mesi sono 12, non {m}"));
    }
    let primo = NaiveDate::from_ymd_opt(a, m, 1)?;
    let seguente = if m == 12 {
        NaiveDate::from_ymd_opt(a + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(a, m + 1, 1)?
    };
    let giorni = (seguente - primo).num_days();
    let mese = MESI[(m - 1) as usize];
    (g == 0 || i64::from(g) > giorni).then(|| {
        if m == 2 {
            format!("nel {a} febbraio ha {giorni} giorni")
        } else {
            format!("{mese} ha {giorni} giorni")
        }
    })
}

/// The message for a text that should be a date: `«31/06/2025» non esiste:
/// giugno ha 30 giorni`, or `«domani» non è una data (gg/mm/aaaa)`.
pub fn non_e_una_data(text: &str) -> String {
    match data_impossibile(text) {
        Some(motivo) => format!("«{text}» non esiste: {motivo}"),
        None => format!("«{text}» non è una data (gg/mm/aaaa)"),
    }
}

fn is_thousands_grouping(s: &str) -> bool {
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && s.contains('.')
        && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

fn strip_thousands(int: &str) -> Option<String> {
    if int.is_empty() {
        return Some("0".into());
    }
    if !int.contains('.') {
        return Some(int.to_string());
    }
    is_thousands_grouping(int).then(|| int.replace('.', ""))
}

/// Names and closed values are matched ignoring case, accents, spaces and `_`:
/// `Unità misura`, `UNITA_MISURA` and `unita misura` are the same column,
/// `Tutto o niente` and `tutto_o_niente` the same method.
pub fn normalizza(nome: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    nome.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parses a date `dd/mm/yyyy` (also `d/m/yyyy`, and `dd.mm.yyyy` or `dd-mm-yyyy`).
pub fn parse_data(text: &str) -> Option<NaiveDate> {
    let (d, m, y) = giorno_mese_anno(text)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The day, month and year of a text shaped like `dd/mm/yyyy` (or with `.` or
/// `-`), whether or not that day exists.
fn giorno_mese_anno(text: &str) -> Option<(u32, u32, i32)> {
    let parts: Vec<&str> = text.trim().split(['/', '.', '-']).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?))
}

/// The space that binds a figure to its unit or sign (`1.200 N.`, `≥ 85 %`):
/// a line never breaks there.
pub const SPAZIO_UNITO: char = '\u{a0}';

/// A printed figure whose spaces bind it to its sign and unit (`≥ 85,00 %`).
/// Beyond this many characters a figure (`1.700.000,00`) fills a narrow
/// column of the cards: its unit, or the sign before it, may wrap.
pub const CIFRA_LUNGA: usize = 9;

pub fn unito(s: &str) -> String {
    s.replace(' ', &SPAZIO_UNITO.to_string())
}

/// A figure and its unit: bound by a no-break space when both are short
/// (`85,00 %`, `12 gg`); a long unit of the ente's (`pratiche`), or a long
/// figure (`8.500.000,00 €`), may go to the next line of a narrow cell.
pub fn cifra_e_unita(cifra: &str, unita: &str) -> String {
    if unita.chars().count() > 4 || cifra.chars().count() > CIFRA_LUNGA {
        format!("{cifra} {unita}")
    } else {
        format!("{cifra}{SPAZIO_UNITO}{unita}")
    }
}

/// `2987` → `2.987,00`; always two decimals, Italian separators.
pub fn numero(value: Decimal) -> String {
    numero_decimali(value, 2)
}

/// The one rounding rule of every printed or published figure: to `decimali`
/// digits, half away from zero (2,5 → 3; −2,5 → −3), as a reader rounds by
/// hand, never half to even.
pub fn arrotonda(value: Decimal, decimali: u32) -> Decimal {
    value.round_dp_with_strategy(decimali, RoundingStrategy::MidpointAwayFromZero)
}

/// A number with the given decimals, rounded half away from zero, Italian separators.
pub fn numero_decimali(value: Decimal, decimals: u32) -> String {
    let rounded = arrotonda(value, decimals);
    let rounded = if rounded.is_zero() { Decimal::ZERO } else { rounded };
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A size as people say it, the one rule for limits and links: `50 MB`,
/// `1,4 MB` (one decimal when not whole), `265 KB` (rounded up), `300 byte`.
pub fn dimensione(byte: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match byte {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{} MB", numero_decimali(Decimal::from(b) / Decimal::from(MB), 1)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} byte"),
    }
}

/// `84.4333` → `84,43 %`.
pub fn percento(value: Decimal) -> String {
    percento_decimali(value, 2)
}

/// A percentage with the given decimals: `84.5` → `85 %` with 0 (half up).
pub fn percento_decimali(value: Decimal, decimali: u32) -> String {
    format!("{} %", numero_decimali(value, decimali))
}

/// A figure typed by someone (a weight, say) printed with at least `decimali`
/// digits, and more when it has them: never rounded away. `12.5` with 0 → `12,5`.
pub fn numero_almeno(value: Decimal, decimali: u32) -> String {
    numero_decimali(value, decimali.max(value.normalize().scale()))
}

/// A signed deviation as the report prints it: `+16,04 %`, `-313,00 gg`, `-` when zero.
pub fn scostamento(value: Decimal, unita: &str) -> String {
    scostamento_decimali(value, unita, 2)
}

/// [`scostamento`] with the given decimals: `+15 %` with 0.
pub fn scostamento_decimali(value: Decimal, unita: &str, decimali: u32) -> String {
    let rounded = arrotonda(value, decimali);
    if rounded.is_zero() {
        return "-".into();
    }
    let sign = if rounded.is_sign_positive() { "+" } else { "" };
    format!("{sign}{} {unita}", numero_decimali(value, decimali))
        .trim_end()
        .to_string()
}

/// A text with every run of spaces, tabs and line breaks made one space: two
/// drafts of a paragraph that differ only there are the same paragraph.
pub fn spazi_normalizzati(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `da Parzialmente raggiunto a Raggiunto`: how a value moved.
pub fn da_a(prima: &str, dopo: &str) -> String {
    format!("da {prima} a {dopo}")
}

/// Unchanged words around a change, shortened to their first and last five
/// when they are many: `Il ciclo della … del piano triennale`.
pub fn abbrevia(testo: &str) -> String {
    const ACCANTO: usize = 5;
    let parole: Vec<&str> = testo.split_whitespace().collect();
    if parole.len() <= 2 * ACCANTO + 2 {
        return testo.to_string();
    }
    let spazio_prima = if testo.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!(
        "{spazio_prima}{} … {} ",
        parole[..ACCANTO].join(" "),
        parole[parole.len() - ACCANTO..].join(" ")
    )
}

/// The time now, as a clock shows it: `14:32:05` (when a rebuild ended).
pub fn ora() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// A count with its noun in the right number: `1 avviso`, `2 avvisi`, `0 avvisi`.
pub fn plurale(n: usize, singolare: &str, plurale: &str) -> String {
    if n == 1 {
        format!("1 {singolare}")
    } else {
        format!("{} {plurale}", numero_decimali(Decimal::from(n), 0))
    }
}

/// `13/09/2022`.
pub fn data(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

const MESI: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// `13 settembre 2022` (`1º` is not used in administrative Italian for dates in tables).
pub fn data_lunga(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MESI[d.month0() as usize], d.year())
}

/// The date of the approving deliberation in the cover's text, written as
/// `13/06/2023` or `13 giugno 2023`: the first date after the word
/// «delibera»/«deliberazione» (another date, the Nucleo's or the OIV's, may
/// come before it), or else the first date of the text.
pub fn data_nel_testo(testo: &str) -> Option<NaiveDate> {
    let parole: Vec<&str> = testo
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    let delibera = parole.iter().position(|p| p.to_lowercase().starts_with("delib"));
    delibera
        .and_then(|i| prima_data(&parole[i..]))
        .or_else(|| prima_data(&parole))
}

/// The first date among words.
fn prima_data(parole: &[&str]) -> Option<NaiveDate> {
    for (i, p) in parole.iter().enumerate() {
        if let Some(d) = parse_data(p.trim_end_matches('.')) {
            return Some(d);
        }
        if let (Some(g), Some(m), Some(a)) = (parole.get(i), parole.get(i + 1), parole.get(i + 2)) {
            let mese = MESI.iter().position(|x| x.eq_ignore_ascii_case(m));
            if let (Ok(g), Some(m), Ok(a)) = (
                g.trim_start_matches('(').parse::<u32>(),
                mese,
                a.trim_end_matches(['.', ')']).parse::<i32>(),
            ) && let Some(d) = NaiveDate::from_ymd_opt(a, m as u32 + 1, g)
            {
                return Some(d);
            }
        }
    }
    None
}

/// Converts a spreadsheet float to an exact decimal through its shortest round-trip
/// text, so that a cell holding 0.1 becomes exactly 0.1.
pub fn decimal_da_cella(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f}");
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
        .ok()
        .map(|d| d.normalize())
}

/// The credit line of the cover: `A cura dell'Ufficio …`, `del Settore …`,
/// `della Segreteria …`, `dello Staff …` — the article joined to the office's
/// name as Italian wants it. A name already starting with `A cura` is kept as
/// written, so an office can always write its own line.
pub fn a_cura_di(redazione: &str) -> String {
    let nome = redazione.trim();
    if nome.to_lowercase().starts_with("a cura") {
        return nome.to_string();
    }
    let parola: String = nome
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    const VOCALI: &str = "aeiouàèéìòù";
    let iniziale = parola.chars().next();
    let vocale = iniziale.is_some_and(|c| VOCALI.contains(c));
    let seconda = parola.chars().nth(1).unwrap_or(' ');
    let impura = (iniziale == Some('s') && !VOCALI.contains(seconda))
        || iniziale == Some('z')
        || iniziale == Some('x')
        || parola.starts_with("gn")
        || parola.starts_with("ps");
    // Feminine offices: Segreteria, Direzione, Unità, Area, Struttura.
    let femminile =
        parola.ends_with('a') || parola.ends_with("zione") || parola.ends_with("ione") || parola.ends_with('à');
    let articolo = match (vocale, femminile, impura) {
        (true, _, _) => "dell'",
        (false, true, _) => "della ",
        (false, false, true) => "dello ",
        (false, false, false) => "del ",
    };
    format!("A cura {articolo}{nome}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_size_as_people_say_it() {
        assert_eq!(dimensione(50 * 1024 * 1024), "50 MB");
        assert_eq!(dimensione(1_468_006), "1,4 MB");
        assert_eq!(dimensione(512 * 1024), "512 KB");
        assert_eq!(dimensione(1025), "2 KB");
        assert_eq!(dimensione(300), "300 byte");
    }

    #[test]
    fn one_rounding_rule_half_away_from_zero() {
        let d = |x: &str| x.parse::<Decimal>().unwrap();
        // Banker's rounding would give 2, 4 (half to even) and 0,12: never here.
        assert_eq!(arrotonda(d("2.5"), 0), d("3"));
        assert_eq!(arrotonda(d("3.5"), 0), d("4"));
        assert_eq!(arrotonda(d("-2.5"), 0), d("-3"));
        assert_eq!(arrotonda(d("0.125"), 2), d("0.13"));
        assert_eq!(percento_decimali(d("84.5"), 0), "85 %");
        assert_eq!(scostamento_decimali(d("-312.5"), "gg", 0), "-313 gg");
        assert_eq!(numero(d("16.125")), "16,13");
    }
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn reads_italian_numbers() {
        assert_eq!(parse_numero("2.000,00"), Some(d("2000.00")));
        assert_eq!(parse_numero("85,5"), Some(d("85.5")));
        assert_eq!(parse_numero("-7,60"), Some(d("-7.60")));
        assert_eq!(parse_numero("+16,04 %"), Some(d("16.04")));
        assert_eq!(parse_numero(">= 85,00 %"), None);
        assert_eq!(parse_numero("2.987,00 N."), Some(d("2987.00")));
        assert_eq!(parse_numero("2.000"), Some(d("2000")));
        assert_eq!(parse_numero("1.234.567"), Some(d("1234567")));
        assert_eq!(parse_numero("4.51"), Some(d("4.51")));
        assert_eq!(parse_numero("85,OO"), None);
        assert_eq!(parse_numero("1,2,3"), None);
        assert_eq!(parse_numero("12.34,5"), None);
        assert_eq!(parse_numero(""), None);
        assert_eq!(parse_numero("-"), None);
    }

    #[test]
    fn reads_dates() {
        assert_eq!(parse_data("13/09/2022"), NaiveDate::from_ymd_opt(2022, 9, 13));
        assert_eq!(parse_data("1/3/2022"), NaiveDate::from_ymd_opt(2022, 3, 1));
        assert_eq!(parse_data("31/02/2022"), None);
        assert_eq!(parse_data("31/12/22"), None);
    }

    #[test]
    fn prints_the_way_the_report_does() {
        assert_eq!(numero(d("2987")), "2.987,00");
        assert_eq!(numero(d("-1234567.891")), "-1.234.567,89");
        assert_eq!(percento(d("84.4333333")), "84,43 %");
        // Half away from zero: 97,145 → 97,15.
        assert_eq!(percento(d("97.145")), "97,15 %");
        assert_eq!(scostamento(d("16.04"), "%"), "+16,04 %");
        assert_eq!(scostamento(d("-313"), "gg"), "-313,00 gg");
        assert_eq!(scostamento(d("0.001"), "N."), "-");
        assert_eq!(numero(d("-0.001")), "0,00");
        let day = NaiveDate::from_ymd_opt(2022, 9, 13).unwrap();
        assert_eq!(data(day), "13/09/2022");
        assert_eq!(data_lunga(day), "13 settembre 2022");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(plurale(1, "avviso", "avvisi"), "1 avviso");
        assert_eq!(plurale(0, "avviso", "avvisi"), "0 avvisi");
        assert_eq!(plurale(1200, "riga", "righe"), "1.200 righe");
    }

    #[test]
    fn dates_in_a_sentence() {
        let d = NaiveDate::from_ymd_opt(2023, 6, 13);
        assert_eq!(data_nel_testo("Approvata con deliberazione del 13 giugno 2023"), d);
        assert_eq!(data_nel_testo("Approvata con deliberazione n. 80 del 13/06/2023."), d);
        assert_eq!(data_nel_testo("Approvata dalla Giunta"), None);
        // A long figure or a long unit may wrap before the unit; short ones not.
        assert_eq!(cifra_e_unita("85,00", "%"), "85,00\u{a0}%");
        assert_eq!(cifra_e_unita("8.500.000,00", "€"), "8.500.000,00 €");
        assert_eq!(cifra_e_unita("900", "pratiche"), "900 pratiche");
        // The Nucleo's date first, the deliberation's after: the deliberation's.
        assert_eq!(
            data_nel_testo("Validata dal Nucleo il 20/06/2026, approvata con deliberazione n. 80 del 24/06/2026"),
            NaiveDate::from_ymd_opt(2026, 6, 24)
        );
    }

    #[test]
    fn spreadsheet_floats_become_exact_decimals() {
        assert_eq!(decimal_da_cella(0.1), Some(d("0.1")));
        assert_eq!(decimal_da_cella(93.77), Some(d("93.77")));
        assert_eq!(decimal_da_cella(2987.0), Some(d("2987")));
        assert_eq!(decimal_da_cella(f64::NAN), None);
    }

    #[test]
    fn credit_line_joins_the_article() {
        assert_eq!(
            a_cura_di("Ufficio pianificazione"),
            "A cura dell'Ufficio pianificazione"
        );
        assert_eq!(a_cura_di("Settore «Progetti»"), "A cura del Settore «Progetti»");
        assert_eq!(
            a_cura_di("Servizio programmazione"),
            "A cura del Servizio programmazione"
        );
        assert_eq!(a_cura_di("Segreteria generale"), "A cura della Segreteria generale");
        assert_eq!(a_cura_di("Direzione generale"), "A cura della Direzione generale");
        assert_eq!(a_cura_di("Staff del Sindaco"), "A cura dello Staff del Sindaco");
        assert_eq!(a_cura_di("Area Risorse"), "A cura dell'Area Risorse");
        assert_eq!(a_cura_di("A cura della dott.ssa Rossi"), "A cura della dott.ssa Rossi");
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            non_e_una_data("31/06/2025"),
            "«31/06/2025» non esiste: giugno ha 30 giorni"
        );
        assert_eq!(
            non_e_una_data("29/02/2025"),
            "«29/02/2025» non esiste: nel 2025 febbraio ha 28 giorni"
        );
        assert_eq!(data_impossibile("29/02/2024"), None);
        assert_eq!(
            non_e_una_data("12/13/2025"),
            "«12/13/2025» non esiste: i mesi sono 12, non 13"
        );
        assert_eq!(non_e_una_data("domani"), "«domani» non è una data (gg/mm/aaaa)");
    }

    #[test]
    fn units_and_signs_typed_beside_a_figure() {
        assert_eq!(unita_nel_testo("90%"), Some("%"));
        assert_eq!(unita_nel_testo("5 giorni"), Some("gg"));
        assert_eq!(parse_numero("5 giorni"), Some(d("5")));
        assert_eq!(unita_nel_testo("€ 1.000"), Some("€"));
        assert_eq!(unita_nel_testo("1.200"), None);
        assert_eq!(segno_nel_testo("≤ 5"), Some("≤"));
        assert_eq!(segno_nel_testo("-5"), None);
    }
}
