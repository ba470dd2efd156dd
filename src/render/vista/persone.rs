//! Allegato 3: each person with the objectives assigned to them, each card
//! carrying the weight of the assignment; a share in the result of the ente or
//! of a unit is a card of its own.

use super::schede::Schede;
use super::stampa::giudizio_stampato;
use super::tipi::{VObiettivo, VPersona};
use crate::model::{Assegnazione, Voce};
use crate::scoring;

pub(super) fn persone(schede: &Schede<'_>) -> Vec<VPersona> {
    let r = schede.r;
    let mut persone: Vec<VPersona> = Vec::new();
    for a in &r.piano().assegnazioni {
        let Some(mut v) = scheda(schede, a) else {
            continue;
        };
        let frazioni = scoring::in_frazioni(
            r.piano()
                .assegnazioni
                .iter()
                .filter(|x| x.persona == a.persona)
                .map(|x| x.peso),
        );
        v.peso = Some(schede.stampa.peso(a.peso, frazioni));
        match persone.iter_mut().find(|x| x.nome == a.persona) {
            Some(x) => x.obiettivi.push(v),
            None => {
                let risultato = r.punteggi.persone.get(&a.persona).copied().flatten();
                let (valutazione, esito, punti) = giudizio_stampato(r.punteggi.giudizio(risultato).as_ref());
                persone.push(VPersona {
                    nome: a.persona.clone(),
                    ruolo: a.ruolo.clone(),
                    risultato: schede.stampa.pct(risultato),
                    valutazione,
                    esito,
                    punti,
                    obiettivi: vec![v],
                    prima: Default::default(),
                })
            }
        }
    }
    persone
}

/// The card of one assignment: the objective's, or the ente's or a unit's result.
fn scheda(schede: &Schede<'_>, a: &Assegnazione) -> Option<VObiettivo> {
    use crate::model::Preposizione::Di;
    let r = schede.r;
    let piano = r.piano();
    let l = &piano.ente.lessico;
    Some(match a.voce() {
        Voce::Obiettivo(codice) => schede.obiettivo(piano.obiettivo(codice)?),
        Voce::Ente => schede.voce_sintetica(
            "ente",
            "Ente",
            &piano.ente.nome,
            r.punteggi.ente,
            &format!("media dei risultati {}", l.strategico.con(Di, true)),
        ),
        Voce::Unita(codice) => {
            let nome = piano
                .unita
                .iter()
                .find(|u| u.codice == codice)
                .map_or(codice, |u| u.nome.as_str());
            schede.voce_sintetica(
                "unita",
                codice,
                nome,
                r.punteggi.unita.get(codice).copied().flatten(),
                &format!(
                    "media dei risultati {} in cui {} è {}",
                    l.operativo.con(Di, true),
                    l.unita().con_articolo(false),
                    l.unita().accorda("coinvolt", false)
                ),
            )
        }
    })
}
