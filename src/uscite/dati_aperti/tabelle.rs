//! The figures of the Relazione as open data (`dati/`): UTF-8 CSV with Italian
//! column names — indicators, objectives, units, people and their objectives,
//! the deliberations — and a Frictionless `datapackage.json` describing each
//! file's fields, types and units, the licence and the source. Every figure is
//! the exact one of `relazione scores --format json` ([`crate::cifre`]);
//! numbers are written with a point, dates as `AAAA-MM-GG`.

use super::pacchetto::{Licenza, Tabella, pacchetto};
use crate::cifre::{self, Figure};
use crate::model::{Livello, Valore, ValoreModifica, Voce};
use crate::{Errore, Relazione, scoring};
use rust_decimal::Decimal;
use serde_json::json;

/// A figure typed in the workbook, as open data: as typed, with a point (at
/// most 10 decimals, [`crate::limiti`]).
fn num(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

/// A computed figure (a grade, a mean: 88,888…), to the document's decimals
/// plus two: the printed figure can be checked, and no 28-digit tail is
/// published.
fn calc(d: Option<Decimal>, r: &Relazione) -> String {
    let cifre = r.piano().ente.regole.decimali + 2;
    num(d.map(|d| crate::format::arrotonda(d, cifre)))
}

fn testo(t: Option<&str>) -> String {
    t.unwrap_or_default().to_string()
}

/// A value as open data: (number, date), one of them empty.
fn valore(v: Option<Valore>) -> (String, String) {
    match v {
        Some(Valore::Numero(n)) => (num(Some(n)), String::new()),
        Some(Valore::Data(d)) => (String::new(), d.format("%Y-%m-%d").to_string()),
        None => (String::new(), String::new()),
    }
}

const PUNTI_PERCENTUALI: &str = "in punti percentuali: 100 è il pieno raggiungimento";

/// The columns of `indicatori.csv`: name, type, meaning.
const CAMPI_INDICATORI: &[(&str, &str, &str)] = &[
    ("codice", "string", "Codice dell'indicatore"),
    ("obiettivo", "string", "Codice dell'obiettivo che misura"),
    ("nome", "string", "Nome dell'indicatore"),
    ("tipologia", "string", "Efficacia, efficienza, qualità…"),
    (
        "unita_misura",
        "string",
        "Unità di target, soglia e consuntivo: %, N., gg, €, oppure data",
    ),
    (
        "operatore",
        "string",
        "Che cosa chiede il target: >= (almeno), <= (al più), = (esattamente), Entro (una data)",
    ),
    (
        "target",
        "number",
        "Target in vigore (dopo le modifiche deliberate), nell'unità di misura",
    ),
    ("target_data", "date", "Target in vigore, quando è una scadenza"),
    (
        "soglia",
        "number",
        "Soglia sotto la quale il grado è zero, nell'unità di misura",
    ),
    ("soglia_data", "date", "Soglia, quando è una data"),
    (
        "consuntivo",
        "number",
        "Valore misurato a fine anno, nell'unità di misura",
    ),
    ("consuntivo_data", "date", "Data di realizzazione, per le scadenze"),
    (
        "grado",
        "number",
        "Grado di raggiungimento, in punti percentuali; vuoto se non misurato",
    ),
    (
        "metodo",
        "string",
        "Metodo di calcolo del grado: soglia, rapporto, tutto o niente",
    ),
    (
        "scostamento",
        "number",
        "Consuntivo meno target, nell'unità di unita_scostamento",
    ),
    (
        "unita_scostamento",
        "string",
        "Unità dello scostamento: quella del target, gg per le scadenze, % del target se relativo",
    ),
    ("peso", "number", "Peso dell'indicatore nell'obiettivo, in percentuale"),
    (
        "neutralizzato",
        "boolean",
        "Vero se una deliberazione lo ha neutralizzato (peso 0): mostrato, non misurato",
    ),
    (
        "note",
        "string",
        "Note: le modifiche deliberate, poi la nota dell'indicatore, una per riga",
    ),
];

fn indicatori(r: &Relazione, f: &Figure) -> Tabella {
    let mut t = Tabella::nuova(
        "indicatori",
        "Indicatori: target, soglia, consuntivo, grado di raggiungimento e scostamento".into(),
        CAMPI_INDICATORI,
    );
    t.chiave = Some("codice");
    t.esterne = vec![json!({"fields": "obiettivo", "reference": {"resource": "obiettivi", "fields": "codice"}})];
    for (i, fi) in r.piano().indicatori.iter().zip(&f.indicatori) {
        t.righe.push(indicatore(r, i, fi));
    }
    t
}

/// An indicator's row: its plan in force, then its figures.
fn indicatore(r: &Relazione, i: &crate::model::Indicatore, fi: &cifre::FigIndicatore) -> Vec<String> {
    let piano = r.piano();
    let frazioni = scoring::in_frazioni(piano.indicatori_di(&i.obiettivo).map(|x| x.peso))
        || scoring::in_frazioni(r.pianificato.indicatori_di(&i.obiettivo).map(|x| x.peso));
    let peso = if frazioni {
        i.peso * Decimal::ONE_HUNDRED
    } else {
        i.peso
    };
    let (target, target_data) = valore(i.target);
    let (soglia, soglia_data) = valore(i.soglia);
    let (consuntivo, consuntivo_data) = valore(i.consuntivo);
    let mut note: Vec<String> = r.in_vigore.note_di(&i.codice).to_vec();
    note.extend(i.nota.clone());
    vec![
        i.codice.clone(),
        i.obiettivo.clone(),
        i.nome.clone(),
        testo(i.tipologia.as_deref()),
        if i.unita_misura == crate::model::UnitaMisura::Data {
            "data".into()
        } else {
            fi.unita.to_string()
        },
        i.operatore.to_string(),
        target,
        target_data,
        soglia,
        soglia_data,
        consuntivo,
        consuntivo_data,
        calc(fi.grado, r),
        fi.metodo.to_string(),
        calc(fi.scostamento, r),
        fi.unita_scostamento.to_string(),
        num(Some(peso)),
        fi.neutralizzato.to_string(),
        note.join("\n"),
    ]
}

fn obiettivi(r: &Relazione, f: &Figure) -> Tabella {
    let mut t = Tabella::nuova(
        "obiettivi",
        {
            let l = &r.piano().ente.lessico;
            format!(
                "{} e {}: risultato e valutazione",
                crate::model::maiuscola(l.strategico.plurale),
                l.operativo.plurale
            )
        },
        &[
            ("codice", "string", "Codice dell'obiettivo"),
            ("livello", "string", "strategico oppure operativo"),
            ("titolo", "string", "Titolo dell'obiettivo"),
            ("ambito", "string", "Codice dell'ambito strategico"),
            (
                "obiettivo_strategico",
                "string",
                "Per un obiettivo operativo, il codice del suo obiettivo strategico",
            ),
            (
                "unita",
                "string",
                "Codici delle unità organizzative coinvolte, separati da virgola",
            ),
            (
                "peso",
                "number",
                "Peso dell'obiettivo nel risultato dell'ente, quando previsto",
            ),
            (
                "risultato",
                "number",
                &format!("Risultato misurato, {PUNTI_PERCENTUALI}; vuoto se nessun indicatore è misurato"),
            ),
            ("valutazione", "string", "Valutazione sulla scala dell'ente"),
            ("punti", "number", "Punti, quando le fasce dell'ente li prevedono"),
        ],
    );
    t.chiave = Some("codice");
    for (o, fo) in r.piano().obiettivi.iter().zip(&f.obiettivi) {
        t.righe.push(vec![
            o.codice.clone(),
            o.livello.to_string(),
            o.titolo.clone(),
            testo(o.ambito.as_deref()),
            if o.livello == Livello::Operativo {
                testo(o.padre.as_deref())
            } else {
                String::new()
            },
            o.unita.join(", "),
            num(o.peso),
            calc(fo.risultato, r),
            testo(fo.valutazione.as_deref()),
            calc(fo.punti, r),
        ]);
    }
    t
}

fn unita(r: &Relazione, f: &Figure) -> Tabella {
    let mut t = Tabella::nuova(
        "unita",
        format!(
            "{}: risultato",
            crate::model::maiuscola(r.piano().ente.lessico.unita().plurale)
        ),
        &[
            ("codice", "string", "Codice dell'unità organizzativa"),
            ("nome", "string", "Nome dell'unità organizzativa"),
            ("responsabile", "string", "Chi la dirige"),
            (
                "risultato",
                "number",
                &format!("Media degli obiettivi operativi in cui è coinvolta, {PUNTI_PERCENTUALI}"),
            ),
        ],
    );
    t.chiave = Some("codice");
    for (u, fu) in r.piano().unita.iter().zip(&f.unita) {
        t.righe.push(vec![
            u.codice.clone(),
            u.nome.clone(),
            testo(u.responsabile.as_deref()),
            calc(fu.risultato, r),
        ]);
    }
    t
}

fn persone(r: &Relazione, f: &Figure) -> Tabella {
    let mut t = Tabella::nuova(
        "persone",
        "Obiettivi individuali: risultato di ciascuna persona".into(),
        &[
            ("nome", "string", "La persona, come la indica la Relazione"),
            ("ruolo", "string", "Segretario Generale, Dirigente…"),
            (
                "risultato",
                "number",
                &format!("Risultato individuale, {PUNTI_PERCENTUALI}"),
            ),
            ("valutazione", "string", "Valutazione sulla scala dell'ente"),
            ("punti", "number", "Punti, quando le fasce dell'ente li prevedono"),
        ],
    );
    t.chiave = Some("nome");
    for p in &f.persone {
        t.righe.push(vec![
            p.nome.clone(),
            p.ruolo.clone(),
            calc(p.risultato, r),
            testo(p.valutazione.as_deref()),
            calc(p.punti, r),
        ]);
    }
    t
}

fn obiettivi_individuali(r: &Relazione) -> Tabella {
    let mut t = Tabella::nuova(
        "obiettivi-individuali",
        "Obiettivi individuali: che cosa è assegnato a ciascuna persona, con il suo peso".into(),
        &[
            ("persona", "string", "La persona (vedi persone.csv)"),
            (
                "voce",
                "string",
                "obiettivo, ente (il risultato dell'ente) oppure unita (il risultato di un'unità)",
            ),
            (
                "codice",
                "string",
                "Il codice dell'obiettivo o dell'unità; vuoto per l'ente",
            ),
            ("peso", "number", "Peso nel risultato individuale, in percentuale"),
            (
                "risultato",
                "number",
                &format!("Risultato della voce, {PUNTI_PERCENTUALI}"),
            ),
        ],
    );
    t.esterne = vec![json!({"fields": "persona", "reference": {"resource": "persone", "fields": "nome"}})];
    let piano = r.piano();
    let p = &r.punteggi;
    for a in &piano.assegnazioni {
        let frazioni = scoring::in_frazioni(
            piano
                .assegnazioni
                .iter()
                .filter(|x| x.persona == a.persona)
                .map(|x| x.peso),
        );
        let (voce, codice, risultato) = match a.voce() {
            Voce::Ente => ("ente", String::new(), p.ente),
            Voce::Unita(u) => ("unita", u.to_string(), p.unita.get(u).copied().flatten()),
            Voce::Obiettivo(o) => ("obiettivo", o.to_string(), p.obiettivi.get(o).and_then(|s| s.risultato)),
        };
        t.righe.push(vec![
            a.persona.clone(),
            voce.into(),
            codice,
            num(Some(if frazioni {
                a.peso * Decimal::ONE_HUNDRED
            } else {
                a.peso
            })),
            calc(risultato, r),
        ]);
    }
    t
}

/// A value of a `Modifiche` row as open data.
fn valore_modifica(v: &ValoreModifica) -> String {
    match v {
        ValoreModifica::Vuoto => String::new(),
        ValoreModifica::Valore(v) => {
            let (n, d) = valore(Some(*v));
            if n.is_empty() { d } else { n }
        }
        ValoreModifica::Operatore(o) => o.to_string(),
        ValoreModifica::Metodo(m) => m.to_string(),
        ValoreModifica::Testo(t) => t.clone(),
    }
}

fn delibere(r: &Relazione) -> Tabella {
    let mut t = Tabella::nuova(
        "modifiche",
        "Modifiche deliberate in corso d'anno".into(),
        &[
            ("delibera", "string", "Numero della deliberazione"),
            ("data", "date", "Data della deliberazione"),
            ("indicatore", "string", "Codice dell'indicatore modificato"),
            (
                "campo",
                "string",
                "Che cosa è cambiato: target, soglia, peso, operatore, nome, algoritmo, metodo",
            ),
            (
                "da",
                "string",
                "Il valore prima (numeri con il punto decimale, date AAAA-MM-GG)",
            ),
            ("a", "string", "Il valore dopo"),
            (
                "motivazione",
                "string",
                "La motivazione, come la scrive la deliberazione",
            ),
        ],
    );
    t.esterne = vec![json!({"fields": "indicatore", "reference": {"resource": "indicatori", "fields": "codice"}})];
    let mut ordine: Vec<_> = r.piano().modifiche.iter().collect();
    ordine.sort_by_key(|m| (m.data, m.origine.riga));
    for m in ordine {
        t.righe.push(vec![
            m.delibera.clone(),
            m.data.format("%Y-%m-%d").to_string(),
            m.indicatore.clone(),
            m.campo.to_string(),
            valore_modifica(&m.da),
            valore_modifica(&m.a),
            testo(m.motivazione.as_deref()),
        ]);
    }
    t
}

/// The distribution of the individual evaluations, in groups of at least three
/// persons (see [`super::riservatezza`]); `None` without a distribution, or
/// when fewer than three persons have one.
fn distribuzione(r: &Relazione) -> Option<Tabella> {
    let d = r.punteggi.distribuzione.as_ref()?;
    let gruppi = super::riservatezza::gruppi_pubblicabili(d);
    if gruppi.is_empty() {
        return None;
    }
    let mut t = Tabella::nuova(
        "distribuzione",
        "Distribuzione delle valutazioni individuali per categoria, in forma aggregata".into(),
        &[
            (
                "categoria",
                "string",
                "Categoria di personale; «altre categorie» riunisce quelle di meno di tre persone, «tutte le categorie» è il totale",
            ),
            ("genere", "string", "Genere; vuoto per tutti i generi del gruppo"),
            ("fascia", "string", "Fascia di valutazione delle persone"),
            ("persone", "integer", "Persone del gruppo in quella fascia"),
        ],
    );
    for g in gruppi {
        for (fascia, n) in d.fasce.iter().zip(&g.conteggi) {
            t.righe.push(vec![
                g.categoria.clone(),
                testo(g.genere.as_deref()),
                fascia.clone(),
                n.to_string(),
            ]);
        }
    }
    Some(t)
}

/// The files of `dati/`: each CSV, then `datapackage.json`. Persons named
/// with their results (`persone.csv`, `obiettivi-individuali.csv`) only when
/// the ente decided so (`dati_nominativi`): an evaluation of a named person is
/// personal data, and open data under a reuse licence is a publication of its
/// own (DOMAIN, "what may be published").
pub fn dati_aperti(r: &Relazione, licenza: &Licenza, pdf: &str) -> Result<Vec<(String, Vec<u8>)>, Errore> {
    let f = cifre::figure(r);
    let mut tabelle = vec![indicatori(r, &f), obiettivi(r, &f), unita(r, &f)];
    if r.piano().ente.dati_nominativi {
        tabelle.extend([persone(r, &f), obiettivi_individuali(r)]);
    }
    if let Some(t) = distribuzione(r) {
        tabelle.push(t);
    }
    tabelle.push(delibere(r));
    let mut file = Vec::new();
    for t in &tabelle {
        file.push((format!("{}.csv", t.nome), t.csv()?));
    }
    let json = pacchetto(r, &tabelle, licenza, pdf)?;
    file.push(("datapackage.json".into(), json));
    Ok(file)
}
