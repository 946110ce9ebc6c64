//! Native benchmarks of the core (criterion): one descent step of each scene, a
//! frame of play at 1000 steps, the 600×600 heatmap buffers (the field's and the
//! optimizer race's Rosenbrock surface, built in and as a formula), and the loss-chart redraw
//! against an off-screen (SVG) backend. Run by `./scripts/bench.sh`.

// Criterion is a native-only dev-dependency; the wasm32 lint pass builds an empty bench.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{criterion_group, Criterion};
    use gdlab::app::{App, Defaults, LossScale, Msg, Scene, UNIT_SAMPLES};
    use gdlab::config::parse_query;
    use gdlab::history::History;
    use gdlab::neuron::{DenseLayer, Parameters};
    use gdlab::optimizer::{Surface, SurfaceKind, DEFAULT_KAPPA};
    use gdlab::render::chart::{draw_loss_chart, draw_loss_curve, ChartFrame, ChartStyle};
    use gdlab::render::field::field_pixels;
    use gdlab::render::surface_map::{surface_pixels, SurfaceLayout, SurfaceLook};
    use gdlab::surface::{self, Vec2};
    use gdlab::text::Language;
    use plotters::prelude::*;

    fn app(query: &str) -> App {
        let (config, notices) = parse_query(query);
        let defaults = Defaults {
            unit_samples: [0.25; UNIT_SAMPLES],
            language: Language::English,
        };
        App::new(&config, notices, defaults)
    }

    fn steps(c: &mut Criterion) {
        c.bench_function("field: one descent step", |b| {
            let mut position = Vec2::new(1.0, 3.0);
            b.iter(|| {
                position = surface::descend(black_box(position), 1e-9);
            })
        });
        c.bench_function("neuron: one step of the dense layer", |b| {
            let mut layer = DenseLayer::new(Parameters {
                weights: [0.0; 3],
                bias: 3.35507743,
            });
            b.iter(|| black_box(layer.step(black_box(1e-9))))
        });
        c.bench_function("e^x, correctly rounded (src/exp.rs)", |b| {
            let mut x = -3.0;
            b.iter(|| {
                x = if x > 3.0 { -3.0 } else { x + 0.001 };
                black_box(gdlab::exp::exp(black_box(x)))
            })
        });
        c.bench_function("e^x, std", |b| {
            let mut x: f64 = -3.0;
            b.iter(|| {
                x = if x > 3.0 { -3.0 } else { x + 0.001 };
                black_box(black_box(x).exp())
            })
        });
        for scene in Scene::ALL {
            c.bench_function(
                &format!("{scene:?}: a frame of play at 1000 steps (App::update(Tick))"),
                |b| {
                    let mut app = app("lr=0.0001&speed=1000");
                    app.update(Msg::SelectScene(scene));
                    app.update(Msg::TogglePlay);
                    b.iter(|| {
                        app.update(Msg::Tick(0.0));
                        if !app.playing {
                            app.update(Msg::Reset);
                            app.update(Msg::TogglePlay);
                        }
                    })
                },
            );
        }
    }

    fn pictures(c: &mut Criterion) {
        c.bench_function("heatmap buffer, 600×600", |b| {
            b.iter(|| black_box(field_pixels(600)))
        });
        c.bench_function("surface_pixels: Rosenbrock, 600×600", |b| {
            let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
            // The smallest canvas whose plot is 600 pixels wide.
            let layout = (600..2000)
                .map(|size| SurfaceLayout::new(size, 1.0, surface.domain()))
                .find(|layout| layout.plot_pixels().2 >= 600)
                .expect("a canvas with a 600-pixel plot");
            assert_eq!(layout.plot_pixels().2, 600);
            let look = SurfaceLook::of_surface(&surface);
            b.iter(|| black_box(surface_pixels(black_box(&look), &layout, false)))
        });
        c.bench_function(
            "surface_pixels: Rosenbrock as a formula (dyn Objective), 600×600",
            |b| {
                let surface = Surface::new(SurfaceKind::Rosenbrock, DEFAULT_KAPPA);
                let layout = (600..2000)
                    .map(|size| SurfaceLayout::new(size, 1.0, surface.domain()))
                    .find(|layout| layout.plot_pixels().2 >= 600)
                    .expect("a canvas with a 600-pixel plot");
                // The same picture, with f and ∇f called through `&dyn Objective`.
                let look = SurfaceLook::of_formula(&surface, surface.domain());
                b.iter(|| black_box(surface_pixels(black_box(&look), &layout, false)))
            },
        );

        let mut history = History::with_capacity(2048);
        for step in 0..5000u64 {
            history.record(step, 10.0 * 0.999f64.powi(step as i32));
        }
        let samples = history.samples().to_vec();
        let style = ChartStyle::for_pixel_ratio(1.0);
        c.bench_function("loss chart, frame and curve, SVG backend", |b| {
            b.iter(|| {
                let mut svg = String::with_capacity(1 << 16);
                let mut backend = SVGBackend::with_string(&mut svg, (600, 240));
                draw_loss_chart(
                    &mut backend,
                    &samples,
                    Some((4999, 0.07)),
                    LossScale::Linear,
                    style,
                )
                .expect("draws");
                drop(backend);
                black_box(svg.len())
            })
        });
        c.bench_function(
            "loss chart, curve only (the per-frame part), SVG backend",
            |b| {
                let frame = ChartFrame::for_samples(&samples, LossScale::Linear);
                b.iter(|| {
                    let mut svg = String::with_capacity(1 << 16);
                    let mut backend = SVGBackend::with_string(&mut svg, (600, 240));
                    draw_loss_curve(&mut backend, frame, &samples, Some((4999, 0.07)), style)
                        .expect("draws");
                    drop(backend);
                    black_box(svg.len())
                })
            },
        );
    }

    criterion_group!(benches, steps, pictures);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
