//! What changed between two drafts of a report: in the data (by thing and
//! field), in the narrative (by words), and what each change did to the scores.

use crate::format;
use crate::model::{Livello, Piano};
use crate::{Errore, Relazione};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A changed field of a thing of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cambio {
    /// `indicatore`, `obiettivo`, `unità`, `ambito`, `persona`, `ente`, `modifica`, `dato`, `grafico`.
    pub tipo: String,
    /// The thing's code (an indicator's code, an ente setting's key…).
    pub codice: String,
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
    pub prima: Option<Decimal>,
    pub dopo: Option<Decimal>,
    /// The label on the ente's scale (a band of `Fasce`, or `Raggiunto`…).
    pub valutazione_prima: Option<String>,
    pub valutazione_dopo: Option<String>,
}

impl CambioPunteggio {
    /// `OS14.5: 85,19 % → 85,59 %, Parzialmente raggiunto`.
    pub fn riga(&self) -> String {
        let pct = |d: Option<Decimal>| d.map_or_else(|| "nessun risultato".to_string(), format::percento);
        let mut s = format!("{}: {} → {}", self.codice, pct(self.prima), pct(self.dopo));
        match (&self.valutazione_prima, &self.valutazione_dopo) {
            (Some(a), Some(b)) if a == b => s.push_str(&format!(", {b}")),
            (Some(a), Some(b)) => s.push_str(&format!(", da {a} a {b}")),
            (None, Some(b)) => s.push_str(&format!(", {b}")),
            (Some(a), None) => s.push_str(&format!(", non più valutato (era {a})")),
            (None, None) => {}
        }
        s
    }
}

/// Everything that differs between two drafts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differenze {
    pub prima: String,
    pub dopo: String,
    pub dati: Vec<Cambio>,
    pub testi: Vec<CambioTesto>,
    pub punteggi: Vec<CambioPunteggio>,
}

impl Differenze {
    pub fn nessuna(&self) -> bool {
        self.dati.is_empty() && self.testi.is_empty() && self.punteggi.is_empty()
    }
}

/// A JSON value of the model as the report prints it: Italian numbers and dates.
fn leggibile(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "sì" } else { "no" }.into()),
        Value::Number(n) => Some(match n.to_string().parse::<Decimal>() {
            Ok(d) => format::numero_decimali(d, d.normalize().scale().max(2)),
            Err(_) => n.to_string(),
        }),
        Value::String(s) => Some(match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => format::data(d),
            Err(_) => s.clone(),
        }),
        Value::Array(a) => Some(a.iter().filter_map(leggibile).collect::<Vec<_>>().join(", ")),
        // Enums with a value ({"Numero": 85}, {"Data": "…"}) show the value.
        Value::Object(o) if o.len() == 1 => o.values().next().and_then(leggibile),
        Value::Object(o) => Some(
            o.iter()
                .filter_map(|(k, v)| Some(format!("{k}: {}", leggibile(v)?)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// The fields of a record, without its place in the workbook.
fn campi<T: Serialize>(x: &T) -> BTreeMap<String, Value> {
    match serde_json::to_value(x) {
        Ok(Value::Object(o)) => o
            .into_iter()
            .filter(|(k, _)| k != "origine" && k != "cella_da")
            .collect(),
        Ok(altro) => BTreeMap::from([("valore".to_string(), altro)]),
        Err(_) => BTreeMap::new(),
    }
}

/// Field-by-field differences of two lists of records, matched by key.
fn confronta_record<T: Serialize>(
    tipo: &str,
    prima: &[T],
    dopo: &[T],
    chiave: impl Fn(&T) -> String,
    out: &mut Vec<Cambio>,
) {
    let mappa =
        |xs: &[T]| -> BTreeMap<String, BTreeMap<String, Value>> { xs.iter().map(|x| (chiave(x), campi(x))).collect() };
    let (a, b) = (mappa(prima), mappa(dopo));
    let nome = |f: &BTreeMap<String, Value>| {
        ["titolo", "nome", "persona", "valore"]
            .iter()
            .find_map(|k| f.get(*k).and_then(leggibile))
    };
    for (k, fa) in &a {
        match b.get(k) {
            None => out.push(Cambio {
                tipo: tipo.into(),
                codice: k.clone(),
                campo: "(tolto)".into(),
                prima: nome(fa),
                dopo: None,
            }),
            Some(fb) => {
                for (campo, va) in fa {
                    let vb = fb.get(campo).unwrap_or(&Value::Null);
                    if va != vb && leggibile(va) != leggibile(vb) {
                        out.push(Cambio {
                            tipo: tipo.into(),
                            codice: k.clone(),
                            campo: campo.replace('_', " "),
                            prima: leggibile(va),
                            dopo: leggibile(vb),
                        });
                    }
                }
            }
        }
    }
    for (k, fb) in &b {
        if !a.contains_key(k) {
            out.push(Cambio {
                tipo: tipo.into(),
                codice: k.clone(),
                campo: "(aggiunto)".into(),
                prima: None,
                dopo: nome(fb),
            });
        }
    }
}

/// The differences of the data, as planned (before the deliberations).
pub fn dati(a: &Piano, b: &Piano) -> Vec<Cambio> {
    let mut out = Vec::new();
    let ente = |p: &Piano| -> Vec<(String, Value)> { campi(&p.ente).into_iter().collect() };
    confronta_record("ente", &ente(a), &ente(b), |(k, _)| k.clone(), &mut out);
    // The ente's settings are key → value pairs: show them as such.
    for c in out.iter_mut().filter(|c| c.tipo == "ente") {
        c.campo = "valore".into();
    }
    confronta_record("ambito", &a.ambiti, &b.ambiti, |x| x.codice.clone(), &mut out);
    confronta_record("unità", &a.unita, &b.unita, |x| x.codice.clone(), &mut out);
    confronta_record("obiettivo", &a.obiettivi, &b.obiettivi, |x| x.codice.clone(), &mut out);
    confronta_record(
        "indicatore",
        &a.indicatori,
        &b.indicatori,
        |x| x.codice.clone(),
        &mut out,
    );
    let modifica = |m: &crate::model::Modifica| {
        format!(
            "{} {} (delib. {} del {})",
            m.indicatore,
            m.campo,
            m.delibera,
            format::data(m.data)
        )
    };
    confronta_record("modifica", &a.modifiche, &b.modifiche, modifica, &mut out);
    confronta_record(
        "persona",
        &a.assegnazioni,
        &b.assegnazioni,
        |x| format!("{} · {}", x.persona, x.obiettivo),
        &mut out,
    );
    confronta_record(
        "grafico",
        &a.serie,
        &b.serie,
        |x| format!("{} · {} · {}", x.grafico, x.serie, x.categoria),
        &mut out,
    );
    confronta_record("dato", &a.dati, &b.dati, |x| x.chiave.clone(), &mut out);
    confronta_record(
        "fascia",
        &a.fasce,
        &b.fasce,
        |x| format!("{} – {}", format::numero(x.da), format::numero(x.a)),
        &mut out,
    );
    out
}

/// Word-by-word differences of the narrative texts.
pub fn narrativa(a: &Path, b: &Path) -> Result<Vec<CambioTesto>, Errore> {
    let testi =
        |c: &Path| -> Result<BTreeMap<String, String>, Errore> { Ok(crate::cartella::testi(c)?.into_iter().collect()) };
    let (ta, tb) = (testi(a)?, testi(b)?);
    let mut nomi: Vec<&String> = ta.keys().chain(tb.keys()).collect();
    nomi.sort();
    nomi.dedup();
    let vuoto = String::new();
    let mut out = Vec::new();
    for nome in nomi {
        let (x, y) = (ta.get(nome).unwrap_or(&vuoto), tb.get(nome).unwrap_or(&vuoto));
        if x == y {
            continue;
        }
        let diff = similar::TextDiff::from_words(x.as_str(), y.as_str());
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
        out.push(CambioTesto {
            file: nome.clone(),
            pezzi,
        });
    }
    Ok(out)
}

/// Every score that moved, in the report's order: ente, strategic and
/// operational objectives, grades, units, people.
pub fn punteggi(a: &Relazione, b: &Relazione) -> Vec<CambioPunteggio> {
    let (pa, pb) = (&a.punteggi, &b.punteggi);
    let mut out = Vec::new();
    let mut spingi = |tipo: &str,
                      codice: &str,
                      prima: Option<Decimal>,
                      dopo: Option<Decimal>,
                      va: Option<String>,
                      vb: Option<String>| {
        if prima != dopo || va != vb {
            out.push(CambioPunteggio {
                tipo: tipo.into(),
                codice: codice.into(),
                prima,
                dopo,
                valutazione_prima: va,
                valutazione_dopo: vb,
            });
        }
    };
    let val = |r: &Relazione, x: Option<Decimal>| r.punteggi.giudizio(x).map(|g| g.etichetta);
    spingi(
        "ente",
        &b.piano().ente.nome,
        pa.ente,
        pb.ente,
        val(a, pa.ente),
        val(b, pb.ente),
    );
    for livello in [Livello::Strategico, Livello::Operativo] {
        let mut codici: Vec<&String> = a
            .piano()
            .obiettivi
            .iter()
            .chain(&b.piano().obiettivi)
            .filter(|o| o.livello == livello)
            .map(|o| &o.codice)
            .collect();
        codici.dedup();
        let mut visti = std::collections::BTreeSet::new();
        for c in codici {
            if !visti.insert(c) {
                continue;
            }
            let (x, y) = (pa.obiettivi.get(c), pb.obiettivi.get(c));
            spingi(
                "obiettivo",
                c,
                x.and_then(|x| x.risultato),
                y.and_then(|y| y.risultato),
                x.and_then(|x| x.giudizio.as_ref()).map(|g| g.etichetta.clone()),
                y.and_then(|y| y.giudizio.as_ref()).map(|g| g.etichetta.clone()),
            );
        }
    }
    for c in chiavi(&pa.indicatori, &pb.indicatori) {
        let (x, y) = (
            pa.indicatori.get(&c).and_then(|x| x.grado),
            pb.indicatori.get(&c).and_then(|y| y.grado),
        );
        spingi("indicatore", &c, x, y, None, None);
    }
    for c in chiavi(&pa.unita, &pb.unita) {
        spingi(
            "unità",
            &c,
            pa.unita.get(&c).copied().flatten(),
            pb.unita.get(&c).copied().flatten(),
            None,
            None,
        );
    }
    for c in chiavi(&pa.persone, &pb.persone) {
        spingi(
            "persona",
            &c,
            pa.persone.get(&c).copied().flatten(),
            pb.persone.get(&c).copied().flatten(),
            None,
            None,
        );
    }
    out
}

/// The keys of two maps, sorted, each once.
fn chiavi<A, B>(m1: &BTreeMap<String, A>, m2: &BTreeMap<String, B>) -> Vec<String> {
    let mut k: Vec<String> = m1.keys().chain(m2.keys()).cloned().collect();
    k.sort();
    k.dedup();
    k
}

/// Compares two drafts (report folders or workbooks).
pub fn confronta_bozze(prima: &Path, dopo: &Path) -> Result<Differenze, Errore> {
    let (a, b) = (crate::carica(prima)?, crate::carica(dopo)?);
    confronta(&a, &b, prima, dopo)
}

/// Compares two drafts already read, named by the paths they were read from.
/// Texts are compared when both are folders: two workbooks have no texts of
/// their own.
pub fn confronta(a: &Relazione, b: &Relazione, prima: &Path, dopo: &Path) -> Result<Differenze, Errore> {
    let testi = if prima.is_dir() && dopo.is_dir() {
        narrativa(&a.cartella(), &b.cartella())?
    } else {
        Vec::new()
    };
    Ok(Differenze {
        prima: prima.display().to_string(),
        dopo: dopo.display().to_string(),
        dati: dati(&a.pianificato, &b.pianificato),
        testi,
        punteggi: punteggi(a, b),
    })
}

/// The differences as terminal text; `colori` adds ANSI colours.
pub fn testo(d: &Differenze, colori: bool) -> String {
    use std::fmt::Write;
    let (rosso, verde, grassetto, fine) = if colori {
        ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut s = String::new();
    if d.nessuna() {
        return "nessuna differenza\n".into();
    }
    let _ = writeln!(s, "{grassetto}Differenze fra {} e {}{fine}", d.prima, d.dopo);
    if !d.dati.is_empty() {
        let _ = writeln!(s, "\n{grassetto}Dati{fine}");
        for c in &d.dati {
            let prima = c.prima.as_deref().unwrap_or("—");
            let dopo = c.dopo.as_deref().unwrap_or("—");
            let _ = writeln!(
                s,
                "  {} {} · {}: {rosso}{prima}{fine} → {verde}{dopo}{fine}",
                c.tipo, c.codice, c.campo
            );
        }
    }
    for t in &d.testi {
        let _ = writeln!(s, "\n{grassetto}Testo {}{fine}", t.file);
        let _ = write!(s, "  ");
        for p in &t.pezzi {
            match p {
                Pezzo::Uguale(x) => {
                    // Only a little context around the changes.
                    let parole: Vec<&str> = x.split_whitespace().collect();
                    if parole.len() > 12 {
                        let _ = write!(
                            s,
                            "{} … {} ",
                            parole[..5].join(" "),
                            parole[parole.len() - 5..].join(" ")
                        );
                    } else {
                        let _ = write!(s, "{x}");
                    }
                }
                Pezzo::Tolto(x) if colori => {
                    let _ = write!(s, "{rosso}\x1b[9m{x}{fine}");
                }
                Pezzo::Tolto(x) => {
                    let _ = write!(s, "[-{x}-]");
                }
                Pezzo::Aggiunto(x) if colori => {
                    let _ = write!(s, "{verde}{x}{fine}");
                }
                Pezzo::Aggiunto(x) => {
                    let _ = write!(s, "{{+{x}+}}");
                }
            }
        }
        let _ = writeln!(s);
    }
    if !d.punteggi.is_empty() {
        let _ = writeln!(s, "\n{grassetto}Effetti sui punteggi{fine}");
        let mut tipo = "";
        for p in &d.punteggi {
            if p.tipo != tipo {
                tipo = &p.tipo;
                let titolo = match tipo {
                    "ente" => "Risultato dell'ente",
                    "obiettivo" => "Obiettivi",
                    "indicatore" => "Gradi degli indicatori",
                    "unità" => "Unità organizzative",
                    _ => "Obiettivi individuali",
                };
                let _ = writeln!(s, "  {titolo}");
            }
            let _ = writeln!(s, "    {}", p.riga());
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_values() {
        assert_eq!(leggibile(&serde_json::json!({"Numero": 85})), Some("85,00".into()));
        assert_eq!(
            leggibile(&serde_json::json!({"Data": "2022-09-13"})),
            Some("13/09/2022".into())
        );
        assert_eq!(leggibile(&serde_json::json!(null)), None);
        assert_eq!(leggibile(&serde_json::json!("testo")), Some("testo".into()));
    }

    #[test]
    fn score_lines_in_italian() {
        let p = CambioPunteggio {
            tipo: "obiettivo".into(),
            codice: "OS14.5".into(),
            prima: Some("85.19".parse().unwrap()),
            dopo: Some("85.59".parse().unwrap()),
            valutazione_prima: Some("Parzialmente raggiunto".into()),
            valutazione_dopo: Some("Parzialmente raggiunto".into()),
        };
        assert_eq!(p.riga(), "OS14.5: 85,19 % → 85,59 %, Parzialmente raggiunto");
    }
}
