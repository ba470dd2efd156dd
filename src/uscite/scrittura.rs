//! The one hand that writes every output: where it may go, and how it is put
//! there — a file through a temporary one and a rename, a folder built beside
//! and swapped in — so that a reader never sees half of it and a failure, or a
//! slip of the keyboard, never costs the office a file.

use crate::Errore;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An output written: where, and for a folder its files (relative to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scritto {
    pub percorso: PathBuf,
    pub file: Vec<String>,
}

/// «il PDF» → «del PDF»: the article joined to *di*, as a message says it.
fn di(nome: &str) -> String {
    if let Some(resto) = nome.strip_prefix("il ") {
        format!("del {resto}")
    } else if let Some(resto) = nome.strip_prefix("l'") {
        format!("dell'{resto}")
    } else if let Some(resto) = nome.strip_prefix("i ") {
        format!("dei {resto}")
    } else {
        format!("di {nome}")
    }
}

/// Where a file output (`nome`: «il PDF») may go: not a device or other special
/// file (`/dev/null`), not a folder, not a file the work reads (`ingressi`),
/// and a name ending in `.estensione` unless `forza` (so that a slip of the
/// keyboard never overwrites the workbook).
pub fn verifica_file(
    uscita: &Path,
    nome: &str,
    estensione: &str,
    forza: bool,
    ingressi: &[PathBuf],
) -> Result<(), Errore> {
    let no = |motivo: &str| Errore::FileNonAmmesso {
        percorso: uscita.to_path_buf(),
        motivo: motivo.to_string(),
    };
    if let Some(file) = uscita
        .ancestors()
        .skip(1)
        .find(|a| !a.as_os_str().is_empty() && a.exists() && !a.is_dir())
    {
        return Err(no(&format!(
            "«{}» è un file, non una cartella: {nome} non si può scrivere lì dentro",
            file.display()
        )));
    }
    if let Ok(m) = std::fs::metadata(uscita) {
        if m.is_dir() {
            return Err(no(&format!(
                "è una cartella: indicare il nome {} da scrivere, per esempio relazione.{estensione}",
                di(nome)
            )));
        }
        if !m.is_file() {
            return Err(no(&format!(
                "non è un file ordinario (è un dispositivo o un file speciale): {nome} non si scrive lì"
            )));
        }
        let reale = uscita.canonicalize().unwrap_or_else(|_| uscita.to_path_buf());
        if ingressi
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .any(|p| p == reale)
        {
            return Err(no(&format!(
                "è un file che la composizione legge (la cartella di lavoro, un testo o un modello): \
                 scrivere {nome} con un altro nome"
            )));
        }
    }
    let giusta = uscita.extension().is_some_and(|e| e.eq_ignore_ascii_case(estensione));
    if !giusta && !forza {
        return Err(no(&format!(
            "non finisce in .{estensione}: se è davvero il nome voluto, ripetere il comando con --forza"
        )));
    }
    Ok(())
}

/// The list of the files of a folder output, written in it: a folder is
/// replaced only when it holds nothing else.
const MANIFESTO: &str = ".relazione-pubblica";

/// The files of a folder output with their list (see [`MANIFESTO`]), which
/// tells the next run that the folder is the program's to replace.
/// `intestazione` is its first line, a comment for whoever opens it.
pub(super) fn con_elenco(mut file: BTreeMap<String, Vec<u8>>, intestazione: &str) -> BTreeMap<String, Vec<u8>> {
    let mut elenco: String = file.keys().map(|f| format!("{f}\n")).collect();
    elenco.insert_str(0, &format!("# {intestazione}\n"));
    file.insert(MANIFESTO.into(), elenco.into_bytes());
    file
}

/// The files of a folder, as paths relative to it.
fn file_di(dir: &Path, prefisso: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let nome = format!("{prefisso}{}", e.file_name().to_string_lossy());
        if e.file_type()?.is_dir() {
            file_di(&e.path(), &format!("{nome}/"), out)?;
        } else {
            out.push(nome);
        }
    }
    Ok(())
}

/// Whether a folder is an output this program wrote and nothing else (so that
/// replacing it loses nothing of the office's): every file in it is on its list.
fn scritta_dal_programma(dir: &Path) -> bool {
    let Ok(elenco) = std::fs::read_to_string(dir.join(MANIFESTO)) else {
        return false;
    };
    let scritti: std::collections::BTreeSet<&str> = elenco.lines().collect();
    let mut presenti = Vec::new();
    file_di(dir, "", &mut presenti).is_ok() && presenti.iter().all(|f| f == MANIFESTO || scritti.contains(f.as_str()))
}

/// Where a folder output (`nome`: «l'edizione web», `una`: «un'edizione web»)
/// may go: a new folder, an empty one, or an earlier output of the program;
/// never the report folder, a folder that holds it, or any other folder.
pub fn verifica_cartella(uscita: &Path, nome: &str, una: &str, cartella: &Path) -> Result<(), Errore> {
    let no = |motivo: &str| Errore::FileNonAmmesso {
        percorso: uscita.to_path_buf(),
        motivo: motivo.to_string(),
    };
    let Ok(m) = std::fs::symlink_metadata(uscita) else {
        return Ok(());
    };
    if !m.is_dir() {
        return Err(no(&format!(
            "esiste e non è una cartella: {nome} è una cartella; indicarne una nuova"
        )));
    }
    let reale = uscita.canonicalize().unwrap_or_else(|_| uscita.to_path_buf());
    if cartella.canonicalize().is_ok_and(|c| c.starts_with(&reale)) {
        return Err(no(
            "contiene la cartella della relazione: indicare un'altra cartella, per esempio out/pubblicazione",
        ));
    }
    let vuota = std::fs::read_dir(uscita)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !vuota && !scritta_dal_programma(uscita) {
        return Err(no(&format!(
            "esiste e non è soltanto {una} di relazione (ha file che il programma non ha scritto): \
             il suo contenuto andrebbe perso; indicare una cartella nuova o vuota"
        )));
    }
    Ok(())
}

/// Writes the files into a temporary folder beside `uscita`, then puts it in
/// place of the previous one: a reader never sees half an edition, a failure
/// leaves the previous one as it was.
pub(super) fn scrivi_cartella(uscita: &Path, file: &BTreeMap<String, Vec<u8>>) -> Result<(), Errore> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Errore::Io { percorso: p, source }
    };
    let genitore = uscita
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(genitore).map_err(io(genitore))?;
    let nome = uscita
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let prefisso = format!(".{nome}.");
    // What a killed run left behind, an hour ago or more (a younger one may be
    // another run's work in progress).
    let vecchio = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|d| d.as_secs() > 3600)
    };
    for e in std::fs::read_dir(genitore).map_err(io(genitore))?.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        if n.starts_with(&prefisso) && n.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_dir()) && vecchio(&e) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    let tmp = tempfile::Builder::new()
        .prefix(&prefisso)
        .suffix(".tmp")
        .tempdir_in(genitore)
        .map_err(io(genitore))?;
    for (percorso, dati) in file {
        let p = tmp.path().join(percorso);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&p, dati).map_err(io(&p))?;
    }
    rendi_leggibile(tmp.path()).map_err(io(tmp.path()))?;
    let vecchia = genitore.join(format!("{prefisso}precedente-{}.tmp", std::process::id()));
    let c_era = uscita.exists();
    if c_era {
        std::fs::rename(uscita, &vecchia).map_err(io(uscita))?;
    }
    let nuova = tmp.keep();
    if let Err(e) = std::fs::rename(&nuova, uscita) {
        if c_era {
            let _ = std::fs::rename(&vecchia, uscita);
        }
        let _ = std::fs::remove_dir_all(&nuova);
        return Err(io(uscita)(e));
    }
    if c_era {
        let _ = std::fs::remove_dir_all(&vecchia);
    }
    Ok(())
}

/// A temporary folder is private (0700): the edition is to be served.
fn rendi_leggibile(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            if e.file_type()?.is_dir() {
                rendi_leggibile(&e.path())?;
            } else {
                std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_output_never_goes_over_an_input_or_a_device() {
        let tmp = tempfile::tempdir().unwrap();
        let libro = tmp.path().join("relazione.xlsx");
        std::fs::write(&libro, b"PK").unwrap();
        let pdf = |p: &Path, forza, ingressi: &[PathBuf]| verifica_file(p, "il PDF", "pdf", forza, ingressi);
        let e = pdf(&libro, true, std::slice::from_ref(&libro)).unwrap_err();
        assert!(e.to_string().contains("un file che la composizione legge"), "{e}");
        let e = pdf(&libro, false, &[]).unwrap_err();
        assert!(e.to_string().contains("non finisce in .pdf"), "{e}");
        #[cfg(unix)]
        {
            let e = pdf(Path::new("/dev/null"), true, &[]).unwrap_err();
            assert!(e.to_string().contains("non è un file ordinario"), "{e}");
        }
        let e = pdf(tmp.path(), true, &[]).unwrap_err();
        assert!(
            e.to_string().contains("è una cartella: indicare il nome del PDF"),
            "{e}"
        );
        assert!(pdf(&tmp.path().join("nuova.pdf"), false, &[]).is_ok());
        let e = verifica_file(tmp.path(), "il JSON delle cifre", "json", false, &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("il nome del JSON delle cifre da scrivere, per esempio relazione.json"),
            "{e}"
        );
        let e = verifica_file(&libro, "l'edizione", "pdf", true, std::slice::from_ref(&libro)).unwrap_err();
        assert!(e.to_string().contains("scrivere l'edizione con un altro nome"), "{e}");
    }

    #[test]
    fn a_folder_output_replaces_only_what_the_program_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("edizione");
        let file = con_elenco(
            BTreeMap::from([("a.csv".to_string(), b"x".to_vec())]),
            "I file di prova.",
        );
        scrivi_cartella(&dest, &file).unwrap();
        assert!(verifica_cartella(&dest, "l'edizione web", "un'edizione web", tmp.path()).is_ok());
        std::fs::write(dest.join("mio.docx"), b"dell'ufficio").unwrap();
        let e = verifica_cartella(&dest, "l'edizione web", "un'edizione web", tmp.path()).unwrap_err();
        assert!(e.to_string().contains("non è soltanto un'edizione web"), "{e}");
    }
}
