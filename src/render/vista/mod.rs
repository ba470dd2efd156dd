//! The view of a scored report that the templates see (the template API, in
//! [`tipi`]): every figure already formatted the Italian way, from the exact
//! decimals, plus the raw numbers that charts need. One builder per part of the
//! document: the cards ([`schede`]), the albero, the key figures ([`sintesi`]),
//! the people ([`persone`]), the charts ([`grafici`]), the deliberations; and
//! [`confronto`] marks what `build --compare` found changed.

mod confronto;
mod distribuzione;
mod grafici;
mod persone;
mod schede;
mod sintesi;
mod stampa;
mod tipi;

pub use confronto::segna_modifiche;
pub use tipi::*;

use crate::Relazione;
use crate::format;
use crate::model::{Livello, ValoreDato};
use stampa::{f, giudizio_stampato, numero_come_scritto};
use std::collections::BTreeMap;

/// Builds the view of a scored report. `logo` is the virtual path of the logo.
pub fn vista(r: &Relazione, logo: Option<String>) -> Vista {
    let schede = schede::Schede::di(r);
    let strategici = schede.livello(Livello::Strategico);
    let ambiti = albero(r, &strategici);
    Vista {
        ente: ente(&schede, logo),
        rami: rami(&ambiti),
        ambiti,
        operativi: schede.livello(Livello::Operativo),
        unita: unita(&schede),
        persone: persone::persone(&schede),
        sintesi: sintesi::sintesi(r, &strategici),
        strategici,
        grafici: grafici::grafici(r),
        dati: dati(r),
        delibere: delibere(r),
        allegati: allegati(r),
        confronto: None,
        tolti: Vec::new(),
        distribuzione_persone: distribuzione::distribuzione(r),
        sistema: super::regole::regole_in_parole(r),
    }
}

fn ente(schede: &schede::Schede<'_>, logo: Option<String>) -> VEnte {
    use chrono::Datelike;
    let (r, stampa) = (schede.r, schede.stampa);
    let ente = &r.piano().ente;
    let p = &r.punteggi;
    let (valutazione, esito, _) = giudizio_stampato(p.giudizio(p.ente).as_ref());
    let data = ente.data_documento();
    VEnte {
        nome: ente.nome.clone(),
        titolo: ente.titolo.clone(),
        anno: ente.anno,
        anno_testo: ente.anno.to_string(),
        approvazione: ente.approvazione.clone(),
        redazione: ente.redazione.as_deref().map(format::a_cura_di),
        logo,
        risultato: p.ente.map(f),
        risultato_testo: stampa.pct(p.ente),
        valutazione,
        esito,
        soglia_raggiunto: format::percento(ente.regole.soglia_raggiunto),
        decimali: ente.regole.decimali,
        risultato_prima: None,
        data: VData {
            anno: data.year(),
            mese: data.month(),
            giorno: data.day(),
        },
        parole: parole(ente),
    }
}

/// The annexes the ente lists, numbered; that of the changes only when the year
/// had some.
fn allegati(r: &Relazione) -> Vec<VAllegato> {
    let ente = &r.piano().ente;
    ente.allegati
        .iter()
        .filter(|a| a.tipo != crate::model::TipoAllegato::Modifiche || !r.piano().modifiche.is_empty())
        .enumerate()
        .map(|(i, a)| {
            let titolo = a.titolo(&ente.lessico);
            VAllegato {
                tipo: a.tipo.nome().to_string(),
                titolo: format!("Allegato {} – {titolo}", i + 1),
                intestazione: format!("All. {} – {titolo}", i + 1),
                id: format!("allegato-{}", i + 1),
                nuovo: false,
                tolti: Vec::new(),
            }
        })
        .collect()
}

/// The ente's words, as the templates print them.
pub(crate) fn parole(ente: &crate::model::Ente) -> VParole {
    use crate::model::{Preposizione::Di, maiuscola};
    let l = &ente.lessico;
    let unita = l.unita();
    VParole {
        strategico: maiuscola(l.strategico.singolare),
        strategici: maiuscola(l.strategico.plurale),
        operativo: maiuscola(l.operativo.singolare),
        operativi: maiuscola(l.operativo.plurale),
        unita: maiuscola(unita.singolare),
        unita_plurale: maiuscola(unita.plurale),
        unita_coinvolte: format!("{} {}", maiuscola(unita.plurale), unita.accorda("coinvolt", true)),
        risultato_ente: format!("Risultato complessivo dell'ente (media {})", l.strategico.con(Di, true)),
        ciascuno_strategico: l.strategico.ciascuno(),
        operativi_per_valutazione: format!("{} per valutazione", maiuscola(l.operativo.plurale)),
        nessun_operativo: format!("Nessun {}", l.operativo.singolare),
        risultato_unita: format!("Risultato {}", unita.con(Di, true)),
        delle_unita: unita.con(Di, true),
        approvazione: l.approvazione.singolare.to_string(),
        validazione: l.validazione.singolare.to_string(),
        validata: ente.validazione.as_deref().map(|atto| {
            let atto = atto.trim();
            let minuscolo = atto.to_lowercase();
            if minuscolo.starts_with("validat") {
                atto.to_string()
            } else if minuscolo.starts_with("con ") {
                format!(
                    "Validata {} {atto}",
                    l.validazione.con(crate::model::Preposizione::Da, false)
                )
            } else {
                format!(
                    "Validata {} con {atto}",
                    l.validazione.con(crate::model::Preposizione::Da, false)
                )
            }
        }),
    }
}

/// Top-level ambiti, each with the strategic objectives of it and of its
/// sub-ambiti; those without an ambito in a group of their own, last.
fn albero(r: &Relazione, strategici: &[VObiettivo]) -> Vec<VAmbito> {
    let piano = r.piano();
    let radice = |codice: &str| codice.split('.').next().unwrap_or(codice).to_string();
    let ambito_di = |s: &VObiettivo| piano.obiettivo(&s.codice).and_then(|o| o.ambito.as_deref()).map(radice);
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
                .filter(|s| ambito_di(s).as_deref() == Some(a.codice.as_str()))
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
    ambiti
}

/// The albero's nodes: what the ambiti's cards show in the albero.
pub(crate) fn rami(ambiti: &[VAmbito]) -> Vec<VRamo> {
    fn nodo(o: &VObiettivo) -> VNodo {
        VNodo {
            codice: o.codice.clone(),
            titolo: o.titolo.clone(),
            risultato: o.risultato.clone(),
            valutazione: o.valutazione.clone(),
            esito: o.esito.clone(),
            prima: o
                .prima
                .iter()
                .filter(|(k, _)| k.as_str() == "risultato")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            operativi: o.operativi.iter().map(nodo).collect(),
        }
    }
    ambiti
        .iter()
        .map(|a| VRamo {
            codice: a.codice.clone(),
            etichetta: a.etichetta.clone(),
            strategici: a.strategici.iter().map(nodo).collect(),
        })
        .collect()
}

fn unita(schede: &schede::Schede<'_>) -> Vec<VUnita> {
    let r = schede.r;
    r.piano()
        .unita
        .iter()
        .map(|u| VUnita {
            codice: u.codice.clone(),
            nome: u.nome.clone(),
            responsabile: u.responsabile.clone(),
            risultato: schede.stampa.pct(r.punteggi.unita.get(&u.codice).copied().flatten()),
            prima: BTreeMap::new(),
            nuova: false,
        })
        .collect()
}

/// The named figures of `Dati`, as written in the workbook.
fn dati(r: &Relazione) -> BTreeMap<String, String> {
    r.piano()
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
        .collect()
}

/// The changes of the year in date order, grouped by deliberation, each with
/// the NOTA line it printed under its indicator.
fn delibere(r: &Relazione) -> Vec<VDelibera> {
    let piano = r.piano();
    let mut ordine: Vec<&crate::model::Modifica> = piano.modifiche.iter().collect();
    ordine.sort_by_key(|m| (m.data, m.origine.riga));
    let mut viste: BTreeMap<&str, usize> = BTreeMap::new();
    let mut delibere: Vec<VDelibera> = Vec::new();
    for m in ordine {
        // The NOTA lines of an indicator are in the same date order.
        let posizione = viste.entry(&m.indicatore).or_default();
        // Under its deliberation's heading a change needs not name it again.
        let nota = r
            .in_vigore
            .cambi_di(&m.indicatore)
            .get(*posizione)
            .cloned()
            .unwrap_or_default();
        *posizione += 1;
        let v = VModifica {
            indicatore: m.indicatore.clone(),
            campo: m.campo.to_string(),
            nota,
            codice: crate::diff::schede::codice_modifica(m),
            nuova: false,
            tolta: false,
            prima: None,
        };
        let data = format::data_lunga(m.data);
        match delibere.iter_mut().find(|d| d.numero == m.delibera && d.data == data) {
            Some(d) => d.modifiche.push(v),
            None => delibere.push(VDelibera {
                numero: m.delibera.clone(),
                data,
                modifiche: vec![v],
            }),
        }
    }
    delibere
}
