//! A panic must never leave a silently dead page: show it in the error banner.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::text::{Key, Language};

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        show_fatal_error(&message);
    }));
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
