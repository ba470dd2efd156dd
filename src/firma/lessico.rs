//! The few PDF tokens the check of revisions reads itself: a trailer, the
//! dictionary of a cross-reference stream, the head of an object. Strings are
//! skipped as strings (a `startxref … %%EOF` inside one is text, not structure),
//! names are decoded (`/P#72ev` is `/Prev`), and a dictionary that names a key
//! twice is refused, since readers disagree on which of the two counts.

/// A value, with only what the check needs of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Valore {
    Intero(i64),
    Riferimento(u32, u16),
    Nome(Vec<u8>),
    Dizionario(Vec<(Vec<u8>, Valore)>),
    Array(Vec<Valore>),
    /// A real number, a string, a boolean or null.
    Altro,
}

impl Valore {
    /// The value of `chiave`, when this is a dictionary that has it.
    pub fn voce(&self, chiave: &[u8]) -> Option<&Valore> {
        match self {
            Valore::Dizionario(v) => v.iter().find(|(k, _)| k == chiave).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn intero(&self) -> Option<i64> {
        match self {
            Valore::Intero(n) => Some(*n),
            _ => None,
        }
    }
}

/// How deep arrays and dictionaries may nest (lopdf's bound is 100).
const PROFONDITA: usize = 64;
/// How many values one read may hold: a trailer has a dozen.
const VALORI: usize = 100_000;

/// Reads tokens from `byte`, from `pos`.
pub struct Lettore<'a> {
    pub byte: &'a [u8],
    pub pos: usize,
    valori: usize,
}

pub fn spazio(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn delimitatore(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn regolare(b: u8) -> bool {
    !spazio(b) && !delimitatore(b)
}

impl<'a> Lettore<'a> {
    pub fn nuovo(byte: &'a [u8], pos: usize) -> Self {
        Lettore { byte, pos, valori: 0 }
    }

    fn qui(&self) -> Option<u8> {
        self.byte.get(self.pos).copied()
    }

    /// Skips white space (not comments: where this is called, `%%EOF` is one).
    pub fn spazi(&mut self) {
        while self.qui().is_some_and(spazio) {
            self.pos += 1;
        }
    }

    /// Skips white space and comments, as between the tokens of an object.
    fn spazi_e_commenti(&mut self) {
        loop {
            self.spazi();
            if self.qui() != Some(b'%') {
                return;
            }
            while self.qui().is_some_and(|b| b != b'\n' && b != b'\r') {
                self.pos += 1;
            }
        }
    }

    /// Whether the keyword `parola` is here, as a whole token; if so, past it.
    pub fn parola(&mut self, parola: &[u8]) -> bool {
        let fine = self.pos + parola.len();
        if self.byte.get(self.pos..fine) == Some(parola) && self.byte.get(fine).is_none_or(|&b| !regolare(b)) {
            self.pos = fine;
            return true;
        }
        false
    }

    /// A non-negative integer without sign, as in `startxref` and object headers.
    pub fn naturale(&mut self) -> Option<u64> {
        let inizio = self.pos;
        let mut n: u64 = 0;
        while let Some(b) = self.qui().filter(u8::is_ascii_digit) {
            n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
            self.pos += 1;
        }
        (self.pos > inizio && self.qui().is_none_or(|b| !regolare(b))).then_some(n)
    }

    /// One value. Errors say what was found where.
    pub fn valore(&mut self) -> Result<Valore, String> {
        self.valore_a(0)
    }

    fn errore(&self, cosa: &str) -> String {
        format!("{cosa} al byte {}", self.pos)
    }

    fn valore_a(&mut self, profondita: usize) -> Result<Valore, String> {
        if profondita > PROFONDITA {
            return Err(self.errore("strutture annidate troppo in profondità"));
        }
        self.valori += 1;
        if self.valori > VALORI {
            return Err(self.errore("troppi valori in un oggetto"));
        }
        self.spazi_e_commenti();
        match self.qui() {
            None => Err(self.errore("il file finisce dentro un oggetto")),
            Some(b'<') if self.byte.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dizionario(profondita)
            }
            Some(b'<') => {
                self.pos += 1;
                while let Some(b) = self.qui() {
                    self.pos += 1;
                    if b == b'>' {
                        return Ok(Valore::Altro);
                    }
                    if !b.is_ascii_hexdigit() && !spazio(b) {
                        return Err(self.errore("stringa esadecimale non valida"));
                    }
                }
                Err(self.errore("stringa esadecimale non chiusa"))
            }
            Some(b'(') => self.stringa(),
            Some(b'[') => {
                self.pos += 1;
                let mut v = vec![];
                loop {
                    self.spazi_e_commenti();
                    if self.qui() == Some(b']') {
                        self.pos += 1;
                        return Ok(Valore::Array(v));
                    }
                    v.push(self.valore_a(profondita + 1)?);
                }
            }
            Some(b'/') => {
                self.pos += 1;
                Ok(Valore::Nome(self.nome()?))
            }
            Some(b) if b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.') => self.numero(),
            Some(_) => {
                for parola in [b"true".as_slice(), b"false", b"null"] {
                    if self.parola(parola) {
                        return Ok(Valore::Altro);
                    }
                }
                Err(self.errore("valore non riconosciuto"))
            }
        }
    }

    fn dizionario(&mut self, profondita: usize) -> Result<Valore, String> {
        let mut voci: Vec<(Vec<u8>, Valore)> = vec![];
        loop {
            self.spazi_e_commenti();
            match self.qui() {
                Some(b'>') if self.byte.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(Valore::Dizionario(voci));
                }
                Some(b'/') => {
                    self.pos += 1;
                    let chiave = self.nome()?;
                    if voci.iter().any(|(k, _)| *k == chiave) {
                        return Err(self.errore(&format!(
                            "la chiave /{} compare due volte nello stesso dizionario",
                            String::from_utf8_lossy(&chiave)
                        )));
                    }
                    let v = self.valore_a(profondita + 1)?;
                    voci.push((chiave, v));
                }
                _ => return Err(self.errore("dizionario non valido")),
            }
        }
    }

    /// A name after its `/`, with `#xx` decoded.
    fn nome(&mut self) -> Result<Vec<u8>, String> {
        let mut n = vec![];
        while let Some(b) = self.qui().filter(|&b| regolare(b)) {
            if b == b'#' {
                let h = self
                    .byte
                    .get(self.pos + 1..self.pos + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| self.errore("nome con # non seguito da due cifre esadecimali"))?;
                n.push(h);
                self.pos += 3;
            } else {
                n.push(b);
                self.pos += 1;
            }
        }
        Ok(n)
    }

    fn stringa(&mut self) -> Result<Valore, String> {
        self.pos += 1;
        let mut aperte = 1usize;
        while let Some(b) = self.qui() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'(' => aperte += 1,
                b')' => {
                    aperte -= 1;
                    if aperte == 0 {
                        return Ok(Valore::Altro);
                    }
                }
                _ => {}
            }
        }
        Err(self.errore("stringa non chiusa"))
    }

    /// A number, or a reference `n g R`.
    fn numero(&mut self) -> Result<Valore, String> {
        let inizio = self.pos;
        while self.qui().is_some_and(regolare) {
            self.pos += 1;
        }
        let testo = std::str::from_utf8(&self.byte[inizio..self.pos]).unwrap_or("");
        let Ok(n) = testo.parse::<i64>() else {
            return match testo.parse::<f64>() {
                Ok(_) => Ok(Valore::Altro),
                Err(_) => Err(self.errore("numero non valido")),
            };
        };
        // `n g R`: two unsigned integers and R.
        let dopo = self.pos;
        if testo.bytes().all(|b| b.is_ascii_digit()) {
            self.spazi_e_commenti();
            if let Some(g) = self.naturale() {
                self.spazi_e_commenti();
                if self.parola(b"R")
                    && let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g))
                {
                    return Ok(Valore::Riferimento(n, g));
                }
            }
        }
        self.pos = dopo;
        Ok(Valore::Intero(n))
    }
}

/// The head of the indirect object at `pos` (`n g obj` and its value, up to
/// `stream` when it is one), read to find keys named twice: the object's
/// number, its value, and where the value ends.
pub fn testa_oggetto(byte: &[u8], pos: usize) -> Result<(u32, Valore, usize), String> {
    let mut l = Lettore::nuovo(byte, pos);
    let n = l.naturale().and_then(|n| u32::try_from(n).ok());
    l.spazi_e_commenti();
    let g = l.naturale();
    l.spazi_e_commenti();
    let (Some(n), Some(_), true) = (n, g, l.parola(b"obj")) else {
        return Err(format!("al byte {pos} non comincia un oggetto"));
    };
    let v = l.valore()?;
    Ok((n, v, l.pos))
}

/// The objects of an object stream's data (`/First` bytes of numbers, then
/// the objects one after the other), read to find keys named twice.
pub fn oggetti_in_flusso(dati: &[u8], primo: usize) -> Result<(), String> {
    let mut l = Lettore::nuovo(dati, primo.min(dati.len()));
    loop {
        l.spazi_e_commenti();
        if l.pos >= dati.len() {
            return Ok(());
        }
        l.valore()?;
    }
}

/// Where the value of `chiave` is in the dictionary of the indirect object at
/// `pos`: from its first byte to just after its last. `None` when the object
/// is not a dictionary that has the key.
pub fn posizione_valore(byte: &[u8], pos: usize, chiave: &[u8]) -> Option<(usize, usize)> {
    let mut l = Lettore::nuovo(byte, pos);
    l.naturale()?;
    l.spazi_e_commenti();
    l.naturale()?;
    l.spazi_e_commenti();
    if !l.parola(b"obj") {
        return None;
    }
    l.spazi_e_commenti();
    if byte.get(l.pos..l.pos + 2) != Some(b"<<") {
        return None;
    }
    l.pos += 2;
    loop {
        l.spazi_e_commenti();
        if l.qui() != Some(b'/') {
            return None;
        }
        l.pos += 1;
        let k = l.nome().ok()?;
        l.spazi_e_commenti();
        let inizio = l.pos;
        l.valore().ok()?;
        if k == chiave {
            return Some((inizio, l.pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leggi(s: &str) -> Result<Valore, String> {
        Lettore::nuovo(s.as_bytes(), 0).valore()
    }

    #[test]
    fn a_trailer_with_a_fake_end_inside_a_string() {
        let v = leggi("<</Size 9/Root 1 0 R/Prev 123/Note (startxref 5 %%EOF \\) ( ) )>>").unwrap();
        assert_eq!(v.voce(b"Prev"), Some(&Valore::Intero(123)));
        assert_eq!(v.voce(b"Root"), Some(&Valore::Riferimento(1, 0)));
    }

    #[test]
    fn names_are_decoded_and_keys_named_twice_refused() {
        let v = leggi("<</P#72ev 7>>").unwrap();
        assert_eq!(v.voce(b"Prev"), Some(&Valore::Intero(7)));
        let e = leggi("<</Prev 7 /P#72ev 8>>").unwrap_err();
        assert!(e.contains("/Prev compare due volte"), "{e}");
    }

    #[test]
    fn where_a_value_is() {
        let f = b"7 0 obj\n<</Type/Sig/Contents <0a0b>/M(x)>>\nendobj";
        let (a, b) = posizione_valore(f, 0, b"Contents").unwrap();
        assert_eq!(&f[a..b], b"<0a0b>");
        assert_eq!(posizione_valore(f, 0, b"ByteRange"), None);
    }

    #[test]
    fn nesting_and_unclosed_values_are_errors_not_crashes() {
        assert!(leggi(&"[".repeat(10_000)).is_err());
        assert!(leggi("(aperta").is_err());
        assert!(leggi("<</A [1 2").is_err());
        assert!(leggi("<ABZ>").is_err());
        assert_eq!(leggi("[1 2 R 3 -4 5.5]").unwrap(), {
            Valore::Array(vec![
                Valore::Riferimento(1, 2),
                Valore::Intero(3),
                Valore::Intero(-4),
                Valore::Altro,
            ])
        });
    }
}
