//! Every figure of a scored report, as `relazione scores` shows it: a JSON document
//! for other tools, a text table for people.

use crate::Relazione;
use crate::format;
use crate::model::{Livello, UnitaMisura};
use crate::scoring::Valutazione;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Serialize)]
pub struct Figure {
    pub ente: FigEnte,
    pub obiettivi: Vec<FigObiettivo>,
    pub indicatori: Vec<FigIndicatore>,
    pub unita: Vec<FigUnita>,
    pub persone: Vec<FigPersona>,
}

#[derive(Debug, Serialize)]
pub struct FigEnte {
    pub nome: String,
    pub anno: i32,
    /// Percentage points, `null` when no strategic objective has a result.
    pub risultato: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct FigObiettivo {
    pub codice: String,
    pub livello: String,
    pub titolo: String,
    pub risultato: Option<Decimal>,
    pub valutazione: Option<Valutazione>,
}

#[derive(Debug, Serialize)]
pub struct FigIndicatore {
    pub codice: String,
    pub obiettivo: String,
    pub grado: Option<Decimal>,
    /// Consuntivo − target, in `unita` (days for deadlines).
    pub scostamento: Option<Decimal>,
    pub unita: &'static str,
    pub neutralizzato: bool,
}

#[derive(Debug, Serialize)]
pub struct FigUnita {
    pub codice: String,
    pub nome: String,
    pub risultato: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct FigPersona {
    pub nome: String,
    pub ruolo: String,
    pub risultato: Option<Decimal>,
}

fn esatto(d: Option<Decimal>) -> Option<Decimal> {
    d.map(|d| d.normalize())
}

/// Collects every figure of the report, in the workbook's order.
pub fn figure(r: &Relazione) -> Figure {
    let piano = r.piano();
    let p = &r.punteggi;
    let mut persone: Vec<FigPersona> = Vec::new();
    for a in &piano.assegnazioni {
        if !persone.iter().any(|x| x.nome == a.persona) {
            persone.push(FigPersona {
                nome: a.persona.clone(),
                ruolo: a.ruolo.clone(),
                risultato: esatto(p.persone.get(&a.persona).copied().flatten()),
            });
        }
    }
    Figure {
        ente: FigEnte {
            nome: piano.ente.nome.clone(),
            anno: piano.ente.anno,
            risultato: esatto(p.ente),
        },
        obiettivi: piano
            .obiettivi
            .iter()
            .map(|o| {
                let s = &p.obiettivi[&o.codice];
                FigObiettivo {
                    codice: o.codice.clone(),
                    livello: o.livello.to_string(),
                    titolo: o.titolo.clone(),
                    risultato: esatto(s.risultato),
                    valutazione: s.valutazione,
                }
            })
            .collect(),
        indicatori: piano
            .indicatori
            .iter()
            .map(|i| {
                let s = &p.indicatori[&i.codice];
                FigIndicatore {
                    codice: i.codice.clone(),
                    obiettivo: i.obiettivo.clone(),
                    grado: esatto(s.grado),
                    scostamento: esatto(s.scostamento),
                    unita: i.unita_misura.simbolo(),
                    neutralizzato: s.neutralizzato,
                }
            })
            .collect(),
        unita: piano
            .unita
            .iter()
            .map(|u| FigUnita {
                codice: u.codice.clone(),
                nome: u.nome.clone(),
                risultato: esatto(p.unita.get(&u.codice).copied().flatten()),
            })
            .collect(),
        persone,
    }
}

fn pct(d: Option<Decimal>) -> String {
    d.map_or_else(|| "-".to_string(), format::percento)
}

fn taglia(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The text table of `relazione scores`, Italian format, rounded for display.
pub fn tabella(r: &Relazione) -> String {
    let f = figure(r);
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", f.ente.nome, r.piano().ente.anno);
    let _ = writeln!(out, "Risultato dell'ente: {}\n", pct(f.ente.risultato));
    for (livello, titolo) in [
        (Livello::Strategico, "Obiettivi strategici"),
        (Livello::Operativo, "Obiettivi operativi"),
    ] {
        let _ = writeln!(out, "{titolo}");
        let _ = writeln!(
            out,
            "  {:<14} {:>10}  {:<24} Titolo",
            "Codice", "Risultato", "Valutazione"
        );
        for o in f.obiettivi.iter().filter(|o| o.livello == livello.to_string()) {
            let v = o.valutazione.map_or_else(|| "-".to_string(), |v| v.to_string());
            let _ = writeln!(
                out,
                "  {:<14} {:>10}  {:<24} {}",
                o.codice,
                pct(o.risultato),
                v,
                taglia(&o.titolo, 60)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Indicatori");
    let _ = writeln!(
        out,
        "  {:<18} {:<14} {:>10}  {:>16}",
        "Codice", "Obiettivo", "Grado", "Scostamento"
    );
    for i in &f.indicatori {
        let grado = if i.neutralizzato {
            "neutral.".to_string()
        } else {
            pct(i.grado)
        };
        let unita = if i.unita == UnitaMisura::Data.simbolo() {
            "gg"
        } else {
            i.unita
        };
        let scost = i
            .scostamento
            .map_or_else(|| "-".to_string(), |s| format::scostamento(s, unita));
        let _ = writeln!(
            out,
            "  {:<18} {:<14} {:>10}  {:>16}",
            i.codice, i.obiettivo, grado, scost
        );
    }
    let _ = writeln!(out, "\nUnità organizzative");
    for u in &f.unita {
        let _ = writeln!(out, "  {:<8} {:>10}  {}", u.codice, pct(u.risultato), u.nome);
    }
    let _ = writeln!(out, "\nObiettivi individuali (Allegato 3)");
    for p in &f.persone {
        let _ = writeln!(out, "  {:>10}  {} ({})", pct(p.risultato), p.nome, p.ruolo);
    }
    out
}
