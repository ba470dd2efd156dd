//! Every score that moved between two drafts: the ente, the objectives, the
//! grades, the units, the people.

use super::CambioPunteggio;
use crate::Relazione;
use crate::model::Livello;
use crate::scoring::Giudizio;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Every score that moved, in the report's order: ente, strategic and
/// operational objectives, grades, units, people.
pub fn punteggi(a: &Relazione, b: &Relazione) -> Vec<CambioPunteggio> {
    let (pa, pb) = (&a.punteggi, &b.punteggi);
    let mut out = Vec::new();
    let cambio = CambioPunteggio::se_cambiato;
    // The name of a thing, from the later draft or else the earlier.
    let nome_obiettivo = |c: &str| {
        [b, a]
            .iter()
            .find_map(|r| r.piano().obiettivo(c).map(|o| o.titolo.clone()))
    };
    let nome_indicatore = |c: &str| {
        [b, a]
            .iter()
            .find_map(|r| r.piano().indicatore(c).map(|i| i.nome.clone()))
    };
    let nome_unita = |c: &str| {
        [b, a]
            .iter()
            .find_map(|r| r.piano().unita.iter().find(|u| u.codice == c).map(|u| u.nome.clone()))
    };
    out.extend(cambio(
        "ente",
        &b.piano().ente.nome,
        (pa.ente, pb.ente),
        (pa.giudizio(pa.ente), pb.giudizio(pb.ente)),
    ));
    for livello in [Livello::Strategico, Livello::Operativo] {
        for c in codici_obiettivi(a, b, livello) {
            let (x, y) = (pa.obiettivi.get(&c), pb.obiettivi.get(&c));
            let giudizio = |p: Option<&crate::scoring::PunteggioObiettivo>| p.and_then(|p| p.giudizio.clone());
            out.extend(
                cambio(
                    "obiettivo",
                    &c,
                    (x.and_then(|x| x.risultato), y.and_then(|y| y.risultato)),
                    (giudizio(x), giudizio(y)),
                )
                .map(|p| p.con_nome(nome_obiettivo(&c))),
            );
        }
    }
    for c in chiavi(&pa.indicatori, &pb.indicatori) {
        let grado = |p: &crate::scoring::Punteggi| p.indicatori.get(&c).and_then(|x| x.grado);
        out.extend(
            cambio("indicatore", &c, (grado(pa), grado(pb)), (None, None)).map(|p| p.con_nome(nome_indicatore(&c))),
        );
    }
    for c in chiavi(&pa.unita, &pb.unita) {
        let r = |p: &crate::scoring::Punteggi| p.unita.get(&c).copied().flatten();
        out.extend(cambio("unità", &c, (r(pa), r(pb)), (None, None)).map(|p| p.con_nome(nome_unita(&c))));
    }
    for c in chiavi(&pa.persone, &pb.persone) {
        // A person's band and points are on the persons' scale.
        let giudizio = |p: &crate::scoring::Punteggi| p.individuali.get(&c).and_then(|x| x.giudizio.clone());
        let r = |p: &crate::scoring::Punteggi| p.persone.get(&c).copied().flatten();
        out.extend(cambio("persona", &c, (r(pa), r(pb)), (giudizio(pa), giudizio(pb))));
    }
    out
}

impl CambioPunteggio {
    /// The change of a score, when its value or its valutazione moved.
    fn se_cambiato(
        tipo: &str,
        codice: &str,
        (prima, dopo): (Option<Decimal>, Option<Decimal>),
        (giudizio_prima, giudizio_dopo): (Option<Giudizio>, Option<Giudizio>),
    ) -> Option<CambioPunteggio> {
        let etichetta = |g: &Option<Giudizio>| g.as_ref().map(|g| g.etichetta.clone());
        let punti = |g: &Option<Giudizio>| g.as_ref().and_then(|g| g.punti);
        let (valutazione_prima, valutazione_dopo) = (etichetta(&giudizio_prima), etichetta(&giudizio_dopo));
        let (punti_prima, punti_dopo) = (punti(&giudizio_prima), punti(&giudizio_dopo));
        (prima != dopo || valutazione_prima != valutazione_dopo || punti_prima != punti_dopo).then(|| CambioPunteggio {
            tipo: tipo.into(),
            codice: codice.into(),
            nome: None,
            prima,
            dopo,
            valutazione_prima,
            valutazione_dopo,
            punti_prima,
            punti_dopo,
        })
    }
}

impl CambioPunteggio {
    fn con_nome(mut self, nome: Option<String>) -> CambioPunteggio {
        self.nome = nome;
        self
    }
}

/// The objectives of a level in either draft, each once, in the drafts' order.
fn codici_obiettivi(a: &Relazione, b: &Relazione, livello: Livello) -> Vec<String> {
    let mut visti = BTreeSet::new();
    a.piano()
        .obiettivi
        .iter()
        .chain(&b.piano().obiettivi)
        .filter(|o| o.livello == livello && visti.insert(o.codice.clone()))
        .map(|o| o.codice.clone())
        .collect()
}

/// The keys of two maps, sorted, each once.
fn chiavi<A, B>(m1: &BTreeMap<String, A>, m2: &BTreeMap<String, B>) -> Vec<String> {
    let mut k: Vec<String> = m1.keys().chain(m2.keys()).cloned().collect();
    k.sort();
    k.dedup();
    k
}
