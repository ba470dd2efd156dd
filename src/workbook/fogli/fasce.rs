//! The `Fasce` sheet: the bands of results, checked to meet end to end from 0
//! to the cap, with points on every band or on none.

use crate::format::{normalizza, numero};
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::cella::Riga;
use crate::workbook::schema::fasce;
use crate::workbook::tabella::Tabella;
use rust_decimal::Decimal;

/// The bands of the `Fasce` sheet, checked: each from `Da` (included) to `A`
/// (excluded), meeting end to end from 0 up to the cap (`tetto`), with points
/// on every band or on none.
pub(in crate::workbook) fn leggi_fasce(t: &Tabella, tetto: Option<Decimal>, p: &mut Problemi) -> Vec<Fascia> {
    let mut out: Vec<Fascia> = Vec::new();
    let mut valide = true;
    for riga in t.righe() {
        match fascia(&riga, &out, p) {
            Some(f) => out.push(f),
            None => valide = false,
        }
    }
    if valide && !out.is_empty() {
        // The bands of the objectives reach the cap of the grade; those of the
        // persons, when the ente has bands for persons only (`Per`), cover
        // 0–100 and the top one takes any result above.
        let per_persone = fasce_proprie_delle_persone(&out);
        let gruppi = [(false, tetto, ""), (true, None, " delle persone")];
        for (persone, fine, di_chi) in gruppi.into_iter().take(if per_persone { 2 } else { 1 }) {
            let gruppo: Vec<Fascia> = out
                .iter()
                .filter(|f| if persone { f.per.persone() } else { f.per.obiettivi() })
                .cloned()
                .collect();
            if gruppo.is_empty() {
                continue;
            }
            let mut problemi = Problemi::default();
            let mut ordinate: Vec<&Fascia> = gruppo.iter().collect();
            ordinate.sort_by_key(|f| f.da);
            estremi(&t.nome, &ordinate, fine, &mut problemi);
            contigue(&t.nome, &ordinate, &mut problemi);
            punti_ovunque(&t.nome, &gruppo, &mut problemi);
            let con_tutti = gruppo.iter().any(|f| f.per == Destinatari::Tutti);
            for mut problema in problemi.0 {
                if !di_chi.is_empty() {
                    problema.messaggio = format!("fasce{di_chi}: {}", problema.messaggio);
                    // Bands with `Per` empty judge the persons too.
                    if con_tutti {
                        problema.messaggio.push_str(
                            " (una fascia con Per vuoto vale anche per le persone: scrivere «obiettivi» nella \
                             colonna Per delle fasce che valgono solo per gli obiettivi)",
                        );
                    }
                }
                p.push(problema);
            }
        }
    }
    out
}

/// One band, checked on its own: `A` above `Da`, points both or neither and not
/// decreasing, a label not already used.
fn fascia(riga: &Riga<'_>, prima: &[Fascia], p: &mut Problemi) -> Option<Fascia> {
    let da = riga.numero(&fasce::DA, p);
    let a = riga.numero(&fasce::A, p);
    let valutazione = riga.testo(&fasce::VALUTAZIONE, p);
    let punti_da = riga.numero(&fasce::PUNTI_DA, p);
    let punti_a = riga.numero(&fasce::PUNTI_A, p);
    let per = if riga.testo(&fasce::PER, &mut Problemi::default()).is_some() {
        riga.scelta(&fasce::PER, Destinatari::parse, p)?
    } else {
        Destinatari::Tutti
    };
    let (da, a, valutazione) = (da?, a?, valutazione?);
    if da < Decimal::ZERO || a <= da {
        p.push(riga.problema(
            &fasce::A,
            format!(
                "la fascia va da {} a {}: «A» dev'essere maggiore di «Da», e «Da» almeno 0",
                numero(da),
                numero(a)
            ),
            Some(numero(a)),
        ));
        return None;
    }
    if punti_da.is_some() != punti_a.is_some() {
        let manca = if punti_da.is_none() {
            &fasce::PUNTI_DA
        } else {
            &fasce::PUNTI_A
        };
        p.push(riga.problema(
            manca,
            format!(
                "manca «{}»: i punti di una fascia vanno da «Punti da» a «Punti a»",
                manca.nome
            ),
            None,
        ));
        return None;
    }
    if let (Some(x), Some(y)) = (punti_da, punti_a)
        && (x < Decimal::ZERO || y < x)
    {
        p.push(riga.problema(
            &fasce::PUNTI_A,
            format!(
                "punti da {} a {}: «Punti a» non può essere minore di «Punti da», né i punti negativi",
                numero(x),
                numero(y)
            ),
            Some(numero(y)),
        ));
        return None;
    }
    // A label names one band for the objectives and one for the persons.
    if let Some(altra) = prima.iter().find(|f| {
        normalizza(&f.valutazione) == normalizza(&valutazione)
            && (f.per.obiettivi() && per.obiettivi() || f.per.persone() && per.persone())
    }) {
        p.push(riga.problema(
            &fasce::VALUTAZIONE,
            format!(
                "la valutazione «{valutazione}» c'è già nella fascia di {}",
                altra.origine.cella(fasce::VALUTAZIONE.nome)
            ),
            Some(valutazione),
        ));
        return None;
    }
    Some(Fascia {
        da,
        a,
        valutazione,
        punti_da,
        punti_a,
        per,
        origine: riga.origine(),
    })
}

/// The lowest band starts at 0; the highest reaches the cap (or at least 100
/// without one: then it takes every result above too).
fn estremi(foglio: &str, ordinate: &[&Fascia], tetto: Option<Decimal>, p: &mut Problemi) {
    let (prima, ultima) = (ordinate[0], ordinate[ordinate.len() - 1]);
    if !prima.da.is_zero() {
        p.push(
            Problema::errore(
                foglio,
                format!(
                    "le fasce devono cominciare da 0, ma la più bassa comincia da {}: fra 0 e {} nessuna fascia",
                    numero(prima.da),
                    numero(prima.da)
                ),
            )
            .in_cella(prima.origine.cella(fasce::DA.nome))
            .con_valore(numero(prima.da)),
        );
    }
    let messaggio = match tetto {
        Some(tetto) if ultima.a != tetto => format!(
            "la fascia più alta deve arrivare al tetto del grado, {} (tetto_grado del foglio Ente), ma finisce a {}",
            numero(tetto),
            numero(ultima.a)
        ),
        None if ultima.a < Decimal::ONE_HUNDRED => format!(
            "la fascia più alta deve arrivare almeno a 100 (senza tetto vale anche oltre), ma finisce a {}",
            numero(ultima.a)
        ),
        _ => return,
    };
    p.push(
        Problema::errore(foglio, messaggio)
            .in_cella(ultima.origine.cella(fasce::A.nome))
            .con_valore(numero(ultima.a)),
    );
}

/// Each band starts where the one below ends: no gap, no overlap.
fn contigue(foglio: &str, ordinate: &[&Fascia], p: &mut Problemi) {
    for coppia in ordinate.windows(2) {
        let (x, y) = (coppia[0], coppia[1]);
        let (fine, inizio, cella) = (numero(x.a), numero(y.da), x.origine.cella(fasce::A.nome));
        let messaggio = if y.da > x.a {
            format!(
                "fra {fine} e {inizio} nessuna fascia: la fascia di {cella} finisce a {fine} e la successiva comincia a {inizio}"
            )
        } else if y.da < x.a {
            format!(
                "le fasce si sovrappongono fra {inizio} e {fine}: la fascia di {cella} finisce a {fine}, questa comincia a {inizio}"
            )
        } else {
            continue;
        };
        p.push(
            Problema::errore(foglio, messaggio)
                .in_cella(y.origine.cella(fasce::DA.nome))
                .con_valore(inizio),
        );
    }
}

/// Points are given to every band or to none.
fn punti_ovunque(foglio: &str, fasce: &[Fascia], p: &mut Problemi) {
    let con_punti = fasce.iter().filter(|f| f.punti_da.is_some()).count();
    if con_punti == 0 || con_punti == fasce.len() {
        return;
    }
    for f in fasce.iter().filter(|f| f.punti_da.is_none()) {
        p.push(
            Problema::errore(
                foglio,
                format!(
                    "la fascia «{}» non ha punti, le altre sì: i punti vanno dati a tutte le fasce o a nessuna",
                    f.valutazione
                ),
            )
            .in_cella(f.origine.cella(fasce::PUNTI_DA.nome)),
        );
    }
}
