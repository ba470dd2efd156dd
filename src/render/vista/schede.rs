//! The cards of the allegati: an objective with its indicators, as Allegati 1,
//! 2 and 3 print them; and the cards of a person's share in the result of the
//! ente or of a unit.

use super::stampa::{Stampa, f, giudizio_stampato, operatore, valore};
use super::tipi::{VIndicatore, VObiettivo};
use crate::Relazione;
use crate::format;
use crate::model::{Indicatore, Livello, Obiettivo};
use crate::scoring;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Builds the cards of one report.
pub(super) struct Schede<'r> {
    pub(super) r: &'r Relazione,
    pub(super) stampa: Stampa,
}

impl<'r> Schede<'r> {
    pub(super) fn di(r: &'r Relazione) -> Schede<'r> {
        Schede {
            r,
            stampa: Stampa::di(&r.piano().ente.regole),
        }
    }

    /// The cards of one level, in the workbook's order; a strategic objective
    /// carries its operational ones (the albero).
    pub(super) fn livello(&self, livello: Livello) -> Vec<VObiettivo> {
        let piano = self.r.piano();
        piano
            .obiettivi
            .iter()
            .filter(|o| o.livello == livello)
            .map(|o| {
                let mut v = self.obiettivo(o);
                if livello == Livello::Strategico {
                    v.operativi = piano
                        .obiettivi
                        .iter()
                        .filter(|x| x.padre.as_deref() == Some(&o.codice))
                        .map(|x| self.obiettivo(x))
                        .collect();
                }
                v
            })
            .collect()
    }

    /// An objective's card, with its indicators.
    pub(super) fn obiettivo(&self, o: &Obiettivo) -> VObiettivo {
        let piano = self.r.piano();
        let s = &self.r.punteggi.obiettivi[&o.codice];
        let (valutazione, esito, punti) = giudizio_stampato(s.giudizio.as_ref());
        VObiettivo {
            codice: o.codice.clone(),
            livello: o.livello.to_string(),
            titolo: o.titolo.clone(),
            descrizione: o.descrizione.clone(),
            ambito: o.ambito.as_deref().and_then(|a| self.etichetta_ambito(a)),
            padre: o.padre.as_ref().map(|c| {
                piano
                    .obiettivo(c)
                    .map_or(c.clone(), |x| format!("{} – {}", x.codice, x.titolo))
            }),
            unita: self.nomi_unita(o),
            peso: o.peso.map(format::percento),
            risultato: self.stampa.pct(s.risultato),
            risultato_num: s.risultato.map(f),
            valutazione,
            esito,
            punti,
            voce: "obiettivo".into(),
            calcolo: None,
            indicatori: self.indicatori(o),
            operativi: Vec::new(),
            prima: BTreeMap::new(),
            nuovo: false,
            tolti: Vec::new(),
        }
    }

    /// The indicators of an objective. Weights summing to 1, as planned or in
    /// force, are fractions: printed ×100.
    fn indicatori(&self, o: &Obiettivo) -> Vec<VIndicatore> {
        let piano = self.r.piano();
        let frazioni = scoring::in_frazioni(self.r.pianificato.indicatori_di(&o.codice).map(|i| i.peso))
            || scoring::in_frazioni(piano.indicatori_di(&o.codice).map(|i| i.peso));
        piano
            .indicatori_di(&o.codice)
            .map(|i| self.indicatore(i, frazioni))
            .collect()
    }

    fn indicatore(&self, i: &Indicatore, frazioni: bool) -> VIndicatore {
        let piano = self.r.piano();
        let s = &self.r.punteggi.indicatori[&i.codice];
        let mut note: Vec<String> = self.r.in_vigore.note_di(&i.codice).to_vec();
        note.extend(i.nota.clone());
        VIndicatore {
            codice: i.codice.clone(),
            nome: i.nome.clone(),
            descrizione: i.descrizione.clone(),
            peso: self.stampa.peso(i.peso, frazioni),
            tipologia: i.tipologia.clone(),
            soglia: i.soglia.map(|v| valore(v, i)),
            algoritmo: i.algoritmo.clone(),
            fonte: i.fonte.clone(),
            target: i.target.map_or_else(
                || "-".into(),
                // A sign stays with its figure (`≥ 85,00 %`); the word `Entro` may
                // end a line, or a date would overflow the narrow column.
                |t| {
                    let v = valore(t, i);
                    let lunga = v.chars().count() > format::CIFRA_LUNGA + 2;
                    let spazio = if i.operatore == crate::model::Operatore::Entro || lunga {
                        ' '
                    } else {
                        format::SPAZIO_UNITO
                    };
                    format!("{}{spazio}{v}", operatore(i.operatore))
                },
            ),
            consuntivo: match i.consuntivo {
                Some(c) => valore(c, i),
                None if scoring::scadenza_mancata(i, piano.ente.anno) => "non realizzato".into(),
                None => "-".into(),
            },
            scostamento: self.stampa.scostamento(s.scostamento, i),
            grado: if s.neutralizzato {
                "neutralizzato".into()
            } else {
                self.stampa.pct(s.grado)
            },
            neutralizzato: s.neutralizzato,
            metodo: (s.metodo != piano.ente.regole.metodo_grado).then(|| s.metodo.to_string()),
            note,
            prima: BTreeMap::new(),
            nuovo: false,
        }
    }

    /// `1 – SISTEMA CAMERALE PER LE IMPRESE › 1.1 LA MACCHINA …` for a sub-ambito.
    fn etichetta_ambito(&self, codice: &str) -> Option<String> {
        let ambiti = &self.r.piano().ambiti;
        let a = ambiti.iter().find(|a| a.codice == codice)?;
        Some(
            match a.padre().and_then(|padre| ambiti.iter().find(|x| x.codice == padre)) {
                Some(padre) => format!("{} – {} › {} {}", padre.codice, padre.nome, a.codice, a.nome),
                None => format!("{} – {}", a.codice, a.nome),
            },
        )
    }

    /// The units of an objective, by name.
    fn nomi_unita(&self, o: &Obiettivo) -> String {
        let unita = &self.r.piano().unita;
        o.unita
            .iter()
            .map(|c| {
                unita
                    .iter()
                    .find(|u| &u.codice == c)
                    .map_or(c.clone(), |u| u.nome.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A card of Allegato 3 for a person's share in the result of the ente or of
    /// a unit: no indicators, its result and how it is measured.
    pub(super) fn voce_sintetica(
        &self,
        voce: &str,
        codice: &str,
        nome: &str,
        risultato: Option<Decimal>,
        calcolo: &str,
    ) -> VObiettivo {
        let (valutazione, esito, punti) = giudizio_stampato(self.r.punteggi.giudizio(risultato).as_ref());
        let titolo = match voce {
            "ente" => format!("Performance organizzativa dell'ente – {nome}"),
            _ => format!("Performance organizzativa dell'unità {codice} – {nome}"),
        };
        VObiettivo {
            codice: codice.to_string(),
            livello: voce.to_string(),
            titolo,
            descrizione: None,
            ambito: None,
            padre: None,
            unita: String::new(),
            peso: None,
            risultato: self.stampa.pct(risultato),
            risultato_num: risultato.map(f),
            valutazione,
            esito,
            punti,
            voce: voce.to_string(),
            calcolo: Some(format!("Risultato misurato come {calcolo}.")),
            indicatori: Vec::new(),
            operativi: Vec::new(),
            prima: BTreeMap::new(),
            nuovo: false,
            tolti: Vec::new(),
        }
    }
}
