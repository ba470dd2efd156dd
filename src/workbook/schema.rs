//! The workbook contract (`docs/workbook.md`): sheets, columns, closed lists.
//! One table that the reader, `relazione init` and the sample generator share:
//! every column is a constant of its sheet's module (`indicatori::PESO`), every
//! sheet ([`INDICATORI`]) lists its module's constants.

use crate::model::{
    Campo, Componente, Destinatari, MetodoGrado, MetodoMedia, Operatore, TipoGrafico, TipoScostamento, UnitaMisura,
};

/// What a column holds, which decides how a cell is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tipo {
    /// Text (codes too: `1.1` stays text).
    Testo,
    /// A figure: numeric cell or Italian text.
    Numero,
    /// A date: date cell or `dd/mm/yyyy`.
    Data,
    /// A figure or a date, depending on the row (targets, consuntivi).
    Valore,
}

/// A column of a sheet. Each is a constant of its sheet's module
/// (`indicatori::PESO`), from which the sheet's table is built: the readers name
/// a column by its constant, so a misspelt column does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colonna {
    pub nome: &'static str,
    pub obbligatoria: bool,
    pub tipo: Tipo,
    /// A closed list (drop-down in `relazione init`), empty when free.
    pub scelte: &'static [&'static str],
    /// Width in characters for `relazione init`.
    pub larghezza: u16,
    /// What goes in the column: the note on its header cell in `relazione init`.
    pub nota: &'static str,
    /// The sheet whose codes (column A) the column names: `relazione init` gives it
    /// a drop-down that follows the codes the office types there.
    pub codici_di: Option<&'static str>,
    /// Whether a value outside `scelte` is legal (the drop-down suggests).
    pub aperta: bool,
}

impl Colonna {
    /// The same column, with the note of its header cell.
    const fn nota(self, nota: &'static str) -> Colonna {
        Colonna { nota, ..self }
    }

    /// The same column, whose drop-down suggests and does not refuse.
    const fn aperta(self) -> Colonna {
        Colonna { aperta: true, ..self }
    }

    /// The same column, naming the codes of `foglio`.
    const fn codici_di(self, foglio: &'static str) -> Colonna {
        Colonna {
            codici_di: Some(foglio),
            ..self
        }
    }
}

const fn col(nome: &'static str, obbligatoria: bool, tipo: Tipo, larghezza: u16) -> Colonna {
    Colonna {
        nome,
        obbligatoria,
        tipo,
        scelte: &[],
        larghezza,
        nota: "",
        codici_di: None,
        aperta: false,
    }
}

const fn lista(nome: &'static str, scelte: &'static [&'static str], larghezza: u16) -> Colonna {
    Colonna {
        nome,
        obbligatoria: true,
        tipo: Tipo::Testo,
        scelte,
        larghezza,
        nota: "",
        codici_di: None,
        aperta: false,
    }
}

/// A closed list whose column may be left empty.
const fn lista_facoltativa(nome: &'static str, scelte: &'static [&'static str], larghezza: u16) -> Colonna {
    Colonna {
        obbligatoria: false,
        ..lista(nome, scelte, larghezza)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Foglio {
    pub nome: &'static str,
    pub colonne: &'static [Colonna],
    /// A sheet that a workbook may lack (`Fasce`): then it is as if empty.
    pub facoltativo: bool,
}

use Tipo::*;

pub const LIVELLI: &[&str] = &["strategico", "operativo"];

/// The columns of the `Ente` sheet ([`ENTE`]).
pub mod ente {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Ente";

    pub const CHIAVE: Colonna =
        col("Chiave", true, Testo, 22).nota("Il nome dell'impostazione (ente, anno, titolo, …): non cambiarlo.");
    pub const VALORE: Colonna =
        col("Valore", false, Testo, 70).nota("Il valore dell'impostazione; dove c'è, scegliere dall'elenco.");
}

pub const ENTE: Foglio = Foglio {
    nome: ente::NOME_FOGLIO,
    colonne: &[ente::CHIAVE, ente::VALORE],
    facoltativo: false,
};

/// A key of the `Ente` sheet.
#[derive(Debug, Clone, Copy)]
pub struct ChiaveEnte {
    pub nome: &'static str,
    pub obbligatoria: bool,
    /// What it means, shown beside it in `relazione init`.
    pub descrizione: &'static str,
    /// A drop-down of the usual values in `relazione init` (others are accepted
    /// where `aperta`).
    pub scelte: &'static [&'static str],
    /// Whether values outside `scelte` are legal (a cap of 115, say).
    pub aperta: bool,
}

const fn chiave(nome: &'static str, obbligatoria: bool, descrizione: &'static str) -> ChiaveEnte {
    ChiaveEnte {
        nome,
        obbligatoria,
        descrizione,
        scelte: &[],
        aperta: true,
    }
}

const fn chiave_lista(nome: &'static str, descrizione: &'static str, scelte: &'static [&'static str]) -> ChiaveEnte {
    ChiaveEnte {
        nome,
        obbligatoria: false,
        descrizione,
        scelte,
        aperta: false,
    }
}

/// The usual caps of an indicator's grade; any number from 100 up is legal.
pub const TETTI: &[&str] = &["100", "110", "120", "nessuno"];
/// The digits printed for grades and results.
pub const DECIMALI: &[&str] = &["0", "1", "2"];

/// The keys of the `Ente` sheet, in the order `relazione init` writes them.
pub const CHIAVI_ENTE: &[ChiaveEnte] = &[
    chiave("ente", true, "Nome dell'amministrazione"),
    chiave("anno", true, "Anno rendicontato"),
    chiave(
        "titolo",
        false,
        "Titolo del documento (predefinito: Relazione sulla performance)",
    ),
    chiave(
        "approvazione",
        false,
        "Deliberazione di approvazione, come va stampata in copertina",
    ),
    chiave(
        "redazione",
        false,
        "Ufficio che redige la Relazione: in copertina «A cura dell'Ufficio …»; un valore che comincia con «A cura» si stampa com'è scritto",
    ),
    chiave(
        "soglia_raggiunto",
        false,
        "Risultato da cui un obiettivo è Raggiunto (predefinito 95; non usata se c'è il foglio Fasce)",
    ),
    chiave(
        "soglia_non_raggiunto",
        false,
        "Risultato fino a cui un obiettivo è Non raggiunto (predefinito 0; non usata se c'è il foglio Fasce)",
    ),
    chiave_lista(
        "metodo_ente",
        "Risultato dell'ente: media oppure media ponderata (pesi degli obiettivi strategici); predefinito media",
        &MetodoMedia::SCELTE,
    ),
    chiave_lista(
        "metodo_grado",
        "Grado di un indicatore: soglia (lineare dalla soglia al target), rapporto (consuntivo/target), tutto o niente; predefinito soglia",
        &MetodoGrado::SCELTE,
    ),
    ChiaveEnte {
        aperta: true,
        ..chiave_lista(
            "tetto_grado",
            "Tetto del grado di un indicatore, in punti percentuali: 100 o più, oppure nessuno; predefinito 100",
            TETTI,
        )
    },
    chiave_lista(
        "metodo_obiettivo",
        "Risultato di un obiettivo: media ponderata (pesi degli indicatori) oppure media; predefinito media ponderata",
        &MetodoMedia::SCELTE,
    ),
    chiave_lista(
        "scostamento",
        "Scostamento dal target: assoluto (consuntivo − target) oppure relativo (in % del target); predefinito assoluto",
        &TipoScostamento::SCELTE,
    ),
    chiave_lista(
        "punti_percentuali",
        "Scostamento degli indicatori in % stampato in punti percentuali (+5,00 p.p.): sì oppure no; predefinito no",
        SI_NO,
    ),
    chiave_lista(
        "verso_scostamento",
        "Accanto allo scostamento di un indicatore «meno è meglio» (<=), se è in meglio o in peggio: sì oppure no; \
         predefinito no",
        SI_NO,
    ),
    ChiaveEnte {
        aperta: true,
        ..chiave_lista(
            "decimali",
            "Cifre decimali stampate per gradi e risultati (da 0 a 4); predefinito 2",
            DECIMALI,
        )
    },
    chiave(
        "logo",
        false,
        "Immagine del logo, percorso nella cartella della relazione",
    ),
    ChiaveEnte {
        aperta: true,
        ..chiave_lista(
            "licenza_dati",
            "Licenza dei dati aperti dell'edizione web (relazione pubblica); predefinita CC BY 4.0",
            LICENZE,
        )
    },
    chiave_lista(
        "dati_nominativi",
        "Dati aperti (relazione pubblica) con i risultati delle persone e i loro nomi (persone.csv, \
         obiettivi-individuali.csv): sì solo se l'ente lo ha deciso; predefinito no",
        SI_NO,
    ),
    chiave_lista(
        "organo_approvazione",
        "Chi approva la Relazione: Giunta, Consiglio di amministrazione, Direttore generale…; predefinito Giunta",
        SCELTE_APPROVAZIONE,
    ),
    chiave_lista(
        "organo_validazione",
        "Chi valida la Relazione: OIV oppure Nucleo di valutazione; predefinito OIV",
        SCELTE_VALIDAZIONE,
    ),
    chiave(
        "validazione",
        false,
        "L'atto di validazione con la sua data, come va stampato in copertina: verbale n. 4 del 28/06/2023",
    ),
    chiave_lista(
        "obiettivi_strategici",
        "Come l'ente chiama gli obiettivi del primo livello: obiettivi strategici, specifici o generali; \
         predefinito obiettivi strategici",
        SCELTE_STRATEGICI,
    ),
    chiave_lista(
        "obiettivi_operativi",
        "Come l'ente chiama gli obiettivi del secondo livello; predefinito obiettivi operativi",
        SCELTE_OPERATIVI,
    ),
    chiave_lista(
        "unita_organizzative",
        "Come l'ente chiama le sue unità organizzative: aree, settori, servizi, strutture, dipartimenti…; \
         predefinito unità organizzative",
        SCELTE_UNITA,
    ),
    chiave(
        "allegati",
        false,
        "Gli allegati, in ordine, separati da punto e virgola: strategici; operativi; individuali; modifiche \
         (predefiniti tutti e quattro). Un titolo diverso dopo i due punti (individuali: Obiettivi dei \
         dirigenti); nessuno per non averne",
    ),
];

/// The ente's words (see [`crate::model::Lessico`]), as the drop-downs offer them.
pub const SCELTE_STRATEGICI: &[&str] = &["obiettivi strategici", "obiettivi specifici", "obiettivi generali"];
pub const SCELTE_OPERATIVI: &[&str] = &[
    "obiettivi operativi",
    "obiettivi gestionali",
    "obiettivi annuali",
    "obiettivi di struttura",
];
pub const SCELTE_UNITA: &[&str] = &[
    "unità organizzative",
    "aree",
    "settori",
    "servizi",
    "strutture",
    "dipartimenti",
    "direzioni",
    "uffici",
];
pub const SCELTE_APPROVAZIONE: &[&str] = &[
    "Giunta",
    "Consiglio di amministrazione",
    "Consiglio",
    "Consiglio direttivo",
    "Direttore generale",
    "Commissario straordinario",
];
pub const SCELTE_VALIDAZIONE: &[&str] = &["OIV", "Nucleo di valutazione", "Organismo indipendente di valutazione"];

/// A yes or a no, as a drop-down offers it (`si` without the accent is read too).
pub const SI_NO: &[&str] = &["no", "sì"];

/// `sì`/`si` → true, `no` → false (any case); anything else is no answer.
pub fn si_no(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "sì" | "si" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// The open-data licences the AgID guidelines name; any other text is taken as
/// the licence's name.
pub const LICENZE: &[&str] = &["CC BY 4.0", "CC0 1.0", "IODL 2.0"];

/// The columns of the `Ambiti` sheet ([`AMBITI`]).
pub mod ambiti {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Ambiti";

    pub const CODICE: Colonna =
        col("Codice", true, Testo, 10).nota("Codice dell'ambito strategico: 1, 2, … (o 1.1 per un sotto-ambito).");
    pub const AMBITO: Colonna =
        col("Ambito", true, Testo, 60).nota("Il nome dell'ambito, come si stampa nel documento.");
    pub const DESCRIZIONE: Colonna =
        col("Descrizione", false, Testo, 70).nota("Facoltativa: che cosa comprende l'ambito.");
}

pub const AMBITI: Foglio = Foglio {
    nome: ambiti::NOME_FOGLIO,
    colonne: &[ambiti::CODICE, ambiti::AMBITO, ambiti::DESCRIZIONE],
    facoltativo: false,
};

/// The columns of the `Unita` sheet ([`UNITA`]).
pub mod unita {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Unita";

    pub const CODICE: Colonna = col("Codice", true, Testo, 10)
        .nota("Codice breve dell'unità organizzativa (area, settore, servizio): es. AREA1.");
    pub const NOME: Colonna = col("Nome", true, Testo, 55).nota("Il nome dell'unità, come si stampa.");
    pub const RESPONSABILE: Colonna =
        col("Responsabile", false, Testo, 40).nota("Facoltativo: nome e cognome di chi la dirige.");
    pub const RUOLO: Colonna = col("Ruolo", false, Testo, 25)
        .nota("Facoltativo: il ruolo del responsabile (Dirigente, Responsabile di settore, …).");
}

pub const UNITA: Foglio = Foglio {
    nome: unita::NOME_FOGLIO,
    colonne: &[unita::CODICE, unita::NOME, unita::RESPONSABILE, unita::RUOLO],
    facoltativo: false,
};

/// The columns of the `Obiettivi` sheet ([`OBIETTIVI`]).
pub mod obiettivi {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Obiettivi";

    pub const CODICE: Colonna =
        col("Codice", true, Testo, 14).nota("Codice dell'obiettivo, unico: es. OS1 (strategico), OO1.1 (operativo).");
    pub const LIVELLO: Colonna = lista("Livello", LIVELLI, 12).nota("strategico oppure operativo.");
    pub const TITOLO: Colonna = col("Titolo", true, Testo, 60).nota("Il titolo dell'obiettivo, come si stampa.");
    pub const DESCRIZIONE: Colonna =
        col("Descrizione", false, Testo, 60).nota("Facoltativa: che cosa si vuole ottenere.");
    pub const AMBITO: Colonna = col("Ambito", false, Testo, 9)
        .nota("Solo per gli strategici: il codice dell'ambito (foglio Ambiti).")
        .codici_di(ambiti::NOME_FOGLIO);
    pub const PADRE: Colonna = col("Padre", false, Testo, 12)
        .nota("Solo per gli operativi: il codice dell'obiettivo strategico da cui discende.")
        .codici_di(obiettivi::NOME_FOGLIO);
    pub const UNITA: Colonna = col("Unita", false, Testo, 12)
        .nota("Le unità responsabili: codici del foglio Unita, separati da virgola.")
        .codici_di(unita::NOME_FOGLIO);
    pub const PESO: Colonna = col("Peso", false, Numero, 8)
        .nota("Facoltativo: il peso dell'obiettivo nella media dell'ente (con metodo_ente = media ponderata).");
}

pub const OBIETTIVI: Foglio = Foglio {
    nome: obiettivi::NOME_FOGLIO,
    colonne: &[
        obiettivi::CODICE,
        obiettivi::LIVELLO,
        obiettivi::TITOLO,
        obiettivi::DESCRIZIONE,
        obiettivi::AMBITO,
        obiettivi::PADRE,
        obiettivi::UNITA,
        obiettivi::PESO,
    ],
    facoltativo: false,
};

/// The columns of the `Indicatori` sheet ([`INDICATORI`]).
pub mod indicatori {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Indicatori";

    pub const CODICE: Colonna = col("Codice", true, Testo, 16).nota("Codice dell'indicatore, unico: es. IND1.1-01.");
    pub const OBIETTIVO: Colonna = col("Obiettivo", true, Testo, 14)
        .nota("Il codice dell'obiettivo che l'indicatore misura (foglio Obiettivi).")
        .codici_di(obiettivi::NOME_FOGLIO);
    pub const NOME: Colonna = col("Nome", true, Testo, 45).nota("Il nome dell'indicatore, come si stampa.");
    pub const DESCRIZIONE: Colonna = col("Descrizione", false, Testo, 45).nota("Facoltativa: che cosa misura.");
    pub const ALGORITMO: Colonna = col("Algoritmo", false, Testo, 45)
        .nota("Facoltativo: come si calcola (es. pratiche evase / pratiche ricevute).");
    pub const FONTE: Colonna = col("Fonte", false, Testo, 20).nota("Facoltativa: da dove viene il dato.");
    pub const TIPOLOGIA: Colonna =
        col("Tipologia", false, Testo, 14).nota("Facoltativa: efficacia, efficienza, qualità, …");
    pub const PESO: Colonna = col("Peso", true, Numero, 8).nota("Il peso nell'obiettivo: in punti (i pesi di un obiettivo sommano a 100) o in frazioni (sommano a 1). 0 = neutralizzato.");
    pub const OPERATORE: Colonna = lista("Operatore", &Operatore::SCELTE, 10)
        .nota(">= (almeno il target), <= (al più), = (esattamente), entro (una scadenza).");
    pub const TARGET: Colonna = col("Target", true, Valore, 12)
        .nota("Il valore atteso: un numero (85 per 85 %) o, con entro, una data gg/mm/aaaa.");
    pub const SOGLIA: Colonna =
        col("Soglia", false, Valore, 12).nota("Facoltativa: il valore sotto cui il grado è 0 (metodo soglia).");
    pub const UNITA_MISURA: Colonna = lista("Unita misura", &UnitaMisura::SCELTE, 12)
        .aperta()
        .nota("% (punti percentuali), N. (numero), gg (giorni), € (euro), data (con entro), oppure l'unità dell'ente: ore, CFU, km, pratiche…");
    pub const CONSUNTIVO: Colonna =
        col("Consuntivo", false, Valore, 12).nota("Il valore raggiunto a fine anno (vuoto: non misurato).");
    pub const GRADO_DICHIARATO: Colonna = col("Grado dichiarato", false, Numero, 10)
        .nota("Facoltativo: il grado che l'ufficio ha calcolato; il programma avvisa se differisce.");
    pub const NOTA: Colonna =
        col("Nota", false, Testo, 50).nota("Facoltativa: una nota stampata nella scheda dell'indicatore.");
    pub const METODO: Colonna = lista_facoltativa("Metodo", &MetodoGrado::SCELTE, 14)
        .nota("Facoltativo: un metodo di calcolo diverso da quello dell'ente (foglio Ente, metodo_grado).");
}

pub const INDICATORI: Foglio = Foglio {
    nome: indicatori::NOME_FOGLIO,
    colonne: &[
        indicatori::CODICE,
        indicatori::OBIETTIVO,
        indicatori::NOME,
        indicatori::DESCRIZIONE,
        indicatori::ALGORITMO,
        indicatori::FONTE,
        indicatori::TIPOLOGIA,
        indicatori::PESO,
        indicatori::OPERATORE,
        indicatori::TARGET,
        indicatori::SOGLIA,
        indicatori::UNITA_MISURA,
        indicatori::CONSUNTIVO,
        indicatori::GRADO_DICHIARATO,
        indicatori::NOTA,
        indicatori::METODO,
    ],
    facoltativo: false,
};

/// The columns of the `Modifiche` sheet ([`MODIFICHE`]).
pub mod modifiche {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Modifiche";

    pub const INDICATORE: Colonna = col("Indicatore", true, Testo, 16)
        .nota("Il codice dell'indicatore modificato con deliberazione.")
        .codici_di(indicatori::NOME_FOGLIO);
    pub const CAMPO: Colonna = lista("Campo", &Campo::SCELTE, 12)
        .nota("Che cosa cambia: target, soglia, peso, operatore, nome, algoritmo, metodo.");
    pub const DA: Colonna =
        col("Da", true, Valore, 16).nota("Il valore prima della modifica (quello in vigore a quella data).");
    pub const A: Colonna = col("A", true, Valore, 16).nota("Il valore nuovo (peso 0 = indicatore neutralizzato).");
    pub const DELIBERA: Colonna = col("Delibera", true, Testo, 10).nota("Il numero della deliberazione.");
    pub const DATA: Colonna = col("Data", true, Data, 12).nota("La data della deliberazione, gg/mm/aaaa.");
    pub const MOTIVAZIONE: Colonna =
        col("Motivazione", false, Testo, 60).nota("Facoltativa: perché, come si stampa nella nota.");
}

pub const MODIFICHE: Foglio = Foglio {
    nome: modifiche::NOME_FOGLIO,
    colonne: &[
        modifiche::INDICATORE,
        modifiche::CAMPO,
        modifiche::DA,
        modifiche::A,
        modifiche::DELIBERA,
        modifiche::DATA,
        modifiche::MOTIVAZIONE,
    ],
    facoltativo: false,
};

/// The columns of the `Assegnazioni` sheet ([`ASSEGNAZIONI`]).
pub mod assegnazioni {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Assegnazioni";

    pub const PERSONA: Colonna =
        col("Persona", true, Testo, 40).nota("Nome e cognome della persona valutata (Allegato 3).");
    pub const RUOLO: Colonna =
        col("Ruolo", true, Testo, 22).nota("Il ruolo: Segretario Generale, Dirigente, Posizione organizzativa, …");
    pub const OBIETTIVO: Colonna = col("Obiettivo", true, Testo, 14)
        .nota("Il codice di un obiettivo, oppure ente, oppure unita:CODICE.")
        .codici_di(obiettivi::NOME_FOGLIO);
    pub const PESO: Colonna = col("Peso", true, Numero, 8)
        .nota("Il peso dell'obiettivo per la persona (i pesi di una persona sommano a 100).");
}

pub const ASSEGNAZIONI: Foglio = Foglio {
    nome: assegnazioni::NOME_FOGLIO,
    colonne: &[
        assegnazioni::PERSONA,
        assegnazioni::RUOLO,
        assegnazioni::OBIETTIVO,
        assegnazioni::PESO,
    ],
    facoltativo: false,
};

/// The columns of the `Serie` sheet ([`SERIE`]).
pub mod serie {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Serie";

    pub const GRAFICO: Colonna =
        col("Grafico", true, Testo, 24).nota("Il nome del grafico, da citare nei testi: {{ grafico(\"nome\") }}.");
    pub const TITOLO: Colonna = col("Titolo", true, Testo, 45).nota("Il titolo stampato sopra il grafico.");
    pub const TIPO: Colonna = lista("Tipo", &TipoGrafico::SCELTE, 10).nota("barre, linee oppure torta.");
    pub const CATEGORIA: Colonna =
        col("Categoria", true, Testo, 20).nota("La voce sull'asse orizzontale (o la fetta della torta): es. l'anno.");
    pub const SERIE: Colonna = col("Serie", true, Testo, 20).nota("Il nome della serie (la legenda).");
    pub const VALORE: Colonna = col("Valore", true, Numero, 12).nota("Il numero da disegnare.");
    pub const UNITA: Colonna = col("Unita", false, Testo, 10).nota("Facoltativa: l'unità dei valori (N., €, %, …).");
}

pub const SERIE: Foglio = Foglio {
    nome: serie::NOME_FOGLIO,
    colonne: &[
        serie::GRAFICO,
        serie::TITOLO,
        serie::TIPO,
        serie::CATEGORIA,
        serie::SERIE,
        serie::VALORE,
        serie::UNITA,
    ],
    facoltativo: false,
};

/// The columns of the `Dati` sheet ([`DATI`]).
pub mod dati {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Dati";

    pub const CHIAVE: Colonna =
        col("Chiave", true, Testo, 36).nota("Il nome del dato, da citare nei testi: {{ dati.nome }}.");
    pub const VALORE: Colonna = col("Valore", true, Valore, 16).nota("Il valore: un numero, una data o un testo.");
    pub const UNITA: Colonna = col("Unita", false, Testo, 14).nota("Facoltativa: l'unità stampata dopo il numero.");
}

pub const DATI: Foglio = Foglio {
    nome: dati::NOME_FOGLIO,
    colonne: &[dati::CHIAVE, dati::VALORE, dati::UNITA],
    facoltativo: false,
};

/// The columns of the `Fasce` sheet ([`FASCE`]).
pub mod fasce {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Fasce";

    pub const DA: Colonna = col("Da", true, Numero, 10).nota("Inizio della fascia di risultato in % (compreso).");
    pub const A: Colonna = col("A", true, Numero, 10).nota("Fine della fascia in % (esclusa, tranne per la più alta).");
    pub const VALUTAZIONE: Colonna =
        col("Valutazione", true, Testo, 30).nota("La valutazione della fascia: es. Raggiunto, Parzialmente raggiunto.");
    pub const PUNTI_DA: Colonna =
        col("Punti da", false, Numero, 10).nota("Facoltativo: i punti all'inizio della fascia.");
    pub const PUNTI_A: Colonna = col("Punti a", false, Numero, 10).nota("Facoltativo: i punti alla fine della fascia.");
    pub const PER: Colonna = lista_facoltativa("Per", &Destinatari::SCELTE, 12).nota(
        "Facoltativo: obiettivi oppure persone, se la fascia vale solo per gli uni o per le altre; vuoto: per tutti.",
    );
}

/// The bands of results, when the ente's system has them (optional sheet).
pub const FASCE: Foglio = Foglio {
    nome: fasce::NOME_FOGLIO,
    colonne: &[
        fasce::DA,
        fasce::A,
        fasce::VALUTAZIONE,
        fasce::PUNTI_DA,
        fasce::PUNTI_A,
        fasce::PER,
    ],
    facoltativo: true,
};

/// The columns of the `Persone` sheet ([`PERSONE`]).
pub mod persone {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Persone";

    pub const PERSONA: Colonna = col("Persona", true, Testo, 40).nota("Nome e cognome, come nel foglio Assegnazioni.");
    pub const CATEGORIA: Colonna = col("Categoria", true, Testo, 26)
        .nota("La categoria del sistema di valutazione: dirigenti, posizioni organizzative, personale, …");
    pub const GENERE: Colonna =
        col("Genere", false, Testo, 10).nota("Facoltativo: F oppure M, per la distribuzione per genere.");
}

/// The persons evaluated, with their category (optional sheet, [1.5]).
pub const PERSONE: Foglio = Foglio {
    nome: persone::NOME_FOGLIO,
    colonne: &[persone::PERSONA, persone::CATEGORIA, persone::GENERE],
    facoltativo: true,
};

/// The columns of the `Componenti` sheet ([`COMPONENTI`]).
pub mod componenti {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Componenti";

    pub const CATEGORIA: Colonna =
        col("Categoria", true, Testo, 26).nota("La categoria di persone (come nel foglio Persone).");
    pub const COMPONENTE: Colonna = lista("Componente", &Componente::SCELTE, 26).nota(
        "risultati organizzativi (ente, unita: in Assegnazioni), obiettivi individuali (gli obiettivi in \
         Assegnazioni), comportamenti, differenziazione (foglio Punteggi).",
    );
    pub const PESO: Colonna =
        col("Peso", true, Numero, 8).nota("Il peso della componente: i pesi di una categoria sommano a 100.");
}

/// The weight of each component of the individual evaluation, per category
/// (optional sheet, [1.5]).
pub const COMPONENTI: Foglio = Foglio {
    nome: componenti::NOME_FOGLIO,
    colonne: &[componenti::CATEGORIA, componenti::COMPONENTE, componenti::PESO],
    facoltativo: true,
};

/// The columns of the `Punteggi` sheet ([`PUNTEGGI`]).
pub mod punteggi {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Punteggi";

    pub const PERSONA: Colonna = col("Persona", true, Testo, 40).nota("Nome e cognome della persona valutata.");
    pub const COMPONENTE: Colonna =
        lista("Componente", &Componente::SCELTE_PUNTEGGI, 18).nota("comportamenti oppure differenziazione.");
    pub const VOCE: Colonna =
        col("Voce", true, Testo, 40).nota("Il comportamento valutato: es. Capacità organizzativa.");
    pub const PUNTEGGIO: Colonna = col("Punteggio", true, Numero, 10).nota("Il punteggio dato dal valutatore.");
    pub const MASSIMO: Colonna = col("Massimo", true, Numero, 10).nota("Il punteggio massimo della voce: es. 10.");
    pub const PESO: Colonna =
        col("Peso", false, Numero, 8).nota("Facoltativo: il peso della voce nella componente (vuoto: pesi uguali).");
}

/// The evaluator's scores of behaviours and differentiation (optional sheet, [1.5]).
pub const PUNTEGGI: Foglio = Foglio {
    nome: punteggi::NOME_FOGLIO,
    colonne: &[
        punteggi::PERSONA,
        punteggi::COMPONENTE,
        punteggi::VOCE,
        punteggi::PUNTEGGIO,
        punteggi::MASSIMO,
        punteggi::PESO,
    ],
    facoltativo: true,
};

/// The columns of the `Distribuzione` sheet ([`DISTRIBUZIONE`]).
pub mod distribuzione {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Distribuzione";

    pub const CATEGORIA: Colonna = col("Categoria", true, Testo, 26).nota("La categoria di persone.");
    pub const GENERE: Colonna = col("Genere", false, Testo, 10).nota("Facoltativo: F oppure M.");
    pub const FASCIA: Colonna =
        col("Fascia", true, Testo, 30).nota("La valutazione di una fascia delle persone (foglio Fasce).");
    pub const PERSONE: Colonna =
        col("Persone", true, Numero, 10).nota("Quante persone della categoria (e genere) sono in quella fascia.");
}

/// The distribution of evaluations in aggregate, when HR gives only counts
/// (optional sheet, [1.5]).
pub const DISTRIBUZIONE: Foglio = Foglio {
    nome: distribuzione::NOME_FOGLIO,
    colonne: &[
        distribuzione::CATEGORIA,
        distribuzione::GENERE,
        distribuzione::FASCIA,
        distribuzione::PERSONE,
    ],
    facoltativo: true,
};

/// The columns of the `Avvisi` sheet ([`AVVISI`]).
pub mod avvisi {
    use super::*;

    /// The sheet's name.
    pub const NOME_FOGLIO: &str = "Avvisi";

    pub const DOVE: Colonna = col("Dove", true, Testo, 20)
        .nota("Il luogo dell'avviso come lo scrive relazione controlla: es. Indicatori!M12.");
    pub const AVVISO: Colonna =
        col("Avviso", true, Testo, 70).nota("Il testo dell'avviso, copiato da relazione controlla (dopo il luogo).");
    pub const MOTIVAZIONE: Colonna =
        col("Motivazione", true, Testo, 60).nota("Perché l'ufficio lo ha verificato e lo accetta.");
}

/// The warnings the office has accepted (optional sheet, [1.5]).
pub const AVVISI: Foglio = Foglio {
    nome: avvisi::NOME_FOGLIO,
    colonne: &[avvisi::DOVE, avvisi::AVVISO, avvisi::MOTIVAZIONE],
    facoltativo: true,
};

/// Every sheet, in workbook order.
pub const FOGLI: [Foglio; 15] = [
    ENTE,
    AMBITI,
    UNITA,
    OBIETTIVI,
    INDICATORI,
    MODIFICHE,
    ASSEGNAZIONI,
    SERIE,
    DATI,
    FASCE,
    PERSONE,
    COMPONENTI,
    PUNTEGGI,
    DISTRIBUZIONE,
    AVVISI,
];

pub use crate::format::normalizza;

/// Column letters of a 0-based column index: 0 → `A`, 27 → `AB`.
pub fn lettera(colonna: u32) -> String {
    let mut n = colonna + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_loosely() {
        assert_eq!(normalizza("Unità misura"), normalizza("UNITA_MISURA"));
        assert_eq!(normalizza(" Grado  dichiarato "), "gradodichiarato");
    }

    #[test]
    fn column_letters() {
        assert_eq!(lettera(0), "A");
        assert_eq!(lettera(7), "H");
        assert_eq!(lettera(25), "Z");
        assert_eq!(lettera(26), "AA");
        assert_eq!(lettera(27), "AB");
        assert_eq!(lettera(701), "ZZ");
        assert_eq!(lettera(702), "AAA");
    }

    #[test]
    fn the_drop_downs_of_words_are_the_words_the_program_knows() {
        use crate::model::{self, scelte};
        assert_eq!(SCELTE_STRATEGICI, scelte(model::OBIETTIVI_STRATEGICI, true));
        assert_eq!(SCELTE_OPERATIVI, scelte(model::OBIETTIVI_OPERATIVI, true));
        assert_eq!(SCELTE_UNITA, scelte(model::UNITA, true));
        assert_eq!(SCELTE_APPROVAZIONE, scelte(model::ORGANI_APPROVAZIONE, false));
        assert_eq!(SCELTE_VALIDAZIONE, scelte(model::ORGANI_VALIDAZIONE, false));
    }
}
