//! The live loss curve, drawn with plotters on any backend: a canvas in the
//! browser, an SVG string in native tests.

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::app::LossScale;
use crate::format::axis_label;
use crate::history::Sample;

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

/// Draws loss against step: the samples of the current run, on a linear or log axis.
/// Non-finite samples are skipped (the core never records them, but a chart must not lie).
/// `marker` is the step shown (and its loss), drawn as a dot on the curve.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    samples: &[Sample<f64>],
    marker: Option<(u64, f64)>,
    scale: LossScale,
    style: ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&style.colours().background)?;
    let finite = || samples.iter().filter(|sample| sample.value.is_finite());
    let last_step = samples.last().map_or(0, |sample| sample.step);
    let steps = 0.0..(last_step.max(10) as f64);
    let largest = finite().map(|sample| sample.value).fold(0.0, f64::max);
    match scale {
        LossScale::Linear => {
            let top = if largest > 0.0 { largest * 1.05 } else { 1.0 };
            draw_curve(
                area,
                steps,
                0.0..top,
                finite().map(|s| (s.step as f64, s.value)),
                marker.map(|(step, loss)| (step as f64, loss)),
                style,
            )
        }
        LossScale::Log => {
            let smallest = finite()
                .map(|sample| sample.value)
                .filter(|value| *value > 0.0)
                .fold(f64::INFINITY, f64::min);
            let bottom = if smallest.is_finite() {
                smallest.max(LOG_FLOOR) / 2.0
            } else {
                LOG_FLOOR
            };
            let top = (largest * 2.0).max(bottom * 10.0);
            draw_curve(
                area,
                steps,
                (bottom..top).log_scale(),
                finite().map(|s| (s.step as f64, s.value.max(bottom))),
                marker.map(|(step, loss)| (step as f64, loss.max(bottom))),
                style,
            )
        }
    }
}

fn draw_curve<DB, Y>(
    area: &DrawingArea<DB, Shift>,
    steps: std::ops::Range<f64>,
    losses: Y,
    points: impl Iterator<Item = (f64, f64)>,
    marker: Option<(f64, f64)>,
    style: ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let colours = style.colours();
    let font = ("sans-serif", style.font_size)
        .into_font()
        .color(&colours.text);
    let mut chart = ChartBuilder::on(area)
        .margin(style.font_size)
        .x_label_area_size(style.font_size * 2.5)
        .y_label_area_size(style.font_size * 4.5)
        .build_cartesian_2d(steps, losses)?;
    chart
        .configure_mesh()
        .light_line_style(colours.grid)
        .bold_line_style(colours.grid)
        .axis_style(colours.text)
        .label_style(font.clone())
        .axis_desc_style(font)
        .x_desc(style.step_label)
        .y_desc(style.loss_label)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|step| format!("{step:.0}"))
        .y_label_formatter(&|loss| axis_label(*loss))
        .draw()?;
    chart.draw_series(LineSeries::new(
        points,
        colours.curve.stroke_width(style.line_width),
    ))?;
    // The shown step, so a single sample (a fresh run) is visible too.
    if let Some(point) = marker.filter(|(x, y)| x.is_finite() && y.is_finite()) {
        chart.draw_series(std::iter::once(Circle::new(
            point,
            style.line_width * 2,
            colours.curve.filled(),
        )))?;
    }
    Ok(())
}
