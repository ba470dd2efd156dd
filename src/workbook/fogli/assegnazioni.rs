//! The `Assegnazioni` sheet: the objectives (or the ente's, or a unit's
//! result) assigned to each person, with their weights.

use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::fogli::peso_valido;
use crate::workbook::schema::assegnazioni;
use crate::workbook::tabella::Tabella;
use std::collections::HashMap;

pub(in crate::workbook) fn leggi_assegnazioni(t: &Tabella, p: &mut Problemi) -> Vec<Assegnazione> {
    let mut out = Vec::new();
    let mut viste: HashMap<(String, String), String> = HashMap::new();
    for riga in t.righe() {
        let persona = riga.titolo(&assegnazioni::PERSONA, p);
        let ruolo = riga.testo(&assegnazioni::RUOLO, p);
        let obiettivo = riga.testo(&assegnazioni::OBIETTIVO, p);
        let peso = riga.numero(&assegnazioni::PESO, p);
        let peso = peso.filter(|n| peso_valido(&riga, &assegnazioni::PESO, *n, p));
        let (Some(persona), Some(ruolo), Some(obiettivo), Some(peso)) = (persona, ruolo, obiettivo, peso) else {
            continue;
        };
        // `Ente`, `Unità: U1` are written `ente`, `unita:U1`.
        let obiettivo = match Voce::di(&obiettivo) {
            Voce::Ente => "ente".to_string(),
            Voce::Unita(u) => format!("unita:{u}"),
            Voce::Obiettivo(_) => obiettivo,
        };
        let cella = riga.indirizzo(&assegnazioni::OBIETTIVO);
        if let Some(prima) = viste.insert((persona.clone(), obiettivo.clone()), cella.clone()) {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!("l'obiettivo «{obiettivo}» è già assegnato a {persona} in {prima}"),
                )
                .in_cella(&cella)
                .con_valore(&obiettivo),
            );
            continue;
        }
        out.push(Assegnazione {
            persona,
            ruolo,
            obiettivo,
            peso,
            origine: riga.origine(),
        });
    }
    out
}
