//! One row of a sheet and its cells: each read as its column's kind (text,
//! figure, date, a target's figure or date), every problem named with its
//! sheet, cell and value. Figures are bounded ([`crate::limiti::cifra`]).

use crate::format::{decimal_da_cella, parse_data, parse_numero};
use crate::limiti;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::schema::{Colonna, Tipo, lettera};
use crate::workbook::tabella::Tabella;
use calamine::Data;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A hint for a date typed in a cell formatted as a number: Excel keeps dates
/// as day numbers, so 44926 is 31/12/2022.
pub(in crate::workbook) fn data_seriale(n: Decimal) -> String {
    use rust_decimal::prelude::ToPrimitive;
    match n
        .to_i64()
        .filter(|g| n.fract().is_zero() && (20_000..80_000).contains(g))
    {
        Some(g) => {
            let d = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch") + chrono::Days::new(g as u64);
            format!(
                " (è la data {} scritta come numero? formattare la cella come data)",
                crate::format::data(d)
            )
        }
        None => String::new(),
    }
}

/// The years a date of the workbook may have: Excel's first, and the last of
/// four digits.
const ANNO_MINIMO: i32 = 1900;
const ANNO_MASSIMO: i32 = 9999;

/// Excel's limit on the characters of a cell; a longer text was not typed in Excel.
pub(in crate::workbook) const MASSIMO_CARATTERI: usize = 32_767;

/// One row of a sheet; accessors read a column and record problems.
pub(in crate::workbook) struct Riga<'t> {
    pub(in crate::workbook) t: &'t Tabella,
    /// 0-based absolute row index.
    pub(in crate::workbook) r: u32,
}

/// What a cell holds once read.
pub(in crate::workbook) enum Cella {
    Vuota,
    Testo(String),
    Numero(Decimal),
    Data(NaiveDate),
}

impl Riga<'_> {
    pub(in crate::workbook) fn vuota(&self) -> bool {
        let Some(end) = self.t.range.end() else { return true };
        let start_col = self.t.range.start().map_or(0, |s| s.1);
        (start_col..=end.1).all(|c| match self.t.range.get_value((self.r, c)) {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => s.trim().is_empty(),
            _ => false,
        })
    }

    pub(in crate::workbook) fn origine(&self) -> Origine {
        self.t.origine(self.r)
    }

    /// `Indicatori!H23` for a contract column.
    pub(in crate::workbook) fn indirizzo(&self, colonna: &'static Colonna) -> String {
        let c = self.t.indice(colonna).unwrap_or(0);
        format!("{}!{}{}", self.t.nome, lettera(c), self.r + 1)
    }

    pub(in crate::workbook) fn problema(
        &self,
        colonna: &'static Colonna,
        messaggio: String,
        valore: Option<String>,
    ) -> Problema {
        let p = Problema::errore(&self.t.nome, messaggio).in_cella(self.indirizzo(colonna));
        match valore {
            Some(v) => p.con_valore(v),
            None => p,
        }
    }

    pub(in crate::workbook) fn percento(&self, c: u32) -> bool {
        self.t.percentuali.contains(&(self.r, c))
    }

    /// Reads a cell as the column's kind; an error cell or an unreadable value is a
    /// problem. A missing required value is a problem too.
    pub(in crate::workbook) fn cella(&self, colonna: &'static Colonna, p: &mut Problemi) -> Cella {
        self.cella_richiesta(colonna, colonna.obbligatoria, p)
    }

    /// [`Riga::cella`], saying whether an empty cell is a problem here (a
    /// neutralized indicator needs no target, say).
    pub(in crate::workbook) fn cella_richiesta(
        &self,
        colonna: &'static Colonna,
        obbligatoria: bool,
        p: &mut Problemi,
    ) -> Cella {
        let Some(c) = self.t.indice(colonna) else {
            return Cella::Vuota;
        };
        let nome = colonna.nome.to_lowercase();
        let data = self.t.range.get_value((self.r, c)).unwrap_or(&Data::Empty);
        let prima = p.0.len();
        let cella = match data {
            Data::Empty => Cella::Vuota,
            Data::Error(e) => {
                p.push(self.problema(
                    colonna,
                    format!("{nome}: la cella contiene l'errore {e}"),
                    Some(e.to_string()),
                ));
                return Cella::Vuota;
            }
            Data::String(s) => self.da_testo(colonna, s, p),
            Data::Float(_) | Data::Int(_) => self.da_numero(colonna, data, c, p),
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(d) if colonna.tipo == Tipo::Testo => Cella::Testo(crate::format::data(d.date())),
                Some(d) => Cella::Data(d.date()),
                None => {
                    p.push(self.problema(colonna, format!("{nome}: data non valida"), Some(data.to_string())));
                    return Cella::Vuota;
                }
            },
            Data::DateTimeIso(s) => match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cella::Data(d),
                Err(_) => {
                    p.push(self.problema(colonna, format!("{nome}: data «{s}» non valida"), Some(s.clone())));
                    return Cella::Vuota;
                }
            },
            Data::Bool(b) => Cella::Testo(if *b { "VERO" } else { "FALSO" }.into()),
            Data::DurationIso(s) => Cella::Testo(s.clone()),
        };
        // A date of four-digit years, as every program that reads dates expects
        // (the open data's `AAAA-MM-GG`): a day number of a far future is a typo.
        let cella = match cella {
            Cella::Data(d) if !(ANNO_MINIMO..=ANNO_MASSIMO).contains(&chrono::Datelike::year(&d)) => {
                p.push(self.problema(
                    colonna,
                    format!(
                        "{nome}: la data è dell'anno {}, fuori dagli anni {ANNO_MINIMO}–{ANNO_MASSIMO}: correggerla",
                        chrono::Datelike::year(&d)
                    ),
                    Some(data.to_string()),
                ));
                Cella::Vuota
            }
            altra => altra,
        };
        // An unreadable value has had its message: it is not "missing" as well.
        if matches!(cella, Cella::Vuota) && obbligatoria && p.0.len() == prima {
            p.push(self.problema(colonna, format!("{nome}: valore mancante"), None));
        }
        self.del_tipo(colonna, cella, p)
    }

    /// A text cell, as the column's kind: a figure or a date typed as text is read.
    fn da_testo(&self, colonna: &'static Colonna, s: &str, p: &mut Problemi) -> Cella {
        let nome = colonna.nome.to_lowercase();
        if s.trim().is_empty() {
            return Cella::Vuota;
        }
        if s.chars().count() > MASSIMO_CARATTERI {
            let n = s.chars().count();
            let inizio: String = s.chars().take(40).collect();
            p.push(self.problema(
                colonna,
                format!(
                    "{nome}: testo di {} caratteri, più del massimo di Excel ({}): «{inizio}…»",
                    crate::format::numero_decimali(Decimal::from(n), 0),
                    crate::format::numero_decimali(Decimal::from(MASSIMO_CARATTERI), 0)
                ),
                Some(format!("{inizio}…")),
            ));
            return Cella::Vuota;
        }
        let Some(pulito) = self.testo_pulito(colonna, s, p) else {
            return Cella::Vuota;
        };
        let s = pulito.trim();
        match colonna.tipo {
            // A target's kind is decided by the row (unit of measure): text for now.
            Tipo::Testo | Tipo::Valore => Cella::Testo(s.to_string()),
            Tipo::Numero => match parse_numero(s) {
                Some(n) => self.cifra(colonna, n, p).map_or(Cella::Vuota, Cella::Numero),
                None => {
                    p.push(self.problema(colonna, format!("{nome} «{s}» non è un numero"), Some(s.into())));
                    Cella::Vuota
                }
            },
            Tipo::Data => match parse_data(s) {
                Some(d) => Cella::Data(d),
                None => {
                    p.push(self.problema(
                        colonna,
                        format!("{nome} {}", crate::format::non_e_una_data(s)),
                        Some(s.into()),
                    ));
                    Cella::Vuota
                }
            },
        }
    }

    /// A numeric cell: the float's exact decimal, ×100 when the cell is
    /// formatted as a percentage, within the limits.
    fn da_numero(&self, colonna: &'static Colonna, data: &Data, c: u32, p: &mut Problemi) -> Cella {
        let n = match data {
            Data::Int(i) => Some(Decimal::from(*i)),
            Data::Float(f) => decimal_da_cella(*f),
            _ => None,
        };
        let Some(mut n) = n else {
            p.push(self.problema(
                colonna,
                format!("{}: numero non rappresentabile", colonna.nome.to_lowercase()),
                Some(data.to_string()),
            ));
            return Cella::Vuota;
        };
        if self.percento(c) && colonna.tipo != Tipo::Testo {
            match n.checked_mul(Decimal::ONE_HUNDRED) {
                Some(x) => n = x.normalize(),
                None => {
                    p.push(self.fuori_limite(colonna, &data.to_string()));
                    return Cella::Vuota;
                }
            }
        }
        match self.cifra(colonna, n, p) {
            None => Cella::Vuota,
            Some(n) if colonna.tipo == Tipo::Testo => Cella::Testo(n.normalize().to_string()),
            Some(n) => Cella::Numero(n),
        }
    }

    /// A date where a figure is expected, or a figure where a date is, is a
    /// problem (with a hint for a date typed as its day number).
    fn del_tipo(&self, colonna: &'static Colonna, cella: Cella, p: &mut Problemi) -> Cella {
        let nome = colonna.nome.to_lowercase();
        match (colonna.tipo, cella) {
            (Tipo::Numero, Cella::Data(d)) => {
                p.push(self.problema(
                    colonna,
                    format!("{nome}: attesa una cifra, trovata la data {}", crate::format::data(d)),
                    Some(crate::format::data(d)),
                ));
                Cella::Vuota
            }
            (Tipo::Data, Cella::Numero(n)) => {
                p.push(self.problema(
                    colonna,
                    format!("{nome}: attesa una data, trovato il numero {n}{}", data_seriale(n)),
                    Some(n.to_string()),
                ));
                Cella::Vuota
            }
            (_, cella) => cella,
        }
    }

    /// A figure within what an office can mean ([`limiti::CIFRA_MASSIMA`]), with
    /// at most [`limiti::DECIMALI_CIFRA`] decimals (a spreadsheet's floating point
    /// leaves 0,30000000000000004 for 0,3): so no computation can overflow.
    pub(in crate::workbook) fn cifra(
        &self,
        colonna: &'static Colonna,
        n: Decimal,
        p: &mut Problemi,
    ) -> Option<Decimal> {
        let cifra = limiti::cifra(n);
        if cifra.is_none() {
            p.push(self.fuori_limite(colonna, &n.to_string()));
        }
        cifra
    }

    pub(in crate::workbook) fn fuori_limite(&self, colonna: &'static Colonna, valore: &str) -> Problema {
        self.problema(
            colonna,
            format!(
                "{}: la cifra {valore} è oltre il limite di un milione di miliardi (1.000.000.000.000.000): \
                 nessuna cifra di una Relazione è così grande",
                colonna.nome.to_lowercase()
            ),
            Some(valore.to_string()),
        )
    }

    /// A cell's text as it may enter the report: a word longer than
    /// [`limiti::CARATTERI_PAROLA`] is an error; the characters that override
    /// the direction of text (which can make `kpi1` display as `1ipk`) and the
    /// private-use signs of the placeholders are dropped, with a warning.
    pub(in crate::workbook) fn testo_pulito(
        &self,
        colonna: &'static Colonna,
        s: &str,
        p: &mut Problemi,
    ) -> Option<String> {
        if let Some(parola) = limiti::parole(s).find(|w| w.chars().count() > limiti::CARATTERI_PAROLA) {
            let inizio: String = parola.chars().take(30).collect();
            p.push(self.problema(
                colonna,
                format!(
                    "{}: una parola di {} caratteri senza spazi («{inizio}…»), oltre il limite di {}: \
                     non si può andare a capo",
                    colonna.nome.to_lowercase(),
                    crate::format::numero_decimali(Decimal::from(parola.chars().count()), 0),
                    limiti::CARATTERI_PAROLA
                ),
                Some(format!("{inizio}…")),
            ));
            return None;
        }
        // Invisible signs: a code `k1.1` with a zero-width space inside looks
        // like `k1.1` and would be another code.
        let nascosto = |c: char| {
            crate::caratteri::controllo_direzione(c)
                || crate::caratteri::invisibile(c)
                || c == crate::caratteri::INIZIO_SEGNAPOSTO
                || c == crate::caratteri::FINE_SEGNAPOSTO
        };
        let s: std::borrow::Cow<'_, str> = if s.chars().any(nascosto) {
            p.push(
                Problema::avviso(
                    &self.t.nome,
                    format!(
                        "{}: tolti caratteri invisibili (di larghezza zero, che cambiano la direzione del testo \
                         o riservati): potrebbero mostrare un valore diverso da quello scritto",
                        colonna.nome.to_lowercase()
                    ),
                )
                .in_cella(self.indirizzo(colonna)),
            );
            s.chars().filter(|c| !nascosto(*c)).collect::<String>().into()
        } else {
            s.into()
        };
        // One spelling of each letter: `è` typed as one sign or as `e` and its
        // accent is the same text, and the same code.
        use unicode_normalization::UnicodeNormalization;
        Some(match unicode_normalization::is_nfc_quick(s.chars()) {
            unicode_normalization::IsNormalized::Yes => s.into_owned(),
            _ => s.nfc().collect(),
        })
    }

    pub(in crate::workbook) fn testo(&self, colonna: &'static Colonna, p: &mut Problemi) -> Option<String> {
        match self.cella(colonna, p) {
            Cella::Testo(s) => Some(s),
            Cella::Numero(n) => Some(n.to_string()),
            Cella::Data(d) => Some(crate::format::data(d)),
            Cella::Vuota => None,
        }
    }

    /// A text that becomes a title, a name or a bookmark of the PDF: within
    /// [`limiti::CARATTERI_TITOLO`], or an error naming the cell.
    pub(in crate::workbook) fn titolo(&self, colonna: &'static Colonna, p: &mut Problemi) -> Option<String> {
        let t = self.testo(colonna, p)?;
        let n = t.chars().count();
        if n > limiti::CARATTERI_TITOLO {
            let inizio: String = t.chars().take(40).collect();
            p.push(self.problema(
                colonna,
                format!(
                    "{}: {} caratteri, oltre il limite di {} per un titolo o un nome (diventa un segnalibro \
                     del PDF): accorciarlo, e mettere il resto in una descrizione",
                    colonna.nome.to_lowercase(),
                    crate::format::numero_decimali(Decimal::from(n), 0),
                    crate::format::numero_decimali(Decimal::from(limiti::CARATTERI_TITOLO), 0)
                ),
                Some(format!("{inizio}…")),
            ));
            return None;
        }
        Some(t)
    }

    pub(in crate::workbook) fn numero(&self, colonna: &'static Colonna, p: &mut Problemi) -> Option<Decimal> {
        match self.cella(colonna, p) {
            Cella::Numero(n) => Some(n),
            _ => None,
        }
    }

    pub(in crate::workbook) fn data(&self, colonna: &'static Colonna, p: &mut Problemi) -> Option<NaiveDate> {
        match self.cella(colonna, p) {
            Cella::Data(d) => Some(d),
            _ => None,
        }
    }

    /// A figure or, when `data` is set, a date.
    pub(in crate::workbook) fn valore(
        &self,
        colonna: &'static Colonna,
        data: bool,
        p: &mut Problemi,
    ) -> Option<Valore> {
        self.valore_richiesto(colonna, data, colonna.obbligatoria, p)
    }

    /// [`Riga::valore`], saying whether an empty cell is a problem here.
    pub(in crate::workbook) fn valore_richiesto(
        &self,
        colonna: &'static Colonna,
        data: bool,
        obbligatoria: bool,
        p: &mut Problemi,
    ) -> Option<Valore> {
        let nome = colonna.nome.to_lowercase();
        match self.cella_richiesta(colonna, obbligatoria, p) {
            Cella::Vuota => None,
            Cella::Numero(n) if !data => Some(Valore::Numero(n)),
            Cella::Data(d) if data => Some(Valore::Data(d)),
            Cella::Testo(s) if data => match parse_data(&s) {
                Some(d) => Some(Valore::Data(d)),
                None => {
                    p.push(self.problema(
                        colonna,
                        format!("{nome} {}", crate::format::non_e_una_data(&s)),
                        Some(s),
                    ));
                    None
                }
            },
            Cella::Testo(s) => match (crate::format::segno_nel_testo(&s), parse_numero(&s)) {
                (None, Some(n)) => self.cifra(colonna, n, p).map(Valore::Numero),
                (segno, _) => {
                    let perche = match segno {
                        Some(segno) => {
                            format!("«{s}»: il segno «{segno}» va nella colonna Operatore; qui si scrive solo la cifra")
                        }
                        None => format!("«{s}» non è un numero"),
                    };
                    p.push(self.problema(colonna, format!("{nome} {perche}"), Some(s)));
                    None
                }
            },
            Cella::Numero(n) => {
                p.push(self.problema(
                    colonna,
                    format!(
                        "{nome}: attesa una data (operatore «entro»), trovato il numero {n}{}",
                        data_seriale(n)
                    ),
                    Some(n.to_string()),
                ));
                None
            }
            Cella::Data(d) => {
                let d = crate::format::data(d);
                p.push(self.problema(
                    colonna,
                    format!("{nome}: attesa una cifra, trovata la data {d}"),
                    Some(d),
                ));
                None
            }
        }
    }

    /// A target, soglia or consuntivo typed as text with a unit (`90%`,
    /// `5 giorni`): the unit must be the indicator's, or the figure would be
    /// read in another unit without a word.
    pub(in crate::workbook) fn unita_coerente(&self, colonna: &'static Colonna, unita: UnitaMisura, p: &mut Problemi) {
        let Some(c) = self.t.indice(colonna) else {
            return;
        };
        let Some(Data::String(s)) = self.t.range.get_value((self.r, c)) else {
            return;
        };
        if let Some(scritta) = crate::format::unita_nel_testo(s)
            && scritta != unita.simbolo()
            && unita != UnitaMisura::Data
        {
            p.push(self.problema(
                colonna,
                format!(
                    "{} «{}»: l'unità «{scritta}» non è quella dell'indicatore («{}», colonna Unita misura)",
                    colonna.nome.to_lowercase(),
                    s.trim(),
                    unita.simbolo()
                ),
                Some(s.trim().to_string()),
            ));
        }
    }

    /// A value from a closed list, parsed by `parse`.
    pub(in crate::workbook) fn scelta<T>(
        &self,
        colonna: &'static Colonna,
        parse: fn(&str) -> Option<T>,
        p: &mut Problemi,
    ) -> Option<T> {
        let s = self.testo(colonna, p)?;
        let v = parse(&s);
        if v.is_none() {
            let scelte = colonna.scelte.join(", ");
            p.push(self.problema(
                colonna,
                format!(
                    "{} «{s}» non previsto (valori ammessi: {scelte})",
                    colonna.nome.to_lowercase()
                ),
                Some(s),
            ));
        }
        v
    }
}
