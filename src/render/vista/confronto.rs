//! `build --compare`: the view marked with what the comparison of the two drafts
//! ([`crate::diff::schede`]) found changed. Which fields are marked is decided
//! there, on the model; here only the earlier draft's printed value is put
//! beside the new one.

use super::tipi::{VAllegato, VDelibera, VIndicatore, VObiettivo, VTolto, Vista};
use crate::diff::Schede;
use crate::diff::schede::Cosa;
use std::collections::BTreeMap;

/// The fields of an indicator's row, by the name the comparison uses.
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

/// The fields of an objective's card, by the name the comparison uses.
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

/// An earlier value as the mark prints it: `—` for nothing.
fn vecchio(valore: &str) -> String {
    if valore.is_empty() {
        "—".into()
    } else {
        valore.to_string()
    }
}

/// How a thing gone is told, struck through, where it was printed.
const NON_PIU: &str = "Non più presente rispetto alla bozza precedente";

/// The earlier draft's cards, by code.
struct Prima<'v> {
    obiettivi: BTreeMap<&'v str, &'v VObiettivo>,
    indicatori: BTreeMap<&'v str, &'v VIndicatore>,
    /// The indicators the later draft no longer has, by the objective that
    /// still has its card: told struck through on it.
    indicatori_tolti: BTreeMap<String, Vec<VTolto>>,
}

impl<'v> Prima<'v> {
    fn di(vecchia: &'v Vista, nuova: &Vista, schede: &Schede) -> Prima<'v> {
        // Where each indicator of the later draft is.
        let padri: BTreeMap<&str, &str> = nuova
            .strategici
            .iter()
            .chain(&nuova.operativi)
            .flat_map(|o| o.indicatori.iter().map(move |i| (i.codice.as_str(), o.codice.as_str())))
            .collect();
        let mut p = Prima {
            obiettivi: BTreeMap::new(),
            indicatori: BTreeMap::new(),
            indicatori_tolti: BTreeMap::new(),
        };
        for o in vecchia.strategici.iter().chain(&vecchia.operativi) {
            p.obiettivi.insert(&o.codice, o);
            for i in &o.indicatori {
                p.indicatori.insert(&i.codice, i);
                if schede.tolti(Cosa::Obiettivo).any(|k| k == o.codice) {
                    continue;
                }
                let (cosa, come) = if schede.tolti(Cosa::Indicatore).any(|k| k == i.codice) {
                    (format!("{}: indicatore tolto", i.codice), NON_PIU.to_string())
                } else if schede.cambiato(Cosa::Indicatore, &i.codice, "obiettivo") {
                    let dove = padri.get(i.codice.as_str()).copied().unwrap_or("—");
                    (
                        format!("{}: indicatore spostato in {dove}", i.codice),
                        format!("Spostato in {dove} rispetto alla bozza precedente"),
                    )
                } else {
                    continue;
                };
                p.indicatori_tolti.entry(o.codice.clone()).or_default().push(VTolto {
                    cosa,
                    testo: format!("{} – {}", i.codice, i.nome),
                    come,
                });
            }
        }
        p
    }

    /// Marks an objective's card and its indicators' rows.
    fn segna(&self, o: &mut VObiettivo, s: &Schede) {
        o.tolti = self.indicatori_tolti.get(&o.codice).cloned().unwrap_or_default();
        if s.nuovo(Cosa::Obiettivo, &o.codice) {
            o.nuovo = true;
        } else if let Some(v) = self.obiettivi.get(o.codice.as_str()) {
            for (campo, valore) in campi_obiettivo(v) {
                if s.cambiato(Cosa::Obiettivo, &o.codice, campo) {
                    o.prima.insert(campo.into(), vecchio(&valore));
                }
            }
        }
        for i in o.indicatori.iter_mut() {
            if s.nuovo(Cosa::Indicatore, &i.codice) {
                i.nuovo = true;
            } else if let Some(v) = self.indicatori.get(i.codice.as_str()) {
                for (campo, valore) in campi_indicatore(v) {
                    if s.cambiato(Cosa::Indicatore, &i.codice, campo) {
                        i.prima.insert(campo.into(), vecchio(&valore));
                    }
                }
                // Moved here from another objective: which.
                if s.cambiato(Cosa::Indicatore, &i.codice, "obiettivo") {
                    let da = self
                        .obiettivi
                        .values()
                        .find(|o| o.indicatori.iter().any(|x| x.codice == i.codice));
                    i.prima
                        .insert("obiettivo".into(), da.map_or_else(|| "—".into(), |o| o.codice.clone()));
                }
            }
        }
    }
}

/// Marks in the view every objective and indicator field, every assignment's
/// weight and the ente's result that changed since the earlier draft, keeping
/// the old printed value beside the new.
pub fn segna_modifiche(nuova: &mut Vista, vecchia: &Vista, schede: &Schede, nome_bozza: &str) {
    let prima = Prima::di(vecchia, nuova, schede);
    for o in nuova.strategici.iter_mut() {
        prima.segna(o, schede);
        o.operativi.iter_mut().for_each(|x| prima.segna(x, schede));
    }
    nuova.operativi.iter_mut().for_each(|o| prima.segna(o, schede));
    for a in nuova.ambiti.iter_mut() {
        for o in a.strategici.iter_mut() {
            prima.segna(o, schede);
            o.operativi.iter_mut().for_each(|x| prima.segna(x, schede));
        }
    }
    for p in nuova.persone.iter_mut() {
        let vecchia_persona = vecchia.persone.iter().find(|x| x.nome == p.nome);
        for o in p.obiettivi.iter_mut() {
            // In Allegato 3 the weight is the person's, not the objective's.
            prima.segna(o, schede);
            o.prima.remove("peso");
            let assegnato = match o.voce.as_str() {
                "ente" => "ente".to_string(),
                "unita" => format!("unita:{}", o.codice),
                _ => o.codice.clone(),
            };
            let chiave = format!("{} · {assegnato}", p.nome);
            if schede.cambiato(Cosa::Assegnazione, &chiave, "peso") {
                let peso_prima = vecchia_persona
                    .and_then(|x| x.obiettivi.iter().find(|v| v.codice == o.codice && v.voce == o.voce))
                    .and_then(|v| v.peso.clone());
                o.prima.insert("peso".into(), peso_prima.unwrap_or_else(|| "—".into()));
            }
        }
    }
    for b in nuova.sintesi.barre.iter_mut() {
        if schede.cambiato(Cosa::Obiettivo, &b.etichetta, "risultato") {
            b.prima = vecchia
                .sintesi
                .barre
                .iter()
                .find(|x| x.etichetta == b.etichetta)
                .map(|x| x.testo.clone());
        }
    }
    segna_unita_e_persone(nuova, vecchia, schede);
    segna_conteggi(nuova, vecchia);
    segna_valutazione_individuale(nuova, vecchia);
    segna_delibere(nuova, vecchia, schede);
    segna_tolti(nuova, vecchia, schede);
    if schede.cambiato(Cosa::Ente, "", "risultato") {
        nuova.ente.risultato_prima = Some(vecchia.ente.risultato_testo.clone());
    }
    // The albero shows the marked results too.
    nuova.rami = super::rami(&nuova.ambiti);
    nuova.confronto = Some(nome_bozza.to_string());
}

/// The results of the units and of the people (Allegato 3) that moved.
fn segna_unita_e_persone(nuova: &mut Vista, vecchia: &Vista, schede: &Schede) {
    for u in nuova.unita.iter_mut() {
        u.nuova = schede.nuovo(Cosa::Unita, &u.codice);
        if schede.cambiato(Cosa::Unita, &u.codice, "risultato") {
            let prima = vecchia.unita.iter().find(|x| x.codice == u.codice);
            u.prima
                .insert("risultato".into(), prima.map_or("—".into(), |x| x.risultato.clone()));
        }
    }
    for p in nuova.persone.iter_mut() {
        p.nuova = schede.nuovo(Cosa::Persona, &p.nome);
        let prima = vecchia.persone.iter().find(|x| x.nome == p.nome);
        let campi = |x: &super::tipi::VPersona| {
            [
                ("risultato", x.risultato.clone()),
                ("valutazione", x.valutazione.clone().unwrap_or_default()),
                ("punti", x.punti.clone().unwrap_or_default()),
            ]
        };
        for (campo, valore) in prima.map(campi).into_iter().flatten() {
            if schede.cambiato(Cosa::Persona, &p.nome, campo) {
                p.prima.insert(campo.into(), vecchio(&valore));
            }
        }
    }
}

/// The counts of objectives by valutazione (the boxes and the bars of the key
/// results) that moved: they follow from the valutazioni the comparison marks.
fn segna_conteggi(nuova: &mut Vista, vecchia: &Vista) {
    for f in nuova.sintesi.fasce.iter_mut() {
        let Some(v) = vecchia.sintesi.fasce.iter().find(|x| x.etichetta == f.etichetta) else {
            continue;
        };
        if v.strategici != f.strategici {
            f.prima.insert("strategici".into(), v.strategici.to_string());
        }
        if v.operativi != f.operativi {
            f.prima.insert("operativi".into(), v.operativi.to_string());
        }
    }
}

/// The components and the evaluator's scores of each person (Allegato 3) and
/// the distribution of the evaluations, where their printed figures differ:
/// they follow from the persons' data and results that the comparison marks.
fn segna_valutazione_individuale(nuova: &mut Vista, vecchia: &Vista) {
    for p in nuova.persone.iter_mut() {
        let Some(v) = vecchia.persone.iter().find(|x| x.nome == p.nome) else {
            continue;
        };
        for c in p.componenti.iter_mut() {
            let Some(vc) = v.componenti.iter().find(|x| x.nome == c.nome) else {
                c.prima.insert("risultato".into(), "—".into());
                continue;
            };
            for (campo, prima, dopo) in [("peso", &vc.peso, &c.peso), ("risultato", &vc.risultato, &c.risultato)] {
                if prima != dopo {
                    c.prima.insert(campo.into(), vecchio(prima));
                }
            }
        }
        for x in p.punteggi.iter_mut() {
            let prima = v
                .punteggi
                .iter()
                .find(|y| y.componente == x.componente && y.voce == x.voce)
                .map(|y| y.punteggio.clone());
            if prima.as_ref() != Some(&x.punteggio) {
                x.prima = Some(prima.unwrap_or_else(|| "—".into()));
            }
        }
    }
    let (Some(d), Some(vd)) = (
        nuova.distribuzione_persone.as_mut(),
        vecchia.distribuzione_persone.as_ref(),
    ) else {
        return;
    };
    // A row is known by its group and, for a gender, the category above it
    // (`Dirigenti · di cui F`); counts are compared band by band, by label.
    let chiavi = |righe: &[super::tipi::VRigaDistribuzione]| -> Vec<String> {
        let mut categoria = String::new();
        righe
            .iter()
            .map(|r| {
                if !r.di_cui {
                    categoria = r.gruppo.clone();
                }
                format!("{categoria} · {}", r.gruppo)
            })
            .collect()
    };
    let (nuove, vecchie) = (chiavi(&d.righe), chiavi(&vd.righe));
    for (riga, chiave) in d.righe.iter_mut().zip(&nuove) {
        let Some(vr) = vecchie.iter().position(|k| k == chiave).map(|j| &vd.righe[j]) else {
            continue;
        };
        for (i, n) in riga.conteggi.iter().enumerate() {
            let prima = vd
                .fasce
                .iter()
                .position(|f| Some(f) == d.fasce.get(i))
                .and_then(|j| vr.conteggi.get(j));
            if prima != Some(n) {
                riga.prima
                    .insert(i.to_string(), prima.cloned().unwrap_or_else(|| "—".into()));
            }
        }
        for (campo, prima, dopo) in [
            ("totale", &vr.totale, &riga.totale),
            ("differenziazione", &vr.differenziazione, &riga.differenziazione),
        ] {
            if prima != dopo {
                riga.prima.insert(campo.into(), prima.clone());
            }
        }
    }
}

/// The changes by deliberation: those added, those whose NOTA reads
/// differently, and those removed (struck through under their deliberation);
/// an annex the earlier draft did not have.
fn segna_delibere(nuova: &mut Vista, vecchia: &Vista, schede: &Schede) {
    let vecchie = || {
        vecchia
            .delibere
            .iter()
            .flat_map(|d| d.modifiche.iter().map(move |m| (d, m)))
    };
    for m in nuova.delibere.iter_mut().flat_map(|d| d.modifiche.iter_mut()) {
        m.nuova = schede.nuovo(Cosa::Modifica, &m.codice);
        if schede.cambiato(Cosa::Modifica, &m.codice, "nota") {
            m.prima = vecchie()
                .find(|(_, v)| v.codice == m.codice)
                .map(|(_, v)| v.nota.clone());
        }
    }
    for codice in schede.tolti(Cosa::Modifica) {
        let Some((d, m)) = vecchie().find(|(_, v)| v.codice == codice) else {
            continue;
        };
        let tolta = super::tipi::VModifica {
            tolta: true,
            ..m.clone()
        };
        match nuova
            .delibere
            .iter_mut()
            .find(|x| x.numero == d.numero && x.data == d.data)
        {
            Some(x) => x.modifiche.push(tolta),
            None => nuova.delibere.push(VDelibera {
                modifiche: vec![tolta],
                ..d.clone()
            }),
        }
    }
    for a in nuova.allegati.iter_mut() {
        a.nuovo = !vecchia.allegati.iter().any(|v| v.tipo == a.tipo);
    }
}

/// What the earlier draft printed and the later no longer has: each told
/// struck through at the start of the annex that printed it (objectives,
/// persons), or else with the list of changes (units, an annex gone).
fn segna_tolti(nuova: &mut Vista, vecchia: &Vista, schede: &Schede) {
    let mut per_allegato: BTreeMap<&str, Vec<VTolto>> = BTreeMap::new();
    let obiettivi_tolti: Vec<&str> = schede.tolti(Cosa::Obiettivo).collect();
    for o in vecchia.strategici.iter().chain(&vecchia.operativi) {
        if !obiettivi_tolti.contains(&o.codice.as_str()) {
            continue;
        }
        let (tipo, parola) = if o.livello == "strategico" {
            ("strategici", vecchia.ente.parole.strategico.clone())
        } else {
            ("operativi", vecchia.ente.parole.operativo.clone())
        };
        let mut testo = format!("{} – {}", o.codice, o.titolo);
        if !o.indicatori.is_empty() {
            let codici: Vec<&str> = o.indicatori.iter().map(|i| i.codice.as_str()).collect();
            testo.push_str(&format!(" (indicatori {})", codici.join(", ")));
        }
        per_allegato.entry(tipo).or_default().push(VTolto {
            cosa: format!("{}: {} tolto", o.codice, parola.to_lowercase()),
            testo,
            come: NON_PIU.into(),
        });
    }
    for nome in schede.tolti(Cosa::Persona) {
        let ruolo = vecchia.persone.iter().find(|p| p.nome == nome).map(|p| p.ruolo.clone());
        per_allegato.entry("individuali").or_default().push(VTolto {
            cosa: format!("{nome}: persona tolta"),
            testo: match ruolo {
                Some(r) if !r.is_empty() => format!("{nome} ({r})"),
                _ => nome.to_string(),
            },
            come: NON_PIU.into(),
        });
    }
    // An assignment gone from a person still there: the card it had.
    let persone_tolte: Vec<&str> = schede.tolti(Cosa::Persona).collect();
    for codice in schede.tolti(Cosa::Assegnazione) {
        let Some((persona, obiettivo)) = codice.split_once(" · ") else {
            continue;
        };
        if persone_tolte.contains(&persona) {
            continue;
        }
        let titolo = vecchia
            .persone
            .iter()
            .filter(|p| p.nome == persona)
            .flat_map(|p| &p.obiettivi)
            .find(|o| o.codice == obiettivo || format!("unita:{}", o.codice) == obiettivo || o.voce == obiettivo)
            .map(|o| o.titolo.clone());
        per_allegato.entry("individuali").or_default().push(VTolto {
            cosa: format!("{codice}: assegnazione tolta"),
            testo: match titolo {
                Some(t) => format!("{persona}: {obiettivo} – {t}"),
                None => format!("{persona}: {obiettivo}"),
            },
            come: NON_PIU.into(),
        });
    }
    let mut altrove: Vec<VTolto> = Vec::new();
    for (tipo, tolti) in per_allegato {
        match nuova.allegati.iter_mut().find(|a| a.tipo == tipo) {
            Some(a) => a.tolti = tolti,
            None => altrove.extend(tolti),
        }
    }
    for codice in schede.tolti(Cosa::Unita) {
        let nome = vecchia
            .unita
            .iter()
            .find(|u| u.codice == codice)
            .map(|u| u.nome.clone());
        altrove.push(VTolto {
            cosa: format!(
                "{codice}: {}, non più presente",
                vecchia.ente.parole.unita.to_lowercase()
            ),
            testo: format!("{codice} – {}", nome.unwrap_or_default()),
            come: NON_PIU.into(),
        });
    }
    // A change by deliberation with nowhere to be struck: no table prints them.
    let tabella = nuova.allegati.iter().any(|a| a.tipo == "modifiche");
    if !tabella {
        for m in nuova
            .delibere
            .iter()
            .flat_map(|d| d.modifiche.iter())
            .filter(|m| m.tolta)
        {
            altrove.push(VTolto {
                cosa: format!("{}: modifica tolta", m.codice),
                testo: format!("{}: {}", m.codice, m.nota),
                come: NON_PIU.into(),
            });
        }
    }
    for a in vecchia
        .allegati
        .iter()
        .filter(|v| !nuova.allegati.iter().any(|a: &VAllegato| a.tipo == v.tipo))
    {
        altrove.push(VTolto {
            cosa: "Allegato tolto".into(),
            testo: a.titolo.clone(),
            come: NON_PIU.into(),
        });
    }
    nuova.tolti = altrove;
}
