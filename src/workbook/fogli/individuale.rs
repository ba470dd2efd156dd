//! The sheets of individual performance ([1.5]): `Persone`, `Componenti`,
//! `Punteggi`, `Distribuzione`. Each checked at the cell: a person named twice,
//! a component twice in a category, weights of a category that do not sum to
//! 100, a score above its maximum, a count that is not a whole number.

use crate::format::{normalizza, numero};
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::fogli::peso_valido;
use crate::workbook::schema::{assegnazioni, componenti, distribuzione, persone, punteggi};
use crate::workbook::tabella::Tabella;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

pub(in crate::workbook) fn leggi_persone(t: &Tabella, p: &mut Problemi) -> Vec<Persona> {
    let mut out = Vec::new();
    let mut viste: HashMap<String, String> = HashMap::new();
    for riga in t.righe() {
        let (Some(nome), Some(categoria)) = (riga.titolo(&persone::PERSONA, p), riga.testo(&persone::CATEGORIA, p))
        else {
            continue;
        };
        let cella = riga.indirizzo(&persone::PERSONA);
        if let Some(prima) = viste.insert(normalizza(&nome), cella.clone()) {
            p.push(
                Problema::errore(&t.nome, format!("{nome} c'è già in {prima}"))
                    .in_cella(&cella)
                    .con_valore(&nome),
            );
            continue;
        }
        out.push(Persona {
            nome,
            categoria,
            genere: riga.testo(&persone::GENERE, p),
            origine: riga.origine(),
        });
    }
    out
}

/// The weights of the components per category; those of a category must sum
/// to 100 (or to 1, written as fractions).
pub(in crate::workbook) fn leggi_componenti(t: &Tabella, p: &mut Problemi) -> Vec<PesoComponente> {
    let mut out: Vec<PesoComponente> = Vec::new();
    for riga in t.righe() {
        let categoria = riga.testo(&componenti::CATEGORIA, p);
        let componente = riga.scelta(&componenti::COMPONENTE, Componente::parse, p);
        let peso = riga
            .numero(&componenti::PESO, p)
            .filter(|n| peso_valido(&riga, &componenti::PESO, *n, p));
        let (Some(categoria), Some(componente), Some(peso)) = (categoria, componente, peso) else {
            continue;
        };
        if let Some(prima) = out
            .iter()
            .find(|c| normalizza(&c.categoria) == normalizza(&categoria) && c.componente == componente)
        {
            p.push(riga.problema(
                &componenti::COMPONENTE,
                format!(
                    "la componente «{componente}» della categoria «{categoria}» c'è già in {}",
                    prima.origine.cella(componenti::COMPONENTE.nome)
                ),
                Some(componente.to_string()),
            ));
            continue;
        }
        out.push(PesoComponente {
            categoria,
            componente,
            peso,
            origine: riga.origine(),
        });
    }
    let mut per_categoria: BTreeMap<String, Vec<&PesoComponente>> = BTreeMap::new();
    for c in &out {
        per_categoria.entry(normalizza(&c.categoria)).or_default().push(c);
    }
    for righe in per_categoria.values() {
        let somma: Decimal = righe.iter().map(|c| c.peso).sum();
        if somma != Decimal::ONE_HUNDRED && somma != Decimal::ONE {
            let prima = righe[0];
            p.push(
                Problema::errore(
                    &t.nome,
                    format!(
                        "i pesi delle componenti della categoria «{}» sommano a {}, non a 100: {}",
                        prima.categoria,
                        numero(somma),
                        righe
                            .iter()
                            .map(|c| format!("{} {}", c.componente, numero(c.peso)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .in_cella(prima.origine.cella(componenti::PESO.nome))
                .con_valore(numero(prima.peso)),
            );
        }
    }
    out
}

/// The evaluator's scores: from 0 to a maximum above 0.
pub(in crate::workbook) fn leggi_punteggi(t: &Tabella, p: &mut Problemi) -> Vec<PunteggioIndividuale> {
    let mut out = Vec::new();
    for riga in t.righe() {
        let persona = riga.titolo(&punteggi::PERSONA, p);
        let componente = riga.scelta(&punteggi::COMPONENTE, Componente::parse, p);
        let voce = riga.titolo(&punteggi::VOCE, p);
        let punteggio = riga.numero(&punteggi::PUNTEGGIO, p);
        let massimo = riga.numero(&punteggi::MASSIMO, p);
        let peso = riga
            .numero(&punteggi::PESO, p)
            .filter(|n| peso_valido(&riga, &punteggi::PESO, *n, p));
        let (Some(persona), Some(componente), Some(voce), Some(punteggio), Some(massimo)) =
            (persona, componente, voce, punteggio, massimo)
        else {
            continue;
        };
        if !componente.dal_valutatore() {
            p.push(riga.problema(
                &punteggi::COMPONENTE,
                format!(
                    "«{componente}» non si scrive qui: viene dal foglio Assegnazioni (qui: comportamenti oppure \
                     differenziazione)"
                ),
                Some(componente.to_string()),
            ));
            continue;
        }
        if massimo <= Decimal::ZERO {
            p.push(riga.problema(
                &punteggi::MASSIMO,
                format!("il punteggio massimo dev'essere maggiore di 0, non {}", numero(massimo)),
                Some(numero(massimo)),
            ));
            continue;
        }
        if punteggio < Decimal::ZERO || punteggio > massimo {
            p.push(riga.problema(
                &punteggi::PUNTEGGIO,
                format!(
                    "punteggio {} di «{voce}» per {persona}: dev'essere fra 0 e il massimo, {}",
                    numero(punteggio),
                    numero(massimo)
                ),
                Some(numero(punteggio)),
            ));
            continue;
        }
        out.push(PunteggioIndividuale {
            persona,
            componente,
            voce,
            punteggio,
            massimo,
            peso,
            origine: riga.origine(),
        });
    }
    // The items of a component are weighed all or none: an empty weight beside
    // weights of 40 would count almost nothing, without a word.
    for s in &out {
        let stessi: Vec<&PunteggioIndividuale> = out
            .iter()
            .filter(|x| normalizza(&x.persona) == normalizza(&s.persona) && x.componente == s.componente)
            .collect();
        if s.peso.is_none() && stessi.iter().any(|x| x.peso.is_some()) {
            p.push(
                Problema::errore(
                    &s.origine.foglio,
                    format!(
                        "«{}» di {} non ha peso, altre voci di {} sì: i pesi vanno dati a tutte le voci della \
                         componente o a nessuna",
                        s.voce, s.persona, s.componente
                    ),
                )
                .in_cella(s.origine.cella(punteggi::PESO.nome)),
            );
        }
    }
    out
}

/// The counts typed in aggregate: whole numbers, not negative.
pub(in crate::workbook) fn leggi_distribuzione(t: &Tabella, p: &mut Problemi) -> Vec<ConteggioFascia> {
    let mut out = Vec::new();
    for riga in t.righe() {
        let categoria = riga.testo(&distribuzione::CATEGORIA, p);
        let fascia = riga.testo(&distribuzione::FASCIA, p);
        let persone = riga.numero(&distribuzione::PERSONE, p);
        let (Some(categoria), Some(fascia), Some(persone)) = (categoria, fascia, persone) else {
            continue;
        };
        let Some(n) = (persone.fract().is_zero() && persone >= Decimal::ZERO)
            .then(|| u32::try_from(persone.mantissa() / 10i128.pow(persone.scale())).ok())
            .flatten()
        else {
            p.push(riga.problema(
                &distribuzione::PERSONE,
                format!("«{}» non è un numero intero di persone", numero(persone)),
                Some(numero(persone)),
            ));
            continue;
        };
        let genere = riga.testo(&distribuzione::GENERE, p);
        let chiave = |c: &ConteggioFascia| normalizza(&c.categoria);
        // A row twice would be counted twice; a category typed both whole and
        // by gender would be counted twice too.
        if let Some(prima) = out.iter().find(|c| {
            chiave(c) == normalizza(&categoria)
                && c.genere.as_deref().map(normalizza) == genere.as_deref().map(normalizza)
                && normalizza(&c.fascia) == normalizza(&fascia)
        }) {
            p.push(riga.problema(
                &distribuzione::FASCIA,
                format!(
                    "la fascia «{fascia}» della categoria «{categoria}» c'è già in {}: sarebbe contata due volte",
                    prima.origine.cella(distribuzione::FASCIA.nome)
                ),
                Some(fascia),
            ));
            continue;
        }
        if let Some(altra) = out
            .iter()
            .find(|c| chiave(c) == normalizza(&categoria) && c.genere.is_some() != genere.is_some())
        {
            p.push(riga.problema(
                &distribuzione::GENERE,
                format!(
                    "la categoria «{categoria}» è scritta sia per genere sia senza (come in {}): le persone \
                     sarebbero contate due volte; scrivere le righe di una categoria tutte con il genere o tutte senza",
                    altra.origine.cella(distribuzione::GENERE.nome)
                ),
                genere.clone(),
            ));
            continue;
        }
        out.push(ConteggioFascia {
            categoria,
            genere,
            fascia,
            persone: n,
            origine: riga.origine(),
        });
    }
    out
}

/// The sheets of individual performance against each other and against
/// `Assegnazioni` and `Fasce`: with `Componenti`, every person evaluated has a
/// category (in `Persone`) that has weights; a score names a known person; a
/// count of `Distribuzione` names a band of the persons.
pub(in crate::workbook) struct Individuale<'a> {
    pub persone: &'a [Persona],
    pub componenti: &'a [PesoComponente],
    pub punteggi: &'a [PunteggioIndividuale],
    pub distribuzione: &'a [ConteggioFascia],
    pub assegnazioni: &'a [Assegnazione],
    pub fasce: &'a [Fascia],
}

impl Individuale<'_> {
    pub(in crate::workbook) fn verifica(&self, p: &mut Problemi) {
        let in_persone = |nome: &str| self.persone.iter().find(|x| normalizza(&x.nome) == normalizza(nome));
        let con_pesi = |categoria: &str| {
            self.componenti
                .iter()
                .any(|c| normalizza(&c.categoria) == normalizza(categoria))
        };
        // A score of someone nobody assigns anything to, or not in Persone.
        for s in self.punteggi {
            let noto = in_persone(&s.persona).is_some() || self.assegnazioni.iter().any(|a| a.persona == s.persona);
            if !noto {
                p.push(
                    Problema::errore(
                        &s.origine.foglio,
                        format!("{} non è nel foglio Persone né in Assegnazioni", s.persona),
                    )
                    .in_cella(s.origine.cella(punteggi::PERSONA.nome))
                    .con_valore(&s.persona),
                );
            }
        }
        if !self.componenti.is_empty() {
            // Every person evaluated needs a category with weights.
            let mut visti: Vec<&str> = Vec::new();
            let valutati = self
                .assegnazioni
                .iter()
                .map(|a| (a.persona.as_str(), &a.origine, &assegnazioni::PERSONA))
                .chain(
                    self.punteggi
                        .iter()
                        .map(|s| (s.persona.as_str(), &s.origine, &punteggi::PERSONA)),
                );
            for (nome, origine, colonna) in valutati {
                if visti.contains(&nome) {
                    continue;
                }
                visti.push(nome);
                if in_persone(nome).is_none() {
                    p.push(
                        Problema::errore(
                            &origine.foglio,
                            format!(
                                "{nome} non è nel foglio Persone: con il foglio Componenti ogni persona valutata ha \
                                 una categoria"
                            ),
                        )
                        .in_cella(origine.cella(colonna.nome))
                        .con_valore(nome),
                    );
                }
            }
            for x in self.persone.iter().filter(|x| !con_pesi(&x.categoria)) {
                p.push(
                    Problema::errore(
                        &x.origine.foglio,
                        format!(
                            "la categoria «{}» di {} non ha pesi nel foglio Componenti",
                            x.categoria, x.nome
                        ),
                    )
                    .in_cella(x.origine.cella(persone::CATEGORIA.nome))
                    .con_valore(&x.categoria),
                );
            }
        }
        if !self.distribuzione.is_empty() {
            // The labels of the scale the persons are judged on (their own
            // bands, or the objectives', or the three of the thresholds).
            let voci = crate::model::etichette_delle_persone(self.fasce);
            let etichette: Vec<&str> = voci.iter().map(String::as_str).collect();
            for c in self
                .distribuzione
                .iter()
                .filter(|c| !etichette.iter().any(|e| normalizza(e) == normalizza(&c.fascia)))
            {
                p.push(
                    Problema::errore(
                        &c.origine.foglio,
                        format!(
                            "fascia «{}» sconosciuta: le fasce delle persone sono {}",
                            c.fascia,
                            etichette.join(", ")
                        ),
                    )
                    .in_cella(c.origine.cella(distribuzione::FASCIA.nome))
                    .con_valore(&c.fascia),
                );
            }
        }
    }
}
