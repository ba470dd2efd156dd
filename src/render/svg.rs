//! The charts of the web edition as inline SVG: the bars of the results and
//! the charts of the `Serie` sheet. Widths are percentages, so a chart fits a
//! phone and a desktop with its text at the page's size; colours are CSS
//! classes (`serie-0`, `esito-raggiunto`), which `stile.css` sets. Every chart
//! is an image with its text alternative; the page adds its data as a table.

use super::escape::html;
use super::vista::VGrafico;
use crate::model::TipoGrafico;
use serde::Deserialize;
use std::fmt::Write;

/// A bar: a label, its value, the value as printed, and its light.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct VoceBarra {
    pub etichetta: String,
    pub valore: f64,
    pub testo: String,
    #[serde(default)]
    pub esito: Option<String>,
    /// What the label stands for, in the chart's data table: an objective's title.
    #[serde(default)]
    pub titolo: Option<String>,
    /// The label of the value on the ente's scale, when it has one.
    #[serde(default)]
    pub valutazione: Option<String>,
}

/// The CSS class of a light: `esito-raggiunto`, `esito-nessuno` without one;
/// a middle band of four or more (`Parzialmente raggiunto 1/3`) is coloured
/// by the half of the scale it sits in: `esito-parziale esito-tono-basso`.
pub fn classe_esito(esito: Option<&str>) -> &'static str {
    match esito {
        Some("Raggiunto") => "esito-raggiunto",
        Some("Non raggiunto") => "esito-non-raggiunto",
        Some(e) if e.starts_with("Parzialmente raggiunto") => match quota(e) {
            q if q < 0.5 => "esito-parziale esito-tono-basso",
            q if q > 0.5 => "esito-parziale esito-tono-alto",
            _ => "esito-parziale",
        },
        _ => "esito-nessuno",
    }
}

/// How far a «partly» light sits from the lowest band (0) to the highest (1):
/// `Parzialmente raggiunto 2/3` → 0,67; one without its place, halfway.
fn quota(esito: &str) -> f64 {
    let passo = esito.rsplit(' ').next().and_then(|p| p.split_once('/'));
    match passo.and_then(|(a, b)| Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?))) {
        Some((a, b)) if b > 0.0 && (0.0..=b).contains(&a) => a / b,
        _ => 0.5,
    }
}

/// The filled sector of a «partly» marker (a 16 × 16 box, radius 6,5), from
/// the top anticlockwise as far as the light sits: half for three bands.
pub fn settore_esito(esito: &str) -> String {
    let q = quota(esito);
    let angolo = std::f64::consts::TAU * q;
    let (x, y) = (8.0 - 6.5 * angolo.sin(), 8.0 - 6.5 * angolo.cos());
    let grande = u8::from(q > 0.5);
    format!("M8 8 L8 1.5 A6.5 6.5 0 {grande} 0 {x:.2} {y:.2} Z")
}

/// The objectives of one label of the scale, as the key figures count them.
#[derive(Debug, Clone, Deserialize)]
pub struct Conteggio {
    pub etichetta: String,
    pub esito: String,
    pub operativi: usize,
}

/// The bars of the operational objectives by valutazione: one per label of the
/// scale, then those not measured; each `N su TOTALE`.
pub fn voci_operativi(fasce: &[Conteggio], non_misurati: usize, totale: usize) -> Vec<VoceBarra> {
    let voce = |etichetta: &str, n: usize, esito: Option<String>| VoceBarra {
        etichetta: etichetta.to_string(),
        valore: n as f64,
        testo: format!("{n} su {totale}"),
        valutazione: esito.clone(),
        esito,
        titolo: None,
    };
    fasce
        .iter()
        .map(|f| voce(&f.etichetta, f.operativi, Some(f.esito.clone())))
        .chain(std::iter::once(voce("Non misurati", non_misurati, None)))
        .collect()
}

const RIGA: f64 = 26.0;

/// Horizontal bars, one row per item; `colonna` is the share of the width (in
/// percent) given to the labels; a full bar is `massimo`, or the largest value
/// when larger. The text
/// alternative is `titolo` followed by every label with its value.
pub fn barre(voci: &[VoceBarra], massimo: f64, colonna: f64, titolo: &str) -> String {
    let alternativa = format!(
        "{titolo}: {}.",
        voci.iter()
            .map(|v| format!("{} {}", v.etichetta, v.testo))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let alternativa = alternativa.as_str();
    let altezza = RIGA * voci.len() as f64 + 4.0;
    let ampiezza = 78.0 - colonna;
    let massimo = voci.iter().map(|v| v.valore).fold(massimo, f64::max);
    let massimo = if massimo > 0.0 { massimo } else { 1.0 };
    let mut s = format!(
        "<svg class=\"grafico barre\" role=\"img\" aria-label=\"{}\" width=\"100%\" height=\"{altezza}\">",
        html(alternativa)
    );
    for (i, v) in voci.iter().enumerate() {
        let y = RIGA * i as f64 + 4.0;
        let quota = (v.valore / massimo).clamp(0.0, 1.0) * ampiezza;
        let classe = classe_esito(v.esito.as_deref());
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" class=\"etichetta\">{}</text>\
             <rect x=\"{colonna}%\" y=\"{y}\" width=\"{ampiezza}%\" height=\"16\" class=\"traccia\"/>\
             <rect x=\"{colonna}%\" y=\"{y}\" width=\"{quota:.2}%\" height=\"16\" class=\"barra {classe}\"/>\
             <text x=\"100%\" y=\"{}\" text-anchor=\"end\" class=\"valore\">{}</text>",
            y + 12.5,
            html(&v.etichetta),
            y + 12.5,
            html(&v.testo),
        );
    }
    s.push_str("</svg>");
    s
}

/// A chart of the `Serie` sheet: vertical bars, lines, or a pie. Bars over
/// many categories, or long ones, lie horizontal, each category's name on its
/// own line: on a phone their names would overlap.
pub fn grafico(g: &VGrafico) -> String {
    let lunghe = g.categorie.len() > 4 || g.categorie.iter().any(|c| c.chars().count() > 12);
    match g.tipo {
        TipoGrafico::Torta => torta(g),
        TipoGrafico::Barre if lunghe => orizzontale(g),
        TipoGrafico::Barre | TipoGrafico::Linee => assi(g),
    }
}

/// Horizontal bars: for each category its name, then one bar per series, from
/// the zero line (negative values to its left), the value at the right.
fn orizzontale(g: &VGrafico) -> String {
    let valori: Vec<f64> = g.serie.iter().flat_map(|s| s.valori.iter().copied()).collect();
    let massimo = valori.iter().copied().fold(0.0_f64, f64::max);
    let minimo = valori.iter().copied().fold(0.0_f64, f64::min);
    let ampiezza = if massimo - minimo == 0.0 { 1.0 } else { massimo - minimo };
    const TRACCIA: f64 = 78.0;
    let x = |v: f64| (v - minimo) / ampiezza * TRACCIA;
    let k = g.serie.len().max(1) as f64;
    let blocco = 22.0 + 20.0 * k;
    let altezza = blocco * g.categorie.len() as f64 + 4.0;
    let mut s = format!(
        "<svg class=\"grafico barre orizzontali\" role=\"img\" aria-label=\"{}\" width=\"100%\" height=\"{altezza}\">",
        html(&g.descrizione)
    );
    let zero = x(0.0);
    for (i, c) in g.categorie.iter().enumerate() {
        let y0 = blocco * i as f64 + 4.0;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{:.1}\" class=\"etichetta\">{}</text>",
            y0 + 14.0,
            html(c)
        );
        if minimo < 0.0 {
            // The zero line, beside the bars only (not across the names).
            let _ = write!(
                s,
                "<line x1=\"{zero:.2}%\" x2=\"{zero:.2}%\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"asse\"/>",
                y0 + 18.0,
                y0 + 16.0 + 20.0 * k
            );
        }
        for (j, serie) in g.serie.iter().enumerate() {
            let (Some(v), Some(testo)) = (serie.valori.get(i), serie.testi.get(i)) else {
                continue;
            };
            let y = y0 + 20.0 + 20.0 * j as f64;
            let (da, a) = (zero.min(x(*v)), zero.max(x(*v)));
            let _ = write!(
                s,
                "<rect x=\"{da:.2}%\" y=\"{y:.1}\" width=\"{:.2}%\" height=\"14\" class=\"barra serie-{}\"/>\
                 <text x=\"100%\" y=\"{:.1}\" text-anchor=\"end\" class=\"valore\">{}</text>",
                a - da,
                j % 6,
                y + 11.5,
                html(testo)
            );
        }
    }
    s.push_str("</svg>");
    s
}

const ALTEZZA: f64 = 230.0;
const ALTO: f64 = 22.0;
const BASSO: f64 = 190.0;
/// From the end of a bar below zero to the baseline of its value.
const SOTTO_BARRA: f64 = 14.0;

/// Bars or lines over the categories, with the value above each point.
/// A round step for an axis over `ampiezza`: 1, 2 or 5 times a power of ten,
/// about four steps in all (as the PDF's `passo-tondo`).
fn passo_tondo(ampiezza: f64) -> f64 {
    let grezzo = if ampiezza <= 0.0 { 1.0 } else { ampiezza / 4.0 };
    let e = 10f64.powf(grezzo.log10().floor());
    let m = grezzo / e;
    (if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }) * e
}

/// A value of the axis, Italian way: `52.000`, `2,5`, `−10`.
fn numero_asse(v: f64) -> String {
    let d = rust_decimal::Decimal::from_f64_retain((v * 100.0).round() / 100.0).unwrap_or_default();
    let s = crate::format::numero_decimali(d.abs(), d.normalize().scale());
    if v < 0.0 { format!("−{s}") } else { s }
}

fn assi(g: &VGrafico) -> String {
    let valori: Vec<f64> = g.serie.iter().flat_map(|s| s.valori.iter().copied()).collect();
    // Bars stand on zero; a line chart gets an axis of round values around its
    // points (as in the PDF), so that 50.000 → 52.000 is not a flat line.
    let (minimo, massimo, tacche) = if g.tipo == TipoGrafico::Linee && !valori.is_empty() {
        let lo = valori.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = valori.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let passo = passo_tondo(if hi - lo == 0.0 { hi.abs() } else { hi - lo });
        let basso = (lo / passo).floor() * passo;
        let mut alto = (hi / passo).ceil() * passo;
        if alto == basso {
            alto = basso + passo;
        }
        let n = ((alto - basso) / passo).round() as usize;
        (
            basso,
            alto,
            (0..=n).map(|k| basso + k as f64 * passo).collect::<Vec<f64>>(),
        )
    } else {
        (
            valori.iter().copied().fold(0.0_f64, f64::min),
            valori.iter().copied().fold(0.0_f64, f64::max),
            Vec::new(),
        )
    };
    let ampiezza = if massimo - minimo == 0.0 { 1.0 } else { massimo - minimo };
    // A bar below zero has its value under it: the bars end higher, so that the
    // value never sits on the category names.
    let fondo = if g.tipo != TipoGrafico::Linee && minimo < 0.0 {
        BASSO - SOTTO_BARRA
    } else {
        BASSO
    };
    let y = |v: f64| ALTO + (massimo - v) / ampiezza * (fondo - ALTO);
    let n = g.categorie.len().max(1) as f64;
    let passo = 100.0 / n;
    let mut s = format!(
        "<svg class=\"grafico {}\" role=\"img\" aria-label=\"{}\" width=\"100%\" height=\"{ALTEZZA}\">",
        g.tipo.nome(),
        html(&g.descrizione)
    );
    // The axis of a line chart: its round values, with light guides; the base
    // line is zero for bars, the lowest round value for lines.
    for t in &tacche {
        let _ = write!(
            s,
            "<line x1=\"0\" x2=\"100%\" y1=\"{0:.1}\" y2=\"{0:.1}\" class=\"guida\"/>\
             <text x=\"0\" y=\"{1:.1}\" class=\"tacca\">{2}</text>",
            y(*t),
            y(*t) - 3.0,
            html(&numero_asse(*t))
        );
    }
    let _ = write!(
        s,
        "<line x1=\"0\" x2=\"100%\" y1=\"{0:.1}\" y2=\"{0:.1}\" class=\"asse\"/>",
        y(if tacche.is_empty() { 0.0 } else { minimo })
    );
    let k = g.serie.len().max(1) as f64;
    for (j, serie) in g.serie.iter().enumerate() {
        let classe = format!("serie-{}", j % 6);
        let punti: Vec<(f64, f64)> = serie
            .valori
            .iter()
            .enumerate()
            .map(|(i, v)| (passo * (i as f64 + 0.5), y(*v)))
            .collect();
        for (i, ((x, yv), testo)) in punti.iter().zip(&serie.testi).enumerate() {
            if g.tipo == TipoGrafico::Linee {
                if let Some((x2, y2)) = punti.get(i + 1) {
                    let _ = write!(
                        s,
                        "<line x1=\"{x:.2}%\" y1=\"{yv:.1}\" x2=\"{x2:.2}%\" y2=\"{y2:.1}\" class=\"linea {classe}\"/>"
                    );
                }
                let _ = write!(
                    s,
                    "<circle cx=\"{x:.2}%\" cy=\"{yv:.1}\" r=\"4\" class=\"punto {classe}\"/>"
                );
                let _ = write!(
                    s,
                    "<text x=\"{x:.2}%\" y=\"{:.1}\" text-anchor=\"middle\" class=\"valore\">{}</text>",
                    yv - 8.0,
                    html(testo)
                );
            } else {
                let larga = passo * 0.7 / k;
                let x0 = passo * i as f64 + passo * 0.15 + larga * j as f64;
                let (alto, basso) = (yv.min(y(0.0)), yv.max(y(0.0)));
                let _ = write!(
                    s,
                    "<rect x=\"{x0:.2}%\" y=\"{alto:.1}\" width=\"{larga:.2}%\" height=\"{:.1}\" class=\"barra {classe}\"/>\
                     <text x=\"{:.2}%\" y=\"{:.1}\" text-anchor=\"middle\" class=\"valore\">{}</text>",
                    basso - alto,
                    x0 + larga / 2.0,
                    if serie.valori[i] >= 0.0 {
                        alto - 5.0
                    } else {
                        basso + SOTTO_BARRA
                    },
                    html(testo)
                );
            }
        }
    }
    for (i, c) in g.categorie.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.2}%\" y=\"{}\" text-anchor=\"middle\" class=\"etichetta\">{}</text>",
            passo * (i as f64 + 0.5),
            BASSO + 24.0,
            html(c)
        );
    }
    s.push_str("</svg>");
    s
}

/// A pie of the first series: one slice per category.
fn torta(g: &VGrafico) -> String {
    let r = 100.0;
    let mut s = format!(
        "<svg class=\"grafico torta\" role=\"img\" aria-label=\"{}\" width=\"220\" height=\"220\" viewBox=\"-110 -110 220 220\">",
        html(&g.descrizione)
    );
    let valori: Vec<f64> = g.serie.first().map(|x| x.valori.clone()).unwrap_or_default();
    let totale: f64 = valori.iter().filter(|v| **v > 0.0).sum();
    let mut inizio = -std::f64::consts::FRAC_PI_2;
    for (i, v) in valori.iter().enumerate() {
        let classe = format!("serie-{}", i % 6);
        if totale <= 0.0 || *v <= 0.0 {
            continue;
        }
        let ampio = v / totale * std::f64::consts::TAU;
        if ampio >= std::f64::consts::TAU - 1e-9 {
            let _ = write!(s, "<circle cx=\"0\" cy=\"0\" r=\"{r}\" class=\"fetta {classe}\"/>");
            continue;
        }
        let (x1, y1) = (pulito(r * inizio.cos()), pulito(r * inizio.sin()));
        let fine = inizio + ampio;
        let (x2, y2) = (pulito(r * fine.cos()), pulito(r * fine.sin()));
        let grande = u8::from(ampio > std::f64::consts::PI);
        let _ = write!(
            s,
            "<path d=\"M0 0 L{x1:.2} {y1:.2} A{r} {r} 0 {grande} 1 {x2:.2} {y2:.2} Z\" class=\"fetta {classe}\"/>"
        );
        inizio = fine;
    }
    s.push_str("</svg>");
    s
}

/// A coordinate without the `-0.00` of rounding noise.
fn pulito(x: f64) -> f64 {
    if x.abs() < 0.005 { 0.0 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::vista::VSerie;

    fn g(tipo: &str, valori: Vec<f64>) -> VGrafico {
        VGrafico {
            id: "x".into(),
            titolo: "Titolo".into(),
            tipo: TipoGrafico::parse(tipo).unwrap(),
            unita: None,
            descrizione: "Alternativa <b>".into(),
            categorie: vec!["2021".into(), "2022".into()],
            serie: vec![VSerie {
                nome: "Imprese".into(),
                testi: valori.iter().map(|v| v.to_string()).collect(),
                valori,
            }],
        }
    }

    #[test]
    fn every_chart_is_an_image_with_its_alternative() {
        for tipo in ["barre", "linee", "torta"] {
            let s = grafico(&g(tipo, vec![30.0, 70.0]));
            assert!(s.starts_with("<svg class=\"grafico"), "{s}");
            assert!(s.contains("role=\"img\" aria-label=\"Alternativa &lt;b&gt;\""), "{s}");
            assert!(s.ends_with("</svg>"), "{s}");
        }
    }

    #[test]
    fn a_value_below_zero_stays_clear_of_the_category_names() {
        // From −1 to 2: the bars end at 190 − 14 = 176, so −1 reaches 176 and its
        // value stands at 176 + 14 = 190, the names at 190 + 24 = 214.
        let s = grafico(&g("barre", vec![-1.0, 2.0]));
        assert!(
            s.contains("y=\"190.0\" text-anchor=\"middle\" class=\"valore\">-1<"),
            "{s}"
        );
        assert!(
            s.contains("y=\"214\" text-anchor=\"middle\" class=\"etichetta\">2021<"),
            "{s}"
        );
    }

    #[test]
    fn many_categories_lie_horizontal_from_the_zero_line() {
        let mut x = g("barre", vec![-1.0, 3.0, 1.0, 2.0, 0.5]);
        x.categorie = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let s = grafico(&x);
        assert!(s.contains("orizzontali"), "{s}");
        // From −1 to 3 over 78 % of the width: zero at 19,5 %; −1 is a bar from 0 to 19,5 %.
        assert!(s.contains("<rect x=\"0.00%\" y=\"24.0\" width=\"19.50%\""), "{s}");
        assert!(s.contains("<line x1=\"19.50%\""), "{s}");
    }

    #[test]
    fn a_line_chart_has_the_value_axis_the_pdf_has() {
        // 50.000 → 52.000: a range of 2.000, a step of 500 (2.000 / 4), the axis
        // from 50.000 to 52.000 with its round values printed.
        let s = grafico(&g("linee", vec![50000.0, 52000.0]));
        for tacca in ["50.000", "50.500", "51.000", "51.500", "52.000"] {
            assert!(s.contains(&format!("class=\"tacca\">{tacca}</text>")), "{tacca}: {s}");
        }
        // Bars keep their zero line and no value axis.
        assert!(!grafico(&g("barre", vec![3.0, 5.0])).contains("tacca"));
    }

    #[test]
    fn a_pie_of_30_and_70_turns_at_108_degrees() {
        // 30 % of 360° is 108°: from the top (−90°) to 18°, where x = 100·cos 18° = 95,11
        // and y = 100·sin 18° = 30,90.
        let s = grafico(&g("torta", vec![30.0, 70.0]));
        assert!(s.contains("M0 0 L0.00 -100.00 A100 100 0 0 1 95.11 30.90 Z"), "{s}");
        assert!(s.contains("A100 100 0 1 1 0.00 -100.00 Z"), "{s}");
    }

    #[test]
    fn a_bar_of_60_of_100_fills_sixty_percent_of_the_track() {
        let v = [VoceBarra {
            etichetta: "OS01".into(),
            valore: 60.0,
            testo: "60,00 %".into(),
            esito: Some("Parzialmente raggiunto".into()),
            titolo: None,
            valutazione: None,
        }];
        // Track from 34 % to 78 % of the width: 44 points, of which 60 % is 26,4.
        let s = barre(&v, 100.0, 34.0, "Risultati");
        assert!(
            s.contains("width=\"26.40%\" height=\"16\" class=\"barra esito-parziale\""),
            "{s}"
        );
        assert!(s.contains("aria-label=\"Risultati: OS01 60,00 %.\""), "{s}");
    }
}
