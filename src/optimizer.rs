//! The optimizer race: five surfaces harder (and one easier) than the post's bowl, and the
//! update rules of the optimizers everybody uses, exactly as PyTorch's `torch.optim`
//! documents them.
//!
//! With θ the point (x, y), g = ∇f(θ) and α the learning rate (torch.optim writes it γ;
//! here it is the posts' α), one step of each is
//! (all operations per coordinate):
//! - **gd** (SGD): θ := θ − α·g.
//! - **momentum** (SGD, momentum μ, dampening 0): b := g on the first step, else
//!   b := μ·b + g; θ := θ − α·b.
//! - **nesterov** (SGD, `nesterov=True`): b as for momentum; θ := θ − α·(g + μ·b).
//! - **rmsprop** (ρ = 0.99, PyTorch's `alpha`; ε = 10⁻⁸, not centred, no momentum):
//!   v := ρ·v + (1 − ρ)·g²;
//!   θ := θ − α·g / (√v + ε).
//! - **adam** (β₁, β₂, ε = 10⁻⁸): m := β₁·m + (1 − β₁)·g; v := β₂·v + (1 − β₂)·g²;
//!   m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ); θ := θ − α·m̂ / (√v̂ + ε).
//!
//! Every operation is an IEEE basic operation or a square root (β₁ᵗ is a running
//! product, not `powi`), so a run gives the same bits natively and in WebAssembly.
//!
//! ## Why the stretched bowl zig-zags
//! On a quadratic f = ½·θᵀHθ, gradient descent multiplies the coordinate along each
//! eigen-direction of H (eigenvalue λ) by 1 − αλ per step. With λ_min ≪ λ_max no α
//! suits both: below 2/λ_max (else the steep direction diverges) the flat direction
//! creeps by 1 − αλ_min, and near it the steep direction flips sign every step. The best
//! fixed α, 2/(λ_min + λ_max), makes both factors equal in size: (κ − 1)/(κ + 1).

use crate::surface::Vec2;

/// Which surface the race runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurfaceKind {
    /// x² + y²: the post's bowl, the same curvature in every direction.
    Bowl,
    /// x² + κ·y²: a valley κ times steeper across than along.
    Stretched,
    /// (1 − x)² + 100·(y − x²)²: a curved, nearly flat valley.
    Rosenbrock,
    /// x² − y²: a saddle, the minimum along x and the maximum along y at (0, 0).
    Saddle,
    /// (x² + y − 11)² + (x + y² − 7)²: four minima.
    Himmelblau,
    /// A formula the reader typed (`crate::expression`); the race lesson holds it.
    Custom,
}

impl SurfaceKind {
    /// The built-in surfaces (not [`SurfaceKind::Custom`], which has no formula of its own).
    pub const ALL: [SurfaceKind; 5] = [
        SurfaceKind::Bowl,
        SurfaceKind::Stretched,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Saddle,
        SurfaceKind::Himmelblau,
    ];

    /// The name in the URL (`surface=`).
    pub fn key(self) -> &'static str {
        match self {
            SurfaceKind::Bowl => "bowl",
            SurfaceKind::Stretched => "stretched",
            SurfaceKind::Rosenbrock => "rosenbrock",
            SurfaceKind::Saddle => "saddle",
            SurfaceKind::Himmelblau => "himmelblau",
            SurfaceKind::Custom => "custom",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .chain([SurfaceKind::Custom])
            .find(|kind| kind.key() == key)
    }
}

/// κ of the stretched bowl lies in this range (`kappa=`).
pub const KAPPA_RANGE: (f64, f64) = (1.0, 100.0);
/// κ = 50: gradient descent zig-zags across the valley while momentum runs along it.
pub const DEFAULT_KAPPA: f64 = 50.0;

/// The Hessian of a surface at a point: the symmetric matrix [[xx, xy], [xy, yy]].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hessian {
    pub xx: f64,
    pub xy: f64,
    pub yy: f64,
}

/// A symmetric 2×2 matrix's eigenvalues (ascending) and unit eigen-directions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Eigen {
    pub values: [f64; 2],
    pub directions: [Vec2; 2],
}

impl Hessian {
    /// λ = m ± r with m = (xx + yy)/2, d = (xx − yy)/2 and r = √(d² + xy²). The larger
    /// λ's direction is (d + r, xy) when d ≥ 0 and (xy, r − d) when d < 0: both solve
    /// (H − λI)·v = 0, and each adds two numbers of one sign, so no digits cancel (the
    /// textbook (xy, λ − xx) loses them all when |xy| ≪ |d|: λ − xx ≈ xy²/2d is then a
    /// difference of nearly equal numbers). The smaller λ's direction is perpendicular.
    /// A diagonal matrix gives its entries exactly and the axes.
    pub fn eigen(self) -> Eigen {
        if self.xy == 0.0 {
            // Diagonal: the entries and the axes, in the order of the values.
            return if self.xx <= self.yy {
                Eigen {
                    values: [self.xx, self.yy],
                    directions: [Vec2::new(1.0, 0.0), Vec2::new(0.0, 1.0)],
                }
            } else {
                Eigen {
                    values: [self.yy, self.xx],
                    directions: [Vec2::new(0.0, 1.0), Vec2::new(1.0, 0.0)],
                }
            };
        }
        let mean = (self.xx + self.yy) / 2.0;
        let half_difference = (self.xx - self.yy) / 2.0;
        let radius = (half_difference * half_difference + self.xy * self.xy).sqrt();
        let values = [mean - radius, mean + radius];
        let largest = if half_difference >= 0.0 {
            Vec2::new(half_difference + radius, self.xy)
        } else {
            Vec2::new(self.xy, radius - half_difference)
        };
        // Divided by its largest component first, so a tiny matrix cannot underflow |v|.
        let size = largest.x.abs().max(largest.y.abs());
        let largest = Vec2::new(largest.x / size, largest.y / size);
        let largest = largest.scale(1.0 / largest.length());
        let smallest = Vec2::new(-largest.y, largest.x);
        Eigen {
            values,
            directions: [smallest, largest],
        }
    }
}

/// What the optimizers descend: f, its gradient and its Hessian at a point. The built-in
/// surfaces are one; a typed formula (`crate::expression`) is another.
pub trait Objective {
    /// f(x, y).
    fn value(&self, point: Vec2) -> f64;
    /// ∇f(x, y).
    fn gradient(&self, point: Vec2) -> Vec2;
    /// The Hessian of f at a point.
    fn hessian(&self, point: Vec2) -> Hessian;
    /// f and ∇f together (a formula computes both in one pass).
    fn value_and_gradient(&self, point: Vec2) -> (f64, Vec2) {
        (self.value(point), self.gradient(point))
    }
}

impl Objective for Surface {
    #[inline(always)]
    fn value(&self, point: Vec2) -> f64 {
        Surface::value(*self, point)
    }

    #[inline(always)]
    fn gradient(&self, point: Vec2) -> Vec2 {
        Surface::gradient(*self, point)
    }

    fn hessian(&self, point: Vec2) -> Hessian {
        Surface::hessian(*self, point)
    }
}

/// A surface of the race: its kind and, for the stretched bowl, κ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Surface {
    pub kind: SurfaceKind,
    /// κ of x² + κ·y² (kept, unused, on the other surfaces).
    pub kappa: f64,
}

/// The region of the plane a surface is shown on: x and y ranges (a square).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Domain {
    pub fn contains(self, point: Vec2) -> bool {
        (self.x.0..=self.x.1).contains(&point.x) && (self.y.0..=self.y.1).contains(&point.y)
    }
}

/// Himmelblau's four minima (f = 0), to the digits shown.
const HIMMELBLAU_MINIMA: [Vec2; 4] = [
    Vec2::new(3.0, 2.0),
    Vec2::new(-2.805118, 3.131312),
    Vec2::new(-3.779310, -3.283186),
    Vec2::new(3.584428, -1.848126),
];

impl Surface {
    pub const fn new(kind: SurfaceKind, kappa: f64) -> Self {
        Self { kind, kappa }
    }

    /// f(x, y).
    pub fn value(self, point: Vec2) -> f64 {
        let Vec2 { x, y } = point;
        match self.kind {
            SurfaceKind::Bowl => x * x + y * y,
            SurfaceKind::Stretched => x * x + self.kappa * y * y,
            SurfaceKind::Rosenbrock => {
                let (along, across) = (1.0 - x, y - x * x);
                along * along + 100.0 * across * across
            }
            SurfaceKind::Saddle => x * x - y * y,
            SurfaceKind::Himmelblau => {
                let (first, second) = (x * x + y - 11.0, x + y * y - 7.0);
                first * first + second * second
            }
            // The formula is the lesson's objective; this kind only names it.
            SurfaceKind::Custom => f64::NAN,
        }
    }

    /// ∇f(x, y) = (∂f/∂x, ∂f/∂y).
    pub fn gradient(self, point: Vec2) -> Vec2 {
        let Vec2 { x, y } = point;
        match self.kind {
            SurfaceKind::Bowl => Vec2::new(2.0 * x, 2.0 * y),
            SurfaceKind::Stretched => Vec2::new(2.0 * x, 2.0 * self.kappa * y),
            SurfaceKind::Rosenbrock => {
                let across = y - x * x;
                Vec2::new(-2.0 * (1.0 - x) - 400.0 * x * across, 200.0 * across)
            }
            SurfaceKind::Saddle => Vec2::new(2.0 * x, -2.0 * y),
            SurfaceKind::Himmelblau => {
                let (first, second) = (x * x + y - 11.0, x + y * y - 7.0);
                Vec2::new(
                    4.0 * x * first + 2.0 * second,
                    2.0 * first + 4.0 * y * second,
                )
            }
            SurfaceKind::Custom => Vec2::new(f64::NAN, f64::NAN),
        }
    }

    /// The Hessian [[∂²f/∂x², ∂²f/∂x∂y], [∂²f/∂x∂y, ∂²f/∂y²]] at a point.
    pub fn hessian(self, point: Vec2) -> Hessian {
        let Vec2 { x, y } = point;
        let (xx, xy, yy) = match self.kind {
            SurfaceKind::Bowl => (2.0, 0.0, 2.0),
            SurfaceKind::Stretched => (2.0, 0.0, 2.0 * self.kappa),
            SurfaceKind::Rosenbrock => (2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x, 200.0),
            SurfaceKind::Saddle => (2.0, 0.0, -2.0),
            SurfaceKind::Himmelblau => (
                12.0 * x * x + 4.0 * y - 42.0,
                4.0 * (x + y),
                4.0 * x + 12.0 * y * y - 26.0,
            ),
            SurfaceKind::Custom => (f64::NAN, f64::NAN, f64::NAN),
        };
        Hessian { xx, xy, yy }
    }

    /// The surface as a formula a reader can type (the Formula field starts from it).
    pub fn formula_text(self) -> Option<String> {
        Some(match self.kind {
            SurfaceKind::Bowl => "x^2 + y^2".to_string(),
            SurfaceKind::Stretched => format!("x^2 + {}*y^2", self.kappa),
            SurfaceKind::Rosenbrock => "(1 - x)^2 + 100*(y - x^2)^2".to_string(),
            SurfaceKind::Saddle => "x^2 - y^2".to_string(),
            SurfaceKind::Himmelblau => "(x^2 + y - 11)^2 + (x + y^2 - 7)^2".to_string(),
            SurfaceKind::Custom => return None,
        })
    }

    /// Whether the Hessian is the same everywhere (the bowls and the saddle).
    pub fn is_quadratic(self) -> bool {
        matches!(
            self.kind,
            SurfaceKind::Bowl | SurfaceKind::Stretched | SurfaceKind::Saddle
        )
    }

    /// The square of the plane shown, chosen so the interesting part fills it.
    pub fn domain(self) -> Domain {
        let square = |half: f64| Domain {
            x: (-half, half),
            y: (-half, half),
        };
        match self.kind {
            SurfaceKind::Bowl | SurfaceKind::Stretched | SurfaceKind::Custom => square(4.0),
            SurfaceKind::Rosenbrock => Domain {
                x: (-2.0, 2.0),
                y: (-1.0, 3.0),
            },
            SurfaceKind::Saddle => square(2.0),
            SurfaceKind::Himmelblau => square(5.0),
        }
    }

    /// Where f is smallest (none on the saddle).
    pub fn minima(self) -> &'static [Vec2] {
        const ORIGIN: [Vec2; 1] = [Vec2::new(0.0, 0.0)];
        const ROSENBROCK: [Vec2; 1] = [Vec2::new(1.0, 1.0)];
        match self.kind {
            SurfaceKind::Bowl | SurfaceKind::Stretched => &ORIGIN,
            SurfaceKind::Rosenbrock => &ROSENBROCK,
            SurfaceKind::Saddle | SurfaceKind::Custom => &[],
            SurfaceKind::Himmelblau => &HIMMELBLAU_MINIMA,
        }
    }

    /// A start that shows what the surface teaches.
    pub fn default_start(self) -> Vec2 {
        match self.kind {
            // The post's point, where x^2 + y^2 gives f = 10 and ∇f = (2, 6).
            SurfaceKind::Bowl | SurfaceKind::Custom => Vec2::new(1.0, 3.0),
            SurfaceKind::Stretched => Vec2::new(-3.5, 1.5),
            SurfaceKind::Rosenbrock => Vec2::new(-1.2, 1.0),
            // Just off the ridge y = 0, so the escape along y shows.
            SurfaceKind::Saddle => Vec2::new(-1.8, 0.05),
            SurfaceKind::Himmelblau => Vec2::new(0.0, 0.0),
        }
    }

    /// Whether f spans decades over the domain, so its colours follow log(1 + f).
    pub fn log_colours(self) -> bool {
        matches!(
            self.kind,
            SurfaceKind::Rosenbrock | SurfaceKind::Himmelblau | SurfaceKind::Stretched
        )
    }

    /// The learning rates where plain gradient descent stops converging (2/λ_max) and
    /// converges fastest (2/(λ_min + λ_max)), for a quadratic with a minimum.
    pub fn critical_learning_rates(self) -> Option<(f64, f64)> {
        if !self.is_quadratic() {
            return None;
        }
        let Eigen { values, .. } = self.hessian(Vec2::new(0.0, 0.0)).eigen();
        let [smallest, largest] = values;
        (smallest > 0.0).then(|| (2.0 / largest, 2.0 / (smallest + largest)))
    }
}

/// Which optimizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    GradientDescent,
    Momentum,
    Nesterov,
    RmsProp,
    Adam,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::GradientDescent,
        Method::Momentum,
        Method::Nesterov,
        Method::RmsProp,
        Method::Adam,
    ];

    /// The name in the URL (`opt=`) and the CSV.
    pub fn key(self) -> &'static str {
        match self {
            Method::GradientDescent => "gd",
            Method::Momentum => "momentum",
            Method::Nesterov => "nesterov",
            Method::RmsProp => "rmsprop",
            Method::Adam => "adam",
        }
    }

    /// The name a reader sees (the same in both languages).
    pub fn label(self) -> &'static str {
        match self {
            Method::GradientDescent => "GD",
            Method::Momentum => "Momentum",
            Method::Nesterov => "Nesterov",
            Method::RmsProp => "RMSprop",
            Method::Adam => "Adam",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.key() == key)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// RMSprop's smoothing constant ρ (PyTorch's `alpha`, its default).
pub const RMSPROP_ALPHA: f64 = 0.99;
/// ε of RMSprop and Adam (PyTorch's default).
pub const EPSILON: f64 = 1e-8;

/// What every optimizer of a race shares: one learning rate, and the constants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyperparameters {
    pub learning_rate: f64,
    /// μ of momentum and Nesterov.
    pub momentum: f64,
    /// β₁ and β₂ of Adam.
    pub beta1: f64,
    pub beta2: f64,
}

pub const DEFAULT_MOMENTUM: f64 = 0.9;
pub const DEFAULT_BETA1: f64 = 0.9;
pub const DEFAULT_BETA2: f64 = 0.999;

/// One optimizer's point and what it remembers between steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Racer {
    pub position: Vec2,
    /// The momentum buffer b (momentum, Nesterov) or Adam's first moment m.
    pub buffer: Vec2,
    /// The running average of g² (RMSprop's and Adam's v).
    pub square_average: Vec2,
    /// Steps taken, t.
    pub steps: u64,
    /// β₁ᵗ and β₂ᵗ, kept as running products.
    pub beta1_power: f64,
    pub beta2_power: f64,
}

impl Racer {
    pub const fn new(position: Vec2) -> Self {
        Self {
            position,
            buffer: Vec2::new(0.0, 0.0),
            square_average: Vec2::new(0.0, 0.0),
            steps: 0,
            beta1_power: 1.0,
            beta2_power: 1.0,
        }
    }

    /// One step of `method` on `objective` (the rules in the module doc). Generic, so a
    /// built-in surface's gradient inlines (a race takes 5000 of these a frame at speed).
    #[inline(always)]
    pub fn step<O: Objective + ?Sized>(
        self,
        method: Method,
        objective: &O,
        settings: Hyperparameters,
    ) -> Racer {
        let gradient = objective.gradient(self.position);
        let rate = settings.learning_rate;
        let mut next = self;
        next.steps += 1;
        next.beta1_power = self.beta1_power * settings.beta1;
        next.beta2_power = self.beta2_power * settings.beta2;
        let (beta1_power, beta2_power) = (next.beta1_power, next.beta2_power);
        let per_coordinate = |theta: f64, g: f64, buffer: &mut f64, square: &mut f64| -> f64 {
            match method {
                Method::GradientDescent => theta - rate * g,
                Method::Momentum | Method::Nesterov => {
                    *buffer = if self.steps == 0 {
                        g
                    } else {
                        settings.momentum * *buffer + g
                    };
                    let direction = if method == Method::Nesterov {
                        g + settings.momentum * *buffer
                    } else {
                        *buffer
                    };
                    theta - rate * direction
                }
                Method::RmsProp => {
                    *square = RMSPROP_ALPHA * *square + (1.0 - RMSPROP_ALPHA) * g * g;
                    theta - rate * g / (square.sqrt() + EPSILON)
                }
                Method::Adam => {
                    *buffer = settings.beta1 * *buffer + (1.0 - settings.beta1) * g;
                    *square = settings.beta2 * *square + (1.0 - settings.beta2) * g * g;
                    let first = *buffer / (1.0 - beta1_power);
                    let second = *square / (1.0 - beta2_power);
                    theta - rate * first / (second.sqrt() + EPSILON)
                }
            }
        };
        let x = per_coordinate(
            self.position.x,
            gradient.x,
            &mut next.buffer.x,
            &mut next.square_average.x,
        );
        let y = per_coordinate(
            self.position.y,
            gradient.y,
            &mut next.buffer.y,
            &mut next.square_average.y,
        );
        next.position = Vec2::new(x, y);
        next.flush_negligible();
        next
    }

    /// Sets every number of the racer below [`NEGLIGIBLE`] in size to 0. A converging run
    /// reaches 10⁻³⁰⁸ and below (the subnormal numbers) within 10⁵ steps, and arithmetic on
    /// those is about a hundred times slower on x86 processors, natively and in
    /// WebAssembly: at 1000 steps a frame the race's steps took 1.1 ms natively. Nothing
    /// shown can tell the difference (readouts have 9 significant digits, and
    /// 1 − 10⁻¹⁵⁰ is 1 in doubles).
    fn flush_negligible(&mut self) {
        let flush = |value: &mut f64| {
            if value.abs() < NEGLIGIBLE {
                *value = 0.0;
            }
        };
        for vector in [
            &mut self.position,
            &mut self.buffer,
            &mut self.square_average,
        ] {
            flush(&mut vector.x);
            flush(&mut vector.y);
        }
        flush(&mut self.beta1_power);
        flush(&mut self.beta2_power);
    }
}

/// Numbers below this in size are set to 0 after each step: their squares would be
/// subnormal (see [`Racer::flush_negligible`]).
pub const NEGLIGIBLE: f64 = 1e-150;

/// A set of optimizers, one bit per [`Method`] in the order of [`Method::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Methods(u8);

impl Methods {
    pub const ALL: Methods = Methods(0b1_1111);

    pub const fn of(methods: &[Method]) -> Self {
        let mut bits = 0;
        let mut index = 0;
        while index < methods.len() {
            bits |= 1 << methods[index] as u8;
            index += 1;
        }
        Methods(bits)
    }

    pub fn contains(self, method: Method) -> bool {
        self.0 & 1 << method.index() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Method> {
        Method::ALL
            .into_iter()
            .filter(move |method| self.contains(*method))
    }

    /// The first selected, whose numbers the readouts show.
    pub fn first(self) -> Option<Method> {
        self.iter().next()
    }

    /// `opt=`: names from [`Method::key`] separated by commas, at least one, each known.
    pub fn parse(text: &str) -> Option<Self> {
        let mut methods = Methods(0);
        for name in text.split(',').map(str::trim) {
            methods.0 |= 1 << Method::from_key(name)?.index();
        }
        (!methods.is_empty()).then_some(methods)
    }

    /// The names for `opt=`, in the order of [`Method::ALL`].
    pub fn to_keys(self) -> String {
        self.iter().map(Method::key).collect::<Vec<_>>().join(",")
    }
}

/// A point whose coordinates grow past this has diverged: it stops, the others go on.
pub const RACER_BOUND: f64 = 1e6;

/// Every selected optimizer on one surface, from one start, one step each per step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Race {
    pub surface: Surface,
    pub methods: Methods,
    /// Where every optimizer started.
    pub start: Vec2,
    /// One per [`Method::ALL`] (unselected ones stay at the start).
    pub racers: [Racer; 5],
    /// The step at which each optimizer diverged, if it did: it stays where it was.
    pub diverged_at: [Option<u64>; 5],
    /// f at each optimizer's point: computed by the step anyway (to stop one that leaves
    /// where f is finite), and read by every frame's curves.
    pub values: [f64; 5],
    /// Whether an optimizer that stopped did so because its step went where f is not
    /// defined (rather than past the bound).
    pub undefined: [bool; 5],
    /// The learning rate of the step that led here (the equations show it; the slider may
    /// have moved since). 0 at the start.
    pub learning_rate: f64,
}

impl Race {
    /// A race from `start` on `objective` (whose kind `surface` names).
    pub fn new<O: Objective + ?Sized>(
        surface: Surface,
        objective: &O,
        methods: Methods,
        start: Vec2,
    ) -> Self {
        Self {
            surface,
            methods,
            start,
            racers: [Racer::new(start); 5],
            diverged_at: [None; 5],
            values: [objective.value(start); 5],
            undefined: [false; 5],
            learning_rate: 0.0,
        }
    }

    /// Whether `method` still moves: selected and not diverged.
    pub fn is_running(&self, method: Method) -> bool {
        self.methods.contains(method) && self.diverged_at[method.index()].is_none()
    }

    /// One step of every running optimizer. A step that would leave the bound (or give a
    /// number that is not finite) is not taken: that optimizer is marked diverged.
    pub fn step<O: Objective + ?Sized>(&mut self, objective: &O, settings: Hyperparameters) {
        self.learning_rate = settings.learning_rate;
        for method in Method::ALL {
            if !self.is_running(method) {
                continue;
            }
            let racer = &mut self.racers[method.index()];
            let next = racer.step(method, objective, settings);
            let position = next.position;
            // Past the bound (false for NaN: a NaN point is where f or ∇f is undefined).
            let beyond = position.x.abs() > RACER_BOUND || position.y.abs() > RACER_BOUND;
            let value = if beyond {
                f64::NAN
            } else {
                objective.value(position)
            };
            if value.is_finite() {
                *racer = next;
                self.values[method.index()] = value;
            } else {
                self.undefined[method.index()] = !beyond;
                self.diverged_at[method.index()] = Some(next.steps);
            }
        }
    }

    /// The optimizer whose numbers the readouts show: the first selected.
    pub fn leader(&self) -> Method {
        self.methods.first().unwrap_or(Method::GradientDescent)
    }
}
