//! Warnings: what is legal but suspicious in a plan, the things a careful office
//! checks before the Giunta sees the report — one small function per warning,
//! by what it looks at. Errors are found while reading ([`crate::workbook`]),
//! applying the changes ([`crate::changes`]) and scoring ([`crate::scoring`]).

mod indicatori;
mod obiettivi;

use crate::format;
use crate::model::{Livello, Piano};
use crate::problem::Problema;
use crate::scoring::Punteggi;
use crate::workbook::schema;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub use indicatori::TOLLERANZA_GRADO;

/// Every warning about a plan in force and its scores. `errori` are the errors
/// already found on the rows read: a warning that such an error may have
/// caused is held back until the error is mended — an objective looks without
/// indicators when an indicator's row was refused, an indicator without
/// consuntivo when its consuntivo cell was — so that an error does not cascade.
pub fn avvisi(piano: &Piano, punteggi: &Punteggi, errori: &[Problema]) -> Vec<Problema> {
    let foglio_con_errori = |nome: &str| errori.iter().any(|e| e.foglio() == Some(nome));
    let riga_con_errori = |origine: &crate::model::Origine| {
        errori
            .iter()
            .any(|e| e.foglio() == Some(origine.foglio.as_str()) && e.riga() == Some(origine.riga))
    };
    let mut out = Vec::new();
    // An objective's indicators are complete only when their sheet was read whole.
    if !foglio_con_errori(schema::indicatori::NOME_FOGLIO) {
        for o in piano.obiettivi.iter().filter(|o| !riga_con_errori(&o.origine)) {
            out.extend(obiettivi::avvisi(piano, o));
        }
    }
    for i in piano.indicatori.iter().filter(|i| !riga_con_errori(&i.origine)) {
        out.extend(indicatori::avvisi(piano, punteggi, i));
    }
    if !foglio_con_errori(schema::assegnazioni::NOME_FOGLIO) {
        out.extend(pesi_delle_persone(piano));
    }
    out.extend(grafici_incoerenti(piano));
    out.extend(unita_senza_risultato(piano, punteggi));
    out.extend(assegnazioni_senza_componente(piano));
    out
}

/// With `Componenti`, an assignment counts only through the component it
/// belongs to: an objective through `obiettivi individuali`, the ente's or a
/// unit's result through `risultati organizzativi`. One whose component the
/// person's category does not weigh counts for nothing: said at its row.
fn assegnazioni_senza_componente(piano: &Piano) -> Vec<Problema> {
    use crate::model::{Componente, Voce};
    let norm = format::normalizza;
    piano
        .assegnazioni
        .iter()
        .filter_map(|a| {
            let persona = piano.persone.iter().find(|x| norm(&x.nome) == norm(&a.persona))?;
            let pesi: Vec<Componente> = piano
                .componenti
                .iter()
                .filter(|c| norm(&c.categoria) == norm(&persona.categoria))
                .map(|c| c.componente)
                .collect();
            let serve = match a.voce() {
                Voce::Obiettivo(_) => Componente::ObiettiviIndividuali,
                _ => Componente::RisultatiOrganizzativi,
            };
            (!pesi.is_empty() && !pesi.contains(&serve)).then(|| {
                Problema::avviso(
                    &a.origine.foglio,
                    format!(
                        "l'assegnazione di «{}» a {} non conta: la categoria «{}» non pesa la componente «{serve}» \
                         (foglio Componenti)",
                        a.obiettivo, a.persona, persona.categoria
                    ),
                )
                .in_cella(a.origine.cella(schema::assegnazioni::OBIETTIVO.nome))
            })
        })
        .collect()
}

/// Takes out of `problemi` the warnings the office accepted in the `Avvisi`
/// sheet (same place, same words), and returns them with their reasons. An
/// accepted warning that no longer appears (its value changed, or it was
/// mended) becomes a warning of its own, at its row of `Avvisi`, so the sheet
/// does not keep reasons for what is no longer there.
pub fn accettati(elenco: &[crate::model::AvvisoAccettato], problemi: &mut Vec<Problema>) -> Vec<(Problema, String)> {
    let mut presi = Vec::new();
    let mut usati = vec![false; elenco.len()];
    problemi.retain(|p| {
        if p.is_errore() {
            return true;
        }
        let trovato = elenco.iter().position(|a| {
            format::normalizza(&a.dove) == format::normalizza(&p.dove())
                && format::spazi_normalizzati(&a.avviso) == format::spazi_normalizzati(&p.messaggio)
        });
        match trovato {
            Some(i) => {
                usati[i] = true;
                presi.push((p.clone(), elenco[i].motivazione.clone()));
                false
            }
            None => true,
        }
    });
    // While there are errors, warnings they may have caused are held back:
    // an accepted one missing now is not stale.
    let con_errori = problemi.iter().any(Problema::is_errore);
    for (a, usato) in elenco.iter().zip(usati) {
        if !usato && !con_errori {
            problemi.push(
                Problema::avviso(
                    &a.origine.foglio,
                    format!(
                        "l'avviso accettato per {} non si presenta più (un valore è cambiato, o è stato corretto): \
                         se ora c'è un altro avviso, va riletto; questa riga si può togliere",
                        a.dove
                    ),
                )
                .in_cella(a.origine.cella(schema::avvisi::AVVISO.nome)),
            );
        }
    }
    presi
}

/// A unit whose result cannot be computed although some of its operational
/// objectives have one: with `metodo_ente` = `media ponderata` their weights
/// are missing. Named at the cells that would make it computable.
fn unita_senza_risultato(piano: &Piano, punteggi: &Punteggi) -> Vec<Problema> {
    use crate::model::MetodoMedia;
    if piano.ente.regole.metodo_ente != MetodoMedia::MediaPonderata {
        return Vec::new();
    }
    piano
        .unita
        .iter()
        .filter(|u| punteggi.unita.get(&u.codice).copied().flatten().is_none())
        .filter_map(|u| {
            let senza_peso: Vec<&crate::model::Obiettivo> = piano
                .obiettivi
                .iter()
                .filter(|o| o.livello == Livello::Operativo && o.unita.contains(&u.codice))
                .filter(|o| punteggi.obiettivi.get(&o.codice).is_some_and(|p| p.risultato.is_some()))
                .filter(|o| o.peso.is_none_or(|p| p.is_zero()))
                .collect();
            let primo = senza_peso.first()?;
            Some(
                Problema::avviso(
                    &primo.origine.foglio,
                    format!(
                        "il risultato di {} ({}) non si può calcolare: con metodo_ente «media ponderata» servono i \
                         pesi dei suoi obiettivi operativi, che non ne hanno: {}",
                        u.codice,
                        u.nome,
                        senza_peso
                            .iter()
                            .map(|o| format!("{} ({})", o.codice, o.origine.cella(schema::obiettivi::PESO.nome)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .in_cella(primo.origine.cella(schema::obiettivi::PESO.nome)),
            )
        })
        .collect()
}

/// Whether weights add up to a whole: 100, or 1 when written as fractions.
fn intero(somma: Decimal) -> bool {
    somma == Decimal::ONE_HUNDRED || somma == Decimal::ONE
}

/// A person's weights that do not add up to 100 (or 1). With the components of
/// `Componenti`, the weights of each component add up on their own: those of
/// the ente's and units' results, and those of the objectives assigned.
fn pesi_delle_persone(piano: &Piano) -> Vec<Problema> {
    use crate::model::Voce;
    let norm = crate::format::normalizza;
    let con_componenti = |persona: &str| {
        piano
            .persone
            .iter()
            .find(|x| norm(&x.nome) == norm(persona))
            .is_some_and(|x| {
                piano
                    .componenti
                    .iter()
                    .any(|c| norm(&c.categoria) == norm(&x.categoria))
            })
    };
    let mut per_persona: BTreeMap<(&str, &str), (Decimal, &crate::model::Assegnazione)> = BTreeMap::new();
    for a in &piano.assegnazioni {
        let gruppo = match (con_componenti(&a.persona), a.voce()) {
            (false, _) => "degli obiettivi",
            (true, Voce::Obiettivo(_)) => "degli obiettivi individuali",
            (true, _) => "dei risultati organizzativi",
        };
        per_persona.entry((&a.persona, gruppo)).or_insert((Decimal::ZERO, a)).0 += a.peso;
    }
    per_persona
        .into_iter()
        .filter(|(_, (somma, _))| !intero(*somma))
        .map(|((persona, gruppo), (somma, prima))| {
            Problema::avviso(
                &prima.origine.foglio,
                format!(
                    "i pesi {gruppo} di {persona} sommano a {}, non a 100 (né a 1, se scritti come frazioni)",
                    format::numero(somma)
                ),
            )
            .in_cella(prima.origine.cella(schema::assegnazioni::PESO.nome))
        })
        .collect()
}

/// Rows of one chart that give it different titles or kinds.
fn grafici_incoerenti(piano: &Piano) -> Vec<Problema> {
    let mut primi: BTreeMap<&str, &crate::model::PuntoSerie> = BTreeMap::new();
    let mut out = Vec::new();
    for s in &piano.serie {
        let primo = *primi.entry(&s.grafico).or_insert(s);
        if primo.tipo != s.tipo || primo.titolo != s.titolo {
            out.push(
                Problema::avviso(
                    &s.origine.foglio,
                    format!(
                        "il grafico «{}» ha titolo o tipo diversi dalla riga {}",
                        s.grafico, primo.origine.riga
                    ),
                )
                .in_cella(s.origine.cella(schema::serie::TITOLO.nome)),
            );
        }
    }
    out
}
