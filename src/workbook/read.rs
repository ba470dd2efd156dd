//! Reading `relazione.xlsx` with calamine into the [`Piano`], collecting every
//! problem with its sheet, cell and value.

use super::schema::{self, Colonna, Foglio, Tipo, lettera, normalizza};
use crate::format::{decimal_da_cella, parse_data, parse_numero};
use crate::limiti;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use calamine::{Cell, Data, Range, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek};
use std::sync::Arc;

/// A hint for a date typed in a cell formatted as a number: Excel keeps dates
/// as day numbers, so 44926 is 31/12/2022.
fn data_seriale(n: Decimal) -> String {
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

/// Excel's limit on the characters of a cell; a longer text was not typed in Excel.
const MASSIMO_CARATTERI: usize = 32_767;

/// One sheet located in the workbook, with its header mapped to the contract.
struct Tabella {
    foglio: &'static Foglio,
    /// The sheet's name as written in the workbook.
    nome: String,
    range: Range<Data>,
    /// The cells formatted as a percentage (0,85 shown as 85 %).
    percentuali: HashSet<(u32, u32)>,
    /// Contract column name → 0-based column index.
    colonne: HashMap<&'static str, u32>,
    /// Contract column name → letter, shared by every record's [`Origine`].
    lettere: Arc<BTreeMap<String, String>>,
}

/// One row of a sheet; accessors read a column and record problems.
struct Riga<'t> {
    t: &'t Tabella,
    /// 0-based absolute row index.
    r: u32,
}

/// What a cell holds once read.
enum Cella {
    Vuota,
    Testo(String),
    Numero(Decimal),
    Data(NaiveDate),
}

impl Tabella {
    fn righe(&self) -> impl Iterator<Item = Riga<'_>> {
        let (start, end) = match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => (s.0, e.0),
            _ => (1, 0),
        };
        (start.max(1)..=end)
            .map(move |r| Riga { t: self, r })
            .filter(|r| !r.vuota())
    }

    /// Every code written in a column, valid row or not: a reference to a row that
    /// has its own error is not reported a second time as unknown.
    fn codici(&self, colonna: &str) -> HashSet<String> {
        let mut scarto = Problemi::default();
        self.righe().filter_map(|r| r.testo(colonna, &mut scarto)).collect()
    }

    fn origine(&self, r: u32) -> Origine {
        Origine {
            foglio: self.nome.clone(),
            riga: r + 1,
            colonne: self.lettere.clone(),
        }
    }
}

impl Riga<'_> {
    fn vuota(&self) -> bool {
        let Some(end) = self.t.range.end() else { return true };
        let start_col = self.t.range.start().map_or(0, |s| s.1);
        (start_col..=end.1).all(|c| match self.t.range.get_value((self.r, c)) {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => s.trim().is_empty(),
            _ => false,
        })
    }

    fn origine(&self) -> Origine {
        self.t.origine(self.r)
    }

    /// `Indicatori!H23` for a contract column.
    fn indirizzo(&self, colonna: &str) -> String {
        let c = self.t.colonne.get(colonna).copied().unwrap_or(0);
        format!("{}!{}{}", self.t.nome, lettera(c), self.r + 1)
    }

    fn problema(&self, colonna: &str, messaggio: String, valore: Option<String>) -> Problema {
        let p = Problema::errore(&self.t.nome, messaggio).in_cella(self.indirizzo(colonna));
        match valore {
            Some(v) => p.con_valore(v),
            None => p,
        }
    }

    fn percento(&self, c: u32) -> bool {
        self.t.percentuali.contains(&(self.r, c))
    }

    /// Reads a cell as the column's kind; an error cell or an unreadable value is a
    /// problem. A missing required value is a problem too.
    fn cella(&self, colonna: &str, p: &mut Problemi) -> Cella {
        let spec: &Colonna = self.t.foglio.colonna(colonna);
        let Some(&c) = self.t.colonne.get(colonna) else {
            return Cella::Vuota;
        };
        let nome = spec.nome.to_lowercase();
        let data = self.t.range.get_value((self.r, c)).unwrap_or(&Data::Empty);
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
            Data::String(s) if s.trim().is_empty() => Cella::Vuota,
            Data::String(s) if s.chars().count() > MASSIMO_CARATTERI => {
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
            Data::String(s) => {
                let Some(pulito) = self.testo_pulito(colonna, s, p) else {
                    return Cella::Vuota;
                };
                let s = pulito.trim();
                match spec.tipo {
                    Tipo::Testo => Cella::Testo(s.to_string()),
                    Tipo::Numero => match parse_numero(s) {
                        Some(n) => match self.cifra(colonna, n, p) {
                            Some(n) => Cella::Numero(n),
                            None => return Cella::Vuota,
                        },
                        None => {
                            p.push(self.problema(colonna, format!("{nome} «{s}» non è un numero"), Some(s.into())));
                            return Cella::Vuota;
                        }
                    },
                    Tipo::Data => match parse_data(s) {
                        Some(d) => Cella::Data(d),
                        None => {
                            p.push(self.problema(
                                colonna,
                                format!("{nome} «{s}» non è una data (gg/mm/aaaa)"),
                                Some(s.into()),
                            ));
                            return Cella::Vuota;
                        }
                    },
                    // Decided by the row (unit of measure): keep the text for now.
                    Tipo::Valore => Cella::Testo(s.to_string()),
                }
            }
            Data::Float(_) | Data::Int(_) => {
                let n = match data {
                    Data::Int(i) => Some(Decimal::from(*i)),
                    Data::Float(f) => decimal_da_cella(*f),
                    _ => None,
                };
                let Some(mut n) = n else {
                    p.push(self.problema(
                        colonna,
                        format!("{nome}: numero non rappresentabile"),
                        Some(data.to_string()),
                    ));
                    return Cella::Vuota;
                };
                if self.percento(c) && spec.tipo != Tipo::Testo {
                    match n.checked_mul(Decimal::ONE_HUNDRED) {
                        Some(x) => n = x.normalize(),
                        None => {
                            p.push(self.fuori_limite(colonna, &data.to_string()));
                            return Cella::Vuota;
                        }
                    }
                }
                let Some(n) = self.cifra(colonna, n, p) else {
                    return Cella::Vuota;
                };
                if spec.tipo == Tipo::Testo {
                    Cella::Testo(n.normalize().to_string())
                } else {
                    Cella::Numero(n)
                }
            }
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(d) if spec.tipo == Tipo::Testo => Cella::Testo(crate::format::data(d.date())),
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
        if matches!(cella, Cella::Vuota) && spec.obbligatoria {
            p.push(self.problema(colonna, format!("{nome}: valore mancante"), None));
        }
        if spec.tipo == Tipo::Numero
            && let Cella::Data(d) = cella
        {
            p.push(self.problema(
                colonna,
                format!("{nome}: attesa una cifra, trovata la data {}", crate::format::data(d)),
                Some(crate::format::data(d)),
            ));
            return Cella::Vuota;
        }
        if spec.tipo == Tipo::Data
            && let Cella::Numero(n) = cella
        {
            p.push(self.problema(
                colonna,
                format!("{nome}: attesa una data, trovato il numero {n}{}", data_seriale(n)),
                Some(n.to_string()),
            ));
            return Cella::Vuota;
        }
        cella
    }

    /// A figure within what an office can mean ([`limiti::CIFRA_MASSIMA`]), with
    /// at most [`limiti::DECIMALI_CIFRA`] decimals (a spreadsheet's floating point
    /// leaves 0,30000000000000004 for 0,3): so no computation can overflow.
    fn cifra(&self, colonna: &str, n: Decimal, p: &mut Problemi) -> Option<Decimal> {
        let cifra = limiti::cifra(n);
        if cifra.is_none() {
            p.push(self.fuori_limite(colonna, &n.to_string()));
        }
        cifra
    }

    fn fuori_limite(&self, colonna: &str, valore: &str) -> Problema {
        self.problema(
            colonna,
            format!(
                "{}: la cifra {valore} è oltre il limite di un milione di miliardi (1.000.000.000.000.000): \
                 nessuna cifra di una Relazione è così grande",
                colonna.to_lowercase()
            ),
            Some(valore.to_string()),
        )
    }

    /// A cell's text as it may enter the report: a word longer than
    /// [`limiti::CARATTERI_PAROLA`] is an error; the characters that override
    /// the direction of text (which can make `kpi1` display as `1ipk`) and the
    /// private-use signs of the placeholders are dropped, with a warning.
    fn testo_pulito(&self, colonna: &str, s: &str, p: &mut Problemi) -> Option<String> {
        if let Some(parola) = s
            .split_whitespace()
            .find(|w| w.chars().count() > limiti::CARATTERI_PAROLA)
        {
            let inizio: String = parola.chars().take(30).collect();
            p.push(self.problema(
                colonna,
                format!(
                    "{}: una parola di {} caratteri senza spazi («{inizio}…»), oltre il limite di {}: \
                     non si può andare a capo",
                    colonna.to_lowercase(),
                    crate::format::numero_decimali(Decimal::from(parola.chars().count()), 0),
                    limiti::CARATTERI_PAROLA
                ),
                Some(format!("{inizio}…")),
            ));
            return None;
        }
        let nascosto = |c: char| {
            crate::render::escape::controllo_direzione(c)
                || c == crate::render::escape::INIZIO_SEGNAPOSTO
                || c == crate::render::escape::FINE_SEGNAPOSTO
        };
        if s.chars().any(nascosto) {
            p.push(
                Problema::avviso(
                    &self.t.nome,
                    format!(
                        "{}: tolti caratteri invisibili che cambiano la direzione del testo o sono riservati: \
                         potrebbero mostrare un valore diverso da quello scritto",
                        colonna.to_lowercase()
                    ),
                )
                .in_cella(self.indirizzo(colonna)),
            );
            return Some(s.chars().filter(|c| !nascosto(*c)).collect());
        }
        Some(s.to_string())
    }

    fn testo(&self, colonna: &str, p: &mut Problemi) -> Option<String> {
        match self.cella(colonna, p) {
            Cella::Testo(s) => Some(s),
            Cella::Numero(n) => Some(n.to_string()),
            Cella::Data(d) => Some(crate::format::data(d)),
            Cella::Vuota => None,
        }
    }

    fn numero(&self, colonna: &str, p: &mut Problemi) -> Option<Decimal> {
        match self.cella(colonna, p) {
            Cella::Numero(n) => Some(n),
            _ => None,
        }
    }

    fn data(&self, colonna: &str, p: &mut Problemi) -> Option<NaiveDate> {
        match self.cella(colonna, p) {
            Cella::Data(d) => Some(d),
            _ => None,
        }
    }

    /// A figure or, when `data` is set, a date.
    fn valore(&self, colonna: &str, data: bool, p: &mut Problemi) -> Option<Valore> {
        let nome = colonna.to_lowercase();
        match self.cella(colonna, p) {
            Cella::Vuota => None,
            Cella::Numero(n) if !data => Some(Valore::Numero(n)),
            Cella::Data(d) if data => Some(Valore::Data(d)),
            Cella::Testo(s) if data => match parse_data(&s) {
                Some(d) => Some(Valore::Data(d)),
                None => {
                    p.push(self.problema(colonna, format!("{nome} «{s}» non è una data (gg/mm/aaaa)"), Some(s)));
                    None
                }
            },
            Cella::Testo(s) => match parse_numero(&s) {
                Some(n) => self.cifra(colonna, n, p).map(Valore::Numero),
                None => {
                    p.push(self.problema(colonna, format!("{nome} «{s}» non è un numero"), Some(s)));
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

    /// A value from a closed list, parsed by `parse`.
    fn scelta<T>(&self, colonna: &str, parse: fn(&str) -> Option<T>, p: &mut Problemi) -> Option<T> {
        let s = self.testo(colonna, p)?;
        let v = parse(&s);
        if v.is_none() {
            let scelte = self.t.foglio.colonna(colonna).scelte.join(", ");
            p.push(self.problema(
                colonna,
                format!(
                    "{} «{s}» non previsto (valori ammessi: {scelte})",
                    colonna.to_lowercase()
                ),
                Some(s),
            ));
        }
        v
    }
}

/// The cells formatted as a percentage, by (row, column).
type Percentuali = HashSet<(u32, u32)>;

/// The cells of a sheet, read as a stream and bounded: a cell with content
/// beyond [`limiti::RIGHE`] or [`limiti::COLONNE`] is an error naming it (a
/// single far cell would otherwise make the sheet a table of billions of empty
/// cells). Also returns the cells formatted as a percentage.
fn celle<RS: Read + Seek>(wb: &mut Xlsx<RS>, nome: &str) -> Result<(Range<Data>, Percentuali), Problema> {
    let illeggibile = |e: calamine::XlsxError| {
        Problema::errore(
            nome,
            format!("foglio illeggibile: il file è danneggiato o non è un foglio di calcolo ({e})"),
        )
    };
    let mut lettore = wb.worksheet_cells_reader(nome).map_err(illeggibile)?;
    let percento: Vec<bool> = lettore
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().is_some_and(|f| f.format_code.contains('%')))
        .collect();
    let mut tutte = Vec::new();
    let mut percentuali = HashSet::new();
    while let Some((cella, stile)) = lettore.next_cell_with_style_id().map_err(illeggibile)? {
        let (r, c) = cella.get_position();
        let valore: Data = cella.get_value().clone().into();
        if matches!(valore, Data::Empty) {
            continue;
        }
        if r >= limiti::RIGHE || c >= limiti::COLONNE {
            return Err(Problema::errore(
                nome,
                format!(
                    "la cella {}{} ha un contenuto, ma un foglio può avere al massimo {} righe e {} colonne: \
                     cancellare il contenuto oltre la tabella",
                    lettera(c),
                    r + 1,
                    crate::format::numero_decimali(Decimal::from(limiti::RIGHE), 0),
                    limiti::COLONNE
                ),
            )
            .in_cella(format!("{}{}", lettera(c), r + 1)));
        }
        if percento.get(stile) == Some(&true) {
            percentuali.insert((r, c));
        }
        tutte.push(Cell::new((r, c), valore));
    }
    Ok((Range::from_sparse(tutte), percentuali))
}

/// Locates every sheet of the contract and maps its header.
fn tabelle<RS: Read + Seek>(wb: &mut Xlsx<RS>, p: &mut Problemi) -> Vec<Option<Tabella>> {
    let nomi = wb.sheet_names();
    for n in &nomi {
        if !schema::FOGLI.iter().any(|f| normalizza(f.nome) == normalizza(n)) {
            p.push(Problema::avviso(n, format!("foglio «{n}» non previsto: ignorato")));
        }
    }
    schema::FOGLI
        .iter()
        .map(|foglio| {
            let Some(nome) = nomi.iter().find(|n| normalizza(n) == normalizza(foglio.nome)).cloned() else {
                if foglio.facoltativo {
                    return None;
                }
                p.push(Problema::errore(
                    foglio.nome,
                    format!(
                        "manca il foglio «{}» (fogli presenti: {})",
                        foglio.nome,
                        nomi.join(", ")
                    ),
                ));
                return None;
            };
            let (range, percentuali) = match celle(wb, &nome) {
                Ok(x) => x,
                Err(problema) => {
                    p.push(problema);
                    return None;
                }
            };
            // A hidden sheet is read all the same: say so, someone may not know it is there.
            if wb
                .sheets_metadata()
                .iter()
                .any(|m| m.name == nome && m.visible != calamine::SheetVisible::Visible)
            {
                p.push(Problema::avviso(
                    &nome,
                    format!("il foglio «{nome}» è nascosto: viene letto lo stesso"),
                ));
            }
            // Merged cells hold their value in the first cell only.
            if let Ok(unite) = wb.merge_cells_by_sheet_name(&nome) {
                for d in unite.iter().filter(|d| d.end.0 >= 1) {
                    let prima = format!("{}{}", lettera(d.start.1), d.start.0 + 1);
                    let area = format!("{prima}:{}{}", lettera(d.end.1), d.end.0 + 1);
                    p.push(
                        Problema::avviso(
                            &nome,
                            format!("celle unite {area}: si legge solo il valore di {prima}, le altre restano vuote"),
                        )
                        .in_cella(&prima),
                    );
                }
            }
            let mut colonne = HashMap::new();
            let mut tabella_ok = true;
            let mut viste: HashMap<String, u32> = HashMap::new();
            if let (Some(start), Some(end)) = (range.start(), range.end())
                && start.0 == 0
            {
                for c in start.1..=end.1 {
                    let titolo = match range.get_value((0, c)) {
                        Some(Data::String(s)) => s.trim().to_string(),
                        Some(Data::Empty) | None => continue,
                        Some(other) => other.to_string(),
                    };
                    if titolo.is_empty() {
                        continue;
                    }
                    let cella = format!("{}1", lettera(c));
                    if let Some(prima) = viste.insert(normalizza(&titolo), c) {
                        p.push(
                            Problema::errore(
                                &nome,
                                format!("colonna «{titolo}» ripetuta (c'è già in {}1)", lettera(prima)),
                            )
                            .in_cella(&cella)
                            .con_valore(&titolo),
                        );
                        tabella_ok = false;
                        continue;
                    }
                    match foglio
                        .colonne
                        .iter()
                        .find(|col| normalizza(col.nome) == normalizza(&titolo))
                    {
                        Some(col) => {
                            colonne.insert(col.nome, c);
                        }
                        None => p.push(
                            Problema::avviso(&nome, format!("colonna «{titolo}» non prevista: ignorata"))
                                .in_cella(&cella)
                                .con_valore(&titolo),
                        ),
                    }
                }
            }
            for col in foglio.colonne.iter().filter(|c| c.obbligatoria) {
                if !colonne.contains_key(col.nome) {
                    p.push(
                        Problema::errore(
                            &nome,
                            format!("manca la colonna obbligatoria «{}» nella riga 1", col.nome),
                        )
                        .in_cella("1"),
                    );
                    tabella_ok = false;
                }
            }
            let lettere = Arc::new(colonne.iter().map(|(k, v)| (k.to_string(), lettera(*v))).collect());
            tabella_ok.then_some(Tabella {
                foglio,
                nome,
                range,
                percentuali,
                colonne,
                lettere,
            })
        })
        .collect()
}

/// Reads the whole workbook into the plan. Returns the plan (when there is no
/// error) and every problem found, warnings included.
pub fn leggi<RS: Read + Seek>(mut wb: Xlsx<RS>) -> (Option<Piano>, Vec<Problema>) {
    let mut p = Problemi::default();
    let tabelle = tabelle(&mut wb, &mut p);
    let [
        ente,
        ambiti,
        unita,
        obiettivi,
        indicatori,
        modifiche,
        assegnazioni,
        serie,
        dati,
        fasce,
    ] = <[Option<Tabella>; 10]>::try_from(tabelle).ok().expect("ten sheets");

    let con_fasce = fasce.as_ref().is_some_and(|t| t.righe().next().is_some());
    let ente = ente.as_ref().and_then(|t| leggi_ente(t, con_fasce, &mut p));
    let tetto = ente
        .as_ref()
        .map_or(Some(Decimal::ONE_HUNDRED), |e| e.regole.tetto_grado);
    let anno = ente.as_ref().map(|e| e.anno);
    let fasce = fasce
        .as_ref()
        .map(|t| leggi_fasce(t, tetto, &mut p))
        .unwrap_or_default();
    let ambiti = ambiti.as_ref().map(|t| leggi_ambiti(t, &mut p)).unwrap_or_default();
    let unita = unita.as_ref().map(|t| leggi_unita(t, &mut p)).unwrap_or_default();
    let obiettivi_scritti = obiettivi.as_ref().map(|t| t.codici("Codice")).unwrap_or_default();
    let indicatori_scritti = indicatori.as_ref().map(|t| t.codici("Codice")).unwrap_or_default();
    let obiettivi = obiettivi
        .as_ref()
        .map(|t| leggi_obiettivi(t, &mut p))
        .unwrap_or_default();
    let indicatori = indicatori
        .as_ref()
        .map(|t| leggi_indicatori(t, &mut p))
        .unwrap_or_default();
    let modifiche = modifiche
        .as_ref()
        .map(|t| leggi_modifiche(t, &indicatori, &indicatori_scritti, anno, &mut p))
        .unwrap_or_default();
    let assegnazioni = assegnazioni
        .as_ref()
        .map(|t| leggi_assegnazioni(t, &mut p))
        .unwrap_or_default();
    let serie = serie.as_ref().map(|t| leggi_serie(t, &mut p)).unwrap_or_default();
    let dati = dati.as_ref().map(|t| leggi_dati(t, &mut p)).unwrap_or_default();

    Riferimenti {
        ambiti: &ambiti,
        unita: &unita,
        obiettivi: &obiettivi,
        obiettivi_scritti: &obiettivi_scritti,
    }
    .verifica(&indicatori, &assegnazioni, &mut p);
    let piano = ente.map(|ente| Piano {
        ente,
        ambiti,
        unita,
        obiettivi,
        indicatori,
        modifiche,
        assegnazioni,
        serie,
        dati,
        fasce,
    });
    let errori = p.has_errori();
    (if errori { None } else { piano }, p.0)
}

fn leggi_ente(t: &Tabella, con_fasce: bool, p: &mut Problemi) -> Option<Ente> {
    let mut valori: HashMap<String, (String, String)> = HashMap::new();
    for riga in t.righe() {
        let Some(chiave) = riga.testo("Chiave", p) else {
            continue;
        };
        let k = normalizza(&chiave);
        let valore = riga.testo("Valore", p).unwrap_or_default();
        if !schema::CHIAVI_ENTE.iter().any(|c| normalizza(c.nome) == k) {
            p.push(
                Problema::avviso(&t.nome, format!("chiave «{chiave}» non prevista: ignorata"))
                    .in_cella(riga.indirizzo("Chiave"))
                    .con_valore(&chiave),
            );
            continue;
        }
        if valori.insert(k, (valore, riga.indirizzo("Valore"))).is_some() {
            p.push(
                Problema::errore(&t.nome, format!("chiave «{chiave}» ripetuta"))
                    .in_cella(riga.indirizzo("Chiave"))
                    .con_valore(&chiave),
            );
        }
    }
    let valori = ValoriEnte { t, valori };
    let mut ok = true;
    for c in schema::CHIAVI_ENTE {
        if c.obbligatoria && valori.get(c.nome).is_none() {
            p.push(Problema::errore(
                &t.nome,
                format!("manca la chiave «{}» (con il suo valore)", c.nome),
            ));
            ok = false;
        }
    }
    let regole = leggi_regole(&valori, con_fasce, p);
    let anno = match valori.get("anno") {
        None => None,
        Some((v, cella)) => match v.trim().parse::<i32>() {
            Ok(a) if (1990..=2200).contains(&a) => Some(a),
            _ => {
                p.push(
                    Problema::errore(&t.nome, format!("anno «{v}» non è un anno"))
                        .in_cella(cella)
                        .con_valore(v),
                );
                None
            }
        },
    };
    let testo = |k: &str| valori.get(k).map(|(v, _)| v.clone());
    // The approving deliberation comes the year after the one reported on.
    if let (Some(anno), Some((v, cella))) = (anno, valori.get("approvazione"))
        && let Some(d) = crate::format::data_nel_testo(v)
        && (d.year() - anno).abs() > limiti::ANNI_DI_DISTANZA
    {
        p.push(
            Problema::errore(
                &t.nome,
                format!(
                    "approvazione: la data {} è lontana più di {} anni dall'anno {anno} della Relazione: è un errore di battitura?",
                    crate::format::data(d),
                    limiti::ANNI_DI_DISTANZA
                ),
            )
            .in_cella(cella)
            .con_valore(v),
        );
    }
    if !ok {
        return None;
    }
    Some(Ente {
        nome: testo("ente")?,
        anno: anno?,
        titolo: testo("titolo").unwrap_or_else(|| Ente::TITOLO_PREDEFINITO.to_string()),
        approvazione: testo("approvazione"),
        redazione: testo("redazione"),
        logo: testo("logo"),
        regole,
    })
}

/// The values of the `Ente` sheet by normalized key, with the cell of each.
struct ValoriEnte<'t> {
    t: &'t Tabella,
    valori: HashMap<String, (String, String)>,
}

impl ValoriEnte<'_> {
    /// A key's value and cell, when it has a value.
    fn get(&self, k: &str) -> Option<&(String, String)> {
        self.valori.get(&normalizza(k)).filter(|(v, _)| !v.is_empty())
    }

    fn errore(&self, k: &str, messaggio: String, p: &mut Problemi) {
        if let Some((v, cella)) = self.get(k) {
            p.push(Problema::errore(&self.t.nome, messaggio).in_cella(cella).con_valore(v));
        }
    }

    /// A key from a closed list, parsed; the default when absent.
    fn scelta<T>(&self, k: &str, parse: fn(&str) -> Option<T>, predefinito: T, p: &mut Problemi) -> T {
        let Some((v, _)) = self.get(k) else {
            return predefinito;
        };
        match parse(v) {
            Some(x) => x,
            None => {
                let scelte = schema::CHIAVI_ENTE
                    .iter()
                    .find(|c| c.nome == k)
                    .map_or(String::new(), |c| c.scelte.join(", "));
                self.errore(k, format!("{k} «{v}» non previsto (valori ammessi: {scelte})"), p);
                predefinito
            }
        }
    }

    /// A number in `campo` (inclusive); the default when absent.
    fn numero(
        &self,
        k: &str,
        campo: std::ops::RangeInclusive<Decimal>,
        spiega: &str,
        predefinito: Decimal,
        p: &mut Problemi,
    ) -> Decimal {
        let Some((v, _)) = self.get(k) else {
            return predefinito;
        };
        match parse_numero(v) {
            Some(n) if campo.contains(&n) => n,
            _ => {
                self.errore(k, format!("{k} «{v}» non è {spiega}"), p);
                predefinito
            }
        }
    }
}

/// The evaluation system's settings of the `Ente` sheet (defaults: the Torino rule).
fn leggi_regole(valori: &ValoriEnte<'_>, con_fasce: bool, p: &mut Problemi) -> Regole {
    let predefinite = Regole::default();
    let percento = Decimal::ZERO..=Decimal::ONE_HUNDRED;
    let fra_0_e_100 = "un numero fra 0 e 100";
    let soglia_raggiunto = valori.numero(
        "soglia_raggiunto",
        percento.clone(),
        fra_0_e_100,
        predefinite.soglia_raggiunto,
        p,
    );
    let soglia_non_raggiunto = valori.numero(
        "soglia_non_raggiunto",
        percento,
        fra_0_e_100,
        predefinite.soglia_non_raggiunto,
        p,
    );
    if soglia_non_raggiunto >= soglia_raggiunto {
        p.push(Problema::errore(
            &valori.t.nome,
            "soglia_non_raggiunto deve essere minore di soglia_raggiunto".to_string(),
        ));
    }
    if con_fasce {
        for k in ["soglia_raggiunto", "soglia_non_raggiunto"] {
            if let Some((v, cella)) = valori.get(k) {
                p.push(
                    Problema::avviso(
                        &valori.t.nome,
                        format!("{k} è ignorata: le valutazioni seguono le fasce del foglio Fasce"),
                    )
                    .in_cella(cella)
                    .con_valore(v),
                );
            }
        }
    }
    let tetto_grado = match valori.get("tetto_grado") {
        None => predefinite.tetto_grado,
        Some((v, _)) if normalizza(v) == "nessuno" => None,
        Some((v, _)) => match parse_numero(v) {
            Some(n) if n >= Decimal::ONE_HUNDRED && n <= Decimal::from(TETTO_MASSIMO) => Some(n),
            Some(n) if n < Decimal::ONE_HUNDRED => {
                valori.errore(
                    "tetto_grado",
                    format!(
                        "tetto_grado «{v}» è sotto 100: un indicatore che raggiunge il target avrebbe meno del 100 %                          (scrivere 100 o più, oppure nessuno)"
                    ),
                    p,
                );
                predefinite.tetto_grado
            }
            _ => {
                valori.errore(
                    "tetto_grado",
                    format!("tetto_grado «{v}» non è un numero da 100 a {TETTO_MASSIMO}, né «nessuno»"),
                    p,
                );
                predefinite.tetto_grado
            }
        },
    };
    let decimali = valori.numero(
        "decimali",
        Decimal::ZERO..=Decimal::from(4),
        "un numero intero da 0 a 4",
        Decimal::from(predefinite.decimali),
        p,
    );
    let decimali = if decimali.fract().is_zero() {
        u32::try_from(decimali.mantissa()).unwrap_or(predefinite.decimali)
    } else {
        valori.errore(
            "decimali",
            "decimali dev'essere un numero intero da 0 a 4".to_string(),
            p,
        );
        predefinite.decimali
    };
    Regole {
        soglia_raggiunto,
        soglia_non_raggiunto,
        metodo_ente: valori.scelta("metodo_ente", MetodoMedia::parse, predefinite.metodo_ente, p),
        metodo_grado: valori.scelta("metodo_grado", MetodoGrado::parse, predefinite.metodo_grado, p),
        tetto_grado,
        metodo_obiettivo: valori.scelta("metodo_obiettivo", MetodoMedia::parse, predefinite.metodo_obiettivo, p),
        scostamento: valori.scelta("scostamento", TipoScostamento::parse, predefinite.scostamento, p),
        decimali,
    }
}

/// The highest cap of a grade an office can mean (percentage points).
const TETTO_MASSIMO: i64 = 1000;

/// The bands of the `Fasce` sheet, checked: each from `Da` (included) to `A`
/// (excluded), meeting end to end from 0 up to the cap (`tetto`), with points
/// on every band or on none.
fn leggi_fasce(t: &Tabella, tetto: Option<Decimal>, p: &mut Problemi) -> Vec<Fascia> {
    let mut out: Vec<Fascia> = Vec::new();
    let mut valide = true;
    for riga in t.righe() {
        let da = riga.numero("Da", p);
        let a = riga.numero("A", p);
        let valutazione = riga.testo("Valutazione", p);
        let punti_da = riga.numero("Punti da", p);
        let punti_a = riga.numero("Punti a", p);
        let (Some(da), Some(a), Some(valutazione)) = (da, a, valutazione) else {
            valide = false;
            continue;
        };
        if da < Decimal::ZERO || a <= da {
            p.push(riga.problema(
                "A",
                format!(
                    "la fascia va da {} a {}: «A» dev'essere maggiore di «Da», e «Da» almeno 0",
                    crate::format::numero(da),
                    crate::format::numero(a)
                ),
                Some(crate::format::numero(a)),
            ));
            valide = false;
            continue;
        }
        if punti_da.is_some() != punti_a.is_some() {
            let (colonna, manca) = if punti_da.is_none() {
                ("Punti da", "Punti da")
            } else {
                ("Punti a", "Punti a")
            };
            p.push(riga.problema(
                colonna,
                format!("manca «{manca}»: i punti di una fascia vanno da «Punti da» a «Punti a»"),
                None,
            ));
            valide = false;
            continue;
        }
        if let (Some(x), Some(y)) = (punti_da, punti_a)
            && (x < Decimal::ZERO || y < x)
        {
            p.push(riga.problema(
                "Punti a",
                format!(
                    "punti da {} a {}: «Punti a» non può essere minore di «Punti da», né i punti negativi",
                    crate::format::numero(x),
                    crate::format::numero(y)
                ),
                Some(crate::format::numero(y)),
            ));
            valide = false;
            continue;
        }
        if let Some(prima) = out
            .iter()
            .find(|f| normalizza(&f.valutazione) == normalizza(&valutazione))
        {
            p.push(riga.problema(
                "Valutazione",
                format!(
                    "la valutazione «{valutazione}» c'è già nella fascia di {}",
                    prima.origine.cella("Valutazione")
                ),
                Some(valutazione),
            ));
            valide = false;
            continue;
        }
        out.push(Fascia {
            da,
            a,
            valutazione,
            punti_da,
            punti_a,
            origine: riga.origine(),
        });
    }
    if valide && !out.is_empty() {
        verifica_fasce(t, &out, tetto, p);
    }
    out
}

/// The bands must meet end to end, from 0 to the cap, and give points all or none.
fn verifica_fasce(t: &Tabella, fasce: &[Fascia], tetto: Option<Decimal>, p: &mut Problemi) {
    let n = crate::format::numero;
    let mut ordinate: Vec<&Fascia> = fasce.iter().collect();
    ordinate.sort_by_key(|f| f.da);
    let prima = ordinate[0];
    if !prima.da.is_zero() {
        p.push(
            Problema::errore(
                &t.nome,
                format!(
                    "le fasce devono cominciare da 0, ma la più bassa comincia da {}: fra 0 e {} nessuna fascia",
                    n(prima.da),
                    n(prima.da)
                ),
            )
            .in_cella(prima.origine.cella("Da"))
            .con_valore(n(prima.da)),
        );
    }
    for coppia in ordinate.windows(2) {
        let (x, y) = (coppia[0], coppia[1]);
        if y.da > x.a {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!(
                        "fra {} e {} nessuna fascia: la fascia di {} finisce a {} e la successiva comincia a {}",
                        n(x.a),
                        n(y.da),
                        x.origine.cella("A"),
                        n(x.a),
                        n(y.da)
                    ),
                )
                .in_cella(y.origine.cella("Da"))
                .con_valore(n(y.da)),
            );
        } else if y.da < x.a {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!(
                        "le fasce si sovrappongono fra {} e {}: la fascia di {} finisce a {}, questa comincia a {}",
                        n(y.da),
                        n(x.a),
                        x.origine.cella("A"),
                        n(x.a),
                        n(y.da)
                    ),
                )
                .in_cella(y.origine.cella("Da"))
                .con_valore(n(y.da)),
            );
        }
    }
    let ultima = ordinate[ordinate.len() - 1];
    match tetto {
        Some(tetto) if ultima.a != tetto => p.push(
            Problema::errore(
                &t.nome,
                format!(
                    "la fascia più alta deve arrivare al tetto del grado, {} (tetto_grado del foglio Ente), ma finisce a {}",
                    n(tetto),
                    n(ultima.a)
                ),
            )
            .in_cella(ultima.origine.cella("A"))
            .con_valore(n(ultima.a)),
        ),
        None if ultima.a < Decimal::ONE_HUNDRED => p.push(
            Problema::errore(
                &t.nome,
                format!(
                    "la fascia più alta deve arrivare almeno a 100 (senza tetto vale anche oltre), ma finisce a {}",
                    n(ultima.a)
                ),
            )
            .in_cella(ultima.origine.cella("A"))
            .con_valore(n(ultima.a)),
        ),
        _ => {}
    }
    let con_punti = fasce.iter().filter(|f| f.punti_da.is_some()).count();
    if con_punti > 0 && con_punti < fasce.len() {
        for f in fasce.iter().filter(|f| f.punti_da.is_none()) {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!(
                        "la fascia «{}» non ha punti, le altre sì: i punti vanno dati a tutte le fasce o a nessuna",
                        f.valutazione
                    ),
                )
                .in_cella(f.origine.cella("Punti da")),
            );
        }
    }
}

/// A weight from 0 to 100 (a percentage, or a fraction of 1); a negative one
/// would turn a mean upside down.
fn peso_valido(riga: &Riga<'_>, peso: Decimal, p: &mut Problemi) -> bool {
    if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&peso) {
        return true;
    }
    p.push(riga.problema(
        "Peso",
        format!(
            "peso {} fuori da 0–100 (un peso è una percentuale, o una frazione di 1)",
            crate::format::numero_almeno(peso, 0)
        ),
        Some(peso.to_string()),
    ));
    false
}

/// Reports a code seen before in the same sheet.
fn unico(visti: &mut HashMap<String, String>, codice: &str, riga: &Riga<'_>, colonna: &str, p: &mut Problemi) -> bool {
    let cella = riga.indirizzo(colonna);
    if let Some(prima) = visti.insert(codice.to_string(), cella.clone()) {
        p.push(
            Problema::errore(&riga.t.nome, format!("codice «{codice}» ripetuto (c'è già in {prima})"))
                .in_cella(&cella)
                .con_valore(codice),
        );
        visti.insert(codice.to_string(), prima);
        return false;
    }
    true
}

fn leggi_ambiti(t: &Tabella, p: &mut Problemi) -> Vec<Ambito> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Codice", p);
        let nome = riga.testo("Ambito", p);
        let descrizione = riga.testo("Descrizione", p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
            out.push(Ambito {
                codice,
                nome,
                descrizione,
                origine: riga.origine(),
            });
        }
    }
    // A sub-ambito needs its ambito.
    for a in &out {
        if let Some(padre) = a.padre()
            && !out.iter().any(|b| b.codice == padre)
        {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!("il sotto-ambito «{}» non ha l'ambito «{padre}»", a.codice),
                )
                .in_cella(a.origine.cella("Codice"))
                .con_valore(&a.codice),
            );
        }
    }
    out
}

fn leggi_unita(t: &Tabella, p: &mut Problemi) -> Vec<Unita> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Codice", p);
        let nome = riga.testo("Nome", p);
        let responsabile = riga.testo("Responsabile", p);
        let ruolo = riga.testo("Ruolo", p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
            out.push(Unita {
                codice,
                nome,
                responsabile,
                ruolo,
                origine: riga.origine(),
            });
        }
    }
    out
}

fn leggi_obiettivi(t: &Tabella, p: &mut Problemi) -> Vec<Obiettivo> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Codice", p);
        let livello = riga.scelta(
            "Livello",
            |s| match normalizza(s).as_str() {
                "strategico" => Some(Livello::Strategico),
                "operativo" => Some(Livello::Operativo),
                _ => None,
            },
            p,
        );
        let titolo = riga.testo("Titolo", p);
        let descrizione = riga.testo("Descrizione", p);
        let ambito = riga.testo("Ambito", p);
        let padre = riga.testo("Padre", p);
        let unita: Vec<String> = riga
            .testo("Unita", p)
            .map(|s| {
                s.split([',', ';'])
                    .map(|u| u.trim().to_string())
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let peso = riga.numero("Peso", p);
        let peso = peso.filter(|n| peso_valido(&riga, *n, p));
        let (Some(codice), Some(livello), Some(titolo)) = (codice, livello, titolo) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
            let o = Obiettivo {
                codice,
                livello,
                titolo,
                descrizione,
                ambito,
                padre,
                unita,
                peso,
                origine: riga.origine(),
            };
            out.push(o);
        }
    }
    out
}

fn leggi_indicatori(t: &Tabella, p: &mut Problemi) -> Vec<Indicatore> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Codice", p);
        let obiettivo = riga.testo("Obiettivo", p);
        let nome = riga.testo("Nome", p);
        let descrizione = riga.testo("Descrizione", p);
        let algoritmo = riga.testo("Algoritmo", p);
        let fonte = riga.testo("Fonte", p);
        let tipologia = riga.testo("Tipologia", p);
        let peso = riga.numero("Peso", p);
        let operatore = riga.scelta("Operatore", Operatore::parse, p);
        let unita_misura = riga.scelta("Unita misura", UnitaMisura::parse, p);
        // `entro` goes with `data` and the other way round.
        let data = match (operatore, unita_misura) {
            (Some(Operatore::Entro), Some(u)) if u != UnitaMisura::Data => {
                p.push(riga.problema(
                    "Unita misura",
                    "con l'operatore «entro» l'unità di misura è «data»".into(),
                    Some(u.simbolo().into()),
                ));
                None
            }
            (Some(o), Some(UnitaMisura::Data)) if o != Operatore::Entro => {
                p.push(riga.problema(
                    "Operatore",
                    format!("con l'unità di misura «data» l'operatore è «entro», non «{o}»"),
                    Some(o.to_string()),
                ));
                None
            }
            (Some(o), Some(_)) => Some(o == Operatore::Entro),
            _ => None,
        };
        let neutro = peso.is_some_and(|p| p.is_zero());
        let target = match data {
            Some(d) if neutro => {
                // A neutralized indicator may have no target: a missing one is no error.
                let mut q = Problemi::default();
                let v = riga.valore("Target", d, &mut q);
                p.extend(q.0.into_iter().filter(|x| !x.messaggio.ends_with("valore mancante")));
                v
            }
            Some(d) => riga.valore("Target", d, p),
            None => None,
        };
        let soglia = data.and_then(|d| riga.valore("Soglia", d, p));
        let consuntivo = data.and_then(|d| riga.valore("Consuntivo", d, p));
        let grado_dichiarato = riga.numero("Grado dichiarato", p);
        let nota = riga.testo("Nota", p);
        let metodo = riga.scelta("Metodo", MetodoGrado::parse, p);
        if let Some(peso) = peso
            && (peso < Decimal::ZERO || peso > Decimal::ONE_HUNDRED)
        {
            p.push(riga.problema("Peso", format!("peso {peso} fuori da 0–100"), Some(peso.to_string())));
        }
        let (Some(codice), Some(obiettivo), Some(nome), Some(peso), Some(operatore), Some(unita_misura)) =
            (codice, obiettivo, nome, peso, operatore, unita_misura)
        else {
            continue;
        };
        if data.is_none() || (target.is_none() && !neutro) {
            continue;
        }
        if unico(&mut visti, &codice, &riga, "Codice", p) {
            out.push(Indicatore {
                codice,
                obiettivo,
                nome,
                descrizione,
                algoritmo,
                fonte,
                tipologia,
                peso,
                operatore,
                target,
                soglia,
                unita_misura,
                consuntivo,
                grado_dichiarato,
                nota,
                metodo,
                origine: riga.origine(),
            });
        }
    }
    out
}

fn leggi_modifiche(
    t: &Tabella,
    indicatori: &[Indicatore],
    scritti: &HashSet<String>,
    anno: Option<i32>,
    p: &mut Problemi,
) -> Vec<Modifica> {
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Indicatore", p);
        let campo = riga.scelta("Campo", Campo::parse, p);
        let delibera = riga.testo("Delibera", p);
        let data = riga.data("Data", p);
        // A deliberation of the year reported on, or close to it: a date years away is a typo.
        let data = data.filter(|d| match anno {
            Some(anno) if (d.year() - anno).abs() > limiti::ANNI_DI_DISTANZA => {
                p.push(riga.problema(
                    "Data",
                    format!(
                        "data {} lontana più di {} anni dall'anno {anno} della Relazione: è un errore di battitura?",
                        crate::format::data(*d),
                        limiti::ANNI_DI_DISTANZA
                    ),
                    Some(crate::format::data(*d)),
                ));
                false
            }
            _ => true,
        });
        let motivazione = riga.testo("Motivazione", p);
        let ind = codice.as_ref().and_then(|c| indicatori.iter().find(|i| &i.codice == c));
        if let (Some(c), None) = (&codice, ind)
            && !scritti.contains(c)
        {
            p.push(riga.problema(
                "Indicatore",
                format!("indicatore «{c}» sconosciuto (non è nel foglio Indicatori)"),
                Some(c.clone()),
            ));
        }
        let valore = |col: &str, p: &mut Problemi| -> Option<ValoreModifica> {
            let (ind, campo) = (ind?, campo?);
            let v = match campo {
                Campo::Target | Campo::Soglia => {
                    let spec_vuoto = matches!(riga.cella(col, &mut Problemi::default()), Cella::Vuota);
                    if spec_vuoto && campo == Campo::Soglia {
                        return Some(ValoreModifica::Vuoto);
                    }
                    // Accept a leading operator equal to the one in force: `>= 85,00`.
                    let data = ind.unita_misura == UnitaMisura::Data;
                    match riga.cella(col, &mut Problemi::default()) {
                        Cella::Testo(s) => {
                            let senza_op = togli_operatore(&s);
                            let v = if data {
                                parse_data(senza_op).map(Valore::Data)
                            } else {
                                match parse_numero(senza_op) {
                                    Some(n) => Some(Valore::Numero(riga.cifra(col, n, p)?)),
                                    None => None,
                                }
                            };
                            match v {
                                Some(v) => ValoreModifica::Valore(v),
                                None => {
                                    let atteso = if data { "una data (gg/mm/aaaa)" } else { "un numero" };
                                    p.push(riga.problema(
                                        col,
                                        format!("{} «{s}» non è {atteso}", col.to_lowercase()),
                                        Some(s),
                                    ));
                                    return None;
                                }
                            }
                        }
                        _ => ValoreModifica::Valore(riga.valore(col, data, p)?),
                    }
                }
                Campo::Peso => ValoreModifica::Valore(riga.valore(col, false, p)?),
                Campo::Operatore => {
                    let s = riga.testo(col, p)?;
                    match Operatore::parse(&s) {
                        Some(o) => ValoreModifica::Operatore(o),
                        None => {
                            p.push(riga.problema(
                                col,
                                format!("operatore «{s}» non previsto (>=, <=, =, entro)"),
                                Some(s),
                            ));
                            return None;
                        }
                    }
                }
                // Empty: the ente's method (`Da`: the indicator had none of its own).
                Campo::Metodo => match riga.testo(col, &mut Problemi::default()) {
                    None => ValoreModifica::Vuoto,
                    Some(s) => match MetodoGrado::parse(&s) {
                        Some(x) => ValoreModifica::Metodo(x),
                        None => {
                            p.push(riga.problema(
                                col,
                                format!(
                                    "metodo «{s}» non previsto (valori ammessi: {})",
                                    MetodoGrado::SCELTE.join(", ")
                                ),
                                Some(s),
                            ));
                            return None;
                        }
                    },
                },
                Campo::Nome | Campo::Algoritmo => match riga.testo(col, p) {
                    Some(s) => ValoreModifica::Testo(s),
                    None if campo == Campo::Algoritmo => ValoreModifica::Vuoto,
                    None => return None,
                },
            };
            Some(v)
        };
        let da = valore("Da", p);
        let a = valore("A", p);
        if let (Some(ind), Some(Campo::Operatore), Some(ValoreModifica::Operatore(o))) = (ind, campo, &a)
            && (*o == Operatore::Entro) != (ind.operatore == Operatore::Entro)
        {
            p.push(
                riga.problema(
                    "A",
                    "un operatore «entro» non si scambia con uno numerico: cambiare l'indicatore nel foglio Indicatori"
                        .into(),
                    Some(o.to_string()),
                ),
            );
            continue;
        }
        if let (Some(Campo::Peso), Some(ValoreModifica::Valore(Valore::Numero(n)))) = (campo, &a)
            && (*n < Decimal::ZERO || *n > Decimal::ONE_HUNDRED)
        {
            p.push(riga.problema("A", format!("peso {n} fuori da 0–100"), Some(n.to_string())));
            continue;
        }
        let (Some(codice), Some(campo), Some(da), Some(a), Some(delibera), Some(data)) =
            (codice, campo, da, a, delibera, data)
        else {
            continue;
        };
        let cella_da = riga.indirizzo("Da");
        out.push(Modifica {
            indicatore: codice,
            campo,
            da,
            a,
            delibera,
            data,
            motivazione,
            origine: riga.origine(),
            cella_da,
        });
    }
    out
}

fn togli_operatore(s: &str) -> &str {
    let t = s.trim();
    for op in [">=", "<=", "≥", "≤", "=", "entro", "Entro", "ENTRO"] {
        if let Some(rest) = t.strip_prefix(op) {
            return rest.trim();
        }
    }
    t
}

fn leggi_assegnazioni(t: &Tabella, p: &mut Problemi) -> Vec<Assegnazione> {
    let mut out = Vec::new();
    let mut viste: HashMap<(String, String), String> = HashMap::new();
    for riga in t.righe() {
        let persona = riga.testo("Persona", p);
        let ruolo = riga.testo("Ruolo", p);
        let obiettivo = riga.testo("Obiettivo", p);
        let peso = riga.numero("Peso", p);
        let peso = peso.filter(|n| peso_valido(&riga, *n, p));
        let (Some(persona), Some(ruolo), Some(obiettivo), Some(peso)) = (persona, ruolo, obiettivo, peso) else {
            continue;
        };
        // `Ente`, `Unità: U1` are written `ente`, `unita:U1`.
        let obiettivo = match Voce::di(&obiettivo) {
            Voce::Ente => "ente".to_string(),
            Voce::Unita(u) => format!("unita:{u}"),
            Voce::Obiettivo(_) => obiettivo,
        };
        let cella = riga.indirizzo("Obiettivo");
        if let Some(prima) = viste.insert((persona.clone(), obiettivo.clone()), cella.clone()) {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!("l'obiettivo «{obiettivo}» è già assegnato a {persona} in {prima}"),
                )
                .in_cella(&cella)
                .con_valore(&obiettivo),
            );
            continue;
        }
        out.push(Assegnazione {
            persona,
            ruolo,
            obiettivo,
            peso,
            origine: riga.origine(),
        });
    }
    out
}

fn leggi_serie(t: &Tabella, p: &mut Problemi) -> Vec<PuntoSerie> {
    let mut out = Vec::new();
    // Per chart: its categories and its series; the chart is their product.
    let mut assi: HashMap<String, (HashSet<String>, HashSet<String>)> = HashMap::new();
    for riga in t.righe() {
        let grafico = riga.testo("Grafico", p);
        let titolo = riga.testo("Titolo", p);
        let tipo = riga.scelta("Tipo", TipoGrafico::parse, p);
        let categoria = riga.testo("Categoria", p);
        let serie = riga.testo("Serie", p);
        let valore = riga.numero("Valore", p);
        let unita = riga.testo("Unita", p);
        let (Some(grafico), Some(titolo), Some(tipo), Some(categoria), Some(serie), Some(valore)) =
            (grafico, titolo, tipo, categoria, serie, valore)
        else {
            continue;
        };
        // A chart is read on a page: more points than that are not a chart.
        let (categorie, serie_viste) = assi.entry(grafico.clone()).or_default();
        let prima = categorie.len() * serie_viste.len();
        categorie.insert(categoria.clone());
        serie_viste.insert(serie.clone());
        let dopo = categorie.len() * serie_viste.len();
        if dopo > limiti::PUNTI_GRAFICO {
            if prima <= limiti::PUNTI_GRAFICO {
                p.push(riga.problema(
                    "Grafico",
                    format!(
                        "il grafico «{grafico}» ha più di {} punti (categorie × serie): non si leggerebbe su una pagina; \
                         dividerlo in più grafici",
                        limiti::PUNTI_GRAFICO
                    ),
                    Some(grafico.clone()),
                ));
            }
            continue;
        }
        out.push(PuntoSerie {
            grafico,
            titolo,
            tipo,
            categoria,
            serie,
            valore,
            unita,
            origine: riga.origine(),
        });
    }
    out
}

fn leggi_dati(t: &Tabella, p: &mut Problemi) -> Vec<Dato> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let chiave = riga.testo("Chiave", p);
        let valore = match riga.cella("Valore", p) {
            Cella::Vuota => None,
            Cella::Numero(n) => Some(ValoreDato::Numero(n)),
            Cella::Data(d) => Some(ValoreDato::Data(d)),
            Cella::Testo(s) => Some(match (parse_numero(&s), parse_data(&s)) {
                (Some(n), _) => match riga.cifra("Valore", n, p) {
                    Some(n) => ValoreDato::Numero(n),
                    None => continue,
                },
                (_, Some(d)) => ValoreDato::Data(d),
                _ => ValoreDato::Testo(s),
            }),
        };
        let unita = riga.testo("Unita", p);
        let (Some(chiave), Some(valore)) = (chiave, valore) else {
            continue;
        };
        if unico(&mut visti, &chiave, &riga, "Chiave", p) {
            out.push(Dato {
                chiave,
                valore,
                unita,
                origine: riga.origine(),
            });
        }
    }
    out
}

/// What cross-sheet references are checked against.
struct Riferimenti<'a> {
    ambiti: &'a [Ambito],
    unita: &'a [Unita],
    obiettivi: &'a [Obiettivo],
    /// Every objective code written, valid row or not.
    obiettivi_scritti: &'a HashSet<String>,
}

impl Riferimenti<'_> {
    fn obiettivo(&self, codice: &str) -> Option<&Obiettivo> {
        self.obiettivi.iter().find(|o| o.codice == codice)
    }

    /// An objective code that is nowhere in the Obiettivi sheet.
    fn obiettivo_ignoto(&self, codice: &str) -> bool {
        !self.obiettivi_scritti.contains(codice)
    }

    /// Every code used must exist, with the right level.
    fn verifica(&self, indicatori: &[Indicatore], assegnazioni: &[Assegnazione], p: &mut Problemi) {
        for o in self.obiettivi {
            let foglio = &o.origine.foglio;
            match o.livello {
                Livello::Strategico => {
                    if let Some(a) = &o.ambito
                        && !self.ambiti.iter().any(|x| &x.codice == a)
                    {
                        p.push(
                            Problema::errore(foglio, format!("ambito «{a}» sconosciuto (non è nel foglio Ambiti)"))
                                .in_cella(o.origine.cella("Ambito"))
                                .con_valore(a),
                        );
                    }
                    if let Some(padre) = &o.padre {
                        p.push(
                            Problema::errore(
                                foglio,
                                format!("un obiettivo strategico non ha padre, ma {} indica «{padre}»", o.codice),
                            )
                            .in_cella(o.origine.cella("Padre"))
                            .con_valore(padre),
                        );
                    }
                }
                Livello::Operativo => match &o.padre {
                    None => p.push(
                        Problema::errore(
                            foglio,
                            format!(
                                "l'obiettivo operativo {} deve indicare il suo obiettivo strategico in Padre",
                                o.codice
                            ),
                        )
                        .in_cella(o.origine.cella("Padre")),
                    ),
                    Some(padre) => match self.obiettivo(padre) {
                        None if self.obiettivo_ignoto(padre) => p.push(
                            Problema::errore(foglio, format!("obiettivo padre «{padre}» sconosciuto"))
                                .in_cella(o.origine.cella("Padre"))
                                .con_valore(padre),
                        ),
                        Some(x) if x.livello != Livello::Strategico => p.push(
                            Problema::errore(
                                foglio,
                                format!("il padre «{padre}» di {} non è un obiettivo strategico", o.codice),
                            )
                            .in_cella(o.origine.cella("Padre"))
                            .con_valore(padre),
                        ),
                        _ => {}
                    },
                },
            }
            for u in &o.unita {
                if !self.unita.iter().any(|x| &x.codice == u) {
                    p.push(
                        Problema::errore(
                            foglio,
                            format!("unità organizzativa «{u}» sconosciuta (non è nel foglio Unita)"),
                        )
                        .in_cella(o.origine.cella("Unita"))
                        .con_valore(u),
                    );
                }
            }
        }
        let riferimento = |foglio: &str, codice: &str, cella: &str, p: &mut Problemi| {
            if self.obiettivo_ignoto(codice) {
                p.push(
                    Problema::errore(
                        foglio,
                        format!("obiettivo «{codice}» sconosciuto (non è nel foglio Obiettivi)"),
                    )
                    .in_cella(cella)
                    .con_valore(codice),
                );
            }
        };
        for i in indicatori {
            riferimento(&i.origine.foglio, &i.obiettivo, &i.origine.cella("Obiettivo"), p);
        }
        for a in assegnazioni {
            let cella = a.origine.cella("Obiettivo");
            match a.voce() {
                Voce::Obiettivo(codice) => riferimento(&a.origine.foglio, codice, &cella, p),
                Voce::Ente => {}
                Voce::Unita(u) if !self.unita.iter().any(|x| x.codice == u) => p.push(
                    Problema::errore(
                        &a.origine.foglio,
                        format!("unità organizzativa «{u}» sconosciuta (non è nel foglio Unita)"),
                    )
                    .in_cella(&cella)
                    .con_valore(&a.obiettivo),
                ),
                Voce::Unita(_) => {}
            }
        }
    }
}
