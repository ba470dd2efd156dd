//! `relazione spiega` for people: the figure, then its steps, numbered, each
//! followed by the cells its values come from ([`crate::spiega`] has the
//! same as data, for `--stampa json`).

use crate::format;
use crate::spiega::Spiegazione;
use std::fmt::Write;

/// The figure explained, in words: `Risultato: 85,13 % (buono, 3 punti)`.
pub fn figura(s: &Spiegazione) -> String {
    let mut figura = format!("{}: {}", s.che_cosa, s.stampato);
    if let Some(v) = &s.valutazione {
        let _ = write!(figura, " ({v}");
        if let Some(p) = s.punti {
            let _ = write!(figura, ", {} punti", format::numero(p));
        }
        figura.push(')');
    }
    crate::model::maiuscola(&figura)
}

/// The explanation as the terminal prints it.
pub fn testo(s: &Spiegazione) -> String {
    let mut out = String::new();
    if s.codice == s.nome {
        let _ = writeln!(out, "{}", s.nome);
    } else {
        let _ = writeln!(out, "{} — {}", s.codice, s.nome);
    }
    let _ = writeln!(out, "{}\n", figura(s));
    let cifre = s.passi.len().to_string().len();
    for (n, p) in s.passi.iter().enumerate() {
        let _ = write!(out, "{:>cifre$}. {}", n + 1, p.testo);
        if !p.fonti.is_empty() {
            let _ = write!(out, "  [{}]", p.fonti.join(", "));
        }
        out.push('\n');
    }
    out
}
