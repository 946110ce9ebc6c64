//! Canvas drawing: blit the precomputed field, stroke the overlays, and hand the
//! loss chart to plotters (its frame through plotters-canvas, its curve through
//! [`CurveBackend`]).

use plotters::prelude::DrawingBackend;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement, ImageData};

use super::curve::{CssColour, CurveBackend};
use crate::history::Sample;
use crate::lesson::AnyRun;
use crate::render::chart::{draw_loss_curve, draw_loss_frame, ChartFrame, ChartStyle};
use crate::render::field::{self, Arrow, FieldView, GRADIENT_ARROW_SCALE};
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

/// The static picture of the field (heatmap, contours, gradient arrows) on an
/// off-screen canvas, rebuilt only when the size changes.
pub struct FieldBackground {
    pub size: u32,
    canvas: HtmlCanvasElement,
}

impl FieldBackground {
    pub fn new(document: &Document, size: u32, pixel_ratio: f64) -> Result<Self, JsValue> {
        let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        canvas.set_width(size);
        canvas.set_height(size);
        let context = context_2d(&canvas)?;
        let pixels = field::field_pixels(size);
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), size, size)?;
        context.put_image_data(&image, 0.0, 0.0)?;
        let view = FieldView::new(size);
        for arrow in field::gradient_arrows(view) {
            draw_arrow(&context, arrow, "rgba(255, 255, 255, 0.75)", pixel_ratio)?;
        }
        Ok(Self { size, canvas })
    }
}

/// Draws the field and, on top, the run: its path, the gradient at the point shown
/// and the next step −α·∇f.
pub fn draw_field(
    context: &CanvasRenderingContext2d,
    background: &FieldBackground,
    run: &dyn AnyRun,
    pixel_ratio: f64,
) -> Result<(), JsValue> {
    context.draw_image_with_html_canvas_element(&background.canvas, 0.0, 0.0)?;
    let Some(point) = run.field_point() else {
        return Ok(());
    };
    let view = FieldView::new(background.size);

    context.set_line_width(2.0 * pixel_ratio);
    context.set_stroke_style_str("#ffffff");
    context.begin_path();
    let mut first = true;
    run.visit_path(&mut |position| {
        let (x, y) = view.to_pixel(position);
        if first {
            context.move_to(x, y);
            first = false;
        } else {
            context.line_to(x, y);
        }
    });
    let (x, y) = view.to_pixel(point.position);
    context.line_to(x, y);
    context.stroke();

    let gradient = point.gradient;
    let gradient_arrow = field::arrow(view, point.position, gradient, GRADIENT_ARROW_SCALE);
    draw_arrow(context, gradient_arrow, "#ff7f0e", 1.6 * pixel_ratio)?;
    let step_arrow = field::arrow(view, point.position, point.next_step, 1.0);
    draw_arrow(context, step_arrow, "#cfe8ff", 1.6 * pixel_ratio)?;

    let radius = 5.0 * pixel_ratio;
    context.set_stroke_style_str("#111111");
    context.set_line_width(1.5 * pixel_ratio);
    context.begin_path();
    // A run that left the view stays visible as a hollow marker on the border.
    match field::off_view_marker(view, point.position, 2.0 * radius) {
        None => {
            context.set_fill_style_str("#ffffff");
            context.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
            context.fill();
        }
        Some((edge_x, edge_y)) => {
            context.set_fill_style_str("#ff7f0e");
            context.arc(edge_x, edge_y, radius, 0.0, std::f64::consts::TAU)?;
            context.fill();
        }
    }
    context.stroke();
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
        let failed =
            |error: String| JsValue::from_str(&format!("drawing the loss chart failed: {error}"));
        let frame = ChartFrame::for_samples(samples, scale);
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
                .map_err(|error| failed(error.to_string()))?;
            self.drawn = Some(key);
        }
        let context = context_2d(canvas)?;
        context.draw_image_with_html_canvas_element(&self.frame_canvas, 0.0, 0.0)?;
        let size = (canvas.width(), canvas.height());
        let mut backend = CurveBackend::new(&context, size, &mut self.curve_colour);
        draw_loss_curve(&mut backend, frame, samples, Some(marker), style)
            .and_then(|()| backend.present())
            .map_err(|error| failed(error.to_string()))
    }
}
