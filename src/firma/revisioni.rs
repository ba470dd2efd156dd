//! The revisions of a PDF as its cross-reference chain gives them. From the
//! `startxref` at the end of the file, each section is parsed — its table or
//! stream, its trailer — and must be followed by `startxref` naming it and by
//! `%%EOF`: that is where its revision ends. The chain goes back by `/Prev`.
//! Nothing here searches for `%%EOF`: a string in a trailer may hold one.

use super::lessico::{Lettore, Valore, spazio};
use crate::limiti;

/// One revision: the cross-reference section that closes it and where it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revisione {
    /// Where its cross-reference section starts (what its `startxref` names).
    pub sezione: usize,
    /// Just after its `%%EOF`.
    pub eof: usize,
    /// After the end of line that follows `%%EOF`: where the next revision starts.
    pub fine: usize,
    /// The entries of its cross-reference section.
    pub voci: u64,
    /// The object number of its cross-reference stream, when it has one instead of a table.
    pub flusso: Option<u32>,
    /// The trailer names a cross-reference stream besides its table (`/XRefStm`).
    pub ibrida: bool,
}

impl Revisione {
    /// Whether a signature whose covered bytes end at `fine` closes this
    /// revision (with or without the end of line after `%%EOF`).
    pub fn chiusa_a(&self, fine: usize) -> bool {
        fine == self.eof || fine == self.fine
    }
}

/// The revisions of `byte`, in the order of the file. Errors, in Italian, say
/// what is not as it should be and where.
pub fn leggi(byte: &[u8]) -> Result<Vec<Revisione>, String> {
    let fine_testo = byte.iter().rposition(|&b| !spazio(b)).map_or(0, |p| p + 1);
    if !byte[..fine_testo].ends_with(b"%%EOF") {
        return Err("il file non finisce con %%EOF: è stato troncato?".into());
    }
    let mut x = ultimo_startxref(byte, fine_testo - 5)?;
    let mut revisioni: Vec<Revisione> = vec![];
    let mut voci = 0u64;
    loop {
        if revisioni.len() >= limiti::REVISIONI_PDF {
            return Err(format!(
                "il file ha più di {} revisioni: troppe per un documento firmato",
                limiti::REVISIONI_PDF
            ));
        }
        let (r, prev) = sezione(byte, x)?;
        voci += r.voci;
        if voci > limiti::OGGETTI_PDF {
            return Err(format!(
                "le tabelle dei riferimenti elencano più di {} oggetti: troppi per una Relazione",
                limiti::OGGETTI_PDF
            ));
        }
        if let Some(dopo) = revisioni.last()
            && r.fine > dopo.sezione
        {
            return Err(format!(
                "la revisione che finisce al byte {} si sovrappone alla successiva (sezione al byte {})",
                r.fine, dopo.sezione
            ));
        }
        revisioni.push(r);
        match prev {
            None => break,
            Some(p) if p < x => x = p,
            Some(p) => {
                return Err(format!(
                    "il /Prev della sezione al byte {x} punta in avanti ({p}): la catena delle revisioni non è valida"
                ));
            }
        }
    }
    revisioni.reverse();
    let ultima = revisioni.last().map_or(0, |r| r.eof);
    if ultima != fine_testo {
        return Err(format!(
            "l'ultima sezione dei riferimenti finisce al byte {ultima}, non alla fine del file ({fine_testo})"
        ));
    }
    Ok(revisioni)
}

/// The offset the last `startxref` names: read backwards from the `%%EOF` at
/// `eof` over white space, the digits, white space, and the keyword.
fn ultimo_startxref(byte: &[u8], eof: usize) -> Result<usize, String> {
    let mut p = eof;
    while p > 0 && spazio(byte[p - 1]) {
        p -= 1;
    }
    let cifre_fine = p;
    while p > 0 && byte[p - 1].is_ascii_digit() {
        p -= 1;
    }
    let cifre = &byte[p..cifre_fine];
    while p > 0 && spazio(byte[p - 1]) {
        p -= 1;
    }
    if cifre.is_empty() || cifre.len() > 15 || p < 9 || &byte[p - 9..p] != b"startxref" {
        return Err("manca startxref prima dell'ultimo %%EOF".into());
    }
    let n: usize = std::str::from_utf8(cifre)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    if n >= byte.len() {
        return Err(format!("startxref punta al byte {n}, oltre la fine del file"));
    }
    Ok(n)
}

/// The section at `x`, what follows it, and its `/Prev`.
fn sezione(byte: &[u8], x: usize) -> Result<(Revisione, Option<usize>), String> {
    let mut l = Lettore::nuovo(byte, x);
    let (voci, flusso, trailer) = if l.parola(b"xref") {
        let voci = tabella(&mut l)?;
        l.spazi();
        if !l.parola(b"trailer") {
            return Err(format!("manca trailer dopo la tabella dei riferimenti al byte {x}"));
        }
        (voci, None, l.valore()?)
    } else {
        flusso_xref(&mut l)?
    };
    if !matches!(trailer, Valore::Dizionario(_)) {
        return Err(format!("il trailer della sezione al byte {x} non è un dizionario"));
    }
    if trailer.voce(b"Encrypt").is_some() {
        return Err("è cifrato: un PDF/A non può esserlo".into());
    }
    let prev = match trailer.voce(b"Prev") {
        None => None,
        Some(v) => Some(
            v.intero()
                .and_then(|p| usize::try_from(p).ok())
                .ok_or_else(|| format!("il /Prev della sezione al byte {x} non è un numero di byte"))?,
        ),
    };
    l.spazi();
    let nominato = l.parola(b"startxref").then(|| {
        l.spazi();
        l.naturale()
    });
    match nominato.flatten() {
        Some(n) if n == x as u64 => {}
        Some(n) => {
            return Err(format!(
                "la sezione al byte {x} è seguita da startxref {n}, che non la nomina"
            ));
        }
        None => return Err(format!("la sezione al byte {x} non è seguita da startxref")),
    }
    l.spazi();
    if !byte[l.pos..].starts_with(b"%%EOF") {
        return Err(format!("la sezione al byte {x} non è seguita da %%EOF"));
    }
    let eof = l.pos + 5;
    let fine = match &byte[eof..] {
        [b'\r', b'\n', ..] => eof + 2,
        [b'\r' | b'\n', ..] => eof + 1,
        _ => eof,
    };
    let r = Revisione {
        sezione: x,
        eof,
        fine,
        voci,
        flusso,
        ibrida: trailer.voce(b"XRefStm").is_some(),
    };
    Ok((r, prev))
}

/// A cross-reference table after its `xref`: its subsections, counted.
fn tabella(l: &mut Lettore) -> Result<u64, String> {
    let mut voci = 0u64;
    loop {
        l.spazi();
        if l.byte[l.pos..].starts_with(b"trailer") {
            return Ok(voci);
        }
        let inizio = l.pos;
        let primo = l.naturale();
        l.spazi();
        let quante = l.naturale();
        let (Some(_), Some(quante)) = (primo, quante) else {
            return Err(format!("tabella dei riferimenti non valida al byte {inizio}"));
        };
        voci += quante;
        if voci > limiti::OGGETTI_PDF {
            return Err(format!(
                "una tabella dei riferimenti elenca più di {} oggetti",
                limiti::OGGETTI_PDF
            ));
        }
        for _ in 0..quante {
            l.spazi();
            let voce = l.byte.get(l.pos..l.pos + 18);
            let valida = voce.is_some_and(|v| {
                v[..10].iter().all(u8::is_ascii_digit)
                    && v[10] == b' '
                    && v[11..16].iter().all(u8::is_ascii_digit)
                    && v[16] == b' '
                    && matches!(v[17], b'n' | b'f')
            });
            if !valida {
                return Err(format!(
                    "voce della tabella dei riferimenti non valida al byte {}",
                    l.pos
                ));
            }
            l.pos += 18;
        }
    }
}

/// A cross-reference stream: `n g obj`, its dictionary, its data (the length
/// given directly, as the standard wants), `endstream`, `endobj`.
fn flusso_xref(l: &mut Lettore) -> Result<(u64, Option<u32>, Valore), String> {
    let x = l.pos;
    let (numero, diz, fine_diz) = super::lessico::testa_oggetto(l.byte, x)
        .map_err(|_| format!("startxref punta al byte {x}, dove non c'è una sezione dei riferimenti"))?;
    let mut m = Lettore::nuovo(l.byte, fine_diz);
    if diz.voce(b"Type") != Some(&Valore::Nome(b"XRef".to_vec())) {
        return Err(format!(
            "l'oggetto al byte {x} non è una sezione dei riferimenti (/Type /XRef)"
        ));
    }
    let lunghezza = diz
        .voce(b"Length")
        .and_then(Valore::intero)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("la sezione dei riferimenti al byte {x} non dà la sua lunghezza (/Length)"))?;
    m.spazi();
    if !m.parola(b"stream") {
        return Err(format!("la sezione dei riferimenti al byte {x} non ha dati (stream)"));
    }
    match &m.byte[m.pos..] {
        [b'\r', b'\n', ..] => m.pos += 2,
        [b'\n', ..] => m.pos += 1,
        _ => return Err(format!("dopo stream manca il fine riga, al byte {}", m.pos)),
    }
    m.pos = m
        .pos
        .checked_add(lunghezza)
        .filter(|&p| p <= m.byte.len())
        .ok_or_else(|| format!("la sezione dei riferimenti al byte {x} dice di essere più lunga del file"))?;
    m.spazi();
    if !m.parola(b"endstream") {
        return Err(format!(
            "la sezione dei riferimenti al byte {x} non finisce dove dice /Length"
        ));
    }
    m.spazi();
    if !m.parola(b"endobj") {
        return Err(format!("manca endobj dopo la sezione dei riferimenti al byte {x}"));
    }
    // The entries: the counts of /Index, or /Size.
    let voci = match diz.voce(b"Index") {
        Some(Valore::Array(a)) => a
            .iter()
            .skip(1)
            .step_by(2)
            .filter_map(Valore::intero)
            .map(|n| n.max(0) as u64)
            .sum(),
        _ => diz
            .voce(b"Size")
            .and_then(Valore::intero)
            .map_or(0, |n| n.max(0) as u64),
    };
    l.pos = m.pos;
    Ok((voci, Some(numero), diz))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of one revision with a table, and an update after it.
    fn due_revisioni(nota: &str) -> Vec<u8> {
        let mut f = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n".to_vec();
        let x1 = f.len();
        f.extend_from_slice(
            format!("xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n{x1}\n%%EOF\n")
                .as_bytes(),
        );
        f.extend_from_slice(b"1 0 obj\n<</Type/Catalog>>\nendobj\n");
        let x2 = f.len();
        f.extend_from_slice(
            format!(
                "xref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size 2/Root 1 0 R/Prev {x1}{nota}>>\nstartxref\n{x2}\n%%EOF\n"
            )
            .as_bytes(),
        );
        f
    }

    #[test]
    fn each_revision_ends_after_its_own_eof() {
        let f = due_revisioni("");
        let r = leggi(&f).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].fine, f.len());
        assert!(f[..r[0].fine].ends_with(b"%%EOF\n"));
        assert_eq!(r[0].voci, 2);
    }

    #[test]
    fn a_fake_end_inside_a_trailer_string_is_text() {
        let f = due_revisioni("/Nota (startxref 9 %%EOF)");
        let r = leggi(&f).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].fine, f.len());
    }

    #[test]
    fn a_cross_reference_stream_ends_its_revision_too() {
        let mut f = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n".to_vec();
        let x = f.len();
        let dati = [0u8, 0, 0, 0x41, 1, 0, 9, 0, 1, 0, 0x2e, 0];
        f.extend_from_slice(b"2 0 obj\n<</Type/XRef/Size 3/W[1 2 1]/Root 1 0 R/Length 12>>\nstream\n");
        f.extend_from_slice(&dati);
        f.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{x}\n%%EOF\n").as_bytes());
        let r = leggi(&f).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].flusso, r[0].voci, r[0].fine), (Some(2), 3, f.len()));
        // A /Length that stops short of endstream (the data go on: 0x01 is no white space).
        let g = String::from_utf8_lossy(&f).replace("/Length 12", "/Length 8");
        assert!(leggi(g.as_bytes()).is_err());
    }

    #[test]
    fn broken_chains_are_errors() {
        let f = due_revisioni("");
        // Truncated, and a startxref that names another place.
        assert!(leggi(&f[..f.len() - 3]).is_err());
        let mut g = f.clone();
        let p = g.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
        g[p] = if g[p] == b'1' { b'2' } else { b'1' };
        assert!(leggi(&g).is_err());
        // Garbage after the last %%EOF.
        let mut h = f.clone();
        h.extend_from_slice(b"1 0 obj\n<<>>\nendobj\n");
        assert!(leggi(&h).is_err());
    }
}
