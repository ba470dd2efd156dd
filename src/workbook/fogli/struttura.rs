//! The structure of the plan: `Ambiti`, `Unita`, `Obiettivi`.

use crate::format::normalizza;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::fogli::{peso_valido, unico};
use crate::workbook::tabella::Tabella;
use std::collections::HashMap;

pub(in crate::workbook) fn leggi_ambiti(t: &Tabella, p: &mut Problemi) -> Vec<Ambito> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo("Codice", p);
        let nome = riga.titolo("Ambito", p);
        let descrizione = riga.testo("Descrizione", p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
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
                .in_cella(a.origine.cella("Codice"))
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
        let codice = riga.testo("Codice", p);
        let nome = riga.titolo("Nome", p);
        let responsabile = riga.testo("Responsabile", p);
        let ruolo = riga.testo("Ruolo", p);
        let (Some(codice), Some(nome)) = (codice, nome) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
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
        let codice = riga.testo("Codice", p);
        let livello = riga.scelta(
            "Livello",
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
        let titolo = riga.titolo("Titolo", p);
        let descrizione = riga.testo("Descrizione", p);
        let ambito = riga.testo("Ambito", p);
        let padre = riga.testo("Padre", p);
        let unita: Vec<String> = riga
            .testo("Unita", p)
            .map(|s| {
                s.split([',', ';'])
                    .map(|u| u.trim().to_string())
                    .filter(|u| !u.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let peso = riga.numero("Peso", p);
        let peso = peso.filter(|n| peso_valido(&riga, *n, p));
        let (Some(codice), Some(livello), Some(titolo)) = (codice, livello, titolo) else {
            continue;
        };
        if unico(&mut visti, &codice, &riga, "Codice", p) {
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
