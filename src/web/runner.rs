//! The one owner of the running app: the [`App`], the page's elements, the event
//! listeners and the single pending animation frame (after eframe's web runner).
//!
//! Handlers only translate an event into a [`Msg`] and dispatch it; the frame
//! callback ticks the app while playing and renders. Listeners and the frame
//! callback hold weak references, so dropping the [`WebHandle`] tears it all down.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, KeyboardEvent, MouseEvent, Window};

use super::dom;
use super::listener::EventListener;
use super::panic_hook::show_fatal_error;
use super::view::View;
use crate::app::{shortcut, App, Clip, Defaults, KeyTarget, LossScale, Msg, Scene};
use crate::config;
use crate::export;
use crate::random;
use crate::text::Language;

struct Runner {
    window: Window,
    app: App,
    view: View,
    listeners: Vec<EventListener>,
    pending_frame: Option<i32>,
    frame_callback: Option<Closure<dyn FnMut(f64)>>,
    /// For each kind of copy: called when the clipboard took the text, or refused it.
    copy_callbacks: Vec<(Clip, PromiseCallback, PromiseCallback)>,
    /// Watches the canvases' sizes, so frames need not measure them.
    resize_observer: Option<(web_sys::ResizeObserver, PromiseCallback)>,
}

type PromiseCallback = Closure<dyn FnMut(JsValue)>;

impl Runner {
    /// Puts the share link on the clipboard and in the field beside the button.
    fn copy_link(&mut self) {
        let location = self.window.location();
        let link = format!(
            "{}{}?{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default(),
            self.app.share_query()
        );
        self.view.show_share_link(&link);
        self.copy_text(&link, Clip::Link);
    }

    /// Puts the current scene's CSV on the clipboard.
    fn copy_csv(&mut self) {
        let (csv, _) = export::current_csv(&self.app);
        self.copy_text(&csv, Clip::Csv);
    }

    /// Writes `text` to the clipboard; the result arrives later as `Msg::Copied`.
    fn copy_text(&mut self, text: &str, clip: Clip) {
        let navigator = self.window.navigator();
        // Outside secure contexts there is no clipboard at all.
        let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .is_ok_and(|clipboard| !clipboard.is_undefined());
        let callbacks = self
            .copy_callbacks
            .iter()
            .find(|(what, _, _)| *what == clip);
        match (callbacks, has_clipboard) {
            (Some((_, copied, failed)), true) => {
                let _ = navigator.clipboard().write_text(text).then2(copied, failed);
            }
            _ => {
                self.app.update(Msg::Copied(clip, false));
                self.render();
            }
        }
    }

    /// Saves the current scene's CSV as a file.
    fn download_csv(&mut self) {
        let (csv, file_name) = export::current_csv(&self.app);
        if let Err(error) = save_file(&csv, file_name) {
            show_fatal_error(&format!("could not save the CSV: {error:?}"));
        }
    }

    /// Asks for one animation frame unless one is already pending.
    fn request_frame(&mut self) {
        if self.pending_frame.is_some() {
            return;
        }
        let Some(callback) = &self.frame_callback else {
            return;
        };
        match self
            .window
            .request_animation_frame(callback.as_ref().unchecked_ref())
        {
            Ok(id) => self.pending_frame = Some(id),
            Err(error) => show_fatal_error(&format!("could not schedule a frame: {error:?}")),
        }
    }

    fn cancel_frame(&mut self) {
        if let Some(id) = self.pending_frame.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
    }

    /// Draws the app; a failure is shown in the error banner and stops the loop.
    fn render(&mut self) -> bool {
        let pixel_ratio = self.window.device_pixel_ratio();
        match self.view.render(&self.app, pixel_ratio) {
            Ok(()) => true,
            Err(error) => {
                show_fatal_error(&format!("{error:?}"));
                false
            }
        }
    }

    fn on_frame(&mut self) {
        self.pending_frame = None;
        self.app.update(Msg::Tick);
        if self.render() && self.app.playing {
            self.request_frame();
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.cancel_frame();
        if let Some((observer, _)) = &self.resize_observer {
            observer.disconnect();
        }
    }
}

/// Applies a reader's message and shows its result at once, so the page (and a
/// screen reader) never lags an action by a frame; while playing, the frame loop
/// takes over, and pausing cancels the frame that would have ticked.
fn dispatch(runner: &Rc<RefCell<Runner>>, msg: Msg) {
    let mut runner = runner.borrow_mut();
    runner.app.update(msg);
    runner.render();
    if runner.app.playing {
        runner.request_frame();
    } else {
        runner.cancel_frame();
    }
}

/// Listens for `kind` on `target` and dispatches the message the event translates to.
fn on(
    runner: &Rc<RefCell<Runner>>,
    target: &EventTarget,
    kind: &'static str,
    to_msg: impl Fn(&Event) -> Option<Msg> + 'static,
) -> Result<EventListener, JsValue> {
    let weak = Rc::downgrade(runner);
    EventListener::new(target, kind, move |event| {
        if let (Some(msg), Some(runner)) = (to_msg(&event), weak.upgrade()) {
            dispatch(&runner, msg);
        }
    })
}

/// A running app on the page. Dropping it removes every listener and the pending frame.
pub struct WebHandle {
    runner: Rc<RefCell<Runner>>,
}

impl WebHandle {
    /// Fills in the page's texts, builds the app from the URL query and starts drawing.
    pub fn start(query: &str) -> Result<Self, JsValue> {
        let window = dom::window()?;
        let document = dom::document()?;
        let view = View::find(&document)?;
        let (config, notices) = config::parse_query(query);
        let navigator = window.navigator();
        let preferences: Vec<String> = navigator
            .languages()
            .iter()
            .filter_map(|language| language.as_string())
            .chain(navigator.language())
            .collect();
        let defaults = Defaults {
            parameters: random::parameters(),
            language: Language::for_browser(preferences.iter().map(String::as_str)),
        };
        let app = App::new(&config, notices, defaults);
        let runner = Rc::new(RefCell::new(Runner {
            window: window.clone(),
            app,
            view,
            listeners: Vec::new(),
            pending_frame: None,
            frame_callback: None,
            copy_callbacks: Vec::new(),
            resize_observer: None,
        }));

        let weak: Weak<RefCell<Runner>> = Rc::downgrade(&runner);
        let frame_callback = Closure::<dyn FnMut(f64)>::new(move |_time: f64| {
            if let Some(runner) = weak.upgrade() {
                runner.borrow_mut().on_frame();
            }
        });
        let copy_result = |clip: Clip, copied: bool| {
            let weak = Rc::downgrade(&runner);
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if let Some(runner) = weak.upgrade() {
                    dispatch(&runner, Msg::Copied(clip, copied));
                }
            })
        };
        let copy_callbacks = [Clip::Link, Clip::Csv]
            .into_iter()
            .map(|clip| (clip, copy_result(clip, true), copy_result(clip, false)))
            .collect();
        let resized = {
            let weak = Rc::downgrade(&runner);
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if let Some(runner) = weak.upgrade() {
                    let mut runner = runner.borrow_mut();
                    runner.view.request_fit();
                    runner.render();
                }
            })
        };
        let observer = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref())?;
        {
            let state = runner.borrow();
            observer.observe(&state.view.field_canvas);
            observer.observe(&state.view.loss_canvas);
        }
        let listeners = listen(&runner, &window)?;
        {
            let mut state = runner.borrow_mut();
            state.frame_callback = Some(frame_callback);
            state.copy_callbacks = copy_callbacks;
            state.resize_observer = Some((observer, resized));
            state.listeners = listeners;
            state.view.status.set_hidden(true);
            state.view.app_root.set_hidden(false);
            state.render();
        }
        if let Some(body) = document.body() {
            body.dataset().set("ready", "true")?;
        }
        Ok(Self { runner })
    }

    /// Sends a message as if the reader had caused it.
    pub fn dispatch(&self, msg: Msg) {
        dispatch(&self.runner, msg);
    }

    /// Reads the current state.
    pub fn with_app<R>(&self, read: impl FnOnce(&App) -> R) -> R {
        read(&self.runner.borrow().app)
    }

    /// How many event listeners the runner holds (for tests of teardown).
    pub fn listener_count(&self) -> usize {
        self.runner.borrow().listeners.len()
    }
}

/// Every listener of the page, each a translation from an event to a message.
fn listen(runner: &Rc<RefCell<Runner>>, window: &Window) -> Result<Vec<EventListener>, JsValue> {
    let state = runner.borrow();
    let view = &state.view;
    let click =
        |element: &EventTarget, msg: Msg| on(runner, element, "click", move |_| Some(msg.clone()));
    let slider = view.slider.clone();
    let number = view.number.clone();
    let log_scale = view.log_scale.clone();
    let speed = view.speed.clone();
    let field_canvas = view.field_canvas.clone();
    let weak = Rc::downgrade(runner);
    let scrubber = view.scrubber.clone();
    let effect = |target: &EventTarget, effect: fn(&mut Runner)| {
        let weak = Rc::downgrade(runner);
        EventListener::new(target, "click", move |_| {
            if let Some(runner) = weak.upgrade() {
                effect(&mut runner.borrow_mut());
            }
        })
    };
    Ok(vec![
        click(&view.back, Msg::StepBack)?,
        on(runner, &view.scrubber, "input", move |_| {
            Some(Msg::Scrub(scrubber.value_as_number()))
        })?,
        effect(&view.copy_link, Runner::copy_link)?,
        effect(&view.copy_csv, Runner::copy_csv)?,
        effect(&view.download_csv, Runner::download_csv)?,
        click(&view.language_buttons[0], Msg::ToggleLanguage)?,
        click(&view.language_buttons[1], Msg::ToggleLanguage)?,
        on(runner, window, "keydown", |event| {
            let event = event.dyn_ref::<KeyboardEvent>()?;
            let modified = event.ctrl_key() || event.meta_key() || event.alt_key();
            let msg = shortcut(&event.key(), key_target(event), modified)?;
            // The key did something here, so the page must not also scroll or click.
            event.prevent_default();
            Some(msg)
        })?,
        click(&view.tab_field, Msg::SelectScene(Scene::Field))?,
        click(&view.tab_neuron, Msg::SelectScene(Scene::Neuron))?,
        click(&view.play, Msg::TogglePlay)?,
        click(&view.step, Msg::StepOnce)?,
        click(&view.reset, Msg::Reset)?,
        click(&view.dismiss_notices, Msg::DismissNotices)?,
        on(runner, &view.randomize, "click", |_| {
            Some(Msg::Randomize(random::parameters()))
        })?,
        on(runner, &view.slider, "input", move |_| {
            Some(Msg::MoveSlider(slider.value_as_number()))
        })?,
        on(runner, &view.number, "change", move |_| {
            Some(Msg::TypeLearningRate(number.value()))
        })?,
        on(runner, &view.log_scale, "change", move |_| {
            Some(Msg::SetLossScale(if log_scale.checked() {
                LossScale::Log
            } else {
                LossScale::Linear
            }))
        })?,
        on(runner, &view.speed, "change", move |_| {
            speed.value().parse().ok().map(Msg::SetSpeed)
        })?,
        on(runner, &view.field_canvas, "pointerdown", move |event| {
            let event = event.dyn_ref::<MouseEvent>()?;
            let rect = field_canvas.get_bounding_client_rect();
            Some(Msg::PickStartPoint {
                fraction_x: (f64::from(event.client_x()) - rect.left()) / rect.width(),
                fraction_y: (f64::from(event.client_y()) - rect.top()) / rect.height(),
            })
        })?,
        // A new size or pixel ratio needs a redraw even while paused.
        EventListener::new(window, "resize", move |_| {
            if let Some(runner) = weak.upgrade() {
                let mut runner = runner.borrow_mut();
                runner.view.request_fit();
                runner.render();
            }
        })?,
    ])
}

/// What the focused element does with keys itself (see [`shortcut`]).
fn key_target(event: &KeyboardEvent) -> KeyTarget {
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
    else {
        return KeyTarget::Other;
    };
    let kind = element.get_attribute("type").unwrap_or_default();
    match element.tag_name().as_str() {
        "INPUT" if matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit") => {
            KeyTarget::Button
        }
        "INPUT" | "SELECT" | "TEXTAREA" => KeyTarget::Entry,
        "BUTTON" | "A" | "SUMMARY" => KeyTarget::Button,
        _ if element.get_attribute("contenteditable").is_some() => KeyTarget::Entry,
        _ => KeyTarget::Other,
    }
}

/// Offers `contents` as a file download named `file_name`.
fn save_file(contents: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = dom::document()?.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}
