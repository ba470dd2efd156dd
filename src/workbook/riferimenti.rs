//! The cross-references between sheets: every code used must exist, with the
//! right level.

use crate::model::*;
use crate::problem::{Problema, Problemi};
use crate::workbook::schema::{assegnazioni, indicatori, obiettivi};
use std::collections::HashSet;

/// What cross-sheet references are checked against. `None` is a sheet that is
/// missing: that is already an error, and the references into it are not
/// checked, so that one missing sheet is one error and not one per row.
pub(in crate::workbook) struct Riferimenti<'a> {
    pub(in crate::workbook) ambiti: Option<&'a [Ambito]>,
    pub(in crate::workbook) unita: Option<&'a [Unita]>,
    pub(in crate::workbook) obiettivi: &'a [Obiettivo],
    /// Every objective code written, valid row or not.
    pub(in crate::workbook) obiettivi_scritti: Option<&'a HashSet<String>>,
    /// The ente's words, for the messages.
    pub(in crate::workbook) lessico: Lessico,
}

impl Riferimenti<'_> {
    pub(in crate::workbook) fn obiettivo(&self, codice: &str) -> Option<&Obiettivo> {
        self.obiettivi.iter().find(|o| o.codice == codice)
    }

    /// An objective code that is nowhere in the Obiettivi sheet.
    pub(in crate::workbook) fn obiettivo_ignoto(&self, codice: &str) -> bool {
        self.obiettivi_scritti.is_some_and(|scritti| !scritti.contains(codice))
    }

    /// Every code used must exist, with the right level.
    pub(in crate::workbook) fn verifica(
        &self,
        indicatori: &[Indicatore],
        assegnazioni: &[Assegnazione],
        p: &mut Problemi,
    ) {
        for o in self.obiettivi {
            match o.livello {
                Livello::Strategico => self.strategico(o, p),
                Livello::Operativo => self.operativo(o, p),
            }
            for u in &o.unita {
                if !self.unita_nota(u) {
                    p.push(
                        Problema::errore(&o.origine.foglio, unita_sconosciuta(u))
                            .in_cella(o.origine.cella(obiettivi::UNITA.nome))
                            .con_valore(u),
                    );
                }
            }
        }
        for i in indicatori {
            self.riferimento(
                &i.origine.foglio,
                &i.obiettivo,
                &i.origine.cella(indicatori::OBIETTIVO.nome),
                p,
            );
        }
        for a in assegnazioni {
            let cella = a.origine.cella(assegnazioni::OBIETTIVO.nome);
            match a.voce() {
                Voce::Obiettivo(codice) => self.riferimento(&a.origine.foglio, codice, &cella, p),
                Voce::Unita(u) if !self.unita_nota(u) => p.push(
                    Problema::errore(&a.origine.foglio, unita_sconosciuta(u))
                        .in_cella(&cella)
                        .con_valore(&a.obiettivo),
                ),
                Voce::Ente | Voce::Unita(_) => {}
            }
        }
    }

    fn unita_nota(&self, codice: &str) -> bool {
        self.unita.is_none_or(|unita| unita.iter().any(|x| x.codice == codice))
    }

    /// A strategic objective: its ambito exists, it has no parent.
    fn strategico(&self, o: &Obiettivo, p: &mut Problemi) {
        let foglio = &o.origine.foglio;
        if let Some(a) = &o.ambito
            && self.ambiti.is_some_and(|ambiti| !ambiti.iter().any(|x| &x.codice == a))
        {
            p.push(
                Problema::errore(foglio, format!("ambito «{a}» sconosciuto (non è nel foglio Ambiti)"))
                    .in_cella(o.origine.cella(obiettivi::AMBITO.nome))
                    .con_valore(a),
            );
        }
        if let Some(padre) = &o.padre {
            p.push(
                Problema::errore(
                    foglio,
                    format!(
                        "un {} non ha padre, ma {} indica «{padre}»",
                        self.lessico.strategico.singolare, o.codice
                    ),
                )
                .in_cella(o.origine.cella(obiettivi::PADRE.nome))
                .con_valore(padre),
            );
        }
    }

    /// An operational objective: its parent exists and is strategic.
    fn operativo(&self, o: &Obiettivo, p: &mut Problemi) {
        let foglio = &o.origine.foglio;
        let cella = o.origine.cella(obiettivi::PADRE.nome);
        match &o.padre {
            None => p.push(
                Problema::errore(
                    foglio,
                    format!(
                        "{} {} deve indicare il suo {} in Padre",
                        self.lessico.operativo.con_articolo(false),
                        o.codice,
                        self.lessico.strategico.singolare
                    ),
                )
                .in_cella(cella),
            ),
            Some(padre) => match self.obiettivo(padre) {
                None if self.obiettivo_ignoto(padre) => p.push(
                    Problema::errore(foglio, format!("obiettivo padre «{padre}» sconosciuto"))
                        .in_cella(cella)
                        .con_valore(padre),
                ),
                Some(x) if x.livello != Livello::Strategico => p.push(
                    Problema::errore(
                        foglio,
                        format!(
                            "il padre «{padre}» di {} non è un {}",
                            o.codice, self.lessico.strategico.singolare
                        ),
                    )
                    .in_cella(cella)
                    .con_valore(padre),
                ),
                _ => {}
            },
        }
    }

    /// A reference to an objective that is nowhere in `Obiettivi`.
    fn riferimento(&self, foglio: &str, codice: &str, cella: &str, p: &mut Problemi) {
        if self.obiettivo_ignoto(codice) {
            p.push(
                Problema::errore(
                    foglio,
                    format!("obiettivo «{codice}» sconosciuto (non è nel foglio Obiettivi)"),
                )
                .in_cella(cella)
                .con_valore(codice),
            );
        }
    }
}

fn unita_sconosciuta(u: &str) -> String {
    format!("unità organizzativa «{u}» sconosciuta (non è nel foglio Unita)")
}
