//! A formula the reader types, f(x, y), read into its computational graph, evaluated
//! forwards and differentiated backwards: backpropagation on the formula's own graph.
//!
//! `sin(x)*y + exp(-x^2)` becomes the graph below (children before parents, every
//! shared subexpression one node: the `x` under `sin` and under `^` is the same node).
//! The forward pass gives every node its value vᵢ; the backward pass gives every node
//! its adjoint v̄ᵢ = ∂f/∂vᵢ by the chain rule, from the root (v̄ = 1) down:
//!
//! ```text
//! x ─┬─ sin ── * ───────────┐        v̄ᵢ = Σ over parents p of v̄ₚ · ∂vₚ/∂vᵢ
//!    │   y ──┘              + = f    ∂f/∂x = v̄(sin)·cos x + v̄(^)·2x
//!    └─ ^ ── − ── exp ──────┘              = y·cos x + e^(−x²)·(−1)·2x
//!    2 ─┘
//! ```
//!
//! ## Grammar
//! ```text
//! sum      = product (("+" | "-") product)*
//! product  = unary (("*" | "/") unary)*
//! unary    = ("-" | "+")* power            -x^2 = −(x²), as in mathematics
//! power    = primary ("^" ("-" | "+")* primary)*   right-associative: 2^3^2 = 2^9;
//!                                          2^-x^2 = 2^(−(x²))
//! primary  = number | "x" | "y" | "pi" | "e" | function "(" sum ")" | "(" sum ")"
//! function = sin | cos | tan | exp | log (natural; "ln" too) | sqrt | abs | tanh
//!          | sigmoid | relu
//! number   = digits ["." [digits]] | "." digits, then optionally [eE] [+-] digits
//! ```
//! Whitespace may stand between any two tokens. `**` is read as `^`. Full-width
//! characters (（）＋－＊／＾．, full-width digits and letters) are read as their ASCII
//! twins, and `×`, `·`, `⋅` as `*`, `÷` as `/`, `−` (U+2212) as `-`, `π` as `pi`.
//! Writing two operands side by side (`2x`, `2(x)`, `x y`, `(x)(y)`, `x sin(y)`) is an
//! error with a hint (`2*x`), never a silent product. Names are lower-case only.
//!
//! ## Limits
//! Every input is refused with a [`ParseError`] rather than allowed to overflow the stack
//! or take long: at most [`MAX_TEXT_BYTES`] of text, [`MAX_DEPTH`] nested parentheses
//! (the only recursion in the parser; chains of `-` and `^` are read in loops) and
//! [`MAX_NODES`] distinct nodes. With the node limit, evaluation fits in arrays on the
//! stack and allocates nothing, so the optimizers can call it every frame.
//!
//! ## Same bits everywhere?
//! `exp` and `sigmoid` use [`crate::exp::exp`], identical natively and in WebAssembly.
//! `sin`, `cos`, `tan`, `ln`, `powf` and `tanh` come from std: natively the C library, in
//! WebAssembly Rust's own libm, and the two may differ in the last bit (`sqrt` and the
//! four basic operations are correctly rounded on both).

use std::fmt;

use crate::exp::exp;
use crate::optimizer::{Hessian, Objective};
use crate::surface::Vec2;

/// The longest formula read, in bytes of UTF-8 (a full-width character takes three).
pub const MAX_TEXT_BYTES: usize = 10_240;
/// The most parentheses (and function calls) nested inside one another.
pub const MAX_DEPTH: usize = 64;
/// The most distinct nodes in a formula's graph.
pub const MAX_NODES: usize = 256;

/// The functions a formula may call, by the name it is written with.
pub const FUNCTION_NAMES: [&str; 10] = [
    "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
];

/// A named constant of the grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstantName {
    /// π = 3.141592653589793.
    Pi,
    /// e = 2.718281828459045, the base of the natural logarithm.
    E,
}

impl ConstantName {
    /// The name as written and printed: `pi`, `e`.
    pub fn text(self) -> &'static str {
        match self {
            ConstantName::Pi => "pi",
            ConstantName::E => "e",
        }
    }

    /// The nearest double.
    pub fn value(self) -> f64 {
        match self {
            ConstantName::Pi => std::f64::consts::PI,
            ConstantName::E => std::f64::consts::E,
        }
    }
}

/// What a node computes from its inputs a (slot 0) and b (slot 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// A number: finite and not negative (a minus sign is a [`Op::Negate`] node), with the
    /// name it was written as, if any (`pi`, `e`).
    Constant {
        value: f64,
        name: Option<ConstantName>,
    },
    /// The first coordinate of the point.
    X,
    /// The second coordinate of the point.
    Y,
    /// a + b.
    Add,
    /// a − b.
    Subtract,
    /// a · b.
    Multiply,
    /// a / b.
    Divide,
    /// a^b.
    Power,
    /// −a.
    Negate,
    /// sin a.
    Sin,
    /// cos a.
    Cos,
    /// tan a.
    Tan,
    /// e^a.
    Exp,
    /// ln a (the natural logarithm).
    Log,
    /// √a.
    Sqrt,
    /// |a|.
    Abs,
    /// tanh a.
    Tanh,
    /// σ(a) = 1 / (1 + e^(−a)).
    Sigmoid,
    /// max(a, 0).
    Relu,
}

impl Op {
    /// How many inputs the operation takes: 0, 1 or 2.
    pub fn arity(self) -> usize {
        match self {
            Op::Constant { .. } | Op::X | Op::Y => 0,
            Op::Add | Op::Subtract | Op::Multiply | Op::Divide | Op::Power => 2,
            _ => 1,
        }
    }

    /// The name a function is written with (`sin`), or `None` for the other operations.
    pub fn function_name(self) -> Option<&'static str> {
        Some(match self {
            Op::Sin => "sin",
            Op::Cos => "cos",
            Op::Tan => "tan",
            Op::Exp => "exp",
            Op::Log => "log",
            Op::Sqrt => "sqrt",
            Op::Abs => "abs",
            Op::Tanh => "tanh",
            Op::Sigmoid => "sigmoid",
            Op::Relu => "relu",
            _ => return None,
        })
    }

    /// The operator symbol of a binary operation or of negation, as printed.
    pub fn symbol(self) -> Option<&'static str> {
        Some(match self {
            Op::Add => "+",
            Op::Subtract | Op::Negate => "-",
            Op::Multiply => "*",
            Op::Divide => "/",
            Op::Power => "^",
            _ => return None,
        })
    }

    /// Structural equality for hash-consing: constants compare by their bits (and name).
    fn same_as(self, other: Op) -> bool {
        match (self, other) {
            (
                Op::Constant { value, name },
                Op::Constant {
                    value: other_value,
                    name: other_name,
                },
            ) => value.to_bits() == other_value.to_bits() && name == other_name,
            _ => self == other,
        }
    }

    fn function(name: &str) -> Option<Op> {
        Some(match name {
            "sin" => Op::Sin,
            "cos" => Op::Cos,
            "tan" => Op::Tan,
            "exp" => Op::Exp,
            // `ln` is how many readers write the natural logarithm; it prints as `log`.
            "log" | "ln" => Op::Log,
            "sqrt" => Op::Sqrt,
            "abs" => Op::Abs,
            "tanh" => Op::Tanh,
            "sigmoid" => Op::Sigmoid,
            "relu" => Op::Relu,
            _ => return None,
        })
    }

    /// x, y, pi or e: a name that stands for a value.
    fn operand(name: &str) -> Option<Op> {
        Some(match name {
            "x" => Op::X,
            "y" => Op::Y,
            "pi" => Op::Constant {
                value: ConstantName::Pi.value(),
                name: Some(ConstantName::Pi),
            },
            "e" => Op::Constant {
                value: ConstantName::E.value(),
                name: Some(ConstantName::E),
            },
            _ => return None,
        })
    }
}

/// One node of the graph: an operation and the indices of its inputs (earlier nodes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    pub op: Op,
    /// Slots past the operation's arity hold 0 and mean nothing.
    inputs: [usize; 2],
}

impl Node {
    /// The indices of the inputs, `op.arity()` of them, each smaller than this node's.
    pub fn inputs(&self) -> &[usize] {
        &self.inputs[..self.op.arity()]
    }
}

/// A formula as a graph: its distinct subexpressions in topological order (every input
/// before the node that uses it), the root (the whole formula) last.
///
/// Only [`parse`] builds one, so every invariant holds: inputs point backwards, there are
/// at most [`MAX_NODES`] nodes, and a walk of the tree it unfolds to is no longer than the
/// text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    nodes: Vec<Node>,
    root: usize,
    /// Whether each node's value changes with the point (x or y is among its inputs).
    varies: Vec<bool>,
}

/// Why a formula could not be read, and where: `column` counts characters (Unicode
/// scalar values, not bytes) from 1; one past the last character means "at the end".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub column: usize,
}

/// Why a formula could not be read; each carries what a message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Nothing but whitespace.
    Empty,
    /// A character that is no part of the grammar (as typed, e.g. `'，'`).
    UnexpectedCharacter(char),
    /// A name that is no variable, constant or function, as typed (names and hints
    /// longer than 24 characters are shortened to 23 and `…`).
    UnknownName(String),
    /// A known name in capitals: written `Sin`, expected `sin`.
    WrongCase { written: String, expected: String },
    /// A `(` never closed; the column is the `(`'s.
    MissingClosingParenthesis,
    /// A `)` with no `(` before it.
    UnmatchedClosingParenthesis,
    /// A number, variable, function or `(` was expected here (after an operator, at the
    /// start, inside `()`).
    ExpectedOperand,
    /// Two operands side by side, e.g. `2x`; the hint is the formula written with the
    /// product sign, e.g. `2*x` (long parts shortened with `…`). The column is where the
    /// `*` belongs (the second operand's first character).
    ImplicitMultiplication { hint: String },
    /// A function name not followed by `(`, e.g. `sin x` or `sinx`: the function's name.
    FunctionNeedsParentheses(String),
    /// Digits and points that are no number, e.g. `1.2.3` or `.`.
    BadNumber,
    /// A number beyond the largest double (about 1.8·10³⁰⁸), e.g. `1e999`.
    NumberTooLarge,
    /// The text is longer than `limit` bytes; the column is the first character past it.
    TooLong { limit: usize },
    /// More than `limit` parentheses nested; the column is the first one too deep.
    TooDeep { limit: usize },
    /// More than `limit` distinct nodes; the column is where the next one was needed.
    TooManyNodes { limit: usize },
}

/// Why a node's value (or the gradient through it) is not a finite number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// x or y itself is NaN or infinite.
    PointNotFinite,
    /// a / 0.
    DivisionByZero,
    /// ln 0 = −∞.
    LogOfZero,
    /// ln a with a < 0.
    LogOfNegative,
    /// √a with a < 0.
    SqrtOfNegative,
    /// a^b with a < 0 and b not a whole number, e.g. (−8)^(1/3).
    PowerOfNegative,
    /// 0^b with b < 0 (= 1/0^|b|).
    ZeroToNegativePower,
    /// A finite computation whose result is beyond the largest double, e.g. exp(1000).
    Overflow,
    /// The value is finite but its slope is not, e.g. √a at a = 0: the gradient through
    /// this node is infinite or undefined.
    InfiniteDerivative,
}

/// An edge of the graph from an input to the node using it, with the local derivative
/// ∂parent/∂input at the current values (what the chain rule multiplies along it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub input: usize,
    pub parent: usize,
    /// Which input of the parent: 0 for a (and for the one input of a function), 1 for b.
    pub slot: usize,
    pub derivative: f64,
}

/// Runs `use_scratch` with two zeroed buffers of `count` doubles on the stack, from the
/// smallest of 16, 64 or [`MAX_NODES`] that holds them: the heatmap evaluates a formula
/// at every pixel, and zeroing 256 doubles twice cost more than a small formula's passes
/// (measured: applying a formula at 672² device pixels, 139 ms before).
fn with_scratch<R>(count: usize, use_scratch: impl FnOnce(&mut [f64], &mut [f64]) -> R) -> R {
    if count <= 16 {
        let (mut values, mut adjoints) = ([0.0; 16], [0.0; 16]);
        use_scratch(&mut values[..count], &mut adjoints[..count])
    } else if count <= 64 {
        let (mut values, mut adjoints) = ([0.0; 64], [0.0; 64]);
        use_scratch(&mut values[..count], &mut adjoints[..count])
    } else {
        let (mut values, mut adjoints) = ([0.0; MAX_NODES], [0.0; MAX_NODES]);
        use_scratch(&mut values[..count], &mut adjoints[..count])
    }
}

/// Reads a formula in x and y (see the module doc for the grammar) into its graph.
pub fn parse(text: &str) -> Result<Expression, ParseError> {
    if text.len() > MAX_TEXT_BYTES {
        // The first character that does not fit whole within the limit.
        let fitting = text
            .char_indices()
            .take_while(|(start, character)| start + character.len_utf8() <= MAX_TEXT_BYTES)
            .count();
        return Err(ParseError {
            kind: ParseErrorKind::TooLong {
                limit: MAX_TEXT_BYTES,
            },
            column: fitting + 1,
        });
    }
    let tokens = tokenize(text);
    if matches!(
        tokens.first().map(|token| &token.kind),
        Some(TokenKind::End)
    ) {
        return Err(ParseError {
            kind: ParseErrorKind::Empty,
            column: 1,
        });
    }
    let mut parser = Parser {
        tokens,
        position: 0,
        depth: 0,
        nodes: Vec::new(),
        varies: Vec::new(),
        numbers: Vec::new(),
    };
    let root = parser.sum()?;
    match parser.current().kind {
        TokenKind::End => {}
        TokenKind::Close => {
            return Err(parser.error_here(ParseErrorKind::UnmatchedClosingParenthesis))
        }
        // Operands are caught as implicit products and operators are consumed, so only
        // an invalid token can be left; `error_here` reports it.
        _ => return Err(parser.error_here(ParseErrorKind::ExpectedOperand)),
    }
    Ok(Expression {
        nodes: parser.nodes,
        root,
        varies: parser.varies,
    })
}

// ---------------------------------------------------------------------------------------
// Reading the text into tokens

#[derive(Clone, Debug, PartialEq)]
enum TokenKind {
    /// Digits, points and an exponent; whether they make a number is decided on reading.
    Number,
    Name,
    Plus,
    Minus,
    Times,
    Divide,
    Caret,
    Open,
    Close,
    End,
    /// What the text cannot be read as, reported when the parser reaches it; the lexer
    /// stops there, so it is the last token.
    Invalid(ParseErrorKind),
}

#[derive(Clone, Debug)]
struct Token {
    kind: TokenKind,
    column: usize,
    /// Numbers and names as ASCII (after full-width characters are read as ASCII).
    text: String,
    /// Names as typed, for messages.
    original: String,
}

impl Token {
    /// The token as it would be typed in ASCII, for hints.
    fn ascii(&self) -> &str {
        match self.kind {
            TokenKind::Number | TokenKind::Name => &self.text,
            TokenKind::Plus => "+",
            TokenKind::Minus => "-",
            TokenKind::Times => "*",
            TokenKind::Divide => "/",
            TokenKind::Caret => "^",
            TokenKind::Open => "(",
            TokenKind::Close => ")",
            TokenKind::End | TokenKind::Invalid(_) => "",
        }
    }

    fn starts_operand(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Number | TokenKind::Name | TokenKind::Open
        )
    }
}

/// The ASCII character a full-width or typographic one stands for.
fn normalize(character: char) -> char {
    match character {
        // The full-width forms of ASCII '!' to '~' sit 0xFEE0 above them.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0).unwrap_or(character),
        '×' | '·' | '⋅' => '*',
        '÷' => '/',
        '−' => '-',
        other => other,
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let original: Vec<char> = text.chars().collect();
    let normalized: Vec<char> = original
        .iter()
        .map(|&character| normalize(character))
        .collect();
    let is_digit = |index: usize| normalized.get(index).is_some_and(char::is_ascii_digit);
    let mut tokens = Vec::new();
    let mut at = 0;
    let token = |kind, start: usize, end: usize| Token {
        kind,
        column: start + 1,
        text: normalized[start..end].iter().collect(),
        original: original[start..end].iter().collect(),
    };
    while at < normalized.len() {
        let start = at;
        let character = normalized[at];
        if original[at].is_whitespace() {
            at += 1;
            continue;
        }
        let kind = match character {
            '0'..='9' | '.' => {
                while is_digit(at) || normalized.get(at) == Some(&'.') {
                    at += 1;
                }
                // An exponent only if digits follow: `2e` is 2 next to e, `2ex` 2 next to ex.
                if matches!(normalized.get(at), Some('e' | 'E')) {
                    let sign = usize::from(matches!(normalized.get(at + 1), Some('+' | '-')));
                    if is_digit(at + 1 + sign) {
                        at += 1 + sign;
                        // Digits or points glued on after the exponent make it no number.
                        while is_digit(at) || normalized.get(at) == Some(&'.') {
                            at += 1;
                        }
                    }
                }
                // Read into a double only when the parser reaches it: a text that fails
                // early does not pay for the exact reading of a thousand numbers.
                TokenKind::Number
            }
            'a'..='z' | 'A'..='Z' => {
                while normalized.get(at).is_some_and(char::is_ascii_alphabetic) {
                    at += 1;
                }
                TokenKind::Name
            }
            'π' => {
                at += 1;
                tokens.push(Token {
                    kind: TokenKind::Name,
                    column: start + 1,
                    text: "pi".to_string(),
                    original: "π".to_string(),
                });
                continue;
            }
            _ => {
                at += 1;
                match character {
                    '+' => TokenKind::Plus,
                    '-' => TokenKind::Minus,
                    '*' if normalized.get(at) == Some(&'*') => {
                        // Python's power operator.
                        at += 1;
                        TokenKind::Caret
                    }
                    '*' => TokenKind::Times,
                    '/' => TokenKind::Divide,
                    '^' => TokenKind::Caret,
                    '(' => TokenKind::Open,
                    ')' => TokenKind::Close,
                    _ => TokenKind::Invalid(ParseErrorKind::UnexpectedCharacter(original[start])),
                }
            }
        };
        let invalid = matches!(kind, TokenKind::Invalid(_));
        tokens.push(token(kind, start, at));
        if invalid {
            return tokens;
        }
    }
    tokens.push(Token {
        kind: TokenKind::End,
        column: original.len() + 1,
        text: String::new(),
        original: String::new(),
    });
    tokens
}

// ---------------------------------------------------------------------------------------
// Reading the tokens into the graph

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    /// How many parentheses (and function calls) enclose the current position.
    depth: usize,
    nodes: Vec<Node>,
    varies: Vec<bool>,
    /// Number texts already read, with their values (at most `NUMBER_MEMORY`).
    numbers: Vec<(String, f64)>,
}

/// How many distinct number texts the parser remembers: a search of them stays cheap.
const NUMBER_MEMORY: usize = 64;

/// Parts of a hint, and names in messages, longer than this are shortened (`(…)`, `abc…`).
const HINT_PART_CHARS: usize = 24;

impl Parser {
    /// The current token; past the end, the last one (End, or the invalid token).
    fn current(&self) -> &Token {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.position.min(last)]
    }

    fn kind_at(&self, index: usize) -> Option<&TokenKind> {
        self.tokens.get(index).map(|token| &token.kind)
    }

    fn advance(&mut self) {
        if self.position + 1 < self.tokens.len() {
            self.position += 1;
        }
    }

    /// An error at the current token, unless that token is itself invalid text: then its
    /// own error, which lies further left than anything the parser could report later.
    fn error_here(&self, kind: ParseErrorKind) -> ParseError {
        let token = self.current();
        match &token.kind {
            TokenKind::Invalid(invalid) => ParseError {
                kind: invalid.clone(),
                column: token.column,
            },
            _ => ParseError {
                kind,
                column: token.column,
            },
        }
    }

    /// The index of the node (op, inputs), creating it unless an equal one exists:
    /// hash-consing, so a repeated subexpression is one node.
    fn node(&mut self, op: Op, inputs: [usize; 2], column: usize) -> Result<usize, ParseError> {
        let node = Node { op, inputs };
        // A linear search: at most MAX_NODES nodes, and no hash table in the bundle.
        if let Some(index) = self
            .nodes
            .iter()
            .rposition(|other| other.op.same_as(op) && other.inputs == inputs)
        {
            return Ok(index);
        }
        if self.nodes.len() >= MAX_NODES {
            return Err(ParseError {
                kind: ParseErrorKind::TooManyNodes { limit: MAX_NODES },
                column,
            });
        }
        let varies = match op {
            Op::X | Op::Y => true,
            _ => node.inputs().iter().any(|&input| self.varies[input]),
        };
        self.nodes.push(node);
        self.varies.push(varies);
        Ok(self.nodes.len() - 1)
    }

    /// sum = product (("+" | "-") product)*
    fn sum(&mut self) -> Result<usize, ParseError> {
        let mut left = self.product()?;
        loop {
            let op = match self.current().kind {
                TokenKind::Plus => Op::Add,
                TokenKind::Minus => Op::Subtract,
                _ => return Ok(left),
            };
            let column = self.current().column;
            self.advance();
            let right = self.product()?;
            left = self.node(op, [left, right], column)?;
        }
    }

    /// product = unary (("*" | "/") unary)*
    fn product(&mut self) -> Result<usize, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.current().kind {
                TokenKind::Times => Op::Multiply,
                TokenKind::Divide => Op::Divide,
                _ => return Ok(left),
            };
            let column = self.current().column;
            self.advance();
            let right = self.unary()?;
            left = self.node(op, [left, right], column)?;
        }
    }

    /// The signs before an operand: the columns of its minus signs (pluses change
    /// nothing). A loop, not recursion: `------…x` cannot exhaust the stack.
    fn signs(&mut self) -> Vec<usize> {
        let mut minus_columns = Vec::new();
        loop {
            match self.current().kind {
                TokenKind::Minus => minus_columns.push(self.current().column),
                TokenKind::Plus => {}
                _ => return minus_columns,
            }
            self.advance();
        }
    }

    /// Applies the minus signs (innermost, i.e. last written, first).
    fn negate(&mut self, mut operand: usize, minus_columns: &[usize]) -> Result<usize, ParseError> {
        for &column in minus_columns.iter().rev() {
            operand = self.node(Op::Negate, [operand, 0], column)?;
        }
        Ok(operand)
    }

    /// unary = ("-" | "+")* power: the sign binds looser than `^`, so -x^2 = −(x²).
    fn unary(&mut self) -> Result<usize, ParseError> {
        let minus_columns = self.signs();
        let operand = self.power()?;
        self.negate(operand, &minus_columns)
    }

    /// power = primary ("^" ("-" | "+")* primary)*, right-associative:
    /// a ^ -b ^ c = a^(−(b^c)). Read in a loop and folded from the right.
    fn power(&mut self) -> Result<usize, ParseError> {
        let base = self.primary()?;
        // Each later operand with the column of the `^` before it and its minus signs.
        let mut chain: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        while self.current().kind == TokenKind::Caret {
            let column = self.current().column;
            self.advance();
            let minus_columns = self.signs();
            let operand = self.primary()?;
            chain.push((column, operand, minus_columns));
        }
        // exponent_k = s_k b_k; exponent_i = s_i (b_i ^ exponent_(i+1)); result = base ^ exponent_1.
        let mut exponent: Option<(usize, usize)> = None; // (node, column of the `^` before it)
        for (column, operand, minus_columns) in chain.into_iter().rev() {
            let raised = match exponent {
                Some((exponent_node, exponent_column)) => {
                    self.node(Op::Power, [operand, exponent_node], exponent_column)?
                }
                None => operand,
            };
            exponent = Some((self.negate(raised, &minus_columns)?, column));
        }
        match exponent {
            Some((exponent_node, column)) => self.node(Op::Power, [base, exponent_node], column),
            None => Ok(base),
        }
    }

    /// primary = number | name | function "(" sum ")" | "(" sum ")", then a check that no
    /// operand follows directly (an implicit product).
    fn primary(&mut self) -> Result<usize, ParseError> {
        let start = self.position;
        let token = self.current().clone();
        let node = match token.kind {
            TokenKind::Number => {
                let value = self.number(&token.text)?;
                self.advance();
                self.node(Op::Constant { value, name: None }, [0, 0], token.column)?
            }
            TokenKind::Name => match self.name(start)? {
                Meaning::Operand(op) => {
                    self.advance();
                    self.node(op, [0, 0], token.column)?
                }
                Meaning::Function(op) => {
                    self.advance();
                    let argument = self.group()?;
                    self.node(op, [argument, 0], token.column)?
                }
            },
            TokenKind::Open => self.group()?,
            _ => return Err(self.error_here(ParseErrorKind::ExpectedOperand)),
        };
        if self.current().starts_operand() {
            return Err(self.implicit_multiplication(start));
        }
        Ok(node)
    }

    /// The value of the number text at the current token, read exactly by
    /// `decimal::parse` (as `str::parse` would) and remembered: the exact reading takes
    /// microseconds, and a formula may repeat one number a thousand times.
    fn number(&mut self, text: &str) -> Result<f64, ParseError> {
        if let Some(&(_, value)) = self.numbers.iter().find(|(known, _)| known == text) {
            return Ok(value);
        }
        let value = match crate::decimal::parse(text) {
            Some(value) if value.is_finite() => value,
            Some(_) => return Err(self.error_here(ParseErrorKind::NumberTooLarge)),
            None => return Err(self.error_here(ParseErrorKind::BadNumber)),
        };
        if self.numbers.len() < NUMBER_MEMORY {
            self.numbers.push((text.to_string(), value));
        }
        Ok(value)
    }

    /// "(" sum ")", the depth checked before going in.
    fn group(&mut self) -> Result<usize, ParseError> {
        let open = self.current().column;
        if self.depth >= MAX_DEPTH {
            return Err(ParseError {
                kind: ParseErrorKind::TooDeep { limit: MAX_DEPTH },
                column: open,
            });
        }
        self.depth += 1;
        self.advance();
        let inner = self.sum()?;
        match self.current().kind {
            TokenKind::Close => self.advance(),
            TokenKind::Invalid(_) => {
                return Err(self.error_here(ParseErrorKind::MissingClosingParenthesis))
            }
            _ => {
                return Err(ParseError {
                    kind: ParseErrorKind::MissingClosingParenthesis,
                    column: open,
                })
            }
        }
        self.depth -= 1;
        Ok(inner)
    }

    /// What the name at `index` means, or why it means nothing.
    fn name(&self, index: usize) -> Result<Meaning, ParseError> {
        let Some(token) = self.tokens.get(index) else {
            return Err(self.error_here(ParseErrorKind::ExpectedOperand));
        };
        let name = token.text.as_str();
        let followed_by_open = self.kind_at(index + 1) == Some(&TokenKind::Open);
        if let Some(op) = Op::operand(name) {
            return Ok(Meaning::Operand(op));
        }
        if let Some(op) = Op::function(name) {
            return if followed_by_open {
                Ok(Meaning::Function(op))
            } else {
                Err(ParseError {
                    kind: ParseErrorKind::FunctionNeedsParentheses(name.to_string()),
                    column: token.column,
                })
            };
        }
        let error = |kind| {
            Err(ParseError {
                kind,
                column: token.column,
            })
        };
        let lower = name.to_ascii_lowercase();
        if Op::operand(&lower).is_some() || Op::function(&lower).is_some() {
            return error(ParseErrorKind::WrongCase {
                written: abbreviate(&token.original),
                expected: abbreviate(&lower),
            });
        }
        // `sinx`: a function glued to its argument.
        if let Some(function) = FUNCTION_NAMES
            .iter()
            .chain(&["ln"])
            .filter(|function| name.len() > function.len() && name.starts_with(*function))
            .find(|function| split_operands(&name[function.len()..]).is_some())
        {
            return error(ParseErrorKind::FunctionNeedsParentheses(
                function.to_string(),
            ));
        }
        // `xy`, `2pix` (the number is a token of its own), `xsin(y)`: operands glued together.
        if let Some((parts, function)) = split_glued(name, followed_by_open) {
            let first_length = parts.first().map_or(0, |part| part.chars().count());
            let mut hint = parts.join("*");
            if let Some(function) = function {
                hint.push('*');
                hint.push_str(function);
                hint.push_str(&self.shorten_group(index + 1));
            }
            return Err(ParseError {
                kind: ParseErrorKind::ImplicitMultiplication {
                    hint: abbreviate(&hint),
                },
                column: token.column + first_length,
            });
        }
        error(ParseErrorKind::UnknownName(abbreviate(&token.original)))
    }

    /// The error for an operand written right after the primary that began at token
    /// `start`: the hint writes both with a `*` between.
    fn implicit_multiplication(&self, start: usize) -> ParseError {
        let next = self.position;
        let column = self.current().column;
        // An unknown name is the more useful message: `2foo` is not fixed by `2*foo`.
        let mut next_text = None;
        if self.current().kind == TokenKind::Name {
            match self.name(next) {
                Err(error)
                    if matches!(
                        error.kind,
                        ParseErrorKind::UnknownName(_) | ParseErrorKind::WrongCase { .. }
                    ) =>
                {
                    return error
                }
                Err(ParseError {
                    kind: ParseErrorKind::ImplicitMultiplication { hint },
                    ..
                }) => next_text = Some(hint),
                _ => {}
            }
        }
        let previous = self.shorten(start, next);
        let next_text = next_text.unwrap_or_else(|| {
            let end = self.operand_end(next);
            self.shorten(next, end)
        });
        ParseError {
            kind: ParseErrorKind::ImplicitMultiplication {
                hint: format!("{previous}*{next_text}"),
            },
            column,
        }
    }

    /// The index past the operand starting at token `start`: a number or name, a name
    /// and its parenthesized argument, or a parenthesized group.
    fn operand_end(&self, start: usize) -> usize {
        match self.kind_at(start) {
            Some(TokenKind::Name) if self.kind_at(start + 1) == Some(&TokenKind::Open) => {
                self.group_end(start + 1)
            }
            Some(TokenKind::Open) => self.group_end(start),
            _ => start + 1,
        }
    }

    /// The index past the `)` matching the `(` at `open` (or the end of the tokens).
    fn group_end(&self, open: usize) -> usize {
        let mut depth = 0usize;
        for (index, token) in self.tokens.iter().enumerate().skip(open) {
            match token.kind {
                TokenKind::Open => depth += 1,
                TokenKind::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return index + 1;
                    }
                }
                _ => {}
            }
        }
        self.tokens.len()
    }

    /// The tokens start..end as ASCII, shortened when long: `(…)`, `sin(…)` or the first
    /// characters and `…`.
    fn shorten(&self, start: usize, end: usize) -> String {
        let tokens = self.tokens.get(start..end).unwrap_or_default();
        let text: String = tokens.iter().map(Token::ascii).collect();
        if text.chars().count() <= HINT_PART_CHARS {
            return text;
        }
        match tokens.first().map(|token| &token.kind) {
            Some(TokenKind::Open) => "(…)".to_string(),
            Some(TokenKind::Name) if tokens.len() > 1 => format!("{}(…)", tokens[0].ascii()),
            _ => abbreviate(&text),
        }
    }

    /// The parenthesized group at `open` for a hint, or nothing if no group starts there.
    fn shorten_group(&self, open: usize) -> String {
        if self.kind_at(open) == Some(&TokenKind::Open) {
            self.shorten(open, self.group_end(open))
        } else {
            String::new()
        }
    }
}

/// The text, or its first characters and `…` when longer than `HINT_PART_CHARS`: a
/// message never repeats 10 KB of typing.
fn abbreviate(text: &str) -> String {
    if text.chars().count() <= HINT_PART_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(HINT_PART_CHARS - 1).collect();
    format!("{head}…")
}

/// What a name stands for.
enum Meaning {
    Operand(Op),
    Function(Op),
}

/// `xy` → [x, y], `pix` → [pi, x]: a name made only of the operand names glued together
/// (they are prefix-free, so reading greedily is the only way).
fn split_operands(name: &str) -> Option<Vec<&'static str>> {
    let mut parts = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        let part = ["x", "y", "e", "pi"]
            .into_iter()
            .find(|part| rest.starts_with(part))?;
        parts.push(part);
        rest = &rest[part.len()..];
    }
    Some(parts)
}

/// A name of at least two glued parts: operands, optionally ending in a function when a
/// `(` follows (`xsin(y)`).
fn split_glued(
    name: &str,
    followed_by_open: bool,
) -> Option<(Vec<&'static str>, Option<&'static str>)> {
    if let Some(parts) = split_operands(name) {
        if parts.len() >= 2 {
            return Some((parts, None));
        }
    }
    if !followed_by_open {
        return None;
    }
    FUNCTION_NAMES.iter().find_map(|function| {
        let operands = name.strip_suffix(function)?;
        let parts = split_operands(operands)?;
        (!parts.is_empty()).then_some((parts, Some(*function)))
    })
}

// ---------------------------------------------------------------------------------------
// Forward, backward, Hessian

/// σ(a) = 1 / (1 + e^(−a)), with our exp so every target gives the same bits.
fn sigmoid(a: f64) -> f64 {
    1.0 / (1.0 + exp(-a))
}

impl Expression {
    /// The nodes in topological order (inputs first, the root last).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The index of the whole formula's node.
    pub fn root(&self) -> usize {
        self.root
    }

    /// Whether a node's value changes with the point (x or y is below it); false for a
    /// constant subexpression such as `2*pi`, and for an index past the end.
    pub fn depends_on_point(&self, node: usize) -> bool {
        self.varies.get(node).copied().unwrap_or(false)
    }

    /// Whether f uses x (then ∂f/∂x can be non-zero).
    pub fn uses_x(&self) -> bool {
        self.nodes.iter().any(|node| node.op == Op::X)
    }

    /// Whether f uses y.
    pub fn uses_y(&self) -> bool {
        self.nodes.iter().any(|node| node.op == Op::Y)
    }

    /// The forward pass: `values[i]` = vᵢ, node i's value at the point, computed from its
    /// inputs' values in topological order. `values` is resized to the node count.
    pub fn forward(&self, point: Vec2, values: &mut Vec<f64>) {
        values.clear();
        values.resize(self.nodes.len(), 0.0);
        self.forward_into(point, values, None);
    }

    /// f(x, y): the root's value. Allocates nothing (the values live on the stack).
    pub fn value(&self, point: Vec2) -> f64 {
        with_scratch(self.nodes.len(), |values, _| {
            self.forward_into(point, values, None);
            values[self.root]
        })
    }

    /// The forward pass into `values` (at least as long as the nodes), with one node's
    /// value optionally replaced (to check adjoints by finite differences).
    fn forward_into(&self, point: Vec2, values: &mut [f64], replaced: Option<(usize, f64)>) {
        for (index, node) in self.nodes.iter().enumerate() {
            // Inputs precede the node, so their values are final.
            let a = values[node.inputs[0]];
            let b = values[node.inputs[1]];
            let value = match node.op {
                Op::Constant { value, .. } => value,
                Op::X => point.x,
                Op::Y => point.y,
                Op::Add => a + b,
                Op::Subtract => a - b,
                Op::Multiply => a * b,
                Op::Divide => a / b,
                Op::Power => a.powf(b),
                Op::Negate => -a,
                Op::Sin => a.sin(),
                Op::Cos => a.cos(),
                Op::Tan => a.tan(),
                Op::Exp => exp(a),
                Op::Log => a.ln(),
                Op::Sqrt => a.sqrt(),
                Op::Abs => a.abs(),
                Op::Tanh => a.tanh(),
                Op::Sigmoid => sigmoid(a),
                // NaN stays NaN (a comparison with NaN is false, which would give 0).
                Op::Relu if a.is_nan() => a,
                Op::Relu => {
                    if a > 0.0 {
                        a
                    } else {
                        0.0
                    }
                }
            };
            values[index] = match replaced {
                Some((replaced_node, replacement)) if replaced_node == index => replacement,
                _ => value,
            };
        }
    }

    /// ∂node/∂input for the input in `slot`, at the given values (the local derivative the
    /// chain rule multiplies along that edge):
    /// - a ± b: ±1; a·b: b and a; a/b: 1/b and −(a/b)/b; −a: −1;
    /// - a^b: b·a^(b−1) (0 when b = 0: a⁰ = 1 for every a) and, for b,
    ///   a^b·ln a when a > 0; 0 when a^b = 0 (0^b = 0 for all b > 0); 0 when b does not
    ///   depend on the point (a ≤ 0: ln a is not real, but b never moves, so ∇f does not
    ///   need it); otherwise a^b·ln a, NaN for a < 0 ((−2)^b is real only at some b);
    /// - sin: cos a; cos: −sin a; tan: 1 + tan²a; exp: e^a; log: 1/a; √a: 1/(2√a);
    ///   tanh: 1 − tanh²a; σ: σ(1 − σ) (as e^(−a)·σ² for a ≥ 0, where 1 − σ would lose
    ///   its digits);
    /// - |a| and relu: subgradient 0 at a = 0 (their kink): sign(a) and 1 for a > 0.
    fn local_derivative(&self, index: usize, slot: usize, values: &[f64]) -> f64 {
        let node = self.nodes[index];
        let a = values[node.inputs[0]];
        let b = values[node.inputs[1]];
        let value = values[index];
        match node.op {
            Op::Constant { .. } | Op::X | Op::Y => 0.0,
            Op::Add => 1.0,
            Op::Subtract => [1.0, -1.0][slot & 1],
            Op::Multiply => [b, a][slot & 1],
            Op::Divide if slot == 0 => 1.0 / b,
            // −a/b² as −(a/b)/b: b² alone could overflow while the quotient does not.
            Op::Divide => -value / b,
            Op::Power if slot == 0 => {
                if b == 0.0 {
                    0.0
                } else {
                    b * a.powf(b - 1.0)
                }
            }
            Op::Power => {
                if a > 0.0 {
                    value * a.ln()
                } else if value == 0.0 || !self.varies[node.inputs[1]] {
                    0.0
                } else {
                    value * a.ln()
                }
            }
            Op::Negate => -1.0,
            Op::Sin => a.cos(),
            Op::Cos => -a.sin(),
            Op::Tan => 1.0 + value * value,
            Op::Exp => value,
            Op::Log => 1.0 / a,
            Op::Sqrt => 0.5 / value,
            Op::Abs => {
                if a > 0.0 {
                    1.0
                } else if a < 0.0 {
                    -1.0
                } else {
                    // Subgradient at the kink (and NaN's slope, which nothing uses).
                    0.0
                }
            }
            Op::Tanh => 1.0 - value * value,
            Op::Sigmoid => {
                if a >= 0.0 {
                    exp(-a) * value * value
                } else {
                    value * (1.0 - value)
                }
            }
            Op::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// Every edge (input → parent) with its local derivative ∂parent/∂input at these
    /// values (from [`Expression::forward`]), parents in topological order. `x*x` has
    /// two edges from x, one per slot. Values too few for the nodes give NaN.
    pub fn local_derivatives(&self, values: &[f64]) -> Vec<Edge> {
        let complete = values.len() >= self.nodes.len();
        let mut edges = Vec::new();
        for (parent, node) in self.nodes.iter().enumerate() {
            for (slot, &input) in node.inputs().iter().enumerate() {
                let derivative = if complete {
                    self.local_derivative(parent, slot, values)
                } else {
                    f64::NAN
                };
                edges.push(Edge {
                    input,
                    parent,
                    slot,
                    derivative,
                });
            }
        }
        edges
    }

    /// The backward pass (reverse-mode differentiation): `adjoints[i]` = v̄ᵢ = ∂f/∂vᵢ.
    /// v̄(root) = 1; visiting nodes in reverse topological order (every parent before its
    /// inputs), each node adds v̄ · ∂node/∂input to each input's adjoint, so
    /// v̄ᵢ = Σ over parents p of v̄ₚ · ∂vₚ/∂vᵢ, the chain rule.
    ///
    /// A node whose adjoint is exactly 0 sends nothing back: it does not change f, so its
    /// inputs cannot change f through it (this takes 0·∞ as 0, e.g. σ(e^x) at x = 1000).
    /// `values` come from [`Expression::forward`]; too few give NaN adjoints.
    pub fn backward(&self, values: &[f64], adjoints: &mut Vec<f64>) {
        adjoints.clear();
        if values.len() < self.nodes.len() {
            adjoints.resize(self.nodes.len(), f64::NAN);
            return;
        }
        adjoints.resize(self.nodes.len(), 0.0);
        self.backward_into(values, adjoints);
    }

    fn backward_into(&self, values: &[f64], adjoints: &mut [f64]) {
        adjoints[self.root] = 1.0;
        for index in (0..self.nodes.len()).rev() {
            let adjoint = adjoints[index];
            if adjoint == 0.0 {
                continue;
            }
            let node = self.nodes[index];
            for (slot, &input) in node.inputs().iter().enumerate() {
                adjoints[input] += adjoint * self.local_derivative(index, slot, values);
            }
        }
    }

    /// ∇f(x, y) = (v̄ of the x node, v̄ of the y node) by one forward and one backward
    /// pass; 0 for a variable f does not use. Allocates nothing.
    pub fn gradient(&self, point: Vec2) -> Vec2 {
        self.value_and_gradient(point).1
    }

    /// f(x, y) and ∇f from the same forward pass. Allocates nothing.
    pub fn value_and_gradient(&self, point: Vec2) -> (f64, Vec2) {
        with_scratch(self.nodes.len(), |values, adjoints| {
            self.forward_into(point, values, None);
            self.backward_into(values, adjoints);
            let adjoint_of = |variable: Op| {
                self.nodes
                    .iter()
                    .position(|node| node.op == variable)
                    .map_or(0.0, |index| adjoints[index])
            };
            (
                values[self.root],
                Vec2::new(adjoint_of(Op::X), adjoint_of(Op::Y)),
            )
        })
    }

    /// The Hessian by central differences of the exact gradient:
    /// ∂²f/∂x² ≈ (∂f/∂x(x + h) − ∂f/∂x(x − h)) / 2h, likewise in y, and ∂²f/∂x∂y the mean
    /// of its two estimates (so the matrix is symmetric). h = ∛ε·max(|coordinate|, 1),
    /// which balances the O(h²) truncation against the O(ε/h) rounding; the divisor is
    /// the step actually taken ((x + h) − (x − h) in doubles).
    pub fn hessian(&self, point: Vec2) -> Hessian {
        // ∛ε for ε = 2⁻⁵².
        const STEP: f64 = 6.055454452393343e-6;
        let step_x = STEP * point.x.abs().max(1.0);
        let step_y = STEP * point.y.abs().max(1.0);
        let (x_plus, x_minus) = (point.x + step_x, point.x - step_x);
        let (y_plus, y_minus) = (point.y + step_y, point.y - step_y);
        let along_x = (
            self.gradient(Vec2::new(x_plus, point.y)),
            self.gradient(Vec2::new(x_minus, point.y)),
        );
        let along_y = (
            self.gradient(Vec2::new(point.x, y_plus)),
            self.gradient(Vec2::new(point.x, y_minus)),
        );
        let width_x = x_plus - x_minus;
        let width_y = y_plus - y_minus;
        let xx = (along_x.0.x - along_x.1.x) / width_x;
        let yx = (along_x.0.y - along_x.1.y) / width_x;
        let xy = (along_y.0.x - along_y.1.x) / width_y;
        let yy = (along_y.0.y - along_y.1.y) / width_y;
        Hessian {
            xx,
            xy: (xy + yx) / 2.0,
            yy,
        }
    }

    /// The first node (in topological order) whose value is not finite, and why: its
    /// inputs are all finite, so the reason is its own operation (log of a negative
    /// number, division by zero …). `None` when every value is finite (and when `values`
    /// are too few for the nodes). A non-finite node may still give a finite f
    /// (σ(e^1000) = 1), and its gradient is then suspect, so callers ask whenever f or ∇f
    /// is not finite.
    pub fn first_failure(&self, values: &[f64]) -> Option<(usize, Failure)> {
        if values.len() < self.nodes.len() {
            return None;
        }
        let index = values[..self.nodes.len()]
            .iter()
            .position(|value| !value.is_finite())?;
        let node = self.nodes[index];
        let a = values[node.inputs[0]];
        let b = values[node.inputs[1]];
        let failure = match node.op {
            Op::X | Op::Y => Failure::PointNotFinite,
            Op::Divide if b == 0.0 => Failure::DivisionByZero,
            Op::Log if a == 0.0 => Failure::LogOfZero,
            Op::Log if a < 0.0 => Failure::LogOfNegative,
            Op::Sqrt if a < 0.0 => Failure::SqrtOfNegative,
            Op::Power if a < 0.0 && b.fract() != 0.0 => Failure::PowerOfNegative,
            Op::Power if a == 0.0 && b < 0.0 => Failure::ZeroToNegativePower,
            _ => Failure::Overflow,
        };
        Some((index, failure))
    }

    /// Where the gradient stops being finite although every value is: the node nearest
    /// the root whose adjoint (of those that depend on the point; a constant's adjoint
    /// does not reach ∇f) is not finite. Reported as the parent whose local derivative is
    /// infinite (√ at 0: [`Failure::InfiniteDerivative`]), or as the node itself when the
    /// products of finite factors overflowed ([`Failure::Overflow`]). `None` if all are
    /// finite. Check [`Expression::first_failure`] first: a non-finite value explains more.
    pub fn first_gradient_failure(
        &self,
        values: &[f64],
        adjoints: &[f64],
    ) -> Option<(usize, Failure)> {
        let count = self.nodes.len();
        if values.len() < count || adjoints.len() < count {
            return None;
        }
        let index = (0..count)
            .rev()
            .find(|&index| self.varies[index] && !adjoints[index].is_finite())?;
        let steep_parent = (index + 1..count).find(|&parent| {
            self.nodes[parent]
                .inputs()
                .iter()
                .enumerate()
                .any(|(slot, &input)| {
                    input == index
                        && adjoints[parent] != 0.0
                        && !self.local_derivative(parent, slot, values).is_finite()
                })
        });
        Some(match steep_parent {
            Some(parent) => (parent, Failure::InfiniteDerivative),
            None => (index, Failure::Overflow),
        })
    }

    /// The subexpression of one node as text, printed like the whole formula (for the
    /// graph's labels and for messages); empty for an index past the end.
    pub fn node_text(&self, node: usize) -> String {
        if node >= self.nodes.len() {
            return String::new();
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_node(&mut text, node, false);
        text
    }
}

impl Objective for Expression {
    fn value(&self, point: Vec2) -> f64 {
        Expression::value(self, point)
    }

    fn gradient(&self, point: Vec2) -> Vec2 {
        Expression::gradient(self, point)
    }

    fn hessian(&self, point: Vec2) -> Hessian {
        Expression::hessian(self, point)
    }
}

// ---------------------------------------------------------------------------------------
// Printing

/// How tightly an operation binds: a child binding looser than its place needs gets
/// parentheses, and only then.
fn binding(op: Op) -> u8 {
    match op {
        Op::Add | Op::Subtract => 1,
        Op::Multiply | Op::Divide => 2,
        Op::Negate => 3,
        Op::Power => 4,
        _ => 5,
    }
}

/// A number so that reading it back gives the same double: Rust's shortest round-trip
/// digits, plainly (`0.001`, `250`) unless the exponent form is more than two characters
/// shorter (`1e-7`, `1e300` rather than 301 digits).
fn write_number(out: &mut impl fmt::Write, value: f64) -> fmt::Result {
    let plain = format!("{value}");
    let scientific = format!("{value:e}");
    if plain.len() <= scientific.len() + 2 {
        out.write_str(&plain)
    } else {
        out.write_str(&scientific)
    }
}

impl Expression {
    /// Writes node `index`; recursion as deep as the graph is tall (at most MAX_NODES).
    fn write_node(&self, out: &mut impl fmt::Write, index: usize, spaced: bool) -> fmt::Result {
        let node = self.nodes[index];
        let [a, b] = node.inputs;
        match node.op {
            Op::Constant {
                name: Some(name), ..
            } => out.write_str(name.text()),
            Op::Constant { value, .. } => write_number(out, value),
            Op::X => out.write_str("x"),
            Op::Y => out.write_str("y"),
            Op::Add | Op::Subtract | Op::Multiply | Op::Divide => {
                let level = binding(node.op);
                // Left-associative: the left operand may bind as loosely as this
                // operation, the right one must bind tighter (x − (y − z)).
                self.write_operand(out, a, level, spaced)?;
                let symbol = node.op.symbol().unwrap_or("?");
                if spaced && level == 1 {
                    write!(out, " {symbol} ")?;
                } else {
                    out.write_str(symbol)?;
                }
                self.write_operand(out, b, level + 1, spaced)
            }
            Op::Negate => {
                out.write_str("-")?;
                self.write_operand(out, a, binding(Op::Negate), spaced)
            }
            Op::Power => {
                // The base is a primary ((−2)^2, (2^3)^2); the exponent may be a power
                // (right-associative) or start with a minus (2^-1).
                self.write_operand(out, a, binding(Op::Power) + 1, spaced)?;
                out.write_str("^")?;
                self.write_operand(out, b, binding(Op::Negate), spaced)
            }
            function => {
                out.write_str(function.function_name().unwrap_or("?"))?;
                out.write_str("(")?;
                self.write_node(out, a, spaced)?;
                out.write_str(")")
            }
        }
    }

    fn write_operand(
        &self,
        out: &mut impl fmt::Write,
        index: usize,
        least_binding: u8,
        spaced: bool,
    ) -> fmt::Result {
        if binding(self.nodes[index].op) < least_binding {
            out.write_str("(")?;
            self.write_node(out, index, spaced)?;
            out.write_str(")")
        } else {
            self.write_node(out, index, spaced)
        }
    }
}

/// The formula with the fewest parentheses that read back as the same graph, e.g.
/// `sin(x)*y+exp(-x^2)`; parsing it gives an equal [`Expression`]. The alternate form
/// (`{:#}`) puts spaces around `+` and `-`: `sin(x)*y + exp(-x^2)`.
impl fmt::Display for Expression {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_node(formatter, self.root, formatter.alternate())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_adjoint_equals_a_central_difference() {
        // The chain rule checked node by node, as in `graph.rs`: nudging node i's value
        // by ±h changes f by ±h·v̄ᵢ.
        for formula in [
            "sin(x)*y + exp(-x^2)",
            "x^2 + y^2",
            "log(1 + x*x) / sqrt(y) - tanh(x*y)",
            "sigmoid(x - y)^3 * cos(x) + abs(y - 0.5) + relu(x)",
            "2^x * y^y / tan(x + 0.1)",
        ] {
            let expression = parse(formula).expect("a valid formula");
            let point = Vec2::new(0.7, 1.3);
            let mut values = Vec::new();
            let mut adjoints = Vec::new();
            expression.forward(point, &mut values);
            expression.backward(&values, &mut adjoints);
            for (index, &value) in values.iter().enumerate() {
                let h = 1e-6 * value.abs().max(1.0);
                let f = |replacement: f64| {
                    let mut nudged = [0.0; MAX_NODES];
                    expression.forward_into(point, &mut nudged, Some((index, replacement)));
                    nudged[expression.root]
                };
                let numeric = (f(value + h) - f(value - h)) / ((value + h) - (value - h));
                assert!(
                    (adjoints[index] - numeric).abs() < 1e-6 * numeric.abs().max(1.0),
                    "{formula}, node {index} ({:?}): {} vs {numeric}",
                    expression.nodes[index].op,
                    adjoints[index]
                );
            }
        }
    }

    #[test]
    fn root_is_last_and_inputs_point_backwards() {
        let expression = parse("sin(x)*y + exp(-x^2) - (x*y)^2").expect("valid");
        assert_eq!(expression.root, expression.nodes.len() - 1);
        for (index, node) in expression.nodes.iter().enumerate() {
            assert!(node.inputs().iter().all(|&input| input < index));
        }
    }

    #[test]
    fn local_derivatives_match_the_adjoints() {
        // v̄ᵢ is the sum over edges out of i of v̄(parent) · derivative.
        let expression = parse("x*x + sin(x)*y").expect("valid");
        let mut values = Vec::new();
        let mut adjoints = Vec::new();
        expression.forward(Vec2::new(0.3, -2.0), &mut values);
        expression.backward(&values, &mut adjoints);
        let edges = expression.local_derivatives(&values);
        assert_eq!(edges.iter().filter(|edge| edge.input == 0).count(), 3);
        for index in 0..expression.root {
            let sum: f64 = edges
                .iter()
                .filter(|edge| edge.input == index)
                .map(|edge| adjoints[edge.parent] * edge.derivative)
                .sum();
            assert!((sum - adjoints[index]).abs() < 1e-15, "node {index}");
        }
    }
}
