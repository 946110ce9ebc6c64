//! A panic must never leave a silently dead page: show it in the error banner.
//!
//! A panic is final (as in eframe's web runner): the first message stays on the
//! banner, a flag stops every handler and frame from entering the app again (a panic
//! inside an update leaves the app's `RefCell` borrowed for good), and the running
//! app, with its listeners and its pending frame, is dropped on the next task, once
//! no Rust frame of the panicked call is left.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::text::{Key, Language};

thread_local! {
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the app has panicked; then nothing may enter it again.
pub fn has_panicked() -> bool {
    PANICKED.with(Cell::get)
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        if PANICKED.with(|panicked| panicked.replace(true)) {
            // Not the first: the banner keeps the message that explains the failure.
            return;
        }
        show_fatal_error(&message);
        tear_down_later();
    }));
}

/// Drops the running app on the next task: its listeners are removed and its pending
/// frame cancelled. Not now: the panicking call still holds the app.
fn tear_down_later() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let tear_down = Closure::once_into_js(|| {
        drop(super::take_running());
    });
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(tear_down.unchecked_ref(), 0);
}

/// Shows the error banner with this message; does nothing more if the page lacks one.
pub fn show_fatal_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let find = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    };
    // Once the app started, the banner's texts are in the reader's language; only a
    // failure before that leaves them empty, and then English is all we know.
    for (id, key) in [("error-title", Key::ErrorTitle), ("reload", Key::Reload)] {
        if let Some(element) =
            find(id).filter(|element| element.text_content().unwrap_or_default().is_empty())
        {
            element.set_text_content(Some(Language::English.text(key)));
        }
    }
    if let Some(text) = find("error-text") {
        text.set_text_content(Some(message));
    }
    if let Some(banner) = find("error-banner") {
        banner.set_hidden(false);
    }
    if let Some(status) = find("status") {
        status.set_hidden(true);
    }
}
