//! From the scored report to Typst sources: the narrative texts (`testi/*.md`,
//! Markdown with minijinja expressions) and the templates of `report-templates/`
//! (minijinja producing Typst, plus the Typst style library).
//!
//! Every value a template prints becomes a Typst string, number, array or
//! dictionary literal — never markup — so user text is data, never code.

pub mod escape;
pub mod markdown;
pub mod regole;
pub mod vista;

use crate::format;
use crate::{Errore, Relazione};
use escape::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO, literale, stringa};
use minijinja::value::{Serde, ValueKind};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The templates shipped with the program (`report-templates/`).
pub const MODELLI: &[(&str, &str)] = &[
    (
        "relazione.typ.j2",
        include_str!("../../report-templates/relazione.typ.j2"),
    ),
    ("stile.typ", include_str!("../../report-templates/stile.typ")),
    (
        "prospetto.typ.j2",
        include_str!("../../report-templates/prospetto.typ.j2"),
    ),
];

/// Where the templates come from: the embedded ones, or a folder that
/// overrides them file by file (an ente's restyled copy).
#[derive(Debug, Clone, Default)]
pub struct Modelli {
    pub cartella: Option<PathBuf>,
}

impl Modelli {
    /// The text of a template.
    pub fn testo(&self, nome: &str) -> Result<String, Errore> {
        if let Some(dir) = &self.cartella {
            let p = dir.join(nome);
            if std::fs::symlink_metadata(&p).is_ok() {
                let dati = crate::cartella::leggi(dir, &p, crate::limiti::BYTE_MODELLO)?;
                return String::from_utf8(dati).map_err(|_| Errore::FileNonAmmesso {
                    percorso: p,
                    motivo: "non è un testo UTF-8".into(),
                });
            }
        }
        MODELLI
            .iter()
            .find(|(n, _)| *n == nome)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| Errore::modello(nome, None, "modello inesistente"))
    }

    /// Where a template comes from, as a person would look for it: the file of
    /// the ente's copy when it overrides this one, else `report-templates/NOME`.
    pub fn origine(&self, nome: &str) -> String {
        match &self.cartella {
            Some(dir) if std::fs::symlink_metadata(dir.join(nome)).is_ok() => dir.join(nome).display().to_string(),
            _ => format!("report-templates/{nome}"),
        }
    }

    /// The real folder of the templates, when they are read from disk.
    pub fn cartella(&self) -> Option<&Path> {
        self.cartella.as_deref()
    }
}

/// The Typst sources of a report, by virtual path (`/relazione.typ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorgenti {
    pub file: BTreeMap<String, String>,
    /// Virtual path → the file a person would open to fix it: the real path of
    /// an ente's template copy, `report-templates/…` for a built-in one.
    pub origini: BTreeMap<String, String>,
}

/// The virtual path of the main source.
pub const PRINCIPALE: &str = "/relazione.typ";
/// The virtual folder of the templates.
pub const CARTELLA_MODELLI: &str = "/modelli";
/// The virtual folder of the report folder (images, logo).
pub const CARTELLA_DATI: &str = "/cartella";

/// A placeholder of a generated part, as the texts' functions write it.
fn segnaposto(nome: &str) -> Value {
    // Safe: the texts' formatter writes it as it is, while it escapes data.
    Value::from_safe_string(format!("{INIZIO_SEGNAPOSTO}{nome}{FINE_SEGNAPOSTO}"))
}

/// A number a filter receives: a float, an integer or Italian text.
fn decimale(v: &Value) -> Result<Decimal, Error> {
    let errore = || Error::new(ErrorKind::InvalidOperation, format!("«{v}» non è un numero"));
    match v.kind() {
        ValueKind::Number => {
            if let Some(i) = v.as_i64() {
                Ok(Decimal::from(i))
            } else {
                let f = f64::try_from(v.clone()).map_err(|_| errore())?;
                format::decimal_da_cella(f).ok_or_else(errore)
            }
        }
        ValueKind::String => format::parse_numero(v.as_str().unwrap_or_default()).ok_or_else(errore),
        _ => Err(errore()),
    }
}

fn data(v: &Value) -> Result<chrono::NaiveDate, Error> {
    let s = v.as_str().unwrap_or_default();
    format::parse_data(s)
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("«{v}» non è una data")))
}

/// The Italian filters, in Italian and in English: `pct`/`percento` (with the
/// ente's `decimali`), `numero`/`number`, `data`/`date`, `data_lunga`/`long_date`,
/// `giorni`/`days`.
fn filtri(env: &mut Environment<'_>, decimali: u32) {
    let pct = move |v: Value| decimale(&v).map(|d| format::percento_decimali(d, decimali));
    let numero =
        |v: Value, decimali: Option<u32>| decimale(&v).map(|d| format::numero_decimali(d, decimali.unwrap_or(2)));
    let data_breve = |v: Value| data(&v).map(format::data);
    let lunga = |v: Value| data(&v).map(format::data_lunga);
    let giorni = |v: Value| {
        decimale(&v).map(|d| {
            let n = d.round();
            if n.abs() == Decimal::ONE {
                format!("{n} giorno")
            } else {
                format!("{n} giorni")
            }
        })
    };
    env.add_filter("pct", pct);
    env.add_filter("percento", pct);
    env.add_filter("numero", numero);
    env.add_filter("number", numero);
    env.add_filter("data", data_breve);
    env.add_filter("date", data_breve);
    env.add_filter("data_lunga", lunga);
    env.add_filter("long_date", lunga);
    env.add_filter("giorni", giorni);
    env.add_filter("days", giorni);
}

/// Writes a value as a Typst literal: strings (typographic quotes applied) and
/// numbers, arrays and dictionaries of them; a safe string (generated markup)
/// goes in as it is.
fn typst(v: &Value, out: &mut String) -> Result<(), Error> {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => match v.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => {
                let f = f64::try_from(v.clone()).unwrap_or(0.0);
                let f = if f.is_finite() { f } else { 0.0 };
                out.push_str(&format!("{f:?}"));
            }
        },
        ValueKind::String if v.is_safe() => out.push_str(v.as_str().unwrap_or_default()),
        ValueKind::String => out.push_str(&stringa(v.as_str().unwrap_or_default())),
        ValueKind::Map => {
            out.push('(');
            let mut vuota = true;
            for k in v.try_iter()? {
                let chiave = k.as_str().map(str::to_string).unwrap_or_else(|| k.to_string());
                out.push_str(&literale(&chiave));
                out.push_str(": ");
                typst(&v.get_item(&k)?, out)?;
                out.push_str(", ");
                vuota = false;
            }
            if vuota {
                out.push(':');
            }
            out.push(')');
        }
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for x in v.try_iter()? {
                typst(&x, out)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        _ => out.push_str(&stringa(&v.to_string())),
    }
    Ok(())
}

fn errore_modello(file: &str, e: &Error) -> Errore {
    if e.kind() == ErrorKind::OutOfFuel {
        return Errore::modello(
            file.to_string(),
            e.line(),
            format!(
                "troppo lavoro per un testo o un modello (oltre {} milioni di istruzioni): c'è un ciclo senza fine \
                 o annidato oltre misura?",
                crate::limiti::CARBURANTE_MODELLI / 1_000_000
            ),
        );
    }
    let mut messaggio = e.to_string();
    if let Some(detail) = e.detail()
        && !messaggio.contains(detail)
    {
        messaggio = format!("{messaggio}: {detail}");
    }
    Errore::modello(file.to_string(), e.line(), messaggio)
}

/// One narrative section, converted.
struct Testo {
    nome: String,
    typst: String,
}

/// Reads and converts `testi/*.md` in file-name order; returns the sections and
/// the generated parts they placed.
/// The narrative texts of a folder, in file-name order, with their minijinja
/// expressions evaluated: (file, Markdown).
fn rendi_testi(cartella: &Path, contesto: &Value, vista: &vista::Vista) -> Result<Vec<(String, String)>, Errore> {
    let decimali = vista.ente.decimali;
    let testi = crate::cartella::testi(cartella)?;
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limiti::CARBURANTE_MODELLI));
    filtri(&mut env, decimali);
    // Data quoted by a text is literal text of the Markdown, never its structure;
    // only the placeholders of generated parts (safe strings) go in as they are.
    env.set_formatter(|out, _state, v| {
        let s = match v.kind() {
            ValueKind::Number => match v.as_i64() {
                Some(i) => i.to_string(),
                None => escape::markdown_letterale(&format::numero(decimale(v)?)),
            },
            ValueKind::None | ValueKind::Undefined => String::new(),
            ValueKind::String if v.is_safe() => v.as_str().unwrap_or_default().to_string(),
            _ => escape::markdown_letterale(&v.to_string()),
        };
        out.write_str(&s)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "scrittura"))
    });
    let grafici: Vec<String> = vista.grafici.keys().cloned().collect();
    env.add_function("grafico", move |id: String| {
        if grafici.contains(&id) {
            Ok(segnaposto(&format!("grafico:{id}")))
        } else {
            Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "il grafico «{id}» non c'è nel foglio Serie (grafici: {})",
                    grafici.join(", ")
                ),
            ))
        }
    });
    for parte in ["albero", "risultati", "modifiche", "tabella_unita", "regole"] {
        env.add_function(parte, move || segnaposto(parte));
    }
    let mut out = Vec::new();
    for (nome, sorgente) in testi {
        let sorgente: String = sorgente
            .chars()
            .filter(|c| *c != INIZIO_SEGNAPOSTO && *c != FINE_SEGNAPOSTO)
            .collect();
        let md = env
            .render_str(&sorgente, contesto)
            .map_err(|e| errore_modello(&nome, &e))?;
        verifica_immagini(cartella, &nome, &md)?;
        verifica_parole(&nome, &md)?;
        out.push((nome, md));
    }
    Ok(out)
}

/// The images a text shows must be files of the folder within the limits: an
/// error names the text and its line, not the template that draws them.
fn verifica_immagini(cartella: &Path, nome: &str, md: &str) -> Result<(), Errore> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for (ev, posto) in Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = ev else {
            continue;
        };
        let riga = md[..posto.start].matches('\n').count() + 1;
        let errore = |messaggio: String| {
            Errore::modello(
                nome.to_string(),
                Some(riga),
                format!("immagine «{dest_url}»: {messaggio}"),
            )
        };
        let relativo = Path::new(dest_url.as_ref());
        if !relativo
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            return Err(errore(
                "serve il percorso di un'immagine dentro la cartella della relazione, come immagini/grafico.png".into(),
            ));
        }
        crate::cartella::leggi_immagine(cartella, &cartella.join(relativo)).map_err(|e| match e {
            Errore::FileNonAmmesso { motivo, .. } => errore(motivo),
            Errore::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                errore("il file non c'è nella cartella della relazione".into())
            }
            altro => errore(altro.to_string()),
        })?;
    }
    Ok(())
}

/// A word longer than [`crate::limiti::CARATTERI_PAROLA`] cannot be broken into
/// lines (Typst would take minutes on a megabyte without a space): an error
/// naming the text and line.
fn verifica_parole(nome: &str, md: &str) -> Result<(), Errore> {
    for (i, riga) in md.lines().enumerate() {
        if let Some(parola) = riga
            .split_whitespace()
            .find(|w| w.chars().count() > crate::limiti::CARATTERI_PAROLA)
        {
            let inizio: String = parola.chars().take(30).collect();
            return Err(Errore::modello(
                nome.to_string(),
                Some(i + 1),
                format!(
                    "una parola di {} caratteri senza spazi («{inizio}…»), oltre il limite di {}: non si può andare a capo",
                    format::numero_decimali(Decimal::from(parola.chars().count()), 0),
                    crate::limiti::CARATTERI_PAROLA
                ),
            ));
        }
    }
    Ok(())
}

/// A paragraph with its whitespace normalized, to compare drafts.
fn normalizza_paragrafo(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraphs (blocks between blank lines) of a Markdown text.
fn paragrafi(md: &str) -> Vec<String> {
    md.split("\n\n")
        .map(normalizza_paragrafo)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Converts the evaluated texts to Typst; returns the sections and the generated
/// parts they placed. With `precedenti` (the earlier draft's paragraphs), every
/// paragraph that is not among them is marked as changed.
fn testi(
    resi: &[(String, String)],
    precedenti: Option<&BTreeSet<String>>,
) -> Result<(Vec<Testo>, BTreeSet<String>), Errore> {
    let mut out = Vec::new();
    let usati = Arc::new(Mutex::new(BTreeSet::new()));
    for (nome, md) in resi {
        let md = match precedenti {
            None => md.clone(),
            Some(vecchi) => md
                .split("\n\n")
                .map(|blocco| {
                    let n = normalizza_paragrafo(blocco);
                    if n.is_empty() || vecchi.contains(&n) || n == "---" {
                        blocco.to_string()
                    } else {
                        let inizio: String = n.chars().take(60).collect();
                        format!("{}\n\n{blocco}", segnaposto(&format!("modificato:{nome}: «{inizio}…»")))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
        };
        let u = usati.clone();
        let typst = markdown::in_typst(&md, &move |s: &str| {
            u.lock()
                .expect("lock")
                .insert(s.split(':').next().unwrap_or(s).to_string());
            Ok(match s.split_once(':') {
                Some(("grafico", id)) => format!("#grafico(grafici.at({}))", literale(id)),
                Some(("modificato", cosa)) => format!("#testo-modificato({})", stringa(cosa)),
                _ => match s {
                    "albero" => "#albero-della-performance(albero, legenda: regole.legenda)".into(),
                    "risultati" => "#risultati-ente(ente, sintesi)".into(),
                    "modifiche" => "#tabella-modifiche(delibere)".into(),
                    "tabella_unita" => "#tabella-unita(unita)".into(),
                    "regole" => "#regole-di-calcolo(regole)".into(),
                    altro => return Err(format!("parte generata «{altro}» sconosciuta")),
                },
            })
        })
        .map_err(|messaggio| Errore::modello(nome.clone(), None, messaggio))?;
        out.push(Testo {
            nome: nome.clone(),
            typst,
        });
    }
    let usati = usati.lock().expect("lock").clone();
    Ok((out, usati))
}

/// The virtual path of the ente's logo, checked to be a file of the folder.
fn logo(r: &Relazione, cartella: &Path) -> Result<Option<String>, Errore> {
    let Some(logo) = &r.piano().ente.logo else {
        return Ok(None);
    };
    let relativo = Path::new(logo);
    let dentro = relativo
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let reale = cartella.join(relativo);
    let errore = |motivo: String| {
        Errore::Dati(vec![
            crate::problem::Problema::errore("Ente", format!("logo «{logo}»: {motivo}")).con_valore(logo.clone()),
        ])
    };
    if !dentro || std::fs::symlink_metadata(&reale).is_err() {
        return Err(errore(
            "serve il percorso di un'immagine dentro la cartella della relazione".into(),
        ));
    }
    crate::cartella::leggi_immagine(cartella, &reale).map_err(|e| match e {
        Errore::FileNonAmmesso { motivo, .. } => errore(motivo),
        altro => errore(altro.to_string()),
    })?;
    let percorso = relativo
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Some(format!("{CARTELLA_DATI}/{percorso}")))
}

/// Builds the Typst sources of a scored report.
pub fn genera(r: &Relazione, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    genera_confronto(r, None, modelli)
}

/// Builds the Typst sources of a report; with `precedente` (an earlier draft,
/// `build --compare`) every figure and paragraph that differs is marked.
pub fn genera_confronto(
    r: &Relazione,
    precedente: Option<(&Relazione, &str)>,
    modelli: &Modelli,
) -> Result<Sorgenti, Errore> {
    let cartella = r.cartella();
    let mut v = vista::vista(r, logo(r, &cartella)?);
    let mut paragrafi_precedenti = None;
    if let Some((vecchia, nome)) = precedente {
        let vv = vista::vista(vecchia, None);
        let contesto_vecchio = Value::from(Serde(&vv));
        let resi = rendi_testi(&vecchia.cartella(), &contesto_vecchio, &vv)
            .map_err(|e| Errore::modello(format!("bozza precedente {nome}"), None, e.to_string()))?;
        paragrafi_precedenti = Some(resi.iter().flat_map(|(_, md)| paragrafi(md)).collect::<BTreeSet<_>>());
        vista::segna_modifiche(&mut v, &vv, nome);
    }
    let contesto = Value::from(Serde(&v));
    let resi = rendi_testi(&cartella, &contesto, &v)?;
    let (testi, usati) = testi(&resi, paragrafi_precedenti.as_ref())?;
    let testi_ctx: Vec<Value> = testi
        .iter()
        .map(|t| {
            Value::from(Serde(BTreeMap::from([
                ("nome", Value::from(t.nome.clone())),
                ("typst", Value::from_safe_string(t.typst.clone())),
            ])))
        })
        .collect();
    let ctx = minijinja::context! {
        ..contesto,
        ..minijinja::context! { testi => testi_ctx, usati => usati.into_iter().collect::<Vec<_>>() }
    };
    sorgenti("relazione.typ.j2", ctx, modelli)
}

/// Renders a main template with the Typst-literal environment: the sources of
/// a document, with the style library beside it.
fn sorgenti(modello: &str, ctx: Value, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    let mut env = ambiente_typst();
    let origine = modelli.origine(modello);
    env.add_template_owned(modello.to_string(), modelli.testo(modello)?)
        .map_err(|e| errore_modello(&origine, &e))?;
    let main = env
        .get_template(modello)
        .and_then(|t| t.render(ctx))
        .map_err(|e| errore_modello(&origine, &e))?;
    let stile = format!("{CARTELLA_MODELLI}/stile.typ");
    let file = BTreeMap::from([
        (PRINCIPALE.to_string(), main),
        (stile.clone(), modelli.testo("stile.typ")?),
    ]);
    let origini = BTreeMap::from([
        (
            PRINCIPALE.to_string(),
            format!("relazione.typ (generato da {origine}; vedere --emit-typst)"),
        ),
        (stile, modelli.origine("stile.typ")),
    ]);
    Ok(Sorgenti { file, origini })
}

/// A minijinja environment whose output is Typst literals.
fn ambiente_typst() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limiti::CARBURANTE_MODELLI));
    filtri(&mut env, 2);
    env.add_filter("percorso", |s: String| Value::from_safe_string(literale(&s)));
    env.set_formatter(|out, _state, v| {
        let mut s = String::new();
        typst(v, &mut s)?;
        out.write_str(&s)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "scrittura"))
    });
    env
}

/// The Typst sources of the prospetto delle modifiche between two drafts.
pub fn prospetto(d: &crate::diff::Differenze, nuova: &Relazione, modelli: &Modelli) -> Result<Sorgenti, Errore> {
    use crate::diff::Pezzo;
    let pct = |x: Option<Decimal>| x.map_or_else(|| "—".to_string(), format::percento);
    let abbrevia = |x: &str| {
        let parole: Vec<&str> = x.split_whitespace().collect();
        if parole.len() > 16 {
            format!("{} … {} ", parole[..6].join(" "), parole[parole.len() - 6..].join(" "))
        } else {
            x.to_string()
        }
    };
    let testi: Vec<Value> = d
        .testi
        .iter()
        .map(|t| {
            let pezzi: Vec<BTreeMap<&str, String>> = t
                .pezzi
                .iter()
                .map(|p| match p {
                    Pezzo::Uguale(x) => BTreeMap::from([("tipo", "uguale".into()), ("testo", abbrevia(x))]),
                    Pezzo::Tolto(x) => BTreeMap::from([("tipo", "tolto".into()), ("testo", x.clone())]),
                    Pezzo::Aggiunto(x) => BTreeMap::from([("tipo", "aggiunto".into()), ("testo", x.clone())]),
                })
                .collect();
            minijinja::context! { file => t.file.clone(), pezzi => Value::from(Serde(pezzi)) }
        })
        .collect();
    let punteggi: Vec<BTreeMap<&str, String>> = d
        .punteggi
        .iter()
        .map(|p| {
            let valutazione = match (&p.valutazione_prima, &p.valutazione_dopo) {
                (Some(a), Some(b)) if a == b => b.to_string(),
                (Some(a), Some(b)) => format!("da {a} a {b}"),
                (None, Some(b)) => b.to_string(),
                (Some(a), None) => format!("non più valutato (era {a})"),
                (None, None) => String::new(),
            };
            BTreeMap::from([
                ("tipo", p.tipo.clone()),
                ("codice", p.codice.clone()),
                ("prima", pct(p.prima)),
                ("dopo", pct(p.dopo)),
                ("valutazione", valutazione),
            ])
        })
        .collect();
    let ente = &nuova.piano().ente;
    let data = {
        use chrono::Datelike;
        let x = ente.data_documento();
        minijinja::context! { anno => x.year(), mese => x.month(), giorno => x.day() }
    };
    let ctx = minijinja::context! {
        ente => ente.nome.clone(),
        anno => ente.anno.to_string(),
        prima => d.prima.clone(),
        dopo => d.dopo.clone(),
        data => data,
        dati => Value::from(Serde(&d.dati)),
        testi => testi,
        punteggi => Value::from(Serde(punteggi)),
    };
    sorgenti("prospetto.typ.j2", ctx, modelli)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: Value) -> String {
        let mut s = String::new();
        typst(&v, &mut s).unwrap();
        s
    }

    #[test]
    fn values_become_typst_literals() {
        assert_eq!(t(Value::from("l'ente")), "\"l’ente\"");
        assert_eq!(t(Value::from(2022)), "2022");
        assert_eq!(t(Value::from(84.425)), "84.425");
        assert_eq!(t(Value::from(())), "none");
        assert_eq!(t(Value::from(vec!["a"])), "(\"a\", )");
        let m = Value::from(Serde(BTreeMap::from([("codice", "OS1")])));
        assert_eq!(t(m), "(\"codice\": \"OS1\", )");
        assert_eq!(t(Value::from(Serde(BTreeMap::<String, i32>::new()))), "(:)");
        assert_eq!(t(Value::from_safe_string("#x".into())), "#x");
    }

    #[test]
    fn every_filter() {
        let mut env = Environment::new();
        filtri(&mut env, 2);
        let r = |src: &str| env.render_str(src, minijinja::context! {}).unwrap();
        // 84,425 rounds half away from zero: 84,43.
        assert_eq!(r("{{ 84.425 | pct }}"), "84,43 %");
        assert_eq!(r("{{ 84.425 | percento }}"), "84,43 %");
        assert_eq!(r("{{ 2987 | numero }}"), "2.987,00");
        assert_eq!(r("{{ '223.025' | number(0) }}"), "223.025");
        assert_eq!(r("{{ '2022-09-13' | data }}"), "13/09/2022");
        assert_eq!(r("{{ '13/09/2022' | date }}"), "13/09/2022");
        assert_eq!(r("{{ '2022-09-13' | data_lunga }}"), "13 settembre 2022");
        assert_eq!(r("{{ '13/09/2022' | long_date }}"), "13 settembre 2022");
        assert_eq!(r("{{ 313 | giorni }}"), "313 giorni");
        assert_eq!(r("{{ 1 | days }}"), "1 giorno");
        assert!(env.render_str("{{ 'molti' | pct }}", minijinja::context! {}).is_err());
    }
}
