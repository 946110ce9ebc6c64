//! Pure drawing: pixel buffers and charts computed without the DOM, so they are
//! tested natively and the web layer only blits or forwards them to a canvas.

pub mod chart;
pub mod colormap;
pub mod field;
