//! Each request of the workspace answered: the guards first (`sicurezza`),
//! then the page, its live events, its data, the document's files, and the
//! actions — each one a command of the terminal, run by the library as the
//! terminal runs it, writing where that command writes.

use super::banco::{self, Banco};
use super::{VIVO, pagine, sicurezza};
use crate::{build, stampa};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// How often a live page hears from the server when nothing changes: a page
/// closed is noticed at the next of these.
const BATTITO: Duration = Duration::from_secs(2);
/// The largest form the page sends.
const CORPO_MASSIMO: u64 = 64 * 1024;

/// An answer, before it is sent.
struct Risposta {
    stato: u16,
    tipo: &'static str,
    corpo: Vec<u8>,
    politica: &'static str,
    posizione: Option<&'static str>,
}

impl Risposta {
    fn con(stato: u16, tipo: &'static str, corpo: impl Into<Vec<u8>>) -> Risposta {
        Risposta {
            stato,
            tipo,
            corpo: corpo.into(),
            politica: sicurezza::POLITICA_DOCUMENTO,
            posizione: None,
        }
    }

    fn html(corpo: String) -> Risposta {
        Risposta {
            politica: sicurezza::POLITICA_PAGINA,
            ..Risposta::con(200, "text/html; charset=utf-8", corpo)
        }
    }

    fn testo(stato: u16, t: &str) -> Risposta {
        Risposta::con(stato, "text/plain; charset=utf-8", format!("{t}\n"))
    }

    fn frammento(corpo: String) -> Risposta {
        Risposta::con(200, "text/html; charset=utf-8", corpo)
    }

    fn json(v: &impl serde::Serialize) -> Risposta {
        Risposta::con(200, "application/json", serde_json::to_vec(v).unwrap_or_default())
    }

    /// After an action that changes the page: back to it (`POST`, then `GET`).
    fn alla_pagina() -> Risposta {
        Risposta {
            posizione: Some("./"),
            ..Risposta::con(303, "text/plain; charset=utf-8", "")
        }
    }

    fn non_trovato() -> Risposta {
        Risposta::testo(404, "non trovato")
    }

    fn invia(self, req: Request) {
        let mut r = Response::from_data(self.corpo)
            .with_status_code(self.stato)
            .with_chunked_threshold(usize::MAX);
        let mut intestazioni: Vec<(&str, &str)> = sicurezza::INTESTAZIONI.to_vec();
        intestazioni.push(("Content-Type", self.tipo));
        intestazioni.push(("Content-Security-Policy", self.politica));
        if let Some(p) = self.posizione {
            intestazioni.push(("Location", p));
        }
        for (k, v) in intestazioni {
            if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                r.add_header(h);
            }
        }
        let _ = req.respond(r);
    }
}

/// Answers one request (on its own thread: a live page's events last).
pub(super) fn rispondi(mut req: Request, banco: &Arc<Banco>) {
    let resto = match sicurezza::ammessa(&req, banco.porta, &banco.chiave) {
        Ok(resto) => resto.to_string(),
        Err(sicurezza::Rifiuto(motivo)) => {
            return Risposta::testo(403, &format!("Richiesta rifiutata: {motivo}.")).invia(req);
        }
    };
    if resto.is_empty() {
        // `/KEY` → `/KEY/`: the page's relative addresses need the slash.
        let posizione = format!("/{}/", banco.chiave);
        let mut r = Response::from_data(Vec::new()).with_status_code(308);
        if let Ok(h) = Header::from_bytes(&b"Location"[..], posizione.as_bytes()) {
            r.add_header(h);
        }
        let _ = req.respond(r);
        return;
    }
    let (percorso, domanda) = resto.split_once('?').unwrap_or((&resto, ""));
    let risposta = match (req.method().clone(), percorso) {
        (Method::Get, "/eventi") => return eventi(req, banco),
        (Method::Get | Method::Head, p) => leggi(banco, p, domanda),
        (Method::Post, p) => {
            let mut corpo = String::new();
            if req.as_reader().take(CORPO_MASSIMO).read_to_string(&mut corpo).is_err() {
                Risposta::testo(400, "modulo illeggibile")
            } else {
                azione(banco, p, &campi(&corpo))
            }
        }
        _ => Risposta::testo(405, "metodo non ammesso"),
    };
    risposta.invia(req);
}

/// The fields of a form (`application/x-www-form-urlencoded`) or of a query.
fn campi(testo: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(testo.as_bytes()).into_owned().collect()
}

fn campo<'a>(campi: &'a [(String, String)], nome: &str) -> Option<&'a str> {
    campi.iter().find(|(k, _)| k == nome).map(|(_, v)| v.trim())
}

/// What the page reads: itself, its script and style, the state, the codes,
/// an explanation, the document's files.
fn leggi(banco: &Arc<Banco>, percorso: &str, domanda: &str) -> Risposta {
    match percorso {
        "/" => pagina(banco, None),
        "/pagina.css" => Risposta::con(200, "text/css; charset=utf-8", pagine::CSS),
        "/pagina.js" => Risposta::con(200, "text/javascript; charset=utf-8", pagine::JS),
        "/vivo" => Risposta::testo(200, VIVO.trim_end()),
        "/guida" => Risposta::html(pagine::guida()),
        "/stato" => Risposta::json(&pagine::vista(&banco.stato())),
        "/codici" => Risposta::json(&codici(banco)),
        "/spiega" => spiega(banco, campo(&campi(domanda), "codice").unwrap_or("")),
        "/documento.pdf" => {
            let pdf = banco.stato().buono.as_ref().map(|b| b.pdf.clone());
            file(pdf.as_deref())
        }
        "/segnata.pdf" => {
            let pdf = banco.stato().segnata.clone();
            file(pdf.as_deref())
        }
        p => match p.strip_prefix("/edizione/") {
            Some(dentro) => {
                let dir = banco.stato().buono.as_ref().and_then(|b| b.edizione.clone());
                match (dir, sotto(dentro)) {
                    (Some(dir), Some(rel)) => file(Some(&dir.join(rel))),
                    _ => Risposta::non_trovato(),
                }
            }
            None => Risposta::non_trovato(),
        },
    }
}

/// A path inside the web edition: plain names only (no `..`, no escapes, no
/// hidden file); `None` for any other.
fn sotto(percorso: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for pezzo in percorso.split('/') {
        let buono = !pezzo.is_empty()
            && !pezzo.starts_with('.')
            && pezzo
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !buono {
            return None;
        }
        out.push(pezzo);
    }
    Some(out)
}

/// A regular file (not a link) with the type its extension says.
fn file(percorso: Option<&Path>) -> Risposta {
    let Some(p) = percorso.filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())) else {
        return Risposta::non_trovato();
    };
    let tipo = match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    match std::fs::read(p) {
        Ok(byte) => Risposta::con(200, tipo, byte),
        Err(_) => Risposta::non_trovato(),
    }
}

/// The page: the workspace of the open folder, or the list of folders (with
/// the error of a form, when one was refused).
fn pagina(banco: &Arc<Banco>, errore: Option<&str>) -> Risposta {
    let (cartella, titolo) = {
        let s = banco.stato();
        (s.cartella.clone(), s.buono.as_ref().map(pagine::titolo))
    };
    match cartella {
        Some(c) => {
            let titolo = titolo.unwrap_or_else(|| format!("Relazione sulla performance — {}", nome(&c)));
            let altre = c != banco.radice;
            Risposta::html(pagine::pagina(&titolo, &c.display().to_string(), altre, &bozze(&c)))
        }
        None => {
            let voci: Vec<pagine::Voce> = banco::cartelle_in(&banco.radice)
                .iter()
                .map(|c| pagine::Voce {
                    nome: nome(c),
                    descrizione: match build::protetto(|| crate::carica(c)) {
                        Ok(r) => format!("{} {}", r.piano().ente.nome, r.piano().ente.anno),
                        Err(e) => format!("non si legge: {}", crate::terminale::una_riga(&e.to_string())),
                    },
                })
                .collect();
            let anno = chrono::Datelike::year(&chrono::Local::now()) - 1;
            let html = pagine::cartelle(&banco.radice.display().to_string(), &voci, errore, anno);
            Risposta {
                stato: if errore.is_some() { 400 } else { 200 },
                ..Risposta::html(html)
            }
        }
    }
}

fn nome(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The drafts the open folder can be compared with: the report folders beside it.
fn bozze(cartella: &Path) -> Vec<String> {
    cartella
        .parent()
        .map(banco::cartelle_in)
        .unwrap_or_default()
        .iter()
        .filter(|p| p.as_path() != cartella)
        .map(|p| nome(p))
        .collect()
}

#[derive(serde::Serialize)]
struct Codice {
    codice: String,
    nome: String,
}

/// Every code `spiega` knows in the last good document, with its name.
fn codici(banco: &Banco) -> Vec<Codice> {
    let s = banco.stato();
    let Some(b) = &s.buono else { return Vec::new() };
    let (r, p) = (&b.relazione, b.relazione.piano());
    let voce = |codice: &str, nome: &str| Codice {
        codice: codice.to_string(),
        nome: nome.to_string(),
    };
    std::iter::once(voce("ente", &p.ente.nome))
        .chain(p.obiettivi.iter().map(|o| voce(&o.codice, &o.titolo)))
        .chain(p.indicatori.iter().map(|i| voce(&i.codice, &i.nome)))
        .chain(p.unita.iter().map(|u| voce(&u.codice, &u.nome)))
        .chain(r.punteggi.individuali.keys().map(|n| voce(n, "persona")))
        .collect()
}

fn spiega(banco: &Banco, codice: &str) -> Risposta {
    let relazione = banco.stato().buono.as_ref().map(|b| Arc::clone(&b.relazione));
    Risposta::frammento(match relazione {
        None => pagine::testo("Non c'è ancora un documento composto senza errori da spiegare."),
        Some(r) => match build::protetto(|| crate::spiega::spiega(&r, codice)) {
            Ok(s) => pagine::spiegazione(&s),
            Err(e) => pagine::testo(&e.to_string()),
        },
    })
}

/// The actions of the page (`POST`).
fn azione(banco: &Arc<Banco>, percorso: &str, campi: &[(String, String)]) -> Risposta {
    let _uno_alla_volta = banco.lavoro();
    let cartella = banco.stato().cartella.clone();
    match (percorso, cartella) {
        // Choosing and creating belong to the list of the folder where it started.
        ("/scegli" | "/nuova", _) if banco::e_una_relazione(&banco.radice) => Risposta::non_trovato(),
        ("/scegli", _) => {
            let scelta = campo(campi, "cartella").unwrap_or("");
            match banco::cartelle_in(&banco.radice)
                .into_iter()
                .find(|c| nome(c) == scelta)
            {
                Some(c) => apri(banco, c),
                None => pagina(banco, Some(&format!("«{scelta}» non è una delle cartelle elencate."))),
            }
        }
        ("/nuova", _) => nuova(banco, campi),
        ("/altra", Some(c)) if c != banco.radice => {
            banco.chiudi_cartella();
            Risposta::alla_pagina()
        }
        ("/componi", Some(c)) => esito_in_parole(
            || {
                build::costruisci(&build::Opzioni {
                    cartella: c,
                    modelli: banco.modelli.clone(),
                    ..Default::default()
                })
            },
            stampa::esiti::composta,
        ),
        ("/pubblica", Some(c)) => esito_in_parole(
            || {
                crate::pubblica::pubblica(&crate::pubblica::Opzioni {
                    cartella: c,
                    uscita: None,
                    modelli: banco.modelli.clone(),
                })
            },
            stampa::esiti::pubblicata,
        ),
        ("/apri-uscita", Some(_)) => Risposta::frammento(pagine::testo(&apri_uscita())),
        ("/confronta", Some(c)) => confronta(banco, &c, campo(campi, "bozza").unwrap_or("")),
        _ => Risposta::non_trovato(),
    }
}

fn apri(banco: &Arc<Banco>, cartella: PathBuf) -> Risposta {
    match banco.apri(cartella) {
        Ok(()) => Risposta::alla_pagina(),
        Err(e) => pagina(banco, Some(&stampa::esiti::errore(&e))),
    }
}

/// `relazione nuova` from the page's form, in the folder where it started.
fn nuova(banco: &Arc<Banco>, campi: &[(String, String)]) -> Risposta {
    let nome_cartella = campo(campi, "nome").unwrap_or("");
    let valido = !nome_cartella.is_empty()
        && nome_cartella.len() <= 100
        && !nome_cartella.starts_with('.')
        && !nome_cartella
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'));
    if !valido {
        return pagina(
            banco,
            Some(
                "Il nome della cartella non va bene: lettere, cifre, spazi e trattini, senza / né \\ e senza un punto all'inizio.",
            ),
        );
    }
    let anno = campo(campi, "anno").unwrap_or("");
    let Some(anno) = anno
        .parse::<i32>()
        .ok()
        .filter(|a| anno.len() == 4 && (1000..=9999).contains(a))
    else {
        return pagina(banco, Some("L'anno va scritto con quattro cifre, per esempio 2025."));
    };
    let ods = campo(campi, "formato") == Some("ods");
    let dir = banco.radice.join(nome_cartella);
    match crate::init::crea(&dir, anno, ods) {
        Ok(()) => apri(banco, dir),
        Err(e) => pagina(banco, Some(&stampa::esiti::errore(&e))),
    }
}

/// Runs an action of the page (a defect met becomes its error) and answers
/// its outcome in the words the terminal prints.
fn esito_in_parole<T>(azione: impl FnOnce() -> Result<T, crate::Errore>, parole: fn(&T) -> String) -> Risposta {
    Risposta::frammento(pagine::testo(&match build::protetto(azione) {
        Ok(esito) => parole(&esito),
        Err(e) => stampa::esiti::errore(&e),
    }))
}

/// Opens `out/`, where `componi` and `pubblica` write, in the system's file manager.
fn apri_uscita() -> String {
    let out = Path::new("out");
    match dunce::canonicalize(out) {
        Err(_) => "La cartella out non c'è ancora: comporre prima il PDF o pubblicare l'edizione web.".into(),
        Ok(dir) => match opener::open(&dir) {
            Ok(()) => format!("Aperta la cartella {}.", dir.display()),
            Err(e) => format!("La cartella {} non si è aperta: {e}.", dir.display()),
        },
    }
}

/// `relazione confronta BOZZA CARTELLA`, and the PDF that marks the changes
/// (`relazione componi --confronta BOZZA --uscita out/relazione-<anno>-confronto.pdf`).
fn confronta(banco: &Banco, cartella: &Path, bozza: &str) -> Risposta {
    let Some(precedente) = cartella
        .parent()
        .map(banco::cartelle_in)
        .unwrap_or_default()
        .into_iter()
        .find(|p| nome(p) == bozza && p.as_path() != cartella)
    else {
        return Risposta::frammento(pagine::testo(&format!("«{bozza}» non è una delle bozze elencate.")));
    };
    let differenze = build::protetto(|| {
        let a = crate::carica(&precedente)?;
        let b = crate::carica(cartella)?;
        let d = crate::bozze::confronta(&a, &b, &precedente, cartella)?;
        Ok((d, b.piano().ente.anno))
    });
    let (d, anno) = match differenze {
        Ok(x) => x,
        Err(e) => return Risposta::frammento(pagine::testo(&stampa::esiti::errore(&e))),
    };
    let testo = crate::terminale::pulito(&stampa::differenze(&d, false)).into_owned();
    let uscita = PathBuf::from("out").join(format!("relazione-{anno}-confronto.pdf"));
    let segnata = build::protetto(|| {
        build::costruisci(&build::Opzioni {
            cartella: cartella.to_path_buf(),
            uscita: Some(uscita.clone()),
            modelli: banco.modelli.clone(),
            confronto: Some(precedente),
            ..Default::default()
        })
    });
    Risposta::frammento(match segnata {
        Ok(esito) => {
            let mut s = banco.stato();
            s.segnata = Some(esito.pdf.clone());
            let indirizzo = format!("segnata.pdf?v={}", s.generazione);
            drop(s);
            pagine::confronto(&testo, Some((&indirizzo, &uscita.display().to_string())), None)
        }
        Err(e) => pagine::confronto(&testo, None, Some(&stampa::esiti::errore(&e))),
    })
}

/// The page's live events (server-sent events): `stato` each time the state
/// changes, a comment every [`BATTITO`] otherwise — a page closed shows as a
/// write that fails. While one is open, the workspace stays.
fn eventi(req: Request, banco: &Arc<Banco>) {
    let presenza = banco.entra();
    let mut w = req.into_writer();
    let mut intestazioni = String::from("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n");
    for (k, v) in sicurezza::INTESTAZIONI {
        intestazioni.push_str(&format!("{k}: {v}\r\n"));
    }
    intestazioni.push_str("Connection: close\r\n\r\nretry: 1000\n\n");
    let mut vista = banco.stato().generazione;
    let mut messaggio = format!("event: stato\ndata: {vista}\n\n");
    if w.write_all(intestazioni.as_bytes()).is_err() {
        return;
    }
    loop {
        if w.write_all(messaggio.as_bytes()).and_then(|()| w.flush()).is_err() {
            break;
        }
        let ora = banco.attendi(vista, BATTITO);
        messaggio = if ora == vista {
            ": ancora qui\n\n".to_string()
        } else {
            vista = ora;
            format!("event: stato\ndata: {ora}\n\n")
        };
    }
    drop(presenza);
}
