//! The distribution of the individual evaluations (`{{ distribuzione() }}`):
//! per category (and gender) how many persons fell in each band of the
//! persons' scale, with the degree of differentiation, and its chart.

use super::tipi::{VDistribuzione, VGrafico, VRigaDistribuzione, VSerie};
use crate::Relazione;
use crate::format;
use crate::model::maiuscola;
use rust_decimal::Decimal;

pub(super) fn distribuzione(r: &Relazione) -> Option<VDistribuzione> {
    let d = r.punteggi.distribuzione.as_ref()?;
    let decimali = r.piano().ente.regole.decimali;
    let righe: Vec<VRigaDistribuzione> = d
        .righe
        .iter()
        .map(|x| VRigaDistribuzione {
            gruppo: match (&x.categoria, &x.genere) {
                (Some(c), None) => maiuscola(c),
                (None, None) => "Totale".into(),
                (_, Some(g)) => format!("di cui {g}"),
            },
            di_cui: x.genere.is_some(),
            totale_generale: x.categoria.is_none() && x.genere.is_none(),
            conteggi: x.conteggi.iter().map(|n| n.to_string()).collect(),
            totale: x.totale.to_string(),
            differenziazione: x.differenziazione.map_or_else(
                || "-".into(),
                |v| format::unito(&format::percento_decimali(v, decimali)),
            ),
            prima: Default::default(),
        })
        .collect();
    // The chart: per category, the share of its persons in each band.
    let categorie: Vec<_> = d
        .righe
        .iter()
        .filter(|x| x.categoria.is_some() && x.genere.is_none())
        .collect();
    let mut grafico = VGrafico {
        id: "distribuzione".into(),
        titolo: "Distribuzione delle valutazioni individuali per categoria".into(),
        tipo: crate::model::TipoGrafico::Barre,
        unita: Some("%".into()),
        descrizione: String::new(),
        categorie: d.fasce.clone(),
        serie: categorie
            .iter()
            .map(|x| {
                let quote: Vec<Decimal> = x
                    .conteggi
                    .iter()
                    .map(|n| {
                        if x.totale == 0 {
                            Decimal::ZERO
                        } else {
                            Decimal::from(*n) / Decimal::from(x.totale) * Decimal::ONE_HUNDRED
                        }
                    })
                    .collect();
                VSerie {
                    nome: maiuscola(x.categoria.as_deref().unwrap_or_default()),
                    valori: quote.iter().map(|q| super::stampa::f(*q)).collect(),
                    testi: quote
                        .iter()
                        .map(|q| format::unito(&format::percento_decimali(*q, decimali.min(1))))
                        .collect(),
                }
            })
            .collect(),
    };
    grafico.descrizione = super::grafici::descrizione(&grafico);
    Some(VDistribuzione {
        fasce: d.fasce.clone(),
        esiti: r.punteggi.scala_persone.voci().into_iter().map(|v| v.esito).collect(),
        righe,
        grafico,
        da_conteggi: d.da_conteggi,
    })
}
