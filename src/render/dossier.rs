//! The validation dossier for the OIV (`relazione dossier`): what was
//! validated (the fingerprints of every input and of the Relazione's PDF),
//! the evaluation system in force, the deliberations and their effect, the
//! reconciliation, the warnings, the checklist of contents, the sample to
//! check, and the working papers — every objective and indicator explained
//! as `relazione spiega` explains it — as the sources of a small document.

use super::{MODELLI, Modelli, Sorgenti, sorgenti};
use crate::format;
use crate::{Errore, Relazione, spiega, validazione};
use minijinja::Value;
use minijinja::value::Serde;
use rust_decimal::Decimal;
use serde::Serialize;

/// The Relazione's PDF the dossier names: the approved file, or the one the
/// folder builds.
pub struct PdfValidato<'a> {
    pub nome: String,
    pub byte: &'a [u8],
    /// Whether it is the file the office gave (`--pdf`) rather than the one built.
    pub dato: bool,
}

#[derive(Serialize)]
struct Impronta {
    cosa: String,
    file: String,
    sha256: String,
}

#[derive(Serialize)]
struct VSpiegazione {
    codice: String,
    titolo: String,
    figura: String,
    passi: Vec<VPasso>,
    indicatore: bool,
}

#[derive(Serialize)]
struct VPasso {
    testo: String,
    fonti: String,
}

/// The Typst sources of the dossier of report `r`, naming `pdf`.
pub fn dossier(r: &Relazione, pdf: &PdfValidato, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    let pct = |x: Option<Decimal>| x.map_or_else(|| "—".to_string(), format::percento);
    let ente = &r.piano().ente;
    let nome_file = |p: &std::path::Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut impronte = vec![Impronta {
        cosa: "Cartella di lavoro".into(),
        file: nome_file(&r.file),
        sha256: r.impronta.clone(),
    }];
    for (file, testo) in r.istantanea().testi()? {
        impronte.push(Impronta {
            cosa: "Testo".into(),
            file,
            sha256: crate::disco::sha256(testo.as_bytes()),
        });
    }
    for (nome, _) in MODELLI {
        let proprio = modelli.cartella().is_some() && modelli.file(nome).is_some();
        impronte.push(Impronta {
            cosa: if proprio {
                "Modello dell'ente"
            } else {
                "Modello incorporato"
            }
            .into(),
            file: nome.to_string(),
            sha256: crate::disco::sha256(modelli.testo(nome)?.as_bytes()),
        });
    }
    impronte.push(Impronta {
        cosa: if pdf.dato {
            "Relazione approvata"
        } else {
            "Relazione composta"
        }
        .into(),
        file: pdf.nome.clone(),
        sha256: crate::disco::sha256(pdf.byte),
    });

    let spiegazioni: Vec<VSpiegazione> = spiega::tutte(r)
        .into_iter()
        .map(|s| {
            let mut figura = format!("{}: {}", crate::model::maiuscola(&s.che_cosa), s.stampato);
            if let Some(v) = &s.valutazione {
                figura.push_str(&format!(" ({v})"));
            }
            VSpiegazione {
                indicatore: s.tipo == spiega::Tipo::Indicatore,
                titolo: format!("{} — {}", s.codice, s.nome),
                codice: s.codice,
                figura,
                passi: s
                    .passi
                    .into_iter()
                    .map(|p| VPasso {
                        testo: p.testo,
                        fonti: p.fonti.join(", "),
                    })
                    .collect(),
            }
        })
        .collect();
    let delibere: Vec<Value> = validazione::effetti_delle_delibere(r)
        .into_iter()
        .map(|e| {
            let modifiche: Vec<Value> = e
                .modifiche
                .iter()
                .map(|(testo, cella)| minijinja::context! { testo => testo, cella => cella })
                .collect();
            let risultati: Vec<Value> = e
                .risultati
                .iter()
                .map(|(codice, prima, dopo)| minijinja::context! { codice => codice, prima => pct(*prima), dopo => pct(*dopo) })
                .collect();
            minijinja::context! {
                titolo => format!("Deliberazione n. {} del {}", e.delibera, e.data),
                modifiche => modifiche,
                risultati => risultati,
                non_separabile => e.non_separabile,
            }
        })
        .collect();
    let riconciliazione: Vec<Value> = validazione::riconciliazione(r)
        .into_iter()
        .map(|x| {
            minijinja::context! {
                indicatore => x.indicatore,
                dichiarato => format::percento(x.dichiarato),
                calcolato => pct(x.calcolato),
                esito => if x.coincide { "coincide" } else { "differisce" },
                cella => x.cella,
            }
        })
        .collect();
    let avvisi: Vec<Value> = r
        .avvisi
        .iter()
        .map(|p| minijinja::context! { dove => p.dove(), messaggio => p.messaggio.clone() })
        .collect();
    let accettati: Vec<Value> = r
        .accettati
        .iter()
        .map(|(p, perche)| minijinja::context! { dove => p.dove(), messaggio => p.messaggio.clone(), motivazione => perche })
        .collect();
    let contenuti: Vec<Value> = validazione::contenuti(r)
        .into_iter()
        .map(|c| {
            minijinja::context! {
                descrizione => c.descrizione,
                chiave => c.chiave,
                presente => !c.dove.is_empty(),
                dove => c.dove.join("; "),
            }
        })
        .collect();
    let c = validazione::campione(r);
    let campione = minijinja::context! {
        misurati => c.elenco.len(),
        dimensione => c.dimensione,
        passo => c.passo,
        esadecimale => c.esadecimale.clone(),
        numero => c.numero.to_string(),
        inizio => c.inizio,
        ultimo => c.scelti.last().map_or(0, |(k, _)| *k),
        scelti => c.scelti.iter().map(|(k, codice)| minijinja::context! { posizione => k, codice => codice }).collect::<Vec<_>>(),
        elenco => c.elenco.iter().enumerate().map(|(k, codice)| format!("{}. {codice}", k + 1)).collect::<Vec<_>>(),
    };
    let data = super::data_del_documento(ente);
    let ctx = minijinja::context! {
        ente => ente.nome.clone(),
        anno => ente.anno.to_string(),
        data => data,
        versione => env!("CARGO_PKG_VERSION"),
        organo => ente.lessico.validazione.singolare,
        impronte => Value::from(Serde(impronte)),
        regole => Value::from(Serde(super::regole::regole_in_parole(r))),
        delibere => delibere,
        riconciliazione => riconciliazione,
        avvisi => avvisi,
        accettati => accettati,
        contenuti => contenuti,
        campione => campione,
        spiegazioni => Value::from(Serde(spiegazioni)),
    };
    sorgenti("dossier.typ.j2", ctx, modelli)
}
