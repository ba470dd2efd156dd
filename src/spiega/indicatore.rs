//! The grade of an indicator, step by step: its values in force and where each
//! was read (the deliberation that changed it, when one did), the method with
//! its formula and the numbers in it, the cap, the deviation, and the grade
//! the workbook declares beside it.

use super::{Passo, Spiegazione, Tipo, cifra, impostazione, percento, peso};
use crate::Relazione;
use crate::format;
use crate::model::{Campo, Indicatore, MetodoGrado, Operatore, Piano, Valore};
use crate::scoring::{self, con_tetto, grado, grado_rapporto, raggiunto, soglia_dal_lato_giusto};
use crate::workbook::schema::{indicatori, modifiche};
use rust_decimal::Decimal;

/// Where a field of an indicator in force was read: the cell of `A` of the
/// last deliberation that changed it, else its cell in `Indicatori`.
pub(crate) fn fonte(p: &Piano, i: &Indicatore, campo: Campo) -> String {
    match p.modifiche_di(&i.codice, campo).last() {
        Some(m) => m.origine.cella(modifiche::A.nome),
        None => i.origine.cella(colonna(campo)),
    }
}

fn colonna(campo: Campo) -> &'static str {
    match campo {
        Campo::Target => indicatori::TARGET.nome,
        Campo::Soglia => indicatori::SOGLIA.nome,
        Campo::Peso => indicatori::PESO.nome,
        Campo::Operatore => indicatori::OPERATORE.nome,
        Campo::Nome => indicatori::NOME.nome,
        Campo::Algoritmo => indicatori::ALGORITMO.nome,
        Campo::Metodo => indicatori::METODO.nome,
    }
}

/// The explanation of an indicator's grade.
pub(crate) fn spiega(r: &Relazione, i: &Indicatore) -> Spiegazione {
    let p = r.piano();
    let regole = &p.ente.regole;
    let punteggio = &r.punteggi.indicatori[&i.codice];
    let decimali = i.decimali_valori();
    let v = |x: Valore| x.con_unita(i.unita_misura, decimali);
    let mut passi = Vec::new();

    passi.push(
        Passo::di(format!(
            "Peso nella media dell'obiettivo {}: {}.",
            i.obiettivo,
            peso(i.peso)
        ))
        .da(fonte(p, i, Campo::Peso)),
    );
    // The deliberations, in the order they apply, each with its act and row.
    let mut delibere: Vec<_> = p.modifiche.iter().filter(|m| m.indicatore == i.codice).collect();
    delibere.sort_by_key(|m| (m.data, m.origine.riga));
    for (m, nota) in delibere.iter().zip(r.in_vigore.note_di(&i.codice)) {
        passi.push(
            Passo::di(format!("Variazione: {}.", format::spazi_normalizzati(nota)))
                .da(m.origine.cella(modifiche::A.nome)),
        );
    }
    let mut valori = Passo::di(match i.target {
        Some(t) => format!("Target {} {}", i.operatore.simbolo(), v(t)),
        None => "Nessun target".to_string(),
    })
    .da(fonte(p, i, Campo::Target));
    if let Some(s) = i.soglia {
        valori.testo.push_str(&format!("; soglia {}", v(s)));
        valori = valori.da(fonte(p, i, Campo::Soglia));
    }
    match i.consuntivo {
        Some(a) => {
            // A unit that ends with a period (`N.`) ends the sentence too.
            let a = v(a);
            let fine = if a.ends_with('.') { "" } else { "." };
            valori.testo.push_str(&format!("; consuntivo {a}{fine}"));
            valori = valori.da(i.origine.cella(indicatori::CONSUNTIVO.nome));
        }
        None => valori.testo.push_str("; nessun consuntivo."),
    }
    passi.push(valori);

    if i.neutralizzato() {
        passi.push(Passo::di(
            "Neutralizzato (peso 0): non si misura e non entra nella media del suo obiettivo.",
        ));
    } else if scoring::scadenza_mancata(i, p.ente.anno) {
        passi.push(Passo::di(format!(
            "La scadenza è passata entro il {} senza una data di completamento: grado 0 %.",
            p.ente.anno
        )));
    } else if i.consuntivo.is_none() {
        passi.push(Passo::di(
            "Senza consuntivo l'indicatore non è misurato e non entra nella media del suo obiettivo.",
        ));
    } else {
        passi.extend(metodo(r, i));
    }
    if let Some(s) = punteggio.scostamento {
        let (unita, dec) = i.forma_scostamento(regole);
        let formula = match (regole.scostamento, i.target, i.consuntivo) {
            (crate::model::TipoScostamento::Relativo, Some(Valore::Numero(t)), Some(Valore::Numero(a))) => {
                format!(
                    "(consuntivo − target) / |target| × 100 = ({} − {}) / {} × 100",
                    cifra(a),
                    cifra(t),
                    cifra(t.abs())
                )
            }
            (_, Some(Valore::Numero(t)), Some(Valore::Numero(a))) => {
                format!("consuntivo − target = {} − {}", cifra(a), cifra(t))
            }
            _ => "giorni dalla scadenza al completamento (negativi: in anticipo)".to_string(),
        };
        let stampato = format::scostamento_decimali(s, unita, dec);
        let testo = if stampato == "-" {
            format!("Scostamento: {formula} = 0: il consuntivo è pari al target.")
        } else {
            let fine = if stampato.ends_with('.') { "" } else { "." };
            format!("Scostamento: {formula} = {stampato}{fine}")
        };
        passi.push(Passo::di(testo).da(impostazione("scostamento")));
    }
    if let (Some(d), g) = (i.grado_dichiarato, punteggio.grado) {
        let fonte = i.origine.cella(indicatori::GRADO_DICHIARATO.nome);
        let testo = match g {
            Some(g) if (d - g).abs() <= crate::check::TOLLERANZA_GRADO => {
                format!(
                    "Il grado dichiarato nel foglio, {}, coincide con quello calcolato.",
                    format::percento(d)
                )
            }
            Some(g) => format!(
                "Il foglio dichiara un grado di {}, il calcolo dà {}: la Relazione stampa il grado calcolato \
                 (relazione controlla lo segnala).",
                format::percento(d),
                format::percento(g)
            ),
            None => format!(
                "Il foglio dichiara un grado di {}, ma l'indicatore non è misurato: la Relazione non stampa grado.",
                format::percento(d)
            ),
        };
        passi.push(Passo::di(testo).da(fonte));
    }
    Spiegazione {
        tipo: Tipo::Indicatore,
        codice: i.codice.clone(),
        che_cosa: format!("grado dell'indicatore (obiettivo {})", i.obiettivo),
        nome: i.nome.clone(),
        valore: punteggio.grado,
        stampato: if punteggio.neutralizzato {
            "neutralizzato".into()
        } else {
            super::stampato(r, punteggio.grado)
        },
        valutazione: None,
        punti: None,
        passi,
        termini: Vec::new(),
        dichiarato: i.grado_dichiarato,
    }
}

/// The steps of the method, for a measured indicator: the rule, the formula
/// with its numbers, the cap.
fn metodo(r: &Relazione, i: &Indicatore) -> Vec<Passo> {
    let p = r.piano();
    let regole = &p.ente.regole;
    let m = i.metodo(regole);
    let da_dove = match i.metodo {
        Some(_) => fonte(p, i, Campo::Metodo),
        None => impostazione("metodo_grado"),
    };
    let mut passi = vec![Passo::di(format!("Metodo di calcolo del grado: «{m}».")).da(da_dove)];
    let (Some(target), Some(consuntivo)) = (i.target, i.consuntivo) else {
        return passi;
    };
    let (Some(t), Some(a)) = (scoring::posizione(target), scoring::posizione(consuntivo)) else {
        return passi;
    };
    let s = i.soglia.and_then(scoring::posizione);
    let giorni = matches!(target, Valore::Data(_));
    // On the axis of days a date is its day number; the steps show differences.
    let x = |d: Decimal| {
        if giorni {
            format!("{} gg", format::numero_decimali(d, 0))
        } else {
            cifra(d)
        }
    };
    let op = i.operatore;
    let grezzo = match m {
        MetodoGrado::Soglia => grado(op, i.target, i.soglia, i.consuntivo),
        MetodoGrado::TuttoONiente => grado(op, i.target, None, i.consuntivo),
        MetodoGrado::Rapporto => grado_rapporto(op, i.target, i.soglia, i.consuntivo, regole.tetto_grado)
            .ok()
            .flatten(),
    };
    let met = raggiunto(op, t, a);
    let decimali = i.decimali_valori();
    let (a_u, t_u) = (
        consuntivo.con_unita(i.unita_misura, decimali),
        target.con_unita(i.unita_misura, decimali),
    );
    let confronto = match (giorni, met) {
        (true, _) => format!(
            "completato il {}, {} la scadenza del {}",
            v_data(consuntivo),
            if met { "entro" } else { "dopo" },
            v_data(target)
        ),
        (false, true) => format!("consuntivo {a_u} {} target {t_u}", op.simbolo()),
        (false, false) => format!("consuntivo {a_u}: il target {} {t_u} non è raggiunto", op.simbolo()),
    };
    let rapporto = m == MetodoGrado::Rapporto && matches!(op, Operatore::AlMeno | Operatore::AlPiu);
    let soglia_valida = s.filter(|&s| m != MetodoGrado::TuttoONiente && soglia_dal_lato_giusto(op, t, s));
    let formula = if rapporto {
        if let Some(s) = soglia_valida.filter(|&s| !raggiunto(op, s, a)) {
            format!(
                "{confronto}; il consuntivo non raggiunge la soglia {}: grado 0 %",
                cifra(s)
            )
        } else {
            let (sopra, sotto, nomi) = match op {
                Operatore::AlMeno => (a, t, "consuntivo / target"),
                _ => (t, a, "target / consuntivo"),
            };
            if sotto.is_zero() {
                format!(
                    "{nomi} con denominatore 0: grado {}",
                    grezzo.map_or("-".into(), percento)
                )
            } else {
                format!(
                    "grado = {nomi} × 100 = {} / {} × 100 = {}",
                    cifra(sopra),
                    cifra(sotto),
                    grezzo.map_or("-".into(), percento)
                )
            }
        }
    } else if met {
        format!("{confronto}: grado 100 %")
    } else if let Some(s) = soglia_valida {
        let (num, den, testo) = match op {
            Operatore::Uguale => (
                (s - t).abs() - (a - t).abs(),
                (s - t).abs(),
                "(|soglia − target| − |consuntivo − target|) / |soglia − target| × 100",
            ),
            _ => (a - s, t - s, "(consuntivo − soglia) / (target − soglia) × 100"),
        };
        let sostituita = match op {
            Operatore::Uguale => format!(
                "({} − {}) / {} × 100",
                x((s - t).abs()),
                x((a - t).abs()),
                x((s - t).abs())
            ),
            _ if giorni => format!("({}) / ({}) × 100", x(a - s), x(t - s)),
            _ => format!("({} − {}) / ({} − {}) × 100", cifra(a), cifra(s), cifra(t), cifra(s)),
        };
        let limitato = num.checked_div(den).and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED));
        let fuori = limitato.is_some_and(|g| g < Decimal::ZERO || g > Decimal::ONE_HUNDRED);
        format!(
            "{confronto}; grado lineare fra la soglia (0 %) e il target (100 %): {testo} = {sostituita} = {}{}",
            limitato.map_or("-".into(), percento),
            if fuori {
                format!(", ricondotto fra 0 e 100: {}", grezzo.map_or("-".into(), percento))
            } else {
                String::new()
            }
        )
    } else if m == MetodoGrado::TuttoONiente {
        format!("{confronto}: «tutto o niente», grado 0 %")
    } else {
        format!("{confronto} e non c'è una soglia che valga: grado 0 %")
    };
    // `rapporto` grades deadlines and `=` targets as `soglia` does: a date is not a ratio.
    let come_soglia = if m == MetodoGrado::Rapporto && !rapporto {
        " (con il metodo «rapporto» le scadenze e i target «uguale a» si misurano come con «soglia»)"
    } else {
        ""
    };
    passi.push(Passo::di(format!("{}{come_soglia}.", maiuscola(&formula))));
    if let (Some(g), Some(tetto)) = (grezzo, regole.tetto_grado)
        && g > tetto
    {
        passi.push(
            Passo::di(format!(
                "Tetto del grado: {} supera {}, il grado è {}.",
                percento(g),
                percento(tetto),
                percento(con_tetto(g, Some(tetto)))
            ))
            .da(impostazione("tetto_grado")),
        );
    }
    passi
}

fn v_data(v: Valore) -> String {
    match v {
        Valore::Data(d) => format::data(d),
        Valore::Numero(n) => cifra(n),
    }
}

fn maiuscola(s: &str) -> String {
    crate::model::maiuscola(s)
}
