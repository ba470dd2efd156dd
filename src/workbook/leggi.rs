//! Reading a workbook into the [`Piano`]: every sheet by its reader, then the
//! cross-references, collecting every problem with its sheet, cell and value.

use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::fogli::individuale;
use crate::workbook::fogli::*;
use crate::workbook::fonte::Fonte;
use crate::workbook::riferimenti::Riferimenti;
use crate::workbook::schema;
use crate::workbook::tabella::{Tabella, tabelle};
use rust_decimal::Decimal;

/// Reads the whole workbook into the plan. Returns the plan (when there is no
/// error) and every problem found, warnings included.
pub(in crate::workbook) fn leggi(mut wb: Fonte) -> (Option<Piano>, Vec<Problema>) {
    let mut p = Problemi::default();
    let tabelle = tabelle(&mut wb, &mut p);
    let [
        ente,
        ambiti,
        unita,
        obiettivi,
        indicatori,
        modifiche,
        assegnazioni,
        serie,
        dati,
        fasce,
        persone,
        componenti,
        punteggi_individuali,
        distribuzione,
        avvisi_accettati,
    ] = <[Option<Tabella>; 15]>::try_from(tabelle).ok().expect("fifteen sheets");

    // Bands that judge the objectives (a band for persons only leaves them to
    // the thresholds of `Ente`).
    let con_fasce = fasce.as_ref().is_some_and(|t| {
        t.righe().any(|r| {
            r.testo(&schema::fasce::PER, &mut Problemi::default())
                .and_then(|x| Destinatari::parse(&x))
                .is_none_or(Destinatari::obiettivi)
        })
    });
    let ente = ente.as_ref().and_then(|t| leggi_ente(t, con_fasce, &mut p));
    let tetto = ente
        .as_ref()
        .map_or(Some(Decimal::ONE_HUNDRED), |e| e.regole.tetto_grado);
    let anno = ente.as_ref().map(|e| e.anno);
    let fasce = fasce
        .as_ref()
        .map(|t| leggi_fasce(t, tetto, &mut p))
        .unwrap_or_default();
    // A sheet that is missing is one error: the references into it are not
    // checked (`None` below).
    let (con_ambiti, con_unita) = (ambiti.is_some(), unita.is_some());
    let ambiti = ambiti.as_ref().map(|t| leggi_ambiti(t, &mut p)).unwrap_or_default();
    let unita = unita.as_ref().map(|t| leggi_unita(t, &mut p)).unwrap_or_default();
    let obiettivi_scritti = obiettivi.as_ref().map(|t| t.codici(&schema::obiettivi::CODICE));
    let indicatori_scritti = indicatori.as_ref().map(|t| t.codici(&schema::indicatori::CODICE));
    let obiettivi = obiettivi
        .as_ref()
        .map(|t| leggi_obiettivi(t, &mut p))
        .unwrap_or_default();
    let indicatori = indicatori
        .as_ref()
        .map(|t| leggi_indicatori(t, &mut p))
        .unwrap_or_default();
    let modifiche = modifiche
        .as_ref()
        .map(|t| leggi_modifiche(t, &indicatori, indicatori_scritti.as_ref(), anno, &mut p))
        .unwrap_or_default();
    let assegnazioni = assegnazioni
        .as_ref()
        .map(|t| leggi_assegnazioni(t, &mut p))
        .unwrap_or_default();
    let serie = serie.as_ref().map(|t| leggi_serie(t, &mut p)).unwrap_or_default();
    let dati = dati.as_ref().map(|t| leggi_dati(t, &mut p)).unwrap_or_default();
    let persone = persone.as_ref().map(|t| leggi_persone(t, &mut p)).unwrap_or_default();
    let componenti = componenti
        .as_ref()
        .map(|t| leggi_componenti(t, &mut p))
        .unwrap_or_default();
    let punteggi_individuali = punteggi_individuali
        .as_ref()
        .map(|t| leggi_punteggi(t, &mut p))
        .unwrap_or_default();
    let distribuzione = distribuzione
        .as_ref()
        .map(|t| leggi_distribuzione(t, &mut p))
        .unwrap_or_default();
    let avvisi_accettati = avvisi_accettati
        .as_ref()
        .map(|t| leggi_avvisi(t, &mut p))
        .unwrap_or_default();

    Riferimenti {
        ambiti: con_ambiti.then_some(&ambiti[..]),
        unita: con_unita.then_some(&unita[..]),
        obiettivi: &obiettivi,
        obiettivi_scritti: obiettivi_scritti.as_ref(),
        lessico: ente.as_ref().map(|e| e.lessico.clone()).unwrap_or_default(),
    }
    .verifica(&indicatori, &assegnazioni, &mut p);
    individuale::Individuale {
        persone: &persone,
        componenti: &componenti,
        punteggi: &punteggi_individuali,
        distribuzione: &distribuzione,
        assegnazioni: &assegnazioni,
        fasce: &fasce,
    }
    .verifica(&mut p);
    let piano = ente.map(|ente| Piano {
        ente,
        ambiti,
        unita,
        obiettivi,
        indicatori,
        modifiche,
        assegnazioni,
        serie,
        dati,
        fasce,
        persone,
        componenti,
        punteggi_individuali,
        distribuzione,
        avvisi_accettati,
    });
    (piano, p.0)
}
