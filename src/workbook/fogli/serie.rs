//! The `Serie` and `Dati` sheets: the charts and the named figures that the
//! narrative quotes.

use crate::format::{parse_data, parse_numero};
use crate::limiti;
use crate::model::*;
use crate::problem::Problemi;
use crate::workbook::cella::Cella;
use crate::workbook::fogli::unico;
use crate::workbook::schema::{avvisi, dati, serie};
use crate::workbook::tabella::Tabella;
use std::collections::{HashMap, HashSet};

pub(in crate::workbook) fn leggi_serie(t: &Tabella, p: &mut Problemi) -> Vec<PuntoSerie> {
    let mut out = Vec::new();
    // Per chart: its categories and its series; the chart is their product.
    let mut assi: HashMap<String, (HashSet<String>, HashSet<String>)> = HashMap::new();
    for riga in t.righe() {
        let grafico = riga.testo(&serie::GRAFICO, p);
        let titolo = riga.titolo(&serie::TITOLO, p);
        let tipo = riga.scelta(&serie::TIPO, TipoGrafico::parse, p);
        let categoria = riga.titolo(&serie::CATEGORIA, p);
        let serie = riga.titolo(&serie::SERIE, p);
        let valore = riga.numero(&serie::VALORE, p);
        let unita = riga.testo(&serie::UNITA, p);
        let (Some(grafico), Some(titolo), Some(tipo), Some(categoria), Some(serie), Some(valore)) =
            (grafico, titolo, tipo, categoria, serie, valore)
        else {
            continue;
        };
        // A chart is read on a page: more points than that are not a chart.
        let (categorie, serie_viste) = assi.entry(grafico.clone()).or_default();
        let prima = categorie.len() * serie_viste.len();
        categorie.insert(categoria.clone());
        serie_viste.insert(serie.clone());
        let dopo = categorie.len() * serie_viste.len();
        if dopo > limiti::PUNTI_GRAFICO {
            if prima <= limiti::PUNTI_GRAFICO {
                p.push(riga.problema(
                    &serie::GRAFICO,
                    format!(
                        "il grafico «{grafico}» ha più di {} punti (categorie × serie): non si leggerebbe su una pagina; \
                         dividerlo in più grafici",
                        limiti::PUNTI_GRAFICO
                    ),
                    Some(grafico.clone()),
                ));
            }
            continue;
        }
        out.push(PuntoSerie {
            grafico,
            titolo,
            tipo,
            categoria,
            serie,
            valore,
            unita,
            origine: riga.origine(),
        });
    }
    out
}

pub(in crate::workbook) fn leggi_dati(t: &Tabella, p: &mut Problemi) -> Vec<Dato> {
    let mut visti = HashMap::new();
    let mut out = Vec::new();
    for riga in t.righe() {
        let chiave = riga.testo(&dati::CHIAVE, p);
        let valore = match riga.cella(&dati::VALORE, p) {
            Cella::Vuota => None,
            Cella::Numero(n) => Some(ValoreDato::Numero(n)),
            Cella::Data(d) => Some(ValoreDato::Data(d)),
            Cella::Testo(s) => Some(match (parse_numero(&s), parse_data(&s)) {
                (Some(n), _) => match riga.cifra(&dati::VALORE, n, p) {
                    Some(n) => ValoreDato::Numero(n),
                    None => continue,
                },
                (_, Some(d)) => ValoreDato::Data(d),
                _ => ValoreDato::Testo(s),
            }),
        };
        let unita = riga.testo(&dati::UNITA, p);
        let (Some(chiave), Some(valore)) = (chiave, valore) else {
            continue;
        };
        if unico(&mut visti, &chiave, &riga, &dati::CHIAVE, p) {
            out.push(Dato {
                chiave,
                valore,
                unita,
                origine: riga.origine(),
            });
        }
    }
    out
}

/// The warnings the office accepted (`Avvisi`), each with its reason.
pub(in crate::workbook) fn leggi_avvisi(t: &Tabella, p: &mut Problemi) -> Vec<AvvisoAccettato> {
    t.righe()
        .filter_map(|riga| {
            let dove = riga.testo(&avvisi::DOVE, p);
            let avviso = riga.testo(&avvisi::AVVISO, p);
            let motivazione = riga.testo(&avvisi::MOTIVAZIONE, p);
            Some(AvvisoAccettato {
                dove: dove?.trim().to_string(),
                avviso: avviso?.trim().to_string(),
                motivazione: motivazione?,
                origine: riga.origine(),
            })
        })
        .collect()
}
