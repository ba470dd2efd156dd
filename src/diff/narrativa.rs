//! The narrative texts of two drafts: word by word (for `relazione diff`), and
//! which paragraphs of the later draft are new (for the marked build).

use super::{CambioTesto, Pezzo};
use crate::Errore;
use crate::cartella::Istantanea;
use crate::format::spazi_normalizzati;
use std::collections::{BTreeMap, BTreeSet};

/// Word-by-word differences of the narrative texts.
pub fn narrativa(a: &Istantanea, b: &Istantanea) -> Result<Vec<CambioTesto>, Errore> {
    let testi = |c: &Istantanea| -> Result<BTreeMap<String, String>, Errore> { Ok(c.testi()?.into_iter().collect()) };
    Ok(testi_cambiati(&testi(a)?, &testi(b)?))
}

/// The texts, by file, that differ between two drafts, word by word (a file
/// only in one draft is all removed, or all added).
pub fn testi_cambiati(ta: &BTreeMap<String, String>, tb: &BTreeMap<String, String>) -> Vec<CambioTesto> {
    let mut nomi: Vec<&String> = ta.keys().chain(tb.keys()).collect();
    nomi.sort();
    nomi.dedup();
    let vuoto = String::new();
    nomi.into_iter()
        .filter_map(|nome| {
            let (x, y) = (ta.get(nome).unwrap_or(&vuoto), tb.get(nome).unwrap_or(&vuoto));
            (x != y).then(|| CambioTesto {
                file: nome.clone(),
                pezzi: per_parole(x, y),
            })
        })
        .collect()
}

/// The words of two versions of a text: unchanged, removed, added, in runs.
/// Comparing takes work up to the product of the two lengths: beyond
/// [`crate::limiti::CELLE_CONFRONTO`], the texts are compared line by line,
/// and when even that is beyond, the older is shown removed and the newer
/// added (two unrelated megabytes took minutes word by word).
fn per_parole(x: &str, y: &str) -> Vec<Pezzo> {
    let celle = |a: usize, b: usize| (a as u64 + 1).saturating_mul(b as u64 + 1);
    // Words and the spaces between them, as the comparison counts them.
    let parole = |s: &str| s.split_whitespace().count() * 2;
    let diff = if celle(parole(x), parole(y)) <= crate::limiti::CELLE_CONFRONTO {
        similar::TextDiff::from_words(x, y)
    } else if celle(x.lines().count(), y.lines().count()) <= crate::limiti::CELLE_CONFRONTO {
        similar::TextDiff::from_lines(x, y)
    } else {
        return vec![Pezzo::Tolto(x.to_string()), Pezzo::Aggiunto(y.to_string())];
    };
    let mut pezzi: Vec<Pezzo> = Vec::new();
    for c in diff.iter_all_changes() {
        let s = c.value().to_string();
        let nuovo = match c.tag() {
            similar::ChangeTag::Equal => Pezzo::Uguale(s),
            similar::ChangeTag::Delete => Pezzo::Tolto(s),
            similar::ChangeTag::Insert => Pezzo::Aggiunto(s),
        };
        // Merge runs of the same kind.
        match (pezzi.last_mut(), &nuovo) {
            (Some(Pezzo::Uguale(a)), Pezzo::Uguale(b))
            | (Some(Pezzo::Tolto(a)), Pezzo::Tolto(b))
            | (Some(Pezzo::Aggiunto(a)), Pezzo::Aggiunto(b)) => a.push_str(b),
            _ => pezzi.push(nuovo),
        }
    }
    pezzi
}

/// Which of the later draft's paragraphs are not among the earlier draft's
/// (whitespace aside): those a reader must read again.
pub fn paragrafi_nuovi(vecchi: &[String], nuovi: &[String]) -> Vec<bool> {
    let vecchi: BTreeSet<String> = vecchi.iter().map(|p| spazi_normalizzati(p)).collect();
    nuovi
        .iter()
        .map(|p| {
            let p = spazi_normalizzati(p);
            !p.is_empty() && !vecchi.contains(&p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrelated_long_texts_are_compared_within_the_budget() {
        // Two texts of 12.000 different words each on one line: 24.001 × 24.001
        // cells word by word (576 million, over the 400 million budget), and
        // one line each: the older removed, the newer added.
        let x: String = (0..12_000).map(|i| format!("a{i} ")).collect();
        let y: String = (0..12_000).map(|i| format!("b{i} ")).collect();
        assert_eq!(
            per_parole(&x, &y),
            vec![Pezzo::Tolto(x.clone()), Pezzo::Aggiunto(y.clone())]
        );
        // The same words on lines of ten: compared line by line (1.201 × 1.201 cells).
        let righe = |s: &str| {
            s.split(' ')
                .collect::<Vec<_>>()
                .chunks(10)
                .map(|c| c.join(" "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let pezzi = per_parole(&righe(&x), &righe(&y));
        assert!(
            pezzi.iter().all(|p| !matches!(p, Pezzo::Uguale(_))),
            "nothing in common"
        );
        assert!(pezzi.len() <= 2 * 1201, "{} pieces", pezzi.len());
        // Short texts, word by word.
        assert_eq!(
            per_parole("uno due tre", "uno tre"),
            vec![
                Pezzo::Uguale("uno ".into()),
                Pezzo::Tolto("due ".into()),
                Pezzo::Uguale("tre".into())
            ]
        );
    }

    #[test]
    fn new_paragraphs_whitespace_aside() {
        let vecchi = vec!["Prima frase.".to_string(), "Seconda\nfrase.".to_string()];
        let nuovi = vec![
            "Prima  frase.".to_string(),
            "Seconda frase.".to_string(),
            "Terza.".to_string(),
        ];
        assert_eq!(paragrafi_nuovi(&vecchi, &nuovi), [false, false, true]);
    }
}
