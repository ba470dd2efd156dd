//! The report folder as untrusted input: it may come from another office, as a
//! zip or on a shared drive. Every file the program reads from it — workbook,
//! texts, images, logo — and from a templates folder goes through [`dentro`]:
//! its real path (symbolic links resolved) must be inside the folder, and it
//! must be a regular file (no device, FIFO or `/proc` file), of a bounded size.

use crate::Errore;
use crate::limiti;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file of the folder is not read.
fn rifiuto(percorso: &Path, motivo: impl Into<String>) -> Errore {
    Errore::FileNonAmmesso {
        percorso: percorso.to_path_buf(),
        motivo: motivo.into(),
    }
}

/// The real path of `percorso`, checked to be a regular file inside `base`
/// (both may be relative; symbolic links are followed, then judged).
pub fn dentro(base: &Path, percorso: &Path) -> Result<PathBuf, Errore> {
    let base = base.canonicalize().map_err(|source| Errore::Io {
        percorso: base.to_path_buf(),
        source,
    })?;
    let reale = percorso.canonicalize().map_err(|source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    })?;
    if !reale.starts_with(&base) {
        return Err(rifiuto(
            percorso,
            format!(
                "è fuori dalla cartella «{}» (anche attraverso un collegamento simbolico): si leggono solo i file della cartella",
                base.display()
            ),
        ));
    }
    let tipo = std::fs::metadata(&reale)
        .map_err(|source| Errore::Io {
            percorso: percorso.to_path_buf(),
            source,
        })?
        .file_type();
    if !tipo.is_file() {
        return Err(rifiuto(
            percorso,
            "non è un file ordinario (è una cartella, un dispositivo o un file speciale): non si legge",
        ));
    }
    Ok(reale)
}

/// Reads a file of `base`, refusing one larger than `massimo`. The file is
/// opened once and judged by its handle (see [`apri`]): what is read is what
/// was checked, even if someone renames files in the folder meanwhile.
pub fn leggi(base: &Path, percorso: &Path, massimo: u64) -> Result<Vec<u8>, Errore> {
    let f = apri(base, percorso)?;
    let mut dati = Vec::new();
    // `take` also bounds a file that grows while it is read.
    f.take(massimo + 1)
        .read_to_end(&mut dati)
        .map_err(|source| Errore::Io {
            percorso: percorso.to_path_buf(),
            source,
        })?;
    if dati.len() as u64 > massimo {
        return Err(rifiuto(
            percorso,
            format!(
                "è più grande del limite di {} per un file di questo tipo",
                crate::format::dimensione(massimo)
            ),
        ));
    }
    Ok(dati)
}

/// Opens a file of `base` for reading, then judges the open file itself, not
/// its name: a regular file (a FIFO is opened without waiting, then refused),
/// with no other name (a hard link to a file elsewhere has the same content
/// under two names), and whose real path, found after opening, is inside
/// `base`. A name swapped between the check and the reading — on a shared
/// drive, during `watch` — cannot bring in another file: the handle checked
/// is the one read.
#[cfg(unix)]
pub fn apri(base: &Path, percorso: &Path) -> Result<std::fs::File, Errore> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let io = |source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    };
    let f = std::fs::OpenOptions::new()
        .read(true)
        // A FIFO opens at once rather than waiting for a writer; a terminal
        // named in the folder does not become ours.
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(percorso)
        .map_err(io)?;
    let aperto = f.metadata().map_err(io)?;
    if !aperto.file_type().is_file() {
        return Err(rifiuto(
            percorso,
            "non è un file ordinario (è una cartella, un dispositivo o un file speciale): non si legge",
        ));
    }
    if aperto.nlink() > 1 {
        return Err(rifiuto(
            percorso,
            "è un collegamento fisso («hard link») a un file che ha anche un altro nome, forse fuori dalla \
             cartella: copiarlo nella cartella come file a sé",
        ));
    }
    // Where the open file is: its name now, resolved, must be the same file
    // (device and inode) and inside the folder. A name moved to another file
    // after the opening gives another inode; one moved to a second name of the
    // same file is a hard link, refused above.
    dentro(base, percorso)
        .and_then(|reale| {
            let ora = std::fs::metadata(&reale).map_err(io)?;
            if (ora.dev(), ora.ino()) == (aperto.dev(), aperto.ino()) {
                Ok(())
            } else {
                Err(rifiuto(
                    percorso,
                    "è stato sostituito mentre si leggeva (qualcuno lo sta modificando): riprovare",
                ))
            }
        })
        .map(|()| f)
}

/// Elsewhere than Unix: the checks of [`dentro`], then the file opened.
#[cfg(not(unix))]
pub fn apri(base: &Path, percorso: &Path) -> Result<std::fs::File, Errore> {
    let reale = dentro(base, percorso)?;
    std::fs::File::open(&reale).map_err(|source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    })
}

/// Whether a file name is of an image Typst decodes into pixels.
pub fn e_immagine(percorso: &Path) -> bool {
    percorso.extension().is_some_and(|e| {
        ["png", "jpg", "jpeg", "gif", "webp"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Refuses an image whose decoded pixels exceed [`limiti::PIXEL_IMMAGINE`],
/// reading only its header (a 2,6 MB PNG of 30.000 × 30.000 pixels would take
/// 2,8 GB of memory to decode).
pub fn verifica_pixel(dati: &[u8]) -> Result<(), String> {
    let Some((larghezza, altezza)) = dimensioni(dati) else {
        return Ok(());
    };
    if u64::from(larghezza) * u64::from(altezza) > limiti::PIXEL_IMMAGINE {
        return Err(format!(
            "l'immagine è di {larghezza} × {altezza} pixel, oltre il limite di {} milioni di pixel: ridurla \
             (per una pagina A4 a 300 dpi bastano 2.480 × 3.508 pixel)",
            limiti::PIXEL_IMMAGINE / 1_000_000
        ));
    }
    Ok(())
}

/// An image's width and height from its header: a PNG's own IHDR (even when the
/// rest of the file is broken), else what the decoder's header reading says.
fn dimensioni(dati: &[u8]) -> Option<(u32, u32)> {
    if dati.starts_with(b"\x89PNG\r\n\x1a\n") && dati.get(12..16) == Some(b"IHDR") {
        let numero = |i: usize| Some(u32::from_be_bytes(dati.get(i..i + 4)?.try_into().ok()?));
        return Some((numero(16)?, numero(20)?));
    }
    image::ImageReader::new(std::io::Cursor::new(dati))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Reads an image of the folder through [`leggi`], checks its pixels and that
/// it decodes: a damaged image is named here, with the text or the key that
/// shows it, rather than by the typesetter at a line of the templates.
pub fn leggi_immagine(base: &Path, percorso: &Path) -> Result<Vec<u8>, Errore> {
    let dati = leggi(base, percorso, limiti::BYTE_IMMAGINE)?;
    if e_immagine(percorso) {
        verifica_pixel(&dati).map_err(|motivo| rifiuto(percorso, motivo))?;
        verifica_decodifica(&dati).map_err(|motivo| rifiuto(percorso, motivo))?;
    } else if percorso
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"))
    {
        verifica_svg(&dati, 0).map_err(|motivo| rifiuto(percorso, motivo))?;
    }
    Ok(dati)
}

/// An SVG may carry images inside itself, as `data:` addresses, which the
/// typesetter decodes into pixels like any other: each is checked as an image
/// of the folder (its pixels, [`verifica_pixel`]), an SVG inside an SVG too,
/// up to three deep. A compressed SVG (`.svgz`) would hide them: refused.
pub fn verifica_svg(dati: &[u8], profondita: u32) -> Result<(), String> {
    if dati.starts_with(&[0x1f, 0x8b]) {
        return Err("è un SVG compresso: salvarlo come SVG semplice (non compresso)".into());
    }
    if profondita > 3 {
        return Err("contiene immagini dentro immagini per più di tre livelli: salvarla di nuovo semplificata".into());
    }
    // Found in lower case, read in the original: the same bytes at the same places.
    let originale = String::from_utf8_lossy(dati);
    let testo = originale.to_ascii_lowercase();
    let mut da = 0;
    while let Some(i) = testo[da..].find("data:") {
        let inizio = da + i + "data:".len();
        let fine = testo[inizio..]
            .find(['"', '\'', ')', '<', '>'])
            .map_or(testo.len(), |f| inizio + f);
        da = fine;
        let Some((testa, corpo)) = originale.get(inizio..fine).and_then(|u| u.split_once(',')) else {
            continue;
        };
        let contenuto = if testa.to_ascii_lowercase().ends_with(";base64") {
            use base64::Engine;
            use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
            // With or without the final `=`, as browsers and the typesetter read them.
            const BASE64: GeneralPurpose = GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
            );
            let pulito: String = corpo.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            match BASE64.decode(pulito) {
                Ok(b) => b,
                // Not an image the typesetter could decode either.
                Err(_) => continue,
            }
        } else {
            percento_decodificato(corpo)
        };
        verifica_pixel(&contenuto)?;
        if String::from_utf8_lossy(contenuto.get(..contenuto.len().min(4096)).unwrap_or_default()).contains("<svg")
            || contenuto.starts_with(&[0x1f, 0x8b])
        {
            verifica_svg(&contenuto, profondita + 1)?;
        }
    }
    Ok(())
}

/// A `data:` address's content written with `%xx` escapes, as bytes.
fn percento_decodificato(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let esadecimale = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], esadecimale) {
            (b'%', Some(x)) => {
                out.push(x);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A raster image decodes whole: its bytes are a PNG, JPEG, GIF or WebP, and
/// not a damaged one.
pub fn verifica_decodifica(dati: &[u8]) -> Result<(), String> {
    let formato = image::guess_format(dati).map_err(|_| {
        "non è un'immagine PNG, JPEG, GIF o WebP: salvarla di nuovo in uno di questi formati".to_string()
    })?;
    image::load_from_memory_with_format(dati, formato)
        .map(|_| ())
        .map_err(|_| "l'immagine è danneggiata e non si legge: salvarla di nuovo dal programma di grafica".to_string())
}

/// The files of a folder and of its subfolders down to `profondita` levels
/// (`font/Lora.ttf` is one level down) that `tieni` keeps, each with its path
/// relative to the folder written with `/`; name order within a folder, the
/// first thousand entries of each folder, `massimo` files in all. Links are
/// listed too: opening one through [`leggi`] says whether it stays inside.
/// The one walk of a folder the program does not trust.
pub fn percorri(
    cartella: &Path,
    profondita: usize,
    massimo: usize,
    tieni: impl Fn(&Path) -> bool,
) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut da_vedere = vec![(cartella.to_path_buf(), String::new(), 0)];
    while let Some((dir, prefisso, livello)) = da_vedere.pop() {
        let Ok(voci) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut voci: Vec<std::fs::DirEntry> = voci.flatten().take(1000).collect();
        voci.sort_by_key(std::fs::DirEntry::file_name);
        for voce in voci {
            let p = voce.path();
            let nome = format!("{prefisso}{}", voce.file_name().to_string_lossy());
            match voce.file_type() {
                Ok(t) if t.is_dir() && livello < profondita => da_vedere.push((p, format!("{nome}/"), livello + 1)),
                Ok(t) if t.is_dir() => {}
                Ok(_) if out.len() < massimo && tieni(&p) => out.push((p, nome)),
                _ => {}
            }
        }
    }
    out
}

/// An image a text, the logo or a template may show: a raster image or an SVG.
pub fn e_immagine_o_svg(percorso: &Path) -> bool {
    e_immagine(percorso) || percorso.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// The images of a report folder (any the texts or the logo may show), at
/// most three folders deep and the first thousand: files a build must never
/// write over.
pub fn immagini(cartella: &Path) -> Vec<PathBuf> {
    percorri(cartella, 3, 1000, e_immagine_o_svg)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// The narrative texts of a folder, `testi/*.md` in file-name order, read through
/// [`dentro`]: (`testi/01-premessa.md`, text). No `testi/` folder, no text.
pub fn testi(cartella: &Path) -> Result<Vec<(String, String)>, Errore> {
    let dir = cartella.join("testi");
    if std::fs::symlink_metadata(&dir).is_err() {
        return Ok(Vec::new());
    }
    // The folder itself must be inside the report folder, not a link to another.
    let reale = dir.canonicalize().map_err(|source| Errore::Io {
        percorso: dir.clone(),
        source,
    })?;
    let base = cartella.canonicalize().map_err(|source| Errore::Io {
        percorso: cartella.to_path_buf(),
        source,
    })?;
    if !reale.starts_with(&base) || !reale.is_dir() {
        return Err(rifiuto(
            &dir,
            "la cartella dei testi dev'essere una cartella dentro la cartella della relazione, non un collegamento altrove",
        ));
    }
    let mut nomi: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|source| Errore::Io {
            percorso: dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    nomi.sort();
    nomi.into_iter()
        .map(|p| {
            let nome = format!(
                "testi/{}",
                p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            );
            let dati = leggi(cartella, &p, limiti::BYTE_TESTO)?;
            let testo = String::from_utf8(dati).map_err(|_| {
                rifiuto(
                    &p,
                    "non è un testo UTF-8: salvarlo come testo semplice con codifica UTF-8",
                )
            })?;
            // Notepad's "UTF-8 con BOM" starts the file with an invisible mark.
            let testo = match testo.strip_prefix('\u{feff}') {
                Some(senza) => senza.to_string(),
                None => testo,
            };
            Ok((nome, testo))
        })
        .collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let cartella = tmp.path().join("relazione");
        std::fs::create_dir_all(cartella.join("testi")).unwrap();
        std::fs::write(cartella.join("testi/01.md"), "# Uno").unwrap();
        std::fs::write(tmp.path().join("segreto.txt"), "password").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("segreto.txt"), cartella.join("testi/02.md")).unwrap();
        let e = testi(&cartella).unwrap_err().to_string();
        assert!(e.contains("testi/02.md") && e.contains("fuori dalla cartella"), "{e}");
        // A link that stays inside the folder is fine.
        std::fs::remove_file(cartella.join("testi/02.md")).unwrap();
        std::os::unix::fs::symlink(cartella.join("testi/01.md"), cartella.join("testi/02.md")).unwrap();
        assert_eq!(testi(&cartella).unwrap().len(), 2);
        // A directory is not a file.
        let e = leggi(&cartella, &cartella.join("testi"), 10).unwrap_err().to_string();
        assert!(e.contains("non è un file ordinario"), "{e}");
        // Too large.
        let e = leggi(&cartella, &cartella.join("testi/01.md"), 3)
            .unwrap_err()
            .to_string();
        assert!(e.contains("più grande del limite"), "{e}");
    }
}

/// Writes a file through a temporary one in the same folder and a rename, so a
/// reader never sees half a PDF and a failure never truncates the old one. The
/// temporary file is `.NOME.XXXXXX.tmp`: what a killed build left of it is
/// removed by the next one.
pub fn scrivi_atomico(percorso: &Path, dati: &[u8]) -> Result<(), Errore> {
    use std::io::Write;
    let io = |source| Errore::Io {
        percorso: percorso.to_path_buf(),
        source,
    };
    let dir = percorso
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let prefisso = format!(
        ".{}.",
        percorso.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    );
    for e in std::fs::read_dir(dir).map_err(io)?.flatten() {
        let nome = e.file_name().to_string_lossy().to_string();
        if nome.starts_with(&prefisso) && nome.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefisso)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(dati).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // A temporary file is private (0600); the report is a document to share.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    tmp.persist(percorso).map_err(|e| io(e.error))?;
    Ok(())
}

/// The SHA-256 of some bytes, in lowercase hexadecimal: how the dossier names
/// the very file a figure was computed from.
pub fn sha256(dati: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(dati).iter().map(|b| format!("{b:02x}")).collect()
}
