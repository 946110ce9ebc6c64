//! The app's entry point: in the browser it starts the web runner.

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
