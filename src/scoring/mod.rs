//! Scoring: every figure the Relazione prints, computed exactly with decimals, by
//! the ente's evaluation system ([`crate::model::Regole`] and the `Fasce`).
//!
//! Small pure functions, in the order of the document:
//! - [`grado`] (the grade of an indicator): one function per method,
//!   [`grado`] for `soglia`, [`grado_rapporto`], [`grado_tutto_o_niente`], the cap
//!   [`con_tetto`], and [`grado_indicatore`] choosing among them; [`scostamento`];
//! - [`medie`]: the result of an objective, of the ente, of a unit, of a person;
//! - [`fasce`]: from a result to its valutazione and points ([`Scala`]).
//!
//! [`valuta`] does them all. Grades and results are percentage points (85 = 85 %).
//! Nothing is rounded here.

pub mod fasce;
pub mod grado;
pub mod individuale;
pub mod medie;

pub use crate::model::in_frazioni;
pub use fasce::{Giudizio, Scala, Valutazione};
pub use grado::{
    Impossibile, con_tetto, grado, grado_indicatore, grado_rapporto, grado_tutto_o_niente, posizione, raggiunto,
    scadenza_mancata, scostamento, soglia_dal_lato_giusto,
};
pub use medie::{media, media_con, media_ponderata};

use crate::model::{Livello, MetodoGrado, MetodoMedia, Obiettivo, Piano, Voce};
use crate::problem::Problema;
use crate::workbook::schema::{indicatori, modifiche};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every computed figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Punteggi {
    /// The ente's overall result (mean of the strategic objectives' results).
    pub ente: Option<Decimal>,
    pub indicatori: BTreeMap<String, PunteggioIndicatore>,
    pub obiettivi: BTreeMap<String, PunteggioObiettivo>,
    /// Unit code → result over the operational objectives it is involved in.
    pub unita: BTreeMap<String, Option<Decimal>>,
    /// Person → individual result (Allegato 3).
    pub persone: BTreeMap<String, Option<Decimal>>,
    /// Person → their evaluation by component, band and points.
    pub individuali: BTreeMap<String, individuale::RisultatoPersona>,
    /// The scale that turns a result into a valutazione.
    pub scala: Scala,
    /// The scale of the persons: their own bands, or the objectives'.
    pub scala_persone: Scala,
    /// How the persons' evaluations are distributed over the bands.
    pub distribuzione: Option<individuale::Distribuzione>,
}

impl Punteggi {
    /// The valutazione (and points) of any result on the ente's scale.
    pub fn giudizio(&self, risultato: Option<Decimal>) -> Option<Giudizio> {
        risultato.map(|r| self.scala.giudica(r))
    }

    /// A person's evaluation, whatever the spelling of the name.
    pub fn individuale(&self, nome: &str) -> Option<&individuale::RisultatoPersona> {
        self.individuali.get(nome).or_else(|| {
            self.individuali
                .iter()
                .find(|(n, _)| individuale::stesso_nome(n, nome))
                .map(|(_, p)| p)
        })
    }

    /// The valutazione (and points) of a person's result, on the persons' scale.
    pub fn giudizio_persona(&self, risultato: Option<Decimal>) -> Option<Giudizio> {
        risultato.map(|r| self.scala_persone.giudica(r))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunteggioIndicatore {
    /// `None` when not measured: neutralized, or no consuntivo.
    pub grado: Option<Decimal>,
    pub scostamento: Option<Decimal>,
    pub neutralizzato: bool,
    /// The method that graded it.
    pub metodo: MetodoGrado,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunteggioObiettivo {
    pub risultato: Option<Decimal>,
    /// The light of the result (as `giudizio.valutazione`).
    pub valutazione: Option<Valutazione>,
    pub giudizio: Option<Giudizio>,
}

/// Scores a plan in force (after the `Modifiche`): every indicator, objective, unit,
/// person and the ente. An indicator that its method cannot grade (a `rapporto`
/// with a target of 0, say) is an error naming its cell.
pub fn valuta(piano: &Piano) -> Result<Punteggi, Vec<Problema>> {
    let scala = Scala::di(&piano.ente.regole, &piano.fasce);
    let indicatori = gradi(piano)?;
    let obiettivi = risultati_obiettivi(piano, &indicatori, &scala);
    let risultato = |codice: &str| obiettivi.get(codice).and_then(|p| p.risultato);
    let ente = media_obiettivi(piano, &risultato, Livello::Strategico, &|_| true);
    let unita: BTreeMap<String, Option<Decimal>> = piano
        .unita
        .iter()
        .map(|u| {
            let r = media_obiettivi(piano, &risultato, Livello::Operativo, &|o| o.unita.contains(&u.codice));
            (u.codice.clone(), r)
        })
        .collect();
    let scala_persone = Scala::per_persone(&piano.ente.regole, &piano.fasce);
    let individuali = individuale::valuta_persone(
        piano,
        &|voce| match voce {
            Voce::Obiettivo(codice) => risultato(codice),
            Voce::Ente => ente,
            Voce::Unita(codice) => unita.get(codice).copied().flatten(),
        },
        &scala_persone,
    );
    let persone = individuali.iter().map(|(n, p)| (n.clone(), p.risultato)).collect();
    let distribuzione = individuale::distribuzione(piano, &individuali, &scala_persone);
    Ok(Punteggi {
        ente,
        indicatori,
        obiettivi,
        unita,
        persone,
        individuali,
        scala,
        scala_persone,
        distribuzione,
    })
}

/// Where an indicator that cannot be graded is to be corrected: the cell of the
/// target or consuntivo in `Indicatori`, or, when the target in force came from
/// a deliberation, that row's `A` in `Modifiche`.
fn dove_impossibile(piano: &Piano, i: &crate::model::Indicatore, impossibile: Impossibile) -> Problema {
    let messaggio = impossibile.messaggio(&i.codice);
    let deliberato = (impossibile.colonna() == indicatori::TARGET.nome)
        .then(|| piano.modifiche_di(&i.codice, crate::model::Campo::Target).last())
        .flatten();
    match deliberato {
        Some(m) => Problema::errore(&m.origine.foglio, messaggio).in_cella(m.origine.cella(modifiche::A.nome)),
        None => Problema::errore(&i.origine.foglio, messaggio).in_cella(i.origine.cella(impossibile.colonna())),
    }
}

/// Every indicator's grade and deviation, or every indicator its method cannot grade.
fn gradi(piano: &Piano) -> Result<BTreeMap<String, PunteggioIndicatore>, Vec<Problema>> {
    let regole = &piano.ente.regole;
    let mut errori = Vec::new();
    let mut indicatori = BTreeMap::new();
    for i in &piano.indicatori {
        let grado = grado_indicatore(i, regole, piano.ente.anno).unwrap_or_else(|impossibile| {
            errori.push(dove_impossibile(piano, i, impossibile));
            None
        });
        let p = PunteggioIndicatore {
            grado,
            scostamento: scostamento(regole.scostamento, i.target, i.consuntivo),
            neutralizzato: i.neutralizzato(),
            metodo: i.metodo(regole),
        };
        indicatori.insert(i.codice.clone(), p);
    }
    if errori.is_empty() { Ok(indicatori) } else { Err(errori) }
}

/// Every objective's result (the mean of its indicators by `metodo_obiettivo`)
/// and its valutazione on the ente's scale.
fn risultati_obiettivi(
    piano: &Piano,
    indicatori: &BTreeMap<String, PunteggioIndicatore>,
    scala: &Scala,
) -> BTreeMap<String, PunteggioObiettivo> {
    piano
        .obiettivi
        .iter()
        .map(|o| {
            let gradi = piano
                .indicatori_di(&o.codice)
                .map(|i| (i.peso, indicatori.get(&i.codice).and_then(|p| p.grado)));
            let risultato = media_con(piano.ente.regole.metodo_obiettivo, gradi);
            let giudizio = risultato.map(|r| scala.giudica(r));
            let p = PunteggioObiettivo {
                risultato,
                valutazione: giudizio.as_ref().map(|g| g.valutazione),
                giudizio,
            };
            (o.codice.clone(), p)
        })
        .collect()
}

/// The mean of the results of the objectives of a level that `filtro` keeps, by
/// `metodo_ente` (weighted by the objectives' `Peso`, or simple).
fn media_obiettivi(
    piano: &Piano,
    risultato: &dyn Fn(&str) -> Option<Decimal>,
    livello: Livello,
    filtro: &dyn Fn(&Obiettivo) -> bool,
) -> Option<Decimal> {
    let peso = |o: &Obiettivo| match piano.ente.regole.metodo_ente {
        MetodoMedia::Media => Decimal::ONE,
        MetodoMedia::MediaPonderata => o.peso.unwrap_or(Decimal::ZERO),
    };
    let scelti = piano.obiettivi.iter().filter(|o| o.livello == livello && filtro(o));
    media_ponderata(scelti.map(|o| (peso(o), risultato(&o.codice))))
}
