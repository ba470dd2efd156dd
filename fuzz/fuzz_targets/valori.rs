//! The cell values that reach the scoring: figures as a spreadsheet stores them
//! (floating point, some formatted as percentages), converted and bounded as the
//! reader does, then scored by every method, cap, mean, band and assignment.
//! Never a panic (an overflow was one); every grade within [0, cap] and every
//! result printable.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use relazione::format;
use relazione::model::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

fn origine(foglio: &str, riga: u32) -> Origine {
    Origine {
        foglio: foglio.into(),
        riga,
        colonne: Arc::new(BTreeMap::new()),
    }
}

/// A numeric cell as the reader takes it: the float's exact decimal, ×100 when
/// formatted as a percentage, within the limits (else the reader reports it and
/// nothing reaches the scoring).
fn cella(u: &mut Unstructured<'_>) -> Result<Option<Decimal>> {
    let f: f64 = u.arbitrary()?;
    let percento: bool = u.arbitrary()?;
    Ok(format::decimal_da_cella(f)
        .and_then(|n| {
            if percento {
                n.checked_mul(Decimal::ONE_HUNDRED)
            } else {
                Some(n)
            }
        })
        .and_then(relazione::limiti::cifra))
}

fn data(u: &mut Unstructured<'_>) -> Result<Valore> {
    let giorni: u16 = u.int_in_range(0..=1500)?;
    let d = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(giorni.into());
    Ok(Valore::Data(d))
}

fn piano(u: &mut Unstructured<'_>) -> Result<Option<Piano>> {
    let metodi = [MetodoGrado::Soglia, MetodoGrado::Rapporto, MetodoGrado::TuttoONiente];
    let tetto = match u.int_in_range(0..=3)? {
        0 => Some(Decimal::ONE_HUNDRED),
        1 => Some(Decimal::from(120)),
        2 => None,
        _ => cella(u)?.filter(|t| *t >= Decimal::ONE_HUNDRED && *t <= Decimal::from(1000)),
    };
    let regole = Regole {
        metodo_grado: *u.choose(&metodi)?,
        tetto_grado: tetto,
        metodo_obiettivo: if u.arbitrary()? {
            MetodoMedia::Media
        } else {
            MetodoMedia::MediaPonderata
        },
        metodo_ente: if u.arbitrary()? {
            MetodoMedia::Media
        } else {
            MetodoMedia::MediaPonderata
        },
        scostamento: if u.arbitrary()? {
            TipoScostamento::Relativo
        } else {
            TipoScostamento::Assoluto
        },
        decimali: u.int_in_range(0..=4)?,
        ..Regole::default()
    };
    let mut indicatori = Vec::new();
    for k in 0..u.int_in_range(1..=5)? {
        let entro: bool = u.arbitrary()?;
        let operatore = if entro {
            Operatore::Entro
        } else {
            *u.choose(&[Operatore::AlMeno, Operatore::AlPiu, Operatore::Uguale])?
        };
        let valore = |u: &mut Unstructured<'_>| -> Result<Option<Valore>> {
            if !u.arbitrary::<bool>()? {
                return Ok(None);
            }
            Ok(if entro {
                Some(data(u)?)
            } else {
                cella(u)?.map(Valore::Numero)
            })
        };
        // A weight the reader lets through: 0–100.
        let Some(peso) = cella(u)?.filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED) else {
            return Ok(None);
        };
        let target = valore(u)?;
        if target.is_none() && !peso.is_zero() {
            return Ok(None);
        }
        indicatori.push(Indicatore {
            codice: format!("k{k}"),
            obiettivo: "OS1".into(),
            nome: "indicatore".into(),
            descrizione: None,
            algoritmo: None,
            fonte: None,
            tipologia: None,
            peso,
            operatore,
            target,
            soglia: valore(u)?,
            unita_misura: if entro {
                UnitaMisura::Data
            } else {
                UnitaMisura::Percento
            },
            consuntivo: valore(u)?,
            grado_dichiarato: None,
            nota: None,
            metodo: if u.arbitrary()? {
                Some(*u.choose(&metodi)?)
            } else {
                None
            },
            origine: origine("Indicatori", k + 2),
        });
    }
    let peso = |u: &mut Unstructured<'_>| -> Result<Decimal> {
        Ok(cella(u)?
            .filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED)
            .unwrap_or(Decimal::ONE))
    };
    let assegnazioni = ["OS1", "ente", "unita:U1"]
        .iter()
        .enumerate()
        .map(|(i, o)| {
            Ok(Assegnazione {
                persona: "Dirigente".into(),
                ruolo: "Dirigente".into(),
                obiettivo: (*o).into(),
                peso: peso(u)?,
                origine: origine("Assegnazioni", i as u32 + 2),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The Dirigente evaluated on components (as `Componenti` gives them) with the
    // evaluator's scores, each from 0 to its maximum as the reader checks.
    let (persone, componenti, punteggi_individuali) = if u.arbitrary()? {
        let persona = Persona {
            nome: "Dirigente".into(),
            categoria: "dirigenti".into(),
            genere: None,
            origine: origine("Persone", 2),
        };
        let componenti = Componente::TUTTE
            .into_iter()
            .enumerate()
            .map(|(i, componente)| {
                Ok(PesoComponente {
                    categoria: "dirigenti".into(),
                    componente,
                    peso: peso(u)?,
                    origine: origine("Componenti", i as u32 + 2),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut punteggi = Vec::new();
        for (i, componente) in [Componente::Comportamenti, Componente::Differenziazione].into_iter().enumerate() {
            let massimo = Decimal::from(u.int_in_range(1..=100u8)?);
            let punteggio = Decimal::from(u.int_in_range(0..=100u8)?).min(massimo);
            punteggi.push(PunteggioIndividuale {
                persona: "Dirigente".into(),
                componente,
                voce: format!("voce {i}"),
                punteggio,
                massimo,
                peso: None,
                origine: origine("Punteggi", i as u32 + 2),
            });
        }
        (vec![persona], componenti, punteggi)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    // Bands 0–a–b–cap with points, when the cap is set; the reader checks them the same way.
    let fasce = match (tetto, u.arbitrary::<bool>()?) {
        (Some(t), true) => {
            let a = Decimal::from(u.int_in_range(1..=49u8)?);
            let b = a + Decimal::from(u.int_in_range(1..=49u8)?);
            let punti = |x: u8| Some(Decimal::from(x));
            vec![(Decimal::ZERO, a, 0, 10), (a, b, 10, 16), (b, t, 16, 20)]
                .into_iter()
                .enumerate()
                .map(|(i, (da, a, pd, pa))| Fascia {
                    da,
                    a,
                    valutazione: format!("fascia {i}"),
                    punti_da: punti(pd),
                    punti_a: punti(pa),
                    per: Destinatari::Tutti,
                    origine: origine("Fasce", i as u32 + 2),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(Some(Piano {
        ente: Ente {
            nome: "Ente".into(),
            anno: 2022,
            titolo: Ente::TITOLO_PREDEFINITO.into(),
            approvazione: None,
            redazione: None,
            logo: None,
            licenza_dati: None,
            dati_nominativi: false,
            validazione: None,
            lessico: Lessico::default(),
            allegati: Allegato::predefiniti(),
            regole,
        },
        ambiti: Vec::new(),
        unita: vec![Unita {
            codice: "U1".into(),
            nome: "Area".into(),
            responsabile: None,
            ruolo: None,
            origine: origine("Unita", 2),
        }],
        obiettivi: vec![
            Obiettivo {
                codice: "OS1".into(),
                livello: Livello::Strategico,
                titolo: "Strategico".into(),
                descrizione: None,
                ambito: None,
                padre: None,
                unita: Vec::new(),
                peso: Some(peso(u)?),
                origine: origine("Obiettivi", 2),
            },
            Obiettivo {
                codice: "OP1".into(),
                livello: Livello::Operativo,
                titolo: "Operativo".into(),
                descrizione: None,
                ambito: None,
                padre: Some("OS1".into()),
                unita: vec!["U1".into()],
                peso: None,
                origine: origine("Obiettivi", 3),
            },
        ],
        indicatori,
        modifiche: Vec::new(),
        assegnazioni,
        serie: Vec::new(),
        dati: Vec::new(),
        fasce,
        persone,
        componenti,
        punteggi_individuali,
        distribuzione: Vec::new(),
        avvisi_accettati: Vec::new(),
    }))
}

fuzz_target!(|dati: &[u8]| {
    let mut u = Unstructured::new(dati);
    let Ok(Some(piano)) = piano(&mut u) else {
        return;
    };
    // An error naming a cell is a fine answer; a panic is not.
    let Ok(p) = relazione::scoring::valuta(&piano) else {
        return;
    };
    let regole = &piano.ente.regole;
    let tetto = regole.tetto_grado.unwrap_or(relazione::limiti::GRADO_MASSIMO);
    for (codice, i) in &p.indicatori {
        if let Some(g) = i.grado {
            assert!(
                g >= Decimal::ZERO && g <= tetto,
                "{codice}: grade {g} outside [0, {tetto}]"
            );
            let _ = format::percento_decimali(g, regole.decimali);
        }
        if let Some(s) = i.scostamento {
            let _ = format::scostamento_decimali(s, "%", regole.decimali);
        }
    }
    // Every component of a person is a share of its maximum, or a mean of
    // results: never below 0 nor above the cap.
    if let Some(x) = p.individuali.get("Dirigente") {
        for c in &x.componenti {
            if let Some(r) = c.risultato {
                assert!(r >= Decimal::ZERO && r <= tetto.max(Decimal::ONE_HUNDRED), "{:?}: {r}", c.componente);
            }
        }
    }
    for r in [
        p.ente,
        p.obiettivi["OS1"].risultato,
        p.persone.get("Dirigente").copied().flatten(),
    ]
    .into_iter()
    .flatten()
    {
        let _ = format::percento_decimali(r, regole.decimali);
        if let Some(g) = p.giudizio(Some(r))
            && let Some(punti) = g.punti
        {
            assert!(punti >= Decimal::ZERO && punti <= Decimal::from(20), "points {punti}");
        }
    }
});
