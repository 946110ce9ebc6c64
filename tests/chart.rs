//! The loss chart drawn against plotters' SVG backend: the same code the canvas runs.

use gdlab::app::LossScale;
use gdlab::history::{History, Sample};
use gdlab::render::chart::{draw_loss_chart, ChartStyle};
use plotters::prelude::*;

fn draw(samples: &[Sample<f64>], scale: LossScale) -> String {
    let mut svg = String::new();
    {
        let mut backend = SVGBackend::with_string(&mut svg, (600, 300));
        let marker = samples.last().map(|sample| (sample.step, sample.value));
        draw_loss_chart(
            &mut backend,
            samples,
            marker,
            scale,
            ChartStyle::for_pixel_ratio(1.0),
        )
        .expect("the chart draws");
        backend.present().expect("the chart is written");
    }
    svg
}

/// The points of the curve: the polyline stroked in the curve's colour.
fn curve_points(svg: &str) -> Vec<(f64, f64)> {
    svg.split("<polyline")
        .skip(1)
        .filter(|element| element.contains("stroke=\"#2166AC\""))
        .filter_map(|element| {
            let start = element.find("points=\"")? + 8;
            let end = start + element[start..].find('"')?;
            Some(
                element[start..end]
                    .split_whitespace()
                    .map(|pair| {
                        let (x, y) = pair.split_once(',').expect("x,y");
                        (x.parse().expect("x"), y.parse().expect("y"))
                    })
                    .collect::<Vec<(f64, f64)>>(),
            )
        })
        .max_by_key(Vec::len)
        .unwrap_or_default()
}

fn decaying(steps: u64) -> Vec<Sample<f64>> {
    let mut history = History::with_capacity(4096);
    for step in 0..steps {
        history.record(step, 10.0 * 0.96f64.powi(step as i32));
    }
    history.samples().to_vec()
}

#[test]
fn draws_one_point_per_sample_falling_left_to_right() {
    let svg = draw(&decaying(50), LossScale::Linear);
    let points = curve_points(&svg);
    assert_eq!(points.len(), 50);
    assert!(points.windows(2).all(|pair| pair[1].0 > pair[0].0));
    // Screen y grows downwards: a falling loss rises in y.
    assert!(points.windows(2).all(|pair| pair[1].1 >= pair[0].1));
    assert!(svg.contains("step") && svg.contains("loss"));
}

#[test]
fn log_scale_handles_zero_and_huge_losses() {
    let samples = vec![
        Sample {
            step: 0,
            value: 1e30,
        },
        Sample {
            step: 1,
            value: 1.0,
        },
        Sample {
            step: 2,
            value: 0.0,
        },
        Sample {
            step: 3,
            value: f64::NAN,
        },
    ];
    let svg = draw(&samples, LossScale::Log);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    let points = curve_points(&svg);
    assert_eq!(points.len(), 3, "the non-finite sample is skipped");
    assert!(points.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
    // On a log axis 1 lies between 1e30 and the floor drawn for 0.
    assert!(points[0].1 < points[1].1 && points[1].1 < points[2].1);
}

#[test]
fn an_empty_history_still_draws_axes() {
    let svg = draw(&[], LossScale::Linear);
    assert!(curve_points(&svg).is_empty());
    assert!(svg.contains("<svg"));
}
