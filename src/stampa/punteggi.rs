//! `relazione punteggi` as a table for people: every computed figure, in the
//! Italian form and with the decimals of the document ([`crate::cifre`] has
//! the same figures as JSON, for programs).

use crate::Relazione;
use crate::cifre::figure;
use crate::format;
use crate::model::Livello;
use rust_decimal::Decimal;
use std::fmt::Write;

/// `16,50 punti`, or nothing.
fn punti(d: Option<Decimal>) -> String {
    d.map_or_else(String::new, |d| format!("{} punti", format::numero(d)))
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
    // The same printing as the document's: the ente's decimals for grades and
    // results, each indicator's own for its deviation (`-313 gg`).
    let regole = &r.piano().ente.regole;
    let pct = |d: Option<Decimal>| d.map_or_else(|| "-".to_string(), |d| format::percento_decimali(d, regole.decimali));
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", f.ente.nome, r.piano().ente.anno);
    let _ = writeln!(out, "Risultato dell'ente: {}\n", pct(f.ente.risultato));
    let l = &r.piano().ente.lessico;
    for (livello, titolo) in [
        (Livello::Strategico, crate::model::maiuscola(l.strategico.plurale)),
        (Livello::Operativo, crate::model::maiuscola(l.operativo.plurale)),
    ] {
        let _ = writeln!(out, "{titolo}");
        let con_punti = f.obiettivi.iter().any(|o| o.punti.is_some());
        let colonna_punti = |x: &str| if con_punti { format!("{x:>12}  ") } else { String::new() };
        let _ = writeln!(
            out,
            "  {:<14} {:>10}  {:<24} {}Titolo",
            "Codice",
            "Risultato",
            "Valutazione",
            colonna_punti("Punti")
        );
        for o in f.obiettivi.iter().filter(|o| o.livello == livello.to_string()) {
            let v = o.valutazione.clone().unwrap_or_else(|| "-".to_string());
            let _ = writeln!(
                out,
                "  {:<14} {:>10}  {:<24} {}{}",
                o.codice,
                pct(o.risultato),
                v,
                colonna_punti(&punti(o.punti)),
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
        let scost = i.scostamento.map_or_else(
            || "-".to_string(),
            |s| {
                let decimali = r
                    .piano()
                    .indicatore(&i.codice)
                    .map_or(2, |x| x.forma_scostamento(regole).1);
                format::scostamento_decimali(s, &i.unita_scostamento, decimali)
            },
        );
        let _ = writeln!(
            out,
            "  {:<18} {:<14} {:>10}  {:>16}",
            i.codice, i.obiettivo, grado, scost
        );
    }
    let _ = writeln!(out, "\n{}", crate::model::maiuscola(l.unita().plurale));
    for u in &f.unita {
        let _ = writeln!(out, "  {:<8} {:>10}  {}", u.codice, pct(u.risultato), u.nome);
    }
    let _ = writeln!(out, "\nObiettivi individuali");
    for p in &f.persone {
        let dopo = match (&p.valutazione, p.punti) {
            (Some(v), Some(_)) => format!(": {v}, {}", punti(p.punti)),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {:>10}  {} ({}){dopo}", pct(p.risultato), p.nome, p.ruolo);
    }
    out
}
