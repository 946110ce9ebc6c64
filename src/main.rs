//! The app's entry point: in the browser it starts the web runner.

// A free-list allocator (sorted, coalescing) instead of std's dlmalloc: the app allocates
// little and rarely, and dlmalloc cost 5.5 KB gzip of the bundle. Memory stays flat over
// 10⁶ steps (the soak test in tests/e2e checks it on this allocator).
// SAFETY: WebAssembly here runs on one thread; nothing in the app spawns threads.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Err(error) = gdlab::web::start() {
        gdlab::web::show_fatal_error(&format!("{error:?}"));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("gdlab runs in the browser: build it with `trunk build --release` (see README.md).");
}
