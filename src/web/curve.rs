//! The per-frame part of the loss chart (the curve and its marker), drawn by the same
//! generic chart code through plotters' `DrawingBackend`, onto the visible canvas.
//!
//! Why not plotters-canvas's backend here: it writes every colour as a new CSS string,
//! several allocations a frame while playing. This one keeps the text of the colour it
//! last wrote, so a frame of play allocates nothing. plotters-canvas still draws the
//! chart's frame (axes, grid, labels), which is redrawn only when its ranges change.

use std::fmt::{self, Write};

use plotters::prelude::DrawingBackend;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, DrawingErrorKind};
use web_sys::CanvasRenderingContext2d;

/// A colour as CSS text, rewritten only when the colour changes.
#[derive(Default)]
pub struct CssColour {
    written: Option<((u8, u8, u8), u64)>,
    text: String,
}

impl CssColour {
    fn of(&mut self, colour: BackendColor) -> &str {
        let key = (colour.rgb, colour.alpha.to_bits());
        if self.written != Some(key) {
            let (red, green, blue) = colour.rgb;
            self.text.clear();
            // Writing to a `String` cannot fail.
            let _ = write!(self.text, "rgba({red},{green},{blue},{})", colour.alpha);
            self.written = Some(key);
        }
        &self.text
    }
}

/// The canvas refused a drawing call (it reports why only as a JavaScript value).
#[derive(Debug)]
pub struct CanvasRefused;

impl fmt::Display for CanvasRefused {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("the canvas refused to draw")
    }
}

impl std::error::Error for CanvasRefused {}

/// Draws paths, circles and pixels on a 2D canvas context.
pub struct CurveBackend<'a> {
    context: &'a CanvasRenderingContext2d,
    size: (u32, u32),
    colour: &'a mut CssColour,
}

impl<'a> CurveBackend<'a> {
    pub fn new(
        context: &'a CanvasRenderingContext2d,
        size: (u32, u32),
        colour: &'a mut CssColour,
    ) -> Self {
        Self {
            context,
            size,
            colour,
        }
    }
}

impl DrawingBackend for CurveBackend<'_> {
    type ErrorType = CanvasRefused;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasRefused>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasRefused>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasRefused>> {
        self.context.set_fill_style_str(self.colour.of(colour));
        self.context
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasRefused>> {
        let mut path = path.into_iter();
        let Some(start) = path.next() else {
            return Ok(());
        };
        self.context.begin_path();
        self.context
            .set_stroke_style_str(self.colour.of(style.color()));
        self.context.set_line_width(f64::from(style.stroke_width()));
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        for point in path {
            self.context.line_to(f64::from(point.0), f64::from(point.1));
        }
        self.context.stroke();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        centre: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasRefused>> {
        let colour = self.colour.of(style.color());
        self.context.begin_path();
        self.context
            .arc(
                f64::from(centre.0),
                f64::from(centre.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(|_| DrawingErrorKind::DrawingError(CanvasRefused))?;
        if fill {
            self.context.set_fill_style_str(colour);
            self.context.fill();
        } else {
            self.context.set_stroke_style_str(colour);
            self.context.stroke();
        }
        Ok(())
    }
}
