//! Where a running workspace leaves its address, so that a second start on the
//! same folder opens the first instead of another: a file in the user's own
//! folder of the system (`$XDG_RUNTIME_DIR`, or the user's cache), readable by
//! the user alone and never in the report folder. Beside it, the start page
//! the browser is given: the address with its key goes to the browser through
//! a file only the user can read, not through the command line of the
//! browser's process, which every user of the machine can list.

use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The user's private folder for the program's files of the moment.
fn cartella_privata() -> Option<PathBuf> {
    let dir = dirs::runtime_dir().or_else(dirs::cache_dir)?.join("relazione");
    std::fs::create_dir_all(&dir).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).ok()?;
    }
    Some(dir)
}

/// The files of the workspace of `radice` (its canonical path, hashed), with
/// this extension: its address (`txt`), its start page (`html`).
fn file_di(radice: &Path, estensione: &str) -> Option<PathBuf> {
    let impronta = Sha256::digest(radice.to_string_lossy().as_bytes());
    let nome: String = impronta[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some(cartella_privata()?.join(format!("apri-{nome}.{estensione}")))
}

/// Writes `contenuto` readable and writable by the user alone.
fn scrivi_privato(file: &Path, contenuto: &str) -> std::io::Result<()> {
    let _ = std::fs::remove_file(file);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(file)?.write_all(contenuto.as_bytes())
}

/// The address of the workspace already open on `radice`, when one answers.
pub(super) fn aperto(radice: &Path) -> Option<String> {
    let indirizzo = std::fs::read_to_string(file_di(radice, "txt")?).ok()?;
    let indirizzo = indirizzo.trim();
    risponde(indirizzo).then(|| indirizzo.to_string())
}

/// Whether a workspace answers at `indirizzo` (`http://127.0.0.1:PORT/KEY/`).
fn risponde(indirizzo: &str) -> bool {
    let Some(resto) = indirizzo.strip_prefix("http://127.0.0.1:") else {
        return false;
    };
    let Some((porta, chiave)) = resto.split_once('/') else {
        return false;
    };
    let Ok(porta) = porta.parse::<u16>() else {
        return false;
    };
    let Ok(mut s) = TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], porta)), Duration::from_millis(500))
    else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let richiesta = format!("GET /{chiave}vivo HTTP/1.1\r\nHost: 127.0.0.1:{porta}\r\nConnection: close\r\n\r\n");
    let mut risposta = String::new();
    s.write_all(richiesta.as_bytes()).is_ok()
        && s.take(4096).read_to_string(&mut risposta).is_ok()
        && risposta.starts_with("HTTP/1.1 200")
        && risposta.ends_with(super::VIVO)
}

/// The address file of a running workspace: removed when it ends.
pub(super) struct Registro {
    file: Option<PathBuf>,
    indirizzo: String,
}

impl Registro {
    /// Records `indirizzo` as the workspace of `radice`. Without a private
    /// folder nothing is recorded: a second start then opens another workspace.
    pub(super) fn scrivi(radice: &Path, indirizzo: &str) -> Registro {
        let file = file_di(radice, "txt").filter(|f| scrivi_privato(f, indirizzo).is_ok());
        Registro {
            file,
            indirizzo: indirizzo.to_string(),
        }
    }
}

impl Drop for Registro {
    fn drop(&mut self) {
        // Removed only while it is still this workspace's.
        if let Some(f) = &self.file
            && std::fs::read_to_string(f).is_ok_and(|s| s.trim() == self.indirizzo)
        {
            let _ = std::fs::remove_file(f);
            let _ = std::fs::remove_file(f.with_extension("html"));
        }
    }
}

/// A start page for the browser, in the private folder, that takes it to
/// `indirizzo`; `None` where there is no private folder.
pub(super) fn pagina_di_avvio(radice: &Path, indirizzo: &str) -> Option<PathBuf> {
    let file = file_di(radice, "html")?;
    let html = format!(
        "<!doctype html><html lang=\"it\"><meta charset=\"utf-8\"><title>relazione</title>\
         <meta http-equiv=\"refresh\" content=\"0; url={indirizzo}\">\
         <p><a href=\"{indirizzo}\">Apri la relazione</a></p></html>\n"
    );
    scrivi_privato(&file, &html).ok()?;
    Some(file)
}
