//! The report of `relazione verifica`, for people (text) and for programs (JSON).

use crate::firma::certificato::{Dati, data_ora};
use crate::firma::confronto::questo_programma;
use crate::firma::fiducia::Identita;
use crate::firma::marca;
use crate::firma::verifica::{Aggiunta, Esito, Firma, Rapporto, VALIDATORE_UE};

fn firmatario(d: &Dati) -> String {
    format!(
        "{} ({}); certificato n. {} emesso da {}, valido dal {} al {}",
        d.titolare,
        d.soggetto,
        d.seriale,
        d.emittente,
        data_ora(d.valido_dal),
        data_ora(d.valido_al)
    )
}

/// The verdict on one signature, in one line a Segretario understands.
fn esito_firma(f: &Firma) -> String {
    let chi = f
        .firmatario
        .as_ref()
        .map_or("firmatario sconosciuto".to_string(), |d| d.titolare.clone());
    match f.esito() {
        Esito::Valido => format!("VALIDA: firmata da {chi}, identità accertata, documento non cambiato dopo la firma"),
        Esito::NonAccertato => format!(
            "INTEGRA, MA IL FIRMATARIO NON È ACCERTATO: firmata da chi ha il certificato di «{chi}», documento non cambiato dopo la firma"
        ),
        Esito::NonValido if !f.alterata_da.is_empty() => format!(
            "NON VALIDA: il documento è stato cambiato dopo la firma (revisione {})",
            elenco(&f.alterata_da)
        ),
        Esito::NonValido if !f.integra || !f.problemi.is_empty() => {
            "NON VALIDA: la firma non corrisponde ai byte del file o è contraffatta".to_string()
        }
        Esito::NonValido => match &f.identita {
            Identita::NonValida(motivo) => format!("NON VALIDA: {motivo}"),
            _ => "NON VALIDA".to_string(),
        },
    }
}

fn elenco(n: &[usize]) -> String {
    n.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

/// What one signature says and whether it holds.
fn righe_firma(f: &Firma, revisioni: usize) -> String {
    let mut s = String::new();
    match &f.firmatario {
        Some(d) => s.push_str(&format!("  firmatario: {}\n", firmatario(d))),
        None => s.push_str("  firmatario: sconosciuto (manca il certificato)\n"),
    }
    if !f.tipo.is_empty() {
        s.push_str(&format!("  tipo: {}\n", f.tipo));
    }
    match &f.ora_dichiarata {
        Some((ora, fonte)) => s.push_str(&format!(
            "  ora dichiarata dal firmatario: {} ({fonte}; non certificata)\n",
            data_ora(*ora)
        )),
        None => s.push_str("  ora dichiarata dal firmatario: non indicata\n"),
    }
    if let Some(m) = &f.marca {
        s.push_str(&format!("  {}\n", marca::descrivi(m)));
    }
    if f.integra && f.problemi.is_empty() {
        s.push_str("  integrità: valida (l'impronta dei byte firmati e la firma corrispondono)\n");
    } else {
        s.push_str("  integrità: NON VALIDA\n");
    }
    for p in &f.problemi {
        s.push_str(&format!("    - {p}\n"));
    }
    if revisioni > 0 {
        s.push_str(&if f.revisione == revisioni {
            "  copre: tutto il file\n".to_string()
        } else if f.revisione > 0 {
            format!(
                "  copre: il file fino alla revisione {} di {revisioni}; quel che segue è aggiunto dopo la firma\n",
                f.revisione
            )
        } else {
            "  copre: una parte del file che non è una sua revisione\n".to_string()
        });
    }
    let quando = match &f.marca.as_ref().and_then(marca::Marca::ora_certa) {
        Some(_) => format!("al {} (l'ora della marca temporale)", data_ora(f.giudicata_al)),
        None => format!(
            "al {} (oggi: senza marca temporale la firma si giudica ora)",
            data_ora(f.giudicata_al)
        ),
    };
    match &f.identita {
        Identita::Accertata(catena) => s.push_str(&format!(
            "  certificato: valido {quando}, per firmare (non ripudio); catena: {} (ancora di fiducia)\n",
            catena.join(" → ")
        )),
        Identita::NonAccertata(motivo) => s.push_str(&format!(
            "  certificato: valido {quando}, per firmare (non ripudio); identità NON ACCERTATA: {motivo}\n"
        )),
        Identita::NonValida(motivo) => s.push_str(&format!("  certificato: NON VALIDO {quando}: {motivo}\n")),
    }
    for n in &f.note {
        s.push_str(&format!("  nota: {n}\n"));
    }
    s.push_str(&format!("  Esito della firma: {}\n", esito_firma(f)));
    s
}

fn riga_revisione(v: &Aggiunta) -> String {
    let g = &v.giudizio;
    if v.ammessa() {
        let cosa = if g.ammessi.is_empty() {
            "nessun cambiamento visibile".to_string()
        } else {
            g.ammessi.join("; ")
        };
        format!(
            "Revisione {}: solo firme, campi di firma e metadati ({cosa})\n",
            v.numero
        )
    } else {
        let mut s = format!(
            "Revisione {}: CAMBIA IL CONTENUTO ({})\n",
            v.numero,
            g.vietati.iter().take(10).cloned().collect::<Vec<_>>().join("; ")
        );
        let altri = g.vietati.len().saturating_sub(10) + g.altri_vietati;
        if altri > 0 {
            s.push_str(&format!("  … e altri {altri} cambiamenti che non sono firme\n"));
        }
        if !g.ammessi.is_empty() {
            s.push_str(&format!("  (aggiunge anche: {})\n", g.ammessi.join("; ")));
        }
        s
    }
}

/// The report in words. `cartella`: the folder compared with, if any.
pub fn testo(r: &Rapporto, cartella: Option<&str>) -> String {
    let mut s = String::new();
    let n = r.firme.len();
    if n == 0 {
        s.push_str("Il file non contiene firme.\n");
    }
    for (i, f) in r.firme.iter().enumerate() {
        s.push_str(&format!("Firma {} di {n}, campo «{}»\n", i + 1, f.campo));
        s.push_str(&righe_firma(f, r.numero_revisioni));
    }
    for v in &r.revisioni {
        s.push_str(&riga_revisione(v));
    }
    if let (Some(c), Some(cartella)) = (&r.confronto, cartella) {
        if c.identico {
            s.push_str(&format!(
                "Confronto con la cartella {cartella}: il PDF firmato è, byte per byte, quello che la cartella produce.\n"
            ));
        } else if let Some(altra) = &c.altra_versione {
            s.push_str(&format!(
                "Confronto con la cartella {cartella}: il PDF firmato fu composto da {altra}, questo programma è {}: \
                 la stessa cartella dà un PDF diverso con un'altra versione. Per il confronto usare {altra}.\n",
                questo_programma()
            ));
        } else if c.differenza.is_none() && !c.cambiato_da.is_empty() {
            s.push_str(&format!(
                "Confronto con la cartella {cartella}: il PDF firmato NON è quello che la cartella produce: \
                 è stato cambiato dopo la composizione (revisione {}).\n",
                elenco(&c.cambiato_da)
            ));
        } else {
            s.push_str(&format!(
                "Confronto con la cartella {cartella}: il PDF firmato NON è quello che la cartella produce.\n"
            ));
            match &c.differenza {
                Some(d) => s.push_str(&format!(
                    "  prima differenza a pagina {}:\n    PDF firmato:  «{}»\n    dalla cartella: «{}»\n",
                    d.pagina, d.firmato, d.cartella
                )),
                None => s.push_str(
                    "  le pagine hanno lo stesso contenuto: differiscono i dati del file (metadati, struttura)\n",
                ),
            }
        }
    }
    if r.fiducia.is_empty() {
        s.push_str("Ancore di fiducia: nessuna indicata (--fiducia): l'identità dei firmatari non si accerta.\n");
    } else {
        s.push_str(&format!("Ancore di fiducia: {}.\n", r.fiducia.join(", ")));
    }
    s.push_str(&format!(
        "Non controllati qui, senza rete: la revoca dei certificati e la loro qualifica; per quelle usare il \
         validatore dell'Unione europea, {VALIDATORE_UE}\n"
    ));
    s.push_str(match (r.esito(), r.confronto_inconcludente()) {
        (Esito::NonValido, _) => "Esito: NON VALIDO.\n",
        (_, true) => "Esito: NESSUN VERDETTO sul confronto con la cartella (altra versione del programma).\n",
        (Esito::Valido, _) => {
            "Esito: tutte le firme sono valide, i firmatari accertati, e il file non è stato cambiato dopo di esse.\n"
        }
        (Esito::NonAccertato, _) => {
            "Esito: le firme sono integre e il file non è stato cambiato dopo di esse, ma l'identità dei firmatari \
             NON è accertata: indicare con --fiducia i certificati di cui fidarsi.\n"
        }
    });
    s
}

/// The report for other programs.
pub fn json(r: &Rapporto) -> serde_json::Value {
    let dati = |d: &Dati| {
        serde_json::json!({
            "titolare": d.titolare,
            "soggetto": d.soggetto,
            "emittente": d.emittente,
            "seriale": d.seriale,
            "valido_dal": d.valido_dal.to_rfc3339(),
            "valido_al": d.valido_al.to_rfc3339(),
        })
    };
    let identita = |i: &Identita| match i {
        Identita::Accertata(c) => serde_json::json!({"accertata": true, "catena": c}),
        Identita::NonAccertata(m) => serde_json::json!({"accertata": false, "motivo": m}),
        Identita::NonValida(m) => serde_json::json!({"accertata": false, "non_valido": true, "motivo": m}),
    };
    serde_json::json!({
        "esito": r.esito().codice(),
        "valido": r.esito() == Esito::Valido,
        "revisioni": r.numero_revisioni,
        "firme": r.firme.iter().map(|f| serde_json::json!({
            "campo": f.campo,
            "esito": f.esito().codice(),
            "esito_in_parole": esito_firma(f),
            "firmatario": f.firmatario.as_ref().map(dati),
            "tipo": f.tipo,
            "ora_dichiarata": f.ora_dichiarata.as_ref().map(|(o, _)| o.to_rfc3339()),
            "ora_dichiarata_da": f.ora_dichiarata.as_ref().map(|(_, fonte)| fonte),
            "marca_temporale": f.marca.as_ref().map(|m| serde_json::json!({
                "ora": m.ora.to_rfc3339(),
                "valida": m.integra,
                "autorita": m.autorita.as_ref().map(dati),
                "identita": identita(&m.identita),
            })),
            "certificato_giudicato_al": f.giudicata_al.to_rfc3339(),
            "integra": f.integra && f.problemi.is_empty(),
            "revisione": f.revisione,
            "alterata_da": f.alterata_da,
            "identita": identita(&f.identita),
            "problemi": f.problemi,
            "note": f.note,
        })).collect::<Vec<_>>(),
        "revisioni_successive": r.revisioni.iter().map(|v| serde_json::json!({
            "numero": v.numero,
            "dopo_una_firma": v.dopo_una_firma,
            "solo_firme": v.ammessa(),
            "ammessi": v.giudizio.ammessi,
            "vietati": v.giudizio.vietati,
        })).collect::<Vec<_>>(),
        "confronto": r.confronto.as_ref().map(|c| serde_json::json!({
            "identico": c.identico,
            "altra_versione": c.altra_versione,
            "cambiato_da": c.cambiato_da,
            "pagina": c.differenza.as_ref().map(|d| d.pagina),
            "firmato": c.differenza.as_ref().map(|d| d.firmato.clone()),
            "cartella": c.differenza.as_ref().map(|d| d.cartella.clone()),
        })),
        "ancore_di_fiducia": r.fiducia,
        "non_controllati": format!("revoca e qualifica dei certificati: {VALIDATORE_UE}"),
    })
}
