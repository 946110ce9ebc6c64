//! The surface of the post's section 2: f(x, y) = x² + y², its gradient, and one
//! gradient-descent step on it.

/// A vector in the (x, y) plane: a position on the surface, a gradient or a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vec2 {
    pub x: f64,
    pub y: f64,
}

impl Vec2 {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    pub fn scale(self, factor: f64) -> Self {
        Self::new(self.x * factor, self.y * factor)
    }

    /// |v| = √(x² + y²). Not `hypot`: its overflow guard is 0.2 KB of WebAssembly, and
    /// every vector here stays far below 10¹⁵⁴.
    pub fn length(self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }

    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// The field shows [-EXTENT, EXTENT]² and a start point must lie in it.
pub const FIELD_EXTENT: f64 = 4.0;

/// One update on the field: where it started, the gradient there and where it went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldStep {
    pub before: Vec2,
    pub gradient: Vec2,
    pub learning_rate: f64,
    pub after: Vec2,
}

impl FieldStep {
    /// The update gradient descent takes from `before`: (x, y) := (x, y) − α·∇f.
    pub fn from(before: Vec2, learning_rate: f64) -> Self {
        Self {
            before,
            gradient: gradient(before),
            learning_rate,
            after: descend(before, learning_rate),
        }
    }
}

/// The post's example start point (1, 3), where f = 10 and ∇f = (2, 6).
pub const DEFAULT_START: Vec2 = Vec2::new(1.0, 3.0);

/// f(x, y) = x² + y².
pub fn value(position: Vec2) -> f64 {
    position.x * position.x + position.y * position.y
}

/// ∇f(x, y) = (∂f/∂x, ∂f/∂y) = (2x, 2y): the direction in which f grows fastest.
pub fn gradient(position: Vec2) -> Vec2 {
    Vec2::new(2.0 * position.x, 2.0 * position.y)
}

/// The step taken by gradient descent: −α·∇f(x, y).
pub fn descent_step(position: Vec2, learning_rate: f64) -> Vec2 {
    gradient(position).scale(-learning_rate)
}

/// One gradient-descent update: (x, y) := (x, y) − α·∇f(x, y).
pub fn descend(position: Vec2, learning_rate: f64) -> Vec2 {
    let step = descent_step(position, learning_rate);
    Vec2::new(position.x + step.x, position.y + step.y)
}

/// Closed form of n updates on x² + y²: (x, y)ₙ = (1 − 2α)ⁿ·(x, y)₀.
///
/// Every update multiplies the position by (1 − 2α), which is why α < ½ creeps,
/// α = ½ lands on the minimum at once, ½ < α < 1 oscillates inwards, α = 1 bounces
/// forever and α > 1 diverges.
pub fn closed_form(start: Vec2, learning_rate: f64, steps: i32) -> Vec2 {
    start.scale((1.0 - 2.0 * learning_rate).powi(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_posts_example_point() {
        assert_eq!(value(DEFAULT_START), 10.0);
        assert_eq!(gradient(DEFAULT_START), Vec2::new(2.0, 6.0));
    }

    #[test]
    fn a_step_moves_against_the_gradient() {
        let next = descend(DEFAULT_START, 0.1);
        assert!((next.x - 0.8).abs() < 1e-15 && (next.y - 2.4).abs() < 1e-15);
        assert!(value(next) < value(DEFAULT_START));
    }

    #[test]
    fn half_lands_on_the_minimum() {
        assert_eq!(descend(DEFAULT_START, 0.5), Vec2::new(0.0, 0.0));
    }
}
