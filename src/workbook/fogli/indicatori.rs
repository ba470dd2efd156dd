//! The `Indicatori` sheet: each indicator as planned at the start of the year.

use crate::model::*;
use crate::problem::Problemi;
use crate::workbook::cella::Riga;
use crate::workbook::fogli::{peso_valido, unico};
use crate::workbook::schema::indicatori;
use crate::workbook::tabella::Tabella;
use std::collections::HashMap;

pub(in crate::workbook) fn leggi_indicatori(t: &Tabella, p: &mut Problemi) -> Vec<Indicatore> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let codice = riga.testo(&indicatori::CODICE, p);
        let obiettivo = riga.testo(&indicatori::OBIETTIVO, p);
        let nome = riga.titolo(&indicatori::NOME, p);
        let descrizione = riga.testo(&indicatori::DESCRIZIONE, p);
        let algoritmo = riga.testo(&indicatori::ALGORITMO, p);
        let fonte = riga.testo(&indicatori::FONTE, p);
        let tipologia = riga.testo(&indicatori::TIPOLOGIA, p);
        let peso = riga.numero(&indicatori::PESO, p);
        let operatore = riga.scelta(&indicatori::OPERATORE, Operatore::parse, p);
        // An open column: the contract's units, or the ente's own (`ore`, `CFU`).
        let unita_misura = riga.testo(&indicatori::UNITA_MISURA, p).and_then(|u| {
            let letta = UnitaMisura::parse(&u);
            if letta.is_none() {
                p.push(riga.problema(
                    &indicatori::UNITA_MISURA,
                    format!(
                        "unità di misura «{u}» non valida: al più {} caratteri, che non comincino con una cifra \
                         (%, N., gg, €, data, oppure l'unità dell'ente: ore, CFU, km…)",
                        Simbolo::CARATTERI
                    ),
                    Some(u.clone()),
                ));
            }
            letta
        });
        let data = in_date(&riga, operatore, unita_misura, p);
        let neutro = peso.is_some_and(|p| p.is_zero());
        let target = match data {
            // A neutralized indicator may have no target: a missing one is no error.
            Some(d) => riga.valore_richiesto(&indicatori::TARGET, d, !neutro, p),
            None => None,
        };
        let soglia = data.and_then(|d| riga.valore(&indicatori::SOGLIA, d, p));
        let consuntivo = data.and_then(|d| riga.valore(&indicatori::CONSUNTIVO, d, p));
        if let Some(u) = unita_misura {
            for colonna in [&indicatori::TARGET, &indicatori::SOGLIA, &indicatori::CONSUNTIVO] {
                riga.unita_coerente(colonna, u, p);
            }
        }
        let grado_dichiarato = riga.numero(&indicatori::GRADO_DICHIARATO, p);
        let nota = riga.testo(&indicatori::NOTA, p);
        let metodo = riga.scelta(&indicatori::METODO, MetodoGrado::parse, p);
        let peso = peso.filter(|n| peso_valido(&riga, &indicatori::PESO, *n, p));
        let (Some(codice), Some(obiettivo), Some(nome), Some(peso), Some(operatore), Some(unita_misura)) =
            (codice, obiettivo, nome, peso, operatore, unita_misura)
        else {
            continue;
        };
        if data.is_none() || (target.is_none() && !neutro) {
            continue;
        }
        if unico(&mut visti, &codice, &riga, &indicatori::CODICE, p) {
            out.push(Indicatore {
                codice,
                obiettivo,
                nome,
                descrizione,
                algoritmo,
                fonte,
                tipologia,
                peso,
                operatore,
                target,
                soglia,
                unita_misura,
                consuntivo,
                grado_dichiarato,
                nota,
                metodo,
                origine: riga.origine(),
            });
        }
    }
    out
}

/// Whether the row's values are dates: `entro` goes with the unit `data`, and the
/// other way round (`None` when they disagree, reported, or are unreadable).
fn in_date(
    riga: &Riga<'_>,
    operatore: Option<Operatore>,
    unita_misura: Option<UnitaMisura>,
    p: &mut Problemi,
) -> Option<bool> {
    match (operatore?, unita_misura?) {
        (Operatore::Entro, u) if u != UnitaMisura::Data => {
            p.push(riga.problema(
                &indicatori::UNITA_MISURA,
                "con l'operatore «entro» l'unità di misura è «data»".into(),
                Some(u.simbolo().into()),
            ));
            None
        }
        (o, UnitaMisura::Data) if o != Operatore::Entro => {
            p.push(riga.problema(
                &indicatori::OPERATORE,
                format!("con l'unità di misura «data» l'operatore è «entro», non «{o}»"),
                Some(o.to_string()),
            ));
            None
        }
        (o, _) => Some(o == Operatore::Entro),
    }
}
