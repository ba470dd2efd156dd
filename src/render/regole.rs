//! The ente's evaluation system told in Italian (`{{ regole() }}` in the texts):
//! the paragraphs that say how grades, results, valutazioni, points and
//! deviations are computed, written from the settings in force so that the
//! narrative never tells a rule the program does not apply.

use crate::Relazione;
use crate::format;
use crate::model::{
    MetodoGrado, MetodoMedia, Nome, Preposizione, TipoAllegato, TipoScostamento, fasce_proprie_delle_persone,
};
use crate::scoring::{self, Scala};
use rust_decimal::Decimal;
use serde::Serialize;

/// The evaluation system in force, told in Italian for the narrative: one
/// paragraph per rule, and the bands with their points.
#[derive(Debug, Clone, Serialize)]
pub struct VRegole {
    pub paragrafi: Vec<String>,
    /// The bands from the highest (empty without the `Fasce` sheet).
    pub fasce: Vec<VFascia>,
    /// The persons' own bands from the highest (`Per` = `persone`), empty
    /// when persons are judged on the objectives' scale.
    pub fasce_persone: Vec<VFascia>,
    /// The labels of the scale from the highest, with their light: the legend.
    pub legenda: Vec<VVoce>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VFascia {
    /// `da 70 % a 90 %`.
    pub intervallo: String,
    pub valutazione: String,
    pub esito: String,
    /// `15,00 – 18,00`, when the band gives points.
    pub punti: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VVoce {
    pub etichetta: String,
    pub esito: String,
}

/// The rules of the ente's evaluation system, in Italian: how a grade, a result,
/// a valutazione, the points and the deviation are computed. What `{{ regole() }}`
/// prints, so that the narrative never tells a rule the program does not apply.
pub fn regole_in_parole(r: &Relazione) -> VRegole {
    let p = &r.punteggi;
    let mut paragrafi = vec![grado(r)];
    paragrafi.extend(eccezioni(r));
    paragrafi.extend(tetto(r));
    paragrafi.extend(medie(r));
    paragrafi.push(valutazione(r));
    paragrafi.extend(individuale(r));
    paragrafi.push(scostamento(r));
    let persone_a_parte = fasce_proprie_delle_persone(&r.piano().fasce);
    VRegole {
        paragrafi,
        fasce: fasce(r, &r.punteggi.scala),
        fasce_persone: if persone_a_parte {
            fasce(r, &r.punteggi.scala_persone)
        } else {
            Vec::new()
        },
        legenda: p
            .scala
            .voci()
            .into_iter()
            .map(|v| VVoce {
                etichetta: v.etichetta,
                esito: v.esito,
            })
            .collect(),
    }
}

/// A threshold or band end as printed: the ente's decimals, or the figure's own
/// (up to two) when it has more: `95,00 %`, `72,5 %`.
fn soglia(r: &Relazione, d: Decimal) -> String {
    let decimali = r.piano().ente.regole.decimali;
    format::percento_decimali(d, decimali.max(d.normalize().scale().min(2)))
}

/// How an indicator's grade is computed, by the ente's method.
fn grado(r: &Relazione) -> String {
    match r.piano().ente.regole.metodo_grado {
        MetodoGrado::Soglia => "Ogni indicatore ha un target, che corrisponde al pieno raggiungimento (100 %), e può \
            avere una soglia, il valore al di sotto del quale il raggiungimento è nullo: fra soglia e target il grado \
            cresce in proporzione; senza soglia, un target mancato vale zero. Per le scadenze la soglia è una data \
            successiva e si contano i giorni."
            .to_string(),
        MetodoGrado::Rapporto => "Il grado di raggiungimento di un indicatore è il rapporto fra consuntivo e target \
            (consuntivo / target) quando il valore da raggiungere è un minimo (≥), e fra target e consuntivo \
            (target / consuntivo) quando è un massimo (≤), come tempi e costi: un consuntivo pari al target vale \
            100 %. Se è indicata una soglia, un consuntivo che non la raggiunge vale zero. Gli indicatori con target \
            «uguale a» e le scadenze valgono 100 % se rispettati; altrimenti il grado scende in proporzione fra \
            target e soglia, o è zero senza soglia."
            .to_string(),
        MetodoGrado::TuttoONiente => "Ogni indicatore vale 100 % se il target è raggiunto (o la scadenza \
            rispettata) e zero altrimenti: non ci sono raggiungimenti parziali."
            .to_string(),
    }
}

/// The indicators measured by a method other than the ente's.
fn eccezioni(r: &Relazione) -> Option<String> {
    let regole = &r.piano().ente.regole;
    let propri: Vec<String> = MetodoGrado::SCELTE
        .iter()
        .filter_map(|m| {
            let m = MetodoGrado::parse(m)?;
            let n = r
                .punteggi
                .indicatori
                .values()
                .filter(|x| x.metodo == m && m != regole.metodo_grado)
                .count();
            let verbo = if n == 1 {
                "indicatore si misura"
            } else {
                "indicatori si misurano"
            };
            (n > 0).then(|| format!("{n} {verbo} con il metodo «{m}»"))
        })
        .collect();
    (!propri.is_empty()).then(|| {
        format!(
            "Fanno eccezione, per la loro natura: {}; il metodo è indicato nella scheda di ciascuno.",
            propri.join("; ")
        )
    })
}

/// The cap, when it can matter (a grade by ratio can exceed 100 %).
fn tetto(r: &Relazione) -> Option<String> {
    let regole = &r.piano().ente.regole;
    let rapporto_in_uso = regole.metodo_grado == MetodoGrado::Rapporto
        || r.punteggi
            .indicatori
            .values()
            .any(|x| x.metodo == MetodoGrado::Rapporto);
    match regole.tetto_grado {
        Some(t) if rapporto_in_uso && t == Decimal::ONE_HUNDRED => Some(
            "Il grado di ciascun indicatore non supera il 100 %: un risultato oltre il target non compensa un \
             indicatore mancato."
                .to_string(),
        ),
        Some(t) if t > Decimal::ONE_HUNDRED => Some(format!(
            "Il grado di ciascun indicatore può superare il 100 % fino a un massimo di {}, prima di ogni media: \
             un risultato oltre il target compensa in parte un indicatore mancato.",
            soglia(r, t)
        )),
        None => Some(
            "Il grado di un indicatore non ha un tetto: un risultato oltre il target conta per intero, anche oltre \
             il 100 %."
                .to_string(),
        ),
        _ => None,
    }
}

/// The means: of an objective; of the ente, of a unit, of a person.
fn medie(r: &Relazione) -> [String; 2] {
    let regole = &r.piano().ente.regole;
    let obiettivo = match regole.metodo_obiettivo {
        MetodoMedia::MediaPonderata => {
            "Il risultato di un obiettivo è la media dei gradi dei suoi indicatori, \
            ponderata con i pesi"
        }
        MetodoMedia::Media => {
            "Il risultato di un obiettivo è la media semplice dei gradi dei suoi indicatori \
            misurati"
        }
    };
    let ente = match regole.metodo_ente {
        MetodoMedia::Media => "la media",
        MetodoMedia::MediaPonderata => "la media ponderata con i pesi degli obiettivi",
    };
    let l = &r.piano().ente.lessico;
    let unita = l.unita_nelle_regole();
    // The annex of the individual objectives, by its number, if the ente keeps it.
    let allegato = r
        .piano()
        .ente
        .allegati
        .iter()
        .filter(|a| a.tipo != TipoAllegato::Modifiche || !r.piano().modifiche.is_empty())
        .position(|a| a.tipo == TipoAllegato::Individuali)
        .map_or_else(|| "assegnati".to_string(), |i| format!("dell'Allegato {}", i + 1));
    let individuale = if r.piano().componenti.is_empty() {
        format!(
            "Il risultato individuale è la media dei risultati degli obiettivi assegnati a ciascuno, ponderata con \
             i pesi {allegato}."
        )
    } else {
        "Il risultato individuale combina le componenti della valutazione, come segue.".to_string()
    };
    [
        format!("{obiettivo}; un indicatore con peso zero è stato neutralizzato e non è misurato."),
        format!(
            "La performance dell'ente è {ente} dei risultati {} ({}); quella {} è la media dei risultati {} in \
             cui è {}. {individuale}",
            l.strategico.con(Preposizione::Di, true),
            r.punteggi
                .ente
                .map_or_else(|| "-".into(), |x| format::percento_decimali(x, regole.decimali)),
            di_ciascuno(unita),
            l.operativo.con(Preposizione::Di, true),
            unita.accorda("coinvolt", false),
        ),
    ]
}

/// «di ciascuna area», «di ciascun settore».
fn di_ciascuno(n: Nome) -> String {
    format!("di {}", n.ciascuno())
}

/// From a result to its valutazione: the two thresholds, or the bands.
fn valutazione(r: &Relazione) -> String {
    let p = &r.punteggi;
    match &p.scala {
        Scala::Soglie {
            raggiunto,
            non_raggiunto,
        } => {
            let non = if non_raggiunto.is_zero() {
                "Non raggiunto con un risultato nullo".to_string()
            } else {
                format!("Non raggiunto fino a {}", soglia(r, *non_raggiunto))
            };
            format!(
                "Un obiettivo è Raggiunto con un risultato da {} in su, {non}, Parzialmente raggiunto in mezzo.",
                soglia(r, *raggiunto)
            )
        }
        Scala::Fasce(bande) => {
            // Points fixed in a band (the same at its start and its end), or
            // growing in proportion inside it: said as the bands give them.
            let con_punti: Vec<(Decimal, Decimal)> = bande.iter().filter_map(|b| b.punti).collect();
            let fissi = con_punti.iter().filter(|(x, y)| x == y).count();
            let a_chi = if fasce_proprie_delle_persone(&r.piano().fasce) {
                "agli obiettivi"
            } else {
                "agli obiettivi e, per il risultato individuale, alle persone"
            };
            let punti = if con_punti.is_empty() {
                String::new()
            } else if fissi == con_punti.len() {
                format!(" e i punti che attribuisce, gli stessi per ogni risultato della fascia ({a_chi})")
            } else if fissi == 0 {
                format!(" e i punti che attribuisce, che crescono in proporzione dentro la fascia ({a_chi})")
            } else {
                format!(
                    " e i punti che attribuisce ({a_chi}): gli stessi per ogni risultato nelle fasce che danno un \
                     solo valore, crescenti in proporzione dentro le altre"
                )
            };
            format!(
                "La valutazione di un obiettivo dipende dalla fascia in cui cade il suo risultato{punti}: ogni fascia \
                 comprende il valore iniziale e non quello finale, tranne la più alta."
            )
        }
    }
}

/// The individual evaluation, when the ente's system has components (per
/// category, their weights) or bands of its own for persons.
fn individuale(r: &Relazione) -> Vec<String> {
    use crate::model::Componente;
    let piano = r.piano();
    let mut out = Vec::new();
    if !piano.componenti.is_empty() {
        let mut categorie: Vec<&str> = Vec::new();
        for c in &piano.componenti {
            if !categorie.contains(&c.categoria.as_str()) {
                categorie.push(&c.categoria);
            }
        }
        let pesi: Vec<String> = categorie
            .iter()
            .map(|cat| {
                let righe: Vec<&crate::model::PesoComponente> =
                    piano.componenti.iter().filter(|c| &c.categoria == cat).collect();
                let frazioni = scoring::in_frazioni(righe.iter().map(|c| c.peso));
                let voci: Vec<String> = righe
                    .iter()
                    .map(|c| {
                        let p = if frazioni {
                            c.peso * Decimal::ONE_HUNDRED
                        } else {
                            c.peso
                        };
                        format!(
                            "{} {}",
                            c.componente,
                            format::percento_decimali(p, p.normalize().scale())
                        )
                    })
                    .collect();
                format!("per {cat}, {}", voci.join(", "))
            })
            .collect();
        let mut frase = format!(
            "La valutazione individuale è la media ponderata delle sue componenti, con i pesi del sistema di \
             valutazione: {}.",
            pesi.join("; ")
        );
        let usate = |c: Componente| piano.componenti.iter().any(|x| x.componente == c);
        if usate(Componente::RisultatiOrganizzativi) {
            frase.push_str(&format!(
                " I risultati organizzativi sono quelli dell'ente o {} assegnati alla persona, con i loro pesi.",
                piano.ente.lessico.unita_nelle_regole().con(Preposizione::Di, false)
            ));
        }
        if usate(Componente::ObiettiviIndividuali) {
            frase.push_str(
                " Gli obiettivi individuali valgono la media dei risultati degli obiettivi assegnati, con i loro pesi.",
            );
        }
        if usate(Componente::Comportamenti) || usate(Componente::Differenziazione) {
            frase.push_str(
                " I comportamenti e la differenziazione dei giudizi sono i punteggi del valutatore, ciascuno in \
                 percentuale del suo massimo (8 su 10 vale 80 %).",
            );
        }
        frase.push_str(" Chi non ha una componente è valutato sulle altre, con i loro pesi.");
        out.push(frase);
    }
    if fasce_proprie_delle_persone(&piano.fasce) {
        let Scala::Fasce(bande) = &r.punteggi.scala_persone else {
            return out;
        };
        let con_punti = bande.iter().any(|b| b.punti.is_some());
        out.push(format!(
            "Le persone hanno fasce proprie, distinte da quelle degli obiettivi{}: la valutazione individuale \
             dipende dalla fascia in cui cade il risultato individuale.",
            if con_punti {
                ", con i punti che attribuiscono"
            } else {
                ""
            }
        ));
    }
    out
}

/// The bands of a scale, from the highest, for their table.
fn fasce(r: &Relazione, scala: &Scala) -> Vec<VFascia> {
    let Scala::Fasce(bande) = scala else {
        return Vec::new();
    };
    let n = bande.len();
    bande
        .iter()
        .enumerate()
        .rev()
        .map(|(i, b)| VFascia {
            intervallo: if i + 1 == n {
                format!("da {} a {}", soglia(r, b.da), soglia(r, b.a))
            } else {
                format!("da {} a meno di {}", soglia(r, b.da), soglia(r, b.a))
            },
            valutazione: b.etichetta.clone(),
            esito: scoring::fasce::esito(scoring::fasce::luce(i, n), scoring::fasce::tono(i, n)),
            punti: b.punti.map(|(x, y)| {
                if x == y {
                    format::numero(x)
                } else {
                    format!("da {} a {}", format::numero(x), format::numero(y))
                }
            }),
        })
        .collect()
}

/// How the deviation is expressed.
fn scostamento(r: &Relazione) -> String {
    let regole = &r.piano().ente.regole;
    let mut frase = scostamento_forma(r);
    if regole.punti_percentuali && regole.scostamento == TipoScostamento::Assoluto {
        frase.push_str(" Per gli indicatori in percentuale lo scostamento è in punti percentuali (p.p.).");
    }
    if regole.verso_scostamento {
        frase.push_str(
            " Per gli indicatori in cui un valore più basso è migliore (≤), accanto allo scostamento è indicato se è \
             in meglio o in peggio.",
        );
    }
    frase
}

/// The deviation's form: absolute or relative.
fn scostamento_forma(r: &Relazione) -> String {
    match r.piano().ente.regole.scostamento {
        TipoScostamento::Assoluto => "Lo scostamento è la differenza fra consuntivo e target, nell'unità di misura \
            del target (in giorni per le scadenze; negativo se in anticipo)."
            .to_string(),
        TipoScostamento::Relativo => "Lo scostamento è la differenza fra consuntivo e target in percentuale del \
            target (in giorni per le scadenze; negativo se in anticipo)."
            .to_string(),
    }
}
