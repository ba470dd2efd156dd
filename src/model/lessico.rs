//! The ente's words (keys of `Ente`, contract 1.5): what it calls its two levels
//! of objectives, its organisational units, the body that approves the
//! Relazione and the one that validates it; with the Italian agreement each
//! word needs (article, gender, plural), so that every sentence the program
//! writes reads right with the ente's choice: «dell'area», «del settore»,
//! «degli uffici», «dal Nucleo di valutazione», «dall'OIV».
//!
//! The words come from closed lists (drop-downs in `relazione init`), because
//! only a known word has a known gender and plural. Without the keys the words
//! are those of the 2022 Relazione of Torino, exactly.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Genere {
    Maschile,
    Femminile,
}

/// A noun (or a noun phrase led by its noun) with its agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Nome {
    pub singolare: &'static str,
    pub plurale: &'static str,
    pub genere: Genere,
}

/// The prepositions that join an article: «di» + «il» = «del».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preposizione {
    Di,
    A,
    Da,
    In,
    Su,
}

const fn m(singolare: &'static str, plurale: &'static str) -> Nome {
    Nome {
        singolare,
        plurale,
        genere: Genere::Maschile,
    }
}

const fn f(singolare: &'static str, plurale: &'static str) -> Nome {
    Nome {
        singolare,
        plurale,
        genere: Genere::Femminile,
    }
}

impl Nome {
    /// The word, singular or plural.
    pub fn parola(&self, plurale: bool) -> &'static str {
        if plurale { self.plurale } else { self.singolare }
    }

    /// The definite article the word takes: `il`, `lo`, `l'`, `la`, `i`, `gli`, `le`.
    pub fn articolo(&self, plurale: bool) -> &'static str {
        let parola = self.parola(plurale).to_lowercase();
        let mut c = parola.chars();
        let prima = c.next().unwrap_or(' ');
        let seconda = c.next().unwrap_or(' ');
        let vocale = "aeiouàèéìòùh".contains(prima);
        // «lo», «gli»: before s + consonant, z, gn, ps, x, y.
        let impura = (prima == 's' && !"aeiouàèéìòù".contains(seconda))
            || "zxy".contains(prima)
            || parola.starts_with("gn")
            || parola.starts_with("ps");
        match (self.genere, plurale) {
            (Genere::Maschile, false) if vocale => "l'",
            (Genere::Maschile, false) if impura => "lo",
            (Genere::Maschile, false) => "il",
            (Genere::Maschile, true) if vocale || impura => "gli",
            (Genere::Maschile, true) => "i",
            (Genere::Femminile, false) if vocale => "l'",
            (Genere::Femminile, false) => "la",
            (Genere::Femminile, true) => "le",
        }
    }

    /// The word with its article: «il settore», «l'area», «gli uffici».
    pub fn con_articolo(&self, plurale: bool) -> String {
        unisci(self.articolo(plurale), self.parola(plurale))
    }

    /// The word after a preposition joined to its article: «del settore»,
    /// «dell'area», «dagli uffici», «nella struttura».
    pub fn con(&self, p: Preposizione, plurale: bool) -> String {
        let base = match p {
            Preposizione::Di => "de",
            Preposizione::A => "a",
            Preposizione::Da => "da",
            Preposizione::In => "ne",
            Preposizione::Su => "su",
        };
        let coda = match self.articolo(plurale) {
            "il" => "l",
            "lo" => "llo",
            "l'" => "ll'",
            "la" => "lla",
            "i" => "i",
            "gli" => "gli",
            _ => "lle",
        };
        unisci(&format!("{base}{coda}"), self.parola(plurale))
    }

    /// An adjective or participle agreed with the word: `coinvolt` → «coinvolto»,
    /// «coinvolta», «coinvolti», «coinvolte».
    pub fn accorda(&self, radice: &str, plurale: bool) -> String {
        let fine = match (self.genere, plurale) {
            (Genere::Maschile, false) => "o",
            (Genere::Maschile, true) => "i",
            (Genere::Femminile, false) => "a",
            (Genere::Femminile, true) => "e",
        };
        format!("{radice}{fine}")
    }

    /// «ciascun settore», «ciascuna area» (not elided, as the 2022 Relazione writes).
    pub fn ciascuno(&self) -> String {
        let c = match self.genere {
            Genere::Maschile => "ciascun",
            Genere::Femminile => "ciascuna",
        };
        format!("{c} {}", self.singolare)
    }
}

/// An article (or articulated preposition) and its word: no space after an apostrophe.
fn unisci(articolo: &str, parola: &str) -> String {
    if articolo.ends_with('\'') {
        format!("{articolo}{parola}")
    } else {
        format!("{articolo} {parola}")
    }
}

/// The word with its first letter upper case: headings, table heads.
pub fn maiuscola(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) => p.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What the strategic level of objectives is called.
pub const OBIETTIVI_STRATEGICI: &[Nome] = &[
    m("obiettivo strategico", "obiettivi strategici"),
    m("obiettivo specifico", "obiettivi specifici"),
    m("obiettivo generale", "obiettivi generali"),
];

/// What the operational level of objectives is called.
pub const OBIETTIVI_OPERATIVI: &[Nome] = &[
    m("obiettivo operativo", "obiettivi operativi"),
    m("obiettivo gestionale", "obiettivi gestionali"),
    m("obiettivo annuale", "obiettivi annuali"),
    m("obiettivo di struttura", "obiettivi di struttura"),
];

/// What an organisational unit is called.
pub const UNITA: &[Nome] = &[
    f("unità organizzativa", "unità organizzative"),
    f("area", "aree"),
    m("settore", "settori"),
    m("servizio", "servizi"),
    f("struttura", "strutture"),
    m("dipartimento", "dipartimenti"),
    f("direzione", "direzioni"),
    m("ufficio", "uffici"),
];

/// The body that approves the Relazione.
pub const ORGANI_APPROVAZIONE: &[Nome] = &[
    f("Giunta", "Giunte"),
    m("Consiglio di amministrazione", "Consigli di amministrazione"),
    m("Consiglio", "Consigli"),
    m("Consiglio direttivo", "Consigli direttivi"),
    m("Direttore generale", "Direttori generali"),
    m("Commissario straordinario", "Commissari straordinari"),
];

/// The body that validates the Relazione (D.Lgs. 150/2009, art. 14).
pub const ORGANI_VALIDAZIONE: &[Nome] = &[
    m("OIV", "OIV"),
    m("Nucleo di valutazione", "Nuclei di valutazione"),
    m(
        "Organismo indipendente di valutazione",
        "Organismi indipendenti di valutazione",
    ),
];

/// A word of a list, as typed in a cell: singular or plural, any case, accents
/// and spaces as [`crate::format::normalizza`] ignores them.
/// For the levels of objectives the adjective alone is read too (`specifici`,
/// `gestionale`).
pub fn scegli(lista: &'static [Nome], testo: &str) -> Option<Nome> {
    let norma = crate::format::normalizza;
    let t = norma(testo);
    let aggettivo = |s: &str| {
        s.strip_prefix("obiettivo ")
            .or_else(|| s.strip_prefix("obiettivi "))
            .map(norma)
    };
    lista
        .iter()
        .find(|n| {
            norma(n.singolare) == t
                || norma(n.plurale) == t
                || aggettivo(n.singolare).is_some_and(|a| a == t)
                || aggettivo(n.plurale).is_some_and(|a| a == t)
        })
        .copied()
}

/// The choices of a list, as a drop-down offers them.
pub fn scelte(lista: &'static [Nome], plurale: bool) -> Vec<&'static str> {
    lista.iter().map(|n| n.parola(plurale)).collect()
}

/// The ente's words: the keys `obiettivi_strategici`, `obiettivi_operativi`,
/// `unita_organizzative`, `organo_approvazione`, `organo_validazione`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lessico {
    pub strategico: Nome,
    pub operativo: Nome,
    /// `None`: the key is not given, and the document says «unità
    /// organizzativa» in tables and «area» in the rules, as the 2022 Relazione.
    pub unita_scelta: Option<Nome>,
    pub approvazione: Nome,
    pub validazione: Nome,
}

impl Default for Lessico {
    fn default() -> Lessico {
        Lessico {
            strategico: OBIETTIVI_STRATEGICI[0],
            operativo: OBIETTIVI_OPERATIVI[0],
            unita_scelta: None,
            approvazione: ORGANI_APPROVAZIONE[0],
            validazione: ORGANI_VALIDAZIONE[0],
        }
    }
}

impl Lessico {
    /// What a unit is called in tables and cards.
    pub fn unita(&self) -> Nome {
        self.unita_scelta.unwrap_or(UNITA[0])
    }

    /// What a unit is called in the sentences of the rules: the ente's word, or
    /// «area» as the 2022 Relazione says.
    pub fn unita_nelle_regole(&self) -> Nome {
        self.unita_scelta.unwrap_or(UNITA[1])
    }

    /// Whether the words are those of the 2022 Relazione (no key given).
    pub fn predefinito(&self) -> bool {
        *self == Lessico::default()
    }
}

/// An annex of the document: which part of the report it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TipoAllegato {
    /// A card per strategic objective, by ambito (today's Allegato 1).
    Strategici,
    /// A card per operational objective, under its strategic one (Allegato 2).
    Operativi,
    /// The objectives of each person (Allegato 3).
    Individuali,
    /// The changes decided during the year (Allegato 4), when there are some.
    Modifiche,
}

impl TipoAllegato {
    pub const TUTTI: [TipoAllegato; 4] = [
        TipoAllegato::Strategici,
        TipoAllegato::Operativi,
        TipoAllegato::Individuali,
        TipoAllegato::Modifiche,
    ];

    pub fn nome(self) -> &'static str {
        match self {
            TipoAllegato::Strategici => "strategici",
            TipoAllegato::Operativi => "operativi",
            TipoAllegato::Individuali => "individuali",
            TipoAllegato::Modifiche => "modifiche",
        }
    }

    pub fn parse(testo: &str) -> Option<TipoAllegato> {
        let t = crate::format::normalizza(testo);
        TipoAllegato::TUTTI.into_iter().find(|a| a.nome() == t)
    }
}

/// An annex as the ente lists it (key `allegati`): its kind and, if given, its
/// own title (without «Allegato N –», which the program numbers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allegato {
    pub tipo: TipoAllegato,
    pub titolo: Option<String>,
}

impl Allegato {
    /// The annexes of a document whose ente does not list them: the four of the
    /// 2022 Relazione, in its order.
    pub fn predefiniti() -> Vec<Allegato> {
        TipoAllegato::TUTTI
            .into_iter()
            .map(|tipo| Allegato { tipo, titolo: None })
            .collect()
    }

    /// The title, the ente's or the one its words make: «Rendicontazione degli
    /// obiettivi specifici»; with the default words, those of the 2022 Relazione.
    pub fn titolo(&self, l: &Lessico) -> String {
        if let Some(t) = &self.titolo {
            return t.clone();
        }
        let di = |n: Nome| n.con(Preposizione::Di, true);
        match self.tipo {
            TipoAllegato::Strategici if l.strategico == OBIETTIVI_STRATEGICI[0] => {
                "Rendicontazione degli obiettivi strategici triennali".into()
            }
            TipoAllegato::Strategici => format!("Rendicontazione {}", di(l.strategico)),
            TipoAllegato::Operativi if l.operativo == OBIETTIVI_OPERATIVI[0] => {
                "Rendicontazione degli obiettivi operativi annuali".into()
            }
            TipoAllegato::Operativi => format!("Rendicontazione {}", di(l.operativo)),
            TipoAllegato::Individuali => "Rendicontazione degli obiettivi individuali".into(),
            TipoAllegato::Modifiche => "Modifiche deliberate in corso d'anno".into(),
        }
    }
}

/// The `allegati` key: kinds separated by `;`, each optionally followed by `:`
/// and its title (`strategici; operativi: Obiettivi delle strutture`); `nessuno`
/// for a document without annexes. An error says what is wrong.
pub fn leggi_allegati(testo: &str) -> Result<Vec<Allegato>, String> {
    if crate::format::normalizza(testo) == "nessuno" {
        return Ok(Vec::new());
    }
    let mut out: Vec<Allegato> = Vec::new();
    for voce in testo.split(';').map(str::trim).filter(|v| !v.is_empty()) {
        let (tipo, titolo) = match voce.split_once(':') {
            Some((t, titolo)) => (t.trim(), Some(titolo.trim()).filter(|t| !t.is_empty())),
            None => (voce, None),
        };
        let Some(tipo) = TipoAllegato::parse(tipo) else {
            return Err(format!(
                "allegato «{tipo}» sconosciuto (allegati possibili: strategici, operativi, individuali, modifiche, \
                 separati da punto e virgola, ciascuno con «: titolo» se si vuole un altro titolo; oppure nessuno)"
            ));
        };
        if out.iter().any(|a| a.tipo == tipo) {
            return Err(format!("l'allegato «{}» è elencato due volte", tipo.nome()));
        }
        out.push(Allegato {
            tipo,
            titolo: titolo.map(str::to_string),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_and_prepositions_agree_with_each_word() {
        let n = |lista: &'static [Nome], t: &str| scegli(lista, t).unwrap();
        let area = n(UNITA, "area");
        assert_eq!(area.con(Preposizione::Di, false), "dell'area");
        assert_eq!(area.con(Preposizione::Di, true), "delle aree");
        let settore = n(UNITA, "settori");
        assert_eq!(settore.con(Preposizione::Di, false), "del settore");
        assert_eq!(settore.con(Preposizione::A, true), "ai settori");
        assert_eq!(settore.accorda("coinvolt", true), "coinvolti");
        let ufficio = n(UNITA, "Ufficio");
        assert_eq!(ufficio.con_articolo(true), "gli uffici");
        assert_eq!(ufficio.con(Preposizione::In, false), "nell'ufficio");
        let struttura = n(UNITA, "struttura");
        assert_eq!(struttura.con(Preposizione::Di, false), "della struttura");
        assert_eq!(struttura.accorda("coinvolt", true), "coinvolte");
        assert_eq!(
            n(UNITA, "unita organizzative").con(Preposizione::Di, true),
            "delle unità organizzative"
        );
        assert_eq!(n(ORGANI_VALIDAZIONE, "oiv").con(Preposizione::Da, false), "dall'OIV");
        assert_eq!(
            n(ORGANI_VALIDAZIONE, "nucleo di valutazione").con(Preposizione::Da, false),
            "dal Nucleo di valutazione"
        );
        assert_eq!(
            n(ORGANI_APPROVAZIONE, "giunta").con(Preposizione::Da, false),
            "dalla Giunta"
        );
        assert_eq!(
            n(ORGANI_APPROVAZIONE, "Consiglio di amministrazione").con(Preposizione::Di, false),
            "del Consiglio di amministrazione"
        );
        let specifici = n(OBIETTIVI_STRATEGICI, "obiettivi specifici");
        assert_eq!(specifici.con(Preposizione::Di, true), "degli obiettivi specifici");
        assert_eq!(specifici.con(Preposizione::Di, false), "dell'obiettivo specifico");
        assert_eq!(settore.ciascuno(), "ciascun settore");
        assert_eq!(struttura.ciascuno(), "ciascuna struttura");
        assert_eq!(area.ciascuno(), "ciascuna area");
        // «lo» and «gli» before s + consonant and z.
        assert_eq!(m("staff", "staff").articolo(false), "lo");
        assert_eq!(m("zaino", "zaini").articolo(true), "gli");
        assert_eq!(maiuscola("unità organizzative"), "Unità organizzative");
        assert!(scegli(UNITA, "reparto").is_none());
        // The adjective alone names a level of objectives.
        assert_eq!(scegli(OBIETTIVI_OPERATIVI, "gestionali"), Some(OBIETTIVI_OPERATIVI[1]));
        assert_eq!(scegli(OBIETTIVI_STRATEGICI, "Specifico"), Some(OBIETTIVI_STRATEGICI[1]));
    }

    #[test]
    fn the_annexes_are_listed_with_their_own_titles_or_those_the_words_make() {
        let a = leggi_allegati("operativi: Obiettivi delle strutture; strategici").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].titolo(&Lessico::default()), "Obiettivi delle strutture");
        assert_eq!(
            a[1].titolo(&Lessico::default()),
            "Rendicontazione degli obiettivi strategici triennali"
        );
        let l = Lessico {
            strategico: OBIETTIVI_STRATEGICI[1],
            ..Lessico::default()
        };
        assert_eq!(a[1].titolo(&l), "Rendicontazione degli obiettivi specifici");
        assert_eq!(leggi_allegati("nessuno").unwrap(), vec![]);
        assert!(
            leggi_allegati("strategici; bilancio")
                .unwrap_err()
                .contains("«bilancio» sconosciuto")
        );
        assert!(
            leggi_allegati("strategici; Strategici")
                .unwrap_err()
                .contains("due volte")
        );
    }
}
