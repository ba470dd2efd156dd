//! What the cards of the report print that changed between two drafts, compared
//! on the model of the plan in force and its scores (never on printed text):
//! for each indicator, objective, person's assignment and the ente, the fields
//! whose value moved. `build --compare` marks exactly these.

use crate::Relazione;
use crate::model::{Indicatore, Obiettivo};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

/// The things of a report a card shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cosa {
    Indicatore,
    Obiettivo,
    /// A person's assignment (Allegato 3), coded `persona · obiettivo`.
    Assegnazione,
    /// An organisational unit's result (the table of the units), by code.
    Unita,
    /// A person's individual result and its valutazione (Allegato 3), by name.
    Persona,
    /// A change decided by a deliberation (the table of the changes, Allegato
    /// 4), coded as `relazione diff` names it: `i1.1 target (delib. 52 del 15/09/2025)`.
    Modifica,
    Ente,
}

/// The fields of the cards that changed, and the things that are new.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schede {
    /// (thing, code, field): `(Indicatore, "kpi1", "target")`.
    pub cambiati: BTreeSet<(Cosa, String, &'static str)>,
    /// Things of the later draft that the earlier one does not have.
    pub nuovi: BTreeSet<(Cosa, String)>,
    /// Things of the earlier draft that the later one no longer has.
    pub tolti: BTreeSet<(Cosa, String)>,
}

impl Schede {
    pub fn cambiato(&self, cosa: Cosa, codice: &str, campo: &str) -> bool {
        self.cambiati
            .iter()
            .any(|(c, k, f)| *c == cosa && k == codice && *f == campo)
    }

    pub fn nuovo(&self, cosa: Cosa, codice: &str) -> bool {
        self.nuovi.contains(&(cosa, codice.to_string()))
    }

    /// The codes of the things of one kind that the later draft no longer has.
    pub fn tolti(&self, cosa: Cosa) -> impl Iterator<Item = &str> {
        self.tolti
            .iter()
            .filter(move |(c, _)| *c == cosa)
            .map(|(_, k)| k.as_str())
    }

    /// Records what is only in the later draft (`nuovi`) and only in the
    /// earlier (`tolti`), of one kind of thing.
    fn presenti<'k>(&mut self, cosa: Cosa, prima: impl Iterator<Item = &'k str>, dopo: impl Iterator<Item = &'k str>) {
        let (a, b): (BTreeSet<&str>, BTreeSet<&str>) = (prima.collect(), dopo.collect());
        self.nuovi.extend(b.difference(&a).map(|k| (cosa, k.to_string())));
        self.tolti.extend(a.difference(&b).map(|k| (cosa, k.to_string())));
    }

    fn confronta<T: PartialEq>(&mut self, cosa: Cosa, codice: &str, campo: &'static str, prima: T, dopo: T) {
        if prima != dopo {
            self.cambiati.insert((cosa, codice.to_string(), campo));
        }
    }
}

/// How `relazione diff` and the marked build name a deliberation's change:
/// `i1.1 target (delib. 52 del 15/09/2025)`.
pub fn codice_modifica(m: &crate::model::Modifica) -> String {
    format!(
        "{} {} (delib. {} del {})",
        m.indicatore,
        m.campo,
        m.delibera,
        crate::format::data(m.data)
    )
}

/// The card fields of the later draft `b` that differ from the earlier draft
/// `a`, and the things (indicators, objectives, persons, units, changes by
/// deliberation) that one draft has and the other has not.
pub fn schede(a: &Relazione, b: &Relazione) -> Schede {
    let mut s = Schede::default();
    let (pa, pb) = (a.piano(), b.piano());
    s.presenti(
        Cosa::Indicatore,
        pa.indicatori.iter().map(|i| i.codice.as_str()),
        pb.indicatori.iter().map(|i| i.codice.as_str()),
    );
    s.presenti(
        Cosa::Obiettivo,
        pa.obiettivi.iter().map(|o| o.codice.as_str()),
        pb.obiettivi.iter().map(|o| o.codice.as_str()),
    );
    s.presenti(
        Cosa::Unita,
        pa.unita.iter().map(|u| u.codice.as_str()),
        pb.unita.iter().map(|u| u.codice.as_str()),
    );
    s.presenti(
        Cosa::Persona,
        a.punteggi.persone.keys().map(String::as_str),
        b.punteggi.persone.keys().map(String::as_str),
    );
    let assegnazioni = |p: &crate::model::Piano| -> Vec<String> {
        p.assegnazioni
            .iter()
            .map(|x| format!("{} · {}", x.persona, x.obiettivo))
            .collect()
    };
    let (aa, ab) = (assegnazioni(pa), assegnazioni(pb));
    s.presenti(
        Cosa::Assegnazione,
        aa.iter().map(String::as_str),
        ab.iter().map(String::as_str),
    );
    let (ma, mb): (Vec<String>, Vec<String>) = (
        pa.modifiche.iter().map(codice_modifica).collect(),
        pb.modifiche.iter().map(codice_modifica).collect(),
    );
    s.presenti(
        Cosa::Modifica,
        ma.iter().map(String::as_str),
        mb.iter().map(String::as_str),
    );
    // A change kept whose NOTA line reads differently (its values, its reason).
    for (k, m) in mb.iter().zip(&pb.modifiche) {
        if let Some(vecchia) = ma.iter().zip(&pa.modifiche).find(|(x, _)| *x == k).map(|(_, m)| m) {
            s.confronta(
                Cosa::Modifica,
                k,
                "nota",
                (&vecchia.da, &vecchia.a, &vecchia.motivazione),
                (&m.da, &m.a, &m.motivazione),
            );
        }
    }
    for i in &pb.indicatori {
        if let Some(vecchio) = pa.indicatore(&i.codice) {
            indicatore(&mut s, (a, vecchio), (b, i));
        }
    }
    for o in &pb.obiettivi {
        if let Some(vecchio) = pa.obiettivo(&o.codice) {
            obiettivo(&mut s, (a, vecchio), (b, o));
        }
    }
    for x in &pb.assegnazioni {
        let codice = format!("{} · {}", x.persona, x.obiettivo);
        let prima = pa
            .assegnazioni
            .iter()
            .find(|y| y.persona == x.persona && y.obiettivo == x.obiettivo)
            .map(|y| y.peso);
        s.confronta(Cosa::Assegnazione, &codice, "peso", prima, Some(x.peso));
    }
    for (codice, risultato) in &b.punteggi.unita {
        let prima = a.punteggi.unita.get(codice).copied().flatten();
        s.confronta(Cosa::Unita, codice, "risultato", prima, *risultato);
    }
    for (nome, risultato) in &b.punteggi.persone {
        let prima = a.punteggi.persone.get(nome).copied().flatten();
        s.confronta(Cosa::Persona, nome, "risultato", prima, *risultato);
        let (ga, gb) = (
            a.punteggi.giudizio_persona(prima),
            b.punteggi.giudizio_persona(*risultato),
        );
        let etichetta = |g: &Option<crate::scoring::Giudizio>| g.as_ref().map(|g| g.etichetta.clone());
        s.confronta(Cosa::Persona, nome, "valutazione", etichetta(&ga), etichetta(&gb));
        let punti = |g: &Option<crate::scoring::Giudizio>| g.as_ref().and_then(|g| g.punti);
        s.confronta(Cosa::Persona, nome, "punti", punti(&ga), punti(&gb));
    }
    s.confronta(Cosa::Ente, "", "risultato", a.punteggi.ente, b.punteggi.ente);
    s
}

/// An indicator's card: its data in force (after the deliberations), its NOTA
/// lines, its grade and deviation.
fn indicatore(s: &mut Schede, (ra, a): (&Relazione, &Indicatore), (rb, b): (&Relazione, &Indicatore)) {
    let (c, k) = (Cosa::Indicatore, b.codice.as_str());
    s.confronta(c, k, "nome", &a.nome, &b.nome);
    // Moved to another objective: struck on the old card, marked on the new.
    s.confronta(c, k, "obiettivo", &a.obiettivo, &b.obiettivo);
    s.confronta(c, k, "descrizione", &a.descrizione, &b.descrizione);
    s.confronta(c, k, "peso", a.peso, b.peso);
    s.confronta(c, k, "tipologia", &a.tipologia, &b.tipologia);
    s.confronta(c, k, "soglia", a.soglia, b.soglia);
    s.confronta(c, k, "algoritmo", &a.algoritmo, &b.algoritmo);
    s.confronta(c, k, "fonte", &a.fonte, &b.fonte);
    s.confronta(c, k, "target", (a.operatore, a.target), (b.operatore, b.target));
    s.confronta(c, k, "consuntivo", a.consuntivo, b.consuntivo);
    let metodo = |r: &Relazione, i: &Indicatore| i.metodo(&r.piano().ente.regole);
    s.confronta(c, k, "metodo", metodo(ra, a), metodo(rb, b));
    let note = |r: &Relazione, i: &Indicatore| {
        let mut n = r.in_vigore.note_di(&i.codice).to_vec();
        n.extend(i.nota.clone());
        n
    };
    s.confronta(c, k, "note", note(ra, a), note(rb, b));
    let punteggio = |r: &Relazione| r.punteggi.indicatori.get(k).map(|p| (p.grado, p.scostamento));
    let (pa, pb) = (punteggio(ra), punteggio(rb));
    s.confronta(c, k, "grado", pa.map(|p| p.0), pb.map(|p| p.0));
    s.confronta(c, k, "scostamento", pa.map(|p| p.1), pb.map(|p| p.1));
    // A deadline's consuntivo prints "non realizzato" once the year is over.
    let mancata = |r: &Relazione, i: &Indicatore| crate::scoring::scadenza_mancata(i, r.piano().ente.anno);
    s.confronta(c, k, "consuntivo", mancata(ra, a), mancata(rb, b));
}

/// An objective's card: its data, its result, its valutazione and points.
fn obiettivo(s: &mut Schede, (ra, a): (&Relazione, &Obiettivo), (rb, b): (&Relazione, &Obiettivo)) {
    let (c, k) = (Cosa::Obiettivo, b.codice.as_str());
    s.confronta(c, k, "titolo", &a.titolo, &b.titolo);
    s.confronta(c, k, "descrizione", &a.descrizione, &b.descrizione);
    s.confronta(c, k, "unita", &a.unita, &b.unita);
    s.confronta(c, k, "peso", a.peso, b.peso);
    let risultato = |r: &Relazione| r.punteggi.obiettivi.get(k).and_then(|p| p.risultato);
    s.confronta(c, k, "risultato", risultato(ra), risultato(rb));
    let giudizio = |r: &Relazione| r.punteggi.obiettivi.get(k).and_then(|p| p.giudizio.clone());
    let (ga, gb) = (giudizio(ra), giudizio(rb));
    let etichetta = |g: &Option<crate::scoring::Giudizio>| g.as_ref().map(|g| g.etichetta.clone());
    let punti = |g: &Option<crate::scoring::Giudizio>| -> Option<Decimal> { g.as_ref().and_then(|g| g.punti) };
    s.confronta(c, k, "valutazione", etichetta(&ga), etichetta(&gb));
    s.confronta(c, k, "punti", punti(&ga), punti(&gb));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Valore;

    #[test]
    fn a_field_changes_once_whatever_its_form() {
        let mut s = Schede::default();
        s.confronta(
            Cosa::Indicatore,
            "k",
            "target",
            Some(Valore::Numero(Decimal::from(85))),
            None,
        );
        s.confronta(Cosa::Indicatore, "k", "nome", "uno", "uno");
        assert!(s.cambiato(Cosa::Indicatore, "k", "target"));
        assert!(!s.cambiato(Cosa::Indicatore, "k", "nome"));
        assert!(!s.cambiato(Cosa::Obiettivo, "k", "target"));
    }
}
