//! How the view prints figures: the ente's `decimali`, its deviation, weights
//! that never lose a digit, targets and values with their unit.

use crate::format;
use crate::model::{Indicatore, Operatore, Regole, Valore};
use crate::scoring::Giudizio;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A figure for drawing (charts).
pub(super) fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or_default()
}

/// How the figures of this report are printed, by the ente's rules: the
/// `decimali` setting and the form of the deviation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stampa {
    regole: Regole,
}

impl Stampa {
    pub(super) fn di(regole: &Regole) -> Stampa {
        Stampa { regole: *regole }
    }

    /// A computed percentage (grade, result): `84,43 %`, `84 %` with 0 decimals.
    pub(super) fn pct(self, d: Option<Decimal>) -> String {
        d.map_or_else(
            || "-".into(),
            |d| format::unito(&format::percento_decimali(d, self.regole.decimali)),
        )
    }

    /// A weight as a percentage, never rounded away; fractions (0,20) ×100.
    pub(super) fn peso(self, peso: Decimal, frazioni: bool) -> String {
        let p = if frazioni { peso * Decimal::ONE_HUNDRED } else { peso };
        format!(
            "{}{}%",
            format::numero_almeno(p, self.regole.decimali),
            format::SPAZIO_UNITO
        )
    }

    /// The deviation: in the target's unit (with the indicator's decimals), in
    /// days for deadlines, or relative (%).
    pub(super) fn scostamento(self, x: Option<Decimal>, i: &Indicatore) -> String {
        let Some(x) = x else { return "-".into() };
        let u = i.unita_misura;
        let (unita, decimali) = i.forma_scostamento(&self.regole);
        let cifra = format::unito(&format::scostamento_decimali(x, unita, decimali));
        // A long unit of the ente's, or a long figure, may go to the next line,
        // as in the target (`-300.000,00` / `€`).
        let lunga = format!("{}{}", format::SPAZIO_UNITO, u.simbolo());
        let cifra = match cifra.strip_suffix(&lunga) {
            Some(numero) => format::cifra_e_unita(numero, u.simbolo()),
            None => cifra,
        };
        // Less is better: a negative deviation is a good one, and says so.
        if self.regole.verso_scostamento && i.operatore == Operatore::AlPiu && cifra != "-" {
            let verso = if x.is_sign_negative() { "meglio" } else { "peggio" };
            // The words stay together: a line may break only before them.
            format!("{cifra} (in{}{verso})", format::SPAZIO_UNITO)
        } else {
            cifra
        }
    }
}

/// The label, light and points of a result, as printed.
pub(super) fn giudizio_stampato(g: Option<&Giudizio>) -> (Option<String>, Option<String>, Option<String>) {
    match g {
        None => (None, None, None),
        Some(g) => (Some(g.etichetta.clone()), Some(g.esito()), g.punti.map(format::numero)),
    }
}

/// A target, soglia or consuntivo of an indicator with its unit: `85,00 %`,
/// `1.200 N.`, `13/09/2022`.
pub(super) fn valore(v: Valore, i: &Indicatore) -> String {
    v.con_unita(i.unita_misura, i.decimali_valori())
}

/// The operator as a reader expects it before a target, at the start of a
/// cell: `≥`, `≤`, `=`, `Entro`.
pub(super) fn operatore(o: Operatore) -> &'static str {
    match o {
        Operatore::Entro => "Entro",
        altro => altro.simbolo(),
    }
}

/// A number as written in the workbook, Italian separators, its own decimals.
pub(super) fn numero_come_scritto(n: Decimal) -> String {
    format::numero_decimali(n, n.normalize().scale())
}
