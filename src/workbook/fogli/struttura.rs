//! The structure of the plan: `Ambiti`, `Unita`, `Obiettivi`.

use crate::format::normalizza;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::fogli::{peso_valido, unico};
use crate::workbook::schema::{ambiti, obiettivi, unita};
use crate::workbook::tabella::Tabella;
use std::collections::HashMap;

pub(in crate::workbook) fn leggi_ambiti(t: &Tabella, p: &mut Problemi) -> Vec<Ambito> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo(&ambiti::CODICE, p);
        let nome = riga.titolo(&ambiti::AMBITO, p);
        let descrizione = riga.testo(&ambiti::DESCRIZIONE, p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, &ambiti::CODICE, p) {
            out.push(Ambito {
                codice,
                nome,
                descrizione,
                origine: riga.origine(),
            });
        }
    }
    // A sub-ambito needs its ambito.
    for a in &out {
        if let Some(padre) = a.padre()
            && !out.iter().any(|b| b.codice == padre)
        {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!("il sotto-ambito «{}» non ha l'ambito «{padre}»", a.codice),
                )
                .in_cella(a.origine.cella(ambiti::CODICE.nome))
                .con_valore(&a.codice),
            );
        }
    }
    out
}

pub(in crate::workbook) fn leggi_unita(t: &Tabella, p: &mut Problemi) -> Vec<Unita> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo(&unita::CODICE, p);
        let nome = riga.titolo(&unita::NOME, p);
        let responsabile = riga.testo(&unita::RESPONSABILE, p);
        let ruolo = riga.testo(&unita::RUOLO, p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, &unita::CODICE, p) {
            out.push(Unita {
                codice,
                nome,
                responsabile,
                ruolo,
                origine: riga.origine(),
            });
        }
    }
    out
}

pub(in crate::workbook) fn leggi_obiettivi(t: &Tabella, p: &mut Problemi) -> Vec<Obiettivo> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo(&obiettivi::CODICE, p);
        let livello = riga.scelta(
            &obiettivi::LIVELLO,
            // `strategico`, `operativo`, or the word of the ente's choice
            // (`specifico`, `gestionale`…: see [`crate::model::Lessico`]).
            |s| {
                let t = normalizza(s);
                let di = |lista: &[Nome]| {
                    lista
                        .iter()
                        .any(|n| normalizza(n.singolare.trim_start_matches("obiettivo ")) == t)
                };
                if di(OBIETTIVI_STRATEGICI) {
                    Some(Livello::Strategico)
                } else if di(OBIETTIVI_OPERATIVI) {
                    Some(Livello::Operativo)
                } else {
                    None
                }
            },
            p,
        );
        let titolo = riga.titolo(&obiettivi::TITOLO, p);
        let descrizione = riga.testo(&obiettivi::DESCRIZIONE, p);
        let ambito = riga.testo(&obiettivi::AMBITO, p);
        let padre = riga.testo(&obiettivi::PADRE, p);
        let unita: Vec<String> = riga
            .testo(&obiettivi::UNITA, p)
            .map(|s| {
                s.split([',', ';'])
                    .map(|u| u.trim().to_string())
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let peso = riga.numero(&obiettivi::PESO, p);
        let peso = peso.filter(|n| peso_valido(&riga, &obiettivi::PESO, *n, p));
        let (Some(codice), Some(livello), Some(titolo)) = (codice, livello, titolo) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, &obiettivi::CODICE, p) {
            let o = Obiettivo {
                codice,
                livello,
                titolo,
                descrizione,
                ambito,
                padre,
                unita,
                peso,
                origine: riga.origine(),
            };
            out.push(o);
        }
    }
    out
}
