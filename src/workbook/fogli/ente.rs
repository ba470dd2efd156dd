//! The `Ente` sheet: the ente's name and year, and the settings of its
//! evaluation system (see [`crate::model::Regole`]).

use crate::format::{normalizza, parse_numero};
use crate::limiti;
use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::schema::{self, ente};
use crate::workbook::tabella::Tabella;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The `Ente` sheet: `None` when a required key is missing (each reported).
pub(in crate::workbook) fn leggi_ente(t: &Tabella, con_fasce: bool, p: &mut Problemi) -> Option<Ente> {
    let valori = valori_ente(t, p);
    let mut ok = true;
    for c in schema::CHIAVI_ENTE {
        if c.obbligatoria && valori.get(c.nome).is_none() {
            p.push(Problema::errore(
                &t.nome,
                format!("manca la chiave «{}» (con il suo valore)", c.nome),
            ));
            ok = false;
        }
    }
    let regole = leggi_regole(&valori, con_fasce, p);
    let anno = anno(&valori, p);
    if let Some(anno) = anno {
        approvazione_vicina(&valori, anno, p);
    }
    let testo = |k: &str| valori.get(k).map(|(v, _)| v.clone());
    // The ente's name and the title make the PDF's title: bounded like a title.
    for chiave in ["ente", "titolo"] {
        if let Some((v, cella)) = valori.get(chiave)
            && v.chars().count() > limiti::CARATTERI_TITOLO
        {
            p.push(
                Problema::errore(
                    &t.nome,
                    format!(
                        "{chiave}: {} caratteri, oltre il limite di {} per un titolo o un nome: accorciarlo",
                        v.chars().count(),
                        limiti::CARATTERI_TITOLO
                    ),
                )
                .in_cella(cella.clone()),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Ente {
        nome: testo("ente")?,
        anno: anno?,
        titolo: testo("titolo").unwrap_or_else(|| Ente::TITOLO_PREDEFINITO.to_string()),
        approvazione: testo("approvazione"),
        redazione: testo("redazione"),
        logo: testo("logo"),
        licenza_dati: testo("licenza_dati"),
        dati_nominativi: valori.scelta("dati_nominativi", schema::si_no, false, p),
        validazione: testo("validazione"),
        lessico: leggi_lessico(&valori, p),
        allegati: match valori.get("allegati") {
            None => Allegato::predefiniti(),
            Some((v, _)) => leggi_allegati(v).unwrap_or_else(|messaggio| {
                valori.errore("allegati", messaggio, p);
                Allegato::predefiniti()
            }),
        },
        regole,
    })
}

/// The keys and values of the sheet; an unknown key is a warning, a repeated
/// one an error.
fn valori_ente<'t>(t: &'t Tabella, p: &mut Problemi) -> ValoriEnte<'t> {
    let mut valori: HashMap<String, (String, String)> = HashMap::new();
    for riga in t.righe() {
        let Some(chiave) = riga.testo(&ente::CHIAVE, p) else {
            continue;
        };
        let k = normalizza(&chiave);
        let valore = riga.testo(&ente::VALORE, p).unwrap_or_default();
        if !schema::CHIAVI_ENTE.iter().any(|c| normalizza(c.nome) == k) {
            p.push(
                Problema::avviso(&t.nome, format!("chiave «{chiave}» non prevista: ignorata"))
                    .in_cella(riga.indirizzo(&ente::CHIAVE))
                    .con_valore(&chiave),
            );
            continue;
        }
        if valori.insert(k, (valore, riga.indirizzo(&ente::VALORE))).is_some() {
            p.push(
                Problema::errore(&t.nome, format!("chiave «{chiave}» ripetuta"))
                    .in_cella(riga.indirizzo(&ente::CHIAVE))
                    .con_valore(&chiave),
            );
        }
    }
    ValoriEnte { t, valori }
}

/// The year reported on.
fn anno(valori: &ValoriEnte<'_>, p: &mut Problemi) -> Option<i32> {
    let (v, _) = valori.get("anno")?;
    match v.trim().parse::<i32>() {
        Ok(a) if (1990..=2200).contains(&a) => Some(a),
        _ => {
            valori.errore("anno", format!("anno «{v}» non è un anno"), p);
            None
        }
    }
}

/// The approving deliberation comes the year after the one reported on: a date
/// years away is a typo.
fn approvazione_vicina(valori: &ValoriEnte<'_>, anno: i32, p: &mut Problemi) {
    if let Some((v, _)) = valori.get("approvazione")
        && let Some(d) = crate::format::data_nel_testo(v)
        && (d.year() - anno).abs() > limiti::ANNI_DI_DISTANZA
    {
        valori.errore(
            "approvazione",
            format!(
                "approvazione: la data {} è lontana più di {} anni dall'anno {anno} della Relazione: è un errore di battitura?",
                crate::format::data(d),
                limiti::ANNI_DI_DISTANZA
            ),
            p,
        );
    }
}

/// The values of the `Ente` sheet by normalized key, with the cell of each.
pub(in crate::workbook) struct ValoriEnte<'t> {
    pub(in crate::workbook) t: &'t Tabella,
    pub(in crate::workbook) valori: HashMap<String, (String, String)>,
}

impl ValoriEnte<'_> {
    /// A key's value and cell, when it has a value.
    pub(in crate::workbook) fn get(&self, k: &str) -> Option<&(String, String)> {
        self.valori.get(&normalizza(k)).filter(|(v, _)| !v.is_empty())
    }

    pub(in crate::workbook) fn errore(&self, k: &str, messaggio: String, p: &mut Problemi) {
        if let Some((v, cella)) = self.get(k) {
            p.push(Problema::errore(&self.t.nome, messaggio).in_cella(cella).con_valore(v));
        }
    }

    /// A key from a closed list, parsed; the default when absent.
    pub(in crate::workbook) fn scelta<T>(
        &self,
        k: &str,
        parse: impl Fn(&str) -> Option<T>,
        predefinito: T,
        p: &mut Problemi,
    ) -> T {
        let Some((v, _)) = self.get(k) else {
            return predefinito;
        };
        match parse(v) {
            Some(x) => x,
            None => {
                let scelte = schema::CHIAVI_ENTE
                    .iter()
                    .find(|c| c.nome == k)
                    .map_or(String::new(), |c| c.scelte.join(", "));
                self.errore(k, format!("{k} «{v}» non previsto (valori ammessi: {scelte})"), p);
                predefinito
            }
        }
    }

    /// A number in `campo` (inclusive); the default when absent.
    pub(in crate::workbook) fn numero(
        &self,
        k: &str,
        campo: std::ops::RangeInclusive<Decimal>,
        spiega: &str,
        predefinito: Decimal,
        p: &mut Problemi,
    ) -> Decimal {
        let Some((v, _)) = self.get(k) else {
            return predefinito;
        };
        match parse_numero(v) {
            Some(n) if campo.contains(&n) => n,
            _ => {
                self.errore(k, format!("{k} «{v}» non è {spiega}"), p);
                predefinito
            }
        }
    }
}

/// The ente's words (see [`crate::model::Lessico`]): each key from its list.
fn leggi_lessico(valori: &ValoriEnte<'_>, p: &mut Problemi) -> Lessico {
    let predefinito = Lessico::default();
    let parola = |k: &str, lista: &'static [Nome], p: &mut Problemi| -> Option<Nome> {
        valori.get(k)?;
        valori.scelta(k, |v| scegli(lista, v).map(Some), None, p)
    };
    Lessico {
        strategico: parola("obiettivi_strategici", OBIETTIVI_STRATEGICI, p).unwrap_or(predefinito.strategico),
        operativo: parola("obiettivi_operativi", OBIETTIVI_OPERATIVI, p).unwrap_or(predefinito.operativo),
        unita_scelta: parola("unita_organizzative", UNITA, p),
        approvazione: parola("organo_approvazione", ORGANI_APPROVAZIONE, p).unwrap_or(predefinito.approvazione),
        validazione: parola("organo_validazione", ORGANI_VALIDAZIONE, p).unwrap_or(predefinito.validazione),
    }
}

/// The evaluation system's settings of the `Ente` sheet (defaults: the Torino rule).
pub(in crate::workbook) fn leggi_regole(valori: &ValoriEnte<'_>, con_fasce: bool, p: &mut Problemi) -> Regole {
    let predefinite = Regole::default();
    let (soglia_raggiunto, soglia_non_raggiunto) = soglie(valori, con_fasce, p);
    Regole {
        soglia_raggiunto,
        soglia_non_raggiunto,
        metodo_ente: valori.scelta("metodo_ente", MetodoMedia::parse, predefinite.metodo_ente, p),
        metodo_grado: valori.scelta("metodo_grado", MetodoGrado::parse, predefinite.metodo_grado, p),
        tetto_grado: tetto(valori, p),
        metodo_obiettivo: valori.scelta("metodo_obiettivo", MetodoMedia::parse, predefinite.metodo_obiettivo, p),
        scostamento: valori.scelta("scostamento", TipoScostamento::parse, predefinite.scostamento, p),
        decimali: decimali(valori, p),
        punti_percentuali: valori.scelta("punti_percentuali", schema::si_no, false, p),
        verso_scostamento: valori.scelta("verso_scostamento", schema::si_no, false, p),
    }
}

/// `soglia_raggiunto` and `soglia_non_raggiunto`, from 0 to 100, the first above
/// the second; ignored, with a warning, when the `Fasce` sheet gives the bands.
fn soglie(valori: &ValoriEnte<'_>, con_fasce: bool, p: &mut Problemi) -> (Decimal, Decimal) {
    let predefinite = Regole::default();
    let percento = Decimal::ZERO..=Decimal::ONE_HUNDRED;
    let fra_0_e_100 = "un numero fra 0 e 100";
    let raggiunto = valori.numero(
        "soglia_raggiunto",
        percento.clone(),
        fra_0_e_100,
        predefinite.soglia_raggiunto,
        p,
    );
    let non_raggiunto = valori.numero(
        "soglia_non_raggiunto",
        percento,
        fra_0_e_100,
        predefinite.soglia_non_raggiunto,
        p,
    );
    if non_raggiunto >= raggiunto {
        p.push(Problema::errore(
            &valori.t.nome,
            "soglia_non_raggiunto deve essere minore di soglia_raggiunto".to_string(),
        ));
    }
    if con_fasce {
        for k in ["soglia_raggiunto", "soglia_non_raggiunto"] {
            if let Some((v, cella)) = valori.get(k) {
                p.push(
                    Problema::avviso(
                        &valori.t.nome,
                        format!("{k} è ignorata: le valutazioni seguono le fasce del foglio Fasce"),
                    )
                    .in_cella(cella)
                    .con_valore(v),
                );
            }
        }
    }
    (raggiunto, non_raggiunto)
}

/// `tetto_grado`: from 100 to [`TETTO_MASSIMO`], or `nessuno`.
fn tetto(valori: &ValoriEnte<'_>, p: &mut Problemi) -> Option<Decimal> {
    let predefinito = Regole::default().tetto_grado;
    let Some((v, _)) = valori.get("tetto_grado") else {
        return predefinito;
    };
    if normalizza(v) == "nessuno" {
        return None;
    }
    let messaggio = match parse_numero(v) {
        Some(n) if n >= Decimal::ONE_HUNDRED && n <= Decimal::from(TETTO_MASSIMO) => return Some(n),
        Some(n) if n < Decimal::ONE_HUNDRED => format!(
            "tetto_grado «{v}» è sotto 100: un indicatore che raggiunge il target avrebbe meno del 100 % \
             (scrivere 100 o più, oppure nessuno)"
        ),
        _ => format!("tetto_grado «{v}» non è un numero da 100 a {TETTO_MASSIMO}, né «nessuno»"),
    };
    valori.errore("tetto_grado", messaggio, p);
    predefinito
}

/// `decimali`: a whole number from 0 to 4.
fn decimali(valori: &ValoriEnte<'_>, p: &mut Problemi) -> u32 {
    let predefiniti = Regole::default().decimali;
    let d = valori.numero(
        "decimali",
        Decimal::ZERO..=Decimal::from(4),
        "un numero intero da 0 a 4",
        Decimal::from(predefiniti),
        p,
    );
    if d.fract().is_zero() {
        rust_decimal::prelude::ToPrimitive::to_u32(&d).unwrap_or(predefiniti)
    } else {
        valori.errore(
            "decimali",
            "decimali dev'essere un numero intero da 0 a 4".to_string(),
            p,
        );
        predefiniti
    }
}

/// The highest cap of a grade an office can mean (percentage points).
pub(in crate::workbook) const TETTO_MASSIMO: i64 = 1000;
