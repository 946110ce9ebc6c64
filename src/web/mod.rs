//! The thin browser layer: finds the page's elements, turns DOM events into
//! [`Msg`](crate::app::Msg)s, runs the animation-frame loop and draws `&App`.

mod canvas;
mod curve;
mod dom;
mod explain;
mod listener;
mod log;
mod panic_hook;
mod race;
mod runner;
mod view;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub use panic_hook::{has_panicked, show_fatal_error};
pub use runner::WebHandle;

thread_local! {
    /// The running app: the one strong reference that keeps it alive after `main` returns.
    static RUNNING: RefCell<Option<WebHandle>> = const { RefCell::new(None) };
}

/// Panics on purpose (fault-injection test builds only), to prove a panic shows the banner.
#[cfg(feature = "fault-injection")]
#[wasm_bindgen]
pub fn force_panic() {
    panic!("forced panic from a fault-injection test build");
}

/// Takes the running app out of its slot (after a panic, to drop it). `None` if it is
/// in use right now or was never started.
fn take_running() -> Option<WebHandle> {
    RUNNING.with(|running| running.try_borrow_mut().ok()?.take())
}

/// Starts the app on the current page, configured by the page's URL query.
pub fn start() -> Result<(), JsValue> {
    panic_hook::install();
    let window = dom::window()?;
    let query = window.location().search()?;
    let handle = WebHandle::start(&query)?;
    RUNNING.with(|running| running.replace(Some(handle)));
    Ok(())
}
