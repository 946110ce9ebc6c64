//! Gradient descent and backpropagation, step by step: the core of an interactive
//! lesson on the post "反向传播算法（一）之反向传播入门".
//!
//! The math ([`surface`], [`neuron`]), the run state ([`app`]) and the pure drawing
//! ([`render`]) build natively and know nothing of the browser; [`web`] (wasm32 only)
//! wires them to the page.

pub mod app;
pub mod config;
pub mod decimal;
pub mod export;
pub mod format;
pub mod graph;
pub mod history;
pub mod learning_rate;
pub mod neuron;
pub mod random;
pub mod regime;
pub mod render;
pub mod run;
pub mod surface;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod web;
