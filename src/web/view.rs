//! The page's elements and how the page model ([`Page`]) is written into them.
//!
//! Every decision about what to show is made in the core (`crate::page`); this file
//! only compares the page model with the one it drew last and writes what changed.
//! It knows no lesson by name: each lesson's panel is found by its scene's key.

use std::fmt::Write;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};

use super::canvas::{self, FieldBackground, LossChart};
use super::dom::{self, by_id, set_hidden, set_text, NumberSlot};
use super::explain::Explanation;
use super::log::RunLog;
use super::race::{RacePanel, RaceTrails};
use crate::app::App;
use crate::page::{self, Page};
use crate::render::chart::ChartStyle;
use crate::text::{Caption, Key};
use crate::vocabulary::{Language, LossScale, Part, Scene};

/// The update table of a lesson's panel: a "no update yet" line, the table, and three
/// cells (before, gradient, after) per parameter.
struct UpdateTable {
    empty: HtmlElement,
    table: HtmlElement,
    cells: Vec<NumberSlot>,
}

/// One lesson's part of the page: its tab, its panel, the section under the chart.
struct LessonPanel {
    scene: Scene,
    tab: HtmlElement,
    panel: HtmlElement,
    extra: HtmlElement,
    readouts: Vec<NumberSlot>,
    step: NumberSlot,
    /// The captions saying which step each part shows (in the panel and its section).
    captions: Vec<(Caption, HtmlElement)>,
    update: Option<UpdateTable>,
    log: Option<RunLog>,
    /// The sentence on the post's own run, if the panel has one.
    post_note: Option<HtmlElement>,
    explanation: Explanation,
}

fn query<T: JsCast>(root: &Element, selector: &str) -> Result<Option<T>, JsValue> {
    Ok(root
        .query_selector(selector)?
        .and_then(|element| element.dyn_into::<T>().ok()))
}

fn query_all(root: &Element, selector: &str) -> Result<Vec<Element>, JsValue> {
    let nodes = root.query_selector_all(selector)?;
    Ok((0..nodes.length())
        .filter_map(|index| nodes.get(index)?.dyn_into::<Element>().ok())
        .collect())
}

impl LessonPanel {
    fn find(document: &Document, scene: Scene) -> Result<Self, JsValue> {
        let key = scene.key();
        let panel: HtmlElement = by_id(document, &format!("panel-{key}"))?;
        let extra: HtmlElement = by_id(document, &format!("{key}-extra"))?;
        let step = query::<Element>(&panel, "[data-readout-step]")?
            .ok_or_else(|| JsValue::from_str(&format!("#panel-{key} has no step readout")))?;
        let update = match (
            query::<HtmlElement>(&panel, "[data-no-update]")?,
            query::<HtmlElement>(&panel, "[data-update-table]")?,
        ) {
            (Some(empty), Some(table)) => Some(UpdateTable {
                cells: query_all(&table, "td")?
                    .into_iter()
                    .map(NumberSlot::new)
                    .collect(),
                empty,
                table,
            }),
            _ => None,
        };
        let log = match (
            query::<Element>(&panel, "[data-log]")?,
            query::<Element>(&panel, "[data-log-wrap]")?,
        ) {
            (Some(body), Some(wrap)) => Some(RunLog::new(document, body, wrap)),
            _ => None,
        };
        let mut captions = Vec::new();
        for root in [&panel, &extra] {
            for element in query_all(root, "[data-step-caption]")? {
                let element: HtmlElement = element.dyn_into()?;
                let name = element
                    .get_attribute("data-step-caption")
                    .unwrap_or_default();
                let caption = Caption::ALL
                    .into_iter()
                    .find(|caption| caption.key() == name)
                    .ok_or_else(|| JsValue::from_str(&format!("unknown step caption {name}")))?;
                captions.push((caption, element));
            }
        }
        Ok(Self {
            scene,
            captions,
            post_note: query(&panel, "[data-post-note]")?,
            tab: by_id(document, &format!("tab-{key}"))?,
            readouts: query_all(&panel, "[data-readout]")?
                .into_iter()
                .map(NumberSlot::new)
                .collect(),
            step: NumberSlot::new(step),
            update,
            log,
            explanation: Explanation::find(document, &extra, scene)?,
            panel,
            extra,
        })
    }
}

pub struct View {
    document: Document,
    html: Element,
    body: HtmlElement,
    /// Whether the reader's system asks for a dark page (read once at start).
    dark: bool,
    pub app_root: HtmlElement,
    pub status: HtmlElement,
    notices: HtmlElement,
    notice_list: Element,
    pub dismiss_notices: HtmlElement,
    pub play: HtmlElement,
    pub step: HtmlElement,
    pub reset: HtmlElement,
    pub randomize: HtmlElement,
    pub post_start: HtmlElement,
    pub slider: HtmlInputElement,
    pub number: HtmlInputElement,
    pub speed: HtmlSelectElement,
    /// How a batch lesson's bias gradient combines the samples (hidden elsewhere).
    pub bias_mode: HtmlSelectElement,
    bias_mode_wrap: HtmlElement,
    learning_rate_error: HtmlElement,
    divergence: HtmlElement,
    convergence: HtmlElement,
    pub field_canvas: HtmlCanvasElement,
    pub loss_canvas: HtmlCanvasElement,
    loss_heading: Element,
    pub log_scale: HtmlInputElement,
    pub language_buttons: [HtmlElement; 2],
    pub copy_link: HtmlElement,
    share_url: HtmlInputElement,
    link_status: HtmlElement,
    csv_status: Element,
    pub back: HtmlElement,
    pub scrubber: HtmlInputElement,
    scrubber_step: NumberSlot,
    pub download_csv: HtmlElement,
    pub copy_csv: HtmlElement,
    regime: Element,
    regime_track: [HtmlElement; 3],
    /// The labels 1/κ and 2/κ under the track's boundaries.
    regime_labels: [HtmlElement; 2],
    /// The label of the best fixed rate (on a race's bar only).
    best_rate_label: HtmlElement,
    full_app_link: Element,
    announcer: Element,
    pub challenge_list: Element,
    challenge_active: HtmlElement,
    challenge_teaches: HtmlElement,
    challenge_guess_row: HtmlElement,
    pub challenge_guess: HtmlInputElement,
    challenge_status: Element,
    pub challenge_leave: HtmlElement,
    pub challenge_retry: HtmlElement,
    lessons: Vec<LessonPanel>,

    field_background: Option<FieldBackground>,
    /// The optimizer race's controls, table and canvas.
    pub race: RacePanel,
    /// The race's paths and curves, gathered once a frame for both pictures.
    race_trails: RaceTrails,
    loss_chart: LossChart,
    /// The page model drawn last (`None` before the first render).
    drawn: Option<Page>,
    /// The page model the slowly refreshed texts were last written from.
    texts_drawn: Option<Page>,
    /// What the slowly refreshed texts were last written from.
    shown_language: Option<Language>,
    shown_full_app_href: String,
    shown_shared_link: Option<String>,
    /// The step last announced to screen readers, and when (ms since the epoch).
    announced: (u64, f64),
    /// When the parts that refresh slowly while playing were last drawn (ms since the epoch).
    slow_time: f64,
    needs_fit: bool,
}

impl View {
    pub fn find(document: &Document) -> Result<Self, JsValue> {
        let element = |id: &str| by_id::<Element>(document, id);
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
            play: by_id(document, "play")?,
            step: by_id(document, "step")?,
            reset: by_id(document, "reset")?,
            randomize: by_id(document, "randomize")?,
            post_start: by_id(document, "post-start")?,
            slider: by_id(document, "learning-rate-slider")?,
            number: by_id(document, "learning-rate-input")?,
            speed: by_id(document, "speed")?,
            bias_mode: by_id(document, "bias-mode")?,
            bias_mode_wrap: by_id(document, "bias-mode-wrap")?,
            learning_rate_error: by_id(document, "learning-rate-error")?,
            divergence: by_id(document, "divergence")?,
            convergence: by_id(document, "convergence")?,
            field_canvas: by_id(document, "field-canvas")?,
            loss_canvas: by_id(document, "loss-canvas")?,
            loss_heading: element("loss-heading")?,
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
            download_csv: by_id(document, "download-csv")?,
            copy_csv: by_id(document, "copy-csv")?,
            regime: element("regime")?,
            regime_track: [
                by_id(document, "regime-monotonic")?,
                by_id(document, "regime-oscillating")?,
                by_id(document, "regime-diverging")?,
            ],
            best_rate_label: by_id(document, "regime-label-best")?,
            regime_labels: [
                by_id(document, "regime-label-one")?,
                by_id(document, "regime-label-two")?,
            ],
            full_app_link: element("full-app-link")?,
            challenge_list: element("challenge-list")?,
            challenge_active: by_id(document, "challenge-active")?,
            challenge_teaches: by_id(document, "challenge-teaches")?,
            challenge_guess_row: by_id(document, "challenge-guess-row")?,
            challenge_guess: by_id(document, "challenge-guess")?,
            challenge_status: element("challenge-status")?,
            challenge_leave: by_id(document, "challenge-leave")?,
            challenge_retry: by_id(document, "challenge-retry")?,
            announcer: element("announcer")?,
            lessons: Scene::ALL
                .into_iter()
                .map(|scene| LessonPanel::find(document, scene))
                .collect::<Result<_, _>>()?,
            field_background: None,
            race: RacePanel::find(document)?,
            race_trails: RaceTrails::new(),
            loss_chart: LossChart::new(document)?,
            drawn: None,
            texts_drawn: None,
            shown_language: None,
            shown_full_app_href: String::new(),
            shown_shared_link: None,
            announced: (u64::MAX, 0.0),
            slow_time: f64::NEG_INFINITY,
            needs_fit: true,
        })
    }

    /// The tab buttons, for the listeners: each with the scene it selects.
    pub fn tabs(&self) -> impl Iterator<Item = (Scene, &HtmlElement)> {
        self.lessons
            .iter()
            .map(|lesson| (lesson.scene, &lesson.tab))
    }

    /// Shows `app` on the page. While playing, the parts a reader cannot follow at 60
    /// frames a second (equations, run log, links) refresh four times a second or
    /// when play pauses; readouts, canvases and the curve follow every frame.
    pub fn render(&mut self, app: &App, pixel_ratio: f64) -> Result<(), JsValue> {
        let page = Page::of(app);
        let now = js_sys::Date::now();
        let slow = !page.playing || now - self.slow_time >= SLOW_REFRESH_MS;
        if slow {
            self.slow_time = now;
        }
        self.render_language(app)?;
        if self.changed(&page, |p| (p.scene, p.language)) {
            set_text(&self.loss_heading, page.loss_words().0);
        }
        self.render_layout(app, &page, slow);
        // Reading a canvas's size forces a layout, so it happens only when a size may have
        // changed: at the start, when panels show or hide, and when a ResizeObserver says so.
        if self.render_controls(&page) || self.needs_fit {
            canvas::fit_to_display(&self.field_canvas, pixel_ratio);
            canvas::fit_to_display(&self.loss_canvas, pixel_ratio);
            self.race.fit(pixel_ratio);
            self.needs_fit = false;
        }
        if slow {
            self.render_texts(app, &page)?;
            self.texts_drawn = Some(page);
        }
        self.render_lesson(app, &page)?;
        self.render_challenge(app, &page)?;
        if page.has_field {
            self.render_field_canvas(app, pixel_ratio)?;
        }
        if page.race.is_some() {
            self.race_trails.gather(app.run());
            self.race
                .render(app, &page, self.dark, slow, &self.race_trails)?;
        }
        self.render_history(&page);
        self.announce(&page);
        self.drawn = Some(page);
        // A hidden chart (hide=chart, or not laid out yet) has no size to draw into.
        if page.hidden.contains(Part::Chart) || self.loss_canvas.width() <= 1 {
            return Ok(());
        }
        let style = ChartStyle {
            dark: self.dark,
            step_label: page.language.text(Key::AxisStep),
            loss_label: page.loss_words().1,
            ..ChartStyle::for_pixel_ratio(pixel_ratio)
        };
        if let Some(race) = &page.race {
            return self.loss_chart.draw_race(
                &self.loss_canvas,
                &self.race_trails,
                race,
                page.loss_scale,
                style,
            );
        }
        let marker = (page.announcement.step, page.announcement.loss);
        self.loss_chart.draw(
            &self.loss_canvas,
            app.losses().samples(),
            page.loss_scale,
            marker,
            style,
        )
    }

    /// Whether `part` of the page model changed since the last render.
    fn changed<T: PartialEq>(&self, page: &Page, part: impl Fn(&Page) -> T) -> bool {
        changed(&self.drawn, page, part)
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
        for lesson in &mut self.lessons {
            lesson.explanation.insert_graph(&self.document, language)?;
        }
        self.shown_language = Some(language);
        // Every text written from the page model is in the old language: rewrite all.
        self.drawn = None;
        self.texts_drawn = None;
        Ok(())
    }

    /// Embed mode and the parts the embedding author hid.
    fn render_layout(&mut self, app: &App, page: &Page, slow: bool) {
        if self.changed(page, |p| (p.embed, p.hidden)) {
            let _ = self
                .body
                .class_list()
                .toggle_with_force("embed", page.embed);
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
                        set_hidden(&element, page.hidden.contains(part));
                    }
                }
            }
        }
        if !slow {
            return;
        }
        let href = page::full_app_href(app);
        if self.shown_full_app_href != href {
            let _ = self.full_app_link.set_attribute("href", &href);
            self.shown_full_app_href = href;
        }
    }

    /// The regime sentence, the track's three segments and its labels at 1/κ and 2/κ.
    fn render_regime(
        &self,
        (one_step, bounce): (f64, f64),
        sentence: &str,
        one_label: String,
        two_label: String,
        escapes: bool,
    ) {
        set_text(&self.regime, sentence);
        for segment in &self.regime_track {
            let _ = segment.class_list().toggle_with_force("escapes", escapes);
        }
        for (segment, width) in
            self.regime_track
                .iter()
                .zip([one_step, bounce - one_step, 100.0 - bounce])
        {
            // CSSOM, not a style attribute: the page's CSP forbids inline styles.
            let _ = segment
                .style()
                .set_property("width", &format!("{width:.2}%"));
        }
        for (label, (text, position)) in self
            .regime_labels
            .iter()
            .zip([(one_label, one_step), (two_label, bounce)])
        {
            set_text(label, &text);
            let _ = label
                .style()
                .set_property("left", &format!("{position:.2}%"));
            // Right of the middle a label ends at its boundary, so it stays on the track.
            let _ = label.class_list().toggle_with_force("end", position > 50.0);
        }
    }

    /// Texts with numbers in them, notices and links: rewritten when their inputs change.
    fn render_texts(&mut self, app: &App, page: &Page) -> Result<(), JsValue> {
        // Without one κ the regime parts are hidden (`Part::Regime`): nothing to write.
        // The race's sentence also names the first optimizer and reads its surface's
        // curvatures there (both of them: the smaller one's sign stripes the track).
        let race_key = |p: &Page| {
            p.race.map(|race| {
                (
                    race.leader(),
                    race.surface.kind,
                    p.race_curvatures.map(|values| values.map(f64::to_bits)),
                )
            })
        };
        if changed(&self.texts_drawn, page, |p| {
            (p.scene, p.regime, race_key(p))
        }) {
            if let (Some(regime), Some(sentence), Some((one_label, two_label))) =
                (page.regime, page.regime_sentence(), page.regime_labels())
            {
                self.render_regime(
                    regime.boundaries,
                    &sentence,
                    one_label,
                    two_label,
                    page.track_escapes(),
                );
                let best = regime.best.zip(page.best_rate_label());
                set_hidden(&self.best_rate_label, best.is_none());
                if let Some(((_, position), label)) = best {
                    set_text(&self.best_rate_label, &label);
                    let _ = self
                        .best_rate_label
                        .style()
                        .set_property("left", &format!("{position:.2}%"));
                    let _ = self
                        .best_rate_label
                        .class_list()
                        .toggle_with_force("end", position > 50.0);
                }
            }
        }
        if changed(&self.texts_drawn, page, |p| p.notice_count) {
            self.notice_list.set_text_content(None);
            for notice in page::notices(app) {
                let item = self.document.create_element("li")?;
                item.set_text_content(Some(&notice));
                self.notice_list.append_child(&item)?;
            }
            set_hidden(&self.notices, page.notice_count == 0);
        }
        if self.shown_shared_link != app.shared_link {
            if let Some(link) = &app.shared_link {
                self.share_url.set_value(link);
                set_hidden(&self.share_url, false);
                self.share_url.select();
            }
            self.shown_shared_link = app.shared_link.clone();
        }
        Ok(())
    }

    /// Back and the scrubber: the scrubber spans the steps taken and sits on the shown one.
    fn render_history(&mut self, page: &Page) {
        let (steps, shown) = (page.steps, page.shown_step);
        self.scrubber_step.show_count(shown);
        if page.playing {
            // Both change every frame: write them from the kept buffer, without reading
            // the DOM back (that would allocate a string per read).
            if self.changed(page, |p| (p.steps, p.shown_step, p.playing)) {
                // Writing to a `String` cannot fail.
                dom::with_kept_text(|text| {
                    let _ = write!(text, "{steps}");
                    self.scrubber.set_max(text);
                });
                dom::with_kept_text(|text| {
                    let _ = write!(text, "{shown}");
                    self.scrubber.set_value(text);
                });
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
    }

    /// Tells screen readers the step and the loss: every manual step, and at most
    /// once a second while playing.
    fn announce(&mut self, page: &Page) {
        let now = js_sys::Date::now();
        let step = page.announcement.step;
        if step == self.announced.0 || (page.playing && now - self.announced.1 < 1000.0) {
            return;
        }
        set_text(&self.announcer, &page.announcement_text());
        self.announced = (step, now);
    }

    /// The canvases may have a new size: measure them at the next render.
    pub fn request_fit(&mut self) {
        self.needs_fit = true;
    }

    /// Rewrites the controls if what they show changed; returns whether a panel was
    /// shown or hidden (the canvases may have a new size then).
    fn render_controls(&mut self, page: &Page) -> bool {
        if self.changed(page, |p| (p.scene, p.learning_rate.to_bits())) {
            self.slider.set_value(&page.slider_position.to_string());
            self.number
                .set_value(&crate::format::readout(page.learning_rate));
        }
        if self.changed(page, |p| p.playing) {
            set_text(&self.play, page.play_label());
        }
        if self.changed(page, |p| p.learning_rate_error) {
            match page.learning_rate_error_text() {
                Some(message) => {
                    set_text(&self.learning_rate_error, message);
                    set_hidden(&self.learning_rate_error, false);
                    let _ = self.number.set_attribute("aria-invalid", "true");
                }
                None => {
                    set_hidden(&self.learning_rate_error, true);
                    let _ = self.number.remove_attribute("aria-invalid");
                }
            }
        }
        if self.changed(page, |p| p.diverged_at.map(f64::to_bits)) {
            show_message(&self.divergence, page.divergence_text());
        }
        if self.changed(page, |p| p.settled_at) {
            show_message(&self.convergence, page.convergence_text());
        }
        if self.changed(page, |p| p.loss_scale) {
            self.log_scale
                .set_checked(page.loss_scale == LossScale::Log);
        }
        // `hidden` too: showing the page's parts again (`render_layout`) shows this one.
        if self.changed(page, |p| (p.bias_gradient, p.hidden)) {
            set_hidden(&self.bias_mode_wrap, page.bias_gradient.is_none());
            if let Some(bias) = page.bias_gradient {
                self.bias_mode.set_value(bias.key());
            }
        }
        if self.changed(page, |p| p.speed) && self.speed.value() != page.speed.key() {
            self.speed.set_value(page.speed.key());
        }
        if self.changed(page, |p| p.outcome) {
            let (link_status, csv_status) = page.outcome_texts();
            set_text(&self.link_status, link_status);
            set_text(&self.csv_status, csv_status);
        }
        if !self.changed(page, |p| p.scene) {
            return false;
        }
        for lesson in &self.lessons {
            let selected = lesson.scene == page.scene;
            let _ = lesson
                .tab
                .set_attribute("aria-selected", if selected { "true" } else { "false" });
            set_hidden(&lesson.panel, !selected);
            set_hidden(&lesson.extra, !selected);
        }
        set_hidden(&self.randomize, !page.randomizable);
        set_hidden(&self.post_start, !page.has_post_start);
        true
    }

    /// "Try it yourself": one button per challenge of the lesson (the one being tried is
    /// pressed), what it teaches, the prediction field and the verdict.
    fn render_challenge(&mut self, app: &App, page: &Page) -> Result<(), JsValue> {
        if self.changed(page, |p| (p.scene, p.language, p.challenge_count)) {
            self.challenge_list.set_text_content(None);
            for (index, challenge) in app.run().challenges().iter().enumerate() {
                let button = self.document.create_element("button")?;
                button.set_attribute("type", "button")?;
                button.set_attribute("data-challenge", &index.to_string())?;
                // Pressed or not from the start: the buttons are rebuilt per lesson and
                // language, and a screen reader should hear them as toggles every time.
                let pressed = page.challenge.is_some_and(|c| c.index == index);
                button.set_attribute("aria-pressed", if pressed { "true" } else { "false" })?;
                button.set_text_content(Some(page.language.text(challenge.task)));
                self.challenge_list.append_child(&button)?;
            }
        }
        if !self.changed(page, |p| (p.challenge, p.language, p.challenge_count)) {
            return Ok(());
        }
        let buttons = self.challenge_list.children();
        for index in 0..buttons.length() {
            if let Some(button) = buttons.item(index) {
                let pressed = page.challenge.is_some_and(|c| c.index == index as usize);
                button.set_attribute("aria-pressed", if pressed { "true" } else { "false" })?;
            }
        }
        set_hidden(&self.challenge_active, page.challenge.is_none());
        let Some(challenge) = page.challenge else {
            return Ok(());
        };
        set_hidden(&self.challenge_retry, !challenge.can_retry());
        set_text(
            &self.challenge_teaches,
            page.language.text(challenge.teaches),
        );
        set_hidden(&self.challenge_teaches, challenge.verdict().is_none());
        let verdict = match challenge.verdict() {
            Some(true) => "met",
            Some(false) => "missed",
            None => "",
        };
        self.challenge_status
            .set_attribute("data-verdict", verdict)?;
        set_hidden(&self.challenge_guess_row, !challenge.predicts);
        let open = challenge.status == crate::challenge::Status::Open;
        if challenge.predicts && open && !challenge.guess_invalid {
            // A new attempt: an empty field for the new prediction (a refused one stays
            // to be corrected).
            self.challenge_guess.set_value("");
        }
        // After step 1 the readouts show the answer: the prediction is closed.
        let guessing =
            open || matches!(challenge.status, crate::challenge::Status::Predicted { .. });
        self.challenge_guess.set_disabled(!guessing);
        set_text(
            &self.challenge_status,
            &challenge.status_text(page.language),
        );
        Ok(())
    }

    /// The current lesson's readouts, update table, run log, graph and equations.
    fn render_lesson(&mut self, app: &App, page: &Page) -> Result<(), JsValue> {
        let lesson = self
            .lessons
            .iter_mut()
            .find(|lesson| lesson.scene == page.scene)
            .expect("every scene has a panel (LessonPanel::find ran over Scene::ALL)");
        for (slot, value) in lesson.readouts.iter_mut().zip(page.readouts.values()) {
            slot.show(*value);
        }
        lesson.step.show_count(page.shown_step);
        if let Some(note) = &lesson.post_note {
            set_hidden(note, !page.follows_post);
        }
        if changed(&self.drawn, page, |p| (p.scene, p.shown_step, p.language)) {
            for (caption, element) in &lesson.captions {
                if *caption == Caption::Update {
                    // The update table's caption names an update: none before the first step.
                    set_hidden(element, page.update.is_none());
                }
                dom::with_kept_text(|text| {
                    page.language.write_caption(*caption, page.shown_step, text);
                    // Not `set_text`: reading the old text back would allocate.
                    element.set_text_content(Some(text));
                });
            }
        }
        if let Some(table) = &mut lesson.update {
            set_hidden(&table.empty, page.update.is_some());
            set_hidden(&table.table, page.update.is_none());
            if let Some(update) = &page.update {
                let values = update
                    .rows()
                    .iter()
                    .flat_map(|row| [row.before, row.gradient, row.after]);
                for (slot, value) in table.cells.iter_mut().zip(values) {
                    slot.show(value);
                }
            }
        }
        // The run log catches up when play pauses: rewriting table rows costs more
        // than a frame, and lines scrolling by at 60 a second cannot be read.
        if let Some(log) = &mut lesson.log {
            if !page.playing {
                log.render(app.run(), page)?;
            }
        }
        lesson.explanation.render(app.run(), page);
        Ok(())
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
        canvas::draw_field(&context, background, app.run(), pixel_ratio)
    }
}

/// Shows a message element with `text`, or hides it when there is none.
fn show_message(element: &HtmlElement, text: Option<String>) {
    if let Some(text) = &text {
        set_text(element, text);
    }
    set_hidden(element, text.is_none());
}

/// Whether `part` of `page` differs from the page model drawn before (or none was).
fn changed<T: PartialEq>(before: &Option<Page>, page: &Page, part: impl Fn(&Page) -> T) -> bool {
    before
        .as_ref()
        .is_none_or(|drawn| part(drawn) != part(page))
}

/// While playing, slow parts of the page refresh at most this often.
const SLOW_REFRESH_MS: f64 = 250.0;
