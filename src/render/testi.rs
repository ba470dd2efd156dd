//! The narrative texts (`testi/*.md`): their minijinja expressions evaluated
//! against the view (data quoted as literal text), their images and words
//! checked, then converted to Typst, with the paragraphs new since an earlier
//! draft marked for `build --compare`.

use super::errori::{errore, errore_modello};
use super::escape::{self, FINE_SEGNAPOSTO, INIZIO_SEGNAPOSTO, literale, stringa};
use super::filtri::{decimale, filtri};
use super::{markdown, vista};
use crate::Errore;
use crate::cartella::Istantanea;
use crate::format;
use crate::problem::Problema;
use minijinja::value::ValueKind;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A placeholder of a generated part, as the texts' functions write it.
pub(super) fn segnaposto(nome: &str) -> Value {
    // Safe: the texts' formatter writes it as it is, while it escapes data.
    Value::from_safe_string(format!("{INIZIO_SEGNAPOSTO}{nome}{FINE_SEGNAPOSTO}"))
}

/// One narrative section, converted.
pub(super) struct Testo {
    pub(super) nome: String,
    pub(super) typst: String,
}

/// The narrative texts of a folder, in file-name order, with their minijinja
/// expressions evaluated: (file, Markdown). The first error stops.
pub(super) fn rendi_testi(
    cartella: &Istantanea,
    contesto: &Value,
    vista: &vista::Vista,
) -> Result<Vec<(String, String)>, Errore> {
    let env = ambiente(vista);
    let mut bilancio = Bilancio::default();
    cartella
        .testi()?
        .into_iter()
        .map(|(nome, sorgente)| {
            let md = rendi_uno(&env, cartella, &nome, &sorgente, contesto)?;
            bilancio.conta(&nome, &md)?;
            Ok((nome, md))
        })
        .collect()
}

/// The work the texts give the typesetter, counted as they are evaluated and
/// bounded all together: their size ([`crate::limiti::BYTE_TESTI_RESI`]),
/// their headings ([`crate::limiti::TITOLI_TESTI`]) and the generated parts
/// they place ([`crate::limiti::PARTI_TESTI`]). The first text that goes
/// beyond is named, with what it exceeded.
#[derive(Default)]
struct Bilancio {
    byte: u64,
    titoli: usize,
    parti: usize,
}

impl Bilancio {
    fn conta(&mut self, nome: &str, md: &str) -> Result<(), Errore> {
        use crate::limiti::{BYTE_TESTI_RESI, PARTI_TESTI, TITOLI_TESTI};
        self.byte += md.len() as u64;
        self.titoli += titoli(md);
        self.parti += md.matches(INIZIO_SEGNAPOSTO).count();
        let oltre = |cosa: String| {
            Err(Errore::modello(
                nome.to_string(),
                None,
                format!("{cosa}: un ciclo che non finisce, o un testo incollato più volte?"),
            ))
        };
        if self.byte > BYTE_TESTI_RESI {
            return oltre(format!(
                "i testi, con i dati che citano e i loro cicli, superano in tutto {} (circa 200 pagine)",
                crate::format::dimensione(BYTE_TESTI_RESI)
            ));
        }
        if self.titoli > TITOLI_TESTI {
            return oltre(format!("i testi hanno in tutto più di {TITOLI_TESTI} titoli"));
        }
        if self.parti > PARTI_TESTI {
            return oltre(format!(
                "i testi inseriscono in tutto più di {PARTI_TESTI} parti generate (albero, tabelle, grafici)"
            ));
        }
        Ok(())
    }
}

/// The headings of a text (`#` … `######` at the start of a line, or a line
/// underlined with `=` or `-`), as the Markdown reader finds them.
fn titoli(md: &str) -> usize {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
        .count()
}

/// Every problem a build would meet in the texts, each text evaluated and
/// converted on its own, so that one run names them all (`relazione check`).
pub(super) fn problemi_dei_testi(cartella: &Istantanea, contesto: &Value, vista: &vista::Vista) -> Vec<Problema> {
    let sorgenti = match cartella.testi() {
        Ok(t) => t,
        Err(e) => return e.problemi(),
    };
    let env = ambiente(vista);
    sorgenti
        .into_iter()
        .filter_map(|(nome, sorgente)| {
            rendi_uno(&env, cartella, &nome, &sorgente, contesto)
                .and_then(|md| Bilancio::default().conta(&nome, &md).map(|()| md))
                .and_then(|md| testi(&[(nome, md)], None))
                .err()
        })
        .flat_map(|e| e.problemi())
        .collect()
}

/// The environment of the texts: Italian filters, the generated parts as
/// placeholders, data written as literal Markdown text, bounded fuel.
fn ambiente(vista: &vista::Vista) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(crate::limiti::CARBURANTE_MODELLI));
    // The builtins that can grow a text without bound are not the texts' (see
    // [`super::recinto`]).
    for f in super::recinto::FILTRI_TOLTI {
        env.remove_filter(f);
    }
    for g in super::recinto::GLOBALI_TOLTI {
        env.remove_global(g);
    }
    filtri(&mut env, vista.ente.decimali);
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
            Err(errore(format!(
                "il grafico «{id}» non c'è nel foglio Serie (grafici: {})",
                grafici.join(", ")
            )))
        }
    });
    for parte in ["albero", "risultati", "modifiche", "tabella_unita", "regole"] {
        env.add_function(parte, move || segnaposto(parte));
    }
    let con_distribuzione = vista.distribuzione_persone.is_some();
    env.add_function("distribuzione", move || {
        if con_distribuzione {
            Ok(segnaposto("distribuzione"))
        } else {
            Err(errore(
                "la distribuzione delle valutazioni individuali viene dal foglio Persone (con la categoria di \
                 ciascuno) o dal foglio Distribuzione, e la cartella di lavoro non ha né l'uno né l'altro"
                    .to_string(),
            ))
        }
    });
    env
}

/// One text evaluated, its images and words checked.
fn rendi_uno(
    env: &Environment<'_>,
    cartella: &Istantanea,
    nome: &str,
    sorgente: &str,
    contesto: &Value,
) -> Result<String, Errore> {
    let sorgente: String = sorgente
        .chars()
        .filter(|c| *c != INIZIO_SEGNAPOSTO && *c != FINE_SEGNAPOSTO)
        .collect();
    super::recinto::recinta(nome, &sorgente)?;
    let mut uscita = Limitato::default();
    let resa = env
        .template_from_str(&sorgente)
        .and_then(|t| t.render_captured_to(contesto, &mut uscita).map(|_| ()));
    if uscita.superato {
        return Err(Errore::modello(
            nome.to_string(),
            None,
            format!(
                "il testo, con i dati che cita e i suoi cicli, supera {}: un ciclo che non finisce?",
                crate::format::dimensione(crate::limiti::BYTE_TESTI_RESI)
            ),
        ));
    }
    resa.map_err(|e| errore_modello(nome, Some(&sorgente), &e))?;
    let md = String::from_utf8(uscita.dati).map_err(|_| Errore::modello(nome.to_string(), None, "testo non UTF-8"))?;
    verifica_immagini(cartella, nome, &md)?;
    verifica_parole(nome, &md)?;
    Ok(md)
}

/// Where a text is written as it is evaluated: at most
/// [`crate::limiti::BYTE_TESTI_RESI`] (a loop repeating a long passage would
/// otherwise grow without bound: the engine's fuel counts steps, not bytes).
#[derive(Default)]
struct Limitato {
    dati: Vec<u8>,
    superato: bool,
}

impl std::io::Write for Limitato {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.dati.len() as u64 + b.len() as u64 > crate::limiti::BYTE_TESTI_RESI {
            self.superato = true;
            return Err(std::io::Error::other("testo troppo lungo"));
        }
        self.dati.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The images a text shows must be files of the folder within the limits: an
/// error names the text and its line, not the template that draws them.
fn verifica_immagini(cartella: &Istantanea, nome: &str, md: &str) -> Result<(), Errore> {
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
        cartella.immagine(relativo).map_err(|e| match e {
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
        if let Some(parola) = crate::limiti::parole(riga).find(|w| w.chars().count() > crate::limiti::CARATTERI_PAROLA)
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

/// The paragraphs (blocks between blank lines) of a Markdown text.
pub(super) fn paragrafi(md: &str) -> Vec<String> {
    md.split("\n\n").map(str::to_string).collect()
}

/// Marks the paragraphs of a text that are not in the earlier draft (see
/// [`crate::diff::paragrafi_nuovi`]): a page break is not one.
fn segna_paragrafi(nome: &str, md: &str, vecchi: &[String]) -> String {
    let blocchi = paragrafi(md);
    let nuovi = crate::diff::paragrafi_nuovi(vecchi, &blocchi);
    blocchi
        .iter()
        .zip(nuovi)
        .map(|(blocco, nuovo)| {
            if nuovo && blocco.trim() != "---" {
                // The mark quotes the paragraph's first words without its Markdown
                // signs, which would break the mark itself (`**0,…`); a table is
                // quoted by its cells, without the row that lines up its columns.
                let parole: String = blocco
                    .lines()
                    .filter(|l| !l.trim().chars().all(|c| "|-: ".contains(c)))
                    .map(|l| {
                        let l = l.trim();
                        if l.starts_with('|') {
                            l.trim_matches('|')
                                .split('|')
                                .map(str::trim)
                                .collect::<Vec<_>>()
                                .join(", ")
                                + ";"
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let inizio: String = format::spazi_normalizzati(&parole)
                    .chars()
                    .filter(|c| !"*_`[]#<>!\\|~{}".contains(*c))
                    .take(60)
                    .collect();
                format!("{}\n\n{blocco}", segnaposto(&format!("modificato:{nome}: «{inizio}…»")))
            } else {
                blocco.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Converts the evaluated texts to Typst; returns the sections and the generated
/// parts they placed. With `precedenti` (the earlier draft's paragraphs), every
/// paragraph that is not among them is marked as changed.
pub(super) fn testi(
    resi: &[(String, String)],
    precedenti: Option<&[String]>,
) -> Result<(Vec<Testo>, BTreeSet<String>), Errore> {
    let mut out = Vec::new();
    let usati = Arc::new(Mutex::new(BTreeSet::new()));
    for (nome, md) in resi {
        let md = match precedenti {
            None => md.clone(),
            Some(vecchi) => segna_paragrafi(nome, md, vecchi),
        };
        let u = usati.clone();
        let typst = markdown::in_typst(&md, &move |s: &str| {
            // The generated parts placed (a mark of a changed paragraph is not one).
            let parte = s.split(':').next().unwrap_or(s);
            if parte != "modificato" {
                u.lock().expect("lock").insert(parte.to_string());
            }
            Ok(match s.split_once(':') {
                Some(("grafico", id)) => format!("#grafico(grafici.at({}))", literale(id)),
                Some(("modificato", cosa)) => format!("#testo-modificato({})", stringa(cosa)),
                _ => match s {
                    "albero" => {
                        "#albero-della-performance(albero, legenda: regole.legenda, parole: ente.parole)".into()
                    }
                    "risultati" => "#risultati-ente(ente, sintesi)".into(),
                    "modifiche" => "#tabella-modifiche(delibere)".into(),
                    "tabella_unita" => "#tabella-unita(unita, parole: ente.parole)".into(),
                    "regole" => "#regole-di-calcolo(regole)".into(),
                    "distribuzione" => "#distribuzione-valutazioni(distribuzione)".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_table_is_quoted_by_its_cells_not_its_markdown() {
        let md = "| Persona | Ruolo | Punti |\n|---------|:-----:|------:|\n| Paolo Neri | Dirigente | 80 |";
        let segnato = segna_paragrafi("04.md", md, &[]);
        assert!(
            segnato.contains("04.md: «Persona, Ruolo, Punti; Paolo Neri, Dirigente, 80;…»"),
            "{segnato}"
        );
        let segno = segnato.lines().next().unwrap();
        assert!(!segno.contains("---") && !segno.contains('|'), "{segno}");
    }
}
