//! Allegato 3: each person with the objectives assigned to them, each card
//! carrying the weight of the assignment; a share in the result of the ente or
//! of a unit is a card of its own.

use super::schede::Schede;
use super::stampa::giudizio_stampato;
use super::tipi::{VComponente, VObiettivo, VPersona, VPunteggio};
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
        match persone
            .iter_mut()
            .find(|x| scoring::individuale::stesso_nome(&x.nome, &a.persona))
        {
            Some(x) => x.obiettivi.push(v),
            None => {
                let mut p = persona(schede, &a.persona, &a.ruolo);
                p.obiettivi.push(v);
                persone.push(p);
            }
        }
    }
    // Those evaluated without objectives assigned (behaviours only).
    for (nome, x) in &r.punteggi.individuali {
        if !persone.iter().any(|p| scoring::individuale::stesso_nome(&p.nome, nome)) && x.risultato.is_some() {
            persone.push(persona(schede, nome, &x.categoria));
        }
    }
    persone
}

/// A person's head of Allegato 3: result, band, points and, with the
/// `Componenti` sheet, each component and each score of the evaluator.
fn persona(schede: &Schede<'_>, nome: &str, ruolo: &str) -> VPersona {
    let r = schede.r;
    let x = r.punteggi.individuale(nome);
    let risultato = x.and_then(|x| x.risultato);
    let (valutazione, esito, punti) = giudizio_stampato(x.and_then(|x| x.giudizio.as_ref()));
    let con_componenti = x.is_some_and(|x| !x.componenti.is_empty());
    let componenti = x.map_or_else(Vec::new, |x| {
        let frazioni = scoring::in_frazioni(x.componenti.iter().map(|c| c.peso));
        x.componenti
            .iter()
            .map(|c| VComponente {
                nome: crate::model::maiuscola(&c.componente.to_string()),
                peso: schede.stampa.peso(c.peso, frazioni),
                risultato: schede.stampa.pct(c.risultato),
                prima: Default::default(),
            })
            .collect()
    });
    let punteggi = if con_componenti {
        r.piano()
            .punteggi_individuali
            .iter()
            .filter(|s| crate::format::normalizza(&s.persona) == crate::format::normalizza(nome))
            .map(|s| VPunteggio {
                componente: crate::model::maiuscola(&s.componente.to_string()),
                voce: s.voce.clone(),
                punteggio: format!(
                    "{} su {}",
                    crate::format::numero_almeno(s.punteggio, 0),
                    crate::format::numero_almeno(s.massimo, 0)
                ),
                prima: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    VPersona {
        nome: nome.to_string(),
        ruolo: ruolo.to_string(),
        risultato: schede.stampa.pct(risultato),
        valutazione,
        esito,
        punti,
        obiettivi: Vec::new(),
        prima: Default::default(),
        categoria: r
            .piano()
            .persone
            .iter()
            .find(|p| crate::format::normalizza(&p.nome) == crate::format::normalizza(nome))
            .map(|p| p.categoria.clone()),
        componenti,
        punteggi,
        nuova: false,
    }
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
