//! A person's result, step by step: the weighted mean of what `Assegnazioni`
//! gives them, or, with `Componenti`, each component's own mean and then the
//! mean of the components by the weights of the person's category; then the
//! band and the points on the persons' scale.

use super::media::{self, Termine};
use super::{Passo, Spiegazione, Tipo, giudizio};
use crate::Relazione;
use crate::format;
use crate::model::{Componente, MetodoMedia, Voce};
use crate::scoring::individuale::stesso_nome;
use crate::workbook::schema::{assegnazioni, componenti, punteggi};
use rust_decimal::Decimal;

/// The explanation of the result of the person called `nome` (as the scores name them).
pub(crate) fn spiega(r: &Relazione, nome: &str) -> Spiegazione {
    let p = r.piano();
    let persona = &r.punteggi.individuali[nome];
    let mut passi = Vec::new();
    let di_assegnazioni = |filtro: &dyn Fn(Voce) -> bool| -> Vec<Termine> {
        p.assegnazioni
            .iter()
            .filter(|a| stesso_nome(&a.persona, nome) && filtro(a.voce()))
            .map(|a| {
                let valore = match a.voce() {
                    Voce::Obiettivo(c) => r.punteggi.obiettivi.get(c).and_then(|o| o.risultato),
                    Voce::Ente => r.punteggi.ente,
                    Voce::Unita(c) => r.punteggi.unita.get(c).copied().flatten(),
                };
                Termine {
                    codice: a.obiettivo.clone(),
                    valore,
                    peso: a.peso,
                    fonte_valore: None,
                    fonte_peso: a.origine.cella(assegnazioni::PESO.nome),
                    escluso: None,
                }
            })
            .collect()
    };
    let termini: Vec<Termine> = if persona.componenti.is_empty() {
        let t = di_assegnazioni(&|_| true);
        passi.extend(media::passi(
            MetodoMedia::MediaPonderata,
            &t,
            persona.risultato,
            ("obiettivo assegnato", "obiettivi assegnati"),
            "risultato",
            assegnazioni::NOME_FOGLIO,
            r,
        ));
        t
    } else {
        passi.push(Passo::di(format!(
            "Categoria «{}»: la valutazione ha {} componenti, ciascuna con il suo peso.",
            persona.categoria,
            persona.componenti.len()
        )));
        let mut t = Vec::new();
        for c in &persona.componenti {
            let sotto: Vec<Termine> = match c.componente {
                Componente::RisultatiOrganizzativi => di_assegnazioni(&|v| !matches!(v, Voce::Obiettivo(_))),
                Componente::ObiettiviIndividuali => di_assegnazioni(&|v| matches!(v, Voce::Obiettivo(_))),
                altra => p
                    .punteggi_individuali
                    .iter()
                    .filter(|s| s.componente == altra && stesso_nome(&s.persona, nome))
                    .map(|s| Termine {
                        codice: format!(
                            "{} ({} su {})",
                            s.voce,
                            format::numero_almeno(s.punteggio, 0),
                            format::numero_almeno(s.massimo, 0)
                        ),
                        valore: Some(s.percento()),
                        peso: s.peso.unwrap_or(Decimal::ONE),
                        fonte_valore: Some(s.origine.cella(punteggi::PUNTEGGIO.nome)),
                        fonte_peso: s.origine.cella(punteggi::PESO.nome),
                        escluso: None,
                    })
                    .collect(),
            };
            passi.push(Passo::di(format!("Componente «{}»:", c.componente)));
            passi.extend(media::passi(
                MetodoMedia::MediaPonderata,
                &sotto,
                c.risultato,
                ("voce", "voci"),
                "risultato",
                crate::workbook::schema::punteggi::NOME_FOGLIO,
                r,
            ));
            let fonte_peso = p
                .componenti
                .iter()
                .find(|x| {
                    x.componente == c.componente
                        && format::normalizza(&x.categoria) == format::normalizza(&persona.categoria)
                })
                .map(|x| x.origine.cella(componenti::PESO.nome))
                .unwrap_or_default();
            t.push(Termine {
                codice: c.componente.to_string(),
                valore: c.risultato,
                peso: c.peso,
                fonte_valore: None,
                fonte_peso,
                escluso: None,
            });
        }
        passi.push(Passo::di("Il risultato della persona:"));
        passi.extend(media::passi(
            MetodoMedia::MediaPonderata,
            &t,
            persona.risultato,
            ("componente", "componenti"),
            "risultato",
            componenti::NOME_FOGLIO,
            r,
        ));
        t
    };
    if let Some(x) = persona.risultato {
        passi.extend(giudizio(r, &r.punteggi.scala_persone, x, true));
    }
    Spiegazione {
        tipo: Tipo::Persona,
        codice: nome.to_string(),
        che_cosa: format!("valutazione individuale ({})", persona.categoria),
        nome: nome.to_string(),
        valore: persona.risultato,
        stampato: super::stampato(r, persona.risultato),
        valutazione: persona.giudizio.as_ref().map(|g| g.etichetta.clone()),
        punti: persona.giudizio.as_ref().and_then(|g| g.punti),
        passi,
        termini,
        dichiarato: None,
    }
}
