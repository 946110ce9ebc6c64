//! Canvas drawing: blit the precomputed field, stroke the overlays, and hand the
//! loss chart to plotters (its frame through plotters-canvas, its curve through
//! [`CurveBackend`]).

use std::cell::Cell;
use std::fmt::Write;

use plotters::prelude::{DrawingBackend, RGBColor};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement, HtmlElement, ImageData};

use super::curve::{CssColour, CurveBackend};
use super::dom;
use super::race::RaceTrails;
use crate::history::Sample;
use crate::lesson::AnyRun;
use crate::optimizer::{Method, Race};
use crate::render::chart::{
    draw_coloured_curve, draw_loss_curve, draw_loss_frame, ChartFrame, ChartStyle,
};
use crate::render::field::{
    self, Align, Arrow, FieldLayout, LabelKind, PathMarks, Rect, GRADIENT_ARROW_SCALE,
};
use crate::surface::Vec2;
use crate::vocabulary::LossScale;

pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("the browser gave no 2D canvas context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("the 2D context has an unexpected type"))
}

/// Makes a canvas's backing store match its on-screen size times the pixel ratio;
/// returns the new size if it changed.
pub fn fit_to_display(canvas: &HtmlCanvasElement, pixel_ratio: f64) -> Option<(u32, u32)> {
    // A hidden canvas has no size; keep its backing store for when it shows again.
    if canvas.client_width() == 0 || canvas.client_height() == 0 {
        return None;
    }
    let width = (f64::from(canvas.client_width()) * pixel_ratio)
        .round()
        .max(1.0) as u32;
    let height = (f64::from(canvas.client_height()) * pixel_ratio)
        .round()
        .max(1.0) as u32;
    if canvas.width() == width && canvas.height() == height {
        return None;
    }
    canvas.set_width(width);
    canvas.set_height(height);
    Some((width, height))
}

/// The page's ink in the light and the dark theme (`--ink` and `--muted` in
/// www/style.css), for the axes around the plot.
const INK: [&str; 2] = ["#1b1f24", "#e6e9ed"];
const MUTED: [&str; 2] = ["#4a5560", "#aab4be"];
/// Texts and marks on the heatmap: light, with a dark halo that keeps them readable on
/// every colour of viridis.
const ON_PLOT: &str = "#ffffff";
const HALO: &str = "rgba(0, 0, 0, 0.7)";
/// The gradient and the point that left the plot; the next step.
const ORANGE: &str = "#ff7f0e";
const LIGHT_BLUE: &str = "#cfe8ff";

/// The static picture of the field (heatmap, contours, gradient arrows, axes, colour
/// bar, contour values, the minimum) on an off-screen canvas, rebuilt only when the
/// size changes; and what each frame needs of that size.
pub struct FieldBackground {
    pub size: u32,
    canvas: HtmlCanvasElement,
    layout: FieldLayout,
    /// The fonts of the step numbers and of where a point off the plot went, made once
    /// per size so that a frame formats no CSS.
    step_font: String,
    off_plot_font: String,
    off_plot_note: Option<OffPlotNote>,
    /// Where the contour values and the minimum's name are, which step numbers keep clear of.
    plot_label_boxes: Vec<Rect>,
}

/// The line under the canvas that says where a point off the plot is (for every reader,
/// and for screen readers, to whom the canvas is one picture).
struct OffPlotNote {
    note: HtmlElement,
    at: HtmlElement,
    /// The point written there (its bits), so it is rewritten only when it moves.
    shown: Cell<Option<(u64, u64)>>,
}

impl FieldBackground {
    pub fn new(document: &Document, size: u32, pixel_ratio: f64) -> Result<Self, JsValue> {
        let layout = FieldLayout::new(size, pixel_ratio);
        let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        canvas.set_width(size);
        canvas.set_height(size);
        let context = context_2d(&canvas)?;
        let (left, top, side) = layout.plot_pixels();
        let pixels = field::field_pixels(side);
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), side, side)?;
        context.put_image_data(&image, f64::from(left), f64::from(top))?;
        context.save();
        clip_to(&context, layout.plot.rect());
        for arrow in field::gradient_arrows(layout.plot) {
            draw_arrow(&context, arrow, "rgba(255, 255, 255, 0.75)", pixel_ratio)?;
        }
        context.restore();
        // Read once per size, as the view reads it once at the start: the margins are
        // drawn in the page's ink.
        let dark = dom::window()?
            .match_media("(prefers-color-scheme: dark)")?
            .is_some_and(|query| query.matches());
        draw_margins(&context, &layout, usize::from(dark))?;
        draw_plot_labels(&context, &layout)?;
        let note = |id| {
            document
                .get_element_by_id(id)
                .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        };
        let off_plot_note =
            note("field-off-plot")
                .zip(note("field-off-plot-at"))
                .map(|(note, at)| OffPlotNote {
                    note,
                    at,
                    shown: Cell::new(None),
                });
        Ok(Self {
            size,
            canvas,
            layout,
            step_font: font("600 ", 0.85 * layout.em, "system-ui, sans-serif"),
            off_plot_font: font("600 ", layout.em, "system-ui, sans-serif"),
            off_plot_note,
            plot_label_boxes: layout
                .plot_labels()
                .iter()
                .map(|label| label.bounds(layout.em))
                .collect(),
        })
    }

    /// Shows where the point off the plot is (`text`), or hides the line (`None`).
    fn show_off_plot(&self, off_plot: Option<(Vec2, &str)>) {
        let Some(line) = &self.off_plot_note else {
            return;
        };
        dom::set_hidden(&line.note, off_plot.is_none());
        let bits = off_plot.map(|(point, _)| (point.x.to_bits(), point.y.to_bits()));
        if line.shown.replace(bits) != bits {
            if let Some((_, text)) = off_plot {
                line.at.set_text_content(Some(text));
            }
        }
    }
}

/// A CSS font of `size` pixels (to a tenth of a pixel).
fn font(style: &str, size: f64, family: &str) -> String {
    format!("{style}{size:.1}px {family}")
}

fn clip_to(context: &CanvasRenderingContext2d, rect: Rect) {
    context.begin_path();
    context.rect(rect.left, rect.top, rect.width(), rect.height());
    context.clip();
}

/// Around the plot: its frame, the axes' ticks and numbers, the names x and y, and the
/// colour bar with its values and its name f, in the theme's ink (`theme`: 0 light, 1 dark).
fn draw_margins(
    context: &CanvasRenderingContext2d,
    layout: &FieldLayout,
    theme: usize,
) -> Result<(), JsValue> {
    let ratio = layout.pixel_ratio;
    let bar = layout.colour_bar();
    let (width, height) = (bar.width() as u32, bar.height() as u32);
    let pixels = field::colour_bar_pixels(width, height);
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width, height)?;
    context.put_image_data(&image, bar.left, bar.top)?;

    context.set_stroke_style_str(MUTED[theme]);
    context.set_line_width(ratio);
    // Half a line width out, so the frames sit on whole pixels around the pictures.
    for rect in [layout.plot.rect(), bar] {
        let outside = rect.inset(-0.5 * ratio);
        context.stroke_rect(outside.left, outside.top, outside.width(), outside.height());
    }
    context.set_stroke_style_str(INK[theme]);
    context.begin_path();
    for mark in layout.tick_marks() {
        context.move_to(mark.from.0, mark.from.1);
        context.line_to(mark.to.0, mark.to.1);
    }
    context.stroke();

    context.set_fill_style_str(INK[theme]);
    context.set_text_baseline("middle");
    let number_font = font("", layout.em, "system-ui, sans-serif");
    let name_font = font("italic ", 1.1 * layout.em, "Georgia, serif");
    for label in layout.margin_labels() {
        context.set_font(match label.kind {
            LabelKind::Name => &name_font,
            _ => &number_font,
        });
        context.set_text_align(text_align(label.align));
        context.fill_text(label.text, label.x, label.y)?;
    }
    Ok(())
}

/// On the heatmap: the contour values and the minimum, marked with a cross.
fn draw_plot_labels(
    context: &CanvasRenderingContext2d,
    layout: &FieldLayout,
) -> Result<(), JsValue> {
    let ratio = layout.pixel_ratio;
    let (x, y) = layout.minimum();
    let arm = 0.4 * layout.em;
    context.set_line_cap("round");
    for (colour, width) in [(HALO, 3.5 * ratio), (ON_PLOT, 1.5 * ratio)] {
        context.set_stroke_style_str(colour);
        context.set_line_width(width);
        context.begin_path();
        context.move_to(x - arm, y);
        context.line_to(x + arm, y);
        context.move_to(x, y - arm);
        context.line_to(x, y + arm);
        context.stroke();
    }
    context.set_font(&font("600 ", 0.92 * layout.em, "system-ui, sans-serif"));
    context.set_text_baseline("middle");
    for label in layout.plot_labels() {
        context.set_text_align(text_align(label.align));
        draw_halo_text(context, label.text, label.x, label.y, ratio)?;
    }
    Ok(())
}

fn text_align(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Centre => "center",
        Align::Right => "right",
    }
}

/// Light text with a dark halo, in the font and alignment set.
fn draw_halo_text(
    context: &CanvasRenderingContext2d,
    text: &str,
    x: f64,
    y: f64,
    ratio: f64,
) -> Result<(), JsValue> {
    context.set_line_join("round");
    context.set_line_width(3.0 * ratio);
    context.set_stroke_style_str(HALO);
    context.stroke_text(text, x, y)?;
    context.set_fill_style_str(ON_PLOT);
    context.fill_text(text, x, y)
}

/// At most this many boxes (texts on the heatmap, points of the path) that the text of a
/// point off the plot keeps clear of.
const MAX_AVOIDED: usize = 32;

/// Draws the field and, on top, the run: its path with a numbered dot per step, the
/// gradient at the point shown and the next step −α·∇f; a point that left the plot
/// gets an arrow on the border toward it, with where it is written beside it.
pub fn draw_field(
    context: &CanvasRenderingContext2d,
    background: &FieldBackground,
    run: &dyn AnyRun,
    pixel_ratio: f64,
) -> Result<(), JsValue> {
    let layout = &background.layout;
    // The margins are transparent (the page shows through): clear last frame's marks.
    context.clear_rect(0.0, 0.0, layout.canvas, layout.canvas);
    context.draw_image_with_html_canvas_element(&background.canvas, 0.0, 0.0)?;
    let Some(point) = run.field_point() else {
        background.show_off_plot(None);
        return Ok(());
    };
    let view = layout.plot;
    let (x, y) = view.to_pixel(point.position);
    let marker_radius = 5.0 * pixel_ratio;
    // Off the plot, the text saying where the point went also keeps clear of the path's
    // points on the plot (the start and its number): beside them it read as their position.
    let mut avoid = [Rect::around((0.0, 0.0), 0.0, 0.0); MAX_AVOIDED];
    let mut avoided = 0;
    if !view.rect().contains((x, y)) {
        for (slot, label) in avoid.iter_mut().zip(&background.plot_label_boxes) {
            *slot = *label;
            avoided += 1;
        }
        run.visit_path(&mut |position| {
            let pixel = view.to_pixel(position);
            if avoided < MAX_AVOIDED && view.rect().contains(pixel) {
                avoid[avoided] = Rect::around(pixel, 3.0 * layout.em, 2.6 * layout.em);
                avoided += 1;
            }
        });
    }
    let off_plot = dom::with_kept_text(|text| {
        field::write_point(text, point.position);
        // Bold text runs a little wider than the estimate for regular text.
        let width = 1.1 * field::text_width(text, layout.em);
        field::off_plot_mark(layout, point.position, width, &avoid[..avoided])
    });
    // No step number covers the point's marker, or the arrow and text of a point off the plot.
    let reserved = off_plot.map_or_else(
        || {
            let marker = Rect::around((x, y), 2.0 * marker_radius, 2.0 * marker_radius);
            [marker, marker]
        },
        |mark| [mark.label, mark.arrow.bounds().inset(-marker_radius)],
    );

    context.save();
    clip_to(context, view.rect());
    context.set_line_join("round");
    context.begin_path();
    let mut points: u64 = 0;
    run.visit_path(&mut |position| {
        let (x, y) = view.to_pixel(position);
        if points == 0 {
            context.move_to(x, y);
        } else {
            context.line_to(x, y);
        }
        points += 1;
    });
    context.line_to(x, y);
    // A dark casing under the white line keeps it visible on the yellow corners.
    for (colour, width) in [("rgba(0, 0, 0, 0.45)", 4.0), ("#ffffff", 2.0)] {
        context.set_stroke_style_str(colour);
        context.set_line_width(width * pixel_ratio);
        context.stroke();
    }

    // One dot per step, numbered while every step of the path is kept (the first 3000
    // or so; after that the history is thinned and the i-th point is not step i).
    let numbered = points == run.shown_step() + 1;
    let mut marks = PathMarks::new(
        layout,
        &[&background.plot_label_boxes, &reserved],
        marker_radius,
    );
    context.begin_path();
    let mut step = 0;
    run.visit_path(&mut |position| {
        let (x, y) = view.to_pixel(position);
        if marks.add((x, y), numbered.then_some(step)) {
            context.move_to(x + marks.dot_radius, y);
            // `arc` fails only for a negative radius.
            let _ = context.arc(x, y, marks.dot_radius, 0.0, std::f64::consts::TAU);
        }
        step += 1;
    });
    context.set_fill_style_str("#ffffff");
    context.fill();
    context.set_stroke_style_str("#111111");
    context.set_line_width(pixel_ratio);
    context.stroke();
    context.set_font(&background.step_font);
    context.set_text_align("center");
    context.set_text_baseline("middle");
    for (label, step) in marks.labels() {
        let (x, y) = label.centre();
        dom::with_kept_text(|text| {
            // Writing to a `String` cannot fail.
            let _ = write!(text, "{step}");
            draw_halo_text(context, text, x, y, pixel_ratio)
        })?;
    }

    let gradient = point.gradient;
    let gradient_arrow = field::arrow(view, point.position, gradient, GRADIENT_ARROW_SCALE);
    draw_arrow(context, gradient_arrow, ORANGE, 1.6 * pixel_ratio)?;
    let step_arrow = field::arrow(view, point.position, point.next_step, 1.0);
    draw_arrow(context, step_arrow, LIGHT_BLUE, 1.6 * pixel_ratio)?;

    match off_plot {
        None => {
            context.set_stroke_style_str("#111111");
            context.set_line_width(1.5 * pixel_ratio);
            context.set_fill_style_str("#ffffff");
            context.begin_path();
            context.arc(x, y, marker_radius, 0.0, std::f64::consts::TAU)?;
            context.fill();
            context.stroke();
            background.show_off_plot(None);
        }
        // A run that left the plot: an arrow on the border toward the point, and where it is.
        Some(mark) => {
            draw_arrow(context, mark.arrow, "#111111", 3.2 * pixel_ratio)?;
            draw_arrow(context, mark.arrow, ORANGE, 2.0 * pixel_ratio)?;
            context.set_font(&background.off_plot_font);
            let (x, y) = mark.label.centre();
            dom::with_kept_text(|text| {
                field::write_point(text, point.position);
                background.show_off_plot(Some((point.position, text)));
                draw_halo_text(context, text, x, y, pixel_ratio)
            })?;
        }
    }
    context.restore();
    Ok(())
}

/// A line with an arrowhead at its end; the head keeps a readable size even for tiny arrows.
fn draw_arrow(
    context: &CanvasRenderingContext2d,
    arrow: Arrow,
    colour: &str,
    scale: f64,
) -> Result<(), JsValue> {
    let (dx, dy) = (arrow.to.0 - arrow.from.0, arrow.to.1 - arrow.from.1);
    let length = crate::surface::Vec2::new(dx, dy).length();
    if !length.is_finite() || length == 0.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let head = (4.0 * scale).min(length * 0.6).max(2.0 * scale);
    context.set_stroke_style_str(colour);
    context.set_fill_style_str(colour);
    context.set_line_width(scale);
    context.begin_path();
    context.move_to(arrow.from.0, arrow.from.1);
    context.line_to(arrow.to.0, arrow.to.1);
    context.stroke();
    context.begin_path();
    context.move_to(arrow.to.0, arrow.to.1);
    context.line_to(
        arrow.to.0 - head * (ux - 0.5 * uy),
        arrow.to.1 - head * (uy + 0.5 * ux),
    );
    context.line_to(
        arrow.to.0 - head * (ux + 0.5 * uy),
        arrow.to.1 - head * (uy - 0.5 * ux),
    );
    context.close_path();
    context.fill();
    Ok(())
}

/// The loss chart: its frame (axes, grid, labels) drawn by plotters-canvas on an
/// off-screen canvas and kept while the frame, the size and the style stay the same;
/// each frame blits it and draws only the curve (see [`CurveBackend`]).
pub struct LossChart {
    frame_canvas: HtmlCanvasElement,
    drawn: Option<(ChartFrame, u32, u32, ChartStyle)>,
    curve_colour: CssColour,
}

impl LossChart {
    pub fn new(document: &Document) -> Result<Self, JsValue> {
        Ok(Self {
            frame_canvas: document.create_element("canvas")?.dyn_into()?,
            drawn: None,
            curve_colour: CssColour::default(),
        })
    }

    /// Draws the loss history `samples` with a marker on the step shown, `marker`.
    pub fn draw(
        &mut self,
        canvas: &HtmlCanvasElement,
        samples: &[Sample<f64>],
        scale: LossScale,
        marker: (u64, f64),
        style: ChartStyle,
    ) -> Result<(), JsValue> {
        let frame = ChartFrame::for_samples(samples, scale);
        let context = self.blit_frame(canvas, frame, style)?;
        let size = (canvas.width(), canvas.height());
        let mut backend = CurveBackend::new(&context, size, &mut self.curve_colour);
        draw_loss_curve(&mut backend, frame, samples, Some(marker), style)
            .and_then(|()| backend.present())
            .map_err(|error| chart_failed(error.to_string()))
    }

    /// Draws f of every optimizer of a race, each in its colour, with a marker at the
    /// step shown. The samples are gathered into buffers kept between frames.
    pub fn draw_race(
        &mut self,
        canvas: &HtmlCanvasElement,
        trails: &RaceTrails,
        race: &Race,
        scale: LossScale,
        style: ChartStyle,
    ) -> Result<(), JsValue> {
        let series = |method: Method| trails.values[method.index()].as_slice();
        // A diverged optimizer's last values would squash every other curve to the axis:
        // the frame holds the running ones (all of them once none runs).
        let frame_of = |running: bool| {
            race.methods
                .iter()
                .filter(|method| !running || race.is_running(*method))
                .map(|method| ChartFrame::for_samples(series(method), scale))
                .reduce(ChartFrame::union)
        };
        let Some(frame) = frame_of(true).or_else(|| frame_of(false)) else {
            return Ok(());
        };
        let context = self.blit_frame(canvas, frame, style)?;
        let size = (canvas.width(), canvas.height());
        let (low, high) = frame.losses;
        for method in race.methods.iter() {
            let samples = series(method);
            // Each curve ends where it leaves the frame.
            let inside = samples
                .iter()
                .position(|sample| !(low..=high).contains(&frame.to_axis(sample.value)))
                .unwrap_or(samples.len());
            let samples = &samples[..inside];
            let marker = samples.last().map(|sample| (sample.step, sample.value));
            let mut backend = CurveBackend::new(&context, size, &mut self.curve_colour);
            draw_coloured_curve(
                &mut backend,
                frame,
                samples,
                marker,
                style,
                RACER_RGB[usize::from(style.dark)][method.index()],
            )
            .and_then(|()| backend.present())
            .map_err(|error| chart_failed(error.to_string()))?;
        }
        Ok(())
    }

    /// Blits the chart's frame for `frame`, drawing it first if it changed.
    fn blit_frame(
        &mut self,
        canvas: &HtmlCanvasElement,
        frame: ChartFrame,
        style: ChartStyle,
    ) -> Result<CanvasRenderingContext2d, JsValue> {
        let key = (frame, canvas.width(), canvas.height(), style);
        if self.drawn != Some(key) {
            self.frame_canvas.set_width(canvas.width());
            self.frame_canvas.set_height(canvas.height());
            let mut backend = CanvasBackend::with_canvas_object(self.frame_canvas.clone())
                .ok_or_else(|| {
                    JsValue::from_str("the off-screen chart canvas has no 2D context")
                })?;
            draw_loss_frame(&mut backend, frame, style)
                .and_then(|()| backend.present())
                .map_err(|error| chart_failed(error.to_string()))?;
            self.drawn = Some(key);
        }
        let context = context_2d(canvas)?;
        context.draw_image_with_html_canvas_element(&self.frame_canvas, 0.0, 0.0)?;
        Ok(context)
    }
}

fn chart_failed(error: String) -> JsValue {
    JsValue::from_str(&format!("drawing the loss chart failed: {error}"))
}

/// The race's colours, light and dark (as in `web::race` and the CSS), for plotters.
const RACER_RGB: [[RGBColor; 5]; 2] = [
    [
        RGBColor(0xd5, 0x5e, 0x00),
        RGBColor(0x00, 0x72, 0xb2),
        RGBColor(0x00, 0x9e, 0x73),
        RGBColor(0xcc, 0x79, 0xa7),
        RGBColor(0xe6, 0x9f, 0x00),
    ],
    [
        RGBColor(0xd5, 0x5e, 0x00),
        RGBColor(0x56, 0xb4, 0xe9),
        RGBColor(0x00, 0x9e, 0x73),
        RGBColor(0xcc, 0x79, 0xa7),
        RGBColor(0xe6, 0x9f, 0x00),
    ],
];
