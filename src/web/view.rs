//! The page's elements and how `&App` is shown in them. Rendering never changes
//! the app; it only keeps caches of what it already drew.

use std::fmt::Write;

use wasm_bindgen::JsValue;
use web_sys::{
    Document, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};

use super::canvas::{self, FieldBackground, LossChart};
use super::dom::{self, by_id, set_hidden, set_text, NumberSlot};
use super::explain::Explanation;
use super::log::RunLog;
use crate::app::{App, Clip, LossScale, Scene};
use crate::learning_rate::LearningRateError;
use crate::text::Language as UiLanguage;

/// What the controls last showed; they are rewritten only when this changes.
#[derive(Clone, PartialEq)]
struct ControlsShown {
    scene: Scene,
    playing: bool,
    language: UiLanguage,
    learning_rate_error: Option<LearningRateError>,
    diverged_at: Option<u64>,
    loss_scale: LossScale,
    speed: u32,
    clipboard: Option<(Clip, bool)>,
}
use crate::config::Part;
use crate::format::readout;
use crate::graph;
use crate::learning_rate;
use crate::regime;
use crate::render::chart::ChartStyle;
use crate::surface;
use crate::text::{Key, Language};
use wasm_bindgen::JsCast;

/// The four cells (before, gradient, after) of one parameter in the update table.
struct UpdateRow {
    before: NumberSlot,
    gradient: NumberSlot,
    after: NumberSlot,
}

pub struct View {
    document: Document,
    html: Element,
    body: HtmlElement,
    /// Whether the reader's system asks for a dark page (read once at start).
    dark: bool,
    pub app_root: HtmlElement,
    pub status: HtmlElement,
    pub notices: HtmlElement,
    pub notice_list: Element,
    pub dismiss_notices: HtmlElement,
    pub tab_field: HtmlElement,
    pub tab_neuron: HtmlElement,
    pub panel_field: HtmlElement,
    pub panel_neuron: HtmlElement,
    pub play: HtmlElement,
    pub step: HtmlElement,
    pub reset: HtmlElement,
    pub randomize: HtmlElement,
    pub slider: HtmlInputElement,
    pub number: HtmlInputElement,
    pub speed: HtmlSelectElement,
    pub learning_rate_error: HtmlElement,
    pub divergence: HtmlElement,
    pub field_canvas: HtmlCanvasElement,
    pub loss_canvas: HtmlCanvasElement,
    pub log_scale: HtmlInputElement,
    pub language_buttons: [HtmlElement; 2],
    pub copy_link: HtmlElement,
    pub share_url: HtmlInputElement,
    link_status: HtmlElement,
    csv_status: Element,
    pub back: HtmlElement,
    pub scrubber: HtmlInputElement,
    scrubber_step: NumberSlot,
    /// The (steps, shown step) the scrubber was last set to.
    history_shown: Option<(u64, u64)>,
    pub download_csv: HtmlElement,
    pub copy_csv: HtmlElement,
    field_extra: HtmlElement,
    neuron_extra: HtmlElement,
    regime: Element,
    regime_track: [HtmlElement; 3],
    explanation: Explanation,
    shown_regime_scene: Option<Scene>,
    shown_regime_sentence: Option<(Scene, u64, Language)>,
    full_app_link: Element,
    announcer: Element,
    field_readouts: [NumberSlot; 6],
    neuron_readouts: [NumberSlot; 7],
    no_update: HtmlElement,
    update_table: HtmlElement,
    update_rows: [UpdateRow; 4],
    run_log: RunLog,

    field_background: Option<FieldBackground>,
    loss_chart: LossChart,
    shown_learning_rate: Option<(Scene, f64)>,
    shown_notices: Option<usize>,
    shown_language: Option<Language>,
    shown_layout: Option<(bool, Vec<Part>)>,
    shown_full_app_query: String,
    /// The step last announced to screen readers, and when (ms since the epoch).
    announced: (u64, f64),
    /// When the parts that refresh slowly while playing were last drawn (ms since the epoch).
    slow_time: f64,
    controls_shown: Option<ControlsShown>,
    needs_fit: bool,
}

impl View {
    pub fn find(document: &Document) -> Result<Self, JsValue> {
        let element = |id: &str| by_id::<Element>(document, id);
        let update_row = |name: &str| -> Result<UpdateRow, JsValue> {
            Ok(UpdateRow {
                before: NumberSlot::new(element(&format!("update-{name}-before"))?),
                gradient: NumberSlot::new(element(&format!("update-{name}-gradient"))?),
                after: NumberSlot::new(element(&format!("update-{name}-after"))?),
            })
        };
        let window = super::dom::window()?;
        let dark = window
            .match_media("(prefers-color-scheme: dark)")?
            .is_some_and(|query| query.matches());
        Ok(Self {
            document: document.clone(),
            html: document
                .document_element()
                .ok_or_else(|| JsValue::from_str("the page has no root element"))?,
            body: document
                .body()
                .ok_or_else(|| JsValue::from_str("the page has no body"))?,
            dark,
            app_root: by_id(document, "app")?,
            status: by_id(document, "status")?,
            notices: by_id(document, "notices")?,
            notice_list: element("notice-list")?,
            dismiss_notices: by_id(document, "dismiss-notices")?,
            tab_field: by_id(document, "tab-field")?,
            tab_neuron: by_id(document, "tab-neuron")?,
            panel_field: by_id(document, "panel-field")?,
            panel_neuron: by_id(document, "panel-neuron")?,
            play: by_id(document, "play")?,
            step: by_id(document, "step")?,
            reset: by_id(document, "reset")?,
            randomize: by_id(document, "randomize")?,
            slider: by_id(document, "learning-rate-slider")?,
            number: by_id(document, "learning-rate-input")?,
            speed: by_id(document, "speed")?,
            learning_rate_error: by_id(document, "learning-rate-error")?,
            divergence: by_id(document, "divergence")?,
            field_canvas: by_id(document, "field-canvas")?,
            loss_canvas: by_id(document, "loss-canvas")?,
            log_scale: by_id(document, "log-scale")?,
            language_buttons: [
                by_id(document, "language")?,
                by_id(document, "language-embedded")?,
            ],
            copy_link: by_id(document, "copy-link")?,
            share_url: by_id(document, "share-url")?,
            link_status: by_id(document, "link-status")?,
            csv_status: element("csv-status")?,
            back: by_id(document, "back")?,
            scrubber: by_id(document, "scrubber")?,
            scrubber_step: NumberSlot::new(element("scrubber-step")?),
            history_shown: None,
            download_csv: by_id(document, "download-csv")?,
            copy_csv: by_id(document, "copy-csv")?,
            field_extra: by_id(document, "field-extra")?,
            neuron_extra: by_id(document, "neuron-extra")?,
            regime: element("regime")?,
            regime_track: [
                by_id(document, "regime-monotonic")?,
                by_id(document, "regime-oscillating")?,
                by_id(document, "regime-diverging")?,
            ],
            explanation: Explanation::find(document)?,
            shown_regime_scene: None,
            shown_regime_sentence: None,
            full_app_link: element("full-app-link")?,
            announcer: element("announcer")?,
            field_readouts: [
                NumberSlot::new(element("field-x")?),
                NumberSlot::new(element("field-y")?),
                NumberSlot::new(element("field-f")?),
                NumberSlot::new(element("field-dfdx")?),
                NumberSlot::new(element("field-dfdy")?),
                NumberSlot::new(element("field-step")?),
            ],
            neuron_readouts: [
                NumberSlot::new(element("neuron-w1")?),
                NumberSlot::new(element("neuron-w2")?),
                NumberSlot::new(element("neuron-w3")?),
                NumberSlot::new(element("neuron-b")?),
                NumberSlot::new(element("neuron-prediction")?),
                NumberSlot::new(element("neuron-loss")?),
                NumberSlot::new(element("neuron-step")?),
            ],
            no_update: by_id(document, "no-update")?,
            update_table: by_id(document, "update-table")?,
            update_rows: [
                update_row("w1")?,
                update_row("w2")?,
                update_row("w3")?,
                update_row("b")?,
            ],
            run_log: RunLog::find(document)?,
            field_background: None,
            loss_chart: LossChart::new(document)?,
            shown_learning_rate: None,
            shown_notices: None,
            shown_language: None,
            shown_layout: None,
            shown_full_app_query: String::new(),
            announced: (u64::MAX, 0.0),
            slow_time: f64::NEG_INFINITY,
            controls_shown: None,
            needs_fit: true,
        })
    }

    /// Shows `app` on the page. While playing, the parts a reader cannot follow at 60
    /// frames a second (equations, graph numbers, run log, links) refresh four times a
    /// second; readouts, canvases and the curve follow every frame.
    pub fn render(&mut self, app: &App, pixel_ratio: f64) -> Result<(), JsValue> {
        let now = js_sys::Date::now();
        let slow = !app.playing || now - self.slow_time >= SLOW_REFRESH_MS;
        if slow {
            self.slow_time = now;
        }
        self.render_language(app)?;
        self.render_layout(app, slow);
        // Reading a canvas's size forces a layout, so it happens only when a size may have
        // changed: at the start, when panels show or hide, and when a ResizeObserver says so.
        if self.render_controls(app, slow) || self.needs_fit {
            canvas::fit_to_display(&self.field_canvas, pixel_ratio);
            canvas::fit_to_display(&self.loss_canvas, pixel_ratio);
            self.needs_fit = false;
        }
        self.render_notices(app)?;
        match app.scene {
            Scene::Field => {
                self.render_field_readouts(app);
                self.render_field_canvas(app, pixel_ratio)?;
            }
            Scene::Neuron => {
                self.render_neuron_readouts(app);
                // The run log catches up when play pauses: rewriting table rows costs more
                // than a frame, and lines scrolling by at 60 a second cannot be read.
                if !app.playing {
                    self.run_log.render(app)?;
                }
            }
        }
        self.explanation.render(app);
        self.render_history(app);
        self.announce(app);
        // A hidden chart (hide=chart, or not laid out yet) has no size to draw into.
        if app.is_hidden(Part::Chart) || self.loss_canvas.width() <= 1 {
            return Ok(());
        }
        let language = app.language;
        let style = ChartStyle {
            dark: self.dark,
            step_label: language.text(Key::AxisStep),
            loss_label: language.text(Key::AxisLoss),
            ..ChartStyle::for_pixel_ratio(pixel_ratio)
        };
        self.loss_chart.draw(&self.loss_canvas, app, style)
    }

    /// Puts every string in the app's language, once per change of language.
    fn render_language(&mut self, app: &App) -> Result<(), JsValue> {
        let language = app.language;
        if self.shown_language == Some(language) {
            return Ok(());
        }
        dom::apply_texts(&self.document, language)?;
        self.html.set_attribute("lang", language.code())?;
        self.document.set_title(language.text(Key::Title));
        for button in &self.language_buttons {
            // The switch is written in the other language; say so to screen readers.
            button.set_attribute("lang", language.other().code())?;
        }
        self.explanation.insert_graph(&self.document, language)?;
        self.shown_language = Some(language);
        self.shown_notices = None;
        Ok(())
    }

    /// Embed mode and the parts the embedding author hid.
    fn render_layout(&mut self, app: &App, slow: bool) {
        let layout_shown = self
            .shown_layout
            .as_ref()
            .is_some_and(|(embed, hidden)| *embed == app.embed && *hidden == app.hidden);
        if !layout_shown {
            let _ = self.body.class_list().toggle_with_force("embed", app.embed);
            for part in Part::ALL {
                let Ok(elements) = self
                    .document
                    .query_selector_all(&format!("[data-part=\"{}\"]", part.key()))
                else {
                    continue;
                };
                for index in 0..elements.length() {
                    if let Some(element) = elements
                        .get(index)
                        .and_then(|node| node.dyn_into::<HtmlElement>().ok())
                    {
                        set_hidden(&element, app.is_hidden(part));
                    }
                }
            }
            self.shown_layout = Some((app.embed, app.hidden.clone()));
        }
        if !slow {
            return;
        }
        let full_app_query = app.full_app_query();
        if self.shown_full_app_query != full_app_query {
            let _ = self
                .full_app_link
                .set_attribute("href", &format!("?{full_app_query}"));
            self.shown_full_app_query = full_app_query;
        }
    }

    /// Back and the scrubber: the scrubber spans the steps taken and sits on the shown one.
    fn render_history(&mut self, app: &App) {
        let (steps, shown) = (app.steps(), app.shown_step());
        self.scrubber_step.show_count(shown);
        if app.playing {
            // Both change every frame: write them from the kept buffer, without reading
            // the DOM back (that would allocate a string per read).
            if self.history_shown != Some((steps, shown)) {
                // Writing to a `String` cannot fail.
                dom::with_kept_text(|text| {
                    let _ = write!(text, "{steps}");
                    self.scrubber.set_max(text);
                });
                dom::with_kept_text(|text| {
                    let _ = write!(text, "{shown}");
                    self.scrubber.set_value(text);
                });
                self.history_shown = Some((steps, shown));
            }
            return;
        }
        // Paused: compare with the DOM, which the reader's dragging may have moved.
        let (steps_text, shown_text) = (steps.to_string(), shown.to_string());
        if self.scrubber.max() != steps_text {
            self.scrubber.set_max(&steps_text);
        }
        if self.scrubber.value() != shown_text {
            self.scrubber.set_value(&shown_text);
        }
        self.history_shown = Some((steps, shown));
    }

    /// What the learning rate does here, in words, and the regimes marked on the track.
    fn render_regime(&mut self, app: &App) {
        // The sentence depends on the scene, the rate and the language only.
        let sentence = (app.scene, app.learning_rate().to_bits(), app.language);
        let curvature = app.curvature();
        if self.shown_regime_sentence != Some(sentence) {
            let (one_step, bounce) = regime::thresholds(curvature);
            let factor = readout(1.0 - curvature * app.learning_rate());
            set_text(
                &self.regime,
                &app.language.regime(app.regime(), &factor, one_step, bounce),
            );
            self.shown_regime_sentence = Some(sentence);
        }
        if self.shown_regime_scene == Some(app.scene) {
            return;
        }
        let position = |rate: f64| {
            learning_rate::to_slider(rate) / f64::from(learning_rate::SLIDER_STEPS) * 100.0
        };
        let (first, second) = (position(1.0 / curvature), position(2.0 / curvature));
        for (segment, width) in
            self.regime_track
                .iter()
                .zip([first, second - first, 100.0 - second])
        {
            // CSSOM, not a style attribute: the page's CSP forbids inline styles.
            let _ = segment
                .style()
                .set_property("width", &format!("{width:.2}%"));
        }
        self.shown_regime_scene = Some(app.scene);
    }

    /// Tells screen readers the step and the loss: every manual step, and at most
    /// once a second while playing.
    fn announce(&mut self, app: &App) {
        let steps = app.shown_step();
        let now = js_sys::Date::now();
        if steps == self.announced.0 || (app.playing && now - self.announced.1 < 1000.0) {
            return;
        }
        let loss = app
            .losses()
            .at_or_before(steps)
            .map_or(0.0, |sample| sample.value);
        set_text(
            &self.announcer,
            &app.language.announcement(steps, &readout(loss)),
        );
        self.announced = (steps, now);
    }

    /// The canvases may have a new size: measure them at the next render.
    pub fn request_fit(&mut self) {
        self.needs_fit = true;
    }

    /// Shows the share link in the field beside "Copy link", selected for copying by hand.
    pub fn show_share_link(&self, link: &str) {
        self.share_url.set_value(link);
        set_hidden(&self.share_url, false);
        self.share_url.select();
    }

    /// Rewrites the controls if what they show changed; returns whether it did.
    fn render_controls(&mut self, app: &App, slow: bool) -> bool {
        let rate = app.learning_rate();
        if self.shown_learning_rate != Some((app.scene, rate)) {
            self.slider
                .set_value(&learning_rate::to_slider(rate).to_string());
            self.number.set_value(&readout(rate));
            self.shown_learning_rate = Some((app.scene, rate));
        }
        if slow {
            self.render_regime(app);
        }
        let shown = ControlsShown {
            scene: app.scene,
            playing: app.playing,
            language: app.language,
            learning_rate_error: app.learning_rate_error.clone(),
            diverged_at: app.diverged_at().map(f64::to_bits),
            loss_scale: app.loss_scale,
            speed: app.speed,
            clipboard: app.clipboard,
        };
        if self.controls_shown.as_ref() == Some(&shown) {
            return false;
        }
        self.controls_shown = Some(shown);
        let language = app.language;
        let text = |key| language.text(key);
        let on_field = app.scene == Scene::Field;
        for (tab, panel, selected) in [
            (&self.tab_field, &self.panel_field, on_field),
            (&self.tab_neuron, &self.panel_neuron, !on_field),
        ] {
            let _ = tab.set_attribute("aria-selected", if selected { "true" } else { "false" });
            set_hidden(panel, !selected);
        }
        set_hidden(&self.randomize, on_field);
        set_hidden(&self.field_extra, !on_field);
        set_hidden(&self.neuron_extra, on_field);
        set_text(
            &self.play,
            text(if app.playing { Key::Pause } else { Key::Play }),
        );
        match &app.learning_rate_error {
            Some(error) => {
                set_text(
                    &self.learning_rate_error,
                    language.learning_rate_error(error),
                );
                set_hidden(&self.learning_rate_error, false);
                let _ = self.number.set_attribute("aria-invalid", "true");
            }
            None => {
                set_hidden(&self.learning_rate_error, true);
                let _ = self.number.remove_attribute("aria-invalid");
            }
        }
        match app.diverged_at() {
            Some(rate) => {
                set_text(&self.divergence, &language.divergence(&readout(rate)));
                set_hidden(&self.divergence, false);
            }
            None => set_hidden(&self.divergence, true),
        }
        self.log_scale.set_checked(app.loss_scale == LossScale::Log);
        let speed = app.speed.to_string();
        if self.speed.value() != speed {
            self.speed.set_value(&speed);
        }
        let (link_status, csv_status) = match app.clipboard {
            None => ("", ""),
            Some((Clip::Link, true)) => (text(Key::LinkCopied), ""),
            Some((Clip::Link, false)) => (text(Key::CopyFailed), ""),
            Some((Clip::Csv, true)) => ("", text(Key::CsvCopied)),
            Some((Clip::Csv, false)) => ("", text(Key::CsvCopyFailed)),
        };
        set_text(&self.link_status, link_status);
        set_text(&self.csv_status, csv_status);
        true
    }

    fn render_notices(&mut self, app: &App) -> Result<(), JsValue> {
        if self.shown_notices == Some(app.notices.len()) {
            return Ok(());
        }
        self.notice_list.set_text_content(None);
        for notice in &app.notices {
            let item = self.document.create_element("li")?;
            item.set_text_content(Some(&app.language.notice(notice)));
            self.notice_list.append_child(&item)?;
        }
        set_hidden(&self.notices, app.notices.is_empty());
        self.shown_notices = Some(app.notices.len());
        Ok(())
    }

    fn render_field_readouts(&mut self, app: &App) {
        let shown = app.field.shown();
        let position = shown.position;
        let gradient = surface::gradient(position);
        let values = [
            position.x,
            position.y,
            surface::value(position),
            gradient.x,
            gradient.y,
        ];
        for (slot, value) in self.field_readouts.iter_mut().zip(values) {
            slot.show(value);
        }
        self.field_readouts[5].show_count(shown.step);
    }

    fn render_field_canvas(&mut self, app: &App, pixel_ratio: f64) -> Result<(), JsValue> {
        let size = self.field_canvas.width();
        if self
            .field_background
            .as_ref()
            .map(|background| background.size)
            != Some(size)
        {
            self.field_background = Some(FieldBackground::new(&self.document, size, pixel_ratio)?);
        }
        let background = self
            .field_background
            .as_ref()
            .expect("the background was just built for this size");
        let context = canvas::context_2d(&self.field_canvas)?;
        canvas::draw_field(&context, background, app, pixel_ratio)
    }

    fn render_neuron_readouts(&mut self, app: &App) {
        let shown = app.neuron.shown();
        let parameters = shown.parameters;
        let forward = graph::forward(parameters, None);
        let values = [
            parameters.weights[0],
            parameters.weights[1],
            parameters.weights[2],
            parameters.bias,
            forward[graph::Node::Prediction.index()],
            forward[graph::Node::Loss.index()],
        ];
        for (slot, value) in self.neuron_readouts.iter_mut().zip(values) {
            slot.show(value);
        }
        self.neuron_readouts[6].show_count(shown.step);

        set_hidden(&self.no_update, shown.last_step.is_some());
        set_hidden(&self.update_table, shown.last_step.is_none());
        if let Some(step) = &shown.last_step {
            let before = step.before.weights.iter().chain([&step.before.bias]);
            let gradients = step.gradients.weights.iter().chain([&step.gradients.bias]);
            let after = step.after.weights.iter().chain([&step.after.bias]);
            for (row, ((before, gradient), after)) in self
                .update_rows
                .iter_mut()
                .zip(before.zip(gradients).zip(after))
            {
                row.before.show(*before);
                row.gradient.show(*gradient);
                row.after.show(*after);
            }
        }
    }
}

/// While playing, slow parts of the page refresh at most this often.
const SLOW_REFRESH_MS: f64 = 250.0;
