//! The steps of a mean: each term with its weight and where both come from,
//! the terms left out and why, then the sums and the quotient.

use super::{Passo, cifra, percento, peso};
use crate::Relazione;
use crate::format;
use crate::model::MetodoMedia;
use rust_decimal::Decimal;
use serde::Serialize;

/// One term of a mean: what is averaged (an indicator's grade, an objective's
/// result, a component of a person's evaluation), its weight, and where they
/// come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Termine {
    pub codice: String,
    /// The value averaged, exact; `None` when it has none.
    pub valore: Option<Decimal>,
    /// Its weight as the workbook gives it (1 for each term of a simple mean).
    pub peso: Decimal,
    /// Where the value is read, when it is read rather than computed.
    pub fonte_valore: Option<String>,
    /// Where the weight is read; empty for a simple mean.
    pub fonte_peso: String,
    /// Why it stays out of the mean, when it does.
    pub escluso: Option<String>,
}

impl Termine {
    /// Whether it enters the mean: a value, a positive weight, not left out.
    pub fn conta(&self) -> bool {
        self.escluso.is_none() && self.valore.is_some() && self.peso > Decimal::ZERO
    }
}

/// The steps of a mean by `metodo` of `termini` (`cosa`, singular and plural: «indicatore»;
/// `valore`: what each gives, «grado»), ending at `risultato`, the scoring's
/// figure. `impostazione` names where the method is set.
pub(crate) fn passi(
    metodo: MetodoMedia,
    termini: &[Termine],
    risultato: Option<Decimal>,
    cosa: (&str, &str),
    valore: &str,
    impostazione: &str,
    r: &Relazione,
) -> Vec<Passo> {
    let contati: Vec<&Termine> = termini.iter().filter(|t| t.conta()).collect();
    let ponderata = metodo == MetodoMedia::MediaPonderata;
    let valori = match valore {
        "grado" => "gradi",
        "risultato" => "risultati",
        altro => altro,
    };
    let regola = if ponderata {
        format!(
            "media dei {valori} ponderata con i pesi (la somma di ogni {valore} per il suo peso, divisa per la somma dei pesi)"
        )
    } else {
        format!("media semplice dei {valori} (la loro somma divisa per il loro numero)")
    };
    let (n, m) = (contati.len(), termini.len());
    let (uno, molti) = cosa;
    let chi = match (n, m) {
        (1, 1) => format!("entra il solo {uno}"),
        (n, m) if n == m => format!("entrano tutti i {m} {molti}"),
        (0, _) => format!("non entra nessuno dei {m} {molti}"),
        (1, m) => format!("entra 1 {uno} su {m}"),
        (n, m) => format!("entrano {n} {molti} su {m}"),
    };
    let mut out = vec![Passo::di(format!("Si calcola come {regola}; nella media {chi}.")).da(impostazione)];
    for t in termini {
        let mut passo = match (&t.escluso, t.valore) {
            (Some(perche), _) => Passo::di(format!("{}: {perche}, fuori dalla media.", t.codice)),
            (None, None) => Passo::di(format!("{}: senza {valore}, fuori dalla media.", t.codice)),
            (None, Some(_)) if t.peso <= Decimal::ZERO => {
                Passo::di(format!("{}: peso {}, fuori dalla media.", t.codice, peso(t.peso)))
            }
            (None, Some(v)) if ponderata => Passo::di(format!(
                "{}: {valore} {} × peso {} = {}",
                t.codice,
                percento(v),
                peso(t.peso),
                cifra(v * t.peso)
            )),
            (None, Some(v)) => Passo::di(format!("{}: {valore} {}", t.codice, percento(v))),
        };
        if let Some(f) = &t.fonte_valore {
            passo = passo.da(f.clone());
        }
        if ponderata && !t.fonte_peso.is_empty() {
            passo = passo.da(t.fonte_peso.clone());
        }
        out.push(passo);
    }
    let Some(risultato) = risultato else {
        out.push(Passo::di(format!(
            "Nessuno dei {} ha un {valore} che conti: il risultato non si calcola.",
            cosa.1
        )));
        return out;
    };
    let stampato = format::percento_decimali(risultato, r.piano().ente.regole.decimali);
    // The exact quotient, and the figure printed when it is rounded.
    let esatto = percento(risultato);
    let quoziente = if esatto == stampato {
        esatto
    } else {
        format!("{esatto}, che si stampa {stampato}")
    };
    if ponderata {
        let somma: Decimal = contati.iter().map(|t| t.valore.unwrap_or_default() * t.peso).sum();
        let pesi: Decimal = contati.iter().map(|t| t.peso).sum();
        out.push(Passo::di(format!(
            "Somma di {valore} × peso = {}; somma dei pesi = {}; {} / {} = {quoziente}.",
            cifra(somma),
            peso(pesi),
            cifra(somma),
            peso(pesi),
        )));
    } else {
        let somma: Decimal = contati.iter().map(|t| t.valore.unwrap_or_default()).sum();
        out.push(Passo::di(format!(
            "Somma dei {valori} = {}; {} / {} = {quoziente}.",
            cifra(somma),
            cifra(somma),
            contati.len(),
        )));
    }
    out
}
