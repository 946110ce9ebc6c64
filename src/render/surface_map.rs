//! The optimizer race's picture: a heatmap of f with contour lines, computed once per
//! objective and canvas size as an RGBA buffer, and the geometry drawn with it: the
//! plot's place in the canvas and the click mapping, "nice" axis ticks, the colour bar
//! below the plot and its values, the minima (and the saddle point), and on the quadratic
//! surfaces the Hessian's eigen-directions.
//!
//! What is drawn is a [`SurfaceLook`]: one of the race's surfaces
//! ([`SurfaceLook::of_surface`]) or any [`Objective`], such as a typed formula
//! ([`SurfaceLook::of_formula`]), which may be undefined in places (f not finite there):
//! those pixels are hatched in two greys, and [`first_undefined_point`] names one.
//!
//! The optimizers' paths are drawn over the heatmap in saturated colours (Okabe–Ito), so
//! the heatmap is muted: near-white to slate grey in the light theme, near-black to slate
//! in the dark one. Text widths are estimated ([`text_width`]), so the placement is
//! tested natively.

use crate::optimizer::{Domain, Objective, Surface, SurfaceKind};
use crate::render::field::{text_width, write_short, Align, LabelKind, Rect, Segment};
use crate::surface::Vec2;

/// Text size as a fraction of the canvas side, at most 13 CSS pixels (the field canvas's
/// sizes, so that the two canvases' texts match). The margins are sized for text of this
/// fraction, so the plot is the same fraction of the canvas at every size and a click's
/// fraction maps to a point without the canvas's size ([`point_at`]); the field's minimum
/// of 8 CSS pixels is left out, as those margins would not hold it on canvases below
/// 235 CSS pixels.
const EM_FRACTION: f64 = 0.034;
const EM_MAX_CSS: f64 = 13.0;
/// A label's box is this many em high (as in the field picture).
const TEXT_HEIGHT: f64 = 1.0;
/// The names x, y and f are set this much larger than the numbers (italic serif).
const NAME_SCALE: f64 = 1.1;

// Distances in em. Below the plot, from its bottom edge: tick marks, the x numbers, the
// name x, the colour bar, its tick marks and its numbers.
const TICK_LENGTH: f64 = 0.35;
const TICK_GAP: f64 = 0.25;
const X_NUMBERS: f64 = TICK_LENGTH + TICK_GAP + TEXT_HEIGHT / 2.0;
const X_NAME: f64 = X_NUMBERS + TEXT_HEIGHT / 2.0 + 0.15 + NAME_SCALE * TEXT_HEIGHT / 2.0;
const BAR_TOP: f64 = X_NAME + NAME_SCALE * TEXT_HEIGHT / 2.0 + 0.4;
const BAR_HEIGHT: f64 = 0.6;
const BAR_TICK_LENGTH: f64 = 0.25;
/// From the colour bar's bottom edge to the middle of its numbers.
const BAR_NUMBERS: f64 = BAR_TICK_LENGTH + 0.2 + TEXT_HEIGHT / 2.0;
/// Between the y numbers and the name y, and between the name f and the colour bar.
const NAME_GAP: f64 = 0.6;
/// Left empty at the canvas's edges.
const EDGE_PAD: f64 = 0.3;
/// The widest colour bar number the right margin leaves room for (half of it sticks out
/// past the plot's right edge when the value sits at the bar's end).
const WIDEST_BAR_NUMBER: &str = "1000";

/// The axes show at most this many intervals between ticks (5 ticks on [−4, 4]), fewer
/// when the numbers would crowd.
const MAX_AXIS_INTERVALS: f64 = 5.0;
/// A linear colour bar shows at most this many intervals.
const MAX_BAR_INTERVALS: f64 = 5.0;
/// Linear surfaces get contour lines at a round step, at most this many intervals over
/// the range of f.
const MAX_CONTOUR_INTERVALS: f64 = 16.0;
/// Points per side of the grid that [`value_range`] samples (odd, so it has the centre).
const RANGE_GRID: usize = 33;
/// [`SurfaceLook::of_formula`] colours f on a log scale when its sampled values span more
/// than this: f − f_min over more than two decades above 1.
const LOG_RANGE: f64 = 100.0;
/// Each stripe of the hatching where f is not defined is this many CSS pixels wide,
/// measured along a row.
const HATCH_STRIPE_CSS: f64 = 3.0;

/// The muted colour scales: f's colour parameter runs from `low` to `high`, and contour
/// lines blend `line_strength` of `line` into the colour under them.
struct Palette {
    low: [f64; 3],
    high: [f64; 3],
    line: [f64; 3],
    line_strength: f64,
    /// The two greys of the stripes where f is not defined: warm, where the scale is
    /// cool (blue-grey), and striped, where the scale is smooth.
    undefined: [[u8; 4]; 2],
}

/// Light theme: near-white at the minimum to CSS `slategray` (#708090), darker lines.
const LIGHT: Palette = Palette {
    low: [248.0, 249.0, 251.0],
    high: [112.0, 128.0, 144.0],
    line: [38.0, 48.0, 60.0],
    line_strength: 0.38,
    undefined: [[222, 216, 207, 255], [190, 183, 173, 255]],
};

/// Dark theme: near-black at the minimum to a mid slate (#5f6d7c), lighter lines.
const DARK: Palette = Palette {
    low: [18.0, 21.0, 25.0],
    high: [95.0, 109.0, 124.0],
    line: [222.0, 228.0, 234.0],
    line_strength: 0.28,
    undefined: [[62, 57, 51, 255], [40, 37, 33, 255]],
};

impl Palette {
    fn of(dark: bool) -> &'static Palette {
        if dark {
            &DARK
        } else {
            &LIGHT
        }
    }

    /// The colour of parameter `fraction` in [0, 1] with `coverage` in [0, 1] of a
    /// contour line over it.
    #[inline]
    fn colour(&self, fraction: f64, coverage: f64) -> [u8; 4] {
        let blend = coverage * self.line_strength;
        let mut colour = [255; 4];
        let ends = self.low.iter().zip(&self.high).zip(&self.line);
        for (channel, ((low, high), line)) in colour.iter_mut().zip(ends) {
            let base = low + (high - low) * fraction;
            let value = base + (line - base) * blend;
            // Non-negative: `+ 0.5` and truncation round it without a call to `round`.
            *channel = (value + 0.5) as u8;
        }
        colour
    }
}

/// A round step 1, 2 or 5 × 10^exponent, kept as whole numbers so that its multiples are
/// computed with one rounding (3 × 2 / 10 is 0.6; 3 × 0.2 is not).
#[derive(Clone, Copy, Debug, PartialEq)]
struct NiceStep {
    mantissa: u8,
    exponent: i32,
}

impl NiceStep {
    /// The smallest round step at least `raw` (1 for a `raw` that is not positive).
    fn at_least(raw: f64) -> Self {
        if !(raw.is_finite() && raw > 0.0) {
            return Self {
                mantissa: 1,
                exponent: 0,
            };
        }
        // `log10` may be one off next to a power of ten: start a decade lower and climb.
        let mut step = Self {
            mantissa: 1,
            exponent: raw.log10().floor() as i32 - 1,
        };
        while step.value() < raw * (1.0 - 1e-12) {
            step = step.next();
        }
        step
    }

    /// The next larger round step: 1 → 2 → 5 → 10.
    fn next(self) -> Self {
        match self.mantissa {
            1 => Self {
                mantissa: 2,
                ..self
            },
            2 => Self {
                mantissa: 5,
                ..self
            },
            _ => Self {
                mantissa: 1,
                exponent: self.exponent + 1,
            },
        }
    }

    /// `count` steps: count · mantissa · 10^exponent.
    fn times(self, count: i64) -> f64 {
        // Saturating: a formula's range far from 0 cannot overflow it (in debug builds).
        decimal(
            count.saturating_mul(i64::from(self.mantissa)) as f64,
            self.exponent,
        )
    }

    fn value(self) -> f64 {
        self.times(1)
    }

    /// The multiples of the step in [low, high] (a billionth of a step of slack at
    /// either end, so that rounding does not drop an end).
    fn multiples(self, (low, high): (f64, f64)) -> impl Iterator<Item = f64> {
        let step = self.value();
        let first = (low / step - 1e-9).ceil() as i64;
        let last = (high / step + 1e-9).floor() as i64;
        (first..=last).map(move |count| self.times(count))
    }
}

/// whole · 10^exponent, rounded once: 3 / 10 is 0.3, where 3 · 0.1 is not. Whole powers:
/// `powi`, not `powf` (2 KB of WebAssembly).
fn decimal(whole: f64, exponent: i32) -> f64 {
    if exponent >= 0 {
        whole * 10f64.powi(exponent)
    } else {
        whole / 10f64.powi(-exponent)
    }
}

/// `value` as an axis or colour-bar number: 3 significant digits, trailing zeros dropped,
/// a true minus sign and never "−0" (see [`write_short`]).
fn number_text(value: f64) -> String {
    let mut text = String::new();
    write_short(&mut text, value);
    text
}

/// A text at a place on the canvas (the numbers depend on the surface, so it owns them).
#[derive(Clone, Debug, PartialEq)]
pub struct TextLabel {
    pub text: String,
    /// Where the text is drawn: `x` is read as `align` says, `y` is the text's middle.
    pub x: f64,
    pub y: f64,
    pub align: Align,
    pub kind: LabelKind,
    /// The font size in device pixels (numbers: `em`; names: 1.1 `em`).
    pub size: f64,
}

impl TextLabel {
    /// The box the text fills (estimated by [`text_width`]).
    pub fn bounds(&self) -> Rect {
        let width = text_width(&self.text, self.size);
        let left = match self.align {
            Align::Left => self.x,
            Align::Centre => self.x - width / 2.0,
            Align::Right => self.x - width,
        };
        Rect {
            left,
            top: self.y - TEXT_HEIGHT * self.size / 2.0,
            right: left + width,
            bottom: self.y + TEXT_HEIGHT * self.size / 2.0,
        }
    }
}

/// Which scale a tick belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Below the plot (numbers centred under their marks).
    X,
    /// Left of the plot (numbers right-aligned before their marks).
    Y,
    /// Below the colour bar (values of f).
    ColourBar,
}

/// A tick: its value, its mark outside the plot (or the bar) and its number.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub axis: Axis,
    pub value: f64,
    pub mark: Segment,
    pub label: TextLabel,
}

/// The race canvas of one size and domain: the plot's place (a square on whole pixels,
/// so the heatmap is blitted unscaled), the text size, and the ticks chosen to fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceLayout {
    canvas: f64,
    pixel_ratio: f64,
    em: f64,
    domain: Domain,
    plot: Rect,
    x_step: NiceStep,
    y_step: NiceStep,
}

/// The widest number any of the first few round steps would write on an axis of `range`
/// (the margins are sized before the plot, and so before the step is chosen).
fn widest_tick_number(range: (f64, f64), em: f64) -> f64 {
    let mut step = NiceStep::at_least((range.1 - range.0) / MAX_AXIS_INTERVALS);
    let mut widest: f64 = 0.0;
    for _ in 0..4 {
        for value in step.multiples(range) {
            widest = widest.max(text_width(&number_text(value), em));
        }
        step = step.next();
    }
    widest
}

/// The first round step from at most [`MAX_AXIS_INTERVALS`] intervals up whose numbers
/// do not crowd: consecutive ticks at least `needed(a, b)` pixels apart.
fn fitting_step(
    range: (f64, f64),
    pixels_per_unit: f64,
    needed: impl Fn(&str, &str) -> f64,
) -> NiceStep {
    let mut step = NiceStep::at_least((range.1 - range.0) / MAX_AXIS_INTERVALS);
    for _ in 0..12 {
        let texts: Vec<String> = step.multiples(range).map(number_text).collect();
        let spacing = step.value() * pixels_per_unit;
        if texts
            .windows(2)
            .all(|pair| needed(&pair[0], &pair[1]) <= spacing)
        {
            return step;
        }
        step = step.next();
    }
    step
}

/// The least distance between two neighbouring x ticks: their numbers side by side, 0.6
/// em apart.
fn x_tick_spacing(first: &str, second: &str, em: f64) -> f64 {
    (text_width(first, em) + text_width(second, em)) / 2.0 + 0.6 * em
}

/// The least distance between two neighbouring y ticks: a line of text and 0.4 em.
fn y_tick_spacing(em: f64) -> f64 {
    (TEXT_HEIGHT + 0.4) * em
}

/// `domain`, or [−1, 1]² if either range is empty or not finite.
fn usable(domain: Domain) -> Domain {
    let fine = |(low, high): (f64, f64)| low.is_finite() && high.is_finite() && low < high;
    if fine(domain.x) && fine(domain.y) {
        domain
    } else {
        Domain {
            x: (-1.0, 1.0),
            y: (-1.0, 1.0),
        }
    }
}

/// The plot square's left and top edges and side, as fractions of the canvas side.
///
/// Margins, in em of [`EM_FRACTION`] of the side: left, the y numbers and the name y;
/// below, the x numbers, the name x and the colour bar with its numbers (below rather
/// than beside: on a square canvas whose left margin already holds the y numbers, a bar
/// beside the plot would cost more of its width than a bar below costs of its height).
/// The plot is the largest square that leaves them room, centred in the space left. The
/// widths depend on the domain's numbers (−1.5 is wider than −2), not on the size.
fn plot_fractions(domain: Domain) -> (f64, f64, f64) {
    let widest_x = widest_tick_number(domain.x, 1.0);
    let widest_y = widest_tick_number(domain.y, 1.0);
    let name_width = text_width("y", NAME_SCALE);
    let left =
        (TICK_LENGTH + TICK_GAP + NAME_GAP + widest_y + name_width).max(widest_x / 2.0) + EDGE_PAD;
    let right = (widest_x / 2.0).max(text_width(WIDEST_BAR_NUMBER, 1.0) / 2.0) + EDGE_PAD;
    let top = TEXT_HEIGHT / 2.0 + EDGE_PAD;
    let bottom = BAR_TOP + BAR_HEIGHT + BAR_NUMBERS + TEXT_HEIGHT / 2.0 + EDGE_PAD;
    let (across, down) = (left + right, top + bottom);
    let side = 1.0 - EM_FRACTION * across.max(down);
    (
        EM_FRACTION * (left + (across.max(down) - across) / 2.0),
        EM_FRACTION * (top + (across.max(down) - down) / 2.0),
        side,
    )
}

/// The point under a click at `fraction_x`, `fraction_y` of a race canvas showing
/// `domain` (0 at its left and top edges, 1 at its right and bottom), at any size: the
/// plot is the same fraction of the canvas at every size. `None` in the margins, outside
/// or for a fraction that is not a number. The canvas draws the point within a pixel of
/// the click ([`SurfaceLayout::to_pixel`] rounds the plot onto whole pixels).
pub fn point_at(domain: Domain, fraction_x: f64, fraction_y: f64) -> Option<Vec2> {
    let domain = usable(domain);
    let (left, top, side) = plot_fractions(domain);
    let across = (fraction_x - left) / side;
    let down = (fraction_y - top) / side;
    if !(0.0..=1.0).contains(&across) || !(0.0..=1.0).contains(&down) {
        return None;
    }
    Some(Vec2::new(
        domain.x.0 + across * (domain.x.1 - domain.x.0),
        domain.y.1 - down * (domain.y.1 - domain.y.0),
    ))
}

impl SurfaceLayout {
    /// The layout of a square canvas of `canvas_size` device pixels showing `domain`:
    /// the plot at the fractions of the side that [`point_at`] uses, rounded to whole
    /// pixels, and the ticks that fit its size.
    pub fn new(canvas_size: u32, pixel_ratio: f64, domain: Domain) -> Self {
        let pixel_ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio
        } else {
            1.0
        };
        let domain = usable(domain);
        let side = f64::from(canvas_size.max(1));
        let em = (EM_FRACTION * side).min(EM_MAX_CSS * pixel_ratio);
        let (left, top, plot_side) = plot_fractions(domain);
        // `+ 0.5` and `floor`: rounding these positive values without a call to `round`
        // (a library function in WebAssembly, where `floor` is an instruction).
        let whole = |fraction: f64| (fraction * side + 0.5).floor();
        let (left, top, plot_side) = (whole(left), whole(top), whole(plot_side).max(1.0));
        let plot = Rect {
            left,
            top,
            right: left + plot_side,
            bottom: top + plot_side,
        };
        let x_pixels_per_unit = plot_side / (domain.x.1 - domain.x.0);
        let y_pixels_per_unit = plot_side / (domain.y.1 - domain.y.0);
        let x_step = fitting_step(domain.x, x_pixels_per_unit, |first, second| {
            x_tick_spacing(first, second, em)
        });
        let y_step = fitting_step(domain.y, y_pixels_per_unit, |_, _| y_tick_spacing(em));
        Self {
            canvas: side,
            pixel_ratio,
            em,
            domain,
            plot,
            x_step,
            y_step,
        }
    }

    /// The canvas's side in device pixels.
    pub fn canvas(&self) -> f64 {
        self.canvas
    }

    /// Device pixels per CSS pixel.
    pub fn pixel_ratio(&self) -> f64 {
        self.pixel_ratio
    }

    /// The text size in device pixels: 0.034 of the canvas side, at most 13 CSS pixels.
    pub fn em(&self) -> f64 {
        self.em
    }

    /// The part of the plane the plot shows.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// The plot square in canvas pixels (whole pixels).
    pub fn plot_rect(&self) -> Rect {
        self.plot
    }

    /// The heatmap's place and size in whole pixels, (left, top, width, height), for
    /// `putImageData`; width = height, the side of [`surface_pixels`]'s buffer.
    pub fn plot_pixels(&self) -> (u32, u32, u32, u32) {
        let plot = self.plot;
        (
            plot.left as u32,
            plot.top as u32,
            plot.width() as u32,
            plot.height() as u32,
        )
    }

    fn pixels_per_unit(&self) -> (f64, f64) {
        (
            self.plot.width() / (self.domain.x.1 - self.domain.x.0),
            self.plot.height() / (self.domain.y.1 - self.domain.y.0),
        )
    }

    /// Canvas pixel coordinates of a point of the plane, y up:
    /// (left + (x − x₀)·s, top + (y₁ − y)·s) with s pixels per unit.
    pub fn to_pixel(&self, point: Vec2) -> (f64, f64) {
        let (across, down) = self.pixels_per_unit();
        (
            self.plot.left + (point.x - self.domain.x.0) * across,
            self.plot.top + (self.domain.y.1 - point.y) * down,
        )
    }

    /// The point of the plane at canvas pixel coordinates (column, row), the inverse of
    /// [`to_pixel`](Self::to_pixel); a pixel's centre is at (column + ½, row + ½).
    pub fn to_point(&self, column: f64, row: f64) -> Vec2 {
        let (across, down) = self.pixels_per_unit();
        Vec2::new(
            self.domain.x.0 + (column - self.plot.left) / across,
            self.domain.y.1 - (row - self.plot.top) / down,
        )
    }

    /// The point under a click at `fraction_x`, `fraction_y` of the canvas's width and
    /// height (0 at its left and top edges, 1 at its right and bottom); `None` in the
    /// margins, outside the canvas or for a fraction that is not a number.
    pub fn fraction_to_point(&self, fraction_x: f64, fraction_y: f64) -> Option<Vec2> {
        let pixel = (fraction_x * self.canvas, fraction_y * self.canvas);
        // A billionth of the canvas of slack: a fraction computed from the plot's edge
        // may round to just outside it.
        self.plot
            .inset(-1e-9 * self.canvas)
            .contains(pixel)
            .then(|| self.to_point(pixel.0, pixel.1))
    }

    /// The ticks of both axes, x first: round values (1, 2 or 5 × 10ⁿ apart) inside the
    /// domain, as many as fit without crowding (at most 5 intervals), with marks outside
    /// the plot and their numbers.
    pub fn ticks(&self) -> Vec<Tick> {
        let em = self.em;
        let plot = self.plot;
        let tick = TICK_LENGTH * em;
        let number = |text, x, y, align| TextLabel {
            text,
            x,
            y,
            align,
            kind: LabelKind::Number,
            size: em,
        };
        let mut ticks = Vec::with_capacity(12);
        for value in self.x_step.multiples(self.domain.x) {
            let (x, _) = self.to_pixel(Vec2::new(value, self.domain.y.0));
            ticks.push(Tick {
                axis: Axis::X,
                value,
                mark: Segment {
                    from: (x, plot.bottom),
                    to: (x, plot.bottom + tick),
                },
                label: number(
                    number_text(value),
                    x,
                    plot.bottom + X_NUMBERS * em,
                    Align::Centre,
                ),
            });
        }
        for value in self.y_step.multiples(self.domain.y) {
            let (_, y) = self.to_pixel(Vec2::new(self.domain.x.0, value));
            ticks.push(Tick {
                axis: Axis::Y,
                value,
                mark: Segment {
                    from: (plot.left, y),
                    to: (plot.left - tick, y),
                },
                label: number(
                    number_text(value),
                    plot.left - tick - TICK_GAP * em,
                    y,
                    Align::Right,
                ),
            });
        }
        ticks
    }

    /// The axes' names: x centred below the x numbers, y left of the y numbers.
    pub fn axis_names(&self) -> [TextLabel; 2] {
        let em = self.em;
        let size = NAME_SCALE * em;
        let (centre_x, centre_y) = self.plot.centre();
        let widest_y = widest_tick_number(self.domain.y, em);
        let name = |text: &str, x, y| TextLabel {
            text: text.to_string(),
            x,
            y,
            align: Align::Centre,
            kind: LabelKind::Name,
            size,
        };
        let y_name_right = self.plot.left - (TICK_LENGTH + TICK_GAP + NAME_GAP) * em - widest_y;
        [
            name("x", centre_x, self.plot.bottom + X_NAME * em),
            name("y", y_name_right - text_width("y", size) / 2.0, centre_y),
        ]
    }

    /// The colour bar below the plot, as wide as it, on whole pixels: f's colour
    /// parameter from 0 (left) to 1 (right), in the heatmap's colours.
    pub fn colour_bar_rect(&self) -> Rect {
        let top = (self.plot.bottom + BAR_TOP * self.em).floor();
        let height = (BAR_HEIGHT * self.em + 0.5).floor().max(1.0);
        Rect {
            left: self.plot.left,
            top,
            right: self.plot.right,
            bottom: top + height,
        }
    }

    /// The colour bar's name f, left of the bar.
    pub fn colour_bar_name(&self) -> TextLabel {
        let bar = self.colour_bar_rect();
        TextLabel {
            text: "f".to_string(),
            x: bar.left - NAME_GAP * self.em,
            y: bar.centre().1,
            align: Align::Right,
            kind: LabelKind::Name,
            size: NAME_SCALE * self.em,
        }
    }
}

/// What the race's picture shows: f, the part of the plane, how f is coloured, and the
/// marks over it. [`SurfaceLook::of_surface`] for the race's surfaces,
/// [`SurfaceLook::of_formula`] for any other [`Objective`].
#[derive(Clone, Copy)]
pub struct SurfaceLook<'a> {
    /// f and ∇f (at every pixel), and the Hessian (at the
    /// [`quadratic_centre`](Self::quadratic_centre)).
    pub objective: &'a dyn Objective,
    /// The part of the plane whose values set the colour scale; the plot shows the
    /// [`SurfaceLayout`]'s domain, built from the same one.
    pub domain: Domain,
    /// Colours follow s = ln(1 + f − f_min) rather than s = f − f_min, and contour lines
    /// are 1 and 3 times powers of ten above the scale's base (see [`contour_levels`]).
    pub logarithmic: bool,
    /// On a log scale, the lowest contour level above the base: 1 on the stretched bowl
    /// (whose f = 0.3 ellipse would be a few pixels high), 0.3 otherwise.
    pub lowest_log_level: f64,
    /// Marked with crosses; f's smallest value is taken over them too.
    pub minima: &'a [Vec2],
    /// Marked with a cross (the saddle's (0, 0)).
    pub saddle: Option<Vec2>,
    /// Where the Hessian's eigen-directions are drawn through, on a quadratic (whose
    /// Hessian is the same everywhere); `None`: no eigen-lines.
    pub quadratic_centre: Option<Vec2>,
    /// The race's surface that `objective` is, if it is one: [`surface_pixels`] then calls
    /// its own methods, which inline (the heatmap in 55 % of the time of `dyn` calls).
    /// Private, so that only [`of_surface`](Self::of_surface) sets it, to `objective`.
    surface: Option<Surface>,
}

impl<'a> SurfaceLook<'a> {
    /// One of the race's surfaces, as the race has always drawn it: log colours on
    /// Rosenbrock, Himmelblau and the stretched bowl ([`Surface::log_colours`]), its
    /// minima, the saddle point on the saddle, and the eigen-lines through the minimum
    /// (the saddle point) of a quadratic.
    pub fn of_surface(surface: &'a Surface) -> Self {
        let minima = surface.minima();
        let origin = Vec2::new(0.0, 0.0);
        Self {
            objective: surface,
            domain: surface.domain(),
            logarithmic: surface.log_colours(),
            lowest_log_level: if surface.kind == SurfaceKind::Stretched {
                1.0
            } else {
                0.3
            },
            minima,
            saddle: (surface.kind == SurfaceKind::Saddle).then_some(origin),
            quadratic_centre: surface
                .is_quadratic()
                .then(|| minima.first().copied().unwrap_or(origin)),
            surface: Some(*surface),
        }
    }

    /// Any objective (a typed formula) over `domain` ([−1, 1]² if either range is empty
    /// or not finite, as [`SurfaceLayout::new`] reads it): no minima, saddle point or
    /// eigen-lines (they are not known), and log colours when the finite values sampled by
    /// [`value_range`] span more than 100 (f_max − f_min > 100, two decades above 1:
    /// ln(1 + u) differs from u only where u ≫ 1, and over such a range a linear scale
    /// leaves the low part, where the optimizers end, one flat colour). So Rosenbrock's f
    /// typed in gets log colours (its range is 2509), x² + y² on [−4, 4]² (32) linear.
    /// The race's own choices agree, but for the stretched bowl below κ ≈ 3, which
    /// [`of_surface`](Self::of_surface) colours on a log scale at every κ.
    pub fn of_formula(objective: &'a dyn Objective, domain: Domain) -> Self {
        let mut look = Self {
            objective,
            domain: usable(domain),
            logarithmic: false,
            lowest_log_level: 0.3,
            minima: &[],
            saddle: None,
            quadratic_centre: None,
            surface: None,
        };
        let (low, high) = value_range(&look);
        // Not `<=`: a range that overflows to infinity is logarithmic too.
        look.logarithmic = high - low > LOG_RANGE;
        look
    }
}

impl std::fmt::Debug for SurfaceLook<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SurfaceLook")
            .field("domain", &self.domain)
            .field("logarithmic", &self.logarithmic)
            .field("lowest_log_level", &self.lowest_log_level)
            .field("minima", &self.minima)
            .field("saddle", &self.saddle)
            .field("quadratic_centre", &self.quadratic_centre)
            .field("surface", &self.surface)
            .finish_non_exhaustive()
    }
}

/// The point of the [`RANGE_GRID`]² sampling grid over `domain` in `column` (0: left)
/// and `row` (0: bottom).
fn grid_point(domain: Domain, column: usize, row: usize) -> Vec2 {
    let last = (RANGE_GRID - 1) as f64;
    Vec2::new(
        domain.x.0 + (domain.x.1 - domain.x.0) * column as f64 / last,
        domain.y.0 + (domain.y.1 - domain.y.0) * row as f64 / last,
    )
}

/// The smallest and largest finite f over the look's domain: sampled on a 33 × 33 grid
/// that includes the corners, the edges' midpoints and the centre (where the race's
/// surfaces take their extremes), and at the minima. Values that are not finite (where a
/// formula is not defined) are left out; (0, 1) if none is finite.
pub fn value_range(look: &SurfaceLook) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    let mut sample = |point: Vec2, with_high: bool| {
        let value = look.objective.value(point);
        if value.is_finite() {
            low = low.min(value);
            if with_high {
                high = high.max(value);
            }
        }
    };
    for row in 0..RANGE_GRID {
        for column in 0..RANGE_GRID {
            sample(grid_point(look.domain, column, row), true);
        }
    }
    for minimum in look.minima {
        sample(*minimum, false);
    }
    if low <= high {
        (low, high)
    } else {
        (0.0, 1.0)
    }
}

/// The share of [`value_range`]'s grid (minima left out) where f is not finite: 0 for
/// the race's surfaces, about ½ for ln(x) on a square centred on 0.
pub fn undefined_fraction(look: &SurfaceLook) -> f64 {
    let mut undefined = 0;
    for row in 0..RANGE_GRID {
        for column in 0..RANGE_GRID {
            let point = grid_point(look.domain, column, row);
            if !look.objective.value(point).is_finite() {
                undefined += 1;
            }
        }
    }
    f64::from(undefined) / (RANGE_GRID * RANGE_GRID) as f64
}

/// The first point of [`value_range`]'s grid where f is not finite, scanning the rows
/// from the top (largest y) and each row from the left, so that the page can say "f is
/// not defined at (x, y)"; `None` if f is finite at every one.
pub fn first_undefined_point(look: &SurfaceLook) -> Option<Vec2> {
    (0..RANGE_GRID)
        .rev()
        .flat_map(|row| (0..RANGE_GRID).map(move |column| (column, row)))
        .map(|(column, row)| grid_point(look.domain, column, row))
        .find(|point| !look.objective.value(*point).is_finite())
}

/// The base of a log scale's levels and ticks: f_min rounded down to a tenth (0 on the
/// race's log-coloured surfaces, whose f_min is 0 or, at Himmelblau's minima to the
/// digits shown, 10⁻¹¹ or so), so that a formula's rings sit at round distances above its
/// minimum wherever that is.
fn log_base(low: f64) -> f64 {
    let base = (low * 10.0).floor() / 10.0;
    if base.is_finite() {
        base
    } else {
        low
    }
}

/// The values of f where contour lines are drawn, ascending, strictly inside
/// [`value_range`].
///
/// On a log scale they are the base (f_min rounded down to a tenth: 0 on the race's
/// surfaces) plus 1 and 3 times the powers of ten (so they are spaced about evenly in
/// log f, like the colours), from 0.3 above it (Rosenbrock: the floor of the curved
/// valley; Himmelblau: a ring around each minimum) or from 1 (the stretched bowl, whose
/// f = 0.3 ellipse would be a few pixels high): [`SurfaceLook::lowest_log_level`]. On a
/// linear scale (the bowl and the saddle), the multiples of a round step with at most 16
/// intervals over the range: f = 2, 4, …, 30 and f = −3.5, −3, …, 3.5 (f = 0 is the
/// saddle's two diagonals).
pub fn contour_levels(look: &SurfaceLook) -> Vec<f64> {
    let (low, high) = value_range(look);
    if look.logarithmic {
        let base = log_base(low);
        let mut levels: Vec<f64> = Vec::new();
        for exponent in -1..=300 {
            if base + decimal(1.0, exponent) >= high {
                break;
            }
            for mantissa in [1.0, 3.0] {
                let above = decimal(mantissa, exponent);
                let level = base + above;
                // Far from 0, a small step above the base may round away.
                let new = levels.last().is_none_or(|last| *last < level);
                if above >= look.lowest_log_level && low < level && level < high && new {
                    levels.push(level);
                }
            }
        }
        levels
    } else if (high - low).is_finite() {
        let step = NiceStep::at_least((high - low) / MAX_CONTOUR_INTERVALS);
        step.multiples((low, high))
            .filter(|level| low < *level && *level < high)
            .collect()
    } else {
        // A range past the largest f64: no round step spans it.
        Vec::new()
    }
}

/// The map from f to the heatmap's colour parameter, and the contour levels in it.
///
/// With u = f − f_min, the parameter is s = ln(1 + u) on the log-coloured surfaces and
/// s = u on the others; the colour is the fraction s / s_max of the way along the scale.
struct ColourScale {
    logarithmic: bool,
    low: f64,
    /// 1 / s_max.
    span_inverse: f64,
    /// The contour levels in s, ascending.
    levels: Vec<f64>,
    /// Half a contour line's width in device pixels, plus half a pixel of anti-aliasing.
    line_reach: f64,
}

impl ColourScale {
    fn new(look: &SurfaceLook, pixel_ratio: f64) -> Self {
        let (low, high) = value_range(look);
        let mut scale = Self {
            logarithmic: look.logarithmic,
            low,
            span_inverse: 1.0,
            levels: Vec::new(),
            // Lines one CSS pixel wide.
            line_reach: 0.5 * pixel_ratio + 0.5,
        };
        let span = scale.parameter(high);
        // Infinite where f_max − f_min overflows (a formula near the largest f64): 1, as
        // for an empty range, so that no fraction is ∞ · 0.
        scale.span_inverse = if span > 0.0 && span.is_finite() {
            1.0 / span
        } else {
            1.0
        };
        scale.levels = contour_levels(look)
            .into_iter()
            .map(|level| scale.parameter(level))
            .collect();
        scale
    }

    /// s of `value`.
    fn parameter(&self, value: f64) -> f64 {
        let above = value - self.low;
        if self.logarithmic {
            // As in `shade`, so that the levels and the pixels agree to the bit.
            (1.0 + above.max(0.0)).ln()
        } else {
            above
        }
    }

    /// The fraction s / s_max of `value` along the scale, in [0, 1].
    fn fraction(&self, value: f64) -> f64 {
        (self.parameter(value) * self.span_inverse).clamp(0.0, 1.0)
    }

    /// How much of a contour line covers a pixel whose s is `parameter`, where f changes
    /// by `change_of_f` from one pixel to the next and s by `change_of_f / stretch`
    /// (ds/df = 1/`stretch`): the distance to the nearest level in pixels is, to first
    /// order, (distance in s) · `stretch` / `change_of_f`.
    ///
    /// `nearest` is the index of the level nearest the previous pixel: neighbours are
    /// near the same level, so the search starts there and almost never moves (cheaper
    /// than a scan from the first level, whose exit the processor cannot predict).
    // `inline(always)`: the release build optimises for size and left these hot calls,
    // per pixel, out of line (a third of the heatmap's time).
    #[inline(always)]
    fn line_coverage(
        &self,
        parameter: f64,
        change_of_f: f64,
        stretch: f64,
        nearest: &mut usize,
    ) -> f64 {
        let levels = self.levels.as_slice();
        let Some(last) = levels.len().checked_sub(1) else {
            return 0.0;
        };
        // The distance to the ascending levels falls, then rises: walk downhill.
        let mut index = (*nearest).min(last);
        let mut distance = (parameter - levels[index]).abs();
        while index < last && (parameter - levels[index + 1]).abs() < distance {
            index += 1;
            distance = (parameter - levels[index]).abs();
        }
        while index > 0 && (parameter - levels[index - 1]).abs() < distance {
            index -= 1;
            distance = (parameter - levels[index]).abs();
        }
        *nearest = index;
        // Compared before dividing: nearly every pixel is farther than a line's reach,
        // and a flat pixel (no change of f) gets no line rather than 0/0.
        let scaled = distance * stretch;
        if scaled < self.line_reach * change_of_f {
            (self.line_reach - scaled / change_of_f).min(1.0)
        } else {
            0.0
        }
    }

    /// The fraction along the scale and the contour line's coverage of a pixel where f is
    /// `value` and changes by `change_of_f` (|∇f| times the pixel's width) from one pixel
    /// to the next; ds = df / (1 + u) on the log scale.
    #[inline(always)]
    fn shade(&self, value: f64, change_of_f: f64, nearest: &mut usize) -> (f64, f64) {
        let above = value - self.low;
        let (parameter, stretch) = if self.logarithmic {
            // `ln` of 1 + u rather than `ln_1p`: a quarter faster, and the digits it
            // loses for u below 10⁻¹⁶ change no colour.
            let plus_one = 1.0 + above.max(0.0);
            (plus_one.ln(), plus_one)
        } else {
            (above, 1.0)
        };
        let fraction = (parameter * self.span_inverse).clamp(0.0, 1.0);
        (
            fraction,
            self.line_coverage(parameter, change_of_f, stretch, nearest),
        )
    }
}

/// Entries of [`Painter`]'s table of the scale's colours (a power of two plus one, so that
/// the ends and the quarters are entries).
const RAMP_ENTRIES: usize = 1025;

/// The colours of one look in one theme: the scale, the palette, and the palette's
/// colours at [`RAMP_ENTRIES`] fractions, so that a pixel off the contour lines (nearly
/// all are) is a table look-up instead of three blends and roundings. The table's step,
/// 1/1024 of the scale, is under a seventh of a colour level (the widest channel spans
/// 136 levels), so a looked-up colour is within one level of the blended one.
struct Painter {
    scale: ColourScale,
    palette: &'static Palette,
    ramp: [[u8; 4]; RAMP_ENTRIES],
    /// The width of the undefined region's stripes, in device pixels along a row.
    stripe: usize,
}

impl Painter {
    fn new(look: &SurfaceLook, pixel_ratio: f64, dark: bool) -> Self {
        let palette = Palette::of(dark);
        let last = (RAMP_ENTRIES - 1) as f64;
        Self {
            scale: ColourScale::new(look, pixel_ratio),
            palette,
            ramp: std::array::from_fn(|index| palette.colour(index as f64 / last, 0.0)),
            // Positive and below 2⁵³: `+ 0.5` and truncation round it.
            stripe: ((HATCH_STRIPE_CSS * pixel_ratio + 0.5) as usize).max(1),
        }
    }

    /// The pixel at (`row`, `column`) for f = `value`: its shade under the contour line
    /// that `change` (f's change across the pixel, asked only where f is defined) sets,
    /// or the hatch where f is undefined. Both heatmap loops paint through this.
    #[inline(always)]
    fn pixel(
        &self,
        value: f64,
        change: impl FnOnce() -> f64,
        (row, column): (usize, usize),
        nearest: &mut usize,
    ) -> [u8; 4] {
        if !value.is_finite() {
            return self.palette.undefined[(row + column) / self.stripe % 2];
        }
        // An infinite or NaN change (∇f not finite) would draw a line on every such
        // pixel: no change draws none.
        let change = change();
        let change = if change.is_finite() { change } else { 0.0 };
        let (fraction, coverage) = self.scale.shade(value, change, nearest);
        self.colour(fraction, coverage)
    }

    /// The colour at `fraction` of the scale under `coverage` of a contour line.
    #[inline(always)]
    fn colour(&self, fraction: f64, coverage: f64) -> [u8; 4] {
        if coverage > 0.0 {
            self.palette.colour(fraction, coverage)
        } else {
            // `fraction` is in [0, 1]: `+ 0.5` and truncation round it to an entry.
            let index = (fraction * (RAMP_ENTRIES - 1) as f64 + 0.5) as usize;
            self.ramp[index.min(RAMP_ENTRIES - 1)]
        }
    }
}

/// The RGBA pixels (row-major, width × height × 4 bytes, the size of
/// [`SurfaceLayout::plot_pixels`]) of the heatmap of the look's f over the layout's plot.
///
/// Each pixel is the colour of f at its centre: the fraction s / s_max along a muted scale
/// (light theme: near-white at the minimum to slate grey; `dark`: near-black to slate),
/// with s = ln(1 + f − f_min) on a log scale (Rosenbrock, Himmelblau, the stretched bowl)
/// and s = f − f_min on a linear one (the bowl and the saddle, whose f_min is negative:
/// the scale runs from the domain's smallest f to its largest). Contour lines at
/// [`contour_levels`], about one CSS pixel wide and anti-aliased, are drawn in the same
/// pass: a pixel's distance to the nearest level is |s − level| / (|∇s| · pixel width),
/// with |∇s| = |∇f| / (1 + f − f_min) on the log scale.
///
/// Where f is not finite (a formula's undefined part), the pixel is one of two warm greys
/// in diagonal stripes (3 CSS pixels wide along a row, from the pixel's row + column),
/// without contour lines; where f is finite but ∇f is not (the edge of such a part), the
/// pixel has the scale's colour without a line.
pub fn surface_pixels(look: &SurfaceLook, layout: &SurfaceLayout, dark: bool) -> Vec<u8> {
    let painter = Painter::new(look, layout.pixel_ratio, dark);
    match look.surface {
        // By value, through its own methods: `Objective`'s (a shim the size-optimised
        // release build does not inline) would take 70 % longer.
        Some(surface) => heatmap(
            |point| (surface.value(point), surface.gradient(point)),
            &painter,
            layout,
        ),
        // A formula: f alone at every pixel, its change per pixel from the neighbours'
        // values (a forward pass per pixel, no backward one: half the time).
        None => heatmap_of_values(look.objective, &painter, layout),
    }
}

/// [`surface_pixels`]'s loop for one f and ∇f: a race's [`Surface`]'s, which inline, or
/// a `dyn Objective`'s (one call per pixel).
fn heatmap(
    evaluate: impl Fn(Vec2) -> (f64, Vec2),
    painter: &Painter,
    layout: &SurfaceLayout,
) -> Vec<u8> {
    let (_, _, width, height) = layout.plot_pixels();
    let (width, height) = (width as usize, height as usize);
    let domain = layout.domain;
    let unit_x = (domain.x.1 - domain.x.0) / width as f64;
    let unit_y = (domain.y.1 - domain.y.0) / height as f64;
    let pixel_width = unit_x.max(unit_y);
    let mut pixels = vec![0; width * height * 4];
    let mut nearest = 0;
    for (row, line) in pixels.chunks_exact_mut(width * 4).enumerate() {
        let y = domain.y.1 - (row as f64 + 0.5) * unit_y;
        for (column, pixel) in line.chunks_exact_mut(4).enumerate() {
            let point = Vec2::new(domain.x.0 + (column as f64 + 0.5) * unit_x, y);
            let (value, gradient) = evaluate(point);
            let change = || gradient.length() * pixel_width;
            pixel.copy_from_slice(&painter.pixel(value, change, (row, column), &mut nearest));
        }
    }
    pixels
}

/// [`heatmap`] for a `dyn Objective` (a typed formula): f is evaluated once per pixel and
/// the change of f from one pixel to the next, which sets a contour line's coverage, is
/// √(dx² + dy²) from central differences of the neighbours' values (one-sided at an edge
/// or next to an undefined pixel; none where both neighbours are undefined). Applying a
/// formula must take under 50 ms at 600² device pixels, and the backward pass per pixel
/// was half of it.
fn heatmap_of_values(
    objective: &dyn Objective,
    painter: &Painter,
    layout: &SurfaceLayout,
) -> Vec<u8> {
    let (_, _, width, height) = layout.plot_pixels();
    let (width, height) = (width as usize, height as usize);
    let domain = layout.domain;
    let unit_x = (domain.x.1 - domain.x.0) / width as f64;
    let unit_y = (domain.y.1 - domain.y.0) / height as f64;
    let mut values = vec![0.0; width * height];
    for (row, line) in values.chunks_exact_mut(width.max(1)).enumerate() {
        let y = domain.y.1 - (row as f64 + 0.5) * unit_y;
        for (column, value) in line.iter_mut().enumerate() {
            *value = objective.value(Vec2::new(domain.x.0 + (column as f64 + 0.5) * unit_x, y));
        }
    }
    // The change of f per pixel between two neighbours of `centre` (either may be missing
    // or undefined).
    let slope = |before: Option<f64>, centre: f64, after: Option<f64>| match (
        before.filter(|v| v.is_finite()),
        after.filter(|v| v.is_finite()),
    ) {
        (Some(before), Some(after)) => (after - before) / 2.0,
        (Some(before), None) => centre - before,
        (None, Some(after)) => after - centre,
        (None, None) => 0.0,
    };
    let mut pixels = vec![0; width * height * 4];
    let mut nearest = 0;
    for (row, line) in pixels.chunks_exact_mut(width * 4).enumerate() {
        for (column, pixel) in line.chunks_exact_mut(4).enumerate() {
            let at = |row: usize, column: usize| values[row * width + column];
            let value = at(row, column);
            let change = || {
                let across = slope(
                    column.checked_sub(1).map(|left| at(row, left)),
                    value,
                    (column + 1 < width).then(|| at(row, column + 1)),
                );
                let down = slope(
                    row.checked_sub(1).map(|up| at(up, column)),
                    value,
                    (row + 1 < height).then(|| at(row + 1, column)),
                );
                (across * across + down * down).sqrt()
            };
            pixel.copy_from_slice(&painter.pixel(value, change, (row, column), &mut nearest));
        }
    }
    pixels
}

/// The RGBA pixels of the colour bar ([`SurfaceLayout::colour_bar_rect`]'s size): each
/// column the heatmap's colour at the fraction (column + ½) / width along the scale, with
/// the contour levels as lines across it, as in the heatmap.
pub fn colour_bar_pixels(look: &SurfaceLook, layout: &SurfaceLayout, dark: bool) -> Vec<u8> {
    let painter = Painter::new(look, layout.pixel_ratio, dark);
    let scale = &painter.scale;
    let bar = layout.colour_bar_rect();
    let (width, height) = (
        bar.width().max(1.0) as usize,
        bar.height().max(1.0) as usize,
    );
    // s changes by s_max / width per column.
    let change = 1.0 / (scale.span_inverse * width as f64);
    let mut nearest = 0;
    let mut row = Vec::with_capacity(width * 4);
    for column in 0..width {
        let fraction = (column as f64 + 0.5) / width as f64;
        let coverage =
            scale.line_coverage(fraction / scale.span_inverse, change, 1.0, &mut nearest);
        row.extend_from_slice(&painter.colour(fraction, coverage));
    }
    row.repeat(height)
}

/// The x of value `f` on the colour bar: its left end plus its width times the fraction
/// s / s_max of `f` along the scale.
pub fn colour_bar_x(look: &SurfaceLook, layout: &SurfaceLayout, f: f64) -> f64 {
    let scale = ColourScale::new(look, layout.pixel_ratio);
    let bar = layout.colour_bar_rect();
    bar.left + bar.width() * scale.fraction(f)
}

/// The colour bar's ticks, ascending: on a log scale f_min, then the base (f_min rounded
/// down to a tenth, 0 on the race's surfaces) plus the powers of ten up to the largest f
/// (0, 1, 10, 100, 1000 on Rosenbrock's), on a linear one the multiples of a round step
/// with at most 5 intervals (−4, −2, 0, 2, 4 on the saddle's); a value whose number would
/// touch the previous one's or leave the canvas is left out.
pub fn colour_bar_ticks(look: &SurfaceLook, layout: &SurfaceLayout) -> Vec<Tick> {
    let (low, high) = value_range(look);
    let values: Vec<f64> = if look.logarithmic {
        let base = log_base(low);
        let mut values = vec![low];
        let mut power = 1.0;
        // Ends: `power` reaches infinity, and base + ∞ is not below a finite `high`.
        while base + power <= high {
            let value = base + power;
            if values.last().is_some_and(|last| *last < value) {
                values.push(value);
            }
            power *= 10.0;
        }
        values
    } else if (high - low).is_finite() {
        NiceStep::at_least((high - low) / MAX_BAR_INTERVALS)
            .multiples((low, high))
            .collect()
    } else {
        vec![low, high]
    };
    let scale = ColourScale::new(look, layout.pixel_ratio);
    let bar = layout.colour_bar_rect();
    let em = layout.em;
    let canvas = Rect {
        left: 0.0,
        top: 0.0,
        right: layout.canvas,
        bottom: layout.canvas,
    };
    let candidates = values.into_iter().map(|value| {
        let x = bar.left + bar.width() * scale.fraction(value);
        Tick {
            axis: Axis::ColourBar,
            value,
            mark: Segment {
                from: (x, bar.bottom),
                to: (x, bar.bottom + BAR_TICK_LENGTH * em),
            },
            label: TextLabel {
                text: number_text(value),
                x,
                y: bar.bottom + BAR_NUMBERS * em,
                align: Align::Centre,
                kind: LabelKind::Number,
                size: em,
            },
        }
    });
    uncrowded(candidates, em, canvas)
}

/// The ticks, in order, whose numbers lie inside `canvas` and keep a quarter em clear of
/// the previous kept number.
fn uncrowded(candidates: impl Iterator<Item = Tick>, em: f64, canvas: Rect) -> Vec<Tick> {
    let mut kept: Vec<Tick> = Vec::new();
    for tick in candidates {
        let bounds = tick.label.bounds();
        let crowds = kept
            .last()
            .is_some_and(|previous| previous.label.bounds().inset(-0.25 * em).overlaps(bounds));
        if !crowds && bounds.within(canvas) {
            kept.push(tick);
        }
    }
    kept
}

/// Every text beside the plot: the axes' numbers, the colour bar's numbers, and the
/// names x, y and f.
pub fn margin_labels(look: &SurfaceLook, layout: &SurfaceLayout) -> Vec<TextLabel> {
    let mut labels: Vec<TextLabel> = layout
        .ticks()
        .into_iter()
        .chain(colour_bar_ticks(look, layout))
        .map(|tick| tick.label)
        .collect();
    labels.extend(layout.axis_names());
    labels.push(layout.colour_bar_name());
    labels
}

/// Every tick mark: the axes' and the colour bar's.
pub fn tick_marks(look: &SurfaceLook, layout: &SurfaceLayout) -> Vec<Segment> {
    layout
        .ticks()
        .into_iter()
        .chain(colour_bar_ticks(look, layout))
        .map(|tick| tick.mark)
        .collect()
}

/// The look's minima ([`Surface::minima`] on the race's surfaces) in canvas pixels; none
/// on the saddle or a formula.
pub fn minimum_marks(look: &SurfaceLook, layout: &SurfaceLayout) -> Vec<(f64, f64)> {
    look.minima
        .iter()
        .map(|minimum| layout.to_pixel(*minimum))
        .collect()
}

/// The saddle point in canvas pixels: (0, 0) on the saddle, none elsewhere.
pub fn saddle_mark(look: &SurfaceLook, layout: &SurfaceLayout) -> Option<(f64, f64)> {
    look.saddle.map(|point| layout.to_pixel(point))
}

/// On a quadratic (a look with a [`quadratic_centre`](SurfaceLook::quadratic_centre): its
/// minimum, the saddle point on the saddle), the lines through the centre along the
/// Hessian's two eigen-directions, clipped to the plot, as (from, to) in canvas pixels
/// (from: the left end, or the top end of a vertical line): the direction of the smaller
/// eigenvalue first (the stretched bowl's flat x axis, then its steep y axis). On the
/// bowl, whose every direction is one, the axes. None on the other surfaces, whose Hessian
/// changes from point to point, and on formulas.
pub fn eigen_lines(look: &SurfaceLook, layout: &SurfaceLayout) -> Vec<((f64, f64), (f64, f64))> {
    let Some(centre) = look.quadratic_centre else {
        return Vec::new();
    };
    let through = layout.to_pixel(centre);
    let (across, down) = layout.pixels_per_unit();
    look.objective
        .hessian(centre)
        .eigen()
        .directions
        .iter()
        .filter_map(|direction| {
            clip_line(
                layout.plot,
                through,
                (direction.x * across, -direction.y * down),
            )
        })
        .collect()
}

/// The part inside `rect` of the line through `through` (inside it) along `direction`:
/// the parameters t of through + t·direction within the rectangle, per coordinate.
fn clip_line(
    rect: Rect,
    through: (f64, f64),
    direction: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let mut lowest = f64::NEG_INFINITY;
    let mut highest = f64::INFINITY;
    for (start, step, low, high) in [
        (through.0, direction.0, rect.left, rect.right),
        (through.1, direction.1, rect.top, rect.bottom),
    ] {
        if step == 0.0 {
            if !(low..=high).contains(&start) {
                return None;
            }
            continue;
        }
        let (first, second) = ((low - start) / step, (high - start) / step);
        lowest = lowest.max(first.min(second));
        highest = highest.min(first.max(second));
    }
    if !(lowest.is_finite() && highest.is_finite() && lowest < highest) {
        return None;
    }
    let at = |t: f64| (through.0 + t * direction.0, through.1 + t * direction.1);
    let (first, second) = (at(lowest), at(highest));
    // Left end first (top end first for a vertical line), whichever way `direction` points.
    Some(if (second.0, second.1) < (first.0, first.1) {
        (second, first)
    } else {
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizer::DEFAULT_KAPPA;

    fn surfaces() -> impl Iterator<Item = Surface> {
        SurfaceKind::ALL
            .into_iter()
            .map(|kind| Surface::new(kind, DEFAULT_KAPPA))
            .chain([
                Surface::new(SurfaceKind::Stretched, 1.0),
                Surface::new(SurfaceKind::Stretched, 100.0),
            ])
    }

    /// Canvas sizes from 300 to 1300 device pixels at pixel ratios 1, 2 and 3.
    fn layouts(domain: Domain) -> impl Iterator<Item = SurfaceLayout> {
        [1.0, 2.0, 3.0].into_iter().flat_map(move |ratio| {
            (300..=1300)
                .step_by(13)
                .map(move |size| SurfaceLayout::new(size, ratio, domain))
        })
    }

    fn canvas_rect(layout: &SurfaceLayout) -> Rect {
        Rect {
            left: 0.0,
            top: 0.0,
            right: layout.canvas,
            bottom: layout.canvas,
        }
    }

    fn brightness(pixels: &[u8], width: usize, (column, row): (usize, usize)) -> u32 {
        let index = (row * width + column) * 4;
        pixels[index..index + 3].iter().map(|&c| u32::from(c)).sum()
    }

    /// The buffer pixel (column, row) whose square contains `point`.
    fn pixel_of(layout: &SurfaceLayout, point: Vec2) -> (usize, usize) {
        let (x, y) = layout.to_pixel(point);
        let plot = layout.plot_rect();
        let last = plot.width() - 1.0;
        (
            (x - plot.left).floor().clamp(0.0, last) as usize,
            (y - plot.top).floor().clamp(0.0, last) as usize,
        )
    }

    #[test]
    fn round_steps() {
        let step = |raw| NiceStep::at_least(raw).value();
        assert_eq!(step(1.6), 2.0);
        assert_eq!(step(0.8), 1.0);
        assert_eq!(step(1.0), 1.0);
        assert_eq!(step(2.0), 2.0);
        assert_eq!(step(3.0), 5.0);
        assert_eq!(step(0.5), 0.5);
        assert_eq!(step(100.0), 100.0);
        assert_eq!(step(0.0), 1.0);
        let tenths: Vec<f64> = NiceStep::at_least(0.2).multiples((0.0, 1.0)).collect();
        assert_eq!(tenths, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    }

    /// Where the numbers would crowd, the axis takes a coarser round step; the colour
    /// bar leaves a number out.
    #[test]
    fn crowded_numbers_are_thinned() {
        let em = 10.0;
        let needed = |first: &str, second: &str| x_tick_spacing(first, second, em);
        // "−4" and "−2" need 21 pixels: 2 units are 24 pixels at 12 per unit, 18 at 9.
        assert_eq!(fitting_step((-4.0, 4.0), 12.0, needed).value(), 2.0);
        assert_eq!(fitting_step((-4.0, 4.0), 9.0, needed).value(), 5.0);
        assert_eq!(fitting_step((-1.0, 3.0), 30.0, needed).value(), 1.0);
        // Rows of text need 14 pixels: 1 unit is 15 at 15 per unit, 2 units 26 at 13.
        let rows = |_: &str, _: &str| y_tick_spacing(em);
        assert_eq!(fitting_step((-1.0, 3.0), 15.0, rows).value(), 1.0);
        assert_eq!(fitting_step((-1.0, 3.0), 13.0, rows).value(), 2.0);

        let tick = |value: f64, x: f64| Tick {
            axis: Axis::ColourBar,
            value,
            mark: Segment {
                from: (x, 50.0),
                to: (x, 52.0),
            },
            label: TextLabel {
                text: number_text(value),
                x,
                y: 60.0,
                align: Align::Centre,
                kind: LabelKind::Number,
                size: em,
            },
        };
        let canvas = Rect {
            left: 0.0,
            top: 0.0,
            right: 100.0,
            bottom: 100.0,
        };
        let kept: Vec<f64> = uncrowded(
            [
                tick(0.0, 10.0),
                tick(1.0, 16.0),
                tick(10.0, 40.0),
                tick(100.0, 70.0),
                tick(1000.0, 90.0),
            ]
            .into_iter(),
            em,
            canvas,
        )
        .iter()
        .map(|tick| tick.value)
        .collect();
        // 1 touches 0; 1000 (26 pixels wide) would stick out of the canvas.
        assert_eq!(kept, [0.0, 10.0, 100.0]);
    }

    #[test]
    fn buffers_have_the_plots_and_the_bars_sizes() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            for (size, ratio) in [(300, 1.0), (601, 2.0), (1000, 3.0)] {
                let layout = SurfaceLayout::new(size, ratio, surface.domain());
                let (_, _, width, height) = layout.plot_pixels();
                assert_eq!(width, height);
                let pixels = surface_pixels(&look, &layout, false);
                assert_eq!(pixels.len(), (width * height * 4) as usize);
                assert!(pixels.chunks_exact(4).all(|pixel| pixel[3] == 255));
                let bar = layout.colour_bar_rect();
                let bar_pixels = colour_bar_pixels(&look, &layout, true);
                assert_eq!(
                    bar_pixels.len(),
                    (bar.width() * bar.height() * 4.0) as usize
                );
                assert_eq!(bar.width(), f64::from(width));
            }
        }
    }

    /// The light theme is lightest where f is smallest, the dark theme darkest there.
    #[test]
    fn low_f_is_light_in_the_light_theme_and_dark_in_the_dark_one() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            let layout = SurfaceLayout::new(500, 1.0, surface.domain());
            let width = layout.plot_pixels().2 as usize;
            let domain = surface.domain();
            // The smallest f: a minimum, or on the saddle (0, ±2); the largest: a corner
            // (on the saddle, (±2, 0)).
            let (lowest, highest) = match surface.kind {
                SurfaceKind::Saddle => (Vec2::new(0.0, domain.y.1), Vec2::new(domain.x.1, 0.0)),
                SurfaceKind::Himmelblau => (surface.minima()[0], Vec2::new(5.0, 5.0)),
                _ => (surface.minima()[0], Vec2::new(domain.x.0, domain.y.0)),
            };
            let light = surface_pixels(&look, &layout, false);
            let dark = surface_pixels(&look, &layout, true);
            let (low_pixel, high_pixel) = (pixel_of(&layout, lowest), pixel_of(&layout, highest));
            let context = format!("{:?}", surface.kind);
            assert!(
                brightness(&light, width, low_pixel) > brightness(&light, width, high_pixel) + 150,
                "{context}"
            );
            assert!(
                brightness(&dark, width, low_pixel) + 150 < brightness(&dark, width, high_pixel),
                "{context}"
            );
        }
    }

    /// Contour lines are drawn (a pixel on one differs from the scale's colour) and thin:
    /// under 15 % of the pixels.
    #[test]
    fn contour_lines_exist_and_are_sparse() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            for (size, ratio) in [(400, 1.0), (700, 2.0), (900, 3.0)] {
                let layout = SurfaceLayout::new(size, ratio, surface.domain());
                let scale = ColourScale::new(&look, ratio);
                let width = layout.plot_pixels().2 as usize;
                for dark in [false, true] {
                    let pixels = surface_pixels(&look, &layout, dark);
                    let palette = Palette::of(dark);
                    let mut on_lines = 0;
                    for (index, pixel) in pixels.chunks_exact(4).enumerate() {
                        let centre = layout.to_point(
                            layout.plot_rect().left + (index % width) as f64 + 0.5,
                            layout.plot_rect().top + (index / width) as f64 + 0.5,
                        );
                        let plain = palette.colour(scale.fraction(surface.value(centre)), 0.0);
                        if pixel
                            .iter()
                            .zip(plain)
                            .any(|(shown, plain)| shown.abs_diff(plain) > 8)
                        {
                            on_lines += 1;
                        }
                    }
                    let share = f64::from(on_lines) / (width * width) as f64;
                    let context = format!("{:?} at {size}, dark {dark}: {share}", surface.kind);
                    assert!(share > 0.005 && share < 0.15, "{context}");
                }
            }
        }
    }

    /// On the bowl the f = 4 circle (radius 2) crosses the row through the minimum at
    /// x = 2: darker than the plane beside it in the light theme, lighter in the dark one.
    #[test]
    fn a_contour_line_stands_out_from_its_surroundings() {
        let surface = Surface::new(SurfaceKind::Bowl, DEFAULT_KAPPA);
        let look = SurfaceLook::of_surface(&surface);
        assert!(contour_levels(&look).contains(&4.0));
        let layout = SurfaceLayout::new(600, 1.0, surface.domain());
        let width = layout.plot_pixels().2 as usize;
        let (column, row) = pixel_of(&layout, Vec2::new(2.0, 0.0));
        let light = surface_pixels(&look, &layout, false);
        let dark = surface_pixels(&look, &layout, true);
        let light_at = |column| brightness(&light, width, (column, row));
        let dark_at = |column| brightness(&dark, width, (column, row));
        assert!(light_at(column) + 60 < light_at(column - 6));
        assert!(light_at(column) + 60 < light_at(column + 6));
        assert!(dark_at(column) > dark_at(column - 6) + 60);
        assert!(dark_at(column) > dark_at(column + 6) + 60);
    }

    /// Where f is flat on a level (the saddle point, on f = 0), the distance to it is
    /// 0/0: no line, and a colour of the scale.
    #[test]
    fn a_flat_point_on_a_level_gets_no_line() {
        let surface = Surface::new(SurfaceKind::Saddle, DEFAULT_KAPPA);
        let look = SurfaceLook::of_surface(&surface);
        let scale = ColourScale::new(&look, 1.0);
        let on_level = scale.parameter(0.0);
        assert!(scale.levels.contains(&on_level));
        assert_eq!(scale.line_coverage(on_level, 0.0, 1.0, &mut 0), 0.0);
        assert_eq!(scale.shade(0.0, 0.0, &mut 0), (0.5, 0.0));
        // An odd side puts a pixel's centre on the saddle point.
        let layout = (400..460)
            .map(|size| SurfaceLayout::new(size, 1.0, surface.domain()))
            .find(|layout| layout.plot_pixels().2 % 2 == 1)
            .expect("an odd plot side");
        let side = layout.plot_pixels().2 as usize;
        let centre = layout.to_point(
            layout.plot_rect().left + (side / 2) as f64 + 0.5,
            layout.plot_rect().top + (side / 2) as f64 + 0.5,
        );
        assert!(centre.length() < 1e-12, "{centre:?}");
        let pixels = surface_pixels(&look, &layout, false);
        let index = (side / 2 * side + side / 2) * 4;
        let plain = LIGHT.colour(0.5, 0.0);
        for (shown, expected) in pixels[index..index + 4].iter().zip(plain) {
            assert!(shown.abs_diff(expected) <= 1);
        }
    }

    #[test]
    fn contour_levels_per_surface() {
        let levels =
            |kind, kappa| contour_levels(&SurfaceLook::of_surface(&Surface::new(kind, kappa)));
        assert_eq!(
            levels(SurfaceKind::Rosenbrock, DEFAULT_KAPPA),
            [0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
        );
        assert_eq!(
            levels(SurfaceKind::Stretched, 50.0),
            [1.0, 3.0, 10.0, 30.0, 100.0, 300.0]
        );
        let bowl = levels(SurfaceKind::Bowl, DEFAULT_KAPPA);
        assert_eq!(bowl.first(), Some(&2.0));
        assert_eq!(bowl.last(), Some(&30.0));
        assert_eq!(bowl.len(), 15);
        let saddle = levels(SurfaceKind::Saddle, DEFAULT_KAPPA);
        assert_eq!((saddle[0], saddle[14], saddle.len()), (-3.5, 3.5, 15));
        assert!(saddle.contains(&0.0));
        assert_eq!(
            value_range(&SurfaceLook::of_surface(&Surface::new(
                SurfaceKind::Rosenbrock,
                DEFAULT_KAPPA
            ))),
            (0.0, 2509.0)
        );
        assert_eq!(
            value_range(&SurfaceLook::of_surface(&Surface::new(
                SurfaceKind::Saddle,
                DEFAULT_KAPPA
            ))),
            (-4.0, 4.0)
        );
    }

    #[test]
    fn pixels_points_and_clicks_round_trip() {
        for surface in surfaces() {
            for layout in layouts(surface.domain()) {
                let plot = layout.plot_rect();
                let domain = layout.domain;
                // The domain's corners are the plot's.
                assert_eq!(
                    layout.to_pixel(Vec2::new(domain.x.0, domain.y.1)),
                    (plot.left, plot.top)
                );
                let corner = layout.to_pixel(Vec2::new(domain.x.1, domain.y.0));
                assert!((corner.0 - plot.right).abs() < 1e-9);
                assert!((corner.1 - plot.bottom).abs() < 1e-9);
                for (across, down) in [(0.0, 0.0), (0.25, 0.7), (0.5, 0.5), (1.0, 1.0)] {
                    let point = Vec2::new(
                        domain.x.0 + across * (domain.x.1 - domain.x.0),
                        domain.y.0 + down * (domain.y.1 - domain.y.0),
                    );
                    let (x, y) = layout.to_pixel(point);
                    let back = layout.to_point(x, y);
                    assert!((back.x - point.x).abs() < 1e-9 && (back.y - point.y).abs() < 1e-9);
                    let clicked = layout
                        .fraction_to_point(x / layout.canvas, y / layout.canvas)
                        .expect("a point of the plot");
                    assert!(
                        (clicked.x - point.x).abs() < 1e-9 && (clicked.y - point.y).abs() < 1e-9
                    );
                    // Without the canvas's size, the click is read within a pixel.
                    let pixel_width = (domain.x.1 - domain.x.0) / plot.width();
                    let read = point_at(domain, x / layout.canvas, y / layout.canvas)
                        .unwrap_or(Vec2::new(f64::NAN, f64::NAN));
                    let near = |a: f64, b: f64| (a - b).abs() <= 1.01 * pixel_width;
                    let shown = layout.to_pixel(point);
                    assert!(
                        near(read.x, point.x) && near(read.y, point.y)
                            || !plot.inset(1.0).contains(shown),
                        "{read:?} for {point:?} at {layout:?}"
                    );
                }
                let (column, row) = (plot.left + 17.5, plot.top + 3.5);
                let there = layout.to_pixel(layout.to_point(column, row));
                assert!((there.0 - column).abs() < 1e-9 && (there.1 - row).abs() < 1e-9);
                // The margins and the outside are not points.
                let canvas = layout.canvas;
                assert_eq!(
                    layout.fraction_to_point(0.5 * plot.left / canvas, 0.5),
                    None
                );
                let below = (plot.bottom + 2.0) / canvas;
                assert_eq!(layout.fraction_to_point(0.5, below), None);
                assert_eq!(layout.fraction_to_point(1.2, 0.5), None);
                assert_eq!(layout.fraction_to_point(f64::NAN, 0.5), None);
                assert_eq!(point_at(domain, 0.5 * plot.left / canvas, 0.5), None);
                assert_eq!(point_at(domain, 0.5, below), None);
                assert_eq!(point_at(domain, 0.5, f64::NAN), None);
            }
        }
    }

    #[test]
    fn ticks_are_round_and_within_the_axes() {
        let texts = |kind, axis| -> Vec<String> {
            let surface = Surface::new(kind, DEFAULT_KAPPA);
            SurfaceLayout::new(600, 1.0, surface.domain())
                .ticks()
                .into_iter()
                .filter(|tick| tick.axis == axis)
                .map(|tick| tick.label.text)
                .collect()
        };
        assert_eq!(
            texts(SurfaceKind::Bowl, Axis::X),
            ["−4", "−2", "0", "2", "4"]
        );
        assert_eq!(
            texts(SurfaceKind::Bowl, Axis::Y),
            ["−4", "−2", "0", "2", "4"]
        );
        assert_eq!(
            texts(SurfaceKind::Rosenbrock, Axis::X),
            ["−2", "−1", "0", "1", "2"]
        );
        assert_eq!(
            texts(SurfaceKind::Rosenbrock, Axis::Y),
            ["−1", "0", "1", "2", "3"]
        );
        assert_eq!(
            texts(SurfaceKind::Saddle, Axis::X),
            ["−2", "−1", "0", "1", "2"]
        );
        assert_eq!(
            texts(SurfaceKind::Himmelblau, Axis::Y),
            ["−4", "−2", "0", "2", "4"]
        );

        for surface in surfaces() {
            for layout in layouts(surface.domain()) {
                let plot = layout.plot_rect();
                let ticks = layout.ticks();
                assert!(ticks.iter().filter(|tick| tick.axis == Axis::X).count() >= 2);
                assert!(ticks.iter().filter(|tick| tick.axis == Axis::Y).count() >= 2);
                for tick in ticks {
                    let range = match tick.axis {
                        Axis::X => layout.domain.x,
                        _ => layout.domain.y,
                    };
                    assert!(range.0 <= tick.value && tick.value <= range.1);
                    // The mark starts on the plot's edge, at the value, and points out.
                    let at = match tick.axis {
                        Axis::X => layout.to_point(tick.mark.from.0, plot.top).x,
                        _ => layout.to_point(plot.left, tick.mark.from.1).y,
                    };
                    assert!((at - tick.value).abs() < 1e-9);
                    assert!(!plot.inset(1e-9).contains(tick.mark.to));
                }
            }
        }
    }

    /// Every number and name beside the plot is inside the canvas, off the plot and the
    /// colour bar, and clear of every other and of every tick mark's end, at every size.
    #[test]
    fn margin_labels_fit_and_never_overlap() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            for layout in layouts(surface.domain()) {
                let canvas = canvas_rect(&layout);
                let plot = layout.plot_rect();
                let bar = layout.colour_bar_rect();
                assert!(plot.within(canvas) && plot.width() >= 100.0, "{layout:?}");
                assert!(bar.within(canvas) && !bar.overlaps(plot) && bar.height() >= 1.0);
                let labels = margin_labels(&look, &layout);
                let boxes: Vec<Rect> = labels.iter().map(TextLabel::bounds).collect();
                let marks = tick_marks(&look, &layout);
                for (index, (label, bounds)) in labels.iter().zip(&boxes).enumerate() {
                    let context = format!("{} of {:?} at {layout:?}", label.text, surface.kind);
                    assert!(bounds.within(canvas), "cut off: {context}");
                    assert!(
                        !bounds.overlaps(plot) && !bounds.overlaps(bar),
                        "covers: {context}"
                    );
                    for (other, other_bounds) in labels[index + 1..].iter().zip(&boxes[index + 1..])
                    {
                        assert!(
                            !bounds.overlaps(*other_bounds),
                            "overlaps {}: {context}",
                            other.text
                        );
                    }
                    for mark in &marks {
                        assert!(!bounds.contains(mark.to), "on a tick: {context}");
                    }
                }
                for mark in marks {
                    assert!(canvas.contains(mark.to));
                    assert!(!plot.inset(1e-9).contains(mark.to));
                    assert!(!bar.inset(1e-9).contains(mark.to));
                }
            }
        }
    }

    #[test]
    fn the_colour_bar_reads_decades_on_log_surfaces() {
        let texts = |kind| -> Vec<String> {
            let surface = Surface::new(kind, DEFAULT_KAPPA);
            let look = SurfaceLook::of_surface(&surface);
            let layout = SurfaceLayout::new(600, 1.0, surface.domain());
            colour_bar_ticks(&look, &layout)
                .into_iter()
                .map(|tick| tick.label.text)
                .collect()
        };
        assert_eq!(
            texts(SurfaceKind::Rosenbrock),
            ["0", "1", "10", "100", "1000"]
        );
        assert_eq!(texts(SurfaceKind::Himmelblau), ["0", "1", "10", "100"]);
        assert_eq!(texts(SurfaceKind::Saddle), ["−4", "−2", "0", "2", "4"]);
        assert_eq!(texts(SurfaceKind::Bowl), ["0", "10", "20", "30"]);
        // Ascending along the bar, and every one kept on a small canvas is still in order.
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            for layout in layouts(surface.domain()) {
                let ticks = colour_bar_ticks(&look, &layout);
                assert!(ticks.len() >= 2, "{:?} at {layout:?}", surface.kind);
                for pair in ticks.windows(2) {
                    assert!(pair[0].value < pair[1].value);
                    assert!(pair[0].mark.from.0 < pair[1].mark.from.0);
                }
            }
        }
    }

    /// The bar shows, at each value's x, the heatmap's colour of that value.
    #[test]
    fn the_colour_bar_shows_the_heatmaps_colour_of_each_value() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            let layout = SurfaceLayout::new(700, 1.0, surface.domain());
            let scale = ColourScale::new(&look, 1.0);
            let bar = layout.colour_bar_rect();
            let pixels = colour_bar_pixels(&look, &layout, false);
            let (low, high) = value_range(&look);
            for share in [0.05, 0.2, 0.45, 0.7, 0.95] {
                let f = low + share * (high - low);
                let column = (colour_bar_x(&look, &layout, f) - bar.left).floor() as usize;
                let column = column.min(bar.width() as usize - 1);
                let shown = &pixels[column * 4..column * 4 + 3];
                let expected = LIGHT.colour(scale.fraction(f), 0.0);
                // Within a column's change of colour, unless a contour line crosses there.
                let on_line = scale.line_coverage(
                    scale.parameter(f),
                    1.0 / (scale.span_inverse * bar.width()),
                    1.0,
                    &mut 0,
                ) > 0.0;
                if !on_line {
                    for (a, b) in shown.iter().zip(expected) {
                        assert!(a.abs_diff(b) <= 2, "{:?}, f = {f}", surface.kind);
                    }
                }
            }
        }
    }

    #[test]
    fn minima_and_the_saddle_point_are_marked_inside_the_plot() {
        for surface in surfaces() {
            let look = SurfaceLook::of_surface(&surface);
            for layout in layouts(surface.domain()) {
                let plot = layout.plot_rect();
                let marks = minimum_marks(&look, &layout);
                assert_eq!(marks.len(), surface.minima().len());
                assert!(marks.iter().all(|mark| plot.contains(*mark)));
                match surface.kind {
                    SurfaceKind::Saddle => {
                        assert!(marks.is_empty());
                        assert_eq!(saddle_mark(&look, &layout), Some(plot.centre()));
                    }
                    _ => assert_eq!(saddle_mark(&look, &layout), None),
                }
            }
        }
        let surface = Surface::new(SurfaceKind::Himmelblau, DEFAULT_KAPPA);
        let look = SurfaceLook::of_surface(&surface);
        assert_eq!(
            minimum_marks(&look, &SurfaceLayout::new(600, 1.0, surface.domain())).len(),
            4
        );
    }

    /// The stretched bowl's eigen-lines are its axes through the minimum: the flat x axis
    /// first, then the steep y axis, perpendicular, from edge to edge of the plot.
    #[test]
    fn eigen_lines_are_the_axes_of_the_stretched_bowl() {
        for kappa in [1.0, DEFAULT_KAPPA, 100.0] {
            let surface = Surface::new(SurfaceKind::Stretched, kappa);
            let look = SurfaceLook::of_surface(&surface);
            for layout in layouts(surface.domain()) {
                let plot = layout.plot_rect();
                let (centre_x, centre_y) = layout.to_pixel(Vec2::new(0.0, 0.0));
                let lines = eigen_lines(&look, &layout);
                assert_eq!(lines.len(), 2);
                let (flat, steep) = (lines[0], lines[1]);
                assert_eq!(flat, ((plot.left, centre_y), (plot.right, centre_y)));
                assert_eq!(steep, ((centre_x, plot.top), (centre_x, plot.bottom)));
                let along = |(from, to): ((f64, f64), (f64, f64))| (to.0 - from.0, to.1 - from.1);
                let (a, b) = (along(flat), along(steep));
                assert_eq!(a.0 * b.0 + a.1 * b.1, 0.0);
            }
        }
    }

    #[test]
    fn eigen_lines_cross_at_the_saddle_point_and_only_on_quadratics() {
        let surface = Surface::new(SurfaceKind::Saddle, DEFAULT_KAPPA);
        let look = SurfaceLook::of_surface(&surface);
        let layout = SurfaceLayout::new(500, 2.0, surface.domain());
        let plot = layout.plot_rect();
        let lines = eigen_lines(&look, &layout);
        assert_eq!(lines.len(), 2);
        let centre = plot.centre();
        for &(from, to) in &lines {
            assert!(plot.contains(from) && plot.contains(to));
            let middle = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            assert!((middle.0 - centre.0).abs() < 1e-9 && (middle.1 - centre.1).abs() < 1e-9);
        }
        // The smaller eigenvalue (−2) is the y direction, along which f falls.
        assert_eq!(lines[0].0 .0, lines[0].1 .0);
        for kind in [SurfaceKind::Rosenbrock, SurfaceKind::Himmelblau] {
            let surface = Surface::new(kind, DEFAULT_KAPPA);
            let look = SurfaceLook::of_surface(&surface);
            let layout = SurfaceLayout::new(500, 2.0, surface.domain());
            assert!(eigen_lines(&look, &layout).is_empty());
        }
    }

    #[test]
    fn clipping_a_diagonal_line() {
        let rect = Rect {
            left: 0.0,
            top: 0.0,
            right: 10.0,
            bottom: 20.0,
        };
        assert_eq!(
            clip_line(rect, (5.0, 5.0), (1.0, 1.0)),
            Some(((0.0, 0.0), (10.0, 10.0)))
        );
        assert_eq!(clip_line(rect, (15.0, 5.0), (0.0, 1.0)), None);
    }
    /// FNV-1a, 64 bits.
    fn fnv(hash: &mut u64, bytes: &[u8]) {
        for &byte in bytes {
            *hash ^= u64::from(byte);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Every built-in surface's heatmap and colour bar (both themes, three sizes) and its
    /// geometry (range, levels, ticks, labels, marks, eigen-lines) hash as they did before
    /// the pictures took a [`SurfaceLook`] (hashes computed from that code).
    #[test]
    fn built_in_surfaces_are_drawn_as_before_looks() {
        let expected = [
            (
                SurfaceKind::Bowl,
                50.0,
                0xd836_9019_6e6d_e0b4,
                0x0a0b_b54b_a04c_76b5,
            ),
            (
                SurfaceKind::Stretched,
                50.0,
                0x3efc_0abf_f720_e16a,
                0xc198_4d3d_97c4_fb42,
            ),
            (
                SurfaceKind::Rosenbrock,
                50.0,
                0x2972_505f_ec09_79ff,
                0x6265_1103_2b16_ea3e,
            ),
            (
                SurfaceKind::Saddle,
                50.0,
                0x0c3f_c0e0_9b35_86ec,
                0x4434_bec4_e326_7ed7,
            ),
            (
                SurfaceKind::Himmelblau,
                50.0,
                0xef92_dff9_8908_21df,
                0xcb9d_190a_a74a_b36d,
            ),
            (
                SurfaceKind::Stretched,
                1.0,
                0xe6d9_e366_8dd9_6100,
                0x2790_5d0c_979d_b6a3,
            ),
            (
                SurfaceKind::Stretched,
                100.0,
                0xb863_f6db_fbd7_9e30,
                0xc628_5587_392d_8fff,
            ),
        ];
        for (kind, kappa, pixels_expected, geometry_expected) in expected {
            let surface = Surface::new(kind, kappa);
            let look = SurfaceLook::of_surface(&surface);
            let mut pixels_hash = 0xcbf2_9ce4_8422_2325_u64;
            let mut geometry_hash = 0xcbf2_9ce4_8422_2325_u64;
            for (size, ratio) in [(300, 1.0), (457, 2.0), (700, 3.0)] {
                let layout = SurfaceLayout::new(size, ratio, surface.domain());
                for dark in [false, true] {
                    fnv(&mut pixels_hash, &surface_pixels(&look, &layout, dark));
                    fnv(&mut pixels_hash, &colour_bar_pixels(&look, &layout, dark));
                }
                let text = format!(
                    "{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
                    value_range(&look),
                    contour_levels(&look),
                    colour_bar_ticks(&look, &layout),
                    colour_bar_x(&look, &layout, 1.5),
                    margin_labels(&look, &layout),
                    tick_marks(&look, &layout),
                    minimum_marks(&look, &layout),
                    saddle_mark(&look, &layout),
                    eigen_lines(&look, &layout),
                    colour_bar_x(&look, &layout, -0.7),
                );
                fnv(&mut geometry_hash, text.as_bytes());
            }
            assert_eq!(
                pixels_hash, pixels_expected,
                "pixels of {kind:?}, κ = {kappa}"
            );
            assert_eq!(
                geometry_hash, geometry_expected,
                "geometry of {kind:?}, κ = {kappa}"
            );
            assert_eq!(undefined_fraction(&look), 0.0);
            assert_eq!(first_undefined_point(&look), None);
        }
    }

    /// A formula for the tests: f and ∇f, the Hessian unknown (not a number).
    struct Formula {
        value: fn(Vec2) -> f64,
        gradient: fn(Vec2) -> Vec2,
    }

    impl Objective for Formula {
        fn value(&self, point: Vec2) -> f64 {
            (self.value)(point)
        }

        fn gradient(&self, point: Vec2) -> Vec2 {
            (self.gradient)(point)
        }

        fn hessian(&self, _: Vec2) -> crate::optimizer::Hessian {
            crate::optimizer::Hessian {
                xx: f64::NAN,
                xy: f64::NAN,
                yy: f64::NAN,
            }
        }
    }

    /// ln(x) + y²: not a number for x < 0, −∞ at x = 0.
    const LOG_X: Formula = Formula {
        value: |p| p.x.ln() + p.y * p.y,
        gradient: |p| Vec2::new(1.0 / p.x, 2.0 * p.y),
    };

    /// √(x·y): defined in the first and third quadrants, its gradient infinite on the axes.
    const SQRT_XY: Formula = Formula {
        value: |p| (p.x * p.y).sqrt(),
        gradient: |p| {
            let root = (p.x * p.y).sqrt();
            Vec2::new(p.y / (2.0 * root), p.x / (2.0 * root))
        },
    };

    /// 1/x: ±∞ on the y axis.
    const RECIPROCAL: Formula = Formula {
        value: |p| 1.0 / p.x,
        gradient: |p| Vec2::new(-1.0 / (p.x * p.x), 0.0),
    };

    /// √(6 − x + y): undefined only in the lower right corner, where x − y > 6.
    const CORNER: Formula = Formula {
        value: |p| (6.0 - p.x + p.y).sqrt(),
        gradient: |p| {
            let root = (6.0 - p.x + p.y).sqrt();
            Vec2::new(-0.5 / root, 0.5 / root)
        },
    };

    /// Rosenbrock's function typed in.
    const STEEP: Formula = Formula {
        value: |p| 100.0 * (p.y - p.x * p.x).powi(2) + (1.0 - p.x).powi(2),
        gradient: |p| {
            let across = p.y - p.x * p.x;
            Vec2::new(-400.0 * p.x * across - 2.0 * (1.0 - p.x), 200.0 * across)
        },
    };

    /// Rosenbrock's function plus 1000.
    const STEEP_PLUS_1000: Formula = Formula {
        value: |p| 100.0 * (p.y - p.x * p.x).powi(2) + (1.0 - p.x).powi(2) + 1000.0,
        gradient: |p| {
            let across = p.y - p.x * p.x;
            Vec2::new(-400.0 * p.x * across - 2.0 * (1.0 - p.x), 200.0 * across)
        },
    };

    /// x² + y².
    const ROUND: Formula = Formula {
        value: |p| p.x * p.x + p.y * p.y,
        gradient: |p| Vec2::new(2.0 * p.x, 2.0 * p.y),
    };

    /// x² + y² with a gradient that is not a number (x) or infinite (y).
    const NO_GRADIENT: Formula = Formula {
        value: |p| p.x * p.x + p.y * p.y,
        gradient: |_| Vec2::new(f64::NAN, f64::INFINITY),
    };

    /// Defined nowhere: NaN, or +∞.
    const NOWHERE: Formula = Formula {
        value: |_| f64::NAN,
        gradient: |_| Vec2::new(f64::NAN, f64::NAN),
    };
    const INFINITE: Formula = Formula {
        value: |_| f64::INFINITY,
        gradient: |_| Vec2::new(0.0, 0.0),
    };

    /// 4·10³⁰⁷·x: finite on [−4, 4]², but f_max − f_min overflows.
    const HUGE: Formula = Formula {
        value: |p| 4e307 * p.x,
        gradient: |_| Vec2::new(4e307, 0.0),
    };

    const SQUARE: Domain = Domain {
        x: (-4.0, 4.0),
        y: (-4.0, 4.0),
    };

    /// The centre of pixel (column, row) of the heatmap, computed as [`surface_pixels`]
    /// computes it (to the bit: f may be undefined exactly on a centre).
    fn centre(layout: &SurfaceLayout, column: usize, row: usize) -> Vec2 {
        let domain = layout.domain();
        let (_, _, width, height) = layout.plot_pixels();
        let unit_x = (domain.x.1 - domain.x.0) / f64::from(width);
        let unit_y = (domain.y.1 - domain.y.0) / f64::from(height);
        Vec2::new(
            domain.x.0 + (column as f64 + 0.5) * unit_x,
            domain.y.1 - (row as f64 + 0.5) * unit_y,
        )
    }

    /// Whether `pixel` is a colour of the scale: on the way from the plain colour of
    /// `fraction` to the same under a full contour line, within two levels of rounding
    /// (never a NaN's 0, never a hatch grey: they are warm where the scale is cool).
    fn on_scale(palette: &Palette, fraction: f64, pixel: &[u8]) -> bool {
        let plain = palette.colour(fraction, 0.0).map(f64::from);
        let line = palette.colour(fraction, 1.0).map(f64::from);
        let shown: Vec<f64> = pixel.iter().map(|&channel| f64::from(channel)).collect();
        // How far along: read off the channel that changes most.
        let widest = (0..3)
            .max_by(|&a, &b| {
                (line[a] - plain[a])
                    .abs()
                    .total_cmp(&(line[b] - plain[b]).abs())
            })
            .unwrap_or(0);
        let span = line[widest] - plain[widest];
        let share = if span == 0.0 {
            0.0
        } else {
            ((shown[widest] - plain[widest]) / span).clamp(0.0, 1.0)
        };
        pixel[3] == 255
            && (0..3).all(|channel| {
                let expected = plain[channel] + (line[channel] - plain[channel]) * share;
                (shown[channel] - expected).abs() <= 2.0
            })
    }

    /// Pixels where f is not finite are the hatch's greys, in diagonal stripes of the
    /// pixel's row + column; every other is a colour of the scale (with or without a
    /// contour line), also next to the undefined part, where ∇f grows without bound.
    #[test]
    fn a_formula_is_hatched_exactly_where_it_is_undefined() {
        for formula in [&LOG_X, &SQRT_XY, &RECIPROCAL, &CORNER] {
            let look = SurfaceLook::of_formula(formula, SQUARE);
            for (size, ratio) in [(400, 1.0), (555, 2.0)] {
                let layout = SurfaceLayout::new(size, ratio, SQUARE);
                let scale = ColourScale::new(&look, ratio);
                let (_, _, width, height) = layout.plot_pixels();
                let (width, height) = (width as usize, height as usize);
                let stripe = ((HATCH_STRIPE_CSS * ratio).round() as usize).max(1);
                for dark in [false, true] {
                    let palette = Palette::of(dark);
                    let pixels = surface_pixels(&look, &layout, dark);
                    assert_eq!(pixels.len(), width * height * 4);
                    // Pixels of the two stripes, and defined ones.
                    let mut counts = [0; 3];
                    for (index, pixel) in pixels.chunks_exact(4).enumerate() {
                        let (column, row) = (index % width, index / width);
                        let point = centre(&layout, column, row);
                        let value = formula.value(point);
                        let context = format!("{value} at {point:?}, {size}, dark {dark}");
                        if value.is_finite() {
                            assert!(
                                on_scale(palette, scale.fraction(value), pixel),
                                "{pixel:?}: {context}"
                            );
                            counts[2] += 1;
                        } else {
                            let which = (row + column) / stripe % 2;
                            assert_eq!(pixel, palette.undefined[which], "{context}");
                            counts[which] += 1;
                        }
                    }
                    if !std::ptr::eq(formula, &CORNER) && !std::ptr::eq(formula, &RECIPROCAL) {
                        // About half undefined, in stripes of both greys.
                        let total = width * height;
                        assert!(counts.iter().all(|&count| count > total / 5), "{counts:?}");
                    }
                }
            }
        }
        // The greys differ from each other and from the scale.
        for dark in [false, true] {
            let palette = Palette::of(dark);
            let [first, second] = palette.undefined;
            assert_ne!(first, second);
            for fraction in [0.0, 0.3, 0.7, 1.0] {
                assert!(!on_scale(palette, fraction, &first));
                assert!(!on_scale(palette, fraction, &second));
            }
        }
    }

    /// A formula's picture reads f only (its change per pixel comes from the neighbours'
    /// values): a gradient that is not finite changes nothing, and the contour lines are
    /// drawn as for the same f with its true gradient.
    #[test]
    fn a_formulas_picture_reads_its_values_not_its_gradient() {
        const TRUE_GRADIENT: Formula = Formula {
            value: |p| p.x * p.x + p.y * p.y,
            gradient: |p| Vec2::new(2.0 * p.x, 2.0 * p.y),
        };
        let layout = SurfaceLayout::new(500, 2.0, SQUARE);
        let broken = surface_pixels(
            &SurfaceLook::of_formula(&NO_GRADIENT, SQUARE),
            &layout,
            false,
        );
        let true_one = surface_pixels(
            &SurfaceLook::of_formula(&TRUE_GRADIENT, SQUARE),
            &layout,
            false,
        );
        assert!(broken == true_one);
        // And there are lines: pixels lighter than the plain scale colour at their f.
        let look = SurfaceLook::of_formula(&TRUE_GRADIENT, SQUARE);
        let scale = ColourScale::new(&look, 2.0);
        let width = layout.plot_pixels().2 as usize;
        let lined = true_one
            .chunks_exact(4)
            .enumerate()
            .filter(|(index, pixel)| {
                let point = centre(&layout, index % width, index / width);
                let plain = LIGHT.colour(scale.fraction(TRUE_GRADIENT.value(point)), 0.0);
                pixel
                    .iter()
                    .zip(plain)
                    .any(|(shown, expected)| shown.abs_diff(expected) > 8)
            })
            .count();
        assert!(lined > 1000, "{lined} line pixels");
    }

    /// Nowhere defined: every pixel hatched, a harmless range, a colour bar and ticks.
    #[test]
    fn a_formula_defined_nowhere_is_all_hatched() {
        for formula in [&NOWHERE, &INFINITE] {
            let look = SurfaceLook::of_formula(formula, SQUARE);
            assert_eq!(value_range(&look), (0.0, 1.0));
            assert!(!look.logarithmic);
            assert_eq!(undefined_fraction(&look), 1.0);
            assert_eq!(first_undefined_point(&look), Some(Vec2::new(-4.0, 4.0)));
            let layout = SurfaceLayout::new(400, 1.0, SQUARE);
            for dark in [false, true] {
                let palette = Palette::of(dark);
                let pixels = surface_pixels(&look, &layout, dark);
                assert!(pixels
                    .chunks_exact(4)
                    .all(|pixel| palette.undefined.iter().any(|grey| grey == pixel)));
                let bar = colour_bar_pixels(&look, &layout, dark);
                assert!(bar.chunks_exact(4).all(|pixel| pixel[3] == 255));
            }
            assert!(colour_bar_ticks(&look, &layout).len() >= 2);
        }
    }

    /// A range past the largest f64 (f_max − f_min = ∞) gives scale colours, not NaN's,
    /// and no endless loop of levels or ticks.
    #[test]
    fn a_range_that_overflows_is_drawn() {
        let look = SurfaceLook::of_formula(&HUGE, SQUARE);
        let (low, high) = value_range(&look);
        assert!(low.is_finite() && high.is_finite() && (high - low).is_infinite());
        assert!(look.logarithmic);
        let layout = SurfaceLayout::new(400, 1.0, SQUARE);
        let scale = ColourScale::new(&look, 1.0);
        let width = layout.plot_pixels().2 as usize;
        let pixels = surface_pixels(&look, &layout, true);
        for (index, pixel) in pixels.chunks_exact(4).enumerate() {
            let value = HUGE.value(centre(&layout, index % width, index / width));
            assert!(on_scale(&DARK, scale.fraction(value), pixel));
        }
        assert!(contour_levels(&look).iter().all(|level| level.is_finite()));
        let _ = colour_bar_ticks(&look, &layout);
        let linear = SurfaceLook {
            logarithmic: false,
            ..look
        };
        assert!(contour_levels(&linear).is_empty());
        let _ = colour_bar_ticks(&linear, &layout);
        let _ = surface_pixels(&linear, &layout, false);
    }

    #[test]
    fn value_range_leaves_out_values_that_are_not_finite() {
        // ln(x) + y²: smallest at (¼, 0) of the grid (x = 0 gives −∞), largest at x = 4.
        let look = SurfaceLook::of_formula(&LOG_X, SQUARE);
        assert_eq!(value_range(&look), (0.25f64.ln(), 4f64.ln() + 16.0));
        // 1/x: ±∞ at x = 0, ∓4 at x = ∓¼.
        let look = SurfaceLook::of_formula(&RECIPROCAL, SQUARE);
        assert_eq!(value_range(&look), (-4.0, 4.0));
        // A minimum where f is not finite is left out too.
        let minima = [Vec2::new(-1.0, 0.0)];
        let look = SurfaceLook {
            minima: &minima,
            ..SurfaceLook::of_formula(&LOG_X, SQUARE)
        };
        assert_eq!(value_range(&look).0, 0.25f64.ln());
    }

    #[test]
    fn the_first_undefined_point_is_found_from_the_top() {
        let look = SurfaceLook::of_formula(&LOG_X, SQUARE);
        let point = first_undefined_point(&look).expect("ln(x) is undefined for x ≤ 0");
        assert!(point.x <= 0.0 && !LOG_X.value(point).is_finite());
        assert_eq!(point, Vec2::new(-4.0, 4.0));
        // x ≤ 0: 17 of the 33 columns.
        assert_eq!(undefined_fraction(&look), 17.0 / 33.0);
        // 1/x: on the y axis, in the top row.
        let look = SurfaceLook::of_formula(&RECIPROCAL, SQUARE);
        assert_eq!(first_undefined_point(&look), Some(Vec2::new(0.0, 4.0)));
        // Only the lower right corner: the highest row with an undefined point is
        // y = −2.25 (x − y > 6 at x = 4), not the bottom row's x = 2.25.
        let look = SurfaceLook::of_formula(&CORNER, SQUARE);
        assert_eq!(first_undefined_point(&look), Some(Vec2::new(4.0, -2.25)));
        // Grid points (i, j) with i − j ≥ 25: 8 + 7 + … + 1.
        assert_eq!(undefined_fraction(&look), 36.0 / 1089.0);
        let look = SurfaceLook::of_formula(&ROUND, SQUARE);
        assert_eq!(
            (first_undefined_point(&look), undefined_fraction(&look)),
            (None, 0.0)
        );
    }

    /// Log colours when the finite values span more than 100, linear otherwise.
    #[test]
    fn a_formula_is_log_coloured_when_it_spans_decades() {
        let rosenbrock = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA).domain();
        let look = SurfaceLook::of_formula(&STEEP, rosenbrock);
        assert!(look.logarithmic);
        assert_eq!(value_range(&look), (0.0, 2509.0));
        assert!(!SurfaceLook::of_formula(&ROUND, SQUARE).logarithmic);
        // Decided on the finite values: ln(x) + y² spans 19.5.
        assert!(!SurfaceLook::of_formula(&LOG_X, SQUARE).logarithmic);

        /// c·x on [−1, 1]²: a range of 2c.
        struct Slope(f64);
        impl Objective for Slope {
            fn value(&self, point: Vec2) -> f64 {
                self.0 * point.x
            }
            fn gradient(&self, _: Vec2) -> Vec2 {
                Vec2::new(self.0, 0.0)
            }
            fn hessian(&self, _: Vec2) -> crate::optimizer::Hessian {
                crate::optimizer::Hessian {
                    xx: 0.0,
                    xy: 0.0,
                    yy: 0.0,
                }
            }
        }
        let unit = Domain {
            x: (-1.0, 1.0),
            y: (-1.0, 1.0),
        };
        assert!(!SurfaceLook::of_formula(&Slope(50.0), unit).logarithmic);
        assert!(SurfaceLook::of_formula(&Slope(50.5), unit).logarithmic);

        // The race's surfaces typed in get the race's colours, but for the stretched
        // bowl at small κ (its range is 16 + 16κ).
        for surface in surfaces() {
            let look = SurfaceLook::of_formula(&surface, surface.domain());
            let expected = surface.log_colours() && 16.0 + 16.0 * surface.kappa > 100.0
                || surface.log_colours() && surface.kind != SurfaceKind::Stretched;
            assert_eq!(
                look.logarithmic, expected,
                "{:?}, κ {}",
                surface.kind, surface.kappa
            );
        }
    }

    /// A formula has no minima, saddle point or eigen-lines to mark; a bad domain is read
    /// as the layout reads it.
    #[test]
    fn a_formula_has_no_marks() {
        let look = SurfaceLook::of_formula(&ROUND, SQUARE);
        let layout = SurfaceLayout::new(500, 1.0, SQUARE);
        assert!(minimum_marks(&look, &layout).is_empty());
        assert_eq!(saddle_mark(&look, &layout), None);
        assert!(eigen_lines(&look, &layout).is_empty());
        let bad = Domain {
            x: (1.0, f64::NAN),
            y: (2.0, 2.0),
        };
        let look = SurfaceLook::of_formula(&ROUND, bad);
        assert_eq!(look.domain, SurfaceLayout::new(500, 1.0, bad).domain());
        assert_eq!(value_range(&look), (0.0, 2.0));
    }

    /// The bowl, Rosenbrock's function and the saddle typed in (f and ∇f through `dyn`)
    /// draw the race's pixels: their grids hold their minima, and the scales agree.
    #[test]
    fn a_surface_typed_in_has_the_surfaces_pixels() {
        for kind in [
            SurfaceKind::Bowl,
            SurfaceKind::Rosenbrock,
            SurfaceKind::Saddle,
        ] {
            let surface = Surface::new(kind, DEFAULT_KAPPA);
            let built_in = SurfaceLook::of_surface(&surface);
            let typed = SurfaceLook::of_formula(&surface, surface.domain());
            assert_eq!(typed.logarithmic, built_in.logarithmic);
            let layout = SurfaceLayout::new(500, 2.0, surface.domain());
            // The same colours; contour lines from differences of neighbouring values
            // instead of the exact gradient, so a line pixel may differ slightly.
            for dark in [false, true] {
                let (typed, built_in) = (
                    surface_pixels(&typed, &layout, dark),
                    surface_pixels(&built_in, &layout, dark),
                );
                let close = typed
                    .chunks_exact(4)
                    .zip(built_in.chunks_exact(4))
                    .filter(|(a, b)| a.iter().zip(b.iter()).all(|(a, b)| a.abs_diff(*b) <= 24))
                    .count();
                let total = typed.len() / 4;
                assert!(
                    close * 1000 >= total * 995,
                    "{kind:?}: {close} of {total} close"
                );
            }
            assert_eq!(
                colour_bar_ticks(&typed, &layout),
                colour_bar_ticks(&built_in, &layout)
            );
        }
    }

    /// On a log scale a formula's levels and ticks are round distances above its
    /// minimum, wherever that is: Rosenbrock's function plus 1000 has rings at 1000.3,
    /// 1001, 1003, …, not a single one at 3000.
    #[test]
    fn log_levels_follow_the_minimum() {
        let rosenbrock = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA).domain();
        let look = SurfaceLook::of_formula(&STEEP_PLUS_1000, rosenbrock);
        assert!(look.logarithmic);
        assert_eq!(value_range(&look), (1000.0, 3509.0));
        let levels = contour_levels(&look);
        let above: Vec<f64> = levels.iter().map(|level| level - 1000.0).collect();
        let plain = contour_levels(&SurfaceLook::of_formula(&STEEP, rosenbrock));
        assert_eq!(above.len(), plain.len());
        for (shifted, plain) in above.iter().zip(&plain) {
            assert!((shifted - plain).abs() < 1e-9, "{levels:?}");
        }
        let layout = SurfaceLayout::new(600, 1.0, rosenbrock);
        let ticks: Vec<f64> = colour_bar_ticks(&look, &layout)
            .iter()
            .map(|tick| tick.value)
            .collect();
        assert_eq!(ticks.first(), Some(&1000.0));
        assert!(ticks.len() >= 3, "{ticks:?}");
        assert!(ticks
            .iter()
            .all(|tick| [1000.0, 1001.0, 1010.0, 1100.0, 2000.0].contains(tick)));
        // A minimum below 0: the base is f_min rounded down to a tenth.
        assert_eq!(log_base(-24.87), -24.9);
        assert_eq!(log_base(0.0), 0.0);
        assert_eq!(log_base(3e-12), 0.0);
        assert_eq!(log_base(-f64::MAX), -f64::MAX);
    }
}
