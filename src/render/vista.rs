//! The view of a scored report that the templates see: every figure already
//! formatted the Italian way (from the exact decimals), plus the raw numbers that
//! charts need.

use crate::Relazione;
use crate::format;
use crate::model::{Livello, Obiettivo, Operatore, Regole, TipoScostamento, UnitaMisura, Valore, ValoreDato, Voce};
use crate::scoring::{self, Giudizio, Scala, Valutazione};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Vista {
    pub ente: VEnte,
    /// Top-level ambiti with their strategic objectives (albero, Allegato 1).
    pub ambiti: Vec<VAmbito>,
    pub strategici: Vec<VObiettivo>,
    pub operativi: Vec<VObiettivo>,
    pub unita: Vec<VUnita>,
    pub persone: Vec<VPersona>,
    pub sintesi: VSintesi,
    pub grafici: BTreeMap<String, VGrafico>,
    /// Named figures of the `Dati` sheet, formatted.
    pub dati: BTreeMap<String, String>,
    /// Changes of the year, grouped by deliberation.
    pub delibere: Vec<VDelibera>,
    /// `build --compare`: the earlier draft the changes are marked against.
    pub confronto: Option<String>,
    /// The rules of the ente's evaluation system, in words (`{{ regole() }}`
    /// places them; the field is not called `regole`, which would hide it).
    pub sistema: super::regole::VRegole,
}

#[derive(Debug, Clone, Serialize)]
pub struct VEnte {
    pub nome: String,
    pub titolo: String,
    pub anno: i32,
    pub anno_testo: String,
    pub approvazione: Option<String>,
    pub redazione: Option<String>,
    /// Virtual path of the logo, inside the report folder.
    pub logo: Option<String>,
    pub risultato: Option<f64>,
    pub risultato_testo: String,
    /// The label of the ente's result on the scale (its band).
    pub valutazione: Option<String>,
    /// The light of that label: `Raggiunto`, `Parzialmente raggiunto`, `Non raggiunto`.
    pub esito: Option<String>,
    pub soglia_raggiunto: String,
    /// Digits printed for grades and results (the `decimali` setting).
    pub decimali: u32,
    /// `build --compare`: the earlier draft's overall result, when it changed.
    pub risultato_prima: Option<String>,
    /// The document's date (see [`crate::model::Ente::data_documento`]).
    pub data: VData,
}

#[derive(Debug, Clone, Serialize)]
pub struct VData {
    pub anno: i32,
    pub mese: u32,
    pub giorno: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct VAmbito {
    pub codice: String,
    pub etichetta: String,
    pub descrizione: Option<String>,
    pub strategici: Vec<VObiettivo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VObiettivo {
    pub codice: String,
    pub livello: String,
    pub titolo: String,
    pub descrizione: Option<String>,
    /// Allegato 1: `1 – SISTEMA CAMERALE PER LE IMPRESE › 1.1 LA MACCHINA …`.
    pub ambito: Option<String>,
    /// Allegato 2: the strategic objective, `OS01.1.1 – Garantire …`.
    pub padre: Option<String>,
    pub unita: String,
    /// The objective's weight (Allegato 3: the weight in the person's result).
    pub peso: Option<String>,
    pub risultato: String,
    pub risultato_num: Option<f64>,
    /// The label of the result on the ente's scale (its band).
    pub valutazione: Option<String>,
    /// Its light: `Raggiunto`, `Parzialmente raggiunto`, `Non raggiunto`.
    pub esito: Option<String>,
    /// Points, when the bands give them: `16,50`.
    pub punti: Option<String>,
    /// `obiettivo`; in Allegato 3 also `ente` or `unita`, a person's share in the
    /// result of the ente or of a unit.
    pub voce: String,
    /// For `ente` and `unita`: how that result is measured.
    pub calcolo: Option<String>,
    pub indicatori: Vec<VIndicatore>,
    /// Albero: the operational objectives of a strategic one.
    pub operativi: Vec<VObiettivo>,
    /// `build --compare`: field → the earlier draft's value, for fields that changed.
    pub prima: BTreeMap<String, String>,
    /// `build --compare`: the objective is not in the earlier draft.
    pub nuovo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VIndicatore {
    pub codice: String,
    pub nome: String,
    pub descrizione: Option<String>,
    pub peso: String,
    pub tipologia: Option<String>,
    pub soglia: Option<String>,
    pub algoritmo: Option<String>,
    pub fonte: Option<String>,
    pub target: String,
    pub consuntivo: String,
    pub scostamento: String,
    pub grado: String,
    pub neutralizzato: bool,
    /// The indicator's own grading method, when it is not the ente's.
    pub metodo: Option<String>,
    /// NOTA lines: the changes by deliberation, then the row's own Nota.
    pub note: Vec<String>,
    /// `build --compare`: field → the earlier draft's value, for fields that changed.
    pub prima: BTreeMap<String, String>,
    /// `build --compare`: the indicator is not in the earlier draft.
    pub nuovo: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct VUnita {
    pub codice: String,
    pub nome: String,
    pub responsabile: Option<String>,
    pub risultato: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VPersona {
    pub nome: String,
    pub ruolo: String,
    pub risultato: String,
    pub valutazione: Option<String>,
    pub esito: Option<String>,
    pub punti: Option<String>,
    pub obiettivi: Vec<VObiettivo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VSintesi {
    pub strategici: VConteggi,
    pub operativi: VConteggi,
    pub barre: Vec<VBarra>,
    /// The objectives by label of the scale, from the highest.
    pub fasce: Vec<VConteggioFascia>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VConteggioFascia {
    pub etichetta: String,
    pub esito: String,
    /// The caption of the strategic count: `Obiettivi strategici raggiunti`.
    pub didascalia: String,
    pub strategici: usize,
    pub operativi: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VConteggi {
    pub raggiunti: usize,
    pub parziali: usize,
    pub non_raggiunti: usize,
    pub non_misurati: usize,
    pub totale: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VBarra {
    /// `build --compare`: the earlier draft's result, when it changed.
    pub prima: Option<String>,
    pub etichetta: String,
    pub titolo: String,
    pub valore: f64,
    pub testo: String,
    pub valutazione: Option<String>,
    pub esito: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VGrafico {
    pub id: String,
    pub titolo: String,
    pub tipo: String,
    pub unita: Option<String>,
    /// Text alternative for readers who cannot see the chart: every value.
    pub descrizione: String,
    pub categorie: Vec<String>,
    pub serie: Vec<VSerie>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VSerie {
    pub nome: String,
    pub valori: Vec<f64>,
    pub testi: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VDelibera {
    pub numero: String,
    pub data: String,
    pub modifiche: Vec<VModifica>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VModifica {
    pub indicatore: String,
    pub campo: String,
    pub nota: String,
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or_default()
}

/// How the figures of this report are printed: the `decimali` setting and the
/// form of the deviation.
#[derive(Debug, Clone, Copy)]
struct Stampa {
    decimali: u32,
    scostamento: TipoScostamento,
}

impl Stampa {
    fn di(regole: &Regole) -> Stampa {
        Stampa {
            decimali: regole.decimali,
            scostamento: regole.scostamento,
        }
    }

    /// A computed percentage (grade, result): `84,43 %`, `84 %` with 0 decimals.
    fn pct(self, d: Option<Decimal>) -> String {
        d.map_or_else(|| "-".into(), |d| format::percento_decimali(d, self.decimali))
    }

    /// A weight as a percentage, never rounded away; fractions (0,20) ×100.
    fn peso(self, peso: Decimal, frazioni: bool) -> String {
        let p = if frazioni { peso * Decimal::ONE_HUNDRED } else { peso };
        format!("{} %", format::numero_almeno(p, self.decimali))
    }

    /// The deviation: in the target's unit, in days for deadlines, or relative (%).
    fn scostamento(self, x: Option<Decimal>, u: UnitaMisura) -> String {
        let Some(x) = x else { return "-".into() };
        match (self.scostamento, u) {
            (TipoScostamento::Relativo, u) if u != UnitaMisura::Data => {
                format::scostamento_decimali(x, "%", self.decimali)
            }
            _ => format::scostamento(x, u.simbolo()),
        }
    }
}

/// The label, light and points of a result, as printed.
fn giudizio_stampato(g: Option<&Giudizio>) -> (Option<String>, Option<String>, Option<String>) {
    match g {
        None => (None, None, None),
        Some(g) => (
            Some(g.etichetta.clone()),
            Some(g.valutazione.to_string()),
            g.punti.map(format::numero),
        ),
    }
}

fn valore(v: Valore, u: UnitaMisura) -> String {
    match v {
        Valore::Data(_) => v.to_string(),
        Valore::Numero(_) => format!("{v} {}", u.simbolo()),
    }
}

fn operatore(o: Operatore) -> &'static str {
    match o {
        Operatore::AlMeno => "≥",
        Operatore::AlPiu => "≤",
        Operatore::Uguale => "=",
        Operatore::Entro => "Entro",
    }
}

/// A number as written in the workbook, Italian separators, its own decimals.
fn numero_come_scritto(n: Decimal) -> String {
    format::numero_decimali(n, n.normalize().scale())
}

/// Builds the view of a scored report. `logo` is the virtual path of the logo.
pub fn vista(r: &Relazione, logo: Option<String>) -> Vista {
    let piano = r.piano();
    let p = &r.punteggi;
    let anno = piano.ente.anno;
    let regole = &piano.ente.regole;
    let stampa = Stampa::di(regole);
    let pct = |d: Option<Decimal>| stampa.pct(d);
    let indicatori = |o: &Obiettivo| -> Vec<VIndicatore> {
        // Weights summing to 1, as planned or in force, are fractions: printed ×100.
        let frazioni = scoring::in_frazioni(r.pianificato.indicatori_di(&o.codice).map(|i| i.peso))
            || scoring::in_frazioni(piano.indicatori_di(&o.codice).map(|i| i.peso));
        piano
            .indicatori_di(&o.codice)
            .map(|i| {
                let s = &p.indicatori[&i.codice];
                let u = i.unita_misura;
                let mancata = scoring::scadenza_mancata(i, anno);
                let mut note: Vec<String> = r.in_vigore.note_di(&i.codice).to_vec();
                note.extend(i.nota.clone());
                VIndicatore {
                    codice: i.codice.clone(),
                    nome: i.nome.clone(),
                    descrizione: i.descrizione.clone(),
                    peso: stampa.peso(i.peso, frazioni),
                    tipologia: i.tipologia.clone(),
                    soglia: i.soglia.map(|v| valore(v, u)),
                    algoritmo: i.algoritmo.clone(),
                    fonte: i.fonte.clone(),
                    target: i.target.map_or_else(
                        || "-".into(),
                        |t| format!("{} {}", operatore(i.operatore), valore(t, u)),
                    ),
                    consuntivo: match i.consuntivo {
                        Some(c) => valore(c, u),
                        None if mancata => "non realizzato".into(),
                        None => "-".into(),
                    },
                    scostamento: stampa.scostamento(s.scostamento, u),
                    grado: if s.neutralizzato {
                        "neutralizzato".into()
                    } else {
                        pct(s.grado)
                    },
                    neutralizzato: s.neutralizzato,
                    metodo: (s.metodo != regole.metodo_grado).then(|| s.metodo.to_string()),
                    note,
                    prima: BTreeMap::new(),
                    nuovo: false,
                }
            })
            .collect()
    };
    let etichetta_ambito = |codice: &str| -> Option<String> {
        let a = piano.ambiti.iter().find(|a| a.codice == codice)?;
        Some(
            match a
                .padre()
                .and_then(|padre| piano.ambiti.iter().find(|x| x.codice == padre))
            {
                Some(padre) => format!("{} – {} › {} {}", padre.codice, padre.nome, a.codice, a.nome),
                None => format!("{} – {}", a.codice, a.nome),
            },
        )
    };
    let unita_nomi = |o: &Obiettivo| {
        o.unita
            .iter()
            .map(|c| {
                piano
                    .unita
                    .iter()
                    .find(|u| &u.codice == c)
                    .map_or(c.clone(), |u| u.nome.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let obiettivo = |o: &Obiettivo| {
        let s = &p.obiettivi[&o.codice];
        let (valutazione, esito, punti) = giudizio_stampato(s.giudizio.as_ref());
        VObiettivo {
            codice: o.codice.clone(),
            livello: o.livello.to_string(),
            titolo: o.titolo.clone(),
            descrizione: o.descrizione.clone(),
            ambito: o.ambito.as_deref().and_then(etichetta_ambito),
            padre: o.padre.as_ref().map(|c| {
                piano
                    .obiettivo(c)
                    .map_or(c.clone(), |x| format!("{} – {}", x.codice, x.titolo))
            }),
            unita: unita_nomi(o),
            peso: o.peso.map(format::percento),
            risultato: pct(s.risultato),
            risultato_num: s.risultato.map(f),
            valutazione,
            esito,
            punti,
            voce: "obiettivo".into(),
            calcolo: None,
            indicatori: indicatori(o),
            operativi: Vec::new(),
            prima: BTreeMap::new(),
            nuovo: false,
        }
    };
    let operativi: Vec<VObiettivo> = piano
        .obiettivi
        .iter()
        .filter(|o| o.livello == Livello::Operativo)
        .map(obiettivo)
        .collect();
    let strategici: Vec<VObiettivo> = piano
        .obiettivi
        .iter()
        .filter(|o| o.livello == Livello::Strategico)
        .map(|o| {
            let mut v = obiettivo(o);
            v.operativi = piano
                .obiettivi
                .iter()
                .filter(|x| x.padre.as_deref() == Some(&o.codice))
                .map(&obiettivo)
                .collect();
            v
        })
        .collect();
    // Top-level ambiti, each with the strategic objectives of it and its sub-ambiti.
    let radice = |codice: &str| codice.split('.').next().unwrap_or(codice).to_string();
    let mut ambiti: Vec<VAmbito> = piano
        .ambiti
        .iter()
        .filter(|a| a.padre().is_none())
        .map(|a| VAmbito {
            codice: a.codice.clone(),
            etichetta: format!("{} – {}", a.codice, a.nome),
            descrizione: a.descrizione.clone(),
            strategici: strategici
                .iter()
                .filter(|s| {
                    piano
                        .obiettivo(&s.codice)
                        .and_then(|o| o.ambito.as_deref())
                        .map(radice)
                        .as_deref()
                        == Some(a.codice.as_str())
                })
                .cloned()
                .collect(),
        })
        .collect();
    let senza_ambito: Vec<VObiettivo> = strategici
        .iter()
        .filter(|s| !ambiti.iter().any(|a| a.strategici.iter().any(|x| x.codice == s.codice)))
        .cloned()
        .collect();
    if !senza_ambito.is_empty() {
        ambiti.push(VAmbito {
            codice: String::new(),
            etichetta: "Obiettivi senza ambito".into(),
            descrizione: None,
            strategici: senza_ambito,
        });
    }
    let conteggi = |livello: Livello| {
        let vals: Vec<Option<Valutazione>> = piano
            .obiettivi
            .iter()
            .filter(|o| o.livello == livello)
            .map(|o| p.obiettivi[&o.codice].valutazione)
            .collect();
        let n = |v: Option<Valutazione>| vals.iter().filter(|x| **x == v).count();
        VConteggi {
            raggiunti: n(Some(Valutazione::Raggiunto)),
            parziali: n(Some(Valutazione::ParzialmenteRaggiunto)),
            non_raggiunti: n(Some(Valutazione::NonRaggiunto)),
            non_misurati: n(None),
            totale: vals.len(),
        }
    };
    let sintesi = VSintesi {
        strategici: conteggi(Livello::Strategico),
        operativi: conteggi(Livello::Operativo),
        barre: strategici
            .iter()
            .map(|s| VBarra {
                prima: None,
                etichetta: s.codice.clone(),
                titolo: s.titolo.clone(),
                valore: s.risultato_num.unwrap_or(0.0),
                testo: s.risultato.clone(),
                valutazione: s.valutazione.clone(),
                esito: s.esito.clone(),
            })
            .collect(),
        fasce: conteggi_fasce(r),
    };
    let unita = piano
        .unita
        .iter()
        .map(|u| VUnita {
            codice: u.codice.clone(),
            nome: u.nome.clone(),
            responsabile: u.responsabile.clone(),
            risultato: pct(p.unita.get(&u.codice).copied().flatten()),
        })
        .collect();
    let mut persone: Vec<VPersona> = Vec::new();
    for a in &piano.assegnazioni {
        let mut v = match a.voce() {
            Voce::Obiettivo(codice) => match piano.obiettivo(codice) {
                Some(o) => obiettivo(o),
                None => continue,
            },
            Voce::Ente => voce_sintetica(
                "ente",
                "Ente",
                &piano.ente.nome,
                p.ente,
                "media dei risultati degli obiettivi strategici",
                r,
            ),
            Voce::Unita(codice) => {
                let nome = piano
                    .unita
                    .iter()
                    .find(|u| u.codice == codice)
                    .map_or(codice, |u| u.nome.as_str());
                voce_sintetica(
                    "unita",
                    codice,
                    nome,
                    p.unita.get(codice).copied().flatten(),
                    "media dei risultati degli obiettivi operativi in cui l'unità organizzativa è coinvolta",
                    r,
                )
            }
        };
        let frazioni = scoring::in_frazioni(
            piano
                .assegnazioni
                .iter()
                .filter(|x| x.persona == a.persona)
                .map(|x| x.peso),
        );
        v.peso = Some(stampa.peso(a.peso, frazioni));
        match persone.iter_mut().find(|x| x.nome == a.persona) {
            Some(x) => x.obiettivi.push(v),
            None => {
                let risultato = p.persone.get(&a.persona).copied().flatten();
                let (valutazione, esito, punti) = giudizio_stampato(p.giudizio(risultato).as_ref());
                persone.push(VPersona {
                    nome: a.persona.clone(),
                    ruolo: a.ruolo.clone(),
                    risultato: pct(risultato),
                    valutazione,
                    esito,
                    punti,
                    obiettivi: vec![v],
                })
            }
        }
    }
    let mut grafici: BTreeMap<String, VGrafico> = BTreeMap::new();
    // (chart, series, category) → value, the first row that gives it.
    let mut punti: std::collections::HashMap<(&str, &str, &str), Decimal> = std::collections::HashMap::new();
    let mut categorie_viste: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    let mut serie_viste: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    for s in &piano.serie {
        punti.entry((&s.grafico, &s.serie, &s.categoria)).or_insert(s.valore);
        let g = grafici.entry(s.grafico.clone()).or_insert_with(|| VGrafico {
            id: s.grafico.clone(),
            titolo: s.titolo.clone(),
            tipo: match s.tipo {
                crate::model::TipoGrafico::Barre => "barre",
                crate::model::TipoGrafico::Linee => "linee",
                crate::model::TipoGrafico::Torta => "torta",
            }
            .into(),
            unita: s.unita.clone(),
            descrizione: String::new(),
            categorie: Vec::new(),
            serie: Vec::new(),
        });
        if categorie_viste.insert((&s.grafico, &s.categoria)) {
            g.categorie.push(s.categoria.clone());
        }
        if serie_viste.insert((&s.grafico, &s.serie)) {
            g.serie.push(VSerie {
                nome: s.serie.clone(),
                valori: Vec::new(),
                testi: Vec::new(),
            });
        }
    }
    // Values in category order; a missing point is 0.
    for g in grafici.values_mut() {
        for serie in g.serie.iter_mut() {
            for c in &g.categorie {
                let v = punti
                    .get(&(g.id.as_str(), serie.nome.as_str(), c.as_str()))
                    .copied()
                    .unwrap_or(Decimal::ZERO);
                serie.valori.push(f(v));
                let unita = g.unita.as_deref().map_or(String::new(), |u| format!(" {u}"));
                serie.testi.push(format!("{}{}", numero_come_scritto(v), unita));
            }
        }
        let tipo = match g.tipo.as_str() {
            "torta" => "a torta",
            "linee" => "a linee",
            _ => "a barre",
        };
        let dati: Vec<String> = g
            .serie
            .iter()
            .map(|s| {
                let punti: Vec<String> = g
                    .categorie
                    .iter()
                    .zip(&s.testi)
                    .map(|(c, t)| format!("{c} {t}"))
                    .collect();
                if g.serie.len() > 1 {
                    format!("{}: {}", s.nome, punti.join(", "))
                } else {
                    punti.join(", ")
                }
            })
            .collect();
        g.descrizione = format!("Grafico {tipo}. {}. {}.", g.titolo, dati.join("; "));
    }
    let dati = piano
        .dati
        .iter()
        .map(|d| {
            let testo = match &d.valore {
                ValoreDato::Numero(n) => numero_come_scritto(*n),
                ValoreDato::Data(x) => format::data(*x),
                ValoreDato::Testo(t) => t.clone(),
            };
            (d.chiave.clone(), testo)
        })
        .collect();
    let mut delibere: Vec<VDelibera> = Vec::new();
    let mut ordine: Vec<&crate::model::Modifica> = piano.modifiche.iter().collect();
    ordine.sort_by_key(|m| (m.data, m.origine.riga));
    for m in ordine {
        let data = format::data_lunga(m.data);
        let posizione = piano
            .modifiche
            .iter()
            .filter(|x| x.indicatore == m.indicatore && (x.data, x.origine.riga) <= (m.data, m.origine.riga))
            .count();
        let nota = r
            .in_vigore
            .note_di(&m.indicatore)
            .get(posizione - 1)
            .cloned()
            .unwrap_or_default();
        let v = VModifica {
            indicatore: m.indicatore.clone(),
            campo: m.campo.to_string(),
            nota,
        };
        match delibere.iter_mut().find(|d| d.numero == m.delibera && d.data == data) {
            Some(d) => d.modifiche.push(v),
            None => delibere.push(VDelibera {
                numero: m.delibera.clone(),
                data,
                modifiche: vec![v],
            }),
        }
    }
    let ente = &piano.ente;
    let giudizio_ente = giudizio_stampato(p.giudizio(p.ente).as_ref());
    Vista {
        ente: VEnte {
            nome: ente.nome.clone(),
            titolo: ente.titolo.clone(),
            anno,
            anno_testo: anno.to_string(),
            approvazione: ente.approvazione.clone(),
            redazione: ente.redazione.clone(),
            logo,
            risultato: p.ente.map(f),
            risultato_testo: pct(p.ente),
            valutazione: giudizio_ente.0,
            esito: giudizio_ente.1,
            soglia_raggiunto: format::percento(regole.soglia_raggiunto),
            decimali: regole.decimali,
            risultato_prima: None,
            data: {
                use chrono::Datelike;
                let d = ente.data_documento();
                VData {
                    anno: d.year(),
                    mese: d.month(),
                    giorno: d.day(),
                }
            },
        },
        ambiti,
        strategici,
        operativi,
        unita,
        persone,
        sintesi,
        grafici,
        dati,
        delibere,
        confronto: None,
        sistema: super::regole::regole_in_parole(r),
    }
}

/// A card of Allegato 3 for a person's share in the result of the ente or of a
/// unit: no indicators, its result and how it is measured.
fn voce_sintetica(
    voce: &str,
    codice: &str,
    nome: &str,
    risultato: Option<Decimal>,
    calcolo: &str,
    r: &Relazione,
) -> VObiettivo {
    let p = &r.punteggi;
    let (valutazione, esito, punti) = giudizio_stampato(p.giudizio(risultato).as_ref());
    let titolo = match voce {
        "ente" => format!("Performance organizzativa dell'ente – {nome}"),
        _ => format!("Performance organizzativa dell'unità {codice} – {nome}"),
    };
    VObiettivo {
        codice: codice.to_string(),
        livello: voce.to_string(),
        titolo,
        descrizione: None,
        ambito: None,
        padre: None,
        unita: String::new(),
        peso: None,
        risultato: Stampa::di(&r.piano().ente.regole).pct(risultato),
        risultato_num: risultato.map(f),
        valutazione,
        esito,
        punti,
        voce: voce.to_string(),
        calcolo: Some(format!("Risultato misurato come {calcolo}.")),
        indicatori: Vec::new(),
        operativi: Vec::new(),
        prima: BTreeMap::new(),
        nuovo: false,
    }
}

/// The objectives by label of the ente's scale, from the highest.
fn conteggi_fasce(r: &Relazione) -> Vec<VConteggioFascia> {
    let piano = r.piano();
    let p = &r.punteggi;
    let conta = |etichetta: &str, livello: Livello| {
        piano
            .obiettivi
            .iter()
            .filter(|o| o.livello == livello)
            .filter(|o| {
                p.obiettivi[&o.codice]
                    .giudizio
                    .as_ref()
                    .is_some_and(|g| g.etichetta == etichetta)
            })
            .count()
    };
    let soglie = matches!(p.scala, Scala::Soglie { .. });
    p.scala
        .voci()
        .into_iter()
        .enumerate()
        .map(|(i, (etichetta, luce))| {
            let didascalia = match (soglie, luce) {
                (true, Valutazione::Raggiunto) => "Obiettivi strategici raggiunti".to_string(),
                (true, Valutazione::ParzialmenteRaggiunto) => "Parzialmente raggiunti".to_string(),
                (true, Valutazione::NonRaggiunto) => "Non raggiunti".to_string(),
                (false, _) if i == 0 => format!("Obiettivi strategici: {etichetta}"),
                (false, _) => etichetta.clone(),
            };
            VConteggioFascia {
                strategici: conta(&etichetta, Livello::Strategico),
                operativi: conta(&etichetta, Livello::Operativo),
                esito: luce.to_string(),
                didascalia,
                etichetta,
            }
        })
        .collect()
}

/// The fields of an indicator that a reader sees, by name.
fn campi_indicatore(i: &VIndicatore) -> Vec<(&'static str, String)> {
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    vec![
        ("nome", i.nome.clone()),
        ("descrizione", o(&i.descrizione)),
        ("peso", i.peso.clone()),
        ("tipologia", o(&i.tipologia)),
        ("soglia", o(&i.soglia)),
        ("algoritmo", o(&i.algoritmo)),
        ("fonte", o(&i.fonte)),
        ("target", i.target.clone()),
        ("consuntivo", i.consuntivo.clone()),
        ("scostamento", i.scostamento.clone()),
        ("grado", i.grado.clone()),
        ("metodo", i.metodo.clone().unwrap_or_default()),
        ("note", i.note.join(" ")),
    ]
}

fn campi_obiettivo(o: &VObiettivo) -> Vec<(&'static str, String)> {
    vec![
        ("titolo", o.titolo.clone()),
        ("descrizione", o.descrizione.clone().unwrap_or_default()),
        ("unita", o.unita.clone()),
        ("peso", o.peso.clone().unwrap_or_default()),
        ("risultato", o.risultato.clone()),
        (
            "valutazione",
            o.valutazione.clone().unwrap_or_else(|| "Non misurato".into()),
        ),
        ("punti", o.punti.clone().unwrap_or_default()),
    ]
}

/// `build --compare`: marks in the view every objective and indicator field that
/// differs from the earlier draft's view, keeping the old value beside the new.
pub fn segna_modifiche(nuova: &mut Vista, vecchia: &Vista, nome_bozza: &str) {
    let mut obiettivi: BTreeMap<String, &VObiettivo> = BTreeMap::new();
    let mut indicatori: BTreeMap<String, &VIndicatore> = BTreeMap::new();
    for o in vecchia.strategici.iter().chain(&vecchia.operativi) {
        obiettivi.insert(o.codice.clone(), o);
        for i in &o.indicatori {
            indicatori.insert(i.codice.clone(), i);
        }
    }
    let segna = |o: &mut VObiettivo| {
        match obiettivi.get(&o.codice) {
            None => o.nuovo = true,
            Some(v) => {
                for ((campo, nuovo), (_, vecchio)) in campi_obiettivo(o).into_iter().zip(campi_obiettivo(v)) {
                    if nuovo != vecchio {
                        o.prima
                            .insert(campo.into(), if vecchio.is_empty() { "—".into() } else { vecchio });
                    }
                }
            }
        }
        for i in o.indicatori.iter_mut() {
            match indicatori.get(&i.codice) {
                None => i.nuovo = true,
                Some(v) => {
                    for ((campo, nuovo), (_, vecchio)) in campi_indicatore(i).into_iter().zip(campi_indicatore(v)) {
                        if nuovo != vecchio {
                            i.prima
                                .insert(campo.into(), if vecchio.is_empty() { "—".into() } else { vecchio });
                        }
                    }
                }
            }
        }
    };
    for o in nuova.strategici.iter_mut() {
        segna(o);
        o.operativi.iter_mut().for_each(segna);
    }
    nuova.operativi.iter_mut().for_each(segna);
    for a in nuova.ambiti.iter_mut() {
        for o in a.strategici.iter_mut() {
            segna(o);
            o.operativi.iter_mut().for_each(segna);
        }
    }
    for p in nuova.persone.iter_mut() {
        // In Allegato 3 the weight is the person's; compare it with the earlier draft's.
        let vecchia_persona = vecchia.persone.iter().find(|x| x.nome == p.nome);
        for o in p.obiettivi.iter_mut() {
            let peso = o.peso.clone();
            segna(o);
            o.prima.remove("peso");
            let peso_prima = vecchia_persona
                .and_then(|x| x.obiettivi.iter().find(|v| v.codice == o.codice))
                .and_then(|v| v.peso.clone());
            if vecchia_persona.is_some() && peso_prima != peso {
                o.prima.insert("peso".into(), peso_prima.unwrap_or_else(|| "—".into()));
            }
        }
    }
    for b in nuova.sintesi.barre.iter_mut() {
        let vecchia_barra = vecchia.sintesi.barre.iter().find(|x| x.etichetta == b.etichetta);
        if let Some(v) = vecchia_barra.filter(|v| v.testo != b.testo) {
            b.prima = Some(v.testo.clone());
        }
    }
    if nuova.ente.risultato_testo != vecchia.ente.risultato_testo {
        nuova.ente.risultato_prima = Some(vecchia.ente.risultato_testo.clone());
    }
    nuova.confronto = Some(nome_bozza.to_string());
}
