//! What a narrative text may ask of the template engine. A text cites the
//! data and places the generated parts (`docs/modelli.md`); it computes
//! nothing. So that a text from another office cannot fill the memory (a string
//! repeated or doubled a few dozen times is gigabytes, and the engine's fuel
//! counts instructions, not bytes), a text may not use the operators that build
//! text (`*`, `~`, `+`) nor the tags that keep values (`set`, `with`, `macro`,
//! `call`); the builtins that grow a text are not given to the texts.

use crate::Errore;

/// The tags a text may not use: they keep values from one statement to another.
const TAG_VIETATI: [&str; 4] = ["set", "with", "macro", "call"];
/// The operators a text may not use: they build text.
const OPERATORI_VIETATI: [char; 3] = ['*', '~', '+'];
/// The builtin filters and globals the texts do without: they can grow a text
/// without bound (`replace`, `indent`, `join`, `format`…) or keep values
/// (`namespace`). Loops stay: the fuel bounds their steps, and a text's
/// output is bounded ([`crate::limiti::BYTE_TESTI_RESI`]).
pub(super) const FILTRI_TOLTI: [&str; 7] = ["replace", "indent", "join", "format", "batch", "slice", "pprint"];
pub(super) const GLOBALI_TOLTI: [&str; 2] = ["namespace", "debug"];

/// Refuses the first forbidden operator or tag of a text, at its line.
pub(super) fn recinta(nome: &str, sorgente: &str) -> Result<(), Errore> {
    let b = sorgente.as_bytes();
    let mut i = 0;
    while let Some(inizio) = sorgente[i..].find('{').map(|k| i + k) {
        let apertura = b.get(inizio + 1).copied();
        let chiusura = match apertura {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                i = sorgente[inizio..].find("#}").map_or(b.len(), |k| inizio + k + 2);
                continue;
            }
            _ => {
                i = inizio + 1;
                continue;
            }
        };
        let (fine, vietato) = esamina(sorgente, inizio + 2, chiusura, apertura == Some(b'%'));
        if let Some(cosa) = vietato {
            let riga = sorgente[..inizio].matches('\n').count() + 1;
            return Err(Errore::modello(
                nome.to_string(),
                Some(riga),
                format!(
                    "{cosa} non si usa nei testi: un testo cita i dati e colloca le parti generate (vedi \
                     docs/modelli.md); i calcoli si fanno nella cartella di lavoro"
                ),
            ));
        }
        // `{% raw %}` … `{% endraw %}` is text, not expressions.
        i = if sorgente[inizio..fine]
            .trim_start_matches("{%")
            .trim_start_matches('-')
            .trim()
            .starts_with("raw")
        {
            sorgente[fine..].find("endraw").map_or(b.len(), |k| fine + k)
        } else {
            fine
        };
    }
    Ok(())
}

/// Reads an expression or a tag from `da` to its `chiusura`, strings aside:
/// where it ends, and the first forbidden thing in it.
fn esamina(s: &str, da: usize, chiusura: &str, tag: bool) -> (usize, Option<String>) {
    let mut vietato = None;
    let mut primo_nome = true;
    let mut virgolette: Option<char> = None;
    let mut nome = String::new();
    let mut iter = s[da..].char_indices().peekable();
    while let Some((k, c)) = iter.next() {
        let qui = da + k;
        if let Some(q) = virgolette {
            if c == '\\' {
                iter.next();
            } else if c == q {
                virgolette = None;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            nome.push(c);
            continue;
        }
        if !nome.is_empty() {
            if tag && primo_nome && TAG_VIETATI.contains(&nome.as_str()) && vietato.is_none() {
                vietato = Some(format!("«{{% {nome} %}}»"));
            }
            primo_nome = false;
            nome.clear();
        }
        if s[qui..].starts_with(chiusura) {
            return (qui + chiusura.len(), vietato);
        }
        match c {
            '"' | '\'' => virgolette = Some(c),
            c if OPERATORI_VIETATI.contains(&c) && vietato.is_none() => {
                vietato = Some(format!("l'operatore «{c}»"));
            }
            _ => {}
        }
    }
    (s.len(), vietato)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vietato(s: &str) -> Option<String> {
        recinta("testi/t.md", s).err().map(|e| e.to_string())
    }

    #[test]
    fn a_text_cites_and_places_but_builds_no_text() {
        for lecito in [
            "{{ dati.abitanti | numero(0) }} e {{ grafico(\"a*b\") }}",
            "{% if ente.risultato > 90 %}bene{% endif %} {# commento con * #}",
            "{% for o in strategici %}{{ o.codice }}{% endfor %} 3 * 4 fuori dalle graffe",
            "{% raw %}{{ 1 * 2 }}{% endraw %}",
            "{{ dati.a - dati.b }}",
        ] {
            assert_eq!(vietato(lecito), None, "{lecito}");
        }
        let e = vietato("Riga\n{{ \"x\" * 100000000 }}").unwrap();
        assert!(
            e.contains("riga 2") && e.contains("l'operatore «*» non si usa nei testi"),
            "{e}"
        );
        assert!(vietato("{{ dati.a ~ dati.a }}").unwrap().contains("«~»"));
        assert!(vietato("{{ dati.a + dati.a }}").unwrap().contains("«+»"));
        assert!(vietato("{% set s = 'x' %}").unwrap().contains("«{% set %}»"));
        assert!(
            vietato("{%- with a = 1 %}{% endwith %}")
                .unwrap()
                .contains("«{% with %}»")
        );
    }
}
