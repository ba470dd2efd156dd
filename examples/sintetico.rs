//! Writes a synthetic report folder N times the 2022 plan, to measure how time
//! and memory grow with the size of a plan:
//!
//!     cargo run --release --example sintetico -- 10 /tmp/piano-10x [CONSUNTIVO]
//!
//! With CONSUNTIVO (`1,66`), the first OC_TD_04 gets that consuntivo instead of
//! 2022's: two plans that differ in one cell, for the benchmark of `watch`.
//!
//! Every objective and indicator of data/ is repeated N times with its code
//! suffixed (`OS01.1.1·3`), references renamed alike; each person gets all the
//! copies of their objectives with the weights divided by N; texts are copied.

use relazione::workbook::schema::Tipo;
use relazione::workbook::schema::{assegnazioni, indicatori, modifiche, obiettivi};
use relazione::workbook::scrivi::{FoglioScritto, Scritta, da_tsv, scrivi, tipizza};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

fn rinomina(c: &Scritta, suffisso: &str) -> Scritta {
    match c {
        Scritta::Testo(t) if !suffisso.is_empty() => Scritta::Testo(format!("{t}{suffisso}")),
        altro => altro.clone(),
    }
}

/// Repeats the rows of a sheet `n` times, renaming the code columns `colonne`.
fn ripeti(f: &mut FoglioScritto, n: usize, colonne: &[&str], dividi: Option<&str>) {
    let indici: Vec<usize> = colonne
        .iter()
        .filter_map(|c| f.foglio.colonne.iter().position(|x| x.nome == *c))
        .collect();
    let peso = dividi.and_then(|c| f.foglio.colonne.iter().position(|x| x.nome == c));
    let originali = std::mem::take(&mut f.righe);
    for k in 0..n {
        let suffisso = if k == 0 { String::new() } else { format!("·{k}") };
        for r in &originali {
            let mut nuova = r.clone();
            for &i in &indici {
                nuova[i] = rinomina(&r[i], &suffisso);
            }
            if let (Some(i), Scritta::Numero(p)) = (peso, &r[peso.unwrap_or(0)]) {
                nuova[i] = Scritta::Numero(*p / Decimal::from(n));
            }
            f.righe.push(nuova);
        }
    }
}

fn main() -> anyhow::Result<()> {
    let radice = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(10);
    let uscita = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(format!("out/piano-{n}x")));
    let consuntivo = args.next();
    let mut fogli = da_tsv(&radice.join("data/sorgente"))?;
    if let Some(valore) = &consuntivo {
        let f = fogli
            .iter_mut()
            .find(|f| f.foglio.nome == indicatori::NOME_FOGLIO)
            .expect("the sheet Indicatori");
        let colonna = |c: &relazione::workbook::schema::Colonna| {
            f.foglio
                .colonne
                .iter()
                .position(|x| x == c)
                .expect("a column of the contract")
        };
        let (codice, cella) = (colonna(&indicatori::CODICE), colonna(&indicatori::CONSUNTIVO));
        let riga = f
            .righe
            .iter_mut()
            .find(|r| r[codice] == Scritta::Testo("OC_TD_04".into()))
            .expect("OC_TD_04 in data/sorgente");
        riga[cella] = tipizza(Tipo::Valore, valore);
    }
    for f in fogli.iter_mut() {
        match f.foglio.nome {
            obiettivi::NOME_FOGLIO => ripeti(f, n, &[obiettivi::CODICE.nome, obiettivi::PADRE.nome], None),
            indicatori::NOME_FOGLIO => ripeti(f, n, &[indicatori::CODICE.nome, indicatori::OBIETTIVO.nome], None),
            modifiche::NOME_FOGLIO => ripeti(f, n, &[modifiche::INDICATORE.nome], None),
            assegnazioni::NOME_FOGLIO => ripeti(f, n, &[assegnazioni::OBIETTIVO.nome], Some(assegnazioni::PESO.nome)),
            _ => {}
        }
    }
    std::fs::create_dir_all(uscita.join("testi"))?;
    scrivi(&uscita.join("relazione.xlsx"), &fogli)?;
    for e in std::fs::read_dir(radice.join("data/testi"))? {
        let e = e?;
        std::fs::copy(e.path(), uscita.join("testi").join(e.file_name()))?;
    }
    println!("scritto {} ({n} volte il piano 2022)", uscita.display());
    Ok(())
}
