//! The web layer in headless Chromium (wasm-bindgen-test): the runner on the real
//! page markup, its listeners, its canvases, its teardown and its error banner.
#![cfg(target_arch = "wasm32")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use gdlab::app::{Msg, Scene};
use gdlab::web::{show_fatal_error, WebHandle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, Document, Event, HtmlCanvasElement, HtmlElement, HtmlInputElement,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Counts every allocation of this test binary (strings passed from JS included).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; it only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Puts the body of the real index.html on the test page, in a container of its own
/// (the test runner reports through elements of the page's body).
fn mount_page() {
    let html = include_str!("../index.html");
    let start = html.find("<body>").expect("index.html has a body") + "<body>".len();
    let end = html.find("</body>").expect("index.html closes its body");
    let document = document();
    if let Some(previous) = document.get_element_by_id("fixture") {
        previous.remove();
    }
    let fixture = document.create_element("div").unwrap();
    fixture.set_id("fixture");
    fixture.set_inner_html(&html[start..end]);
    document.body().unwrap().append_child(&fixture).unwrap();
}

fn element(id: &str) -> HtmlElement {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("#{id} exists"))
        .dyn_into()
        .unwrap()
}

fn text(id: &str) -> String {
    element(id).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn start_fills_in_texts_and_shows_the_posts_point() {
    mount_page();
    let _handle = WebHandle::start("").expect("the app starts");
    assert!(element("status").hidden());
    assert!(!element("app").hidden());
    assert_eq!(text("play"), "Play");
    assert_eq!(text("tab-field"), "Gradient field");
    assert_eq!(
        element("learning-rate-slider")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Learning rate")
    );
    let readouts: Vec<String> = [
        "field-x",
        "field-y",
        "field-f",
        "field-dfdx",
        "field-dfdy",
        "field-step",
    ]
    .iter()
    .map(|id| text(id))
    .collect();
    assert_eq!(readouts, ["1", "3", "10", "2", "6", "0"]);
}

#[wasm_bindgen_test]
fn button_clicks_reach_the_app_and_the_page() {
    mount_page();
    let handle = WebHandle::start("").expect("the app starts");
    element("step").click();
    assert_eq!(text("field-x"), "0.8");
    assert_eq!(handle.with_app(|app| app.steps()), 1);
    element("tab-neuron").click();
    assert_eq!(handle.with_app(|app| app.scene), Scene::Neuron);
    assert!(element("panel-field").hidden());
    assert!(!element("panel-neuron").hidden());
    assert_eq!(
        element("tab-neuron")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    element("play").click();
    assert_eq!(text("play"), "Pause");
    element("play").click();
    assert_eq!(text("play"), "Play");
}

#[wasm_bindgen_test]
fn the_slider_and_the_number_field_set_the_learning_rate() {
    mount_page();
    let handle = WebHandle::start("").expect("the app starts");
    let slider: HtmlInputElement = element("learning-rate-slider").dyn_into().unwrap();
    slider.set_value("1000");
    slider
        .dispatch_event(&Event::new("input").unwrap())
        .unwrap();
    assert_eq!(handle.with_app(|app| app.learning_rate()), 1.5);
    let number: HtmlInputElement = element("learning-rate-input").dyn_into().unwrap();
    assert_eq!(number.value(), "1.5");
    number.set_value("0.02");
    number
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    assert_eq!(handle.with_app(|app| app.learning_rate()), 0.02);
    assert_eq!(
        slider.value(),
        gdlab::learning_rate::to_slider(0.02).to_string()
    );
    number.set_value("");
    number
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    assert!(!element("learning-rate-error").hidden());
    assert_eq!(handle.with_app(|app| app.learning_rate()), 0.02);
}

#[wasm_bindgen_test]
fn the_field_canvas_is_painted() {
    mount_page();
    let _handle = WebHandle::start("").expect("the app starts");
    let canvas: HtmlCanvasElement = element("field-canvas").dyn_into().unwrap();
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let width = f64::from(canvas.width());
    // The minimum (0, 0) sits at the centre, dark purple and opaque.
    let pixel = context
        .get_image_data(width / 2.0 - 3.0, width / 2.0 - 3.0, 1.0, 1.0)
        .unwrap()
        .data();
    assert_eq!(pixel[3], 255);
    assert!(
        pixel[2] > pixel[1],
        "viridis is blue-purple near its bottom: {pixel:?}"
    );
}

/// Counts the page's live event listeners: every `addEventListener` minus every
/// `removeEventListener` since the first call (wasm-bindgen's glue calls both as
/// methods, so patching the prototype sees the runner's listeners).
fn live_listeners() -> f64 {
    js_sys::eval(
        "if (!window.__countListeners) {
           window.__countListeners = true;
           window.__liveListeners = 0;
           const add = EventTarget.prototype.addEventListener;
           const remove = EventTarget.prototype.removeEventListener;
           EventTarget.prototype.addEventListener = function (...args) {
             window.__liveListeners++;
             return add.apply(this, args);
           };
           EventTarget.prototype.removeEventListener = function (...args) {
             window.__liveListeners--;
             return remove.apply(this, args);
           };
         }
         window.__liveListeners",
    )
    .expect("the counter runs")
    .as_f64()
    .expect("a count")
}

#[wasm_bindgen_test]
fn dropping_the_handle_removes_every_listener() {
    mount_page();
    let before = live_listeners();
    let handle = WebHandle::start("").expect("the app starts");
    let added = live_listeners() - before;
    assert!(handle.listener_count() >= 10);
    assert!(
        added >= handle.listener_count() as f64,
        "the counter sees the runner's listeners ({added})"
    );
    drop(handle);
    // Fails if `EventListener::drop` does not remove its listener: the closures would
    // stay registered on the page (and throw when a dropped closure is called).
    assert_eq!(live_listeners(), before, "every listener was removed");
    element("step").click();
    assert_eq!(
        text("field-step"),
        "0",
        "a click after teardown changes nothing"
    );
}

#[wasm_bindgen_test]
fn a_missing_element_is_a_clear_error() {
    mount_page();
    element("step").remove();
    let error = WebHandle::start("")
        .err()
        .expect("start fails without the Step button");
    assert!(error.as_string().unwrap_or_default().contains("#step"));
}

#[wasm_bindgen_test]
fn a_fatal_error_shows_the_banner() {
    mount_page();
    show_fatal_error("boom");
    assert!(!element("error-banner").hidden());
    assert_eq!(text("error-text"), "boom");
    assert_eq!(text("reload"), "Reload");
}

#[wasm_bindgen_test]
fn the_language_switch_rewrites_every_text_and_the_page_language() {
    mount_page();
    let handle = WebHandle::start("lang=en").expect("the app starts");
    assert_eq!(text("play"), "Play");
    element("language").click();
    assert_eq!(
        handle.with_app(|app| app.language),
        gdlab::text::Language::Chinese
    );
    assert_eq!(text("play"), "播放");
    assert_eq!(text("tab-neuron"), "单个神经元");
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh"));
    assert_eq!(document().title(), "梯度下降，一步一步看");
}

#[wasm_bindgen_test]
fn hidden_parts_and_embed_mode_come_from_the_url() {
    mount_page();
    let _handle = WebHandle::start("embed=1&hide=log,tabs").expect("the app starts");
    let body = document().body().unwrap();
    assert!(body.class_list().contains("embed"));
    let tabs: HtmlElement = document()
        .query_selector("[data-part=\"tabs\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(tabs.hidden());
    assert!(!element("field-canvas").hidden());
    let href = document()
        .get_element_by_id("full-app-link")
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(href.starts_with('?') && !href.contains("embed") && !href.contains("hide"));
}

#[wasm_bindgen_test]
fn back_and_the_scrubber_show_past_steps() {
    mount_page();
    let handle = WebHandle::start("lr=0.25").expect("the app starts");
    element("step").click();
    element("step").click();
    assert_eq!(text("field-x"), "0.25");
    element("back").click();
    assert_eq!(text("field-x"), "0.5");
    assert_eq!(text("field-step"), "1");
    let scrubber: HtmlInputElement = element("scrubber").dyn_into().unwrap();
    assert_eq!(scrubber.max(), "2");
    scrubber.set_value("0");
    scrubber
        .dispatch_event(&Event::new("input").unwrap())
        .unwrap();
    assert_eq!(text("field-x"), "1");
    assert_eq!(
        handle.with_app(|app| (app.steps(), app.shown_step())),
        (2, 0)
    );
}

#[wasm_bindgen_test]
fn a_fatal_error_keeps_the_banner_in_the_readers_language() {
    mount_page();
    let _handle = WebHandle::start("lang=zh").expect("the app starts");
    show_fatal_error("boom");
    assert!(!element("error-banner").hidden());
    assert_eq!(text("error-title"), "出错了，应用已停止运行。");
    assert_eq!(text("reload"), "重新加载");
}

/// A frame of play rewrites every readout, the graph, the scrubber and the curve, yet
/// allocates nothing: numbers are formatted in kept buffers and the curve's colour is
/// kept as CSS text. What may allocate are the texts refreshed on a clock while playing
/// (the full-app link four times a second, the screen-reader announcement once a
/// second) and a redraw of the chart's frame when its ranges grow (a few times per
/// decade of steps; the frames measured here keep theirs).
#[wasm_bindgen_test]
fn frames_of_play_allocate_nothing() {
    mount_page();
    for scene in [
        "field",
        "neuron",
        "layer",
        "network",
        "optimizers&opt=gd,momentum,nesterov,rmsprop,adam",
    ] {
        let handle =
            WebHandle::start(&format!("scene={scene}&speed=1&lr=0.0001")).expect("the app starts");
        handle.dispatch(Msg::TogglePlay);
        // Steps 1 to 1010; the chart's step axis then reads 0–1200 until step 1200.
        for _ in 0..1010 {
            handle.dispatch(Msg::Tick(0.0));
        }
        let mut per_frame = Vec::with_capacity(150);
        for _ in 0..150 {
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            handle.dispatch(Msg::Tick(0.0));
            per_frame.push(ALLOCATIONS.load(Ordering::Relaxed) - before);
        }
        assert_eq!(handle.with_app(|app| app.steps()), 1160);
        let allocating = per_frame.iter().filter(|count| **count > 0).count();
        // 150 frames take well under a second here; a slow machine might see a few clock ticks.
        assert!(
            allocating <= 5,
            "{scene}: {allocating} of 150 frames allocated: {per_frame:?}"
        );
        drop(handle);
        mount_page();
    }
}

/// A frame that draws a point off the field (its arrow on the border, where it is written
/// on the canvas and under it) allocates nothing either: the text goes through the kept
/// buffer.
#[wasm_bindgen_test]
fn frames_with_the_point_off_the_field_allocate_nothing() {
    mount_page();
    // (x, y) := −1.1·(x, y): off the field from step 4 on, far from a million until step
    // 130. The loss grows every step, and the loss chart redraws its axes (allocating)
    // each time its range grows: it is hidden here.
    let handle = WebHandle::start("lr=1.05&hide=chart&speed=1").expect("the app starts");
    handle.dispatch(Msg::TogglePlay);
    for _ in 0..10 {
        handle.dispatch(Msg::Tick(0.0));
    }
    assert!(!element("field-off-plot").hidden(), "the note shows");
    let mut per_frame = Vec::with_capacity(60);
    for _ in 0..60 {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        handle.dispatch(Msg::Tick(0.0));
        per_frame.push(ALLOCATIONS.load(Ordering::Relaxed) - before);
    }
    assert_eq!(handle.with_app(|app| app.steps()), 70);
    // 1.1⁷⁰·(1, 3)
    assert_eq!(text("field-off-plot-at"), "(790, 2369)");
    let allocating = per_frame.iter().filter(|count| **count > 0).count();
    assert!(
        allocating <= 3,
        "{allocating} of 60 frames allocated: {per_frame:?}"
    );
    drop(handle);
    mount_page();
}

/// Whether the element (HTML or SVG) with this id has `class`.
fn has_class(id: &str, class: &str) -> bool {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("#{id} exists"))
        .class_list()
        .contains(class)
}

/// Pointing at a quantity highlights it across the page through the listener on the
/// app's root, the sub-step buttons walk the Step shown, and frames of play with a
/// quantity highlighted still allocate nothing.
#[wasm_bindgen_test]
fn pointing_highlights_and_sub_step_buttons_walk() {
    use gdlab::graph::{Node, Quantity};
    mount_page();
    let handle =
        WebHandle::start("scene=neuron&lang=en&speed=1&lr=0.0001").expect("the app starts");
    element("step").click();
    // A bubbling pointer event, as a mouse or a finger sends it.
    js_sys::eval(
        "document.getElementById('graph-gradient-label-w2')
           .dispatchEvent(new PointerEvent('pointerover', { bubbles: true }))",
    )
    .expect("the event is sent");
    assert_eq!(
        handle.with_app(|app| app.highlight),
        Some(Quantity::Gradient(Node::W2))
    );
    assert!(element("update-w2-gradient")
        .class_list()
        .contains("linked"));
    assert!(!element("update-w1-gradient")
        .class_list()
        .contains("linked"));

    let next: HtmlElement = document()
        .query_selector("[data-sub-step=\"next\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    next.click();
    next.click();
    assert!(has_class("graph-node-p2", "active"));
    let caption = document()
        .query_selector("[data-sub-step-text]")
        .unwrap()
        .unwrap();
    assert!(caption
        .text_content()
        .unwrap_or_default()
        .starts_with("Forward pass · 2/26 · p₂ = x₂·w₂"));

    handle.dispatch(Msg::TogglePlay);
    assert!(!has_class("graph-node-p2", "active"));
    // Past the chart's early range changes, as in `frames_of_play_allocate_nothing`.
    for _ in 0..1010 {
        handle.dispatch(Msg::Tick(0.0));
    }
    let mut allocating = 0;
    for _ in 0..30 {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        handle.dispatch(Msg::Tick(0.0));
        allocating += usize::from(ALLOCATIONS.load(Ordering::Relaxed) != before);
    }
    // As in `frames_of_play_allocate_nothing`: only the texts refreshed on a clock may.
    assert!(allocating <= 2, "{allocating} of 30 frames allocated");
    assert!(element("update-w2-gradient")
        .class_list()
        .contains("linked"));
}
