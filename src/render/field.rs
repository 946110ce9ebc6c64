//! The gradient-field picture: a heatmap of x² + y² with contour lines, computed
//! once per canvas size as an RGBA buffer, and the geometry of the arrows drawn on it.

use crate::render::colormap::viridis;
use crate::surface::{self, Vec2, FIELD_EXTENT};

/// Contour lines are circles x² + y² = r² at these radii.
pub const CONTOUR_SPACING: f64 = 0.5;
/// Gradient arrows are drawn at this fraction of their length, or they would cover the plane.
pub const GRADIENT_ARROW_SCALE: f64 = 0.125;
/// Static gradient arrows sit on a grid with this spacing.
const ARROW_GRID_SPACING: f64 = 1.0;

/// Maps the square [-EXTENT, EXTENT]² onto a square canvas of `size` × `size` pixels,
/// with y pointing up as in the post's plots.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldView {
    pub size: f64,
}

impl FieldView {
    pub fn new(size: u32) -> Self {
        Self {
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
            (point.x + FIELD_EXTENT) * scale,
            (FIELD_EXTENT - point.y) * scale,
        )
    }

    /// The point of the plane at the centre of pixel (column, row).
    pub fn to_point(self, column: f64, row: f64) -> Vec2 {
        let scale = self.pixels_per_unit();
        Vec2::new(column / scale - FIELD_EXTENT, FIELD_EXTENT - row / scale)
    }

    /// A vector of the plane (e.g. an arrow) in pixels, y flipped.
    pub fn vector_to_pixels(self, vector: Vec2) -> (f64, f64) {
        let scale = self.pixels_per_unit();
        (vector.x * scale, -vector.y * scale)
    }
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

/// Where to draw a point that has left the view (a diverging run): on the border,
/// `inset` pixels in, in the direction of the point; `None` while it is in view.
pub fn off_view_marker(view: FieldView, point: Vec2, inset: f64) -> Option<(f64, f64)> {
    let (x, y) = view.to_pixel(point);
    let inside = |value: f64| (0.0..=view.size).contains(&value);
    if inside(x) && inside(y) {
        return None;
    }
    let high = (view.size - inset).max(inset);
    // max/min, not `clamp`: with bounds not known at compile time, `clamp` keeps a panic
    // message that formats floats with `Debug` (0.6 KB gzip more in the bundle).
    let keep_in = |value: f64| value.max(inset).min(high);
    Some((keep_in(x), keep_in(y)))
}

/// An arrow in canvas pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub from: (f64, f64),
    pub to: (f64, f64),
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
    fn a_point_out_of_view_is_marked_on_the_border() {
        let view = FieldView::new(400);
        assert_eq!(off_view_marker(view, Vec2::new(1.0, 3.0), 8.0), None);
        assert_eq!(
            off_view_marker(view, Vec2::new(1e5, 0.0), 8.0),
            Some((392.0, 200.0))
        );
        assert_eq!(
            off_view_marker(view, Vec2::new(-9.0, 9.0), 8.0),
            Some((8.0, 8.0))
        );
    }

    #[test]
    fn the_arrow_at_one_three_points_along_two_six() {
        let view = FieldView::new(400);
        let arrow = arrow(view, Vec2::new(1.0, 3.0), Vec2::new(2.0, 6.0), 0.25);
        assert_eq!(arrow.from, (250.0, 50.0));
        // (0.5, 1.5) units is (25, −75) pixels on screen.
        assert_eq!(arrow.to, (275.0, -25.0));
    }
}
