//! What the OIV (or Nucleo di valutazione) needs beyond the explanation of
//! each figure to validate the Relazione (D.Lgs. 150/2009 art. 14, DFP
//! guidelines n. 3/2018): the effect of each deliberation on the scores, the
//! reconciliation of the grades the workbook declares with those computed,
//! the checklist of the contents a Relazione must have, and a sample of
//! indicators to check against their sources, drawn so that the OIV can redo
//! the drawing by hand. The dossier (`relazione dossier`) prints them.

use crate::model::TipoAllegato;
use crate::{Relazione, changes, format, scoring};
use rust_decimal::Decimal;
use serde::Serialize;

/// What one deliberation did: its changes, and the results that differ from
/// those the plan would have without it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffettoDelibera {
    pub delibera: String,
    pub data: String,
    /// `kpi3.1.1_01: target portato da … ` with the row of `Modifiche`.
    pub modifiche: Vec<(String, String)>,
    /// Objective (or `ente`) → its result without this deliberation, and with it.
    pub risultati: Vec<(String, Option<Decimal>, Option<Decimal>)>,
    /// Why the effect could not be told apart, when a later deliberation
    /// builds on this one.
    pub non_separabile: Option<String>,
}

/// The effect of each deliberation of the year, in the order of their dates:
/// the plan is scored again with every other deliberation and without this one.
pub fn effetti_delle_delibere(r: &Relazione) -> Vec<EffettoDelibera> {
    let mut atti: Vec<(chrono::NaiveDate, String)> = Vec::new();
    let mut modifiche: Vec<_> = r.pianificato.modifiche.iter().collect();
    modifiche.sort_by_key(|m| (m.data, m.origine.riga));
    for m in &modifiche {
        if !atti.iter().any(|(d, n)| *d == m.data && *n == m.delibera) {
            atti.push((m.data, m.delibera.clone()));
        }
    }
    atti.into_iter()
        .map(|(data, delibera)| {
            let di_questa = |m: &crate::model::Modifica| m.data == data && m.delibera == delibera;
            let mut senza = r.pianificato.clone();
            senza.modifiche.retain(|m| !di_questa(m));
            let elenco = modifiche
                .iter()
                .filter(|m| di_questa(m))
                .map(|m| {
                    let nota = r
                        .in_vigore
                        .note_di(&m.indicatore)
                        .iter()
                        .find(|n| n.contains(&format!("deliberazione {delibera} ")))
                        .cloned()
                        .unwrap_or_default();
                    (
                        format!("{}: {}", m.indicatore, format::spazi_normalizzati(&nota)),
                        m.origine.cella(crate::workbook::schema::modifiche::A.nome),
                    )
                })
                .collect();
            let punteggi = changes::applica(&senza)
                .map_err(|_| ())
                .and_then(|v| scoring::valuta(&v.piano).map_err(|_| ()));
            let (risultati, non_separabile) = match punteggi {
                Ok(p) => (differenze(&p, &r.punteggi), None),
                Err(()) => (
                    Vec::new(),
                    Some(
                        "una deliberazione successiva modifica gli stessi valori partendo da quelli fissati da questa: \
                         l'effetto si legge insieme a quello della successiva"
                            .to_string(),
                    ),
                ),
            };
            EffettoDelibera {
                delibera,
                data: format::data(data),
                modifiche: elenco,
                risultati,
                non_separabile,
            }
        })
        .collect()
}

/// The results (objectives, then the ente) that differ between two scorings.
fn differenze(senza: &scoring::Punteggi, con: &scoring::Punteggi) -> Vec<(String, Option<Decimal>, Option<Decimal>)> {
    let mut out: Vec<_> = con
        .obiettivi
        .iter()
        .filter_map(|(codice, p)| {
            let prima = senza.obiettivi.get(codice).and_then(|x| x.risultato);
            (prima != p.risultato).then(|| (codice.clone(), prima, p.risultato))
        })
        .collect();
    if senza.ente != con.ente {
        out.push(("ente".into(), senza.ente, con.ente));
    }
    out
}

/// A grade the workbook declares beside the one computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Riconciliazione {
    pub indicatore: String,
    pub dichiarato: Decimal,
    pub calcolato: Option<Decimal>,
    /// Within [`crate::check::TOLLERANZA_GRADO`] of each other.
    pub coincide: bool,
    pub cella: String,
}

/// Every declared grade (`Grado dichiarato`) beside the computed one: those
/// that differ first, then those that agree, each in the order of the plan.
pub fn riconciliazione(r: &Relazione) -> Vec<Riconciliazione> {
    let mut tutte: Vec<Riconciliazione> = r
        .piano()
        .indicatori
        .iter()
        .filter_map(|i| {
            let dichiarato = i.grado_dichiarato?;
            let calcolato = r.punteggi.indicatori.get(&i.codice).and_then(|p| p.grado);
            Some(Riconciliazione {
                indicatore: i.codice.clone(),
                dichiarato,
                calcolato,
                coincide: calcolato.is_some_and(|c| (c - dichiarato).abs() <= crate::check::TOLLERANZA_GRADO),
                cella: i
                    .origine
                    .cella(crate::workbook::schema::indicatori::GRADO_DICHIARATO.nome),
            })
        })
        .collect();
    tutte.sort_by_key(|x| x.coincide);
    tutte
}

/// A content that art. 10 of D.Lgs. 150/2009 and the DFP guidelines expect
/// of a Relazione, and whether this one has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contenuto {
    /// The word a text declares it with (`{# contenuti: processo #}`).
    pub chiave: &'static str,
    pub descrizione: &'static str,
    /// Where it is: `testi/05-processo.md (dichiarato)`, `Allegato 3`.
    pub dove: Vec<String>,
}

/// The contents expected, with their keys: the words a text declares on its
/// first lines, `{# contenuti: cittadini, processo #}`.
pub const CONTENUTI: [(&str, &str); 7] = [
    (
        "cittadini",
        "Sintesi dei risultati di interesse per i cittadini e gli altri portatori di interesse",
    ),
    ("contesto", "Analisi del contesto e delle risorse"),
    ("organizzativa", "Performance organizzativa dell'ente e delle sue unità"),
    (
        "obiettivi",
        "Risultati degli obiettivi e degli indicatori, con gli scostamenti",
    ),
    (
        "individuale",
        "Performance individuale e distribuzione delle valutazioni",
    ),
    ("pari opportunità", "Pari opportunità e bilancio di genere"),
    (
        "processo",
        "Il processo di misurazione, valutazione e redazione della Relazione",
    ),
];

/// The parts the program generates, and the content each gives.
const PARTI: [(&str, &str); 5] = [
    ("risultati", "cittadini"),
    ("albero", "organizzativa"),
    ("tabella_unita", "organizzativa"),
    ("distribuzione", "individuale"),
    ("regole", "processo"),
];

/// The contents a text declares on its first lines: `{# contenuti: a, b #}`.
pub fn dichiarati(testo: &str) -> Vec<String> {
    let inizio: String = testo.lines().take(10).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    let mut resto = inizio.as_str();
    while let Some(a) = resto.find("{#") {
        let dopo = &resto[a + 2..];
        let Some(b) = dopo.find("#}") else { break };
        let dentro = dopo[..b].trim().trim_matches('-').trim();
        if let Some((chiave, elenco)) = dentro.split_once(':')
            && format::normalizza(chiave) == "contenuti"
        {
            out.extend(
                elenco
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty()),
            );
        }
        resto = &dopo[b + 2..];
    }
    out
}

/// Whether a text places a generated part: `{{ albero(…) }}`.
fn colloca(testo: &str, parte: &str) -> bool {
    testo.match_indices("{{").any(|(i, _)| {
        let dopo = testo[i + 2..].trim_start();
        dopo.strip_prefix(parte)
            .is_some_and(|r| r.trim_start().starts_with('(') || r.trim_start().starts_with("}}"))
    })
}

/// The checklist of the contents: each present where a text declares it or
/// places a generated part that gives it, or an annex gives it.
pub fn contenuti(r: &Relazione) -> Vec<Contenuto> {
    let testi = r.istantanea().testi().unwrap_or_default();
    let p = r.piano();
    CONTENUTI
        .iter()
        .map(|&(chiave, descrizione)| {
            let mut dove = Vec::new();
            for (file, testo) in &testi {
                // Why the file gives it: it says so, and the parts it places.
                let mut perche: Vec<&str> = Vec::new();
                if dichiarati(testo)
                    .iter()
                    .any(|d| format::normalizza(d) == format::normalizza(chiave))
                {
                    perche.push("dichiarato");
                }
                for (parte, _) in PARTI.iter().filter(|(_, c)| *c == chiave) {
                    if colloca(testo, parte) {
                        perche.push(parte);
                    }
                }
                if !perche.is_empty() {
                    dove.push(format!("{file} ({})", perche.join(", ")));
                }
            }
            for (n, a) in p.ente.allegati.iter().enumerate() {
                let da = match a.tipo {
                    TipoAllegato::Strategici | TipoAllegato::Operativi => ["obiettivi", "organizzativa"].as_slice(),
                    TipoAllegato::Individuali => ["individuale"].as_slice(),
                    TipoAllegato::Modifiche => ["processo"].as_slice(),
                };
                let mostrato = a.tipo != TipoAllegato::Modifiche || !p.modifiche.is_empty();
                if mostrato && da.contains(&chiave) {
                    dove.push(format!("Allegato {} – {}", n + 1, a.titolo(&p.ente.lessico)));
                }
            }
            Contenuto {
                chiave,
                descrizione,
                dove,
            }
        })
        .collect()
}

/// The sample of indicators the OIV checks against their sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campione {
    /// The measured indicators (those with a grade: not neutralized, with a
    /// consuntivo or a deadline passed), by code.
    pub elenco: Vec<String>,
    /// 10 % of them, at least 5 (all, when they are fewer).
    pub dimensione: usize,
    /// One every `passo`: ⌊elenco / dimensione⌋.
    pub passo: usize,
    /// The first eight hexadecimal digits of the workbook's SHA-256.
    pub esadecimale: String,
    pub numero: u64,
    /// The first position drawn, from 1: numero mod passo + 1.
    pub inizio: usize,
    /// The positions drawn (from 1) and their codes.
    pub scelti: Vec<(usize, String)>,
}

/// Draws the sample: the measured indicators sorted by code (the order of
/// their characters), one every `passo` from a start that the workbook's
/// fingerprint gives — the same workbook, the same sample; anyone can redo it.
pub fn campione(r: &Relazione) -> Campione {
    let mut elenco: Vec<String> = r
        .piano()
        .indicatori
        .iter()
        .filter(|i| r.punteggi.indicatori.get(&i.codice).is_some_and(|p| p.grado.is_some()))
        .map(|i| i.codice.clone())
        .collect();
    elenco.sort();
    let n = elenco.len();
    let dimensione = n.div_ceil(10).max(5).min(n);
    let passo = n.checked_div(dimensione).unwrap_or(1).max(1);
    let esadecimale: String = r.impronta.chars().take(8).collect();
    let numero = u64::from_str_radix(&esadecimale, 16).unwrap_or(0);
    let inizio = (numero % passo as u64) as usize + 1;
    let scelti = (0..dimensione)
        .map(|j| inizio + j * passo)
        .filter(|&k| k <= n)
        .map(|k| (k, elenco[k - 1].clone()))
        .collect();
    Campione {
        elenco,
        dimensione,
        passo,
        esadecimale,
        numero,
        inizio,
        scelti,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_declares_its_contents_on_its_first_lines() {
        let t = "{# contenuti: processo, Pari opportunità #}\n# 5 – Il processo\n";
        assert_eq!(dichiarati(t), ["processo", "Pari opportunità"]);
        assert!(dichiarati("# Titolo\n\n{# una nota #}\n").is_empty());
        assert!(colloca("testo {{ albero(livello=1) }}", "albero"));
        assert!(colloca("{{regole()}}", "regole"));
        assert!(!colloca("{{ alberature }}", "albero"));
    }
}
