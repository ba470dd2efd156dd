//! Markdown → Typst: whatever the text, the generated markup parses without a
//! syntax error (the text stays inside string literals), and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relazione::render::escape::literale;
use relazione::render::markdown::in_typst;

fuzz_target!(|s: &str| {
    let typst = in_typst(s, &|x| Ok(format!("#grafico({})", literale(x)))).expect("placeholders are accepted");
    let albero = typst_syntax::parse(&typst);
    let (errori, _) = albero.errors_and_warnings();
    assert!(
        errori.is_empty(),
        "generated Typst does not parse for {s:?}:\n{typst}\n{errori:?}"
    );
});
