//! The gradient-field picture: a heatmap of x² + y² with contour lines, computed
//! once per canvas size as an RGBA buffer, and the geometry of everything drawn with it:
//! the plot's place in the canvas and the click mapping, the axes' ticks and numbers,
//! the colour bar, the contour values, the arrows, and per frame the path's numbered
//! dots and the arrow toward a point that left the plot. Text widths are estimated
//! ([`text_width`]), so the placement is tested natively.

use crate::render::colormap::viridis;
use crate::surface::{self, Vec2, FIELD_EXTENT};

/// Contour lines are circles x² + y² = r² at these radii.
pub const CONTOUR_SPACING: f64 = 0.5;
/// Gradient arrows are drawn at this fraction of their length, or they would cover the plane.
pub const GRADIENT_ARROW_SCALE: f64 = 0.125;
/// Static gradient arrows sit on a grid with this spacing.
const ARROW_GRID_SPACING: f64 = 1.0;

/// The field canvas is square. The plot of [−4, 4]² is the square at these fractions of
/// its side: margins on the left and below for the axes, above for the colour bar.
/// Fractions, not pixels, so that a click's fraction of the canvas maps to the same
/// point at every size ([`point_at`]).
pub const PLOT_LEFT: f64 = 0.12;
pub const PLOT_TOP: f64 = 0.09;
pub const PLOT_SIDE: f64 = 0.8;
/// Text size as a fraction of the canvas side; the margins hold labels of this size.
const EM_FRACTION: f64 = 0.034;
/// …within these sizes in CSS pixels: larger would crowd the plot, smaller is unreadable.
const EM_MIN_CSS: f64 = 8.0;
const EM_MAX_CSS: f64 = 13.0;

/// The point under a click at `fraction_x`, `fraction_y` of the canvas (0 at its left and
/// top edges, 1 at its right and bottom); `None` in the margins or outside.
pub fn point_at(fraction_x: f64, fraction_y: f64) -> Option<Vec2> {
    let across = (fraction_x - PLOT_LEFT) / PLOT_SIDE;
    let down = (fraction_y - PLOT_TOP) / PLOT_SIDE;
    if !(0.0..=1.0).contains(&across) || !(0.0..=1.0).contains(&down) {
        return None;
    }
    Some(Vec2::new(
        FIELD_EXTENT * (2.0 * across - 1.0),
        FIELD_EXTENT * (1.0 - 2.0 * down),
    ))
}

/// Where `point` is drawn, as fractions of the canvas side (the inverse of [`point_at`]).
pub fn canvas_fraction(point: Vec2) -> (f64, f64) {
    let unit = PLOT_SIDE / (2.0 * FIELD_EXTENT);
    (
        PLOT_LEFT + (point.x + FIELD_EXTENT) * unit,
        PLOT_TOP + (FIELD_EXTENT - point.y) * unit,
    )
}

/// Maps the square [-EXTENT, EXTENT]² onto a square of `size` × `size` pixels whose
/// top-left corner is at (`left`, `top`), with y pointing up as in the post's plots.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldView {
    pub left: f64,
    pub top: f64,
    pub size: f64,
}

impl FieldView {
    /// The view that fills a `size` × `size` buffer.
    pub fn new(size: u32) -> Self {
        Self {
            left: 0.0,
            top: 0.0,
            size: f64::from(size.max(1)),
        }
    }

    fn pixels_per_unit(self) -> f64 {
        self.size / (2.0 * FIELD_EXTENT)
    }

    /// Canvas pixel coordinates of a point of the plane.
    pub fn to_pixel(self, point: Vec2) -> (f64, f64) {
        let scale = self.pixels_per_unit();
        (
            self.left + (point.x + FIELD_EXTENT) * scale,
            self.top + (FIELD_EXTENT - point.y) * scale,
        )
    }

    /// The point of the plane at the centre of pixel (column, row).
    pub fn to_point(self, column: f64, row: f64) -> Vec2 {
        let scale = self.pixels_per_unit();
        Vec2::new(
            (column - self.left) / scale - FIELD_EXTENT,
            FIELD_EXTENT - (row - self.top) / scale,
        )
    }

    /// A vector of the plane (e.g. an arrow) in pixels, y flipped.
    pub fn vector_to_pixels(self, vector: Vec2) -> (f64, f64) {
        let scale = self.pixels_per_unit();
        (vector.x * scale, -vector.y * scale)
    }

    /// The square the view draws into.
    pub fn rect(self) -> Rect {
        Rect {
            left: self.left,
            top: self.top,
            right: self.left + self.size,
            bottom: self.top + self.size,
        }
    }
}

/// A rectangle in canvas pixels: a label's box, the plot, the colour bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    pub fn around(centre: (f64, f64), width: f64, height: f64) -> Self {
        Self {
            left: centre.0 - width / 2.0,
            top: centre.1 - height / 2.0,
            right: centre.0 + width / 2.0,
            bottom: centre.1 + height / 2.0,
        }
    }

    pub fn centre(self) -> (f64, f64) {
        (
            (self.left + self.right) / 2.0,
            (self.top + self.bottom) / 2.0,
        )
    }

    pub fn width(self) -> f64 {
        self.right - self.left
    }

    pub fn height(self) -> f64 {
        self.bottom - self.top
    }

    pub fn overlaps(self, other: Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    pub fn contains(self, (x, y): (f64, f64)) -> bool {
        self.left <= x && x <= self.right && self.top <= y && y <= self.bottom
    }

    pub fn within(self, outer: Rect) -> bool {
        outer.left <= self.left
            && self.right <= outer.right
            && outer.top <= self.top
            && self.bottom <= outer.bottom
    }

    /// The same rectangle, `by` pixels smaller on every side (larger if negative).
    pub fn inset(self, by: f64) -> Self {
        Self {
            left: self.left + by,
            top: self.top + by,
            right: self.right - by,
            bottom: self.bottom - by,
        }
    }

    /// The same size, moved the least to lie within `outer` (if it fits).
    fn moved_within(self, outer: Rect) -> Self {
        let dx = (outer.left - self.left).max(0.0) + (outer.right - self.right).min(0.0);
        let dy = (outer.top - self.top).max(0.0) + (outer.bottom - self.bottom).min(0.0);
        Self {
            left: self.left + dx,
            top: self.top + dy,
            right: self.right + dx,
            bottom: self.bottom + dy,
        }
    }
}

/// A generous width of `text` set in a sans-serif font of `em` pixels: DejaVu Sans's
/// advances (the widest of the fonts a reader's browser is likely to pick), rounded up,
/// so that labels are placed before the browser measures them and still do not touch.
pub fn text_width(text: &str, em: f64) -> f64 {
    let advances: f64 = text
        .chars()
        .map(|character| match character {
            '−' | '=' => 0.84,
            'm' => 0.98,
            'f' | 'i' | ' ' | ',' | '.' | '(' | ')' => 0.4,
            _ => 0.66,
        })
        .sum();
    advances * em
}

/// The height of a label's box: the font size (digits and lower case fill about 0.75 of it).
const TEXT_HEIGHT: f64 = 1.0;

/// How a label's x is read: the left end, the middle or the right end of the text;
/// its y is always the middle of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// What a label names, and so how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A number beside the plot (axis ticks, colour bar), in the page's ink.
    Number,
    /// An axis or the colour bar's quantity (x, y, f), in the page's ink, italic.
    Name,
    /// A text on the heatmap (contour values, the minimum), light with a dark halo.
    OnPlot,
}

/// A text at a place on the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    pub text: &'static str,
    pub x: f64,
    pub y: f64,
    pub align: Align,
    pub kind: LabelKind,
}

impl Label {
    /// The box the text fills (estimated, see [`text_width`]), at `em` pixels.
    pub fn bounds(&self, em: f64) -> Rect {
        let width = text_width(self.text, em);
        let left = match self.align {
            Align::Left => self.x,
            Align::Centre => self.x - width / 2.0,
            Align::Right => self.x - width,
        };
        Rect {
            left,
            top: self.y - TEXT_HEIGHT * em / 2.0,
            right: left + width,
            bottom: self.y + TEXT_HEIGHT * em / 2.0,
        }
    }
}

/// A straight line in canvas pixels (a tick mark).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// The integer ticks −4 … 4, with a true minus sign.
const TICKS: [(f64, &str); 9] = [
    (-4.0, "−4"),
    (-3.0, "−3"),
    (-2.0, "−2"),
    (-1.0, "−1"),
    (0.0, "0"),
    (1.0, "1"),
    (2.0, "2"),
    (3.0, "3"),
    (4.0, "4"),
];

/// The values written on the colour bar: the labelled contours, 0 at the minimum and 32
/// in the corners.
pub const COLOUR_BAR_VALUES: [(f64, &str); 7] = [
    (0.0, "0"),
    (1.0, "1"),
    (4.0, "4"),
    (9.0, "9"),
    (16.0, "16"),
    (25.0, "25"),
    (32.0, "32"),
];

/// The contour circles that carry their value, and the direction from the minimum to
/// the label on each (cos, sin of −35°, −52°, −61.5°, −41°: no `sin` or `cos` in the
/// bundle): below and right of the minimum, away from the post's start (1, 3), between
/// the gradient arrows (a test checks that none overlaps an arrow, another label or the
/// plot's edge).
const CONTOUR_LABELS: [(&str, f64, Vec2); 4] = [
    ("f = 1", 1.0, Vec2::new(0.8192, -0.5736)),
    ("f = 4", 2.0, Vec2::new(0.6157, -0.7880)),
    ("f = 9", 3.0, Vec2::new(0.4772, -0.8788)),
    ("f = 16", 4.0, Vec2::new(0.7547, -0.6561)),
];

/// The minimum's label ends here (in units of the plane): above left of it, between the
/// arrows at (−1, 0) and (−1, 1), where no path from the post's start (1, 3) passes.
const MINIMUM_LABEL: (&str, Vec2) = ("min (0, 0)", Vec2::new(-0.1, 0.33));

/// The field canvas of one size: the plot's place, the text size and everything drawn
/// once per size around and on the heatmap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldLayout {
    /// The canvas's side in device pixels.
    pub canvas: f64,
    pub pixel_ratio: f64,
    /// The plot, on whole pixels so that the heatmap is blitted unscaled.
    pub plot: FieldView,
    /// The text size in device pixels.
    pub em: f64,
}

impl FieldLayout {
    pub fn new(canvas: u32, pixel_ratio: f64) -> Self {
        let pixel_ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio
        } else {
            1.0
        };
        let side = f64::from(canvas.max(1));
        let em = (EM_FRACTION * side)
            .min(EM_MAX_CSS * pixel_ratio)
            .max(EM_MIN_CSS * pixel_ratio);
        // `+ 0.5` and truncation: rounding these positive values without a call to `round`.
        let whole = |fraction: f64| ((fraction * side + 0.5) as u32).max(1);
        Self {
            canvas: side,
            pixel_ratio,
            plot: FieldView {
                left: f64::from(whole(PLOT_LEFT)),
                top: f64::from(whole(PLOT_TOP)),
                size: f64::from(whole(PLOT_SIDE)),
            },
            em,
        }
    }

    /// The heatmap's place and side in whole pixels, for `putImageData`.
    pub fn plot_pixels(&self) -> (u32, u32, u32) {
        let plot = self.plot;
        (plot.left as u32, plot.top as u32, plot.size as u32)
    }

    fn tick_length(&self) -> f64 {
        0.35 * self.em
    }

    /// The tick marks of both axes, outside the plot, and of the colour bar, above it.
    pub fn tick_marks(&self) -> Vec<Segment> {
        let plot = self.plot.rect();
        let tick = self.tick_length();
        let mut marks = Vec::with_capacity(2 * TICKS.len() + COLOUR_BAR_VALUES.len());
        for (value, _) in TICKS {
            let (x, y) = self.plot.to_pixel(Vec2::new(value, value));
            marks.push(Segment {
                from: (x, plot.bottom),
                to: (x, plot.bottom + tick),
            });
            marks.push(Segment {
                from: (plot.left, y),
                to: (plot.left - tick, y),
            });
        }
        let bar = self.colour_bar();
        for (value, _) in COLOUR_BAR_VALUES {
            let x = colour_bar_x(bar, value);
            marks.push(Segment {
                from: (x, bar.top),
                to: (x, bar.top - 0.25 * self.em),
            });
        }
        marks
    }

    /// The colour bar above the plot, on whole pixels: f from 0 (left) to 32 (right),
    /// in the heatmap's colours.
    pub fn colour_bar(&self) -> Rect {
        let plot = self.plot.rect();
        let bottom = (plot.top - 0.5 * self.em).floor();
        let top = (bottom - 0.55 * self.em).floor().min(bottom - 1.0);
        Rect {
            left: plot.left,
            top,
            right: plot.right,
            bottom,
        }
    }

    /// Every text beside the plot: the numbers along the axes and the colour bar, and
    /// the names x, y and f.
    pub fn margin_labels(&self) -> Vec<Label> {
        let em = self.em;
        let plot = self.plot.rect();
        let tick = self.tick_length();
        let mut labels = Vec::with_capacity(2 * TICKS.len() + COLOUR_BAR_VALUES.len() + 3);
        let number = |text, x, y, align| Label {
            text,
            x,
            y,
            align,
            kind: LabelKind::Number,
        };
        let name = |text, x, y| Label {
            text,
            x,
            y,
            align: Align::Centre,
            kind: LabelKind::Name,
        };
        let below_axis = plot.bottom + tick + 0.25 * em + TEXT_HEIGHT * em / 2.0;
        let left_of_axis = plot.left - tick - 0.25 * em;
        for (value, text) in TICKS {
            let (x, y) = self.plot.to_pixel(Vec2::new(value, value));
            labels.push(number(text, x, below_axis, Align::Centre));
            labels.push(number(text, left_of_axis, y, Align::Right));
        }
        let (centre_x, centre_y) = self.plot.to_pixel(Vec2::new(0.0, 0.0));
        labels.push(name("x", centre_x, below_axis + 1.3 * em));
        let widest_tick = text_width("−4", em);
        labels.push(name("y", left_of_axis - widest_tick - 0.7 * em, centre_y));
        let bar = self.colour_bar();
        let above_bar = bar.top - 0.37 * em - TEXT_HEIGHT * em / 2.0;
        for (value, text) in COLOUR_BAR_VALUES {
            labels.push(number(
                text,
                colour_bar_x(bar, value),
                above_bar,
                Align::Centre,
            ));
        }
        labels.push(name("f", bar.right + 0.9 * em, bar.centre().1));
        labels
    }

    /// The texts on the heatmap: contour values on their circles and the minimum's name.
    pub fn plot_labels(&self) -> Vec<Label> {
        let on_plot = |text, point: Vec2, align| {
            let (x, y) = self.plot.to_pixel(point);
            Label {
                text,
                x,
                y,
                align,
                kind: LabelKind::OnPlot,
            }
        };
        let mut labels = Vec::with_capacity(CONTOUR_LABELS.len() + 1);
        for (text, radius, direction) in CONTOUR_LABELS {
            let point = direction.scale(radius / direction.length());
            labels.push(on_plot(text, point, Align::Centre));
        }
        let (text, offset) = MINIMUM_LABEL;
        labels.push(on_plot(text, offset, Align::Right));
        labels
    }

    /// The minimum (0, 0) in canvas pixels, where a cross marks it.
    pub fn minimum(&self) -> (f64, f64) {
        self.plot.to_pixel(Vec2::new(0.0, 0.0))
    }
}

/// The x of value `f` on the colour bar: the bar is linear in the heatmap's colour
/// parameter √f / (4√2), like the contour circles, so 1, 4, 9, 16, 25 are evenly spaced.
fn colour_bar_x(bar: Rect, f: f64) -> f64 {
    bar.left + bar.width() * (f / (2.0 * FIELD_EXTENT * FIELD_EXTENT)).sqrt()
}

/// The RGBA pixels of the colour bar, `width` × `height`: each column the colour of its
/// centre's value, as in the heatmap.
pub fn colour_bar_pixels(width: u32, height: u32) -> Vec<u8> {
    let (width, height) = (width.max(1) as usize, height.max(1) as usize);
    let mut row = Vec::with_capacity(width * 4);
    for column in 0..width {
        let [red, green, blue] = viridis((column as f64 + 0.5) / width as f64);
        row.extend_from_slice(&[red, green, blue, 255]);
    }
    row.repeat(height)
}

/// The RGBA pixels (row-major, `size`² · 4 bytes) of the heatmap of x² + y² in viridis,
/// darker near the minimum, with anti-aliased white contour circles.
///
/// The picture is symmetric in both axes, so one quadrant is computed and mirrored:
/// it sits on the path to the first painted frame (600², natively: 18.8 ms before this,
/// with a call to `round` per channel, and 2.9 ms after).
pub fn field_pixels(size: u32) -> Vec<u8> {
    let view = FieldView::new(size);
    let size = size as usize;
    let mut pixels = vec![0; size * size * 4];
    let half = size.div_ceil(2);
    let pixel_width = 2.0 * FIELD_EXTENT / view.size;
    let row_bytes = size * 4;
    for row in 0..half {
        let line = &mut pixels[row * row_bytes..(row + 1) * row_bytes];
        for column in 0..half {
            let centre = view.to_point(column as f64 + 0.5, row as f64 + 0.5);
            let colour = heatmap_pixel(centre.length(), pixel_width);
            line[column * 4..column * 4 + 4].copy_from_slice(&colour);
            let mirrored = size - 1 - column;
            line[mirrored * 4..mirrored * 4 + 4].copy_from_slice(&colour);
        }
        let mirrored = size - 1 - row;
        pixels.copy_within(row * row_bytes..(row + 1) * row_bytes, mirrored * row_bytes);
    }
    pixels
}

/// The colour at distance `radius` from the minimum: viridis of √f (so the colours spread
/// evenly), lightened where a contour circle passes (a 1.5-pixel line).
fn heatmap_pixel(radius: f64, pixel_width: f64) -> [u8; 4] {
    let max_radius = FIELD_EXTENT * std::f64::consts::SQRT_2;
    let [red, green, blue] = viridis(radius / max_radius);
    let nearest_contour = (radius / CONTOUR_SPACING + 0.5).floor() * CONTOUR_SPACING;
    let distance = (nearest_contour - radius).abs() / pixel_width;
    let coverage = (1.25 - distance).clamp(0.0, 1.0) * 0.55;
    // `+ 0.5` then truncation rounds these non-negative values, without a call to `round`.
    let blend =
        |channel: u8| (f64::from(channel) + (255.0 - f64::from(channel)) * coverage + 0.5) as u8;
    [blend(red), blend(green), blend(blue), 255]
}

/// What marks a point that has left the plot (a run with a large learning rate): an
/// arrow just inside the border, pointing from the minimum toward the point, and the box
/// of the text that says where the point is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OffPlotMark {
    pub arrow: Arrow,
    /// Where the text goes (draw it centred in the box), beside the arrow's tail.
    pub label: Rect,
}

/// The [`OffPlotMark`] of `point` with a text `text_width` pixels wide, clear of the texts
/// in `avoid` where it can be; `None` while the point is in the plot, or not a finite point.
pub fn off_plot_mark(
    layout: &FieldLayout,
    point: Vec2,
    text_width: f64,
    avoid: &[Rect],
) -> Option<OffPlotMark> {
    let plot = layout.plot.rect();
    let pixel = layout.plot.to_pixel(point);
    if !(pixel.0.is_finite() && pixel.1.is_finite()) || plot.contains(pixel) {
        return None;
    }
    let em = layout.em;
    let centre = plot.centre();
    let (dx, dy) = (pixel.0 - centre.0, pixel.1 - centre.1);
    let length = Vec2::new(dx, dy).length();
    let (ux, uy) = (dx / length, dy / length);
    // The tip touches the square `inset` in from the border, on the ray from the centre.
    let inset = 0.5 * em;
    let reach = (layout.plot.size / 2.0 - inset) / ux.abs().max(uy.abs());
    let tip = (centre.0 + ux * reach, centre.1 + uy * reach);
    let arrow_length = 2.2 * em;
    let tail = (tip.0 - ux * arrow_length, tip.1 - uy * arrow_length);
    let arrow = Arrow {
        from: tail,
        to: tip,
    };
    let arrow_box = arrow.bounds().inset(-0.3 * em);
    // The text's box: beyond the tail, towards the centre; else beside the arrow, or
    // beside the place beyond its tail, on either side; the first that, kept in the plot,
    // covers neither the arrow nor a text in `avoid`.
    let (width, height) = (text_width, TEXT_HEIGHT * em);
    let extent = |(x, y): (f64, f64)| x.abs() * width / 2.0 + y.abs() * height / 2.0;
    let behind = 0.4 * em + extent((ux, uy));
    let middle = ((tail.0 + tip.0) / 2.0, (tail.1 + tip.1) / 2.0);
    let beside = 0.5 * em + extent((uy, ux));
    let back = (tail.0 - ux * behind, tail.1 - uy * behind);
    let candidates = [
        back,
        (middle.0 - uy * beside, middle.1 + ux * beside),
        (middle.0 + uy * beside, middle.1 - ux * beside),
        (back.0 - uy * beside, back.1 + ux * beside),
        (back.0 + uy * beside, back.1 - ux * beside),
    ]
    .map(|centre| Rect::around(centre, width, height).moved_within(plot.inset(0.25 * em)));
    let clear = |label: &Rect| {
        !label.overlaps(arrow_box) && !avoid.iter().any(|other| other.overlaps(*label))
    };
    let label = candidates.into_iter().find(clear).unwrap_or(candidates[0]);
    Some(OffPlotMark { arrow, label })
}

/// Appends "(x, y)" with [`write_short`] numbers: where a point off the plot is.
pub fn write_point(out: &mut String, point: Vec2) {
    out.push('(');
    write_short(out, point.x);
    out.push_str(", ");
    write_short(out, point.y);
    out.push(')');
}

/// Appends `value` with 3 significant digits, whole numbers from 100 on (−2.49, 37.5,
/// 712, 786432; 1.23e7 from ten million on, past where a run stops) and a true minus
/// sign, into a kept buffer: a frame writes it without allocating.
pub fn write_short(out: &mut String, value: f64) {
    use std::fmt::Write;
    if !value.is_finite() {
        out.push_str(crate::format::NOT_A_NUMBER);
        return;
    }
    let magnitude = value.abs();
    // Rounds as written: −0.001 is "0", not "−0".
    if value < 0.0 && magnitude >= 0.005 {
        out.push('−');
    }
    // Writing to a `String` cannot fail.
    let _ = if magnitude >= 9_999_999.5 {
        // The readouts' exponent form (not `{:.2e}`: std's exponent formatter would
        // add 2 KB to the bundle): 1.23e7, trailing zeros dropped.
        crate::format::write_exponent_form(out, magnitude, 2);
        Ok(())
    } else {
        let decimals = if magnitude >= 99.95 {
            0
        } else if magnitude >= 9.995 {
            1
        } else {
            2
        };
        let written = write!(out, "{magnitude:.decimals$}");
        // Trailing zeros and a bare point dropped: 2.50 → 2.5, 3.00 → 3. Bytes, not
        // `str` methods: the digits are ASCII, and this keeps char tables out of the bundle.
        if decimals > 0 {
            let mut end = out.len();
            while out.as_bytes()[end - 1] == b'0' {
                end -= 1;
            }
            if out.as_bytes()[end - 1] == b'.' {
                end -= 1;
            }
            out.truncate(end);
        }
        written
    };
}

/// How many step numbers a frame writes at most; more would not fit without overlapping.
pub const MAX_STEP_LABELS: usize = 64;
/// How many boxes a path's numbers keep clear of at most.
pub const MAX_RESERVED: usize = 8;

/// Decides, point by point along a run's path, which points get a dot and which a step
/// number, so that dots do not pile up and numbers never overlap one another; kept on
/// the stack for one frame (it allocates nothing).
pub struct PathMarks {
    room: Rect,
    em: f64,
    /// A dot's radius and the least distance between the centres of two dots.
    pub dot_radius: f64,
    spacing: f64,
    offset: f64,
    /// The last two dots: a path that bounces across the minimum alternates between two
    /// sides, and a dot near either is not drawn again.
    dots: [Option<(f64, f64)>; 2],
    previous: Option<(f64, f64)>,
    labels: [(Rect, u64); MAX_STEP_LABELS],
    label_count: usize,
    /// The boxes no number may cover: texts on the heatmap, the current point's marker.
    reserved: [Rect; MAX_RESERVED],
    reserved_count: usize,
}

impl PathMarks {
    /// Marks for a path; no number covers the boxes in `reserved` (the texts on the
    /// heatmap, the current point's marker or the text of an [`OffPlotMark`]; the first
    /// [`MAX_RESERVED`]), and numbers sit clear of a marker of `marker_radius`.
    pub fn new(layout: &FieldLayout, reserved: &[&[Rect]], marker_radius: f64) -> Self {
        let mut boxes = [Rect::around((0.0, 0.0), 0.0, 0.0); MAX_RESERVED];
        let mut reserved_count = 0;
        for (slot, rect) in boxes.iter_mut().zip(reserved.iter().copied().flatten()) {
            *slot = *rect;
            reserved_count += 1;
        }
        let dot_radius = 3.5 * layout.pixel_ratio;
        Self {
            room: layout.plot.rect().inset(0.15 * layout.em),
            em: 0.85 * layout.em,
            dot_radius,
            spacing: 3.0 * dot_radius,
            offset: marker_radius + 1.5 * layout.pixel_ratio,
            dots: [None; 2],
            previous: None,
            labels: [(Rect::around((0.0, 0.0), 0.0, 0.0), 0); MAX_STEP_LABELS],
            label_count: 0,
            reserved: boxes,
            reserved_count,
        }
    }

    /// The text size of the step numbers, in pixels.
    pub fn label_em(&self) -> f64 {
        self.em
    }

    /// The next point of the path, in canvas pixels, and its step if known: whether it
    /// gets a dot (not outside the plot, nor within a dot's spacing of the last dots). A
    /// dotted point with a step gets its number beside it, across the path (so the
    /// numbers of a path that crosses to the other side each step alternate sides), if
    /// there is room for it.
    pub fn add(&mut self, pixel: (f64, f64), step: Option<u64>) -> bool {
        let previous = self.previous.replace(pixel);
        if !self.room.contains(pixel) {
            return false;
        }
        let near = |dot: Option<(f64, f64)>| {
            dot.is_some_and(|(x, y)| Vec2::new(x - pixel.0, y - pixel.1).length() < self.spacing)
        };
        if self.dots.iter().any(|dot| near(*dot)) {
            return false;
        }
        self.dots = [Some(pixel), self.dots[0]];
        if let Some(step) = step {
            if self.label_count < MAX_STEP_LABELS {
                if let Some(label) = self.place(pixel, previous, step) {
                    self.labels[self.label_count] = (label, step);
                    self.label_count += 1;
                }
            }
        }
        true
    }

    /// The box for the number of the dot at `pixel`, first on the left of the path's
    /// direction, then on its right, ahead, behind; `None` if every place is taken.
    fn place(&self, pixel: (f64, f64), previous: Option<(f64, f64)>, step: u64) -> Option<Rect> {
        let centre = self.room.centre();
        // The path's direction; the first point heads for the minimum.
        let (dx, dy) = match previous {
            Some(previous) if previous != pixel => (pixel.0 - previous.0, pixel.1 - previous.1),
            _ => (centre.0 - pixel.0, centre.1 - pixel.1),
        };
        let length = Vec2::new(dx, dy).length();
        let (ux, uy) = if length > 0.0 && length.is_finite() {
            (dx / length, dy / length)
        } else {
            (1.0, 0.0)
        };
        let digits = step.checked_ilog10().unwrap_or(0) + 1;
        let width = f64::from(digits) * 0.66 * self.em;
        let height = TEXT_HEIGHT * self.em;
        let occupied = |candidate: Rect| {
            self.reserved[..self.reserved_count]
                .iter()
                .any(|reserved| reserved.overlaps(candidate))
                || self.labels[..self.label_count]
                    .iter()
                    .any(|(placed, _)| placed.overlaps(candidate))
        };
        [(uy, -ux), (-uy, ux), (ux, uy), (-ux, -uy)]
            .into_iter()
            .map(|(nx, ny)| {
                let away = self.offset + nx.abs() * width / 2.0 + ny.abs() * height / 2.0;
                Rect::around((pixel.0 + nx * away, pixel.1 + ny * away), width, height)
            })
            .find(|candidate| candidate.within(self.room) && !occupied(*candidate))
    }

    /// The numbers placed so far: each box (draw the number centred in it) and its step.
    pub fn labels(&self) -> &[(Rect, u64)] {
        &self.labels[..self.label_count]
    }
}

/// An arrow in canvas pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub from: (f64, f64),
    pub to: (f64, f64),
}

impl Arrow {
    /// The smallest rectangle around the arrow's line.
    pub fn bounds(self) -> Rect {
        Rect {
            left: self.from.0.min(self.to.0),
            top: self.from.1.min(self.to.1),
            right: self.from.0.max(self.to.0),
            bottom: self.from.1.max(self.to.1),
        }
    }
}

/// The arrow of `vector` drawn from `origin`, `scale` times its length.
pub fn arrow(view: FieldView, origin: Vec2, vector: Vec2, scale: f64) -> Arrow {
    let from = view.to_pixel(origin);
    let (dx, dy) = view.vector_to_pixels(vector.scale(scale));
    Arrow {
        from,
        to: (from.0 + dx, from.1 + dy),
    }
}

/// The static gradient arrows ∇f = (2x, 2y) on a grid over the plane, scaled to fit.
pub fn gradient_arrows(view: FieldView) -> Vec<Arrow> {
    let count = (2.0 * FIELD_EXTENT / ARROW_GRID_SPACING) as i32;
    let mut arrows = Vec::new();
    for i in 0..=count {
        for j in 0..=count {
            let point = Vec2::new(
                -FIELD_EXTENT + f64::from(i) * ARROW_GRID_SPACING,
                -FIELD_EXTENT + f64::from(j) * ARROW_GRID_SPACING,
            );
            let gradient = surface::gradient(point);
            if gradient.length() == 0.0 {
                continue;
            }
            // Longest arrows reach 0.8 of a grid cell, so neighbours never touch.
            let longest = 2.0 * FIELD_EXTENT * std::f64::consts::SQRT_2;
            arrows.push(arrow(
                view,
                point,
                gradient,
                0.8 * ARROW_GRID_SPACING / longest,
            ));
        }
    }
    arrows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_maps_corners_and_centre() {
        let view = FieldView::new(400);
        assert_eq!(view.to_pixel(Vec2::new(0.0, 0.0)), (200.0, 200.0));
        assert_eq!(view.to_pixel(Vec2::new(-4.0, 4.0)), (0.0, 0.0));
        assert_eq!(view.to_pixel(Vec2::new(4.0, -4.0)), (400.0, 400.0));
        assert_eq!(view.to_point(300.0, 100.0), Vec2::new(2.0, 2.0));
    }

    #[test]
    fn heatmap_is_darkest_at_the_minimum_and_opaque() {
        let size = 64;
        let pixels = field_pixels(size);
        assert_eq!(pixels.len(), 64 * 64 * 4);
        assert!(pixels.chunks_exact(4).all(|pixel| pixel[3] == 255));
        let brightness = |row: usize, column: usize| {
            let index = (row * 64 + column) * 4;
            pixels[index..index + 3]
                .iter()
                .map(|&c| u32::from(c))
                .sum::<u32>()
        };
        assert!(brightness(31, 31) < brightness(2, 2));
        assert!(brightness(31, 31) < brightness(31, 2));
    }

    /// Every pixel is the colour of its own centre, mirrored quadrant or not.
    #[test]
    fn heatmap_pixels_are_the_colour_at_their_centres() {
        for size in [1, 2, 7, 64, 151] {
            let view = FieldView::new(size);
            let pixels = field_pixels(size);
            let pixel_width = 2.0 * FIELD_EXTENT / view.size;
            for row in 0..size as usize {
                for column in 0..size as usize {
                    let centre = view.to_point(column as f64 + 0.5, row as f64 + 0.5);
                    let expected = heatmap_pixel(centre.length(), pixel_width);
                    let index = (row * size as usize + column) * 4;
                    for (shown, expected) in pixels[index..index + 4].iter().zip(expected) {
                        assert!(shown.abs_diff(expected) <= 1, "{size}: ({row}, {column})");
                    }
                }
            }
        }
    }

    #[test]
    fn contour_circles_are_lighter_than_their_surroundings() {
        // At 400 px, 50 px per unit: the radius-2 circle passes through column 300 of row 200.
        let size = 400;
        let pixels = field_pixels(size);
        let green = |column: usize| pixels[(200 * 400 + column) * 4 + 1];
        assert!(green(300) > green(288));
        assert!(green(300) > green(312));
    }

    #[test]
    fn gradient_arrows_point_away_from_the_minimum() {
        let view = FieldView::new(400);
        let arrows = gradient_arrows(view);
        assert_eq!(arrows.len(), 9 * 9 - 1);
        for arrow in arrows {
            let centre = 200.0;
            let from = Vec2::new(arrow.from.0 - centre, arrow.from.1 - centre).length();
            let to = Vec2::new(arrow.to.0 - centre, arrow.to.1 - centre).length();
            assert!(to > from);
        }
    }

    #[test]
    fn the_arrow_at_one_three_points_along_two_six() {
        let view = FieldView::new(400);
        let arrow = arrow(view, Vec2::new(1.0, 3.0), Vec2::new(2.0, 6.0), 0.25);
        assert_eq!(arrow.from, (250.0, 50.0));
        // (0.5, 1.5) units is (25, −75) pixels on screen.
        assert_eq!(arrow.to, (275.0, -25.0));
    }

    /// The CSS sizes the canvas takes (a 280 px embed up to its 520 px maximum and
    /// beyond) at the common pixel ratios.
    fn layouts() -> impl Iterator<Item = FieldLayout> {
        [1.0, 1.5, 2.0, 3.0].into_iter().flat_map(|ratio| {
            (280..=720)
                .step_by(11)
                .map(move |css| FieldLayout::new((f64::from(css) * ratio) as u32, ratio))
        })
    }

    fn arrow_box(arrow: Arrow, pad: f64) -> Rect {
        arrow.bounds().inset(-pad)
    }

    fn canvas_rect(layout: &FieldLayout) -> Rect {
        let half = layout.canvas / 2.0;
        Rect::around((half, half), layout.canvas, layout.canvas)
    }

    #[test]
    fn a_click_maps_to_the_point_drawn_under_it() {
        assert_eq!(point_at(0.52, 0.49), Some(Vec2::new(0.0, 0.0)));
        let (x, y) = canvas_fraction(Vec2::new(0.0, 2.0));
        assert!((x - 0.52).abs() < 1e-12 && (y - 0.29).abs() < 1e-12);
        for point in [
            Vec2::new(-4.0, 4.0),
            Vec2::new(4.0, -4.0),
            Vec2::new(1.0, 3.0),
        ] {
            let (x, y) = canvas_fraction(point);
            let back = point_at(x, y).expect("a point of the plot");
            assert!((back.x - point.x).abs() < 1e-12 && (back.y - point.y).abs() < 1e-12);
            // The canvas draws it there, within the pixel that rounding the plot's place costs.
            for layout in layouts() {
                let (px, py) = layout.plot.to_pixel(point);
                assert!((px - x * layout.canvas).abs() <= 1.0, "{layout:?}");
                assert!((py - y * layout.canvas).abs() <= 1.0, "{layout:?}");
            }
        }
        // The margins hold axes and the colour bar, not points.
        assert_eq!(point_at(0.05, 0.5), None);
        assert_eq!(point_at(0.5, 0.95), None);
        assert_eq!(point_at(0.5, 0.03), None);
        assert_eq!(point_at(f64::NAN, 0.5), None);
    }

    #[test]
    fn the_plot_sits_on_whole_pixels_inside_the_canvas() {
        let layout = FieldLayout::new(672, 2.0);
        assert_eq!(layout.plot_pixels(), (81, 60, 538));
        assert_eq!(layout.plot.to_pixel(Vec2::new(-4.0, 4.0)), (81.0, 60.0));
        assert_eq!(
            layout.plot.to_point(81.0 + 538.0, 60.0),
            Vec2::new(4.0, 4.0)
        );
        assert!((layout.em - 0.034 * 672.0).abs() < 1e-9);
        // Large canvases keep readable text, not huge text.
        assert_eq!(FieldLayout::new(1040, 2.0).em, 26.0);
        for layout in layouts() {
            assert!(layout.plot.rect().within(canvas_rect(&layout)));
        }
    }

    /// Every number and name beside the plot is inside the canvas, off the plot and the
    /// colour bar, and clear of every other: nothing is cut off or overlaps, at any size.
    #[test]
    fn margin_labels_fit_and_never_overlap() {
        for layout in layouts() {
            let canvas = canvas_rect(&layout);
            let plot = layout.plot.rect();
            let bar = layout.colour_bar();
            assert!(bar.within(canvas) && !bar.overlaps(plot) && bar.height() >= 1.0);
            let labels = layout.margin_labels();
            assert_eq!(labels.len(), 9 + 9 + 7 + 3);
            let boxes: Vec<Rect> = labels.iter().map(|label| label.bounds(layout.em)).collect();
            let marks = layout.tick_marks();
            for (index, (label, bounds)) in labels.iter().zip(&boxes).enumerate() {
                let context = format!("{} at {layout:?}", label.text);
                assert!(bounds.within(canvas), "cut off: {context}");
                assert!(
                    !bounds.overlaps(plot) && !bounds.overlaps(bar),
                    "covers: {context}"
                );
                for other in &boxes[index + 1..] {
                    assert!(!bounds.overlaps(*other), "overlaps: {context}");
                }
                for mark in &marks {
                    assert!(!bounds.contains(mark.to), "on a tick: {context}");
                }
            }
            for mark in marks {
                assert!(canvas.contains(mark.to) && !plot.inset(1e-9).contains(mark.to));
            }
        }
    }

    #[test]
    fn the_axes_read_minus_four_to_four_at_the_ticks() {
        let layout = FieldLayout::new(400, 1.0);
        let labels = layout.margin_labels();
        let along_x: Vec<(&str, f64)> = labels
            .iter()
            .filter(|label| label.kind == LabelKind::Number && label.align == Align::Centre)
            .take(9)
            .map(|label| (label.text, label.x))
            .collect();
        assert_eq!(along_x[0], ("−4", 48.0));
        assert_eq!(along_x[4], ("0", 208.0));
        assert_eq!(along_x[8], ("4", 368.0));
        let names: Vec<&str> = labels
            .iter()
            .filter(|label| label.kind == LabelKind::Name)
            .map(|label| label.text)
            .collect();
        assert_eq!(names, ["x", "y", "f"]);
    }

    /// The colour bar reads f where the heatmap has the same colour: its x is the
    /// heatmap's colour parameter √f / (4√2), so 1, 4, 9, 16, 25 are evenly spaced.
    #[test]
    fn the_colour_bar_shows_the_heatmaps_colour_of_each_value() {
        let layout = FieldLayout::new(500, 1.0);
        let bar = layout.colour_bar();
        let (width, height) = (bar.width() as u32, bar.height() as u32);
        let pixels = colour_bar_pixels(width, height);
        assert_eq!(pixels.len(), (width * height * 4) as usize);
        for f in [0.5_f64, 2.0, 7.0, 20.0, 30.0] {
            let column = (colour_bar_x(bar, f) - bar.left) as usize;
            let shown = &pixels[column * 4..column * 4 + 4];
            // Off the contour circles (tiny pixels), the heatmap's colour at f.
            let heatmap = heatmap_pixel(f.sqrt(), 1e-9);
            for (a, b) in shown.iter().zip(heatmap) {
                assert!(a.abs_diff(b) <= 2, "f = {f}: {shown:?} against {heatmap:?}");
            }
        }
        let xs: Vec<f64> = COLOUR_BAR_VALUES[1..6]
            .iter()
            .map(|(f, _)| colour_bar_x(bar, *f))
            .collect();
        for pair in xs.windows(2) {
            assert!(((pair[1] - pair[0]) - (xs[1] - xs[0])).abs() < 1e-9);
        }
        assert_eq!(colour_bar_x(bar, 0.0), bar.left);
        assert_eq!(colour_bar_x(bar, 32.0), bar.right);
    }

    /// Contour values and the minimum's name lie in the plot, on their circles, and
    /// cover no gradient arrow and no other label.
    #[test]
    fn plot_labels_sit_on_their_circles_clear_of_the_arrows() {
        for layout in layouts() {
            let arrows: Vec<Rect> = gradient_arrows(layout.plot)
                .into_iter()
                .map(|arrow| arrow_box(arrow, 2.5 * layout.pixel_ratio))
                .collect();
            let labels = layout.plot_labels();
            let boxes: Vec<Rect> = labels.iter().map(|label| label.bounds(layout.em)).collect();
            for (index, (label, bounds)) in labels.iter().zip(&boxes).enumerate() {
                let context = format!("{} at {layout:?}", label.text);
                assert!(bounds.within(layout.plot.rect()), "cut off: {context}");
                assert!(
                    !arrows.iter().any(|arrow| arrow.overlaps(*bounds)),
                    "on an arrow: {context}"
                );
                for other in &boxes[index + 1..] {
                    assert!(!bounds.overlaps(*other), "overlaps: {context}");
                }
            }
            let on_circles = labels.iter().take(CONTOUR_LABELS.len());
            for (label, (text, radius, _)) in on_circles.zip(CONTOUR_LABELS) {
                let point = layout.plot.to_point(label.x, label.y);
                assert!((point.length() - radius).abs() < 1e-9);
                assert_eq!(format!("f = {}", radius * radius), text);
            }
        }
        let layout = FieldLayout::new(400, 1.0);
        let minimum = layout.plot_labels()[CONTOUR_LABELS.len()];
        assert_eq!(minimum.text, "min (0, 0)");
        let (x, y) = layout.minimum();
        assert!(minimum.bounds(layout.em).bottom < y && minimum.bounds(layout.em).right < x);
    }

    #[test]
    fn a_point_in_the_plot_has_no_off_plot_mark() {
        let layout = FieldLayout::new(400, 1.0);
        for point in [
            Vec2::new(1.0, 3.0),
            Vec2::new(4.0, -4.0),
            Vec2::new(0.0, 0.0),
        ] {
            assert_eq!(off_plot_mark(&layout, point, 50.0, &[]), None);
        }
        assert_eq!(
            off_plot_mark(&layout, Vec2::new(f64::NAN, 9.0), 50.0, &[]),
            None
        );
    }

    #[test]
    fn a_point_to_the_right_gets_an_arrow_on_the_right_edge() {
        let layout = FieldLayout::new(400, 1.0);
        let mark = off_plot_mark(&layout, Vec2::new(1e5, 0.0), 60.0, &[]).expect("off the plot");
        let plot = layout.plot.rect();
        let (_, centre_y) = layout.minimum();
        assert_eq!(mark.arrow.to, (plot.right - 0.5 * layout.em, centre_y));
        assert_eq!(mark.arrow.from.1, centre_y);
        assert!(mark.arrow.from.0 < mark.arrow.to.0);
        // The text is left of the arrow, at its height.
        assert!(mark.label.right < mark.arrow.from.0);
        assert!((mark.label.centre().1 - centre_y).abs() < 1e-9);
    }

    /// Wherever the point went, the arrow is inside the plot and points toward it, and
    /// its text is inside the plot, clear of the arrow and of the texts on the heatmap.
    #[test]
    fn the_off_plot_arrow_points_toward_the_point_and_its_text_fits() {
        for layout in layouts() {
            let plot = layout.plot.rect();
            let width = text_width("(−999999, −999999)", layout.em);
            let on_plot: Vec<Rect> = layout
                .plot_labels()
                .iter()
                .map(|label| label.bounds(layout.em))
                .collect();
            for degrees in (0..360).step_by(5) {
                for distance in [4.5, 7.0, 60.0, 9e5] {
                    let angle = f64::from(degrees).to_radians();
                    let point = Vec2::new(distance * angle.cos(), distance * angle.sin());
                    let Some(mark) = off_plot_mark(&layout, point, width, &on_plot) else {
                        assert!(point.x.abs().max(point.y.abs()) <= FIELD_EXTENT + 1e-9);
                        continue;
                    };
                    let context = format!("{degrees}° at {distance}, {layout:?}");
                    assert!(
                        plot.contains(mark.arrow.from) && plot.contains(mark.arrow.to),
                        "{context}"
                    );
                    assert!(mark.label.within(plot), "{context}");
                    assert!(
                        !mark.label.overlaps(arrow_box(mark.arrow, 0.0)),
                        "{context}"
                    );
                    for text in &on_plot {
                        assert!(!mark.label.overlaps(*text), "{context}");
                    }
                    let (dx, dy) = (
                        mark.arrow.to.0 - mark.arrow.from.0,
                        mark.arrow.to.1 - mark.arrow.from.1,
                    );
                    let along = (dx * angle.cos() - dy * angle.sin()) / Vec2::new(dx, dy).length();
                    assert!(along > 0.999, "{context}");
                }
            }
        }
    }

    #[test]
    fn points_off_the_plot_are_written_short() {
        let written = |point| {
            let mut text = String::from("kept");
            write_point(&mut text, point);
            text
        };
        assert_eq!(written(Vec2::new(-2.48832, -7.46496)), "kept(−2.49, −7.46)");
        assert_eq!(written(Vec2::new(10.0, -0.001)), "kept(10, 0)");
        assert_eq!(written(Vec2::new(37.45, 712.3)), "kept(37.5, 712)");
        assert_eq!(written(Vec2::new(-786_432.0, 999.6)), "kept(−786432, 1000)");
        assert_eq!(written(Vec2::new(1.234e7, 0.5)), "kept(1.23e7, 0.5)");
        assert_eq!(written(Vec2::new(2.5, f64::NAN)), "kept(2.5, —)");
    }

    /// The path of `steps` steps from (1, 3) at `learning_rate`, in canvas pixels.
    fn path(layout: &FieldLayout, learning_rate: f64, steps: usize) -> Vec<(f64, f64)> {
        let mut point = Vec2::new(1.0, 3.0);
        let mut pixels = vec![layout.plot.to_pixel(point)];
        for _ in 0..steps {
            point = crate::surface::descend(point, learning_rate);
            pixels.push(layout.plot.to_pixel(point));
        }
        pixels
    }

    fn mark_path(
        layout: &FieldLayout,
        pixels: &[(f64, f64)],
        numbered: bool,
    ) -> (PathMarks, usize) {
        let current = *pixels.last().expect("a path");
        let on_plot: Vec<Rect> = layout
            .plot_labels()
            .iter()
            .map(|label| label.bounds(layout.em))
            .collect();
        let marker = [Rect::around(current, 10.0, 10.0)];
        let mut marks = PathMarks::new(layout, &[&on_plot, &marker], 5.0);
        let dots = pixels
            .iter()
            .enumerate()
            .filter(|(step, pixel)| marks.add(**pixel, numbered.then_some(*step as u64)))
            .count();
        (marks, dots)
    }

    /// At α = 0.9 each step crosses to the other side: every dot is numbered, and the
    /// numbers alternate sides of the line the path runs along.
    #[test]
    fn a_zig_zag_numbers_each_step_on_alternating_sides() {
        let layout = FieldLayout::new(336, 1.0);
        let pixels = path(&layout, 0.9, 6);
        let (marks, dots) = mark_path(&layout, &pixels, true);
        assert_eq!(dots, 7);
        let steps: Vec<u64> = marks.labels().iter().map(|(_, step)| *step).collect();
        assert_eq!(steps, [0, 1, 2, 3, 4, 5, 6]);
        // The path runs along y = 3x; which side of it each number sits on.
        let (cx, cy) = layout.minimum();
        let sides: Vec<bool> = marks
            .labels()
            .iter()
            .map(|(label, _)| {
                let (x, y) = label.centre();
                -(y - cy) > 3.0 * (x - cx)
            })
            .collect();
        for pair in sides[1..].windows(2) {
            assert_ne!(pair[0], pair[1], "{sides:?}");
        }
    }

    /// A long converging path: the dots thin out where the steps get short, the numbers
    /// never overlap, and a path whose history was thinned gets dots but no numbers.
    #[test]
    fn dense_paths_thin_their_dots_and_numbers() {
        for layout in [FieldLayout::new(336, 1.0), FieldLayout::new(1040, 2.0)] {
            for learning_rate in [0.01, 0.1, 0.45, 0.9, 0.999] {
                let pixels = path(&layout, learning_rate, 3000);
                let (marks, dots) = mark_path(&layout, &pixels, true);
                assert!(dots <= 150, "α = {learning_rate}: {dots} dots");
                let labels = marks.labels();
                assert!(!labels.is_empty());
                let on_plot = layout.plot_labels();
                for (index, (label, _)) in labels.iter().enumerate() {
                    assert!(label.within(layout.plot.rect()));
                    assert!(!label.overlaps(Rect::around(pixels[3000], 10.0, 10.0)));
                    for text in &on_plot {
                        assert!(!label.overlaps(text.bounds(layout.em)), "on {}", text.text);
                    }
                    for (other, _) in &labels[index + 1..] {
                        assert!(!label.overlaps(*other), "α = {learning_rate}");
                    }
                }
                assert_eq!(mark_path(&layout, &pixels, false).0.labels().len(), 0);
            }
        }
    }

    #[test]
    fn points_off_the_plot_get_no_dot() {
        let layout = FieldLayout::new(336, 1.0);
        let pixels = path(&layout, 1.1, 8);
        let inside = pixels
            .iter()
            .filter(|pixel| layout.plot.rect().inset(0.15 * layout.em).contains(**pixel))
            .count();
        let (marks, dots) = mark_path(&layout, &pixels, true);
        assert!(inside < pixels.len());
        assert_eq!(dots, inside);
        assert_eq!(marks.labels().len(), inside);
    }
}
