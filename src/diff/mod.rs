//! What changed between two drafts of a report, at the level of the model: in
//! the data as planned (by thing and field), in the narrative (by words), in
//! what the cards print of the plan in force, and what each change did to the
//! scores. One comparison feeds `relazione diff` (text, JSON, the PDF
//! prospetto) and `build --compare`; it never looks at how a page is drawn.

mod dati;
mod narrativa;
mod punteggi;
pub mod schede;

pub use dati::dati;
pub use narrativa::{narrativa, paragrafi_nuovi, testi_cambiati};
pub use punteggi::punteggi;
pub use schede::{Schede, schede};

use crate::format;
use crate::{Errore, Relazione};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

/// A changed field of a thing of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cambio {
    /// `indicatore`, `obiettivo`, `unità`, `ambito`, `persona`, `ente`, `modifica`, `dato`, `grafico`.
    pub tipo: String,
    /// The thing's code (an indicator's code, an ente setting's key…).
    pub codice: String,
    /// Its name or title, for an indicator, objective, unit or ambito.
    pub nome: Option<String>,
    /// The field, or `(aggiunto)` / `(tolto)` for a whole thing.
    pub campo: String,
    pub prima: Option<String>,
    pub dopo: Option<String>,
}

/// A piece of a narrative text: unchanged, removed or added words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pezzo {
    Uguale(String),
    Tolto(String),
    Aggiunto(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CambioTesto {
    pub file: String,
    pub pezzi: Vec<Pezzo>,
}

/// A figure of the report that moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CambioPunteggio {
    /// `indicatore` (grade), `obiettivo`, `unità`, `persona`, `ente`.
    pub tipo: String,
    pub codice: String,
    /// The name or title of an indicator, objective or unit.
    pub nome: Option<String>,
    pub prima: Option<Decimal>,
    pub dopo: Option<Decimal>,
    /// The label on the ente's scale (a band of `Fasce`, or `Raggiunto`…).
    pub valutazione_prima: Option<String>,
    pub valutazione_dopo: Option<String>,
    /// The points of the band (persons on their own scale), when it gives them.
    pub punti_prima: Option<Decimal>,
    pub punti_dopo: Option<Decimal>,
}

impl CambioPunteggio {
    /// `OS14.5: 85,19 % → 85,59 %, Parzialmente raggiunto`;
    /// `Paolo Neri: 64,79 % → 79,69 %, da Adeguata a Buona, punti da 50,00 a 80,00`.
    pub fn riga(&self) -> String {
        let pct = |d: Option<Decimal>| d.map_or_else(|| "nessun risultato".to_string(), format::percento);
        let mut s = format!("{}: {} → {}", self.codice, pct(self.prima), pct(self.dopo));
        let v = self.valutazione();
        if !v.is_empty() {
            s.push_str(", ");
            s.push_str(&v);
        }
        s
    }

    /// How the valutazione (and its points) moved: `Raggiunto`, `da
    /// Parzialmente raggiunto a Raggiunto, punti da 50,00 a 80,00`, `non più
    /// valutato (era Raggiunto)`, or nothing.
    pub fn valutazione(&self) -> String {
        let mut v = match (&self.valutazione_prima, &self.valutazione_dopo) {
            (Some(a), Some(b)) if a == b => b.clone(),
            (Some(a), Some(b)) => format::da_a(a, b),
            (None, Some(b)) => b.clone(),
            (Some(a), None) => format!("non più valutato (era {a})"),
            (None, None) => String::new(),
        };
        let punti = match (self.punti_prima, self.punti_dopo) {
            (Some(a), Some(b)) if a == b => format!("punti {}", format::numero(b)),
            (Some(a), Some(b)) => format!("punti {}", format::da_a(&format::numero(a), &format::numero(b))),
            (None, Some(b)) => format!("punti {}", format::numero(b)),
            (Some(a), None) => format!("senza punti (erano {})", format::numero(a)),
            (None, None) => String::new(),
        };
        if !punti.is_empty() {
            if !v.is_empty() {
                v.push_str(", ");
            }
            v.push_str(&punti);
        }
        v
    }
}

/// Everything that differs between two drafts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differenze {
    pub prima: String,
    pub dopo: String,
    pub dati: Vec<Cambio>,
    /// The texts the office edited (their files differ), word by word.
    pub testi: Vec<CambioTesto>,
    /// The texts not edited whose printed words changed all the same, with the
    /// figures they quote (`{{ ente.risultato }}`, a table of persons): word by
    /// word as a reader reads them.
    pub testi_dai_dati: Vec<CambioTesto>,
    pub punteggi: Vec<CambioPunteggio>,
    /// What the newer draft calls its units, as a heading: `Unità organizzative`, `Settori`.
    pub nome_unita: String,
    /// What the cards print of the plan in force that changed: what
    /// `build --compare` marks.
    pub schede: Schede,
}

impl Differenze {
    pub fn nessuna(&self) -> bool {
        self.dati.is_empty() && self.testi.is_empty() && self.testi_dai_dati.is_empty() && self.punteggi.is_empty()
    }
}

/// The texts of the two drafts as a reader reads them (evaluated, plain), by
/// file: what `crate::render::testi_in_chiaro` gives; the comparison itself
/// never renders.
pub type TestiStampati = std::collections::BTreeMap<String, String>;

/// Compares two drafts already read, named by the paths they were read from,
/// with their texts as printed. Texts are compared when both are folders: two
/// workbooks have no texts of their own. `crate::bozze` reads and renders
/// what this needs.
pub fn confronta(
    a: &Relazione,
    b: &Relazione,
    (prima, dopo): (&Path, &Path),
    (stampati_a, stampati_b): (&TestiStampati, &TestiStampati),
) -> Result<Differenze, Errore> {
    let (testi, testi_dai_dati) = if prima.is_dir() && dopo.is_dir() {
        let modificati = narrativa(&a.istantanea(), &b.istantanea())?;
        let stampati = testi_cambiati(stampati_a, stampati_b);
        let dai_dati = stampati
            .into_iter()
            .filter(|t| !modificati.iter().any(|m| m.file == t.file))
            .collect();
        (modificati, dai_dati)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Differenze {
        prima: prima.display().to_string(),
        dopo: dopo.display().to_string(),
        dati: dati(&a.pianificato, &b.pianificato),
        testi,
        testi_dai_dati,
        punteggi: punteggi(a, b),
        nome_unita: crate::model::maiuscola(b.piano().ente.lessico.unita().plurale),
        schede: schede(a, b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_lines_in_italian() {
        let p = CambioPunteggio {
            tipo: "obiettivo".into(),
            codice: "OS14.5".into(),
            nome: None,
            prima: Some("85.19".parse().unwrap()),
            dopo: Some("85.59".parse().unwrap()),
            valutazione_prima: Some("Parzialmente raggiunto".into()),
            valutazione_dopo: Some("Parzialmente raggiunto".into()),
            punti_prima: None,
            punti_dopo: None,
        };
        assert_eq!(p.riga(), "OS14.5: 85,19 % → 85,59 %, Parzialmente raggiunto");
        // A person's band and points, both moved.
        let q = CambioPunteggio {
            tipo: "persona".into(),
            codice: "Paolo Neri".into(),
            prima: Some("64.79".parse().unwrap()),
            dopo: Some("79.69".parse().unwrap()),
            valutazione_prima: Some("Adeguata".into()),
            valutazione_dopo: Some("Buona".into()),
            punti_prima: Some("50".parse().unwrap()),
            punti_dopo: Some("80".parse().unwrap()),
            ..p
        };
        assert_eq!(
            q.riga(),
            "Paolo Neri: 64,79 % → 79,69 %, da Adeguata a Buona, punti da 50,00 a 80,00"
        );
    }
}
