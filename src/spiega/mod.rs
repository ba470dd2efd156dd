//! Every figure explained (`relazione spiega CODICE`): how the grade of an
//! indicator, the result of an objective, of a unit, of the ente and of a
//! person were computed, step by step, with the values and the cell each comes
//! from — for the office asked "why 85,13 %?" and for the OIV that validates
//! the Relazione (the dossier prints the same steps).
//!
//! Nothing is computed here that [`crate::scoring`] does not compute: each step
//! calls the scoring's own functions on the values it names, and the figure at
//! the end is the one `punteggi` prints. Numbers in the steps are exact (a
//! value as typed, a product, a sum); one that is not a short decimal (2/3)
//! is shown to four decimals followed by `…`, and a mean's terms recompute
//! to its figure within the rounding of the figure.

mod indicatore;
mod media;
mod persona;

use crate::format;
use crate::model::{Livello, MetodoMedia, Obiettivo};
use crate::scoring::{Giudizio, Scala};
use crate::{Errore, Relazione};
use rust_decimal::Decimal;
use serde::Serialize;

pub use media::Termine;

/// What a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tipo {
    Indicatore,
    Obiettivo,
    Unita,
    Persona,
    Ente,
}

/// How one figure was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spiegazione {
    pub tipo: Tipo,
    pub codice: String,
    /// What it is, in words: `obiettivo strategico`, `indicatore dell'obiettivo OS14.5`.
    pub che_cosa: String,
    /// Its name or title.
    pub nome: String,
    /// The figure, exact; `None` when it is not measured.
    pub valore: Option<Decimal>,
    /// The figure as `punteggi` and the document print it: `85,13 %`, `-`.
    pub stampato: String,
    /// Its valutazione (band), for a result.
    pub valutazione: Option<String>,
    pub punti: Option<Decimal>,
    /// The steps, in order.
    pub passi: Vec<Passo>,
    /// The terms of the mean, for a result; empty for an indicator.
    pub termini: Vec<Termine>,
    /// The grade the workbook declares beside the computed one (the
    /// reconciliation), for an indicator.
    pub dichiarato: Option<Decimal>,
}

/// One step: what was done, in Italian, with the values substituted, and the
/// cells (or settings) its values come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passo {
    pub testo: String,
    pub fonti: Vec<String>,
}

impl Passo {
    fn di(testo: impl Into<String>) -> Passo {
        Passo {
            testo: testo.into(),
            fonti: Vec::new(),
        }
    }

    fn da(mut self, fonte: impl Into<String>) -> Passo {
        self.fonti.push(fonte.into());
        self
    }
}

/// The explanation of `codice`: an indicator, an objective, a unit, a person
/// (their name, whatever its spelling) or `ente`. An unknown code is an error
/// that names the codes most like it.
pub fn spiega(r: &Relazione, codice: &str) -> Result<Spiegazione, Errore> {
    let c = codice.trim();
    let p = r.piano();
    let uguale = |x: &str| x == c || format::normalizza(x) == format::normalizza(c);
    if c.eq_ignore_ascii_case("ente") {
        return Ok(ente(r));
    }
    if let Some(i) = p.indicatori.iter().find(|i| uguale(&i.codice)) {
        return Ok(indicatore::spiega(r, i));
    }
    if let Some(o) = p.obiettivi.iter().find(|o| uguale(&o.codice)) {
        return Ok(obiettivo(r, o));
    }
    if let Some(u) = p.unita.iter().find(|u| uguale(&u.codice)) {
        return Ok(unita(r, u));
    }
    if let Some(nome) = r.punteggi.individuali.keys().find(|n| uguale(n.as_str())) {
        return Ok(persona::spiega(r, nome));
    }
    Err(Errore::CodiceSconosciuto {
        codice: c.to_string(),
        simili: simili(r, c),
    })
}

/// Every objective and every indicator explained, in the order of the plan:
/// each objective followed by its indicators (the dossier's working papers).
pub fn tutte(r: &Relazione) -> Vec<Spiegazione> {
    let p = r.piano();
    let mut out = vec![ente(r)];
    for o in &p.obiettivi {
        out.push(obiettivo(r, o));
        out.extend(p.indicatori_di(&o.codice).map(|i| indicatore::spiega(r, i)));
    }
    out
}

/// The codes that look most like an unknown one: those that contain it or
/// start like it, at most five.
fn simili(r: &Relazione, codice: &str) -> Vec<String> {
    let p = r.piano();
    let cercato = format::normalizza(codice);
    let tutti = p
        .indicatori
        .iter()
        .map(|i| i.codice.clone())
        .chain(p.obiettivi.iter().map(|o| o.codice.clone()))
        .chain(p.unita.iter().map(|u| u.codice.clone()))
        .chain(r.punteggi.individuali.keys().cloned());
    let prefisso: String = cercato.chars().take(4).collect();
    tutti
        .filter(|x| {
            let n = format::normalizza(x);
            !cercato.is_empty() && (n.contains(&cercato) || cercato.contains(&n) || n.starts_with(&prefisso))
        })
        .take(5)
        .collect()
}

/// What the ente calls its objectives of a level: «obiettivo strategico».
fn nome_del_livello(l: &crate::model::Lessico, livello: Livello) -> crate::model::Nome {
    match livello {
        Livello::Strategico => l.strategico,
        Livello::Operativo => l.operativo,
    }
}

/// A figure as `punteggi` prints it: a percentage with the ente's decimals, or `-`.
fn stampato(r: &Relazione, valore: Option<Decimal>) -> String {
    valore.map_or_else(
        || "-".to_string(),
        |v| format::percento_decimali(v, r.piano().ente.regole.decimali),
    )
}

/// A number in a step: exact when it is a short decimal (at least two
/// digits), else to four decimals followed by `…` (2/3 is `0,6667…`).
pub(crate) fn cifra(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() <= 4 {
        format::numero_almeno(n, 2)
    } else {
        format!("{}…", format::numero_decimali(n, 4))
    }
}

/// A weight as the workbook gives it: `14`, `0,2`.
pub(crate) fn peso(d: Decimal) -> String {
    format::numero_almeno(d.normalize(), 0)
}

/// [`cifra`] as a percentage.
pub(crate) fn percento(d: Decimal) -> String {
    format!("{} %", cifra(d))
}

/// A setting of the `Ente` sheet, as a source: `Ente «metodo_grado»`.
pub(crate) fn impostazione(voce: &str) -> String {
    format!("{} «{voce}»", crate::workbook::schema::ente::NOME_FOGLIO)
}

/// The steps of a result's valutazione on a scale: which threshold or band it
/// falls in, and its points inside the band.
pub(crate) fn giudizio(r: &Relazione, scala: &Scala, risultato: Decimal, per_persone: bool) -> Vec<Passo> {
    let g: Giudizio = scala.giudica(risultato);
    let x = percento(risultato);
    match scala {
        Scala::Soglie {
            raggiunto,
            non_raggiunto,
        } => {
            let perche = if risultato >= *raggiunto {
                format!("{x} è almeno soglia_raggiunto {}", percento(*raggiunto))
            } else if risultato <= *non_raggiunto {
                format!("{x} non supera soglia_non_raggiunto {}", percento(*non_raggiunto))
            } else {
                format!(
                    "{x} è fra soglia_non_raggiunto {} e soglia_raggiunto {}",
                    percento(*non_raggiunto),
                    percento(*raggiunto)
                )
            };
            vec![
                Passo::di(format!("Valutazione: {perche}, dunque «{}».", g.etichetta))
                    .da(impostazione("soglia_raggiunto"))
                    .da(impostazione("soglia_non_raggiunto")),
            ]
        }
        Scala::Fasce(bande) => {
            let i = bande.iter().rposition(|b| risultato >= b.da).unwrap_or_default();
            let b = &bande[i];
            let fonte = r
                .piano()
                .fasce
                .iter()
                .filter(|f| {
                    if per_persone {
                        f.per.persone()
                    } else {
                        f.per.obiettivi()
                    }
                })
                .find(|f| f.da == b.da && f.a == b.a && f.valutazione == b.etichetta)
                .map(|f| format!("{} riga {}", f.origine.foglio, f.origine.riga))
                .unwrap_or_else(|| crate::workbook::schema::fasce::NOME_FOGLIO.to_string());
            let estremo = if i + 1 == bande.len() { "compreso" } else { "escluso" };
            let mut passi = vec![
                Passo::di(format!(
                    "Valutazione: {x} cade nella fascia «{}», da {} (compreso) a {} ({estremo}).",
                    b.etichetta,
                    percento(b.da),
                    percento(b.a)
                ))
                .da(fonte.clone()),
            ];
            if let (Some((pda, pa)), Some(punti)) = (b.punti, g.punti) {
                let r_in = risultato.clamp(b.da, b.a);
                passi.push(
                    Passo::di(format!(
                        "Punti, lineari nella fascia: {} + ({} − {}) / ({} − {}) × ({} − {}) = {} punti.",
                        cifra(pda),
                        cifra(r_in),
                        cifra(b.da),
                        cifra(b.a),
                        cifra(b.da),
                        cifra(pa),
                        cifra(pda),
                        cifra(punti)
                    ))
                    .da(fonte),
                );
            }
            passi
        }
    }
}

/// An objective's result: the mean of its indicators' grades.
fn obiettivo(r: &Relazione, o: &Obiettivo) -> Spiegazione {
    let p = r.piano();
    let regole = &p.ente.regole;
    let punteggio = &r.punteggi.obiettivi[&o.codice];
    let termini: Vec<Termine> = p
        .indicatori_di(&o.codice)
        .map(|i| {
            let s = &r.punteggi.indicatori[&i.codice];
            let escluso = if i.neutralizzato() {
                Some("neutralizzato (peso 0)".to_string())
            } else if s.grado.is_none() {
                Some("non misurato (senza consuntivo)".to_string())
            } else {
                None
            };
            Termine {
                codice: i.codice.clone(),
                valore: s.grado,
                peso: i.peso,
                fonte_valore: None,
                fonte_peso: indicatore::fonte(p, i, crate::model::Campo::Peso),
                escluso,
            }
        })
        .collect();
    let che_cosa = nome_del_livello(&p.ente.lessico, o.livello).singolare.to_string();
    let mut passi = media::passi(
        regole.metodo_obiettivo,
        &termini,
        punteggio.risultato,
        ("indicatore", "indicatori"),
        "grado",
        &impostazione("metodo_obiettivo"),
        r,
    );
    if let Some(x) = punteggio.risultato {
        passi.extend(giudizio(r, &r.punteggi.scala, x, false));
    }
    Spiegazione {
        tipo: Tipo::Obiettivo,
        codice: o.codice.clone(),
        che_cosa,
        nome: o.titolo.clone(),
        valore: punteggio.risultato,
        stampato: stampato(r, punteggio.risultato),
        valutazione: punteggio.giudizio.as_ref().map(|g| g.etichetta.clone()),
        punti: punteggio.giudizio.as_ref().and_then(|g| g.punti),
        passi,
        termini,
        dichiarato: None,
    }
}

/// The terms of a mean of objectives' results by `metodo_ente`: weighted by
/// the objectives' `Peso`, or each weighing one.
fn termini_di_obiettivi<'a>(r: &Relazione, obiettivi: impl Iterator<Item = &'a Obiettivo>) -> Vec<Termine> {
    let metodo = r.piano().ente.regole.metodo_ente;
    obiettivi
        .map(|o| {
            let risultato = r.punteggi.obiettivi.get(&o.codice).and_then(|x| x.risultato);
            let (peso, fonte_peso) = match metodo {
                MetodoMedia::Media => (Decimal::ONE, String::new()),
                MetodoMedia::MediaPonderata => (
                    o.peso.unwrap_or(Decimal::ZERO),
                    o.origine.cella(crate::workbook::schema::obiettivi::PESO.nome),
                ),
            };
            let escluso = if risultato.is_none() {
                Some("senza risultato (nessun indicatore misurato)".to_string())
            } else if peso <= Decimal::ZERO {
                Some("senza peso".to_string())
            } else {
                None
            };
            Termine {
                codice: o.codice.clone(),
                valore: risultato,
                peso,
                fonte_valore: None,
                fonte_peso,
                escluso,
            }
        })
        .collect()
}

/// The mean of the results of the objectives of `livello` that `filtro`
/// keeps, by `metodo_ente`, ending at `valore`: its terms and its steps.
fn media_di_obiettivi(
    r: &Relazione,
    livello: Livello,
    filtro: impl Fn(&Obiettivo) -> bool,
    valore: Option<Decimal>,
) -> (Vec<Termine>, Vec<Passo>) {
    let p = r.piano();
    let termini = termini_di_obiettivi(r, p.obiettivi.iter().filter(|o| o.livello == livello && filtro(o)));
    let nome = nome_del_livello(&p.ente.lessico, livello);
    let passi = media::passi(
        p.ente.regole.metodo_ente,
        &termini,
        valore,
        (nome.singolare, nome.plurale),
        "risultato",
        &impostazione("metodo_ente"),
        r,
    );
    (termini, passi)
}

/// The ente's result: the mean of the strategic objectives' results.
fn ente(r: &Relazione) -> Spiegazione {
    let p = r.piano();
    let valore = r.punteggi.ente;
    let (termini, mut passi) = media_di_obiettivi(r, Livello::Strategico, |_| true, valore);
    let giudizio_ente = r.punteggi.giudizio(valore);
    if let Some(x) = valore {
        passi.extend(giudizio(r, &r.punteggi.scala, x, false));
    }
    Spiegazione {
        tipo: Tipo::Ente,
        codice: "ente".into(),
        che_cosa: "risultato dell'ente".into(),
        nome: p.ente.nome.clone(),
        valore,
        stampato: stampato(r, valore),
        valutazione: giudizio_ente.as_ref().map(|g| g.etichetta.clone()),
        punti: giudizio_ente.and_then(|g| g.punti),
        passi,
        termini,
        dichiarato: None,
    }
}

/// A unit's result: the mean of the operational objectives it takes part in.
fn unita(r: &Relazione, u: &crate::model::Unita) -> Spiegazione {
    let valore = r.punteggi.unita.get(&u.codice).copied().flatten();
    let (termini, passi) = media_di_obiettivi(r, Livello::Operativo, |o| o.unita.contains(&u.codice), valore);
    Spiegazione {
        tipo: Tipo::Unita,
        codice: u.codice.clone(),
        che_cosa: r.piano().ente.lessico.unita().singolare.to_string(),
        nome: u.nome.clone(),
        valore,
        stampato: stampato(r, valore),
        valutazione: None,
        punti: None,
        passi,
        termini,
        dichiarato: None,
    }
}
