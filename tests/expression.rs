//! The typed formula f(x, y): parsing and its errors, the graph (shared subexpressions
//! are one node), backpropagation against finite differences, printing that reads back
//! as the same graph, hostile input, and a fuzz run.
//!
//! CI runs the fuzz test short (20 000 inputs); the long run (10⁶ inputs, recorded in
//! docs/RELIABILITY.md) is
//! `FUZZ_CASES=1000000 cargo test --release --test expression fuzz -- --nocapture`
//! (`FUZZ_SEED=<n>` picks another sequence of inputs).

use std::cell::Cell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use gdlab::exp::exp;
use gdlab::expression::{
    parse, Expression, Failure, Op, ParseError, ParseErrorKind, MAX_DEPTH, MAX_NODES,
    MAX_TEXT_BYTES,
};
use gdlab::optimizer::{Surface, SurfaceKind};
use gdlab::surface::Vec2;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn parsed(text: &str) -> Expression {
    parse(text).unwrap_or_else(|error| panic!("{text:?} should parse: {error:?}"))
}

fn value_at(text: &str, x: f64, y: f64) -> f64 {
    parsed(text).value(Vec2::new(x, y))
}

fn error(text: &str) -> ParseError {
    match parse(text) {
        Ok(expression) => panic!("{text:?} should not parse, got {expression}"),
        Err(error) => error,
    }
}

fn implicit(hint: &str) -> ParseErrorKind {
    ParseErrorKind::ImplicitMultiplication {
        hint: hint.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// 1. Parsing examples, precedence and every error

#[test]
fn precedence_follows_mathematics() {
    assert_eq!(value_at("-x^2", 3.0, 0.0), -9.0);
    assert_eq!(value_at("2^-1", 0.0, 0.0), 0.5);
    assert_eq!(value_at("2^3^2", 0.0, 0.0), 512.0);
    for (text, x, y, expected) in [
        ("1 + 2*3", 0.0, 0.0, 7.0),
        ("1 - 2 - 3", 0.0, 0.0, -4.0),
        ("2/4/2", 0.0, 0.0, 0.25),
        ("2*3^2", 0.0, 0.0, 18.0),
        ("-2^2", 0.0, 0.0, -4.0),
        ("(-2)^2", 0.0, 0.0, 4.0),
        ("(2^3)^2", 0.0, 0.0, 64.0),
        ("2^-x^2", 2.0, 0.0, 1.0 / 16.0),
        ("2^--1", 0.0, 0.0, 2.0),
        ("-x*y", 2.0, 3.0, -6.0),
        ("x--y", 2.0, 3.0, 5.0),
        ("x*-y", 2.0, 3.0, -6.0),
        ("+x", 2.0, 0.0, 2.0),
        ("x-+y", 2.0, 3.0, -1.0),
        ("x/y*2", 3.0, 4.0, 1.5),
        ("x**2", 3.0, 0.0, 9.0),
        ("e", 0.0, 0.0, std::f64::consts::E),
        ("pi", 0.0, 0.0, std::f64::consts::PI),
        ("log(e)", 0.0, 0.0, 1.0),
        ("ln(1)", 0.0, 0.0, 0.0),
        ("sqrt(x)", 9.0, 0.0, 3.0),
        ("abs(-x)", 2.0, 0.0, 2.0),
        ("relu(x) + relu(y)", -1.0, 2.0, 2.0),
        ("sigmoid(0)", 0.0, 0.0, 0.5),
        ("tanh(0)", 0.0, 0.0, 0.0),
        ("exp(1)", 0.0, 0.0, std::f64::consts::E),
        (" \t x\n+\u{3000}y ", 1.0, 2.0, 3.0),
    ] {
        assert_eq!(value_at(text, x, y), expected, "{text}");
    }
}

#[test]
fn numbers_in_every_form() {
    for (text, expected) in [
        ("2", 2.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e-3", 1e-3),
        ("2.5E+2", 250.0),
        ("1e999999999999999999999", f64::INFINITY),
        ("1e-400", 0.0),
        ("0.1", 0.1),
    ] {
        match parse(text) {
            Ok(expression) => assert_eq!(expression.value(Vec2::new(0.0, 0.0)), expected),
            Err(error) => {
                assert!(expected.is_infinite(), "{text}: {error:?}");
                assert_eq!(error.kind, ParseErrorKind::NumberTooLarge);
            }
        }
    }
    // `2e` is 2 next to e, not a broken exponent.
    assert_eq!(error("2e").kind, implicit("2*e"));
    assert_eq!(value_at("2*e", 0.0, 0.0), 2.0 * std::f64::consts::E);
    assert_eq!(value_at("2e1*e", 0.0, 0.0), 20.0 * std::f64::consts::E);
}

#[test]
fn the_posts_bowl_and_its_gradient_exactly() {
    let bowl = parsed("x^2 + y^2");
    let point = Vec2::new(1.0, 3.0);
    assert_eq!(bowl.value(point), 10.0);
    assert_eq!(bowl.gradient(point), Vec2::new(2.0, 6.0));
    let hessian = bowl.hessian(point);
    assert_eq!((hessian.xx, hessian.xy, hessian.yy), (2.0, 0.0, 2.0));
}

#[test]
fn a_formula_with_functions_matches_its_closed_form() {
    let expression = parsed("sin(x)*y + exp(-x^2)");
    for (x, y) in [(0.3, -1.2), (1.7, 2.5), (-2.0, 0.1)] {
        let point = Vec2::new(x, y);
        let bell = exp(-(x * x));
        let value = x.sin() * y + bell;
        assert!((expression.value(point) - value).abs() <= 1e-15 * value.abs().max(1.0));
        let gradient = expression.gradient(point);
        let expected = Vec2::new(y * x.cos() - 2.0 * x * bell, x.sin());
        assert!(
            (gradient.x - expected.x).abs() < 1e-14,
            "{gradient:?} {expected:?}"
        );
        assert!(
            (gradient.y - expected.y).abs() < 1e-14,
            "{gradient:?} {expected:?}"
        );
    }
}

#[test]
fn full_width_and_typographic_characters_read_as_ascii() {
    let ascii = parsed("(x+1)*2");
    assert_eq!(parsed("（x＋1）＊２"), ascii);
    assert_eq!(parsed("（ｘ＋１）×２"), ascii);
    assert_eq!(parsed("(x+1)·2"), ascii);
    assert_eq!(parsed("ｓｉｎ（ｘ）／２"), parsed("sin(x)/2"));
    assert_eq!(parsed("x−y÷2"), parsed("x-y/2"));
    assert_eq!(parsed("２＊π＾２"), parsed("2*pi^2"));
    assert_eq!(parsed("x\u{3000}＋\u{3000}y"), parsed("x+y"));
    assert_eq!(value_at("０．５", 0.0, 0.0), 0.5);
}

#[test]
fn every_error_with_its_column() {
    use ParseErrorKind::*;
    let cases: Vec<(&str, ParseErrorKind, usize)> = vec![
        ("", Empty, 1),
        ("  \u{3000} ", Empty, 1),
        ("x @ y", UnexpectedCharacter('@'), 3),
        ("x，y", UnexpectedCharacter('，'), 2),
        ("x²", UnexpectedCharacter('²'), 2),
        ("sin(x, y)", UnexpectedCharacter(','), 6),
        ("foo(x)", UnknownName("foo".into()), 1),
        ("x + f(y)", UnknownName("f".into()), 5),
        ("2foo", UnknownName("foo".into()), 2),
        ("ｆｏｏ", UnknownName("ｆｏｏ".into()), 1),
        (
            "Sin(x)",
            WrongCase {
                written: "Sin".into(),
                expected: "sin".into(),
            },
            1,
        ),
        (
            "X^2",
            WrongCase {
                written: "X".into(),
                expected: "x".into(),
            },
            1,
        ),
        ("(x+1", MissingClosingParenthesis, 1),
        ("x*(y+(1)", MissingClosingParenthesis, 3),
        ("sin(x", MissingClosingParenthesis, 4),
        ("x+1)", UnmatchedClosingParenthesis, 4),
        ("(x))", UnmatchedClosingParenthesis, 4),
        ("x+", ExpectedOperand, 3),
        ("*x", ExpectedOperand, 1),
        ("x^", ExpectedOperand, 3),
        ("()", ExpectedOperand, 2),
        ("x+*y", ExpectedOperand, 3),
        ("sin()", ExpectedOperand, 5),
        ("-", ExpectedOperand, 2),
        ("2x", implicit("2*x"), 2),
        ("2(x)", implicit("2*(x)"), 2),
        ("2 (x + 1)", implicit("2*(x+1)"), 3),
        ("x y", implicit("x*y"), 3),
        ("(x)(y)", implicit("(x)*(y)"), 4),
        ("x sin(y)", implicit("x*sin(y)"), 3),
        ("xsin(y)", implicit("x*sin(y)"), 2),
        ("xy", implicit("x*y"), 2),
        ("2xy", implicit("2*x*y"), 2),
        ("2pi", implicit("2*pi"), 2),
        ("x 2", implicit("x*2"), 3),
        ("2^3x", implicit("3*x"), 4),
        ("sin(x)cos(y)", implicit("sin(x)*cos(y)"), 7),
        ("sin x", FunctionNeedsParentheses("sin".into()), 1),
        ("sinx", FunctionNeedsParentheses("sin".into()), 1),
        ("tanhx", FunctionNeedsParentheses("tanh".into()), 1),
        ("1 + sqrt", FunctionNeedsParentheses("sqrt".into()), 5),
        ("1.2.3", BadNumber, 1),
        ("x+.", BadNumber, 3),
        ("1e5.5", BadNumber, 1),
        ("1e999", NumberTooLarge, 1),
        ("x+1e309", NumberTooLarge, 3),
        // An invalid character left of a parse error is the one reported.
        ("(x @", UnexpectedCharacter('@'), 4),
    ];
    for (text, kind, column) in cases {
        assert_eq!(error(text), ParseError { kind, column }, "{text:?}");
    }
}

#[test]
fn the_limits_are_errors_with_columns() {
    // Length: bytes, not characters; the column is the first character past the limit.
    let long = "x+".repeat(MAX_TEXT_BYTES / 2) + "x";
    assert_eq!(
        error(&long),
        ParseError {
            kind: ParseErrorKind::TooLong {
                limit: MAX_TEXT_BYTES
            },
            column: MAX_TEXT_BYTES + 1
        }
    );
    let wide = "ｘ".repeat(MAX_TEXT_BYTES / 3 + 1);
    assert_eq!(error(&wide).column, MAX_TEXT_BYTES / 3 + 1);
    // Exactly at the limit is read (and refused for its length only if it is too long).
    let fits = format!("{}x", " ".repeat(MAX_TEXT_BYTES - 1));
    assert_eq!(value_at(&fits, 4.0, 0.0), 4.0);

    // Depth: MAX_DEPTH parentheses are fine, one more is refused at its column.
    let nested = |depth: usize| format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(value_at(&nested(MAX_DEPTH), 5.0, 0.0), 5.0);
    assert_eq!(
        error(&nested(MAX_DEPTH + 1)),
        ParseError {
            kind: ParseErrorKind::TooDeep { limit: MAX_DEPTH },
            column: MAX_DEPTH + 1
        }
    );
    let functions = format!(
        "{}x{}",
        "sin(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert_eq!(error(&functions).column, 4 * MAX_DEPTH + 4);

    // Nodes: x and MAX_NODES − 1 sums fill the graph; the next `+` is refused.
    let sums = |count: usize| format!("x{}", "+x".repeat(count));
    assert_eq!(parsed(&sums(MAX_NODES - 1)).nodes().len(), MAX_NODES);
    assert_eq!(
        error(&sums(MAX_NODES)),
        ParseError {
            kind: ParseErrorKind::TooManyNodes { limit: MAX_NODES },
            column: 2 * MAX_NODES
        }
    );
}

#[test]
fn names_in_messages_are_shortened() {
    let name = "a".repeat(5000);
    match error(&name).kind {
        ParseErrorKind::UnknownName(shown) => {
            assert_eq!(shown.chars().count(), 24);
            assert!(shown.ends_with('…'));
        }
        other => panic!("{other:?}"),
    }
    match error(&format!("2*({})(y)", "x+".repeat(40) + "x")).kind {
        ParseErrorKind::ImplicitMultiplication { hint } => assert_eq!(hint, "(…)*(y)"),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// 2. Shared subexpressions are one node

#[test]
fn shared_subexpressions_are_one_node() {
    for (text, count) in [
        ("x*x", 2),
        ("sin(x)+sin(x)", 3),
        ("(x+y)*(x+y)", 4),
        ("2*x+2*x", 4),
        ("x^2 + y^2", 6),
        ("x - x", 2),
        // A named constant keeps its name, so it is not the literal with its value.
        ("pi + 3.141592653589793", 3),
        ("2 + 2.0 + 20e-1", 3),
    ] {
        let expression = parsed(text);
        assert_eq!(expression.nodes().len(), count, "{text}");
        assert_eq!(expression.root(), count - 1, "{text}");
    }
    let square = parsed("x*x");
    assert_eq!(square.nodes()[1].op, Op::Multiply);
    assert_eq!(square.nodes()[1].inputs(), &[0, 0]);
    // Both edges from x carry a derivative, and backpropagation adds them: d(x·x)/dx = 2x.
    assert_eq!(square.gradient(Vec2::new(3.0, 0.0)), Vec2::new(6.0, 0.0));
}

// ---------------------------------------------------------------------------------------
// Random formulas: generated as trees, printed fully parenthesized by the test itself

#[derive(Clone, Debug)]
enum Tree {
    X,
    Y,
    Number(f64),
    Named(&'static str),
    Negate(Box<Tree>),
    Function(&'static str, Box<Tree>),
    Binary(char, Box<Tree>, Box<Tree>),
}

const FUNCTIONS: [&str; 10] = [
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
];

fn tree_with(leaf: BoxedStrategy<Tree>) -> impl Strategy<Value = Tree> {
    leaf.prop_recursive(6, 40, 2, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|operand| Tree::Negate(Box::new(operand))),
            (prop::sample::select(FUNCTIONS.to_vec()), inner.clone())
                .prop_map(|(name, argument)| Tree::Function(name, Box::new(argument))),
            (
                prop::sample::select(vec!['+', '-', '*', '/', '^']),
                inner.clone(),
                inner
            )
                .prop_map(|(operator, left, right)| Tree::Binary(
                    operator,
                    Box::new(left),
                    Box::new(right)
                )),
        ]
    })
}

/// Formulas with tame numbers, for gradients.
fn tree() -> impl Strategy<Value = Tree> {
    tree_with(
        prop_oneof![
            Just(Tree::X),
            Just(Tree::Y),
            prop::sample::select(vec![0.5, 1.0, 2.0, 3.0, 0.25, 1.5, 10.0, 0.1])
                .prop_map(Tree::Number),
            (0.0..5.0f64).prop_map(Tree::Number),
            prop::sample::select(vec!["pi", "e"]).prop_map(Tree::Named),
        ]
        .boxed(),
    )
}

/// Formulas with any finite non-negative number (subnormal, huge), for printing.
fn wild_tree() -> impl Strategy<Value = Tree> {
    tree_with(
        prop_oneof![
            Just(Tree::X),
            Just(Tree::Y),
            (prop::num::f64::POSITIVE | prop::num::f64::ZERO)
                .prop_filter("finite", |value| value.is_finite())
                .prop_map(Tree::Number),
            prop::sample::select(vec!["pi", "e"]).prop_map(Tree::Named),
        ]
        .boxed(),
    )
}

/// Every operation in parentheses, numbers by `{:?}` (not the module's printer).
fn text(tree: &Tree) -> String {
    match tree {
        Tree::X => "x".into(),
        Tree::Y => "y".into(),
        Tree::Number(value) => format!("{value:?}"),
        Tree::Named(name) => (*name).into(),
        Tree::Negate(operand) => format!("-({})", text(operand)),
        Tree::Function(name, argument) => format!("{name}({})", text(argument)),
        Tree::Binary(operator, left, right) => {
            format!("({}){operator}({})", text(left), text(right))
        }
    }
}

/// The formula's value, computed from the tree (the same functions as the module).
fn evaluate(tree: &Tree, x: f64, y: f64) -> f64 {
    let go = |tree: &Tree| evaluate(tree, x, y);
    match tree {
        Tree::X => x,
        Tree::Y => y,
        Tree::Number(value) => *value,
        Tree::Named("pi") => std::f64::consts::PI,
        Tree::Named(_) => std::f64::consts::E,
        Tree::Negate(operand) => -go(operand),
        Tree::Function(name, argument) => {
            let a = go(argument);
            match *name {
                "sin" => a.sin(),
                "cos" => a.cos(),
                "tan" => a.tan(),
                "exp" => exp(a),
                "log" => a.ln(),
                "sqrt" => a.sqrt(),
                "abs" => a.abs(),
                "tanh" => a.tanh(),
                "sigmoid" => 1.0 / (1.0 + exp(-a)),
                // relu: NaN stays NaN, and −0 gives +0 (`max` may give either zero).
                _ if a > 0.0 || a.is_nan() => a,
                _ => 0.0,
            }
        }
        Tree::Binary(operator, left, right) => {
            let (a, b) = (go(left), go(right));
            match operator {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                '/' => a / b,
                _ => a.powf(b),
            }
        }
    }
}

/// A key equal for structurally equal subtrees: what hash-consing must merge.
fn key(tree: &Tree) -> String {
    match tree {
        Tree::Number(value) => format!("#{:x}", value.to_bits()),
        other => text(other),
    }
}

fn distinct_subtrees(tree: &Tree, seen: &mut HashSet<String>) {
    seen.insert(key(tree));
    match tree {
        Tree::Negate(operand) | Tree::Function(_, operand) => distinct_subtrees(operand, seen),
        Tree::Binary(_, left, right) => {
            distinct_subtrees(left, seen);
            distinct_subtrees(right, seen);
        }
        _ => {}
    }
}

fn same_number(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{failure}");
    }
}

#[test]
fn hash_consing_merges_exactly_the_equal_subtrees() {
    run(1000, wild_tree(), |tree| {
        let expression = parsed(&text(&tree));
        let mut seen = HashSet::new();
        distinct_subtrees(&tree, &mut seen);
        prop_assert_eq!(expression.nodes().len(), seen.len(), "{}", text(&tree));
        prop_assert_eq!(expression.root(), expression.nodes().len() - 1);
        for (index, node) in expression.nodes().iter().enumerate() {
            prop_assert!(node.inputs().iter().all(|&input| input < index));
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// 3. Gradients equal central finite differences

/// (f(c + h) − f(c − h)) / 2h along one axis, 2h as actually stepped.
fn central_difference(expression: &Expression, point: Vec2, along_x: bool, h: f64) -> f64 {
    let moved = |step: f64| {
        if along_x {
            Vec2::new(point.x + step, point.y)
        } else {
            Vec2::new(point.x, point.y + step)
        }
    };
    let (plus, minus) = (moved(h), moved(-h));
    let width = if along_x {
        plus.x - minus.x
    } else {
        plus.y - minus.y
    };
    (expression.value(plus) - expression.value(minus)) / width
}

#[test]
fn gradients_of_random_formulas_equal_central_differences() {
    let compared = Cell::new(0u32);
    let skipped = Cell::new(0u32);
    let points = prop::collection::vec((-3.0..3.0f64, -3.0..3.0f64), 6);
    run(3000, (tree(), points), |(tree, points)| {
        let formula = text(&tree);
        let expression = parsed(&formula);
        for (x, y) in points {
            let point = Vec2::new(x, y);
            // The parse means what the tree means (precedence, functions, sharing).
            let value = expression.value(point);
            prop_assert!(
                same_number(value, evaluate(&tree, x, y)),
                "{formula} at ({x}, {y}): {value} vs {}",
                evaluate(&tree, x, y)
            );
            let gradient = expression.gradient(point);
            for along_x in [true, false] {
                let coordinate = if along_x { x } else { y };
                let h = 1e-5 * coordinate.abs().max(1.0);
                let coarse = central_difference(&expression, point, along_x, h);
                // A third, not a half: at a power-of-two ratio, values quantized to the
                // same few ulps can agree by coincidence.
                let fine = central_difference(&expression, point, along_x, h / 3.0);
                let agreement = (coarse - fine).abs();
                let tolerance = 1e-6 * fine.abs().max(1.0);
                // Rounding moves a difference quotient by about ε·|v|·|∂f/∂v|/h for every
                // value v on the way, not only f: in sin(x + 10¹⁰) the sum keeps x to
                // 2⁻¹⁹, so the two steps can agree with each other and not with ∂f/∂x.
                let (mut values, mut adjoints) = (Vec::new(), Vec::new());
                expression.forward(point, &mut values);
                expression.backward(&values, &mut adjoints);
                let scale = values
                    .iter()
                    .zip(&adjoints)
                    .map(|(value, adjoint)| (value * adjoint).abs())
                    .filter(|product| product.is_finite())
                    .fold(value.abs(), f64::max);
                let rounding = 16.0 * f64::EPSILON * scale / (h / 3.0);
                // Near a kink or a singularity the two steps disagree: no derivative to
                // compare with there; nor where f's rounding swamps its change.
                if !value.is_finite()
                    || !coarse.is_finite()
                    || !fine.is_finite()
                    || agreement > tolerance
                    || rounding > tolerance
                {
                    skipped.set(skipped.get() + 1);
                    continue;
                }
                let exact = if along_x { gradient.x } else { gradient.y };
                if !exact.is_finite() {
                    // Smooth f, but the chain rule meets an infinite slope inside (√ of
                    // x − x): that must be reported, not silent.
                    let mut values = Vec::new();
                    let mut adjoints = Vec::new();
                    expression.forward(point, &mut values);
                    expression.backward(&values, &mut adjoints);
                    prop_assert!(
                        expression.first_failure(&values).is_some()
                            || expression
                                .first_gradient_failure(&values, &adjoints)
                                .is_some(),
                        "{formula} at ({x}, {y}): unexplained {exact}"
                    );
                    skipped.set(skipped.get() + 1);
                    continue;
                }
                prop_assert!(
                    (exact - fine).abs() <= 1e-5 * fine.abs().max(1.0),
                    "{formula} at ({x}, {y}), along {}: backpropagation {exact}, \
                     finite difference {fine} (and {coarse} at twice the step)",
                    if along_x { "x" } else { "y" }
                );
                compared.set(compared.get() + 1);
            }
        }
        Ok(())
    });
    println!(
        "compared {} derivatives, skipped {}",
        compared.get(),
        skipped.get()
    );
    // Most points are smooth: a test that skipped everything would prove nothing.
    assert!(
        compared.get() > 3 * skipped.get(),
        "{} vs {}",
        compared.get(),
        skipped.get()
    );
}

#[test]
fn the_hessian_matches_the_race_surfaces() {
    for (text, kind) in [
        ("x^2 + y^2", SurfaceKind::Bowl),
        ("(1 - x)^2 + 100*(y - x^2)^2", SurfaceKind::Rosenbrock),
        ("x^2 - y^2", SurfaceKind::Saddle),
        (
            "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            SurfaceKind::Himmelblau,
        ),
    ] {
        let expression = parsed(text);
        let surface = Surface::new(kind, 1.0);
        for point in [
            Vec2::new(1.0, 3.0),
            Vec2::new(-1.5, 2.0),
            Vec2::new(0.3, -0.7),
        ] {
            let close =
                |a: f64, b: f64, tolerance: f64| (a - b).abs() <= tolerance * b.abs().max(1.0);
            assert!(close(expression.value(point), surface.value(point), 1e-14));
            let (gradient, expected) = (expression.gradient(point), surface.gradient(point));
            assert!(close(gradient.x, expected.x, 1e-13), "{text}");
            assert!(close(gradient.y, expected.y, 1e-13), "{text}");
            let (hessian, expected) = (expression.hessian(point), surface.hessian(point));
            assert!(close(hessian.xx, expected.xx, 1e-7), "{text}: {hessian:?}");
            assert!(close(hessian.xy, expected.xy, 1e-7), "{text}: {hessian:?}");
            assert!(close(hessian.yy, expected.yy, 1e-7), "{text}: {hessian:?}");
        }
    }
}

#[test]
fn kinks_take_the_documented_subgradients() {
    let origin = Vec2::new(0.0, 0.0);
    assert_eq!(
        parsed("abs(x) + relu(y)").gradient(origin),
        Vec2::new(0.0, 0.0)
    );
    assert_eq!(
        parsed("abs(x) + relu(y)").gradient(Vec2::new(-2.0, 2.0)),
        Vec2::new(-1.0, 1.0)
    );
    // x⁰ = 1 everywhere: slope 0, even at 0 where b·a^(b−1) would be 0·∞.
    assert_eq!(parsed("x^0").gradient(origin), Vec2::new(0.0, 0.0));
    // A constant exponent over a negative base: ∂/∂b is not needed and not NaN.
    let mut values = Vec::new();
    let mut adjoints = Vec::new();
    let square = parsed("x^2");
    square.forward(Vec2::new(-3.0, 0.0), &mut values);
    square.backward(&values, &mut adjoints);
    assert_eq!(adjoints, vec![-6.0, 0.0, 1.0]);
    // f that does not use y has ∂f/∂y = 0.
    assert_eq!(parsed("exp(x)").gradient(origin), Vec2::new(1.0, 0.0));
    // σ(e^x) at x = 1000: e^x overflows, f = 1, and the slope is 0, not 0·∞.
    assert_eq!(
        parsed("sigmoid(exp(x))").gradient(Vec2::new(1000.0, 0.0)).x,
        0.0
    );
}

#[test]
fn failures_name_their_cause() {
    let failure = |text: &str, x: f64, y: f64| {
        let expression = parsed(text);
        let mut values = Vec::new();
        expression.forward(Vec2::new(x, y), &mut values);
        expression
            .first_failure(&values)
            .map(|(node, failure)| (expression.node_text(node), failure))
    };
    let some = |text: &str, failure| Some((text.to_string(), failure));
    assert_eq!(
        failure("log(-1)", 0.0, 0.0),
        some("log(-1)", Failure::LogOfNegative)
    );
    assert_eq!(
        failure("1 + log(x)", 0.0, 0.0),
        some("log(x)", Failure::LogOfZero)
    );
    assert_eq!(
        failure("sqrt(x - 1)", 0.0, 0.0),
        some("sqrt(x-1)", Failure::SqrtOfNegative)
    );
    assert_eq!(
        failure("y / x", 0.0, 1.0),
        some("y/x", Failure::DivisionByZero)
    );
    assert_eq!(
        failure("x^0.5", -1.0, 0.0),
        some("x^0.5", Failure::PowerOfNegative)
    );
    assert_eq!(
        failure("x^-1", 0.0, 0.0),
        some("x^-1", Failure::ZeroToNegativePower)
    );
    assert_eq!(
        failure("exp(x)*0", 1000.0, 0.0),
        some("exp(x)", Failure::Overflow)
    );
    assert_eq!(
        failure("9^9^9^9", 0.0, 0.0),
        some("9^9^9", Failure::Overflow)
    );
    assert_eq!(
        failure("x + y", f64::NAN, 0.0),
        some("x", Failure::PointNotFinite)
    );
    assert_eq!(failure("log(x)", 1.0, 0.0), None);

    let gradient_failure = |text: &str, x: f64, y: f64| {
        let expression = parsed(text);
        let (mut values, mut adjoints) = (Vec::new(), Vec::new());
        expression.forward(Vec2::new(x, y), &mut values);
        expression.backward(&values, &mut adjoints);
        assert_eq!(expression.first_failure(&values), None);
        expression
            .first_gradient_failure(&values, &adjoints)
            .map(|(node, failure)| (expression.node_text(node), failure))
    };
    assert_eq!(
        gradient_failure("sqrt(x^2 + y^2)", 0.0, 0.0),
        some("sqrt(x^2+y^2)", Failure::InfiniteDerivative)
    );
    assert_eq!(
        gradient_failure("x^(1/3)", 0.0, 0.0),
        some("x^(1/3)", Failure::InfiniteDerivative)
    );
    assert_eq!(gradient_failure("sqrt(x)", 1.0, 0.0), None);
}

#[test]
fn local_derivatives_are_the_edges_of_the_graph() {
    let expression = parsed("sin(x)*y");
    let mut values = Vec::new();
    expression.forward(Vec2::new(0.5, 2.0), &mut values);
    let edges = expression.local_derivatives(&values);
    // x → sin (cos x), sin → * (y), y → * (sin x).
    let derivatives: Vec<(usize, usize, usize, f64)> = edges
        .iter()
        .map(|edge| (edge.input, edge.parent, edge.slot, edge.derivative))
        .collect();
    assert_eq!(
        derivatives,
        vec![
            (0, 1, 0, 0.5f64.cos()),
            (1, 3, 0, 2.0),
            (2, 3, 1, 0.5f64.sin())
        ]
    );
    // Too few values: NaN, not a panic.
    assert!(expression
        .local_derivatives(&[])
        .iter()
        .all(|edge| edge.derivative.is_nan()));
    let mut adjoints = Vec::new();
    expression.backward(&[1.0], &mut adjoints);
    assert!(adjoints.len() == 4 && adjoints.iter().all(|adjoint| adjoint.is_nan()));
}

// ---------------------------------------------------------------------------------------
// 4. Printing: minimal parentheses, read back as the same graph

#[test]
fn printing_uses_the_fewest_parentheses() {
    for (text, printed) in [
        ("((x)+(y))*((x))", "(x+y)*x"),
        ("-x^2", "-x^2"),
        ("-(x^2)", "-x^2"),
        ("(-x)^2", "(-x)^2"),
        ("2^(3^2)", "2^3^2"),
        ("(2^3)^2", "(2^3)^2"),
        ("2^(-1)", "2^-1"),
        ("2^(-(x^2))", "2^-x^2"),
        ("2^(x*y)", "2^(x*y)"),
        ("x-(y-x)", "x-(y-x)"),
        ("(x-y)-x", "x-y-x"),
        ("x/(y*2)", "x/(y*2)"),
        ("(x/y)*2", "x/y*2"),
        ("-(x*y)", "-(x*y)"),
        ("(-x)*y", "-x*y"),
        ("x*(-y)", "x*-y"),
        ("x-(-y)", "x--y"),
        ("-(-x)", "--x"),
        ("+x", "x"),
        ("sin((x+y))", "sin(x+y)"),
        ("ln(x)", "log(x)"),
        ("x**2", "x^2"),
        ("π", "pi"),
        ("2.5E+2", "250"),
        (".5", "0.5"),
        ("0.001", "0.001"),
        ("1e-7", "1e-7"),
        ("1e300", "1e300"),
        ("1000", "1000"),
        ("100000", "1e5"),
    ] {
        let expression = parsed(text);
        assert_eq!(expression.to_string(), printed, "{text}");
        assert_eq!(parsed(printed), expression, "{text}");
    }
    assert_eq!(
        format!("{:#}", parsed("sin(x)*y+exp(-x^2)")),
        "sin(x)*y + exp(-x^2)"
    );
    assert_eq!(parsed("x*x + 1").node_text(1), "x*x");
}

/// Each pair of parentheses in `printed` that does not belong to a function call,
/// removed one at a time.
fn without_one_pair(printed: &str) -> Vec<String> {
    let characters: Vec<char> = printed.chars().collect();
    let mut open = Vec::new();
    let mut variants = Vec::new();
    for (index, &character) in characters.iter().enumerate() {
        match character {
            '(' => open.push(index),
            ')' => {
                let start = open.pop().expect("balanced");
                let call = start > 0 && characters[start - 1].is_ascii_alphabetic();
                if !call {
                    let variant: String = characters
                        .iter()
                        .enumerate()
                        .filter(|(position, _)| *position != start && *position != index)
                        .map(|(_, character)| character)
                        .collect();
                    variants.push(variant);
                }
            }
            _ => {}
        }
    }
    variants
}

#[test]
fn printing_reads_back_as_the_same_graph() {
    run(3000, wild_tree(), |tree| {
        let expression = parsed(&text(&tree));
        let printed = expression.to_string();
        prop_assert_eq!(&parse(&printed), &Ok(expression.clone()), "{}", printed);
        let spaced = format!("{expression:#}");
        prop_assert_eq!(&parse(&spaced), &Ok(expression.clone()), "{}", spaced);
        // Minimal: without any one pair of parentheses it no longer means the same.
        for variant in without_one_pair(&printed) {
            prop_assert!(
                parse(&variant).as_ref() != Ok(&expression),
                "{printed}: the parentheses in {variant} are not needed"
            );
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// 5. Hostile input

#[test]
fn hostile_input_is_refused_quickly() {
    let mut bytes_seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random_bytes = |length: usize| -> String {
        let bytes: Vec<u8> = (0..length)
            .map(|_| {
                bytes_seed = bytes_seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (bytes_seed >> 56) as u8
            })
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    // Shared halves: 10 kB of text, a dozen nodes.
    let doubled = |leaf: &str| {
        let mut text = leaf.to_string();
        while text.len() * 2 + 3 <= MAX_TEXT_BYTES {
            text = format!("({text}*{text})");
        }
        text
    };
    let inputs: Vec<String> = vec![
        "(".repeat(MAX_TEXT_BYTES),
        "-".repeat(MAX_TEXT_BYTES),
        "-".repeat(MAX_TEXT_BYTES - 1) + "x",
        "^".repeat(MAX_TEXT_BYTES),
        "x^".repeat(MAX_TEXT_BYTES / 2 - 1) + "x",
        "x+".repeat(MAX_TEXT_BYTES / 2),
        "x".repeat(MAX_TEXT_BYTES),
        "ｘ".repeat(MAX_TEXT_BYTES / 3),
        "a".repeat(MAX_TEXT_BYTES),
        ".".repeat(MAX_TEXT_BYTES),
        "9".repeat(MAX_TEXT_BYTES),
        format!("0.{}1", "0".repeat(MAX_TEXT_BYTES - 3)),
        format!("1e{}", "9".repeat(MAX_TEXT_BYTES - 2)),
        "1.5e-300*".repeat(MAX_TEXT_BYTES / 9 - 1) + "1",
        "\u{3000}".repeat(MAX_TEXT_BYTES / 3),
        "sin(".repeat(MAX_TEXT_BYTES / 4),
        format!("{}x{}", "(".repeat(1000), ")".repeat(1000)),
        "(x)".repeat(MAX_TEXT_BYTES / 3),
        "x+".repeat(1_000_000),
        doubled("x"),
        // Thousands of numbers to read: the exact decimal reading is the slow part.
        doubled("23"),
        doubled("1.5e-300"),
        "23^".repeat(MAX_TEXT_BYTES / 3 - 1) + "2",
        "1e999".into(),
        "9^9^9^9".into(),
        "log(-1)".into(),
        "foo(bar)".into(),
        "\u{0}\u{7f}\u{feff}\u{202e}x".into(),
        random_bytes(MAX_TEXT_BYTES),
        random_bytes(100),
    ];
    let start = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    for input in &inputs {
        let one = Instant::now();
        let result = parse(input);
        if let Ok(expression) = &result {
            let point = Vec2::new(0.5, -0.5);
            let _ = (expression.value(point), expression.gradient(point));
            let _ = expression.hessian(point);
            let printed = expression.to_string();
            assert_eq!(parse(&printed).as_ref(), Ok(expression));
        }
        let elapsed = one.elapsed();
        if elapsed > slowest.0 {
            slowest = (elapsed, input.chars().take(20).collect());
        }
        assert!(
            elapsed < Duration::from_millis(250),
            "{elapsed:?} for {:?}… → {result:?}",
            input.chars().take(20).collect::<String>()
        );
    }
    let elapsed = start.elapsed();
    println!(
        "{} hostile inputs in {elapsed:?}; slowest {:?} for {:?}…",
        inputs.len(),
        slowest.0,
        slowest.1
    );
    assert!(elapsed < Duration::from_millis(900), "{elapsed:?}");
}

// ---------------------------------------------------------------------------------------
// 6. Fuzz: arbitrary bytes and grammar-aware mutations of valid formulas

/// SplitMix64: a small, good generator, so a failing case can be replayed from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SEEDS: [&str; 28] = [
    "x^2 + y^2",
    "sin(x)*y + exp(-x^2)",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "-x^2",
    "2^-1",
    "2^3^2",
    "log(1 + x*x) / sqrt(abs(y) + 1)",
    "tanh(x*y) - sigmoid(x - y) + relu(x)",
    "（x＋1）＊２",
    "x**2 − y÷2 × π",
    "1e-3*x + 2.5E+2*y + .5",
    "exp(-(x^2 + y^2)/2) * cos(pi*x)",
    "x/(y - 1)",
    "((((x))))",
    "-(-(-x))",
    "sin(cos(tan(x)))",
    "x^y^x",
    "e^x - ln(y)",
    "sqrt(x^2 + y^2)",
    "abs(x) + abs(y)",
    "2x",
    "x y",
    "sin x",
    "(x+1",
    "x+",
    "foo(x)",
    "1e999",
];

const PIECES: [&str; 40] = [
    "x", "y", "pi", "e", "π", "(", ")", "+", "-", "*", "/", "^", "**", "sin(", "cos(", "tan(",
    "exp(", "log(", "sqrt(", "abs(", "tanh(", "sigmoid(", "relu(", "ln(", "0", "1", ".", "e5",
    "e-", "1e308", "1e-320", "（", "）", "＋", "－", "×", "÷", "−", " ", "\u{3000}",
];

/// A valid formula of the grammar, in any of its spellings (spaces, full-width,
/// `**`, `×`, redundant parentheses and signs).
fn formula(random: &mut Random, depth: usize) -> String {
    if depth == 0 || random.below(4) == 0 {
        return random
            .pick(&[
                "x", "y", "pi", "e", "π", "ｘ", "2", "0.5", ".5", "1e-3", "2.5E+2", "１０", "3",
                "1e300", "7e-320", "0",
            ])
            .to_string();
    }
    let space = |random: &mut Random| if random.below(4) == 0 { " " } else { "" };
    match random.below(6) {
        0 => format!(
            "{}{}",
            random.pick(&["-", "+", "－", "−"]),
            formula(random, depth - 1)
        ),
        1 => {
            let name = random.pick(&FUNCTIONS);
            format!("{name}({})", formula(random, depth - 1))
        }
        2 => format!("({})", formula(random, depth - 1)),
        _ => {
            let operator = *random.pick(&["+", "-", "*", "/", "^", "**", "×", "÷", "＋", "＊"]);
            let left = formula(random, depth - 1);
            let right = formula(random, depth - 1);
            let (before, after) = (space(random), space(random));
            format!("{left}{before}{operator}{after}{right}")
        }
    }
}

fn mutate(random: &mut Random, text: &str) -> String {
    let mut characters: Vec<char> = text.chars().collect();
    let rounds = if random.below(8) == 0 {
        2 + random.below(4)
    } else {
        1
    };
    for _ in 0..rounds {
        let length = characters.len();
        let at = random.below(length + 1);
        match random.below(9) {
            // Insert a character: from the grammar's alphabet or anywhere in Unicode.
            0 => {
                let character = if random.below(4) == 0 {
                    char::from_u32(random.below(0x11_0000) as u32).unwrap_or('?')
                } else {
                    *random.pick(
                        &"xy0123456789.eE+-*/^() ，（）＋ｘπ×−"
                            .chars()
                            .collect::<Vec<_>>(),
                    )
                };
                characters.insert(at, character);
            }
            1 if at < length => {
                characters.remove(at);
            }
            2 if at < length => {
                characters[at] = *random.pick(&"xy19.e+-*/^()（ ".chars().collect::<Vec<_>>());
            }
            // Insert a token.
            3 | 4 => {
                let piece: Vec<char> = random.pick(&PIECES).chars().collect();
                characters.splice(at..at, piece);
            }
            // Duplicate a slice, rarely thousands of times (towards the limits).
            5 => {
                let end = (at + 1 + random.below(12)).min(length);
                let slice: Vec<char> = characters[at.min(end)..end].to_vec();
                let times = if random.below(64) == 0 {
                    random.below(3000)
                } else {
                    1 + random.below(3)
                };
                let insert_at = random.below(length + 1);
                let repeated: Vec<char> = slice
                    .iter()
                    .copied()
                    .cycle()
                    .take(slice.len() * times)
                    .collect();
                characters.splice(insert_at..insert_at, repeated);
            }
            // Nest the whole text, or a slice.
            6 => {
                let (open, close) = *random.pick(&[
                    ("(", ")"),
                    ("sin(", ")"),
                    ("-(", ")"),
                    ("2^(", ")"),
                    ("(", ")^2"),
                ]);
                let end = at + random.below(length - at + 1);
                characters.splice(end..end, close.chars());
                characters.splice(at..at, open.chars());
            }
            // Join with another formula.
            7 => {
                let operator = *random.pick(&["+", "*", "^", "", " ", "/-"]);
                let other = random.pick(&SEEDS);
                characters.extend(operator.chars().chain(other.chars()));
            }
            // Delete a run.
            _ => {
                let end = (at + random.below(6)).min(length);
                characters.drain(at.min(end)..end);
            }
        }
    }
    characters.into_iter().collect()
}

/// Parses one input and checks everything that must hold; true if it parsed.
fn check(text: &str) -> bool {
    let characters = text.chars().count();
    match parse(text) {
        Err(error) => {
            assert!(
                (1..=characters + 1).contains(&error.column),
                "{text:?}: {error:?} outside the text"
            );
            false
        }
        Ok(expression) => {
            let count = expression.nodes().len();
            assert!(
                count <= MAX_NODES && expression.root() == count - 1,
                "{text:?}"
            );
            let (mut values, mut adjoints) = (Vec::new(), Vec::new());
            for point in [
                Vec2::new(0.5, -1.5),
                Vec2::new(0.0, 0.0),
                Vec2::new(-3.0, 1e-9),
            ] {
                let value = expression.value(point);
                let gradient = expression.gradient(point);
                let _ = expression.hessian(point);
                expression.forward(point, &mut values);
                expression.backward(&values, &mut adjoints);
                assert!(same_number(values[expression.root()], value), "{text:?}");
                let failure = expression.first_failure(&values);
                assert!(
                    value.is_finite() || failure.is_some(),
                    "{text:?}: unexplained {value}"
                );
                if failure.is_none() && !gradient.is_finite() {
                    assert!(
                        expression
                            .first_gradient_failure(&values, &adjoints)
                            .is_some(),
                        "{text:?}: unexplained gradient {gradient:?}"
                    );
                }
                assert_eq!(expression.local_derivatives(&values).len(), {
                    expression
                        .nodes()
                        .iter()
                        .map(|node| node.inputs().len())
                        .sum::<usize>()
                });
            }
            for printed in [expression.to_string(), format!("{expression:#}")] {
                match parse(&printed) {
                    Ok(again) => assert_eq!(again, expression, "{text:?} printed {printed:?}"),
                    // Printing can lengthen a text near the limit (`.5` prints as `0.5`).
                    Err(error) => assert!(
                        printed.len() > MAX_TEXT_BYTES
                            && matches!(error.kind, ParseErrorKind::TooLong { .. }),
                        "{text:?} printed {printed:?}: {error:?}"
                    ),
                }
            }
            true
        }
    }
}

/// Short in CI; the long run: `FUZZ_CASES=1000000 cargo test --release --test expression
/// fuzz -- --nocapture`.
#[test]
fn fuzz_arbitrary_and_mutated_formulas() {
    let environment = |name: &str| std::env::var(name).ok().and_then(|text| text.parse().ok());
    let cases: u64 = environment("FUZZ_CASES").unwrap_or(20_000);
    let seed: u64 = environment("FUZZ_SEED").unwrap_or(0x5eed_f00d);
    let mut random = Random(seed);
    let start = Instant::now();
    let (mut accepted, mut slowest, mut slowest_input) = (0u64, Duration::ZERO, String::new());
    for _ in 0..cases {
        let input = match random.below(8) {
            0 => {
                let bytes: Vec<u8> = (0..random.below(64)).map(|_| random.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => {
                let length = random.below(40);
                (0..length)
                    .map(|_| *random.pick(&PIECES))
                    .collect::<String>()
            }
            2 | 3 => formula(&mut random, 5),
            4 => {
                let seed_formula = random.pick(&SEEDS).to_string();
                mutate(&mut random, &seed_formula)
            }
            _ => {
                let generated = formula(&mut random, 5);
                mutate(&mut random, &generated)
            }
        };
        let one = Instant::now();
        accepted += u64::from(check(&input));
        let mut elapsed = one.elapsed();
        if elapsed > slowest {
            // Timed again, the fastest of three: a slow case, not the scheduler.
            for _ in 0..3 {
                let again = Instant::now();
                check(&input);
                elapsed = elapsed.min(again.elapsed());
            }
            if elapsed > slowest {
                slowest = elapsed;
                slowest_input = input.clone();
            }
        }
    }
    println!(
        "fuzz: {cases} inputs (seed {seed:#x}), {accepted} parsed, in {:?}; slowest {slowest:?} \
         for {} characters: {:?}…",
        start.elapsed(),
        slowest_input.chars().count(),
        slowest_input.chars().take(60).collect::<String>()
    );
    if let Ok(path) = std::env::var("FUZZ_SLOWEST_FILE") {
        std::fs::write(path, &slowest_input).expect("the slowest input written");
    }
    // The mutations must reach both sides: formulas that parse and ones that do not.
    assert!(
        accepted > cases / 20 && accepted < cases,
        "{accepted} of {cases} parsed"
    );
}
