//! `relazione init DIR`: a new report folder an office can start from — the
//! workbook with every sheet, header and drop-down list, one example row per sheet,
//! and a `testi/` folder with one short example section.

use crate::Errore;
use crate::workbook::schema::{self, Foglio};
use crate::workbook::scrivi::{FoglioScritto, scrivi, tipizza};
use std::path::Path;

/// The example texts written in `testi/`: one file per section, in name order.
/// Together they show a page break (`---`), the data of the `Dati` sheet and
/// every generated part, so an office sees where each goes before writing its own.
pub const TESTI_ESEMPIO: &[(&str, &str)] = &[
    (
        "01-premessa.md",
        "\
# Premessa
{# contenuti: cittadini #}

Questo è un testo di esempio: sostituirlo con quello dell'ente. Ogni file `.md` della
cartella `testi` è una sezione del documento, in ordine di nome del file; `#` apre un
capitolo, `##` un paragrafo, `**così**` scrive in grassetto.

Nel {{ ente.anno }} l'ente contava {{ dati.dipendenti }} dipendenti: il numero viene dal
foglio `Dati`, dove ogni cifra citata nei testi ha la sua riga.

La riga sotto il titolo è un commento che non si stampa: dice al dossier di validazione
(`relazione dossier`) quali contenuti della Relazione tratta questo testo.

La riga con tre trattini qui sotto fa cominciare il capitolo seguente su una pagina nuova.

---
",
    ),
    (
        "02-risultati.md",
        "\
# I risultati

La performance complessiva dell'ente nel {{ ente.anno }} è pari a **{{ ente.risultato | pct }}**.
Qui sotto, le parti che il programma compone dai fogli della cartella di lavoro.

{{ risultati() }}

## L'albero della performance

{{ albero() }}

## Le unità organizzative

{{ tabella_unita() }}

## Il personale

{{ grafico(\"personale\") }}
",
    ),
    (
        "03-regole.md",
        "\
# Come si misurano i risultati
{# contenuti: processo #}

{{ regole() }}

## Le modifiche in corso d'anno

{{ modifiche() }}
",
    ),
];

fn foglio(foglio: &'static Foglio, righe: &[&[&str]]) -> FoglioScritto {
    let righe = righe
        .iter()
        .map(|r| {
            foglio
                .colonne
                .iter()
                .zip(r.iter())
                .map(|(c, t)| tipizza(c.tipo, t))
                .collect()
        })
        .collect();
    FoglioScritto { foglio, righe }
}

/// The example rows, one per sheet (the `Ente` sheet lists every key), for `anno`.
/// The `Ente` sheet of a new folder: every key, with the defaults written out.
fn ente(anno: i32) -> FoglioScritto {
    let anno_s = anno.to_string();
    let ente: Vec<[&str; 2]> = schema::CHIAVI_ENTE
        .iter()
        .map(|c| {
            let v = match c.nome {
                "ente" => "Amministrazione di Esempio",
                "anno" => &anno_s,
                "titolo" => "Relazione sulla performance",
                "approvazione" => "",
                "redazione" => "Ufficio pianificazione e controllo",
                "soglia_raggiunto" => "95",
                "soglia_non_raggiunto" => "0",
                "metodo_ente" => "media",
                "metodo_grado" => "soglia",
                "tetto_grado" => "100",
                "metodo_obiettivo" => "media ponderata",
                "scostamento" => "assoluto",
                "decimali" => "2",
                _ => "",
            };
            [c.nome, v]
        })
        .collect();
    let ente: Vec<&[&str]> = ente.iter().map(|r| &r[..]).collect();
    foglio(&schema::ENTE, &ente)
}

/// The example rows of a new folder for `anno`: a small plan of any ente — one
/// strategic objective with two operative ones, an indicator for each kind of
/// unit (percentage, days, count, deadline), a deliberation, two people.
pub fn esempio(anno: i32) -> Vec<FoglioScritto> {
    let mut fogli = vec![ente(anno)];
    fogli.extend(struttura());
    fogli.push(indicatori(anno));
    fogli.extend(assegnazioni_e_dati(anno));
    fogli
}

/// Ambiti, units and objectives of the example.
fn struttura() -> Vec<FoglioScritto> {
    vec![
        foglio(
            &schema::AMBITI,
            &[&[
                "1",
                "Servizi alla comunità",
                "Servizi ai cittadini e alle imprese del territorio",
            ]],
        ),
        foglio(
            &schema::UNITA,
            &[
                &["AREA1", "Area Servizi", "Dirigente dell'Area Servizi", "Dirigente"],
                &["AREA2", "Area Risorse", "Dirigente dell'Area Risorse", "Dirigente"],
            ],
        ),
        foglio(
            &schema::OBIETTIVI,
            &[
                &[
                    "OS1",
                    "strategico",
                    "Servizi più accessibili",
                    "Servizi più rapidi e più semplici da usare",
                    "1",
                    "",
                    "AREA1",
                    "",
                ],
                &[
                    "OO1.1",
                    "operativo",
                    "Ridurre i tempi di risposta",
                    "",
                    "",
                    "OS1",
                    "AREA1",
                    "",
                ],
                &[
                    "OO1.2",
                    "operativo",
                    "Nuovo regolamento dei servizi",
                    "",
                    "",
                    "OS1",
                    "AREA2",
                    "",
                ],
            ],
        ),
    ]
}

/// The indicators of the example: one per kind of unit.
fn indicatori(anno: i32) -> FoglioScritto {
    let (scadenza, completato) = (format!("30/06/{anno}"), format!("20/06/{anno}"));
    foglio(
        &schema::INDICATORI,
        &[
            &[
                "IND1-01",
                "OS1",
                "Utenti soddisfatti",
                "Quota di utenti soddisfatti dei servizi",
                "Utenti soddisfatti / utenti che hanno risposto",
                "Questionario",
                "Qualità",
                "100",
                ">=",
                "80",
                "70",
                "%",
                "90",
                "",
                "",
                "",
            ],
            &[
                "IND1.1-01",
                "OO1.1",
                "Tempo medio di risposta",
                "",
                "Giorni fra la domanda e la risposta, in media",
                "Protocollo",
                "Efficienza",
                "60",
                "<=",
                "30",
                "45",
                "gg",
                "25",
                "",
                "",
                "",
            ],
            &[
                "IND1.1-02",
                "OO1.1",
                "Pratiche evase",
                "",
                "Pratiche chiuse nell'anno",
                "Gestionale",
                "Efficacia",
                "40",
                ">=",
                "1200",
                "1000",
                "N.",
                "1150",
                "",
                "",
                "",
            ],
            &[
                "IND1.2-01",
                "OO1.2",
                "Approvazione del regolamento",
                "",
                "Data della deliberazione",
                "Atti",
                "Efficacia",
                "100",
                "entro",
                &scadenza,
                "",
                "data",
                &completato,
                "",
                "",
                "",
            ],
        ],
    )
}

/// The deliberation, the people, a chart and a figure quoted by the texts.
fn assegnazioni_e_dati(anno: i32) -> Vec<FoglioScritto> {
    let delibera = format!("15/09/{anno}");
    vec![
        foglio(
            &schema::MODIFICHE,
            &[&[
                "IND1-01",
                "target",
                "80",
                "85",
                "12",
                &delibera,
                "Aggiornamento dopo il monitoraggio intermedio",
            ]],
        ),
        foglio(
            &schema::ASSEGNAZIONI,
            &[
                &["Dirigente dell'Area Servizi", "Dirigente", "OS1", "40"],
                &["Dirigente dell'Area Servizi", "Dirigente", "OO1.1", "60"],
                &["Dirigente dell'Area Risorse", "Dirigente", "OO1.2", "70"],
                &["Dirigente dell'Area Risorse", "Dirigente", "ente", "30"],
            ],
        ),
        foglio(
            &schema::SERIE,
            &[
                &[
                    "personale",
                    "Personale per area",
                    "barre",
                    "Area Servizi",
                    "Dipendenti",
                    "6",
                    "N.",
                ],
                &[
                    "personale",
                    "Personale per area",
                    "barre",
                    "Area Risorse",
                    "Dipendenti",
                    "4",
                    "N.",
                ],
            ],
        ),
        foglio(&schema::DATI, &[&["dipendenti", "10", "N."]]),
    ]
}

/// Creates the folder (which must not exist or be empty) with the example
/// workbook (`relazione.xlsx`, or `relazione.ods` for LibreOffice) and texts.
pub fn crea(cartella: &Path, anno: i32, ods: bool) -> Result<(), Errore> {
    let io = |percorso: &Path| {
        let percorso = percorso.to_path_buf();
        move |source| Errore::Io { percorso, source }
    };
    if cartella.exists() {
        let vuota = std::fs::read_dir(cartella).map_err(io(cartella))?.next().is_none();
        if !vuota {
            let motivo = if crate::workbook::percorso(cartella).is_ok() {
                format!(
                    "la cartella esiste già e contiene una relazione, che resta com'è: per controllarla, \
                     relazione controlla {}; per una relazione nuova, scegliere un altro nome",
                    cartella.display()
                )
            } else {
                "la cartella esiste e non è vuota: scegliere una cartella nuova".to_string()
            };
            return Err(Errore::FileNonAmmesso {
                percorso: cartella.to_path_buf(),
                motivo,
            });
        }
    }
    let testi = cartella.join("testi");
    std::fs::create_dir_all(&testi).map_err(io(&testi))?;
    if ods {
        crate::workbook::scrivi_ods::scrivi_ods(&cartella.join("relazione.ods"), &esempio(anno))?;
    } else {
        scrivi(&cartella.join(crate::workbook::NOME_FILE), &esempio(anno))?;
    }
    for (nome, testo) in TESTI_ESEMPIO {
        let file = testi.join(nome);
        std::fs::write(&file, testo).map_err(io(&file))?;
    }
    Ok(())
}
