//! The report of `relazione verifica`, for people (text) and for programs (JSON).

use super::certificato::{Dati, data_ora};
use super::verifica::{Esito, Firma, Rapporto, VALIDATORE_UE};

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

/// What one signature says and whether it holds.
fn righe_firma(f: &Firma, revisioni: usize) -> String {
    let mut s = String::new();
    match &f.firmatario {
        Some(d) => s.push_str(&format!("  firmatario: {}\n", firmatario(d))),
        None => s.push_str("  firmatario: sconosciuto (manca il certificato)\n"),
    }
    s.push_str(&format!(
        "  ora dichiarata dal firmatario: {}\n",
        f.ora.as_deref().unwrap_or("non indicata")
    ));
    if f.valida {
        s.push_str("  integrità: valida (l'impronta dei byte firmati e la firma corrispondono)\n");
    } else {
        s.push_str("  integrità: NON VALIDA\n");
    }
    for p in &f.problemi {
        s.push_str(&format!("    - {p}\n"));
    }
    if revisioni > 0 {
        s.push_str(&if f.copre_tutto {
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
    s
}

/// The report in words. `revisioni` is how many revisions the file has;
/// `cartella` the folder compared with, if any.
pub fn testo(r: &Rapporto, revisioni: usize, cartella: Option<&str>) -> String {
    let mut s = String::new();
    let n = r.firme.len();
    if n == 0 {
        s.push_str("Il file non contiene firme.\n");
    }
    for (i, f) in r.firme.iter().enumerate() {
        s.push_str(&format!("Firma {} di {n}, campo «{}»\n", i + 1, f.campo));
        s.push_str(&righe_firma(f, revisioni));
    }
    for v in &r.revisioni {
        let cosa = if v.cambiamenti.is_empty() {
            "nessun cambiamento".to_string()
        } else {
            v.cambiamenti.join("; ")
        };
        if v.solo_firme {
            s.push_str(&format!(
                "Revisione {}: solo firme, campi di firma e metadati ({cosa})\n",
                v.numero
            ));
        } else {
            s.push_str(&format!("Revisione {}: CAMBIA IL CONTENUTO ({cosa})\n", v.numero));
        }
    }
    if let (Some(c), Some(cartella)) = (&r.confronto, cartella) {
        if c.identico {
            s.push_str(&format!(
                "Confronto con la cartella {cartella}: il PDF firmato è, byte per byte, quello che la cartella produce.\n"
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
    s.push_str(&format!(
        "La fiducia nei certificati (qualifica del prestatore, revoca) non è controllata qui, senza rete: \
         per quella usare il validatore dell'Unione europea, {VALIDATORE_UE}\n"
    ));
    s.push_str(match r.esito() {
        Esito::Valido => "Esito: tutte le firme sono valide e il file non è stato cambiato dopo di esse.\n",
        Esito::NonValido => "Esito: NON VALIDO.\n",
    });
    s
}

/// The report for other programs.
pub fn json(r: &Rapporto, revisioni: usize) -> serde_json::Value {
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
    serde_json::json!({
        "valido": r.esito() == Esito::Valido,
        "revisioni": revisioni,
        "firme": r.firme.iter().map(|f| serde_json::json!({
            "campo": f.campo,
            "firmatario": f.firmatario.as_ref().map(dati),
            "ora": f.ora,
            "valida": f.valida,
            "revisione": f.revisione,
            "copre_tutto": f.copre_tutto,
            "problemi": f.problemi,
        })).collect::<Vec<_>>(),
        "revisioni_successive": r.revisioni.iter().map(|v| serde_json::json!({
            "numero": v.numero,
            "solo_firme": v.solo_firme,
            "cambiamenti": v.cambiamenti,
        })).collect::<Vec<_>>(),
        "confronto": r.confronto.as_ref().map(|c| serde_json::json!({
            "identico": c.identico,
            "pagina": c.differenza.as_ref().map(|d| d.pagina),
            "firmato": c.differenza.as_ref().map(|d| d.firmato.clone()),
            "cartella": c.differenza.as_ref().map(|d| d.cartella.clone()),
        })),
        "fiducia": format!("non controllata: {VALIDATORE_UE}"),
    })
}
