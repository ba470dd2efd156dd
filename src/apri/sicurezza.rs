//! The guards of the workspace: who may talk to it. It listens on the loopback
//! address only; every request must name it by a loopback name (`Host`: a DNS
//! rebinding attack names another), carry the random key of its address (so
//! that another user of the machine, or a web page, cannot drive it), and come
//! from its own page (no cross-origin access: no CORS header is ever sent, and
//! a form posted from elsewhere is refused by its `Origin`).

use tiny_http::{Method, Request};

/// A request refused, with the reason the answer gives.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Rifiuto(pub &'static str);

/// The random key of the address: 128 bits from the system's generator, in hex.
pub(super) fn nuova_chiave() -> std::io::Result<String> {
    let mut byte = [0u8; 16];
    getrandom::fill(&mut byte).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(byte.iter().map(|b| format!("{b:02x}")).collect())
}

/// The request's header `nome`, when it has exactly one.
fn intestazione<'a>(req: &'a Request, nome: &'static str) -> Option<&'a str> {
    let mut valori = req.headers().iter().filter(|h| h.field.equiv(nome));
    let primo = valori.next()?;
    valori.next().is_none().then(|| primo.value.as_str())
}

/// The names of this server that a browser on this machine uses.
fn host_ammessi(porta: u16) -> [String; 2] {
    [format!("127.0.0.1:{porta}"), format!("localhost:{porta}")]
}

/// Equal without telling, by the time it takes, how much of the key was right.
fn uguali(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The path of an admitted request after its key (`/stato?x` for
/// `/KEY/stato?x`; `""` for `/KEY`), or why it is refused.
pub(super) fn ammessa<'a>(req: &'a Request, porta: u16, chiave: &str) -> Result<&'a str, Rifiuto> {
    let host = intestazione(req, "Host").ok_or(Rifiuto("manca il nome del server (Host)"))?;
    if !host_ammessi(porta).iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Err(Rifiuto(
            "indirizzo non ammesso: questa pagina risponde solo a 127.0.0.1 e localhost",
        ));
    }
    let url = req.url();
    let dopo = url.strip_prefix('/').ok_or(Rifiuto("manca la chiave dell'indirizzo"))?;
    let fine = dopo.find(['/', '?']).unwrap_or(dopo.len());
    if !uguali(&dopo.as_bytes()[..fine], chiave.as_bytes()) {
        return Err(Rifiuto(
            "manca la chiave dell'indirizzo, o non è questa: aprire l'indirizzo che relazione apri ha scritto",
        ));
    }
    let resto = &dopo[fine..];
    let pagina = matches!(resto, "" | "/");
    // A browser says where a request comes from. From another site, only
    // opening the page itself is admitted (a link, or the start file of
    // `registro`); its data, its files and its actions are not.
    if let Some(sito) = intestazione(req, "Sec-Fetch-Site")
        && !matches!(sito, "same-origin" | "none")
        && !(pagina && *req.method() == Method::Get)
    {
        return Err(Rifiuto("richiesta da un altro sito"));
    }
    if *req.method() != Method::Get && *req.method() != Method::Head {
        let origine = intestazione(req, "Origin").ok_or(Rifiuto("manca l'origine della richiesta (Origin)"))?;
        if !host_ammessi(porta)
            .iter()
            .any(|h| origine.eq_ignore_ascii_case(&format!("http://{h}")))
        {
            return Err(Rifiuto("richiesta da un altro sito"));
        }
    }
    Ok(resto)
}

/// The headers of every answer: nothing kept in a cache, nothing guessed of a
/// type, no address passed on to a site the page links to (`same-origin`,
/// not `no-referrer`: with that a browser posts a form with `Origin: null`,
/// which the guard refuses), shown in a frame
/// of this page only.
pub(super) const INTESTAZIONI: [(&str, &str); 5] = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

/// The policy of the workspace's own page: its script and style, its frames.
pub(super) const POLITICA_PAGINA: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// The policy of what the page shows in its frame (the web edition, the PDF):
/// their own policy applies, and they may be framed by this page only.
pub(super) const POLITICA_DOCUMENTO: &str = "frame-ancestors 'self'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_compared_whole() {
        let (a, b) = (nuova_chiave().unwrap(), nuova_chiave().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(uguali(a.as_bytes(), a.as_bytes()));
        assert!(!uguali(a.as_bytes(), &a.as_bytes()[..31]));
        assert!(!uguali(a.as_bytes(), b.as_bytes()));
    }
}
