//! The optimizer race on the page: its setting controls, the table of every optimizer,
//! the sentence on the surface's directions, and the canvas with the surface and every
//! optimizer's path. The picture is computed by `render::surface_map`; this file blits
//! it once per surface and size and draws the paths over it each frame.

use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlElement, HtmlInputElement,
    HtmlSelectElement, ImageData,
};

use super::canvas::{context_2d, fit_to_display};
use super::dom::{by_id, set_hidden, set_text};
use crate::app::App;
use crate::history::Sample;
use crate::lesson::{AnyRun, FIRST_STATES, HISTORY_CAPACITY, RECENT_STATES};
use crate::optimizer::{Method, Methods, Objective, Race, SurfaceKind};
use crate::page::Page;
use crate::render::field::{Align, LabelKind};
use crate::render::formula_svg::{formula_graph_svg, GraphWords};
use crate::render::surface_map::{self, SurfaceLayout, SurfaceLook};
use crate::surface::Vec2;
use crate::vocabulary::Parameter;

/// The canvas colour of each optimizer, in the order of [`Method::ALL`], light and dark
/// (as in the CSS).
pub const RACER_COLOURS: [[&str; 5]; 2] = [
    ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00"],
    // On a dark page Okabe–Ito's blue is too dark: its sky blue instead.
    ["#d55e00", "#56b4e9", "#009e73", "#cc79a7", "#e69f00"],
];

/// Every selected optimizer's path and curve up to the step shown, gathered each frame in
/// one pass over the timeline (one pass per optimizer and per picture took 1.5 ms of a
/// 2.7 ms frame at 1000 steps per frame) into buffers sized once.
pub struct RaceTrails {
    pub positions: [Vec<Vec2>; 5],
    pub values: [Vec<Sample<f64>>; 5],
}

impl RaceTrails {
    pub fn new() -> Self {
        // As many as a timeline keeps, so a long race never grows them mid-play.
        let capacity = FIRST_STATES + RECENT_STATES + HISTORY_CAPACITY;
        Self {
            positions: std::array::from_fn(|_| Vec::with_capacity(capacity)),
            values: std::array::from_fn(|_| Vec::with_capacity(capacity)),
        }
    }

    /// Refills the buffers from `run`: each optimizer until it diverged.
    pub fn gather(&mut self, run: &dyn AnyRun) {
        for (positions, values) in self.positions.iter_mut().zip(&mut self.values) {
            positions.clear();
            values.clear();
        }
        run.visit_races(&mut |step, race| {
            for method in race.methods.iter() {
                let index = method.index();
                if race.diverged_at[index].is_some_and(|at| at <= step) {
                    continue;
                }
                self.positions[index].push(race.racers[index].position);
                self.values[index].push(Sample {
                    step,
                    value: race.values[index],
                });
            }
        });
    }
}

/// One control that sets a race setting, with the URL parameter it writes.
pub struct SettingControl {
    pub parameter: Parameter,
    pub element: HtmlElement,
}

/// The picture of one surface at one size, on an off-screen canvas.
struct Background {
    key: (SurfaceKind, u64, u32, bool),
    /// The typed formula drawn (empty for the built-in surfaces).
    formula: String,
    canvas: HtmlCanvasElement,
    layout: SurfaceLayout,
}

pub struct RacePanel {
    pub canvas: HtmlCanvasElement,
    pub controls: Vec<SettingControl>,
    kappa_wrap: HtmlElement,
    kappa_value: Element,
    setting_error: HtmlElement,
    diverged_note: HtmlElement,
    /// Where a typed formula is not defined, in words.
    formula_note: HtmlElement,
    /// The formula, start and language the note was last written for.
    note_shown: Option<(String, (u64, u64, crate::vocabulary::Language))>,
    /// The typed formula's computational graph: its section, where the SVG goes, and the
    /// line that says whose point it is evaluated at.
    formula_graph: (HtmlElement, Element, Element),
    /// (generation, step, language) of the graph last drawn.
    graph_shown: Option<(u64, u64, crate::vocabulary::Language)>,
    /// The graph's forward values and adjoints, kept between redraws.
    values: Vec<f64>,
    adjoints: Vec<f64>,
    /// The formula error last written (a new mistake rewrites the message).
    shown_formula_error: Option<crate::expression::ParseError>,
    /// Whose numbers the readouts show: its name, and its colour on the line.
    leader: (HtmlElement, Element),
    /// Each optimizer's table row and status cell, in the order of [`Method::ALL`].
    rows: Vec<(HtmlElement, Element)>,
    background: Option<Background>,
    /// What the controls and texts were last written from.
    synced: Option<(u64, Option<Parameter>, crate::vocabulary::Language, bool)>,
    /// What the statuses were last written from: they change only when an optimizer
    /// diverges (or the selection or language changes), so a frame of play writes nothing.
    statuses: Option<(Methods, [Option<u64>; 5], crate::vocabulary::Language)>,
}

impl RacePanel {
    pub fn find(document: &Document) -> Result<Self, JsValue> {
        let panel: Element = by_id(document, "panel-optimizers")?;
        let nodes = panel.query_selector_all("[data-setting]")?;
        let mut controls = Vec::new();
        for index in 0..nodes.length() {
            let Some(element) = nodes.get(index) else {
                continue;
            };
            let element: HtmlElement = element.dyn_into()?;
            let name = element.get_attribute("data-setting").unwrap_or_default();
            let parameter = Parameter::ALL
                .into_iter()
                .find(|parameter| parameter.key() == name)
                .ok_or_else(|| JsValue::from_str(&format!("unknown data-setting {name}")))?;
            controls.push(SettingControl { parameter, element });
        }
        let mut rows = Vec::new();
        for method in Method::ALL {
            let row: HtmlElement = panel
                .query_selector(&format!("tr[data-method=\"{}\"]", method.key()))?
                .ok_or_else(|| JsValue::from_str("a race table row is missing"))?
                .dyn_into()?;
            let status = row
                .query_selector("[data-racer-status]")?
                .ok_or_else(|| JsValue::from_str("a race row has no status cell"))?;
            rows.push((row, status));
        }
        Ok(Self {
            canvas: by_id(document, "race-canvas")?,
            controls,
            kappa_wrap: by_id(document, "kappa-wrap")?,
            kappa_value: by_id(document, "kappa-value")?,
            setting_error: by_id(document, "setting-error")?,
            diverged_note: by_id(document, "diverged-note")?,
            formula_note: by_id(document, "formula-note")?,
            note_shown: None,
            formula_graph: (
                by_id(document, "formula-graph-section")?,
                by_id(document, "formula-graph")?,
                by_id(document, "formula-graph-point")?,
            ),
            graph_shown: None,
            values: Vec::new(),
            adjoints: Vec::new(),
            shown_formula_error: None,
            leader: (
                by_id(document, "race-leader")?,
                by_id(document, "race-leader-name")?,
            ),
            rows,
            background: None,
            synced: None,
            statuses: None,
        })
    }

    /// The value a control's change asks for: the checked optimizers for the check
    /// boxes (`opt=` is one list), else the control's value.
    pub fn value_of(&self, control: &HtmlElement) -> String {
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            if input.type_() == "checkbox" {
                return self
                    .controls
                    .iter()
                    .filter_map(|other| other.element.dyn_ref::<HtmlInputElement>())
                    .filter(|other| other.type_() == "checkbox" && other.checked())
                    .map(|other| other.value())
                    .collect::<Vec<_>>()
                    .join(",");
            }
            return input.value();
        }
        control
            .dyn_ref::<HtmlSelectElement>()
            .map(HtmlSelectElement::value)
            .unwrap_or_default()
    }

    /// Writes the controls from the run's start (when it changed, or a typed value was
    /// refused), the rows and the statuses.
    /// `slow`: whether this frame refreshes what a reader cannot follow at 60 frames a
    /// second (the formula's graph, like the equations).
    pub fn render(
        &mut self,
        app: &App,
        page: &Page,
        dark: bool,
        slow: bool,
        trails: &RaceTrails,
    ) -> Result<(), JsValue> {
        let Some(race) = page.race else {
            return Ok(());
        };
        let sync = (page.generation, page.setting_error, page.language, dark);
        if self.synced != Some(sync) || self.shown_formula_error != app.formula_error {
            self.synced = Some(sync);
            self.shown_formula_error.clone_from(&app.formula_error);
            let mut settings: Vec<(Parameter, String)> = Vec::new();
            app.run()
                .write_settings(&mut |parameter, value| settings.push((parameter, value)));
            for control in &self.controls {
                let value = settings
                    .iter()
                    .find(|(parameter, _)| *parameter == control.parameter)
                    .map(|(_, value)| value.as_str());
                if let Some(input) = control.element.dyn_ref::<HtmlInputElement>() {
                    if input.type_() == "checkbox" {
                        input.set_checked(
                            Method::from_key(&input.value())
                                .is_some_and(|method| race.methods.contains(method)),
                        );
                    } else if page.setting_error == Some(control.parameter) {
                        // The refused text stays where the reader typed it, to be fixed.
                        input.set_attribute("aria-invalid", "true")?;
                    } else {
                        let _ = input.remove_attribute("aria-invalid");
                        // On a built-in surface the Formula field shows it as a formula,
                        // for the reader to change.
                        let shown = match (control.parameter, value) {
                            (Parameter::Formula, _) if race.surface.kind != SurfaceKind::Custom => {
                                race.surface.formula_text().unwrap_or_default()
                            }
                            (_, value) => value.unwrap_or("").to_string(),
                        };
                        input.set_value(&shown);
                    }
                } else if let (Some(select), Some(value)) =
                    (control.element.dyn_ref::<HtmlSelectElement>(), value)
                {
                    select.set_value(value);
                }
            }
            let stretched = race.surface.kind == SurfaceKind::Stretched;
            set_hidden(&self.kappa_wrap, !stretched);
            set_text(
                &self.kappa_value,
                &crate::format::readout(race.surface.kappa),
            );
            let message = if page.setting_error == Some(Parameter::Formula) {
                crate::page::formula_error_text(app)
            } else {
                page.setting_error_text()
            };
            match message {
                Some(message) => {
                    set_text(&self.setting_error, &message);
                    set_hidden(&self.setting_error, false);
                }
                None => set_hidden(&self.setting_error, true),
            }
        }
        let statuses = (race.methods, race.diverged_at, page.language);
        if self.statuses != Some(statuses) {
            self.statuses = Some(statuses);
            for (method, (row, status)) in Method::ALL.into_iter().zip(&self.rows) {
                let text = page.racer_status_text(method);
                set_hidden(row, text.is_none());
                if let Some(text) = text {
                    set_text(status, &text);
                }
                let diverged = race.diverged_at[method.index()].is_some();
                row.class_list().toggle_with_force("diverged", diverged)?;
            }
            self.leader
                .0
                .set_attribute("data-method", race.leader().key())?;
            if let Some(name) = page.race_leader_name() {
                set_text(&self.leader.1, &name);
            }
            set_hidden(
                &self.diverged_note,
                !race
                    .methods
                    .iter()
                    .any(|method| race.diverged_at[method.index()].is_some()),
            );
        }
        self.render_formula_graph(app, page, &race, slow);
        self.draw(app, trails, &race, page.language, dark)
    }

    /// Where a typed formula is not defined, in words (the hatch shows it): at the start
    /// itself if there (the optimizers would stop at once), else at an example point.
    /// Rewritten when the formula, the start or the language changes.
    fn render_formula_note(
        &mut self,
        formula: Option<&crate::formula::Formula>,
        race: &Race,
        language: crate::vocabulary::Language,
    ) {
        let key = (race.start.x.to_bits(), race.start.y.to_bits(), language);
        let text = formula.map_or("", |formula| formula.text.as_str());
        if self
            .note_shown
            .as_ref()
            .is_some_and(|(shown, shown_key)| shown == text && *shown_key == key)
        {
            return;
        }
        self.note_shown = Some((text.to_string(), key));
        let note = formula.and_then(|formula| {
            let (value, gradient) = formula.value_and_gradient(race.start);
            if !(value.is_finite() && gradient.is_finite()) {
                return Some(crate::page::undefined_note(
                    language, formula, race.start, true,
                ));
            }
            let look = SurfaceLook::of_formula(formula, race.surface.domain());
            let point = surface_map::first_undefined_point(&look)?;
            Some(crate::page::undefined_note(language, formula, point, false))
        });
        if let Some(note) = &note {
            set_text(&self.formula_note, note);
        }
        set_hidden(&self.formula_note, note.is_none());
    }

    /// The typed formula's graph at the first optimizer's point of the step shown: every
    /// node's value and ∂f/∂node, every edge's local derivative (hidden without a formula).
    fn render_formula_graph(&mut self, app: &App, page: &Page, race: &Race, slow: bool) {
        let (section, wrap, point_line) = &self.formula_graph;
        let Some(formula) = app.run().formula() else {
            set_hidden(section, true);
            self.graph_shown = None;
            return;
        };
        set_hidden(section, false);
        let key = (page.generation, page.shown_step, page.language);
        if self.graph_shown == Some(key) || (page.playing && !slow) {
            return;
        }
        self.graph_shown = Some(key);
        let point = race.racers[race.leader().index()].position;
        let expression = &formula.expression;
        expression.forward(point, &mut self.values);
        expression.backward(&self.values, &mut self.adjoints);
        let edges = expression.local_derivatives(&self.values);
        let title = page.language.text(crate::text::Key::FormulaGraphHeading);
        wrap.set_inner_html(&formula_graph_svg(
            expression,
            &self.values,
            &self.adjoints,
            &edges,
            title,
            GraphWords {
                undefined: page.language.text(crate::text::Key::Undefined),
                nodes: page.language.text(crate::text::Key::Nodes),
            },
        ));
        if let Some(text) = crate::page::graph_point_text(page) {
            set_text(point_line, &text);
        }
        // No scrolling here: a wide graph opens at its left end, where x and y carry the
        // gradient the lesson is about, and stays where the reader scrolled it after that.
    }

    /// Measures the canvas again (after a resize or a change of panel).
    pub fn fit(&mut self, pixel_ratio: f64) {
        fit_to_display(&self.canvas, pixel_ratio);
    }

    fn draw(
        &mut self,
        app: &App,
        trails: &RaceTrails,
        race: &Race,
        language: crate::vocabulary::Language,
        dark: bool,
    ) -> Result<(), JsValue> {
        let size = self.canvas.width().min(self.canvas.height());
        if size <= 1 {
            return Ok(());
        }
        let key = (race.surface.kind, race.surface.kappa.to_bits(), size, dark);
        let formula = app.run().formula();
        let formula_text = formula.map_or("", |formula| formula.text.as_str());
        let current = self
            .background
            .as_ref()
            .is_some_and(|background| background.key == key && background.formula == formula_text);
        if !current {
            let look = match formula {
                Some(formula) => SurfaceLook::of_formula(formula, race.surface.domain()),
                None => SurfaceLook::of_surface(&race.surface),
            };
            self.background = Some(build_background(&self.canvas, &look, size, dark, key)?);
            if let Some(background) = &mut self.background {
                background.formula = formula_text.to_string();
            }
        }
        self.render_formula_note(formula, race, language);
        let background = self
            .background
            .as_ref()
            .expect("the background was just built for this surface and size");
        let context = context_2d(&self.canvas)?;
        // The background's margins (ticks, numbers, the colour bar's values) are
        // transparent: drawn over the last frame, their anti-aliased edges would darken
        // frame by frame, and a new surface's would land beside the last one's numbers.
        context.clear_rect(
            0.0,
            0.0,
            f64::from(self.canvas.width()),
            f64::from(self.canvas.height()),
        );
        context.draw_image_with_html_canvas_element(&background.canvas, 0.0, 0.0)?;
        draw_paths(&context, trails, race, &background.layout, dark)
    }
}

/// The page's ink and a muted line colour, light and dark (as in `canvas.rs`).
const INK: [&str; 2] = ["#1b1f24", "#e6e9ed"];
const MUTED: [&str; 2] = ["#4a5560", "#aab4be"];

/// Draws the static picture of `surface` at `size` on an off-screen canvas: the heatmap
/// with its contours, the frame, ticks and numbers, the colour bar, the minima (or the
/// saddle point) and, on a quadratic, the Hessian's eigen-directions.
fn build_background(
    canvas: &HtmlCanvasElement,
    look: &SurfaceLook,
    size: u32,
    dark: bool,
    key: (SurfaceKind, u64, u32, bool),
) -> Result<Background, JsValue> {
    let document = canvas
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the race canvas has no document"))?;
    let pixel_ratio = super::dom::window()?.device_pixel_ratio();
    let layout = SurfaceLayout::new(size, pixel_ratio, look.domain);
    let theme = usize::from(dark);
    let off_screen: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    off_screen.set_width(canvas.width());
    off_screen.set_height(canvas.height());
    let context = context_2d(&off_screen)?;
    let (left, top, width, height) = layout.plot_pixels();
    let pixels = surface_map::surface_pixels(look, &layout, dark);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width, height)?;
    context.put_image_data(&image, f64::from(left), f64::from(top))?;
    let bar = layout.colour_bar_rect();
    let bar_pixels = surface_map::colour_bar_pixels(look, &layout, dark);
    let bar_image = ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&bar_pixels),
        bar.width() as u32,
        bar.height() as u32,
    )?;
    context.put_image_data(&bar_image, bar.left, bar.top)?;

    context.set_stroke_style_str(MUTED[theme]);
    context.set_line_width(pixel_ratio);
    for rect in [layout.plot_rect(), bar] {
        let outside = rect.inset(-0.5 * pixel_ratio);
        context.stroke_rect(outside.left, outside.top, outside.width(), outside.height());
    }
    context.set_stroke_style_str(INK[theme]);
    context.begin_path();
    for mark in surface_map::tick_marks(look, &layout) {
        context.move_to(mark.from.0, mark.from.1);
        context.line_to(mark.to.0, mark.to.1);
    }
    context.stroke();
    context.set_fill_style_str(INK[theme]);
    context.set_text_baseline("middle");
    for label in surface_map::margin_labels(look, &layout) {
        let style = match label.kind {
            LabelKind::Name => "italic ",
            _ => "",
        };
        let family = match label.kind {
            LabelKind::Name => "Georgia, serif",
            _ => "system-ui, sans-serif",
        };
        context.set_font(&format!("{style}{:.1}px {family}", label.size));
        context.set_text_align(match label.align {
            Align::Left => "left",
            Align::Centre => "center",
            Align::Right => "right",
        });
        context.fill_text(&label.text, label.x, label.y)?;
    }

    context.save();
    let plot = layout.plot_rect();
    context.begin_path();
    context.rect(plot.left, plot.top, plot.width(), plot.height());
    context.clip();
    // The eigen-directions: dashed, so they read as guides, not paths.
    let dash = js_sys::Array::of2(
        &JsValue::from_f64(6.0 * pixel_ratio),
        &JsValue::from_f64(4.0 * pixel_ratio),
    );
    context.set_line_dash(&dash)?;
    context.set_line_width(1.5 * pixel_ratio);
    context.set_stroke_style_str(MUTED[theme]);
    for (from, to) in surface_map::eigen_lines(look, &layout) {
        context.begin_path();
        context.move_to(from.0, from.1);
        context.line_to(to.0, to.1);
        context.stroke();
    }
    context.set_line_dash(&js_sys::Array::new())?;
    let arm = 0.45 * layout.em();
    context.set_line_cap("round");
    let marks = surface_map::minimum_marks(look, &layout)
        .into_iter()
        .chain(surface_map::saddle_mark(look, &layout));
    for (x, y) in marks {
        for (colour, width) in [
            (INK[1 - theme], 3.5 * pixel_ratio),
            (INK[theme], 1.5 * pixel_ratio),
        ] {
            context.set_stroke_style_str(colour);
            context.set_line_width(width);
            context.begin_path();
            context.move_to(x - arm, y - arm);
            context.line_to(x + arm, y + arm);
            context.move_to(x - arm, y + arm);
            context.line_to(x + arm, y - arm);
            context.stroke();
        }
    }
    context.restore();
    Ok(Background {
        key,
        formula: String::new(),
        canvas: off_screen,
        layout,
    })
}

/// Every selected optimizer's path up to the step shown, and its point there.
fn draw_paths(
    context: &CanvasRenderingContext2d,
    trails: &RaceTrails,
    race: &Race,
    layout: &SurfaceLayout,
    dark: bool,
) -> Result<(), JsValue> {
    let colours = RACER_COLOURS[usize::from(dark)];
    let em = layout.em();
    context.save();
    let plot = layout.plot_rect();
    context.begin_path();
    context.rect(plot.left, plot.top, plot.width(), plot.height());
    context.clip();
    context.set_line_join("round");
    for method in race.methods.iter() {
        let colour = colours[method.index()];
        context.begin_path();
        // Points within half a device pixel of the last one drawn add nothing visible but a
        // canvas call; the path's last point is always drawn.
        let mut drawn: Option<(f64, f64)> = None;
        let mut skipped: Option<(f64, f64)> = None;
        for position in &trails.positions[method.index()] {
            let (x, y) = layout.to_pixel(*position);
            match drawn {
                None => context.move_to(x, y),
                Some((last_x, last_y)) if (x - last_x).abs() < 0.5 && (y - last_y).abs() < 0.5 => {
                    skipped = Some((x, y));
                    continue;
                }
                Some(_) => context.line_to(x, y),
            }
            drawn = Some((x, y));
            skipped = None;
        }
        if let Some((x, y)) = skipped {
            context.line_to(x, y);
        }
        // A dark halo under each path keeps it readable on light and dark surfaces.
        context.set_line_width(em * 0.35);
        context.set_stroke_style_str("rgba(0, 0, 0, 0.45)");
        context.stroke();
        context.set_line_width(em * 0.2);
        context.set_stroke_style_str(colour);
        context.stroke();
    }
    // The start: a ring every path leaves from.
    let (x, y) = layout.to_pixel(race.start);
    context.begin_path();
    context.arc(x, y, em * 0.5, 0.0, std::f64::consts::TAU)?;
    context.set_line_width(em * 0.15);
    context.set_stroke_style_str(if dark { "#e6e9ed" } else { "#1b1f24" });
    context.stroke();
    // Each point, the first ticked largest, so points on the same spot stay visible as rings.
    for (order, method) in race.methods.iter().enumerate() {
        let (x, y) = layout.to_pixel(race.racers[method.index()].position);
        let radius = em * (0.6 - 0.08 * order as f64);
        context.begin_path();
        context.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
        context.set_fill_style_str(colours[method.index()]);
        context.fill();
        context.set_line_width(em * 0.1);
        context.set_stroke_style_str(if race.diverged_at[method.index()].is_some() {
            "#ff0000"
        } else {
            "#ffffff"
        });
        context.stroke();
    }
    context.restore();
    Ok(())
}
