//! A person's evaluation as the ente's SMVP defines it, and how the evaluations
//! are distributed over the bands.
//!
//! Without the `Componenti` sheet a person's result is, as in the 2022
//! Relazione, the weighted mean of what `Assegnazioni` gives them. With it,
//! each component has its weight for the person's category and its own result:
//! - risultati organizzativi: the weighted mean of the `ente` and `unita:`
//!   assignments;
//! - obiettivi individuali: the weighted mean of the objectives assigned;
//! - comportamenti, differenziazione: the weighted mean of the evaluator's
//!   scores, each as a percentage of its maximum (8 out of 10 = 80 %);
//!
//! and the result is the mean of the components weighted by the category's
//! weights, over the components the person has (a dirigente without a score of
//! differentiation is weighed on the others).
//!
//! The distribution counts the persons of each category (and gender) in each
//! band of the persons' scale, with its degree of differentiation: the
//! normalised heterogeneity of the counts, (1 − Σ pᵢ²) / (1 − 1/k), from 0 %
//! (everyone in one band) to 100 % (as many in every band of the k).

use crate::model::{Componente, Piano, Voce};
use crate::scoring::{Giudizio, Scala, media_ponderata};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A person's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RisultatoPersona {
    /// From `Persone`; without it, the `Ruolo` of their first assignment.
    pub categoria: String,
    pub genere: Option<String>,
    /// The components weighed for the person's category (empty without
    /// `Componenti`).
    pub componenti: Vec<RisultatoComponente>,
    pub risultato: Option<Decimal>,
    /// The band (and points) of the result on the persons' scale.
    pub giudizio: Option<Giudizio>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RisultatoComponente {
    pub componente: Componente,
    /// Its weight for the person's category.
    pub peso: Decimal,
    /// `None` when the person has nothing for it.
    pub risultato: Option<Decimal>,
}

/// Every person's evaluation, by name: those of `Assegnazioni`, `Punteggi` and
/// `Persone`. `risultato` gives the result of an assignment.
pub fn valuta_persone(
    piano: &Piano,
    risultato: &dyn Fn(Voce<'_>) -> Option<Decimal>,
    scala: &Scala,
) -> BTreeMap<String, RisultatoPersona> {
    // A person is one whatever the sheet spells their name with (`D'Angelo`,
    // `D’Angelo`, a capital): the first spelling names them.
    let mut nomi: Vec<&str> = Vec::new();
    for n in piano
        .assegnazioni
        .iter()
        .map(|a| a.persona.as_str())
        .chain(piano.punteggi_individuali.iter().map(|s| s.persona.as_str()))
        .chain(piano.persone.iter().map(|p| p.nome.as_str()))
    {
        if !nomi.iter().any(|x| stesso_nome(x, n)) {
            nomi.push(n);
        }
    }
    nomi.into_iter()
        .map(|nome| (nome.to_string(), persona(piano, nome, risultato, scala)))
        .collect()
}

fn persona(
    piano: &Piano,
    nome: &str,
    risultato: &dyn Fn(Voce<'_>) -> Option<Decimal>,
    scala: &Scala,
) -> RisultatoPersona {
    let uguale = |a: &str| stesso_nome(a, nome);
    let anagrafe = piano.persone.iter().find(|p| uguale(&p.nome));
    let assegnazioni: Vec<_> = piano.assegnazioni.iter().filter(|a| uguale(&a.persona)).collect();
    let categoria = anagrafe
        .map(|p| p.categoria.clone())
        .unwrap_or_else(|| assegnazioni.first().map_or_else(String::new, |a| a.ruolo.clone()));
    let pesi: Vec<_> = piano
        .componenti
        .iter()
        .filter(|c| crate::format::normalizza(&c.categoria) == crate::format::normalizza(&categoria))
        .collect();
    let di_assegnazioni = |organizzativi: bool| {
        media_ponderata(
            assegnazioni
                .iter()
                .filter(|a| matches!(a.voce(), Voce::Obiettivo(_)) != organizzativi)
                .map(|a| (a.peso, risultato(a.voce()))),
        )
    };
    let dal_valutatore = |c: Componente| {
        media_ponderata(
            piano
                .punteggi_individuali
                .iter()
                .filter(|s| s.componente == c && uguale(&s.persona))
                .map(|s| (s.peso.unwrap_or(Decimal::ONE), Some(s.percento()))),
        )
    };
    let componenti: Vec<RisultatoComponente> = pesi
        .iter()
        .map(|c| RisultatoComponente {
            componente: c.componente,
            peso: c.peso,
            risultato: match c.componente {
                Componente::RisultatiOrganizzativi => di_assegnazioni(true),
                Componente::ObiettiviIndividuali => di_assegnazioni(false),
                altra => dal_valutatore(altra),
            },
        })
        .collect();
    let risultato_finale = if componenti.is_empty() {
        media_ponderata(assegnazioni.iter().map(|a| (a.peso, risultato(a.voce()))))
    } else {
        media_ponderata(componenti.iter().map(|c| (c.peso, c.risultato)))
    };
    RisultatoPersona {
        categoria,
        genere: anagrafe.and_then(|p| p.genere.clone()),
        componenti,
        risultato: risultato_finale,
        giudizio: risultato_finale.map(|r| scala.giudica(r)),
    }
}

/// Whether two cells name the same person: case, accents, spaces and the
/// kind of apostrophe aside.
pub fn stesso_nome(a: &str, b: &str) -> bool {
    crate::format::normalizza(a) == crate::format::normalizza(b)
}

/// How many persons fell in each band, per category and gender.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribuzione {
    /// The labels of the persons' bands, from the highest.
    pub fasce: Vec<String>,
    /// Per category (and, where given, per gender within it), then the total.
    pub righe: Vec<RigaDistribuzione>,
    /// Whether some counts were typed in aggregate (`Distribuzione`) rather
    /// than computed from each person's result.
    pub da_conteggi: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RigaDistribuzione {
    /// The category; `None` for the total of all.
    pub categoria: Option<String>,
    /// The gender; `None` for all genders of the category.
    pub genere: Option<String>,
    /// Persons per band, in the order of [`Distribuzione::fasce`].
    pub conteggi: Vec<u32>,
    pub totale: u32,
    /// The degree of differentiation, in percentage points (see the module).
    pub differenziazione: Option<Decimal>,
}

/// The distribution of the evaluations: the counts of `Distribuzione` for the
/// categories typed there, the result of each person of `Persone` for the
/// others; `None` when the workbook has neither, or nobody has a result.
pub fn distribuzione(
    piano: &Piano,
    persone: &BTreeMap<String, RisultatoPersona>,
    scala: &Scala,
) -> Option<Distribuzione> {
    // Categories come from `Persone` (or the counts): without either, there is
    // no distribution to tell.
    if piano.persone.is_empty() && piano.distribuzione.is_empty() {
        return None;
    }
    let fasce: Vec<String> = scala.voci().into_iter().map(|v| v.etichetta).collect();
    let indice = |etichetta: &str| {
        fasce
            .iter()
            .position(|f| crate::format::normalizza(f) == crate::format::normalizza(etichetta))
    };
    // (categoria, genere, band) → persons, in the order met: the counts typed
    // for a category (HR often gives only those), then the persons of the
    // categories not typed, each in the band of their result.
    let mut voci: Vec<(String, Option<String>, usize, u32)> = Vec::new();
    let norm = crate::format::normalizza;
    let da_conteggi = !piano.distribuzione.is_empty();
    for c in &piano.distribuzione {
        if let Some(i) = indice(&c.fascia) {
            voci.push((c.categoria.clone(), c.genere.clone(), i, c.persone));
        }
    }
    let contata = |categoria: &str| {
        piano
            .distribuzione
            .iter()
            .any(|c| norm(&c.categoria) == norm(categoria))
    };
    let in_persone = |nome: &str| piano.persone.iter().any(|x| norm(&x.nome) == norm(nome));
    for p in persone
        .iter()
        .filter(|(n, p)| in_persone(n) && !contata(&p.categoria))
        .map(|(_, p)| p)
    {
        if let Some(i) = p.giudizio.as_ref().and_then(|g| indice(&g.etichetta)) {
            voci.push((p.categoria.clone(), p.genere.clone(), i, 1));
        }
    }
    if voci.is_empty() {
        return None;
    }
    // A category is one whatever its spelling (`Dirigenti`, `dirigenti`): the
    // first spelling met names it.
    let mut nomi: Vec<String> = Vec::new();
    for v in voci.iter_mut() {
        match nomi.iter().find(|n| norm(n) == norm(&v.0)) {
            Some(n) => v.0 = n.clone(),
            None => nomi.push(v.0.clone()),
        }
    }
    let mut categorie: Vec<String> = Vec::new();
    for (c, ..) in &voci {
        if !categorie.contains(c) {
            categorie.push(c.clone());
        }
    }
    // In the order of the system (`Componenti`), where it lists them.
    let posto = |c: &String| {
        piano
            .componenti
            .iter()
            .position(|x| norm(&x.categoria) == norm(c))
            .unwrap_or(usize::MAX)
    };
    categorie.sort_by_key(posto);
    let riga = |categoria: Option<&str>, genere: Option<&str>| {
        let mut conteggi = vec![0u32; fasce.len()];
        for (c, g, i, n) in &voci {
            if categoria.is_none_or(|x| x == c) && genere.is_none_or(|x| g.as_deref() == Some(x)) {
                conteggi[*i] += n;
            }
        }
        let totale = conteggi.iter().sum();
        RigaDistribuzione {
            categoria: categoria.map(str::to_string),
            genere: genere.map(str::to_string),
            differenziazione: differenziazione(&conteggi),
            conteggi,
            totale,
        }
    };
    let generi = |categoria: Option<&str>| {
        let mut g: Vec<String> = voci
            .iter()
            .filter(|(c, ..)| categoria.is_none_or(|x| x == c))
            .filter_map(|(_, g, ..)| g.clone())
            .collect();
        g.sort();
        g.dedup();
        g
    };
    let mut righe = Vec::new();
    for c in categorie.iter().map(|c| Some(c.as_str())).chain([None]) {
        righe.push(riga(c, None));
        for g in generi(c) {
            righe.push(riga(c, Some(&g)));
        }
    }
    Some(Distribuzione {
        fasce,
        righe,
        da_conteggi,
    })
}

/// (1 − Σ pᵢ²) / (1 − 1/k) × 100 over the k bands: 0 when everyone is in one
/// band, 100 when every band has as many; `None` without persons or with one band.
pub fn differenziazione(conteggi: &[u32]) -> Option<Decimal> {
    let totale: u32 = conteggi.iter().sum();
    let k = conteggi.len();
    if totale == 0 || k < 2 {
        return None;
    }
    let n = Decimal::from(totale);
    let somma: Decimal = conteggi
        .iter()
        .map(|c| {
            let p = Decimal::from(*c) / n;
            p * p
        })
        .sum();
    let massimo = Decimal::ONE - Decimal::ONE / Decimal::from(k as u64);
    Some((Decimal::ONE - somma) / massimo * Decimal::ONE_HUNDRED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differentiation_from_none_to_full() {
        // Everyone in one band: 0.
        assert_eq!(differenziazione(&[10, 0, 0]), Some(Decimal::ZERO));
        // As many in each of the three: 100.
        assert_eq!(differenziazione(&[4, 4, 4]), Some(Decimal::ONE_HUNDRED));
        // 6, 3, 1 of 10: Σp² = 0,36 + 0,09 + 0,01 = 0,46; (1 − 0,46) / (2/3) = 0,81.
        assert_eq!(
            differenziazione(&[6, 3, 1]).map(|d| d.round_dp(10)),
            Some("81".parse().unwrap())
        );
        assert_eq!(differenziazione(&[0, 0, 0]), None);
    }
}
