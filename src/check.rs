//! Warnings: what is legal but suspicious in a plan, the things a careful office
//! checks before the Giunta sees the report. Errors are found while reading
//! ([`crate::workbook`]) and applying the changes ([`crate::changes`]).

use crate::format;
use crate::model::{Livello, MetodoGrado, MetodoMedia, Operatore, Piano, TipoScostamento, UnitaMisura, Valore};
use crate::problem::Problema;
use crate::scoring::{self, Punteggi};
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A `Grado dichiarato` this far from the computed grade (percentage points) is
/// reported: published grades are rounded to two decimals, so smaller gaps are
/// rounding, larger ones a different figure.
pub const TOLLERANZA_GRADO: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// What `relazione check` says of a folder that passes: `Camera di commercio di
/// Torino 2022: 14 obiettivi strategici, 72 operativi, …`.
pub fn descrizione(r: &crate::Relazione) -> String {
    use format::plurale;
    let p = r.piano();
    let strategici = p.obiettivi.iter().filter(|o| o.livello == Livello::Strategico).count();
    format!(
        "{} {}: {}, {}, {}, {}, {}",
        p.ente.nome,
        p.ente.anno,
        plurale(strategici, "obiettivo strategico", "obiettivi strategici"),
        plurale(p.obiettivi.len() - strategici, "operativo", "operativi"),
        plurale(p.indicatori.len(), "indicatore", "indicatori"),
        plurale(p.modifiche.len(), "modifica", "modifiche"),
        plurale(p.assegnazioni.len(), "assegnazione", "assegnazioni")
    )
}

/// Every warning about a plan in force and its scores.
pub fn avvisi(piano: &Piano, punteggi: &Punteggi) -> Vec<Problema> {
    let mut out = Vec::new();
    let cento = Decimal::ONE_HUNDRED;
    for o in &piano.obiettivi {
        let indicatori: Vec<_> = piano.indicatori_di(&o.codice).collect();
        let cella = o.origine.cella("Codice");
        if indicatori.is_empty() {
            out.push(
                Problema::avviso(
                    &o.origine.foglio,
                    format!("l'obiettivo {} non ha indicatori: non avrà risultato", o.codice),
                )
                .in_cella(&cella)
                .con_valore(&o.codice),
            );
            continue;
        }
        let somma: Decimal = indicatori.iter().map(|i| i.peso).filter(|p| *p > Decimal::ZERO).sum();
        if !somma.is_zero() && somma != cento && somma != Decimal::ONE {
            out.push(
                Problema::avviso(
                    &o.origine.foglio,
                    format!(
                        "i pesi degli indicatori misurati di {} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                        o.codice,
                        format::numero(somma)
                    ),
                )
                .in_cella(&cella)
                .con_valore(format::numero(somma)),
            );
        }
        if o.livello == Livello::Strategico && o.ambito.is_none() {
            out.push(
                Problema::avviso(
                    &o.origine.foglio,
                    format!(
                        "l'obiettivo strategico {} non indica l'ambito: nell'albero resterà fuori dagli ambiti",
                        o.codice
                    ),
                )
                .in_cella(o.origine.cella("Ambito")),
            );
        }
        if o.livello == Livello::Strategico
            && piano.ente.regole.metodo_ente == MetodoMedia::MediaPonderata
            && o.peso.is_none()
        {
            out.push(
                Problema::avviso(
                    &o.origine.foglio,
                    format!("metodo_ente è «media ponderata» ma {} non ha peso: conta 0", o.codice),
                )
                .in_cella(o.origine.cella("Peso")),
            );
        }
    }
    for i in &piano.indicatori {
        let foglio = &i.origine.foglio;
        if i.metodo(&piano.ente.regole) == MetodoGrado::TuttoONiente
            && let Some(s) = i.soglia
        {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{}: con il metodo «tutto o niente» la soglia {s} è ignorata (grado 100 % o 0 %)",
                        i.codice
                    ),
                )
                .in_cella(i.origine.cella("Soglia"))
                .con_valore(s.to_string()),
            );
        }
        if piano.ente.regole.scostamento == TipoScostamento::Relativo && i.target == Some(Valore::Numero(Decimal::ZERO))
        {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{}: con lo scostamento «relativo» un target 0 non ha scostamento in percentuale: si stampa «-»",
                        i.codice
                    ),
                )
                .in_cella(i.origine.cella("Target")),
            );
        }
        if i.peso > Decimal::ZERO && scoring::scadenza_mancata(i, piano.ente.anno) {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{} non ha data di realizzazione: scadenza non rispettata, grado 0 %",
                        i.codice
                    ),
                )
                .in_cella(i.origine.cella("Consuntivo")),
            );
        } else if i.peso > Decimal::ZERO && i.consuntivo.is_none() {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{} non ha consuntivo: non è misurato e non entra nel risultato",
                        i.codice
                    ),
                )
                .in_cella(i.origine.cella("Consuntivo")),
            );
        }
        if let (Some(dichiarato), Some(calcolato)) = (
            i.grado_dichiarato,
            punteggi.indicatori.get(&i.codice).and_then(|p| p.grado),
        ) && (dichiarato - calcolato).abs() > TOLLERANZA_GRADO
        {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{}: grado dichiarato {} ma il grado calcolato è {}",
                        i.codice,
                        format::percento(dichiarato),
                        format::percento(calcolato)
                    ),
                )
                .in_cella(i.origine.cella("Grado dichiarato"))
                .con_valore(format::numero(dichiarato)),
            );
        }
        if let Some(Valore::Data(d)) = i.consuntivo
            && d.year() != piano.ente.anno
        {
            out.push(
                Problema::avviso(
                    foglio,
                    format!(
                        "{}: consuntivo {} fuori dall'anno {}",
                        i.codice,
                        format::data(d),
                        piano.ente.anno
                    ),
                )
                .in_cella(i.origine.cella("Consuntivo"))
                .con_valore(format::data(d)),
            );
        }
        if let (Some(t), Some(s)) = (i.target, i.soglia) {
            let (Some(tp), Some(sp)) = (scoring::posizione(t), scoring::posizione(s)) else {
                continue;
            };
            if !scoring::soglia_dal_lato_giusto(i.operatore, tp, sp) {
                let lato = match i.operatore {
                    Operatore::AlMeno => "sotto il target (>=)",
                    Operatore::AlPiu => "sopra il target (<=)",
                    Operatore::Entro => "dopo la scadenza",
                    Operatore::Uguale => "diversa dal target",
                };
                let testo = s.to_string();
                out.push(
                    Problema::avviso(
                        foglio,
                        format!("{}: la soglia {testo} dovrebbe stare {lato}; è ignorata", i.codice),
                    )
                    .in_cella(i.origine.cella("Soglia"))
                    .con_valore(testo),
                );
            }
        }
        if i.unita_misura == UnitaMisura::Percento
            && let Some(Valore::Numero(a)) = i.consuntivo
        {
            // 0,85 typed for 85 % in a cell not formatted as a percentage.
            if a > Decimal::ZERO
                && a <= Decimal::ONE
                && i.target.and_then(Valore::numero).is_some_and(|t| t > Decimal::ONE)
            {
                out.push(
                    Problema::avviso(
                        foglio,
                        format!(
                            "{}: consuntivo {} % con target {} %: forse è una frazione (0,85 per 85 %)?",
                            i.codice,
                            format::numero(a),
                            format::numero(i.target.and_then(Valore::numero).unwrap_or_default())
                        ),
                    )
                    .in_cella(i.origine.cella("Consuntivo"))
                    .con_valore(format::numero(a)),
                );
            }
        }
    }
    let mut per_persona: BTreeMap<&str, (Decimal, &crate::model::Assegnazione)> = BTreeMap::new();
    for a in &piano.assegnazioni {
        per_persona.entry(&a.persona).or_insert((Decimal::ZERO, a)).0 += a.peso;
    }
    for (persona, (somma, prima)) in per_persona {
        if somma != cento && somma != Decimal::ONE {
            out.push(
                Problema::avviso(
                    &prima.origine.foglio,
                    format!(
                        "i pesi degli obiettivi di {persona} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                        format::numero(somma)
                    ),
                )
                .in_cella(prima.origine.cella("Peso")),
            );
        }
    }
    let mut grafici: BTreeMap<&str, &crate::model::PuntoSerie> = BTreeMap::new();
    for s in &piano.serie {
        let primo = *grafici.entry(&s.grafico).or_insert(s);
        if primo.tipo != s.tipo || primo.titolo != s.titolo {
            out.push(
                Problema::avviso(
                    &s.origine.foglio,
                    format!(
                        "il grafico «{}» ha titolo o tipo diversi dalla riga {}",
                        s.grafico, primo.origine.riga
                    ),
                )
                .in_cella(s.origine.cella("Titolo")),
            );
        }
    }
    out
}
