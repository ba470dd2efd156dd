//! The charts of the `Serie` sheet: categories and series in the order the
//! sheet gives them, each value drawn and printed, and a text alternative that
//! says every value.

use super::stampa::f;
use super::tipi::{VGrafico, VSerie};
use crate::Relazione;
use crate::model::{PuntoSerie, TipoGrafico};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) fn grafici(r: &Relazione) -> BTreeMap<String, VGrafico> {
    let serie = &r.piano().serie;
    let mut grafici: BTreeMap<String, VGrafico> = BTreeMap::new();
    // (chart, series, category) → value, the first row that gives it.
    let mut punti: HashMap<(&str, &str, &str), Decimal> = HashMap::new();
    let mut categorie_viste: HashSet<(&str, &str)> = HashSet::new();
    let mut serie_viste: HashSet<(&str, &str)> = HashSet::new();
    for s in serie {
        punti.entry((&s.grafico, &s.serie, &s.categoria)).or_insert(s.valore);
        let g = grafici.entry(s.grafico.clone()).or_insert_with(|| nuovo(s));
        if categorie_viste.insert((&s.grafico, &s.categoria)) {
            g.categorie.push(s.categoria.clone());
        }
        if serie_viste.insert((&s.grafico, &s.serie)) {
            g.serie.push(VSerie {
                nome: s.serie.clone(),
                valori: Vec::new(),
                testi: Vec::new(),
            });
        }
    }
    for g in grafici.values_mut() {
        riempi(g, &punti, r.piano().ente.regole.decimali);
        g.descrizione = descrizione(g);
    }
    grafici
}

fn nuovo(s: &PuntoSerie) -> VGrafico {
    VGrafico {
        id: s.grafico.clone(),
        titolo: s.titolo.clone(),
        tipo: s.tipo,
        unita: s.unita.clone(),
        descrizione: String::new(),
        categorie: Vec::new(),
        serie: Vec::new(),
    }
}

/// Values in category order; a missing point is 0. The printed values have no
/// decimals when the chart's values are all whole, else the document's
/// `decimali`; each is bound to its unit.
fn riempi(g: &mut VGrafico, punti: &HashMap<(&str, &str, &str), Decimal>, decimali: u32) {
    let del_grafico: Vec<Decimal> = punti
        .iter()
        .filter(|((id, _, _), _)| *id == g.id)
        .map(|(_, v)| *v)
        .collect();
    let cifre = if del_grafico.iter().all(|v| v.fract().is_zero()) {
        0
    } else {
        decimali
    };
    let unita = g
        .unita
        .as_deref()
        .map_or(String::new(), |u| format!("{}{u}", crate::format::SPAZIO_UNITO));
    for serie in g.serie.iter_mut() {
        for c in &g.categorie {
            let v = punti
                .get(&(g.id.as_str(), serie.nome.as_str(), c.as_str()))
                .copied()
                .unwrap_or(Decimal::ZERO);
            serie.valori.push(f(v));
            serie
                .testi
                .push(format!("{}{unita}", crate::format::numero_decimali(v, cifre)));
        }
    }
}

/// The text alternative: `Grafico a torta. Personale per categoria. Dirigenti 4
/// N., Categoria D 89 N.` — one full stop at the end, even after a unit's own.
pub(super) fn descrizione(g: &VGrafico) -> String {
    let tipo = match g.tipo {
        TipoGrafico::Torta => "a torta",
        TipoGrafico::Linee => "a linee",
        TipoGrafico::Barre => "a barre",
    };
    let dati: Vec<String> = g
        .serie
        .iter()
        .map(|s| {
            let punti: Vec<String> = g
                .categorie
                .iter()
                .zip(&s.testi)
                .map(|(c, t)| format!("{c} {t}"))
                .collect();
            if g.serie.len() > 1 {
                format!("{}: {}", s.nome, punti.join(", "))
            } else {
                punti.join(", ")
            }
        })
        .collect();
    let mut testo = format!(
        "Grafico {tipo}. {}. {}",
        g.titolo.trim_end_matches('.'),
        dati.join("; ")
    );
    // Read aloud, a description has an end: beyond it, the count of the values
    // (the chart's data table, in the web edition, has them all).
    if testo.chars().count() > crate::limiti::CARATTERI_DESCRIZIONE_GRAFICO {
        let valori: usize = g.serie.iter().map(|s| s.testi.len()).sum();
        testo = testo
            .chars()
            .take(crate::limiti::CARATTERI_DESCRIZIONE_GRAFICO)
            .collect::<String>()
            .trim_end_matches([',', ';', ' '])
            .to_string();
        testo.push_str(&format!(" … ({valori} valori in tutto)"));
    }
    if testo.ends_with('.') {
        testo
    } else {
        format!("{testo}.")
    }
}

/// A chart's kind as the templates compare it (`g.tipo == "torta"`): its
/// name, `barre`, `linee`, `torta`; a type in the code.
pub(super) mod tipo_grafico {
    use crate::model::TipoGrafico;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &TipoGrafico, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.nome())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TipoGrafico, D::Error> {
        let testo = String::deserialize(d)?;
        TipoGrafico::parse(&testo)
            .ok_or_else(|| serde::de::Error::custom(format!("tipo di grafico «{testo}» sconosciuto")))
    }
}
