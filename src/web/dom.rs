//! Element lookups and small DOM helpers; every failure is a `JsValue` error that names what was missing.

use std::cell::RefCell;
use std::fmt::Write;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, Window};

use crate::text::{Key, Language};

pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no global window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with this id, as the type the page promises.
pub fn by_id<T: JsCast>(document: &Document, id: &str) -> Result<T, JsValue> {
    element_by_id(document, id)?
        .dyn_into::<T>()
        .map_err(|_| page_error(id, "is not the expected kind of element"))
}

fn element_by_id(document: &Document, id: &str) -> Result<Element, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| page_error(id, "is missing from the page"))
}

fn page_error(id: &str, problem: &str) -> JsValue {
    JsValue::from_str(&format!("#{id} {problem}"))
}

/// Fills every `data-text` element's text and every `data-label` element's aria-label.
pub fn apply_texts(document: &Document, language: Language) -> Result<(), JsValue> {
    for (attribute, set) in [
        ("data-text", set_text as fn(&Element, &str)),
        ("data-label", set_label),
    ] {
        let nodes = document.query_selector_all(&format!("[{attribute}]"))?;
        for index in 0..nodes.length() {
            let Some(element) = nodes
                .get(index)
                .and_then(|node| node.dyn_into::<Element>().ok())
            else {
                continue;
            };
            let name = element.get_attribute(attribute).unwrap_or_default();
            let key = Key::from_name(&name)
                .ok_or_else(|| JsValue::from_str(&format!("unknown {attribute} \"{name}\"")))?;
            set(&element, language.text(key));
        }
    }
    Ok(())
}

fn set_label(element: &Element, label: &str) {
    // Setting an attribute to a plain string cannot fail for a valid name.
    let _ = element.set_attribute("aria-label", label);
}

/// Sets an element's text unless it already shows it (saves layout work every frame).
pub fn set_text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

pub fn set_hidden(element: &HtmlElement, hidden: bool) {
    if element.hidden() != hidden {
        element.set_hidden(hidden);
    }
}

/// An element that shows one number, rewritten only when the number changes, and
/// formatted in a buffer that is kept between frames: a frame allocates nothing for its
/// numbers.
pub struct NumberSlot {
    element: Element,
    shown: Option<u64>,
    /// Whether the element's colour shows the number's sign and size (`data-shade`).
    shaded: bool,
    /// `data-short`: fewer digits (a table of many numbers), without the shading.
    short: bool,
}

/// The shades a `data-shade` element takes: `--shade` for |v|/(|v| + ¼), in tenths.
/// Static texts: a frame allocates nothing for them.
const SHADES: [&str; 11] = [
    "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1",
];

thread_local! {
    /// A buffer kept between frames for text written every frame (numbers); the page has
    /// one thread.
    static KEPT_TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `use_text` on the kept buffer, emptied: text written there every frame costs no
/// allocation once the buffer has grown to fit.
pub fn with_kept_text<R>(use_text: impl FnOnce(&mut String) -> R) -> R {
    KEPT_TEXT.with_borrow_mut(|text| {
        text.clear();
        use_text(text)
    })
}

impl NumberSlot {
    pub fn new(element: Element) -> Self {
        Self {
            shaded: element.has_attribute("data-shade"),
            short: element.has_attribute("data-short"),
            element,
            shown: None,
        }
    }

    /// Shows `value` as a readout (see [`crate::format::readout`]).
    pub fn show(&mut self, value: f64) {
        let bits = value.to_bits();
        if self.shown != Some(bits) {
            let significant = if self.shaded || self.short {
                crate::format::MATRIX_DIGITS
            } else {
                crate::format::READOUT_DIGITS
            };
            self.write(|text| crate::format::write_significant(text, value, significant));
            self.shown = Some(bits);
            if self.shaded {
                self.shade(value);
            }
        }
    }

    /// Shows a count (a step number) in full.
    pub fn show_count(&mut self, count: u64) {
        if self.shown != Some(count) {
            // Writing to a `String` cannot fail.
            self.write(|text| {
                let _ = write!(text, "{count}");
            });
            self.shown = Some(count);
        }
    }

    /// Colours a matrix cell by the sign and size of its number, so a glance shows
    /// which weights are large and which way each gradient pushes.
    fn shade(&self, value: f64) {
        let Some(element) = self.element.dyn_ref::<HtmlElement>() else {
            return;
        };
        let magnitude = value.abs();
        let level = if magnitude.is_finite() {
            (10.0 * magnitude / (magnitude + 0.25)).round() as usize
        } else {
            10
        };
        let _ = element
            .style()
            .set_property("--shade", SHADES[level.min(10)]);
        let _ = element
            .class_list()
            .toggle_with_force("negative", value < 0.0);
    }

    fn write(&self, format: impl FnOnce(&mut String)) {
        with_kept_text(|text| {
            format(text);
            self.element.set_text_content(Some(text));
        });
    }
}
