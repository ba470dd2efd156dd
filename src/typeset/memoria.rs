//! How much memory the program has in use, counted by its allocator.
//!
//! The `relazione` program installs [`Contatore`] as its global allocator: it
//! is the system's, and it adds up the bytes handed out and given back. The
//! layout reads the total ([`in_uso`]) to decide when Typst's cache has grown
//! enough to be thinned (see [`super::impaginazione`]). A program built on the
//! library without it reads zero, and its layout keeps the whole cache.
//!
//! What the program frees goes back to the system only if the allocator lets
//! it go: [`rendi_la_memoria_libera`] asks glibc's to give back what it holds
//! free, once the layout is done; [`rendi_i_blocchi_grandi`], under `watch`,
//! to give back each large block as soon as it is freed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

static IN_USO: AtomicIsize = AtomicIsize::new(0);
static PICCO: AtomicIsize = AtomicIsize::new(0);

/// A thread adds what it allocates and frees to the shared total in lots of
/// this size, not at every call: Typst allocates and frees millions of small
/// values, and two threads updating one counter each time made them wait on
/// each other. The total is off by less than a lot per thread (a few hundred
/// kilobytes), where the layout's decisions are in megabytes; a block of a lot
/// or more is counted at once, exactly.
const LOTTO: isize = 64 * 1024;

thread_local! {
    /// What this thread allocated (or freed, if negative) and has not yet
    /// added to the total. No destructor and a constant start: reading it
    /// never allocates, as an allocator must not.
    static RESTO: Cell<isize> = const { Cell::new(0) };
}

/// The bytes the program has in use now (zero if [`Contatore`] is not the
/// global allocator).
pub fn in_uso() -> usize {
    IN_USO.load(Ordering::Relaxed).max(0) as usize
}

/// The most bytes in use at once since [`azzera_picco`] (or the start).
pub fn picco() -> usize {
    PICCO.load(Ordering::Relaxed).max(0) as usize
}

/// Starts counting the peak again from the bytes in use now.
pub fn azzera_picco() {
    PICCO.store(IN_USO.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// `byte` more in use (fewer, if negative).
fn varia(byte: isize) {
    let da_contare = if byte.abs() >= LOTTO {
        byte
    } else {
        // A thread being torn down has no `RESTO` any more: its change goes
        // straight to the total.
        RESTO
            .try_with(|resto| {
                let ora = resto.get() + byte;
                if ora.abs() >= LOTTO {
                    resto.set(0);
                    ora
                } else {
                    resto.set(ora);
                    0
                }
            })
            .unwrap_or(byte)
    };
    if da_contare != 0 {
        let ora = IN_USO.fetch_add(da_contare, Ordering::Relaxed) + da_contare;
        if da_contare > 0 {
            PICCO.fetch_max(ora, Ordering::Relaxed);
        }
    }
}

/// Asks the system allocator to give large blocks back to the system as soon
/// as they are freed: for a process that goes on building (`watch`, `apri`),
/// whose memory must stay flat across hundreds of builds.
///
/// glibc takes a block of 128 KiB or more straight from the system and gives
/// it back when freed, but after the first such block is freed it raises that
/// limit, up to 32 MiB: from then on the large tables of Typst's cache come
/// from the heap, and when the cache is emptied the heap keeps their pages.
/// Fixing the limit where it starts keeps the process's memory near what it
/// uses. A one-off build leaves the limit to glibc, which is faster, and gives
/// the heap back once, before the export ([`rendi_la_memoria_libera`]).
/// Elsewhere than glibc this does nothing.
pub fn rendi_i_blocchi_grandi() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        /// glibc's own starting value of `M_MMAP_THRESHOLD`.
        const BLOCCO_GRANDE: libc::c_int = 128 * 1024;
        // SAFETY: `mallopt` only sets a parameter of the allocator; it takes
        // the allocator's own lock and may be called at any time.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, BLOCCO_GRANDE);
        }
    }
}

/// Gives back to the system the memory the allocator holds free, wherever it
/// lies in its heaps: called once, when a one-off layout has emptied Typst's
/// cache and before the export. With glibc's own limit for large blocks the
/// emptied cache stays in the heap; given back here, the export starts from
/// what the document uses. Measured against fixing the limit for the whole
/// build (README, «Prestazioni»): the same time, a peak 9 MB lower on the 10×
/// plan and 127 MB lower on the 50×. Elsewhere than glibc this does nothing.
pub fn rendi_la_memoria_libera() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free pages of the allocator's own
    // heaps to the system, under the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lets a large value go on a thread of its own, so that the work waiting for
/// it does not wait for its freeing too: a laid-out document is millions of
/// small allocations, and giving them back takes about a tenth of a second on
/// the 10× plan (README, «Prestazioni»). A program that ends meanwhile leaves
/// the rest to the system. If no thread can be started, the value is freed
/// here, as it would have been.
pub fn libera_in_disparte<T: Send + 'static>(valore: T) {
    IN_DISPARTE.fetch_add(1, Ordering::SeqCst);
    let avviato = std::thread::Builder::new().name("libera".into()).spawn(move || {
        drop(valore);
        IN_DISPARTE.fetch_sub(1, Ordering::SeqCst);
    });
    if avviato.is_err() {
        IN_DISPARTE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How many values [`libera_in_disparte`] has let go and not yet freed.
static IN_DISPARTE: AtomicUsize = AtomicUsize::new(0);

/// Waits until every value let go by [`libera_in_disparte`] is freed: a
/// measure of memory that starts after a build must not see the build's
/// document freed in the middle of it (`tests/memory.rs`).
pub fn attendi_le_liberazioni() {
    while IN_DISPARTE.load(Ordering::SeqCst) > 0 {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// The system allocator, counting. Install it with
/// `#[global_allocator] static A: Contatore = Contatore;`.
pub struct Contatore;

// SAFETY: every call is passed on unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counter only observes sizes.
unsafe impl GlobalAlloc for Contatore {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            varia(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            varia(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        varia(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            varia(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conta_cio_che_da_e_cio_che_riprende() {
        let a = Contatore;
        let prima = in_uso();
        let layout = Layout::from_size_align(1 << 20, 8).unwrap();
        // SAFETY: a non-zero layout, freed with the same layout.
        unsafe {
            let p = a.alloc(layout);
            assert!(!p.is_null());
            assert_eq!(in_uso(), prima + (1 << 20));
            let p = a.realloc(p, layout, 2 << 20);
            assert!(!p.is_null());
            assert_eq!(in_uso(), prima + (2 << 20));
            a.dealloc(p, Layout::from_size_align(2 << 20, 8).unwrap());
        }
        // Nothing else in this test program allocates through `Contatore`.
        assert_eq!(in_uso(), prima);
    }
}
