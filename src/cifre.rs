//! Every figure of a scored report, as `relazione scores` shows it: a JSON document
//! for other tools, a text table for people.

use crate::Relazione;
use crate::model::{MetodoGrado, MetodoMedia, TipoScostamento};
use crate::scoring::Scala;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Figure {
    pub ente: FigEnte,
    pub obiettivi: Vec<FigObiettivo>,
    pub indicatori: Vec<FigIndicatore>,
    pub unita: Vec<FigUnita>,
    pub persone: Vec<FigPersona>,
    /// How the persons' evaluations fall in the bands, per category (and
    /// gender), when the workbook has persons with a category or the counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribuzione: Option<crate::scoring::individuale::Distribuzione>,
}

#[derive(Debug, Serialize)]
pub struct FigEnte {
    pub nome: String,
    pub anno: i32,
    /// Percentage points, `null` when no strategic objective has a result.
    pub risultato: Option<Decimal>,
    /// The label of the ente's result on its scale.
    pub valutazione: Option<String>,
    /// The evaluation system the figures were computed with.
    pub regole: FigRegole,
}

/// The settings in force of the ente's evaluation system.
#[derive(Debug, Serialize)]
pub struct FigRegole {
    pub metodo_grado: MetodoGrado,
    /// Percentage points; `null` for no cap.
    pub tetto_grado: Option<Decimal>,
    pub metodo_obiettivo: MetodoMedia,
    pub metodo_ente: MetodoMedia,
    pub scostamento: TipoScostamento,
    pub decimali: u32,
    /// Without bands: the thresholds of `Raggiunto` and `Non raggiunto`.
    pub soglia_raggiunto: Option<Decimal>,
    pub soglia_non_raggiunto: Option<Decimal>,
    /// The bands of the `Fasce` sheet, from the lowest (empty without).
    pub fasce: Vec<FigFascia>,
}

#[derive(Debug, Serialize)]
pub struct FigFascia {
    pub da: Decimal,
    pub a: Decimal,
    pub valutazione: String,
    pub punti_da: Option<Decimal>,
    pub punti_a: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct FigObiettivo {
    pub codice: String,
    pub livello: String,
    pub titolo: String,
    pub risultato: Option<Decimal>,
    /// The label on the ente's scale: `Raggiunto`, or a band of `Fasce`.
    pub valutazione: Option<String>,
    /// Points, when the bands give them.
    pub punti: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct FigIndicatore {
    pub codice: String,
    pub obiettivo: String,
    /// `null` when not measured (neutralized, or without consuntivo).
    pub grado: Option<Decimal>,
    /// The grading method that computed it.
    pub metodo: MetodoGrado,
    /// Consuntivo − target in `unita_scostamento`: the target's unit, days for
    /// deadlines, or `%` of the target when the ente's deviation is `relativo`.
    pub scostamento: Option<Decimal>,
    pub unita_scostamento: String,
    pub unita: String,
    pub neutralizzato: bool,
}

#[derive(Debug, Serialize)]
pub struct FigUnita {
    pub codice: String,
    pub nome: String,
    pub risultato: Option<Decimal>,
}

#[derive(Debug, Serialize)]
pub struct FigPersona {
    pub nome: String,
    pub ruolo: String,
    pub risultato: Option<Decimal>,
    pub valutazione: Option<String>,
    /// Points, when the bands give them.
    pub punti: Option<Decimal>,
    /// The category (`Persone`), when the workbook gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categoria: Option<String>,
    /// Each component with its weight and result (with `Componenti`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub componenti: Vec<crate::scoring::individuale::RisultatoComponente>,
}

fn esatto(d: Option<Decimal>) -> Option<Decimal> {
    d.map(|d| d.normalize())
}

/// Collects every figure of the report, in the workbook's order.
pub fn figure(r: &Relazione) -> Figure {
    let piano = r.piano();
    let p = &r.punteggi;
    Figure {
        ente: FigEnte {
            nome: piano.ente.nome.clone(),
            anno: piano.ente.anno,
            risultato: esatto(p.ente),
            valutazione: p.giudizio(p.ente).map(|g| g.etichetta),
            regole: regole(r),
        },
        obiettivi: piano
            .obiettivi
            .iter()
            .map(|o| {
                let s = &p.obiettivi[&o.codice];
                FigObiettivo {
                    codice: o.codice.clone(),
                    livello: o.livello.to_string(),
                    titolo: o.titolo.clone(),
                    risultato: esatto(s.risultato),
                    valutazione: s.giudizio.as_ref().map(|g| g.etichetta.clone()),
                    punti: esatto(s.giudizio.as_ref().and_then(|g| g.punti)),
                }
            })
            .collect(),
        indicatori: piano.indicatori.iter().map(|i| indicatore(r, i)).collect(),
        unita: piano
            .unita
            .iter()
            .map(|u| FigUnita {
                codice: u.codice.clone(),
                nome: u.nome.clone(),
                risultato: esatto(p.unita.get(&u.codice).copied().flatten()),
            })
            .collect(),
        persone: persone(r),
        distribuzione: p.distribuzione.clone(),
    }
}

/// The settings of the evaluation system in force.
fn regole(r: &Relazione) -> FigRegole {
    let regole = &r.piano().ente.regole;
    let (soglie, fasce) = match &r.punteggi.scala {
        Scala::Soglie {
            raggiunto,
            non_raggiunto,
        } => (Some((*raggiunto, *non_raggiunto)), Vec::new()),
        Scala::Fasce(_) => (
            None,
            r.piano()
                .fasce
                .iter()
                .map(|f| FigFascia {
                    da: f.da.normalize(),
                    a: f.a.normalize(),
                    valutazione: f.valutazione.clone(),
                    punti_da: esatto(f.punti_da),
                    punti_a: esatto(f.punti_a),
                })
                .collect(),
        ),
    };
    FigRegole {
        metodo_grado: regole.metodo_grado,
        tetto_grado: esatto(regole.tetto_grado),
        metodo_obiettivo: regole.metodo_obiettivo,
        metodo_ente: regole.metodo_ente,
        scostamento: regole.scostamento,
        decimali: regole.decimali,
        soglia_raggiunto: esatto(soglie.map(|s| s.0)),
        soglia_non_raggiunto: esatto(soglie.map(|s| s.1)),
        fasce,
    }
}

fn indicatore(r: &Relazione, i: &crate::model::Indicatore) -> FigIndicatore {
    let s = &r.punteggi.indicatori[&i.codice];
    FigIndicatore {
        codice: i.codice.clone(),
        obiettivo: i.obiettivo.clone(),
        grado: esatto(s.grado),
        metodo: s.metodo,
        scostamento: esatto(s.scostamento),
        unita_scostamento: i.forma_scostamento(&r.piano().ente.regole).0.to_string(),
        unita: i.unita_misura.simbolo().to_string(),
        neutralizzato: s.neutralizzato,
    }
}

/// The people of Allegato 3, in the order of their first assignment.
fn persone(r: &Relazione) -> Vec<FigPersona> {
    let p = &r.punteggi;
    let mut persone: Vec<FigPersona> = Vec::new();
    let nominati = r
        .piano()
        .assegnazioni
        .iter()
        .map(|a| (a.persona.as_str(), a.ruolo.as_str()))
        .chain(p.individuali.iter().map(|(n, x)| (n.as_str(), x.categoria.as_str())));
    for (nome, ruolo) in nominati {
        let Some(x) = p.individuale(nome) else { continue };
        if persone
            .iter()
            .any(|y| crate::scoring::individuale::stesso_nome(&y.nome, nome))
            || x.risultato.is_none() && !r.piano().assegnazioni.iter().any(|a| a.persona == nome)
        {
            continue;
        }
        persone.push(FigPersona {
            nome: nome.to_string(),
            ruolo: ruolo.to_string(),
            risultato: esatto(x.risultato),
            valutazione: x.giudizio.as_ref().map(|g| g.etichetta.clone()),
            punti: esatto(x.giudizio.as_ref().and_then(|g| g.punti)),
            categoria: r
                .piano()
                .persone
                .iter()
                .find(|y| crate::format::normalizza(&y.nome) == crate::format::normalizza(nome))
                .map(|y| y.categoria.clone()),
            componenti: x
                .componenti
                .iter()
                .map(|c| crate::scoring::individuale::RisultatoComponente {
                    risultato: esatto(c.risultato),
                    ..c.clone()
                })
                .collect(),
        });
    }
    persone
}
