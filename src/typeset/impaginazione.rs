//! Laying the document out: Typst's own compilation loop, with a bound on what
//! it keeps in memory.
//!
//! Typst memoizes every piece of layout (a paragraph, a table cell, a page) so
//! that a second pass, or the next build under `watch`, reuses what did not
//! change. On a long plan that cache outgrows the document itself: the 10×
//! synthetic plan (641 pages) held about 800 MB at the end of its layout, of
//! which the document was under 300. A one-off build therefore thins the
//! cache whenever it has grown enough ([`Memoria::Risparmia`]), keeping what
//! the next pass will ask for again ([`sfoltisci`]). The document is the same,
//! byte for byte; only memory and time change (see the README's benchmark).
//! The 2022 report stays under the threshold and never pays for it.
//!
//! Thinning gives memory back only because the project uses a patched comemo
//! (`vendor/comemo/PATCH.md`, checked by `tests/memory.rs`), which also tells,
//! per memoized function, how many results it holds and how many calls it
//! answered ([`Passo::cache`]).

use super::{Mondo, memoria};
use crate::problem::Problema;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;
use typst::World;
use typst::comemo::{Constraint, Track};
use typst::diag::{SourceDiagnostic, SourceResult};
use typst::ecow::{EcoString, EcoVec, eco_vec};
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS};
use typst::syntax::Span;
use typst::utils::Protected;
use typst_layout::{PagedDocument, PagedIntrospector};

/// What the layout keeps of its memoized work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memoria {
    /// Everything, for the next build: `watch` lays the same document out again
    /// in a moment, and reuses every part that did not change.
    Conserva,
    /// What the layout is still using: a one-off build (`build`, the batch,
    /// `pubblica`, the prospetto). Once the memory in use passes `soglia`
    /// bytes, the cache is thinned ([`sfoltisci`]) each time the memory has
    /// grown by [`CRESCITA`] over what the last thinning left.
    Risparmia { soglia: usize },
}

impl Default for Memoria {
    /// [`Memoria::Risparmia`] past [`SOGLIA`].
    fn default() -> Self {
        Memoria::Risparmia { soglia: SOGLIA }
    }
}

/// How often a one-off layout looks at the memory in use.
const INTERVALLO: Duration = Duration::from_millis(20);
/// Below this nothing is thinned: the 2022 report (about 120 MB in use) never
/// gets there.
pub const SOGLIA: usize = 256 << 20;
/// How much the memory may grow over what the last thinning left before the
/// next. 4 MB rather than 16 (and 16 rather than 32 before): in paired runs
/// the peak is 19 MB lower on the 10× plan and 25–28 MB on the 50×, in the
/// same time (README, «Prestazioni»). The first pass of a long plan grows by
/// about that much between two looks ([`INTERVALLO`]), so it is thinned at
/// almost every look while it grows; a smaller step would change little.
pub const CRESCITA: usize = 4 << 20;

/// A laid-out document, its warnings, how many times the cache was thinned on
/// the way, and what each layout pass did.
pub struct Impaginato {
    pub documento: Result<PagedDocument, Vec<Problema>>,
    pub avvisi: Vec<Problema>,
    pub svuotamenti: usize,
    pub passi: Vec<Passo>,
}

/// One layout pass of the document: Typst lays it out again until what it
/// reads of itself (page numbers, the index) stops changing.
#[derive(Debug, Clone)]
pub struct Passo {
    pub durata: Duration,
    /// The memory in use at the end of the pass (zero without the program's
    /// counting allocator, [`memoria::Contatore`]).
    pub in_uso: usize,
    /// Each memoized function of Typst that worked in this pass: the results
    /// its cache holds at the end, the calls it answered from the cache and
    /// those it computed.
    pub cache: Vec<comemo::CacheCensus>,
}

/// What a thinning keeps of each memoized function of Typst, by its path
/// (`None`: all of it; `Some(1)`: what was used since the last thinning, which
/// keeps the reuse between neighbours, a table cell measured and then placed).
///
/// The breakable blocks (`layout_multi_impl`: the tables, the sections that
/// run over a page break) are all kept: they are what the second pass asks for
/// again, where only the parts that read the page numbers change. Measured on
/// the 10× plan (README): emptying everything made the second pass as long as
/// the first (7,6 s against 0,8 s) and the first twice as long, as it lost the
/// reuse between neighbours too; keeping these, the layout takes about what it
/// takes keeping all, with the peak of memory over 200 MB lower. The page runs
/// were kept too until 4 December: a run is the whole document or a chapter,
/// which the second pass lays out again as soon as one page number in it
/// moves, so its first layout is never asked for again; dropped by age, the
/// peak is about 10 MB lower on the 10× plan (5–19 MB in five pairs of runs)
/// and 52 MB on the 50× (one pair), in the same time, the same PDF. A Typst
/// that renames the tables' function would make the layout slower, never
/// different: `tests/memory.rs` checks that the second pass still finds them.
pub fn sfoltisci(funzione: &str) -> Option<usize> {
    const TENUTE: [&str; 1] = ["typst_layout::flow::collect::layout_multi_impl"];
    if TENUTE.iter().any(|tenuta| funzione.starts_with(tenuta)) {
        None
    } else {
        Some(1)
    }
}

/// Lays the document out: the Typst compilation proper, with its warnings. A
/// one-off layout leaves the cache empty for the export.
pub fn impagina(mondo: &Mondo, memoria: Memoria) -> Impaginato {
    let mut sink = Sink::new();
    let mut passi = Vec::new();
    // Counted from here: what earlier work left in the cache is not this layout's.
    comemo::census();
    let (esito, svuotamenti) = match memoria {
        Memoria::Conserva => (impagina_in(mondo, &mut sink, &mut passi), 0),
        Memoria::Risparmia { soglia } => {
            let esito = sorvegliando(soglia, || impagina_in(mondo, &mut sink, &mut passi));
            // Nothing of the layout's memoized work serves the export: emptied,
            // and its memory given back to the system.
            comemo::evict(0);
            memoria::rendi_la_memoria_libera();
            esito
        }
    };
    Impaginato {
        avvisi: sink.warnings().iter().map(|d| mondo.diagnostica(d)).collect(),
        documento: esito.map_err(|errori| deduplica(errori).iter().map(|d| mondo.diagnostica(d)).collect()),
        svuotamenti,
        passi,
    }
}

/// Runs `lavoro` while a second thread looks at the memory in use every
/// [`INTERVALLO`] and thins Typst's cache ([`sfoltisci`]) when it is past
/// `soglia` and has grown by [`CRESCITA`] since the last thinning. Driven by
/// memory rather than by the clock, a slow machine thins it no more often than
/// a fast one. The thread stops as soon as the work is done; the count of
/// thinnings comes back with the result.
fn sorvegliando<T>(soglia: usize, lavoro: impl FnOnce() -> T) -> (T, usize) {
    let (fine, attesa) = mpsc::channel::<()>();
    let svuotamenti = AtomicUsize::new(0);
    let contati = &svuotamenti;
    let esito = std::thread::scope(|ambito| {
        ambito.spawn(move || {
            let mut limite = soglia;
            while let Err(RecvTimeoutError::Timeout) = attesa.recv_timeout(INTERVALLO) {
                if memoria::in_uso() > limite {
                    comemo::evict_by(sfoltisci);
                    contati.fetch_add(1, Ordering::Relaxed);
                    limite = soglia.max(memoria::in_uso() + CRESCITA);
                }
            }
        });
        let esito = lavoro();
        drop(fine);
        esito
    });
    (esito, svuotamenti.into_inner())
}

/// Typst's own compilation loop (`typst::compile`): the document is laid out
/// again until what it reads of itself (page numbers, the running header)
/// stops changing. One difference, for memory: between two passes only the
/// index of the earlier layout is kept, not its pages.
fn impagina_in(mondo: &Mondo, sink: &mut Sink, passi: &mut Vec<Passo>) -> SourceResult<PagedDocument> {
    let world = (mondo as &dyn World).track();
    let library = world.library();
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = StyleChain::new(&library.styles);
    let styles = styles.chain(&target);
    let principale = world
        .source(world.main())
        .map_err(|e| eco_vec![SourceDiagnostic::error(Span::detached(), EcoString::from(e))])?;
    let traced = Traced::default();
    let contenuto = typst_eval::eval(
        world,
        library,
        traced.track(),
        sink.track_mut(),
        Route::default().track(),
        &principale,
    )?
    .content();
    drop(principale);
    mondo.dimentica_analisi();

    let vuoto = EmptyIntrospector;
    let mut indici: Vec<Arc<PagedIntrospector>> = Vec::new();
    let documento = loop {
        let precedente: &dyn Introspector = match indici.last() {
            Some(indice) => indice.as_ref(),
            None => &vuoto,
        };
        let vincoli = Constraint::new();
        let mut parziale = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(precedente.track_with(&vincoli)),
            traced: traced.track(),
            sink: parziale.track_mut(),
            route: Route::default(),
        };
        let inizio = std::time::Instant::now();
        let documento = PagedDocument::create(&mut engine, &contenuto, styles)?;
        passi.push(Passo {
            durata: inizio.elapsed(),
            in_uso: memoria::in_uso(),
            cache: comemo::census(),
        });
        if vincoli.validate(documento.introspector().as_ref() as &dyn Introspector) {
            sink.extend_from_sink(parziale);
            break documento;
        }
        if indici.len() == MAX_ITERS - 1 {
            // Still moving after the last pass: Typst's own analysis says why.
            let mut tutti = [&vuoto as &dyn Introspector; MAX_ITERS + 1];
            for (posto, indice) in tutti[1..MAX_ITERS].iter_mut().zip(&indici) {
                *posto = indice.as_ref();
            }
            tutti[MAX_ITERS] = documento.introspector().as_ref();
            let avvisi = typst::introspection::analyze(world, tutti, parziale.introspections());
            sink.extend_from_sink(parziale);
            for avviso in avvisi {
                sink.warn(avviso);
            }
            break documento;
        }
        indici.push(documento.introspector().clone());
        // This pass's pages are not needed any more: the next pass lays out
        // while they are freed.
        memoria::libera_in_disparte(documento);
    };
    memoria::libera_in_disparte((contenuto, indici));
    let rinviati = sink.delayed();
    if !rinviati.is_empty() {
        return Err(rinviati);
    }
    Ok(documento)
}

/// The same error at the same place is said once, as `typst::compile` does;
/// and of the syntax errors of a file (one unbalanced parenthesis in a
/// restyled template makes dozens, each a consequence of the first) only the
/// first is said, at its line.
fn deduplica(mut errori: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut visti = std::collections::HashSet::new();
    errori.retain(|d| visti.insert((d.span, d.message.clone())));
    // A syntax error stops the file where it is: what follows in it (and what
    // uses it) is noise. Only the first syntax error of each file is said.
    if errori.iter().any(|d| crate::typeset::di_sintassi(&d.message)) {
        let mut file_con_sintassi = std::collections::HashSet::new();
        errori.retain(|d| crate::typeset::di_sintassi(&d.message) && file_con_sintassi.insert(d.span.id()));
    }
    errori
}
