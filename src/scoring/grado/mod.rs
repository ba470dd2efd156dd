//! The grade of one indicator (*grado di raggiungimento*), one pure function per
//! method of the `metodo_grado` setting, and its deviation from the target.
//!
//! - [`grado`]: `soglia`, 100 when met, linear from the soglia, otherwise 0;
//! - [`grado_rapporto`]: `rapporto`, a / t for `>=`, t / a for `<=`;
//! - [`grado_tutto_o_niente`]: 100 when met, otherwise 0;
//! - [`con_tetto`]: the cap (`tetto_grado`), applied before any mean;
//! - [`grado_indicatore`]: the method in force for an indicator, with the cap.

use crate::model::{Indicatore, MetodoGrado, Operatore, Regole, TipoScostamento, Valore};
use crate::workbook::schema::indicatori;
use rust_decimal::Decimal;

const CENTO: Decimal = Decimal::ONE_HUNDRED;

/// Whether a consuntivo meets the target: `>=` a ≥ t, `<=` a ≤ t, `=` a = t,
/// `entro` date ≤ deadline (positions on one axis, see [`posizione`]).
pub fn raggiunto(operatore: Operatore, t: Decimal, a: Decimal) -> bool {
    match operatore {
        Operatore::AlMeno => a >= t,
        Operatore::AlPiu | Operatore::Entro => a <= t,
        Operatore::Uguale => a == t,
    }
}

/// The `soglia` method (Torino's rule): grado di raggiungimento in percentage
/// points, or `None` when there is no consuntivo (or the values are not
/// comparable: a date against a number).
///
/// - target met: 100;
/// - not met, no soglia: 0;
/// - not met, with a soglia s: linear from the soglia (0) to the target (100),
///   (a − s) / (t − s), clamped to [0, 100]. For `entro` the soglia is a later date
///   and days are counted; for `=` the soglia bounds the distance from the target,
///   (|s − t| − |a − t|) / |s − t|.
///
/// A soglia on the wrong side of the target (below a `<=` target, say) cannot grade
/// anything and is ignored; `relazione check` warns about it.
pub fn grado(
    operatore: Operatore,
    target: Option<Valore>,
    soglia: Option<Valore>,
    consuntivo: Option<Valore>,
) -> Option<Decimal> {
    let (target, consuntivo) = (target?, consuntivo?);
    let stesso_tipo = |v: Valore| std::mem::discriminant(&v) == std::mem::discriminant(&target);
    if !stesso_tipo(consuntivo) || soglia.is_some_and(|s| !stesso_tipo(s)) {
        return None;
    }
    let t = posizione(target)?;
    let a = posizione(consuntivo)?;
    let s = match soglia {
        Some(s) => Some(posizione(s)?),
        None => None,
    };
    if raggiunto(operatore, t, a) {
        return Some(CENTO);
    }
    let Some(s) = s.filter(|&s| soglia_dal_lato_giusto(operatore, t, s)) else {
        return Some(Decimal::ZERO);
    };
    // Checked: within the figures' limits (`crate::limiti::cifra`) nothing
    // overflows; beyond them there is no grade rather than a panic.
    let frazione = match operatore {
        Operatore::Uguale => {
            let ampiezza = s.checked_sub(t)?.abs();
            ampiezza.checked_sub(a.checked_sub(t)?.abs())?.checked_div(ampiezza)?
        }
        _ => a.checked_sub(s)?.checked_div(t.checked_sub(s)?)?,
    };
    Some(frazione.checked_mul(CENTO)?.clamp(Decimal::ZERO, CENTO))
}

/// Why a method cannot grade an indicator: an error of the data, named at the
/// indicator's cell by [`crate::scoring::valuta`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impossibile {
    /// `rapporto` with `>=` and a target of 0: a / 0.
    TargetZero,
    /// `rapporto` with a negative target: a ratio of negative figures means nothing.
    TargetNegativo,
    /// `rapporto` with a negative consuntivo.
    ConsuntivoNegativo,
    /// `rapporto` with `<=`, a consuntivo of 0 and no cap: t / 0 has no bound.
    ConsuntivoZeroSenzaTetto,
    /// A figure so large that the grade cannot be computed.
    FuoriScala,
}

impl Impossibile {
    /// The column of `Indicatori` that holds the value at fault.
    pub fn colonna(self) -> &'static str {
        match self {
            Impossibile::TargetZero | Impossibile::TargetNegativo | Impossibile::FuoriScala => indicatori::TARGET.nome,
            _ => indicatori::CONSUNTIVO.nome,
        }
    }

    /// The Italian message, for an indicator's code.
    pub fn messaggio(self, codice: &str) -> String {
        let consiglio = "scrivere «soglia» (o «tutto o niente») nella colonna Metodo di questo indicatore";
        match self {
            Impossibile::TargetZero => format!(
                "{codice}: con il metodo «rapporto» e l'operatore >= il grado è consuntivo / target, \
                 e con un target 0 non si può calcolare: {consiglio}"
            ),
            Impossibile::TargetNegativo => format!(
                "{codice}: con il metodo «rapporto» un target negativo non dà un rapporto che abbia senso: {consiglio}"
            ),
            Impossibile::ConsuntivoNegativo => format!(
                "{codice}: con il metodo «rapporto» un consuntivo negativo non dà un rapporto che abbia senso: {consiglio}"
            ),
            Impossibile::ConsuntivoZeroSenzaTetto => format!(
                "{codice}: con il metodo «rapporto» e l'operatore <= il grado è target / consuntivo, che con un \
                 consuntivo 0 e tetto_grado «nessuno» non ha limite: fissare un tetto_grado nel foglio Ente, oppure {consiglio}"
            ),
            Impossibile::FuoriScala => format!(
                "{codice}: il grado supererebbe un milione di punti percentuali: target e consuntivo sono \
                 sproporzionati (un target troppo piccolo, o un consuntivo in un'altra unità?)"
            ),
        }
    }
}

/// The `rapporto` method: proportional to the target. `>=` gives a / t, `<=` gives
/// t / a (lower is better), both times 100 and uncapped here (see [`con_tetto`]).
/// A soglia is a floor: a consuntivo short of it scores 0. `=` and `entro` are
/// graded as with [`grado`]: a date is not a ratio.
///
/// A target of 0 (for `>=`), a negative target or consuntivo are errors; so is a
/// consuntivo of 0 for `<=` without a cap (with a cap it scores the cap: nothing
/// is better than zero delays). `None` when there is no consuntivo.
pub fn grado_rapporto(
    operatore: Operatore,
    target: Option<Valore>,
    soglia: Option<Valore>,
    consuntivo: Option<Valore>,
    tetto: Option<Decimal>,
) -> Result<Option<Decimal>, Impossibile> {
    if matches!(operatore, Operatore::Uguale | Operatore::Entro) {
        return Ok(grado(operatore, target, soglia, consuntivo));
    }
    let Some(Valore::Numero(t)) = target else {
        return Ok(None);
    };
    if t < Decimal::ZERO {
        return Err(Impossibile::TargetNegativo);
    }
    if operatore == Operatore::AlMeno && t.is_zero() {
        return Err(Impossibile::TargetZero);
    }
    let Some(Valore::Numero(a)) = consuntivo else {
        return Ok(None);
    };
    if a < Decimal::ZERO {
        return Err(Impossibile::ConsuntivoNegativo);
    }
    if let Some(Valore::Numero(s)) = soglia
        && soglia_dal_lato_giusto(operatore, t, s)
        && !raggiunto(operatore, s, a)
    {
        return Ok(Some(Decimal::ZERO));
    }
    let (sopra, sotto) = match operatore {
        Operatore::AlMeno => (a, t),
        _ => (t, a),
    };
    if sotto.is_zero() {
        // `<=` with a consuntivo of 0: on target when the target is 0 too, else
        // as good as the cap allows.
        return match (t.is_zero(), tetto) {
            (true, _) => Ok(Some(CENTO)),
            (false, Some(tetto)) => Ok(Some(tetto)),
            (false, None) => Err(Impossibile::ConsuntivoZeroSenzaTetto),
        };
    }
    sopra
        .checked_div(sotto)
        .and_then(|r| r.checked_mul(CENTO))
        .map(Some)
        .ok_or(Impossibile::FuoriScala)
}

/// The `tutto o niente` method: 100 when the target is met, otherwise 0; a soglia
/// is ignored (`relazione check` says so).
pub fn grado_tutto_o_niente(
    operatore: Operatore,
    target: Option<Valore>,
    consuntivo: Option<Valore>,
) -> Option<Decimal> {
    grado(operatore, target, None, consuntivo)
}

/// The cap of an indicator's grade (`tetto_grado`), applied before any mean so
/// that an indicator at 300 % cannot hide a failed one; `None` is no cap.
pub fn con_tetto(grado: Decimal, tetto: Option<Decimal>) -> Decimal {
    match tetto {
        Some(tetto) => grado.min(tetto),
        None => grado,
    }
}

/// The grade of an indicator as it stands at the end of year `anno`, by its method
/// (its own `Metodo`, or the ente's), capped. `None` when it is not measured:
/// neutralized (peso 0), or without consuntivo.
///
/// A deadline (`entro`) with no completion date is not met once the year is over:
/// if the deadline, and the soglia date when there is one, fall within the year,
/// the grade is 0 (the reference prints 0 % for a site not opened by its deadline).
pub fn grado_indicatore(i: &Indicatore, regole: &Regole, anno: i32) -> Result<Option<Decimal>, Impossibile> {
    if i.neutralizzato() {
        return Ok(None);
    }
    if scadenza_mancata(i, anno) {
        return Ok(Some(Decimal::ZERO));
    }
    let g = match i.metodo(regole) {
        MetodoGrado::Soglia => grado(i.operatore, i.target, i.soglia, i.consuntivo),
        MetodoGrado::Rapporto => grado_rapporto(i.operatore, i.target, i.soglia, i.consuntivo, regole.tetto_grado)?,
        MetodoGrado::TuttoONiente => grado_tutto_o_niente(i.operatore, i.target, i.consuntivo),
    };
    match g {
        Some(g) if g > crate::limiti::GRADO_MASSIMO => Err(Impossibile::FuoriScala),
        g => Ok(g.map(|g| con_tetto(g, regole.tetto_grado))),
    }
}

/// Whether an `entro` indicator without completion date has missed its deadline
/// (and soglia) within the year reported on.
pub fn scadenza_mancata(i: &Indicatore, anno: i32) -> bool {
    let entro_anno = |v: Option<Valore>| matches!(v, Some(Valore::Data(d)) if chrono::Datelike::year(&d) <= anno);
    i.operatore == Operatore::Entro
        && i.consuntivo.is_none()
        && entro_anno(i.target)
        && (i.soglia.is_none() || entro_anno(i.soglia))
}

/// Whether a soglia can grade: below a `>=` target, above a `<=` target, after a
/// deadline, anywhere but on an `=` target.
pub fn soglia_dal_lato_giusto(operatore: Operatore, target: Decimal, soglia: Decimal) -> bool {
    match operatore {
        Operatore::AlMeno => soglia < target,
        Operatore::AlPiu | Operatore::Entro => soglia > target,
        Operatore::Uguale => soglia != target,
    }
}

/// A value on one numeric axis: figures as they are, dates as day numbers.
pub fn posizione(v: Valore) -> Option<Decimal> {
    match v {
        Valore::Numero(n) => Some(n),
        Valore::Data(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(&d))),
    }
}

/// Scostamento rispetto al target. `assoluto`: consuntivo − target in the target's
/// unit (percentage points for %); `relativo`: (a − t) / |t| × 100, a percentage
/// of the target, positive when above it (`None` with a target of 0). Deadlines
/// always in days (negative = early).
pub fn scostamento(tipo: TipoScostamento, target: Option<Valore>, consuntivo: Option<Valore>) -> Option<Decimal> {
    match (target?, consuntivo?) {
        (Valore::Numero(t), Valore::Numero(a)) => {
            let differenza = a.checked_sub(t)?;
            match tipo {
                TipoScostamento::Assoluto => Some(differenza),
                TipoScostamento::Relativo if t.is_zero() => None,
                TipoScostamento::Relativo => differenza.checked_div(t.abs())?.checked_mul(CENTO),
            }
        }
        (Valore::Data(t), Valore::Data(a)) => Some(Decimal::from((a - t).num_days())),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
