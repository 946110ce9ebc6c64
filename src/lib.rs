//! Gradient descent and backpropagation, step by step: the core of an interactive
//! lesson on the post "反向传播算法（一）之反向传播入门".
//!
//! The math ([`surface`], [`neuron`], [`graph`]), the lessons built on it ([`lesson`],
//! [`lessons`]), the walk through one Step of backpropagation ([`walk`]), the app state
//! ([`app`]), the page model ([`page`]) and the pure drawing ([`render`]) build natively
//! and know nothing of the browser; [`web`] (wasm32 only) draws the page model and turns
//! events into messages.

pub mod app;
pub mod batch;
pub mod challenge;
pub mod config;
pub mod decimal;
pub mod exp;
pub mod expression;
pub mod format;
pub mod formula;
pub mod graph;
pub mod history;
pub mod learning_rate;
pub mod lesson;
pub mod lessons;
pub mod neuron;
pub mod optimizer;
pub mod page;
pub mod post;
pub mod random;
pub mod regime;
pub mod render;
pub mod surface;
pub mod text;
pub mod vocabulary;
pub mod walk;

#[cfg(target_arch = "wasm32")]
pub mod web;
