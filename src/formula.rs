//! A formula the reader typed (`surface=custom&f=…`): its text and its expression graph,
//! as one more thing the optimizers can descend.

use crate::expression::{self, Expression, ParseError};
use crate::optimizer::{Hessian, Objective};
use crate::surface::Vec2;

/// A formula the reader typed: its text as typed (for the link and the field) and its graph.
#[derive(Debug, PartialEq)]
pub struct Formula {
    pub text: String,
    pub expression: Expression,
}

impl Formula {
    /// Reads `text` (see `crate::expression` for the grammar).
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        Ok(Self {
            text: text.to_string(),
            expression: expression::parse(text)?,
        })
    }
}

impl Objective for Formula {
    fn value(&self, point: Vec2) -> f64 {
        self.expression.value(point)
    }

    fn gradient(&self, point: Vec2) -> Vec2 {
        self.expression.gradient(point)
    }

    fn hessian(&self, point: Vec2) -> Hessian {
        self.expression.hessian(point)
    }

    fn value_and_gradient(&self, point: Vec2) -> (f64, Vec2) {
        self.expression.value_and_gradient(point)
    }
}

/// The formula a race on `surface=custom` starts with: the post's bowl, typed.
pub const DEFAULT_FORMULA: &str = "x^2 + y^2";
