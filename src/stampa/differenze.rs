//! `relazione diff` as terminal text: the data, the texts, the scores that moved.

use crate::diff::{Differenze, Pezzo};
use crate::terminale::{pulito, una_riga};

/// The differences as terminal text; `colori` adds ANSI colours. What comes
/// from the folders (codes, values, texts, file names) is shown, never obeyed:
/// the only escapes are the colours added here.
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
    let _ = writeln!(
        s,
        "{grassetto}Differenze fra {} e {}{fine}",
        una_riga(&d.prima.to_string()),
        una_riga(&d.dopo.to_string())
    );
    if !d.dati.is_empty() {
        let _ = writeln!(s, "\n{grassetto}Dati{fine}");
        for c in &d.dati {
            let prima = una_riga(c.prima.as_deref().unwrap_or("—"));
            let dopo = una_riga(c.dopo.as_deref().unwrap_or("—"));
            let (tipo, codice) = (una_riga(&c.tipo), una_riga(&c.codice));
            // A whole thing added or removed is told by what it is, not as
            // a change from nothing: `aggiunta: da 60,00 a 55,00`.
            let femminile =
                ["modifica", "unità", "persona", "fascia", "categoria", "distribuzione"].contains(&c.tipo.as_str());
            let (aggiunto, tolto) = if femminile {
                ("aggiunta", "tolta")
            } else {
                ("aggiunto", "tolto")
            };
            let _ = match c.campo.as_str() {
                "(aggiunto)" => writeln!(s, "  {tipo} {codice} · {aggiunto}: {verde}{dopo}{fine}"),
                "(tolto)" => writeln!(s, "  {tipo} {codice} · {tolto}: {rosso}{prima}{fine}"),
                campo => writeln!(
                    s,
                    "  {tipo} {codice} · {}: {rosso}{prima}{fine} → {verde}{dopo}{fine}",
                    una_riga(campo)
                ),
            };
        }
    }
    let dai_dati = d.testi_dai_dati.iter().map(|t| (t, true));
    for (t, da_dati) in d.testi.iter().map(|t| (t, false)).chain(dai_dati) {
        if da_dati {
            let _ = writeln!(
                s,
                "\n{grassetto}Testo {} (non modificato: cambiano le cifre che riprende dai dati){fine}",
                una_riga(&t.file)
            );
        } else {
            let _ = writeln!(s, "\n{grassetto}Testo {}{fine}", una_riga(&t.file));
        }
        let _ = write!(s, "  ");
        for p in &t.pezzi {
            let p = match p {
                Pezzo::Uguale(x) => Pezzo::Uguale(pulito(x).into_owned()),
                Pezzo::Tolto(x) => Pezzo::Tolto(pulito(x).into_owned()),
                Pezzo::Aggiunto(x) => Pezzo::Aggiunto(pulito(x).into_owned()),
            };
            match &p {
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
                    "unità" => d.nome_unita.as_str(),
                    _ => "Obiettivi individuali",
                };
                let _ = writeln!(s, "  {titolo}");
            }
            let _ = writeln!(s, "    {}", una_riga(&p.riga()));
        }
    }
    s
}
