//! The warnings about an indicator.

use crate::format;
use crate::model::{Indicatore, MetodoGrado, Operatore, Piano, TipoScostamento, UnitaMisura, Valore};
use crate::problem::Problema;
use crate::scoring::{self, Punteggi};
use crate::workbook::schema::indicatori;
use chrono::Datelike;
use rust_decimal::Decimal;

/// A `Grado dichiarato` this far from the computed grade (percentage points) is
/// reported: published grades are rounded to two decimals, so smaller gaps are
/// rounding, larger ones a different figure.
pub const TOLLERANZA_GRADO: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// Every warning about one indicator, in the order a reader checks its row.
pub(super) fn avvisi(piano: &Piano, punteggi: &Punteggi, i: &Indicatore) -> Vec<Problema> {
    [
        soglia_ignorata(piano, i),
        relativo_senza_target(piano, i),
        senza_consuntivo(piano, i),
        grado_dichiarato(punteggi, i),
        consuntivo_fuori_anno(piano, i),
        soglia_dal_lato_sbagliato(i),
        frazione_per_percentuale(i),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn avviso(i: &Indicatore, colonna: &str, messaggio: String) -> Problema {
    Problema::avviso(&i.origine.foglio, messaggio).in_cella(i.origine.cella(colonna))
}

/// `tutto o niente` gives 100 % or 0 %: a soglia has no effect.
fn soglia_ignorata(piano: &Piano, i: &Indicatore) -> Option<Problema> {
    let s = i
        .soglia
        .filter(|_| i.metodo(&piano.ente.regole) == MetodoGrado::TuttoONiente)?;
    Some(
        avviso(
            i,
            "Soglia",
            format!(
                "{}: con il metodo «tutto o niente» la soglia {s} è ignorata (grado 100 % o 0 %)",
                i.codice
            ),
        )
        .con_valore(s.to_string()),
    )
}

/// A relative deviation needs a target other than 0.
fn relativo_senza_target(piano: &Piano, i: &Indicatore) -> Option<Problema> {
    (piano.ente.regole.scostamento == TipoScostamento::Relativo && i.target == Some(Valore::Numero(Decimal::ZERO)))
        .then(|| {
            avviso(
                i,
                indicatori::TARGET.nome,
                format!(
                    "{}: con lo scostamento «relativo» un target 0 non ha scostamento in percentuale: si stampa «-»",
                    i.codice
                ),
            )
        })
}

/// A weighted indicator without consuntivo: a missed deadline, or not measured.
fn senza_consuntivo(piano: &Piano, i: &Indicatore) -> Option<Problema> {
    if i.peso <= Decimal::ZERO || i.consuntivo.is_some() {
        return None;
    }
    let messaggio = if scoring::scadenza_mancata(i, piano.ente.anno) {
        format!(
            "{} non ha data di realizzazione: scadenza non rispettata, grado 0 %",
            i.codice
        )
    } else {
        format!(
            "{} non ha consuntivo: non è misurato e non entra nel risultato",
            i.codice
        )
    };
    Some(avviso(i, indicatori::CONSUNTIVO.nome, messaggio))
}

/// A grade typed by hand that the rules do not give.
fn grado_dichiarato(punteggi: &Punteggi, i: &Indicatore) -> Option<Problema> {
    let dichiarato = i.grado_dichiarato?;
    let calcolato = punteggi.indicatori.get(&i.codice).and_then(|p| p.grado)?;
    ((dichiarato - calcolato).abs() > TOLLERANZA_GRADO).then(|| {
        avviso(
            i,
            "Grado dichiarato",
            format!(
                "{}: grado dichiarato {} ma il grado calcolato è {}",
                i.codice,
                format::percento(dichiarato),
                format::percento(calcolato)
            ),
        )
        .con_valore(format::numero(dichiarato))
    })
}

/// A completion date outside the year reported on.
fn consuntivo_fuori_anno(piano: &Piano, i: &Indicatore) -> Option<Problema> {
    let Some(Valore::Data(d)) = i.consuntivo else {
        return None;
    };
    (d.year() != piano.ente.anno).then(|| {
        avviso(
            i,
            indicatori::CONSUNTIVO.nome,
            format!(
                "{}: consuntivo {} fuori dall'anno {}",
                i.codice,
                format::data(d),
                piano.ente.anno
            ),
        )
        .con_valore(format::data(d))
    })
}

/// A soglia that cannot grade: above a `>=` target, below a `<=` one…
fn soglia_dal_lato_sbagliato(i: &Indicatore) -> Option<Problema> {
    let (t, s) = (i.target?, i.soglia?);
    let (tp, sp) = (scoring::posizione(t)?, scoring::posizione(s)?);
    if scoring::soglia_dal_lato_giusto(i.operatore, tp, sp) {
        return None;
    }
    let lato = match i.operatore {
        Operatore::AlMeno => "sotto il target (>=)",
        Operatore::AlPiu => "sopra il target (<=)",
        Operatore::Entro => "dopo la scadenza",
        Operatore::Uguale => "diversa dal target",
    };
    Some(
        avviso(
            i,
            "Soglia",
            format!("{}: la soglia {s} dovrebbe stare {lato}; è ignorata", i.codice),
        )
        .con_valore(s.to_string()),
    )
}

/// 0,85 typed for 85 % in a cell not formatted as a percentage.
fn frazione_per_percentuale(i: &Indicatore) -> Option<Problema> {
    let Some(Valore::Numero(a)) = i.consuntivo else {
        return None;
    };
    let t = i.target.and_then(Valore::numero)?;
    (i.unita_misura == UnitaMisura::Percento && a > Decimal::ZERO && a <= Decimal::ONE && t > Decimal::ONE).then(|| {
        avviso(
            i,
            indicatori::CONSUNTIVO.nome,
            format!(
                "{}: consuntivo {} % con target {} %: forse è una frazione (0,85 per 85 %)?",
                i.codice,
                format::numero(a),
                format::numero(t)
            ),
        )
        .con_valore(format::numero(a))
    })
}
