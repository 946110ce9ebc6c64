//! Pure drawing: pixel buffers, charts, SVG and MathML computed without the DOM, so
//! they are tested natively and the web layer only blits or inserts them.

pub mod chart;
pub mod colormap;
pub mod equations;
pub mod field;
pub mod formula_svg;
pub mod graph_svg;
pub mod markup;
pub mod optimizer_equations;
pub mod paths_svg;
pub mod surface_map;
