//! The live loss curve, drawn with plotters on any backend: a canvas in the
//! browser, an SVG string in native tests.
//!
//! It draws with the `DrawingBackend` trait's primitives (line, path, rectangle, circle,
//! text) in its own layout. Plotters' chart builder and mesh would do the same with
//! ~27 KB more WebAssembly, its drawing areas and elements with ~2 KB gzip more.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::DrawingErrorKind;

use crate::format::axis_label;
use crate::history::Sample;
use crate::vocabulary::LossScale;

/// On a log axis a loss of exactly 0 (reachable: α = ½ on the field) is drawn at
/// this floor instead of at −∞.
pub const LOG_FLOOR: f64 = 1e-12;

/// How the chart looks: sizes that follow the device pixel ratio (crisp and legible),
/// colours for a light or dark page, and the axis names in the UI's language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    pub font_size: f64,
    pub line_width: u32,
    pub dark: bool,
    pub step_label: &'static str,
    pub loss_label: &'static str,
}

impl ChartStyle {
    pub fn for_pixel_ratio(ratio: f64) -> Self {
        let ratio = if ratio.is_finite() {
            ratio.clamp(1.0, 4.0)
        } else {
            1.0
        };
        Self {
            font_size: 12.0 * ratio,
            line_width: (2.0 * ratio).round() as u32,
            dark: false,
            step_label: "step",
            loss_label: "loss",
        }
    }

    fn colours(self) -> Colours {
        if self.dark {
            Colours {
                background: RGBColor(21, 24, 28),
                grid: RGBColor(52, 58, 66),
                text: RGBColor(230, 233, 237),
                curve: RGBColor(120, 180, 240),
            }
        } else {
            Colours {
                background: WHITE,
                grid: RGBColor(225, 225, 225),
                text: RGBColor(27, 31, 36),
                curve: RGBColor(33, 102, 172),
            }
        }
    }
}

struct Colours {
    background: RGBColor,
    grid: RGBColor,
    text: RGBColor,
    curve: RGBColor,
}

/// The axes of a loss chart. Ranges are rounded outwards to round values (see
/// `nice_ceiling`; whole decades on a log axis), so they change rarely and the drawn frame
/// (axes, grid, labels) can be cached and reused while only the curve is redrawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartFrame {
    pub scale: LossScale,
    /// 0 ..= this many steps.
    pub last_step: f64,
    /// The loss axis: losses on a linear axis, log₁₀(loss) on a log axis.
    pub losses: (f64, f64),
}

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) that is ≥ `value`
/// (and ≥ 1): close enough that the curve fills the chart, coarse enough that the frame
/// is redrawn only now and then.
fn nice_ceiling(value: f64) -> f64 {
    // NaN and everything up to 1 give 1.
    if value.is_nan() || value <= 1.0 {
        return 1.0;
    }
    let decade = power_of_ten(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|factor| factor * decade)
        .find(|nice| *nice >= value)
        .unwrap_or(10.0 * decade)
}

impl ChartFrame {
    /// The frame that holds every finite sample.
    pub fn for_samples(samples: &[Sample<f64>], scale: LossScale) -> Self {
        let finite = || samples.iter().filter(|sample| sample.value.is_finite());
        let last_step = nice_ceiling(samples.last().map_or(0, |sample| sample.step).max(10) as f64);
        let largest = finite().map(|sample| sample.value).fold(0.0, f64::max);
        let losses = match scale {
            LossScale::Linear => {
                // A race on the saddle goes below 0: the axis then reaches down to it.
                let smallest = finite().map(|sample| sample.value).fold(0.0, f64::min);
                let low = if smallest < 0.0 {
                    -nice_ceiling(-smallest * 1.05)
                } else {
                    0.0
                };
                (
                    low,
                    nice_ceiling(largest * 1.05).max(if largest > 0.0 { 0.0 } else { 1.0 }),
                )
            }
            LossScale::Log => {
                let smallest = finite()
                    .map(|sample| sample.value)
                    .filter(|value| *value > 0.0)
                    .fold(f64::INFINITY, f64::min);
                let bottom = if smallest.is_finite() {
                    smallest.max(LOG_FLOOR)
                } else {
                    LOG_FLOOR
                };
                // Strictly below the smallest loss, so a zero (drawn at the bottom) stays
                // distinguishable from a loss that is an exact power of ten.
                let low = (bottom.log10() - 1e-9).floor();
                let high = largest.max(bottom).log10().ceil().max(low + 1.0);
                (low, high)
            }
        };
        Self {
            scale,
            last_step,
            losses,
        }
    }

    /// The frame that holds both frames' samples (a race draws one curve per optimizer).
    pub fn union(self, other: Self) -> Self {
        Self {
            scale: self.scale,
            last_step: self.last_step.max(other.last_step),
            losses: (
                self.losses.0.min(other.losses.0),
                self.losses.1.max(other.losses.1),
            ),
        }
    }

    /// Where a loss goes on this frame's loss axis (a log axis clamps 0 to its bottom).
    pub fn to_axis(&self, loss: f64) -> f64 {
        match self.scale {
            LossScale::Linear => loss,
            LossScale::Log => loss.max(power_of_ten(self.losses.0)).log10(),
        }
    }
}

/// Draws loss against step: frame and curve at once (see [`draw_loss_frame`] and
/// [`draw_loss_curve`] for the cached two-part drawing). `marker` is the step shown
/// and its loss, drawn as a dot. Non-finite samples are skipped: the core never
/// records them, but a chart must not lie.
pub fn draw_loss_chart<DB: DrawingBackend>(
    backend: &mut DB,
    samples: &[Sample<f64>],
    marker: Option<(u64, f64)>,
    scale: LossScale,
    style: ChartStyle,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let frame = ChartFrame::for_samples(samples, scale);
    draw_loss_frame(backend, frame, style)?;
    draw_loss_curve(backend, frame, samples, marker, style)
}

/// Where the plot sits on the backend, in pixels: room for the loss labels on the left
/// and the step labels below. The frame and the curve use the same one.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PlotBox {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl PlotBox {
    fn on((width, height): (u32, u32), style: ChartStyle) -> Self {
        let margin = style.font_size;
        let left = margin + style.font_size * 4.0;
        // Under the plot: the step numbers, then the axis' name a line below them.
        let bottom = f64::from(height) - margin - style.font_size * 2.9;
        Self {
            left,
            top: margin + style.font_size * 1.2,
            right: (f64::from(width) - margin).max(left + 1.0),
            bottom: bottom.max(margin + style.font_size * 1.2 + 1.0),
        }
    }

    /// The pixel of (step, value on the frame's loss axis).
    fn pixel(&self, frame: ChartFrame, step: f64, value: f64) -> (i32, i32) {
        let (low, high) = frame.losses;
        let x = self.left + step / frame.last_step * (self.right - self.left);
        let y = self.bottom - (value - low) / (high - low) * (self.bottom - self.top);
        (x.round() as i32, y.round() as i32)
    }
}

/// 10^exponent for a whole `exponent` (exact up to 10²²). `powi`, not `powf`: the general
/// power function is 2 KB of WebAssembly and every exponent here is a whole number.
fn power_of_ten(exponent: f64) -> f64 {
    10f64.powi(exponent.clamp(-400.0, 400.0) as i32)
}

/// Tick positions from `low` to `high`: multiples of a round step (1, 2 or 5 × 10ⁿ), about
/// `count` of them.
fn ticks(low: f64, high: f64, count: f64) -> Vec<f64> {
    let raw = (high - low) / count;
    if !(raw.is_finite() && raw > 0.0) {
        return vec![low];
    }
    let decade = power_of_ten(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|factor| factor * decade)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * decade);
    let first = (low / step).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    (first..=last).map(|index| index as f64 * step).collect()
}

/// The room between the step axis and the top of its numbers, in font sizes (it scales
/// with the pixel ratio, as the numbers do).
const STEP_NUMBER_GAP: f64 = 0.25;

/// The background, axes, grid and labels of `frame`.
pub fn draw_loss_frame<DB: DrawingBackend>(
    backend: &mut DB,
    frame: ChartFrame,
    style: ChartStyle,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let colours = style.colours();
    let (width, height) = backend.get_size();
    backend.draw_rect(
        (0, 0),
        (width as i32, height as i32),
        &colours.background,
        true,
    )?;
    let plot = PlotBox::on(backend.get_size(), style);
    let font = (FontFamily::SansSerif, style.font_size)
        .into_font()
        .color(&colours.text);
    let label = |anchor: (HPos, VPos)| font.pos(Pos::new(anchor.0, anchor.1));
    let (low, high) = frame.losses;
    let loss_ticks = match frame.scale {
        LossScale::Linear => ticks(low, high, 5.0),
        // Whole decades, thinned to at most about six labels.
        LossScale::Log => ticks(low, high, 6.0)
            .into_iter()
            .filter(|t| t.fract() == 0.0)
            .collect(),
    };
    let grid = colours.grid.stroke_width(1);
    for value in &loss_ticks {
        let (x, y) = plot.pixel(frame, 0.0, *value);
        backend.draw_line((x, y), (plot.right as i32, y), &grid)?;
        let text = match frame.scale {
            LossScale::Linear => axis_label(*value),
            LossScale::Log => axis_label(power_of_ten(*value)),
        };
        backend.draw_text(&text, &label((HPos::Right, VPos::Center)), (x - 6, y))?;
    }
    for step in ticks(0.0, frame.last_step, 6.0) {
        let (x, y) = plot.pixel(frame, step, low);
        backend.draw_line((x, plot.top as i32), (x, y), &grid)?;
        // Ticks on the step axis are whole numbers.
        let text = (step as u64).to_string();
        let gap = (style.font_size * STEP_NUMBER_GAP) as i32;
        backend.draw_text(&text, &label((HPos::Center, VPos::Top)), (x, y + gap))?;
    }
    let (left, top, right, bottom) = (
        plot.left as i32,
        plot.top as i32,
        plot.right as i32,
        plot.bottom as i32,
    );
    let axis = colours.text.stroke_width(1);
    backend.draw_line((left, top), (left, bottom), &axis)?;
    backend.draw_line((left, bottom), (right, bottom), &axis)?;
    // A line of text (about 1.15 font sizes) and a little more below the numbers' top.
    let step_position = (
        (left + right) / 2,
        bottom + (style.font_size * (STEP_NUMBER_GAP + 1.3)) as i32,
    );
    backend.draw_text(
        style.step_label,
        &label((HPos::Center, VPos::Top)),
        step_position,
    )?;
    let loss_position = (left, (style.font_size * 0.4) as i32);
    backend.draw_text(
        style.loss_label,
        &label((HPos::Left, VPos::Top)),
        loss_position,
    )
}

/// The curve of `samples` and the marker, on top of a frame drawn for `frame`.
pub fn draw_loss_curve<DB: DrawingBackend>(
    backend: &mut DB,
    frame: ChartFrame,
    samples: &[Sample<f64>],
    marker: Option<(u64, f64)>,
    style: ChartStyle,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let curve = style.colours().curve;
    draw_coloured_curve(backend, frame, samples, marker, style, curve)
}

/// [`draw_loss_curve`] in `colour` (a race's optimizer).
pub fn draw_coloured_curve<DB: DrawingBackend>(
    backend: &mut DB,
    frame: ChartFrame,
    samples: &[Sample<f64>],
    marker: Option<(u64, f64)>,
    style: ChartStyle,
    colour: RGBColor,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let plot = PlotBox::on(backend.get_size(), style);
    let to_pixel = |step: u64, loss: f64| plot.pixel(frame, step as f64, frame.to_axis(loss));
    // Consecutive samples on the same pixel draw nothing: leaving them out saves a canvas
    // call each (a long run has thousands per pixel column once it has converged).
    let mut previous = None;
    backend.draw_path(
        samples
            .iter()
            .filter(|sample| sample.value.is_finite())
            .map(|sample| to_pixel(sample.step, sample.value))
            .filter(move |pixel| previous.replace(*pixel) != Some(*pixel)),
        &colour.stroke_width(style.line_width),
    )?;
    // The shown step, so a single sample (a fresh run) is visible too.
    match marker.filter(|(_, loss)| loss.is_finite()) {
        Some((step, loss)) => backend.draw_circle(
            to_pixel(step, loss),
            style.line_width * 2,
            &colour.filled(),
            true,
        ),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 12.0, 6.0),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
        );
        assert_eq!(ticks(0.0, 1500.0, 6.0), vec![0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(ticks(-3.0, 1.0, 6.0), vec![-3.0, -2.0, -1.0, 0.0, 1.0]);
        assert_eq!(ticks(1.0, 1.0, 5.0), vec![1.0]);
    }

    #[test]
    fn frames_round_outwards_and_change_rarely() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(nice_ceiling(11.0), 12.0);
        assert_eq!(nice_ceiling(201.0), 250.0);
        assert_eq!(nice_ceiling(10.5), 12.0);
        assert_eq!(nice_ceiling(8_100.0), 10_000.0);
        let sample = |step, value| Sample { step, value };
        let frame = |last| {
            ChartFrame::for_samples(&[sample(0, 10.0), sample(last, 1.0)], LossScale::Linear)
        };
        assert_eq!(
            frame(13),
            frame(15),
            "the frame holds still while the run grows"
        );
        assert_ne!(frame(15), frame(16));
        assert_eq!(frame(12).losses, (0.0, 12.0));
        let log = ChartFrame::for_samples(
            &[sample(0, 10.0), sample(1, 0.0), sample(2, 0.003)],
            LossScale::Log,
        );
        assert_eq!(log.losses, (-3.0, 1.0));
        assert_eq!(log.to_axis(0.0), -3.0, "0 sits on the bottom of a log axis");
    }
}
