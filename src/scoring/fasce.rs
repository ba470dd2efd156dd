//! From a result to its valutazione, and to points: the ente's scale, either the
//! two thresholds `soglia_raggiunto` / `soglia_non_raggiunto` or the bands of the
//! `Fasce` sheet.

use crate::model::{Fascia, Regole};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The three lights of a valutazione: how a result is coloured and marked in the
/// albero and the cards. With `Fasce`, the lowest band is `NonRaggiunto`, the
/// highest `Raggiunto`, any other `ParzialmenteRaggiunto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Valutazione {
    #[serde(rename = "Raggiunto")]
    Raggiunto,
    #[serde(rename = "Parzialmente raggiunto")]
    ParzialmenteRaggiunto,
    #[serde(rename = "Non raggiunto")]
    NonRaggiunto,
}

impl fmt::Display for Valutazione {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Valutazione::Raggiunto => "Raggiunto",
            Valutazione::ParzialmenteRaggiunto => "Parzialmente raggiunto",
            Valutazione::NonRaggiunto => "Non raggiunto",
        })
    }
}

/// What a result is worth on the ente's scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Giudizio {
    /// The light: colour and marker.
    pub valutazione: Valutazione,
    /// The label printed: the band's `Valutazione`, or the light's name.
    pub etichetta: String,
    /// Points, when the bands give them.
    pub punti: Option<Decimal>,
    /// Where the band sits among the middle ones of a scale of four bands or
    /// more (see [`tono`]).
    #[serde(skip)]
    pub tono: Option<Tono>,
}

impl Giudizio {
    /// The light as the templates draw it (see [`esito`]).
    pub fn esito(&self) -> String {
        esito(self.valutazione, self.tono)
    }
}

/// A middle band of a scale of four bands or more: band `passo` of the steps
/// `0..=di` from the lowest to the highest. Two middle bands share the
/// «partly» light, so their marker and colour tell them apart by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tono {
    pub passo: usize,
    pub di: usize,
}

/// The tone of band `i` of `n`: only the middle bands of four or more have one.
pub fn tono(i: usize, n: usize) -> Option<Tono> {
    (n >= 4 && i > 0 && i + 1 < n).then_some(Tono { passo: i, di: n - 1 })
}

/// The light of a valutazione as the templates draw it: `Raggiunto`,
/// `Parzialmente raggiunto`, `Non raggiunto`; a middle band of four or more
/// adds its place, `Parzialmente raggiunto 2/3` (two thirds of the way from
/// the lowest band to the highest), which the marker fills and colours in
/// proportion (`stile.typ`, `parti.html.j2`).
pub fn esito(valutazione: Valutazione, tono: Option<Tono>) -> String {
    match tono {
        Some(t) => format!("{valutazione} {}/{}", t.passo, t.di),
        None => valutazione.to_string(),
    }
}

/// A label of the scale with its light, for legends and summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voce {
    pub etichetta: String,
    pub valutazione: Valutazione,
    /// The light as drawn (see [`esito`]).
    pub esito: String,
}

/// A band of the scale, checked by the reader: `da` included, `a` excluded
/// (included for the top band).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FasciaScala {
    pub da: Decimal,
    pub a: Decimal,
    pub etichetta: String,
    /// Points at `da` and at `a`, linear in between.
    pub punti: Option<(Decimal, Decimal)>,
}

/// The ente's scale of valutazioni.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Scala {
    /// `Raggiunto` from `raggiunto` up, `Non raggiunto` up to `non_raggiunto`,
    /// `Parzialmente raggiunto` in between (defaults 95 and 0).
    Soglie { raggiunto: Decimal, non_raggiunto: Decimal },
    /// The bands of the `Fasce` sheet, from the lowest.
    Fasce(Vec<FasciaScala>),
}

impl Scala {
    /// The scale of the objectives: the bands that judge them when there are
    /// any, else the ente's thresholds.
    pub fn di(regole: &Regole, fasce: &[Fascia]) -> Scala {
        Scala::delle(regole, fasce.iter().filter(|f| f.per.obiettivi()))
    }

    /// The scale of the persons: their own bands (`Per` = `persone`) when the
    /// ente has them, else that of the objectives.
    pub fn per_persone(regole: &Regole, fasce: &[Fascia]) -> Scala {
        if crate::model::fasce_proprie_delle_persone(fasce) {
            Scala::delle(regole, fasce.iter().filter(|f| f.per.persone()))
        } else {
            Scala::di(regole, fasce)
        }
    }

    fn delle<'a>(regole: &Regole, fasce: impl Iterator<Item = &'a Fascia>) -> Scala {
        let fasce: Vec<&Fascia> = fasce.collect();
        if fasce.is_empty() {
            return Scala::Soglie {
                raggiunto: regole.soglia_raggiunto,
                non_raggiunto: regole.soglia_non_raggiunto,
            };
        }
        let mut bande: Vec<FasciaScala> = fasce
            .iter()
            .map(|f| FasciaScala {
                da: f.da,
                a: f.a,
                etichetta: f.valutazione.clone(),
                punti: f.punti_da.zip(f.punti_a),
            })
            .collect();
        bande.sort_by_key(|b| b.da);
        Scala::Fasce(bande)
    }

    /// The valutazione of a result (and its points, with bands that give them).
    pub fn giudica(&self, risultato: Decimal) -> Giudizio {
        match self {
            Scala::Soglie {
                raggiunto,
                non_raggiunto,
            } => {
                let valutazione = per_soglie(risultato, *raggiunto, *non_raggiunto);
                Giudizio {
                    valutazione,
                    etichetta: valutazione.to_string(),
                    punti: None,
                    tono: None,
                }
            }
            Scala::Fasce(bande) => {
                let i = bande.iter().rposition(|b| risultato >= b.da).unwrap_or_default();
                let b = &bande[i];
                Giudizio {
                    valutazione: luce(i, bande.len()),
                    etichetta: b.etichetta.clone(),
                    punti: b.punti.map(|(da, a)| punti(risultato, b.da, b.a, da, a)),
                    tono: tono(i, bande.len()),
                }
            }
        }
    }

    /// The labels of the scale from the highest, with their light: the legend of
    /// the albero and the rows of the summary.
    pub fn voci(&self) -> Vec<Voce> {
        match self {
            Scala::Soglie { .. } => [
                Valutazione::Raggiunto,
                Valutazione::ParzialmenteRaggiunto,
                Valutazione::NonRaggiunto,
            ]
            .into_iter()
            .map(|v| Voce {
                etichetta: v.to_string(),
                valutazione: v,
                esito: v.to_string(),
            })
            .collect(),
            Scala::Fasce(bande) => bande
                .iter()
                .enumerate()
                .rev()
                .map(|(i, b)| {
                    let n = bande.len();
                    Voce {
                        etichetta: b.etichetta.clone(),
                        valutazione: luce(i, n),
                        esito: esito(luce(i, n), tono(i, n)),
                    }
                })
                .collect(),
        }
    }

    /// Whether the bands give points.
    pub fn con_punti(&self) -> bool {
        matches!(self, Scala::Fasce(b) if b.iter().any(|b| b.punti.is_some()))
    }
}

/// The light of band `i` of `n`, from the lowest: the top one is `Raggiunto`, the
/// bottom one `Non raggiunto`, any other `Parzialmente raggiunto`.
pub fn luce(i: usize, n: usize) -> Valutazione {
    if i + 1 == n {
        Valutazione::Raggiunto
    } else if i == 0 {
        Valutazione::NonRaggiunto
    } else {
        Valutazione::ParzialmenteRaggiunto
    }
}

/// The valutazione by the two thresholds: `Raggiunto` from `raggiunto` up,
/// `Non raggiunto` up to `non_raggiunto`, `Parzialmente raggiunto` in between.
pub fn per_soglie(risultato: Decimal, raggiunto: Decimal, non_raggiunto: Decimal) -> Valutazione {
    if risultato >= raggiunto {
        Valutazione::Raggiunto
    } else if risultato <= non_raggiunto {
        Valutazione::NonRaggiunto
    } else {
        Valutazione::ParzialmenteRaggiunto
    }
}

/// Points of a result inside its band, linear from `punti_da` at `da` to
/// `punti_a` at `a`; a result beyond the band's ends (above an uncapped top band)
/// gets the points of the nearer end.
pub fn punti(risultato: Decimal, da: Decimal, a: Decimal, punti_da: Decimal, punti_a: Decimal) -> Decimal {
    let r = risultato.clamp(da, a);
    let ampiezza = a - da;
    if ampiezza.is_zero() {
        return punti_a;
    }
    ((r - da) / ampiezza)
        .checked_mul(punti_a - punti_da)
        .map_or(punti_a, |x| punti_da + x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn banda(da: &str, a: &str, etichetta: &str, punti: Option<(&str, &str)>) -> FasciaScala {
        FasciaScala {
            da: d(da),
            a: d(a),
            etichetta: etichetta.into(),
            punti: punti.map(|(x, y)| (d(x), d(y))),
        }
    }

    #[test]
    fn thresholds_follow_the_ente() {
        let scala = Scala::Soglie {
            raggiunto: d("95"),
            non_raggiunto: d("0"),
        };
        let v = |r: &str| scala.giudica(d(r)).valutazione;
        // From the reference: 95,80 Raggiunto, 94,86 and 22,71 Parzialmente, 0 Non raggiunto.
        assert_eq!(v("95.80"), Valutazione::Raggiunto);
        assert_eq!(v("95"), Valutazione::Raggiunto);
        assert_eq!(v("94.86"), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(v("22.71"), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(v("0"), Valutazione::NonRaggiunto);
        assert_eq!(scala.giudica(d("50")).etichetta, "Parzialmente raggiunto");
        assert_eq!(scala.giudica(d("50")).punti, None);
        assert_eq!(per_soglie(d("90"), d("90"), d("30")), Valutazione::Raggiunto);
        assert_eq!(per_soglie(d("22.71"), d("90"), d("30")), Valutazione::NonRaggiunto);
    }

    #[test]
    fn bands_label_and_light_a_result() {
        // 0–70 Non raggiunto, 70–90 Parzialmente raggiunto, 90–100 Raggiunto.
        let scala = Scala::Fasce(vec![
            banda("0", "70", "Non raggiunto", None),
            banda("70", "90", "Parzialmente raggiunto", None),
            banda("90", "100", "Raggiunto", None),
        ]);
        let g = |r: &str| scala.giudica(d(r));
        assert_eq!(g("69.99").etichetta, "Non raggiunto");
        // Da is included, A excluded: 70 is in the second band, 90 in the third.
        assert_eq!(g("70").etichetta, "Parzialmente raggiunto");
        assert_eq!(g("89.99").valutazione, Valutazione::ParzialmenteRaggiunto);
        assert_eq!(g("90").valutazione, Valutazione::Raggiunto);
        // The top band includes its A.
        assert_eq!(g("100").etichetta, "Raggiunto");
        assert_eq!(g("0").valutazione, Valutazione::NonRaggiunto);
        assert!(!scala.con_punti());
        // From the highest, for legends.
        assert_eq!(scala.voci()[0].etichetta, "Raggiunto");
        assert_eq!(scala.voci()[0].valutazione, Valutazione::Raggiunto);
        // Three bands: three lights, nothing more to tell them apart.
        assert_eq!(g("80").esito(), "Parzialmente raggiunto");
    }

    #[test]
    fn bands_give_points_linear_inside() {
        // 0–76 → 0–14, 76–90 → 15–18, 90–100 → 19–20.
        let scala = Scala::Fasce(vec![
            banda("0", "76", "Non adeguato", Some(("0", "14"))),
            banda("76", "90", "Adeguato", Some(("15", "18"))),
            banda("90", "100", "Eccellente", Some(("19", "20"))),
        ]);
        // 83 % in 76–90: 15 + (83 − 76) / (90 − 76) × (18 − 15) = 15 + 7/14 × 3 = 16,50.
        assert_eq!(scala.giudica(d("83")).punti, Some(d("16.5")));
        // 95 % in 90–100: 19 + 5/10 × 1 = 19,50.
        assert_eq!(scala.giudica(d("95")).punti, Some(d("19.5")));
        // The ends: 76 gives 15, 100 gives 20, 0 gives 0.
        assert_eq!(scala.giudica(d("76")).punti, Some(d("15")));
        assert_eq!(scala.giudica(d("100")).punti, Some(d("20")));
        assert_eq!(scala.giudica(d("0")).punti, Some(d("0")));
        // Four bands and more: the middle ones are all "partly" lit, each
        // drawn by its place between the lowest and the highest.
        assert_eq!(luce(1, 4), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(luce(2, 4), Valutazione::ParzialmenteRaggiunto);
        assert_eq!(luce(3, 4), Valutazione::Raggiunto);
        assert_eq!(luce(0, 4), Valutazione::NonRaggiunto);
        let esiti = |n: usize| (0..n).map(|i| esito(luce(i, n), tono(i, n))).collect::<Vec<_>>();
        assert_eq!(
            esiti(4),
            [
                "Non raggiunto",
                "Parzialmente raggiunto 1/3",
                "Parzialmente raggiunto 2/3",
                "Raggiunto"
            ]
        );
        let cinque = esiti(5);
        assert_eq!(cinque.iter().collect::<std::collections::BTreeSet<_>>().len(), 5);
        assert!(scala.con_punti());
    }

    #[test]
    fn the_reader_knows_the_labels_of_the_persons_scale() {
        use crate::model::{Destinatari, Fascia, Origine, Regole, etichette_delle_persone};
        let fascia = |da: &str, a: &str, v: &str, per: Destinatari| Fascia {
            da: d(da),
            a: d(a),
            valutazione: v.into(),
            punti_da: None,
            punti_a: None,
            per,
            origine: Origine {
                foglio: "Fasce".into(),
                riga: 2,
                colonne: Default::default(),
            },
        };
        let etichette = |f: &[Fascia]| -> Vec<String> {
            Scala::per_persone(&Regole::default(), f)
                .voci()
                .into_iter()
                .map(|v| v.etichetta)
                .collect()
        };
        let oggetti = [
            fascia("0", "60", "Non raggiunto", Destinatari::Obiettivi),
            fascia("60", "90", "Parziale", Destinatari::Obiettivi),
            fascia("90", "100", "Raggiunto", Destinatari::Obiettivi),
        ];
        let con_persone = [
            oggetti.to_vec(),
            vec![
                fascia("80", "100", "Buona", Destinatari::Persone),
                fascia("0", "80", "Adeguata", Destinatari::Persone),
            ],
        ]
        .concat();
        for f in [&[][..], &oggetti[..], &con_persone[..]] {
            assert_eq!(etichette_delle_persone(f), etichette(f));
        }
        assert_eq!(etichette_delle_persone(&con_persone), ["Buona", "Adeguata"]);
    }

    #[test]
    fn above_an_uncapped_top_band() {
        // No cap: the top band 90–100 takes 130 % too, with its top points.
        let scala = Scala::Fasce(vec![
            banda("0", "90", "Non raggiunto", Some(("0", "10"))),
            banda("90", "100", "Raggiunto", Some(("18", "20"))),
        ]);
        let g = scala.giudica(d("130"));
        assert_eq!(g.etichetta, "Raggiunto");
        assert_eq!(g.punti, Some(d("20")));
    }
}
