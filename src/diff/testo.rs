//! `relazione diff` as terminal text: the data, the texts, the scores that moved.

use super::{Differenze, Pezzo};

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
                    let _ = write!(s, "{}", crate::format::abbrevia(x));
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
