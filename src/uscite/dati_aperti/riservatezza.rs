//! What the open data may say about persons: the distribution of the
//! evaluations in aggregate, never a group so small that it is a person.
//!
//! The rule (DOMAIN, "what may be published"; D.Lgs. 33/2013 art. 20): a group
//! of fewer than [`MINIMO`] persons is not published on its own.
//! - A category with fewer than three persons is merged into «altre
//!   categorie»; while that group is still below three, the smallest category
//!   published joins it. Nothing is left out, so the total stays the sum of
//!   the rows and reveals nobody.
//! - The split by gender of a group is published only when every gender in it
//!   has at least three persons; otherwise the group appears only whole. The
//!   total's split by gender only when every group is split too (else the
//!   difference would tell the genders of a group published whole).
//! - Fewer than three persons in all: nothing is published.

use crate::scoring::individuale::{Distribuzione, RigaDistribuzione};

/// The fewest persons a published group may count.
pub const MINIMO: u32 = 3;

/// A published group: its name, gender (`None` = all) and persons per band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gruppo {
    pub categoria: String,
    pub genere: Option<String>,
    pub conteggi: Vec<u32>,
}

impl Gruppo {
    pub fn totale(&self) -> u32 {
        self.conteggi.iter().sum()
    }
}

pub const ALTRE: &str = "altre categorie";
pub const TUTTE: &str = "tutte le categorie";

/// The groups of a distribution that may be published, merged as the rule
/// says, with the total of all last.
pub fn gruppi_pubblicabili(d: &Distribuzione) -> Vec<Gruppo> {
    let per = |r: &RigaDistribuzione| r.conteggi.clone();
    let totale = d.righe.iter().find(|r| r.categoria.is_none() && r.genere.is_none());
    if totale.is_none_or(|t| t.totale < MINIMO) {
        return Vec::new();
    }
    // Categories (whole), each with its gender rows.
    let mut categorie: Vec<(Gruppo, Vec<Gruppo>)> = d
        .righe
        .iter()
        .filter(|r| r.categoria.is_some() && r.genere.is_none())
        .map(|r| {
            let nome = r.categoria.clone().unwrap_or_default();
            let generi = d
                .righe
                .iter()
                .filter(|g| g.categoria.as_deref() == Some(&nome) && g.genere.is_some())
                .map(|g| Gruppo {
                    categoria: nome.clone(),
                    genere: g.genere.clone(),
                    conteggi: per(g),
                })
                .collect();
            (
                Gruppo {
                    categoria: nome,
                    genere: None,
                    conteggi: per(r),
                },
                generi,
            )
        })
        .collect();
    // Merge the small ones into «altre categorie», then, while that is small,
    // the smallest of the others.
    let piccola = |g: &Gruppo| g.totale() < MINIMO;
    if categorie.iter().any(|(g, _)| piccola(g)) {
        let mut altre = Gruppo {
            categoria: ALTRE.into(),
            genere: None,
            conteggi: vec![0; d.fasce.len()],
        };
        let unisci = |altre: &mut Gruppo, g: &Gruppo| {
            for (a, b) in altre.conteggi.iter_mut().zip(&g.conteggi) {
                *a += b;
            }
        };
        let (piccole, mut grandi): (Vec<_>, Vec<_>) = categorie.into_iter().partition(|(g, _)| piccola(g));
        for (g, _) in &piccole {
            unisci(&mut altre, g);
        }
        while altre.totale() < MINIMO {
            let Some(i) = (0..grandi.len()).min_by_key(|i| grandi[*i].0.totale()) else {
                break;
            };
            let (g, _) = grandi.remove(i);
            unisci(&mut altre, &g);
        }
        categorie = grandi;
        // The merged group has no split by gender: its members are few.
        categorie.push((altre, Vec::new()));
    }
    let mut out = Vec::new();
    // The total by gender, minus the categories by gender, would tell the
    // genders of a group published whole: it goes out only when every group
    // is split by gender too.
    let mut tutti_divisi = true;
    for (g, generi) in categorie {
        if divisibile(&g, &generi) {
            out.push(g);
            out.extend(generi);
        } else {
            out.push(g);
            tutti_divisi = false;
        }
    }
    if let Some(t) = totale {
        out.push(Gruppo {
            categoria: TUTTE.into(),
            genere: None,
            conteggi: per(t),
        });
        let generi: Vec<Gruppo> = d
            .righe
            .iter()
            .filter(|r| r.categoria.is_none() && r.genere.is_some())
            .map(|r| Gruppo {
                categoria: TUTTE.into(),
                genere: r.genere.clone(),
                conteggi: per(r),
            })
            .collect();
        let intero = Gruppo {
            categoria: TUTTE.into(),
            genere: None,
            conteggi: per(t),
        };
        if tutti_divisi && divisibile(&intero, &generi) {
            out.extend(generi);
        }
    }
    out
}

/// Whether a group may be published split by gender: every gender has at
/// least three persons, and the genders add up to the whole band by band —
/// otherwise the whole minus the genders would tell the bands of the persons
/// whose gender is not given.
fn divisibile(intero: &Gruppo, generi: &[Gruppo]) -> bool {
    !generi.is_empty()
        && generi.iter().all(|x| x.totale() >= MINIMO)
        && (0..intero.conteggi.len()).all(|i| {
            generi
                .iter()
                .map(|g| g.conteggi.get(i).copied().unwrap_or(0))
                .sum::<u32>()
                == intero.conteggi[i]
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riga(categoria: Option<&str>, genere: Option<&str>, conteggi: &[u32]) -> RigaDistribuzione {
        RigaDistribuzione {
            categoria: categoria.map(str::to_string),
            genere: genere.map(str::to_string),
            conteggi: conteggi.to_vec(),
            totale: conteggi.iter().sum(),
            differenziazione: None,
        }
    }

    #[test]
    fn a_group_of_fewer_than_three_is_never_published_on_its_own() {
        // Direttore generale: 1 person; dirigenti: 4 (F 1, M 3); personale: 20
        // (F 12, M 8). Total 25.
        let d = Distribuzione {
            fasce: vec!["Alta".into(), "Media".into(), "Bassa".into()],
            righe: vec![
                riga(Some("direttore generale"), None, &[1, 0, 0]),
                riga(Some("direttore generale"), Some("M"), &[1, 0, 0]),
                riga(Some("dirigenti"), None, &[2, 1, 1]),
                riga(Some("dirigenti"), Some("F"), &[1, 0, 0]),
                riga(Some("dirigenti"), Some("M"), &[1, 1, 1]),
                riga(Some("personale"), None, &[10, 8, 2]),
                riga(Some("personale"), Some("F"), &[6, 5, 1]),
                riga(Some("personale"), Some("M"), &[4, 3, 1]),
                riga(None, None, &[13, 9, 3]),
                riga(None, Some("F"), &[7, 5, 1]),
                riga(None, Some("M"), &[6, 4, 2]),
            ],
            da_conteggi: false,
        };
        let g = gruppi_pubblicabili(&d);
        let nomi: Vec<(String, Option<String>, u32)> = g
            .iter()
            .map(|x| (x.categoria.clone(), x.genere.clone(), x.totale()))
            .collect();
        // The director (1) joins «altre categorie», still 1: the smallest other
        // category, dirigenti (4), joins it: 5, published without gender.
        // Personale is published with its genders (12 and 8). The total by
        // gender (F 13) minus personale's (F 12) would say that «altre» has one
        // woman, and her band: the total goes out whole.
        assert_eq!(
            nomi,
            vec![
                ("personale".into(), None, 20),
                ("personale".into(), Some("F".into()), 12),
                ("personale".into(), Some("M".into()), 8),
                (ALTRE.into(), None, 5),
                (TUTTE.into(), None, 25),
            ]
        );
        assert_eq!(g[3].conteggi, vec![3, 1, 1]);
        // Two persons in all: nothing.
        let poche = Distribuzione {
            righe: vec![riga(Some("dirigenti"), None, &[1, 1, 0]), riga(None, None, &[1, 1, 0])],
            ..d
        };
        assert!(gruppi_pubblicabili(&poche).is_empty());
    }

    #[test]
    fn a_split_by_gender_that_leaves_out_persons_without_one_is_not_published() {
        // 10 persons: F 4, M 4 and 2 without a gender. Whole − F − M would give
        // the bands of those two: the category goes out whole.
        let d = Distribuzione {
            fasce: vec!["Alta".into(), "Bassa".into()],
            righe: vec![
                riga(Some("personale"), None, &[6, 4]),
                riga(Some("personale"), Some("F"), &[2, 2]),
                riga(Some("personale"), Some("M"), &[3, 1]),
                riga(None, None, &[6, 4]),
                riga(None, Some("F"), &[2, 2]),
                riga(None, Some("M"), &[3, 1]),
            ],
            da_conteggi: false,
        };
        let g = gruppi_pubblicabili(&d);
        assert!(g.iter().all(|x| x.genere.is_none()), "{g:?}");
        assert_eq!(g.len(), 2);
    }
}
