//! The web edition's page (`index.html`): the same view ([`super::vista`]) and
//! the same evaluated texts as the PDF, through the HTML templates of
//! `report-templates/` (`relazione.html.j2`, `parti.html.j2`), so the two
//! editions can never disagree. Every value is escaped as HTML text (the
//! templates are auto-escaped); only what this program generates — the texts
//! converted from Markdown, the SVG charts — is marked safe.

use super::errori::errore_modello;
use super::filtri::filtri;
use super::html::{self, Ancore, Sezione};
use super::svg::{self, VoceBarra};
use super::vista::{self, VGrafico};
use super::{Modelli, testi};
use crate::{Errore, Relazione};
use minijinja::value::{Serde, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The main template of the web edition and the one with its parts (macros).
pub const MODELLO_PAGINA: &str = "relazione.html.j2";
pub const MODELLO_PARTI: &str = "parti.html.j2";

/// What the page links to beside itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Allegati {
    /// The PDF's file name: `relazione-2022.pdf`.
    pub pdf: String,
    /// Its size as printed: `1,4 MB`.
    pub pdf_dimensione: String,
    /// The open data's licence, as its name: `CC BY 4.0`.
    pub licenza: String,
    /// The licence's address.
    pub licenza_url: Option<String>,
}

/// A page, with the files of the report folder it shows.
pub struct Pagina {
    pub html: String,
    /// The images of the texts and the logo, as paths inside the report folder.
    pub immagini: BTreeSet<String>,
}

/// Builds `index.html` for a scored report.
pub fn pagina(r: &Relazione, modelli: &Modelli, allegati: &Allegati) -> Result<Pagina, Errore> {
    let logo = super::logo(r)?.map(|l| {
        l.trim_start_matches(super::CARTELLA_DATI)
            .trim_start_matches('/')
            .to_string()
    });
    let v = vista::vista(r, logo.clone());
    let contesto = Value::from(Serde(&v));
    let resi = testi::rendi_testi(&r.istantanea(), &contesto, &v)?;
    let env = ambiente(modelli, v.ente.decimali)?;
    let origine_parti = modelli.origine(MODELLO_PARTI);
    let parti = env
        .get_template(MODELLO_PARTI)
        .map_err(|e| errore_modello(&origine_parti, None, &e))?;
    let catturato = parti
        .render_captured(contesto.clone())
        .map_err(|e| errore_modello(&origine_parti, None, &e))?;
    let stato = RefCell::new(catturato);
    let mut ancore = Ancore::default();
    let mut immagini: BTreeSet<String> = logo.into_iter().collect();
    let mut usati = BTreeSet::new();
    let mut sezioni_testi = Vec::new();
    for (nome, md) in &resi {
        let parte = |s: &str| -> Result<String, String> {
            let (macro_, argomenti) = argomenti_parte(s, &contesto)?;
            stato
                .borrow_mut()
                .with_state_mut(|st| st.call_macro(macro_, &argomenti))
                .map_err(|e| format!("{origine_parti}: {e}"))
        };
        let t = html::in_html(md, &mut ancore, &parte).map_err(|m| Errore::modello(nome.clone(), None, m))?;
        usati.extend(segnaposti(md));
        immagini.extend(t.immagini);
        sezioni_testi.push(TestoPagina {
            nome: nome.clone(),
            html: Value::from_safe_string(t.html),
            sezioni: t.sezioni,
        });
    }
    let ctx = minijinja::context! {
        ..contesto,
        ..minijinja::context! {
            testi => Value::from(Serde(&sezioni_testi)),
            usati => usati.into_iter().collect::<Vec<_>>(),
            pubblicazione => Value::from(Serde(allegati)),
        }
    };
    let origine = modelli.origine(MODELLO_PAGINA);
    let html = env
        .get_template(MODELLO_PAGINA)
        .and_then(|t| t.render(ctx))
        .map_err(|e| errore_modello(&origine, None, &e))?;
    let html = con_politica(&html).ok_or_else(|| {
        Errore::modello(
            origine.to_string(),
            None,
            "il modello della pagina web non ha l'intestazione <head>: senza, la pagina non può dichiarare \
             che carica solo i propri file"
                .to_string(),
        )
    })?;
    Ok(Pagina { html, immagini })
}

/// What the page may load, said to the browser: its own files (style sheet,
/// fonts, images) and nothing else, no script, no form, no frame. Even a
/// restyled template that names another site's image loads nothing from it.
pub const POLITICA: &str = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; \
                            base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'";

/// The page with the [`POLITICA`] as the first thing of its `<head>`, before
/// anything it could load; `None` for a page with no `<head>`.
fn con_politica(html: &str) -> Option<String> {
    let inizio = html.to_ascii_lowercase().find("<head")?;
    let fine = inizio + html[inizio..].find('>')? + 1;
    Some(format!(
        "{}\n<meta http-equiv=\"Content-Security-Policy\" content=\"{POLITICA}\">{}",
        &html[..fine],
        &html[fine..]
    ))
}

/// A narrative section as the page template sees it.
#[derive(Debug, serde::Serialize)]
struct TestoPagina {
    /// The file: `01-premessa.md`.
    nome: String,
    /// Its HTML.
    html: Value,
    /// The sections its `#` headings open, for the table of contents.
    sezioni: Vec<Sezione>,
}

/// The generated parts a text placed (`albero`, `grafico`…).
fn segnaposti(md: &str) -> Vec<String> {
    use super::escape::{FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO};
    md.split(INIZIO_SEGNAPOSTO)
        .skip(1)
        .filter_map(|p| p.split(FINE_SEGNAPOSTO).next())
        .map(|p| p.split(':').next().unwrap_or(p).to_string())
        .collect()
}

/// The macro of `parti.html.j2` that draws a placeholder, with its arguments.
fn argomenti_parte(s: &str, c: &Value) -> Result<(&'static str, Vec<Value>), String> {
    let campo = |k: &str| c.get_attr(k).unwrap_or_default();
    let parole = || campo("ente").get_attr("parole").unwrap_or_default();
    Ok(match s.split_once(':') {
        Some(("grafico", id)) => ("grafico", vec![campo("grafici").get_attr(id).unwrap_or_default()]),
        _ => match s {
            "albero" => (
                "albero",
                vec![
                    campo("rami"),
                    campo("sistema").get_attr("legenda").unwrap_or_default(),
                    parole(),
                ],
            ),
            "risultati" => ("risultati", vec![campo("ente"), campo("sintesi")]),
            "modifiche" => ("modifiche", vec![campo("delibere")]),
            "tabella_unita" => ("tabella_unita", vec![campo("unita"), parole()]),
            "regole" => ("regole", vec![campo("sistema")]),
            "distribuzione" => ("distribuzione", vec![campo("distribuzione_persone")]),
            altro => return Err(format!("parte generata «{altro}» sconosciuta")),
        },
    })
}

/// The environment of the HTML templates: auto-escaped, strict, with the
/// filters of the texts and the chart functions.
fn ambiente(modelli: &Modelli, decimali: u32) -> Result<Environment<'static>, Errore> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limiti::CARBURANTE_MODELLI));
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    filtri(&mut env, decimali);
    env.set_formatter(|out, _state, v| {
        let s = match v.kind() {
            ValueKind::None | ValueKind::Undefined => String::new(),
            ValueKind::String if v.is_safe() => v.as_str().unwrap_or_default().to_string(),
            ValueKind::String => super::escape::html(v.as_str().unwrap_or_default()),
            _ => super::escape::html(&v.to_string()),
        };
        out.write_str(&s)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "scrittura"))
    });
    env.add_filter("ancora", |s: String| html::ancora(&s));
    // An image of the folder, as the address of the copy the edition ships:
    // escaped exactly, never typographic.
    env.add_filter("percorso", |s: String| {
        Value::from_safe_string(super::escape::html_esatto(&html::indirizzo_immagine(&s)))
    });
    // An objective's anchor: its code, unique as the codes are, without spaces.
    env.add_filter("id_obiettivo", |s: String| {
        let id: String = s.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect();
        Value::from_safe_string(super::escape::html_esatto(&format!("ob-{id}")))
    });
    env.add_function("svg_grafico", |g: Value| -> Result<Value, Error> {
        let g: VGrafico = deserializza(g)?;
        Ok(Value::from_safe_string(svg::grafico(&g)))
    });
    env.add_function(
        "svg_barre",
        |voci: Value, massimo: f64, colonna: f64, alternativa: String| -> Result<Value, Error> {
            let voci: Vec<VoceBarra> = deserializza(voci)?;
            Ok(Value::from_safe_string(svg::barre(
                &voci,
                massimo,
                colonna,
                &alternativa,
            )))
        },
    );
    env.add_filter("voci_operativi", |sintesi: Value| -> Result<Value, Error> {
        let fasce: Vec<svg::Conteggio> = deserializza(sintesi.get_attr("fasce")?)?;
        let o = sintesi.get_attr("operativi")?;
        let n = |k: &str| -> Result<usize, Error> { deserializza(o.get_attr(k)?) };
        Ok(Value::from(Serde(svg::voci_operativi(
            &fasce,
            n("non_misurati")?,
            n("totale")?,
        ))))
    });
    env.add_filter("classe_esito", |e: Option<String>| svg::classe_esito(e.as_deref()));
    env.add_filter("settore_esito", |e: String| svg::settore_esito(&e));
    for nome in [MODELLO_PAGINA, MODELLO_PARTI] {
        let origine = modelli.origine(nome);
        env.add_template_owned(nome.to_string(), modelli.testo(nome)?)
            .map_err(|e| errore_modello(&origine, None, &e))?;
    }
    Ok(env)
}

fn deserializza<T: for<'de> Deserialize<'de>>(v: Value) -> Result<T, Error> {
    T::deserialize(v).map_err(|e| super::errori::errore(format!("dati del grafico: {e}")))
}
