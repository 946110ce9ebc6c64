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

/// The value of attribute `name` in an element's text.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let end = start + element[start..].find('"')?;
    Some(&element[start..end])
}

fn number(element: &str, name: &str) -> f64 {
    attribute(element, name)
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("a number in {name} of {element}"))
}

/// The elements with this tag: each one's attributes and, for `<text>`, its content.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    svg.split('<')
        .filter(|element| element.starts_with(&format!("{tag} ")))
        .collect()
}

/// Every `<text>` as (content, x, y, text-anchor).
fn texts(svg: &str) -> Vec<(String, f64, f64, String)> {
    elements(svg, "text")
        .into_iter()
        .map(|element| {
            let content = element.split_once('>').expect("a closed tag").1.trim();
            let anchor = attribute(element, "text-anchor").unwrap_or("start");
            (
                content.to_string(),
                number(element, "x"),
                number(element, "y"),
                anchor.to_string(),
            )
        })
        .collect()
}

/// The loss axis' labels from bottom to top, as (text, y).
fn loss_labels(svg: &str) -> Vec<(String, f64)> {
    let mut labels: Vec<_> = texts(svg)
        .into_iter()
        .filter(|(_, _, _, anchor)| anchor == "end")
        .map(|(text, _, y, _)| (text, y))
        .collect();
    labels.sort_by(|a, b| b.1.total_cmp(&a.1));
    labels
}

/// The step axis' labels from left to right, as (text, x): the centred numbers.
fn step_labels(svg: &str) -> Vec<(String, f64)> {
    let mut labels: Vec<_> = texts(svg)
        .into_iter()
        .filter(|(text, _, _, anchor)| anchor == "middle" && text.parse::<f64>().is_ok())
        .map(|(text, x, _, _)| (text, x))
        .collect();
    labels.sort_by(|a, b| a.1.total_cmp(&b.1));
    labels
}

fn texts_of(labels: &[(String, f64)]) -> Vec<&str> {
    labels.iter().map(|(text, _)| text.as_str()).collect()
}

/// The plot area (left, top, right, bottom) from the two axes, drawn in the text colour
/// as an L: the loss axis up the left side, the step axis along the bottom.
fn plot_area(svg: &str) -> (f64, f64, f64, f64) {
    let axes: Vec<[f64; 4]> = elements(svg, "line")
        .into_iter()
        .filter(|line| attribute(line, "stroke") == Some("#1B1F24"))
        .map(|line| ["x1", "y1", "x2", "y2"].map(|name| number(line, name)))
        .collect();
    assert_eq!(axes.len(), 2, "two axes: {axes:?}");
    let [x1, y1, x2, y2] = axes[0];
    assert_eq!(x1, x2, "the loss axis is vertical");
    let [x3, y3, x4, y4] = axes[1];
    assert_eq!(y3, y4, "the step axis is horizontal");
    assert_eq!((x3, y3), (x1, y2), "the axes meet at the bottom left");
    assert!(y1 < y2 && x3 < x4);
    (x1, y1, x4, y2)
}

/// The dot drawn at the marked step: filled circles in the curve's colour, as (x, y).
fn markers(svg: &str) -> Vec<(f64, f64)> {
    elements(svg, "circle")
        .into_iter()
        .filter(|circle| attribute(circle, "fill") == Some("#2166AC"))
        .map(|circle| (number(circle, "cx"), number(circle, "cy")))
        .collect()
}

/// The pixel the axis' labels give to `value` (after `axis`, which is log₁₀ on a log
/// axis): read off the first and last label, and checked against all the others.
fn position(labels: &[(String, f64)], axis: fn(f64) -> f64, value: f64) -> f64 {
    let read = |(text, pixel): &(String, f64)| (axis(text.parse().expect("a number")), *pixel);
    let (first, last) = (read(&labels[0]), read(labels.last().unwrap()));
    let at = |value: f64| first.1 + (value - first.0) / (last.0 - first.0) * (last.1 - first.1);
    for label in labels {
        let (value, pixel) = read(label);
        assert!(
            (at(value) - pixel).abs() <= 1.0,
            "label {label:?} is out of line"
        );
    }
    at(axis(value))
}

/// Pixels are whole: a label and a point can each be half a pixel off.
const PIXEL: f64 = 1.01;

/// Every point of the curve lies where the axes' labels say its sample belongs, inside
/// the plot area, and the marker sits on the last one.
fn assert_curve_matches_axes(svg: &str, samples: &[Sample<f64>], axis: fn(f64) -> f64) {
    let points = curve_points(svg);
    assert_eq!(points.len(), samples.len());
    let (left, top, right, bottom) = plot_area(svg);
    let (steps, losses) = (step_labels(svg), loss_labels(svg));
    for (sample, (x, y)) in samples.iter().zip(&points) {
        let expected = (
            position(&steps, |step| step, sample.step as f64),
            position(&losses, axis, sample.value),
        );
        assert!(
            (x - expected.0).abs() <= PIXEL && (y - expected.1).abs() <= PIXEL,
            "step {} with loss {} is drawn at {:?}, the axes say {expected:?}",
            sample.step,
            sample.value,
            (x, y)
        );
        assert!((left..=right).contains(x) && (top..=bottom).contains(y));
    }
    assert_eq!(markers(svg), vec![*points.last().unwrap()]);
}

/// A loss of 10 that shrinks by `factor` each step.
fn decaying_by(steps: u64, factor: f64) -> Vec<Sample<f64>> {
    let mut history = History::with_capacity(4096);
    for step in 0..steps {
        history.record(step, 10.0 * factor.powi(step as i32));
    }
    history.samples().to_vec()
}

fn decaying(steps: u64) -> Vec<Sample<f64>> {
    decaying_by(steps, 0.96)
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
    let (_, top, _, bottom) = plot_area(&svg);
    assert!((points[0].1 - top).abs() <= PIXEL, "1e30 is at the top");
    assert!((points[2].1 - bottom).abs() <= PIXEL, "0 is at the bottom");
}

#[test]
fn the_curve_lies_where_the_axes_say() {
    let samples = decaying(50);
    let svg = draw(&samples, LossScale::Linear);
    assert_eq!(texts_of(&loss_labels(&svg)), ["0", "5", "10"]);
    assert_eq!(
        texts_of(&step_labels(&svg)),
        ["0", "10", "20", "30", "40", "50"]
    );
    assert_curve_matches_axes(&svg, &samples, |loss| loss);
}

#[test]
fn a_log_scale_spaces_decades_evenly() {
    // 10 · 0.8ˢ falls through five decades, and on a log axis it is a straight line.
    let samples = decaying_by(50, 0.8);
    let svg = draw(&samples, LossScale::Log);
    assert_eq!(
        texts_of(&loss_labels(&svg)),
        ["1e-4", "0.001", "0.01", "0.1", "1", "10"]
    );
    assert_curve_matches_axes(&svg, &samples, f64::log10);
    let drops = |svg: &str| -> Vec<f64> {
        let points = curve_points(svg);
        points
            .windows(2)
            .map(|pair| pair[1].1 - pair[0].1)
            .collect()
    };
    let spread = |drops: &[f64]| {
        drops.iter().copied().fold(f64::MIN, f64::max)
            - drops.iter().copied().fold(f64::MAX, f64::min)
    };
    assert!(spread(&drops(&svg)) <= 1.0, "{:?}", drops(&svg));
    // The same losses on a linear axis: a curve that flattens out, drawn elsewhere.
    let linear = draw(&samples, LossScale::Linear);
    assert!(spread(&drops(&linear)) > 5.0, "{:?}", drops(&linear));
    let (log_points, linear_points) = (curve_points(&svg), curve_points(&linear));
    let xs = |points: &[(f64, f64)]| points.iter().map(|point| point.0).collect::<Vec<_>>();
    assert_eq!(
        xs(&log_points),
        xs(&linear_points),
        "the step axis is the same"
    );
    assert!(
        log_points[10].1 + 100.0 < linear_points[10].1,
        "a loss of 1.07 is far up a log axis, near the bottom of a linear one"
    );
}

#[test]
fn an_empty_history_still_draws_axes() {
    let svg = draw(&[], LossScale::Linear);
    assert!(curve_points(&svg).is_empty());
    assert!(markers(&svg).is_empty());
    let (left, top, right, bottom) = plot_area(&svg);
    assert!(left > 0.0 && top > 0.0 && right < 600.0 && bottom < 300.0);
    assert!(right - left > 400.0 && bottom - top > 150.0);
    // A unit loss axis and ten steps, labelled beside their grid lines.
    let losses = loss_labels(&svg);
    assert_eq!(texts_of(&losses), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    assert!((losses[0].1 - bottom).abs() <= PIXEL && (losses[5].1 - top).abs() <= PIXEL);
    let steps = step_labels(&svg);
    assert_eq!(texts_of(&steps), ["0", "2", "4", "6", "8", "10"]);
    assert!((steps[0].1 - left).abs() <= PIXEL && (steps[5].1 - right).abs() <= PIXEL);
    let names: Vec<String> = texts(&svg).into_iter().map(|text| text.0).collect();
    assert!(names.contains(&"step".to_string()) && names.contains(&"loss".to_string()));
}

/// The step axis' name sits below its numbers, a line apart, at every pixel ratio (on a
/// phone's ratio 2 "step" touched the "10" under the middle of the axis).
#[test]
fn the_step_axis_name_clears_its_numbers() {
    for ratio in [1.0, 2.0, 3.0] {
        let style = ChartStyle::for_pixel_ratio(ratio);
        let (width, height) = ((300.0 * ratio) as u32, (200.0 * ratio) as u32);
        let mut svg = String::new();
        {
            let mut backend = SVGBackend::with_string(&mut svg, (width, height));
            draw_loss_chart(
                &mut backend,
                &decaying(20),
                Some((20, 0.1)),
                LossScale::Linear,
                style,
            )
            .expect("the chart draws");
            backend.present().expect("the chart is written");
        }
        let all = texts(&svg);
        let numbers_top = all
            .iter()
            .filter(|(text, _, _, anchor)| anchor == "middle" && text.parse::<f64>().is_ok())
            .map(|(_, _, y, _)| *y)
            .fold(f64::NEG_INFINITY, f64::max);
        let name_top = all
            .iter()
            .find(|(text, ..)| text == "step")
            .map(|(_, _, y, _)| *y)
            .expect("the step axis is named");
        // Both are placed by their top edge; a line of text is about 1.15 font sizes tall.
        assert!(
            name_top - numbers_top >= 1.2 * style.font_size,
            "ratio {ratio}: numbers at {numbers_top}, name at {name_top}"
        );
        let (_, _, _, bottom) = plot_area(&svg);
        assert!(
            name_top + 1.2 * style.font_size <= f64::from(height),
            "ratio {ratio}: the name fits under the plot ({bottom} of {height})"
        );
    }
}
