//! Locating the sheets of the contract in a workbook and matching their header
//! row to the contract's columns (the cells come from [`super::fonte`]).

use crate::format::normalizza;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::cella::Riga;
use crate::workbook::fonte::{Fonte, Percentuali};
use crate::workbook::schema::{self, Colonna, Foglio, lettera};
use calamine::{Data, Range};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One sheet located in the workbook, with its header mapped to the contract.
pub(in crate::workbook) struct Tabella {
    pub(in crate::workbook) foglio: &'static Foglio,
    /// The sheet's name as written in the workbook.
    pub(in crate::workbook) nome: String,
    pub(in crate::workbook) range: Range<Data>,
    /// The cells formatted as a percentage (0,85 shown as 85 %).
    pub(in crate::workbook) percentuali: Percentuali,
    /// Contract column name → 0-based column index.
    pub(in crate::workbook) colonne: HashMap<&'static str, u32>,
    /// Contract column name → letter, shared by every record's [`Origine`].
    pub(in crate::workbook) lettere: Arc<BTreeMap<String, String>>,
}

impl Tabella {
    pub(in crate::workbook) fn righe(&self) -> impl Iterator<Item = Riga<'_>> {
        let (start, end) = match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => (s.0, e.0),
            _ => (1, 0),
        };
        (start.max(1)..=end)
            .map(move |r| Riga { t: self, r })
            .filter(|r| !r.vuota())
    }

    /// The index of a column of the sheet; `None` when the header lacks it (an
    /// optional column). A column of another sheet is a bug of the reader.
    pub(in crate::workbook) fn indice(&self, colonna: &Colonna) -> Option<u32> {
        debug_assert!(
            self.foglio.colonne.contains(colonna),
            "colonna {} non prevista nel foglio {}",
            colonna.nome,
            self.foglio.nome
        );
        self.colonne.get(colonna.nome).copied()
    }

    /// Every code written in a column, valid row or not: a reference to a row that
    /// has its own error is not reported a second time as unknown.
    pub(in crate::workbook) fn codici(&self, colonna: &'static Colonna) -> HashSet<String> {
        let mut scarto = Problemi::default();
        self.righe().filter_map(|r| r.testo(colonna, &mut scarto)).collect()
    }

    pub(in crate::workbook) fn origine(&self, r: u32) -> Origine {
        Origine {
            foglio: self.nome.clone(),
            riga: r + 1,
            colonne: self.lettere.clone(),
        }
    }
}

/// Locates every sheet of the contract and maps its header.
pub(in crate::workbook) fn tabelle(wb: &mut Fonte, p: &mut Problemi) -> Vec<Option<Tabella>> {
    let nomi = wb.nomi();
    for n in &nomi {
        if !schema::FOGLI.iter().any(|f| normalizza(f.nome) == normalizza(n)) {
            p.push(Problema::avviso(n, format!("foglio «{n}» non previsto: ignorato")));
        }
    }
    schema::FOGLI
        .iter()
        .map(|foglio| {
            let Some(nome) = nomi.iter().find(|n| normalizza(n) == normalizza(foglio.nome)).cloned() else {
                if !foglio.facoltativo {
                    p.push(Problema::errore(
                        foglio.nome,
                        format!(
                            "manca il foglio «{}» (fogli presenti: {})",
                            foglio.nome,
                            nomi.join(", ")
                        ),
                    ));
                }
                return None;
            };
            let (range, percentuali) = wb.celle(&nome).map_err(|problema| p.push(problema)).ok()?;
            avvisi_del_foglio(wb, &nome, p);
            let colonne = intestazione(foglio, &nome, &range, p)?;
            let lettere = Arc::new(colonne.iter().map(|(k, v)| (k.to_string(), lettera(*v))).collect());
            Some(Tabella {
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

/// What a reader may not see at a glance: a hidden sheet (read all the same),
/// merged cells (their value is in the first cell only).
fn avvisi_del_foglio(wb: &mut Fonte, nome: &str, p: &mut Problemi) {
    if wb
        .metadati()
        .iter()
        .any(|m| m.name == nome && m.visible != calamine::SheetVisible::Visible)
    {
        p.push(Problema::avviso(
            nome,
            format!("il foglio «{nome}» è nascosto: viene letto lo stesso"),
        ));
    }
    {
        for d in wb.unite(nome).iter().filter(|d| d.end.0 >= 1) {
            let prima = format!("{}{}", lettera(d.start.1), d.start.0 + 1);
            let area = format!("{prima}:{}{}", lettera(d.end.1), d.end.0 + 1);
            p.push(
                Problema::avviso(
                    nome,
                    format!("celle unite {area}: si legge solo il valore di {prima}, le altre restano vuote"),
                )
                .in_cella(&prima),
            );
        }
    }
}

/// The header row matched to the contract's columns (case, accents, spaces and
/// `_` aside): contract column → column index. `None` when a column is
/// repeated or a required one is missing (each reported).
fn intestazione(
    foglio: &Foglio,
    nome: &str,
    range: &Range<Data>,
    p: &mut Problemi,
) -> Option<HashMap<&'static str, u32>> {
    let mut colonne = HashMap::new();
    let mut ok = true;
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
                        nome,
                        format!("colonna «{titolo}» ripetuta (c'è già in {}1)", lettera(prima)),
                    )
                    .in_cella(&cella)
                    .con_valore(&titolo),
                );
                ok = false;
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
                    Problema::avviso(nome, format!("colonna «{titolo}» non prevista: ignorata"))
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
                    nome,
                    format!("manca la colonna obbligatoria «{}» nella riga 1", col.nome),
                )
                .in_cella("1"),
            );
            ok = false;
        }
    }
    ok.then_some(colonne)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ambiti() -> Tabella {
        Tabella {
            foglio: &schema::AMBITI,
            nome: "Ambiti".into(),
            range: Range::new((0, 0), (0, 1)),
            percentuali: Percentuali::default(),
            colonne: HashMap::from([("Codice", 0), ("Ambito", 1)]),
            lettere: Arc::default(),
        }
    }

    #[test]
    fn a_column_is_found_by_its_constant() {
        let t = ambiti();
        assert_eq!(t.indice(&schema::ambiti::AMBITO), Some(1));
        assert_eq!(t.indice(&schema::ambiti::DESCRIZIONE), None);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "colonna Codice non prevista nel foglio Ambiti")]
    fn a_column_of_another_sheet_is_a_bug_of_the_reader() {
        // `Codice` of `Unita`: the same name, another column.
        ambiti().indice(&schema::unita::CODICE);
    }
}
