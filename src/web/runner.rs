//! The one owner of the running app: the [`App`], the page's elements, the event
//! listeners and the single pending animation frame (after eframe's web runner).
//!
//! Handlers only translate an event into a [`Msg`] and dispatch it; the frame
//! callback ticks the app while playing and renders. Listeners and the frame
//! callback hold weak references, so dropping the [`WebHandle`] tears it all down.

use crate::batch::BiasGradient;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, KeyboardEvent, MouseEvent, Window};

use super::dom;
use super::listener::EventListener;
use super::panic_hook::{has_panicked, show_fatal_error};
use super::view::View;
use crate::app::{shortcut, App, Clip, Defaults, Effect, KeyTarget, LossScale, Msg, Speed};
use crate::config;
use crate::graph::Quantity;
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
    /// Where the fault-injection build panics on purpose (`?fault=frame|click`).
    #[cfg(feature = "fault-injection")]
    fault: Option<Fault>,
}

/// A panic injected on purpose in test builds, inside the app's borrow, to prove that
/// a panic there never poisons the page (`?fault=frame` or `?fault=click`).
#[cfg(feature = "fault-injection")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Inside the next animation frame's update.
    Frame,
    /// Inside the update of the next Step click.
    Click,
}

#[cfg(feature = "fault-injection")]
impl Fault {
    /// Takes `fault=…` out of the query (the app itself does not know it).
    fn from_query(query: &str) -> (String, Option<Fault>) {
        let mut fault = None;
        let rest: Vec<&str> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| match *pair {
                "fault=frame" => {
                    fault = Some(Fault::Frame);
                    false
                }
                "fault=click" => {
                    fault = Some(Fault::Click);
                    false
                }
                _ => true,
            })
            .collect();
        (rest.join("&"), fault)
    }
}

type PromiseCallback = Closure<dyn FnMut(JsValue)>;

impl Runner {
    /// Writes `text` to the clipboard; the result arrives later as `Msg::Copied`.
    /// Returns the message to dispatch at once when there is no clipboard at all.
    fn copy_text(&self, text: &str, clip: Clip) -> Option<Msg> {
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
                None
            }
            _ => Some(Msg::Copied(clip, false)),
        }
    }

    /// Does what an update asked for outside the app; returns the message that
    /// reports an immediate failure, if any (a refused clipboard, a failed download).
    fn perform(&self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Copy { clip, text } => self.copy_text(&text, clip),
            Effect::Download {
                file_name,
                contents,
            } => save_file(&contents, file_name)
                .is_err()
                .then_some(Msg::DownloadFailed),
        }
    }

    /// Panics here if the fault-injection build was asked to.
    #[cfg(feature = "fault-injection")]
    fn inject(&self, at: Fault) {
        if self.fault == Some(at) {
            panic!(
                "injected fault inside {}",
                match at {
                    Fault::Frame => "an animation frame's update",
                    Fault::Click => "a Step click's update",
                }
            );
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

    fn on_frame(&mut self, time: f64) {
        self.pending_frame = None;
        #[cfg(feature = "fault-injection")]
        self.inject(Fault::Frame);
        self.app.update(Msg::Tick(time));
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
/// takes over, and pausing cancels the frame that would have ticked. An effect the
/// update asks for is performed after the app is released; its failure comes back
/// as one more message.
///
/// After a panic nothing enters the app again: the banner keeps the first message.
fn dispatch(runner: &Rc<RefCell<Runner>>, msg: Msg) {
    let mut next = Some(msg);
    while let Some(msg) = next.take() {
        if has_panicked() {
            return;
        }
        // Taken only when free: a panic inside an update leaves the cell borrowed.
        let Ok(mut state) = runner.try_borrow_mut() else {
            return;
        };
        #[cfg(feature = "fault-injection")]
        if msg == Msg::StepOnce {
            state.inject(Fault::Click);
        }
        let effect = state.app.update(msg);
        state.render();
        if state.app.playing {
            state.request_frame();
        } else {
            state.cancel_frame();
        }
        next = effect.and_then(|effect| state.perform(effect));
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
        #[cfg(feature = "fault-injection")]
        let (query, fault) = Fault::from_query(query);
        #[cfg(feature = "fault-injection")]
        let query = query.as_str();
        let (config, notices) = config::parse_query(query);
        let navigator = window.navigator();
        let preferences: Vec<String> = navigator
            .languages()
            .iter()
            .filter_map(|language| language.as_string())
            .chain(navigator.language())
            .collect();
        let defaults = Defaults {
            unit_samples: random::unit_samples_or_halves(),
            language: Language::for_browser(preferences.iter().map(String::as_str)),
        };
        let mut app = App::new(&config, notices, defaults);
        let location = window.location();
        app.address = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        let runner = Rc::new(RefCell::new(Runner {
            window: window.clone(),
            app,
            view,
            listeners: Vec::new(),
            pending_frame: None,
            frame_callback: None,
            copy_callbacks: Vec::new(),
            resize_observer: None,
            #[cfg(feature = "fault-injection")]
            fault,
        }));

        let weak: Weak<RefCell<Runner>> = Rc::downgrade(&runner);
        let frame_callback = Closure::<dyn FnMut(f64)>::new(move |time: f64| {
            if has_panicked() {
                return;
            }
            if let Some(mut runner) = weak
                .upgrade()
                .as_ref()
                .and_then(|r| r.try_borrow_mut().ok())
            {
                runner.on_frame(time);
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
        let on_resize = {
            let weak = Rc::downgrade(&runner);
            Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if let Some(runner) = weak.upgrade() {
                    resized(&runner);
                }
            })
        };
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
        {
            let state = runner.borrow();
            observer.observe(&state.view.field_canvas);
            observer.observe(&state.view.loss_canvas);
            observer.observe(&state.view.race.canvas);
        }
        let listeners = listen(&runner, &window)?;
        {
            let mut state = runner.borrow_mut();
            state.frame_callback = Some(frame_callback);
            state.copy_callbacks = copy_callbacks;
            state.resize_observer = Some((observer, on_resize));
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
    let bias_mode = view.bias_mode.clone();
    let guess = view.challenge_guess.clone();
    let field_canvas = view.field_canvas.clone();
    let weak = Rc::downgrade(runner);
    let scrubber = view.scrubber.clone();
    let mut listeners = view
        .tabs()
        .map(|(scene, tab)| click(tab, Msg::SelectScene(scene)))
        .collect::<Result<Vec<_>, _>>()?;
    listeners.extend([
        click(&view.back, Msg::StepBack)?,
        on(runner, &view.scrubber, "input", move |_| {
            Some(Msg::Scrub(scrubber.value_as_number()))
        })?,
        click(&view.copy_link, Msg::CopyLink)?,
        click(&view.copy_csv, Msg::CopyCsv)?,
        click(&view.download_csv, Msg::DownloadCsv)?,
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
        click(&view.play, Msg::TogglePlay)?,
        click(&view.step, Msg::StepOnce)?,
        click(&view.reset, Msg::Reset)?,
        click(&view.post_start, Msg::StartAsInPost)?,
        click(&view.challenge_leave, Msg::LeaveChallenge)?,
        click(&view.challenge_retry, Msg::RetryChallenge)?,
        on(runner, &view.challenge_list, "click", |event| {
            let button = event
                .target()?
                .dyn_into::<Element>()
                .ok()?
                .closest("[data-challenge]")
                .ok()??;
            let index = button.get_attribute("data-challenge")?.parse().ok()?;
            Some(Msg::StartChallenge(index))
        })?,
        on(runner, &view.challenge_guess, "change", move |_| {
            Some(Msg::Guess(guess.value()))
        })?,
        click(&view.dismiss_notices, Msg::DismissNotices)?,
        on(runner, &view.randomize, "click", |_| {
            Some(Msg::Randomize(random::unit_samples_or_halves()))
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
            Speed::from_key(&speed.value()).map(Msg::SetSpeed)
        })?,
        on(runner, &view.bias_mode, "change", move |_| {
            BiasGradient::from_key(&bias_mode.value()).map(Msg::SetBiasGradient)
        })?,
        on(runner, &view.field_canvas, "pointerdown", move |event| {
            let event = event.dyn_ref::<MouseEvent>()?;
            let rect = field_canvas.get_bounding_client_rect();
            Some(Msg::PickStartPoint {
                fraction_x: (client_coordinate(event, "clientX") - rect.left()) / rect.width(),
                fraction_y: (client_coordinate(event, "clientY") - rect.top()) / rect.height(),
            })
        })?,
        on(runner, &view.race.canvas, "pointerdown", {
            let canvas = view.race.canvas.clone();
            move |event| {
                let event = event.dyn_ref::<MouseEvent>()?;
                let rect = canvas.get_bounding_client_rect();
                Some(Msg::PickStartPoint {
                    fraction_x: (client_coordinate(event, "clientX") - rect.left()) / rect.width(),
                    fraction_y: (client_coordinate(event, "clientY") - rect.top()) / rect.height(),
                })
            }
        })?,
        // A new size or pixel ratio needs a redraw even while paused.
        EventListener::new(window, "resize", move |_| {
            if let Some(runner) = weak.upgrade() {
                resized(&runner);
            }
        })?,
        // Linked views: whatever shows a quantity, pointed at or focused anywhere in the
        // app, highlights it everywhere (`data-quantity`).
        on(
            runner,
            &view.app_root,
            "pointerover",
            highlight as Translate,
        )?,
        on(runner, &view.app_root, "focusin", highlight as Translate)?,
        on(
            runner,
            &view.app_root,
            "pointerleave",
            highlight_none as Translate,
        )?,
    ]);
    // Each race control sends its setting; the check boxes send the whole `opt=` list.
    for control in &view.race.controls {
        let weak = Rc::downgrade(runner);
        let parameter = control.parameter;
        let element = control.element.clone();
        listeners.push(EventListener::new(&control.element, "change", move |_| {
            let Some(runner) = weak.upgrade() else {
                return;
            };
            let value = match runner.try_borrow() {
                Ok(state) => state.view.race.value_of(&element),
                Err(_) => return,
            };
            dispatch(&runner, Msg::SetSetting(parameter, value));
        })?);
    }
    // The walk through one Step: `data-sub-step="next"` and `"back"` buttons.
    let sub_step_buttons = view.app_root.query_selector_all("[data-sub-step]")?;
    for index in 0..sub_step_buttons.length() {
        let Some(button) = sub_step_buttons
            .get(index)
            .and_then(|node| node.dyn_into::<Element>().ok())
        else {
            continue;
        };
        let msg = match button.get_attribute("data-sub-step").as_deref() {
            Some("next") => Msg::SubStepOn,
            Some("back") => Msg::SubStepBack,
            _ => continue,
        };
        listeners.push(click(&button, msg)?);
    }
    Ok(listeners)
}

/// A pointer's position in CSS pixels with its fraction: browsers report `clientX` as a
/// double, which web-sys's `client_x()` truncates to whole pixels (on a canvas at a
/// fractional offset the centre then reads as 0.01 instead of 0).
fn client_coordinate(event: &MouseEvent, name: &str) -> f64 {
    js_sys::Reflect::get(event, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.as_f64())
        .unwrap_or(f64::NAN)
}

/// A translation from an event to a message, as a plain function: listeners that share
/// one share its code (a closure each would be compiled into the wasm once each).
type Translate = fn(&Event) -> Option<Msg>;

/// Highlights the quantity the event's target shows, or the nearest element around it
/// that shows one; none if there is none.
fn highlight(event: &Event) -> Option<Msg> {
    let quantity = (|| {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let marked = target.closest("[data-quantity]").ok()??;
        Quantity::from_key(&marked.get_attribute("data-quantity")?)
    })();
    Some(Msg::Highlight(quantity))
}

fn highlight_none(_: &Event) -> Option<Msg> {
    Some(Msg::Highlight(None))
}

/// Measures the canvases again and redraws (not a message: the app does not change).
fn resized(runner: &Rc<RefCell<Runner>>) {
    if has_panicked() {
        return;
    }
    if let Ok(mut runner) = runner.try_borrow_mut() {
        runner.view.request_fit();
        runner.render();
    }
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
