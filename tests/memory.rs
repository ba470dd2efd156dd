//! The tests that measure the memory of their process, in a program of their
//! own and one at a time, so that the allocator's count is each test's: what
//! the layout of a long plan relies on to bound its memory (here), and the
//! bounds of `verifica` on hostile files (`verifica_limiti`).

/// The program's counting allocator, to read the memory in use.
#[global_allocator]
static ALLOCATORE: relazione::typeset::memoria::Contatore = relazione::typeset::memoria::Contatore;

mod common;
mod verifica_limiti;

use relazione::typeset::memoria::in_uso;
use std::sync::{Mutex, MutexGuard};

/// One measure at a time: the guard of the process's memory. Every test of
/// this program holds it from its first line to its last, and it is given
/// once the documents that earlier builds let go on threads of their own are
/// freed, so that nothing another test allocates or frees moves the count a
/// test reads.
fn una_misura_alla_volta() -> MutexGuard<'static, ()> {
    static UNA: Mutex<()> = Mutex::new(());
    let guardia = UNA.lock().unwrap_or_else(|e| e.into_inner());
    relazione::typeset::memoria::attendi_le_liberazioni();
    guardia
}

/// A memoized function, as Typst's layout functions are.
#[comemo::memoize]
fn riga(n: u64) -> Vec<u64> {
    vec![n; 4]
}

/// Emptying Typst's cache (`comemo::evict(0)`) gives the memory back, instead
/// of keeping it for entries that will not come (vendor/comemo/PATCH.md).
#[test]
fn emptying_the_cache_gives_its_memory_back() {
    let _una = una_misura_alla_volta();
    const CHIAMATE: u64 = 100_000;
    let prima = in_uso();
    let somma: u64 = (0..CHIAMATE).map(|n| riga(n)[0]).sum();
    assert_eq!(somma, CHIAMATE * (CHIAMATE - 1) / 2);
    let pieno = in_uso();
    // Each entry holds at least its 32 bytes of result: more than 3 MB in all.
    let tenuto = pieno.saturating_sub(prima);
    assert!(tenuto > 3_200_000, "the cache holds {tenuto} bytes");

    comemo::evict(0);
    let dopo = in_uso();
    // Upstream comemo 0.5.1 keeps the tables' capacity, several megabytes
    // here; what may stay is a few small allocations of the cache's own.
    assert!(
        dopo.saturating_sub(prima) < 64 * 1024,
        "after emptying the cache {} bytes are still in use (full, it held {})",
        dopo.saturating_sub(prima),
        tenuto
    );
}

/// What a one-off layout keeps when it thins Typst's cache serves the next
/// pass: in the last pass of the 2022 report, thinned from the start (threshold
/// zero), most breakable blocks — the tables, laid out in the first pass — are
/// found in the cache rather than laid out again. Here, where no other layout
/// runs beside and empties the cache, the counts are this layout's. If a newer
/// Typst renamed the function that lays those blocks out, the thinning would
/// drop them and this fails (the document would stay the same, only slower).
#[test]
fn the_second_pass_finds_the_tables_the_first_laid_out() {
    use relazione::render::{self, Modelli};
    use relazione::typeset::{self, Memoria};
    let _una = una_misura_alla_volta();
    let r = relazione::carica(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let sorgenti = render::genera(&r, &Modelli::default()).unwrap();
    let composto = typeset::componi(
        &sorgenti,
        &r.cartella(),
        &Modelli::default(),
        &relazione::build::identita(&r),
        Memoria::Risparmia { soglia: 0 },
    )
    .unwrap();
    assert!(composto.svuotamenti > 0, "the cache was never thinned");
    // The index and the page numbers take a second pass.
    assert!(composto.passi.len() >= 2, "{} pass(es)", composto.passi.len());
    let ultimo = composto.passi.last().unwrap();
    let blocchi = ultimo
        .cache
        .iter()
        .find(|c| c.name == "typst_layout::flow::collect::layout_multi_impl")
        .unwrap_or_else(|| panic!("no breakable block laid out: {:?}", ultimo.cache));
    assert!(
        blocchi.hits > blocchi.misses,
        "the last pass laid out most tables again: {blocchi:?}"
    );
    assert_eq!(typeset::sfoltisci(blocchi.name), None);
    // What only serves neighbours is thinned by age.
    assert_eq!(typeset::sfoltisci("typst_layout::inline::layout_par_impl"), Some(1));
}
