//! `App::update`, natively: every reader action as a message.

mod common;

use gdlab::app::{
    shortcut, App, Clip, Defaults, KeyTarget, LossScale, Msg, Outcome, Scene, Speed,
    DIVERGENCE_BOUND, FIRST_STATES, HISTORY_CAPACITY, RECENT_STATES, UNIT_SAMPLES,
};
use gdlab::config::{parse_query, Notice, Parameter};
use gdlab::learning_rate::{self, LearningRateError};
use gdlab::lesson::AnyRun;
use gdlab::neuron::{NeuronStep, Parameters};
use gdlab::render::field::canvas_fraction;
use gdlab::surface::Vec2;
use gdlab::text::Language;

const SOME_WEIGHTS: Parameters = Parameters {
    weights: [0.25, 0.5, 0.75],
    bias: 0.125,
};

/// Random samples whose first four are SOME_WEIGHTS (w1, w2, w3, b).
const SOME_SAMPLES: [f64; UNIT_SAMPLES] = {
    let mut samples = [0.5; UNIT_SAMPLES];
    samples[0] = 0.25;
    samples[1] = 0.5;
    samples[2] = 0.75;
    samples[3] = 0.125;
    samples
};

/// The neuron's run log: every kept step with the update that led to it.
fn neuron_log(app: &App) -> Vec<(u64, NeuronStep)> {
    app.lessons
        .neuron
        .timeline
        .samples()
        .filter_map(|sample| sample.value.last_step.map(|step| (sample.step, step)))
        .collect()
}

fn app_from(query: &str) -> App {
    common::app_from_link(query, SOME_SAMPLES)
}

#[test]
fn starts_on_the_field_at_the_posts_point() {
    let app = app_from("");
    assert_eq!(app.scene, Scene::Field);
    assert!(!app.playing);
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(1.0, 3.0));
    assert_eq!(app.learning_rate(), 0.1);
    assert_eq!(app.steps(), 0);
    assert_eq!(app.losses().samples()[0].value, 10.0);
    assert_eq!(app.lessons.neuron.lesson.initial, SOME_WEIGHTS);
    assert_eq!(app.lessons.neuron.learning_rate, 0.001);
}

#[test]
fn step_advances_exactly_one_step_and_pauses() {
    let mut app = app_from("");
    app.update(Msg::TogglePlay);
    app.update(Msg::StepOnce);
    assert!(!app.playing);
    assert_eq!(app.steps(), 1);
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(0.8, 2.4));
    let last = app
        .lessons
        .field
        .lesson
        .last_step
        .expect("a step was taken");
    assert_eq!(last.gradient, Vec2::new(2.0, 6.0));
    assert_eq!(last.before, Vec2::new(1.0, 3.0));
}

#[test]
fn ticks_step_only_while_playing() {
    let mut app = app_from("speed=1");
    app.update(Msg::Tick(0.0));
    assert_eq!(app.steps(), 0);
    app.update(Msg::TogglePlay);
    for _ in 0..5 {
        app.update(Msg::Tick(0.0));
    }
    assert_eq!(app.steps(), 5);
    app.update(Msg::TogglePlay);
    app.update(Msg::Tick(0.0));
    assert_eq!(app.steps(), 5);
    assert_eq!(app.lessons.field.timeline.samples().count(), 6);
}

#[test]
fn reset_returns_to_the_start_and_pauses() {
    let mut app = app_from("x=-2&y=1.5");
    app.update(Msg::TogglePlay);
    app.update(Msg::Tick(0.0));
    app.update(Msg::Tick(0.0));
    app.update(Msg::Reset);
    assert!(!app.playing);
    assert_eq!(app.steps(), 0);
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(-2.0, 1.5));
    assert_eq!(app.losses().samples().len(), 1);
    assert!(app.lessons.field.lesson.last_step.is_none());
}

#[test]
fn the_slider_sets_the_current_scenes_learning_rate() {
    let mut app = app_from("");
    let position = learning_rate::to_slider(0.5);
    app.update(Msg::MoveSlider(position));
    assert_eq!(app.learning_rate(), learning_rate::from_slider(position));
    assert_eq!(
        app.lessons.neuron.learning_rate, 0.001,
        "the other scene keeps its rate"
    );
    app.update(Msg::MoveSlider(f64::NAN));
    assert_eq!(app.learning_rate(), learning_rate::from_slider(position));
}

#[test]
fn typed_learning_rates_are_checked_and_bad_ones_change_nothing() {
    let mut app = app_from("");
    app.update(Msg::TypeLearningRate("0.25".into()));
    assert_eq!(app.learning_rate(), 0.25);
    assert_eq!(app.learning_rate_error, None);
    app.update(Msg::TypeLearningRate("fast".into()));
    assert_eq!(app.learning_rate(), 0.25);
    assert_eq!(app.learning_rate_error, Some(LearningRateError::NotANumber));
    app.update(Msg::TypeLearningRate("3".into()));
    assert_eq!(app.learning_rate_error, Some(LearningRateError::OutOfRange));
    app.update(Msg::StepOnce);
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(0.5, 1.5));
    app.update(Msg::TypeLearningRate("0.5".into()));
    assert_eq!(app.learning_rate_error, None);
}

#[test]
fn clicking_the_field_moves_the_start_point() {
    let mut app = app_from("");
    app.update(Msg::StepOnce);
    // The plot is the square at 0.12 … 0.92 across and 0.09 … 0.89 down the canvas; the
    // margins around it hold the axes and the colour bar.
    app.update(Msg::PickStartPoint {
        fraction_x: 0.52,
        fraction_y: 0.49,
    });
    assert_eq!(app.lessons.field.lesson.start, Vec2::new(0.0, 0.0));
    assert_eq!(app.steps(), 0);
    app.update(Msg::PickStartPoint {
        fraction_x: 0.72,
        fraction_y: 0.19,
    });
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(2.0, 3.0));
    // Where the field draws a point, a click picks that point.
    let (fraction_x, fraction_y) = canvas_fraction(Vec2::new(-1.25, -3.5));
    app.update(Msg::PickStartPoint {
        fraction_x,
        fraction_y,
    });
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(-1.25, -3.5));
    // A click on the axes' numbers or the colour bar, or outside, moves nothing.
    for (fraction_x, fraction_y) in [(0.05, 0.5), (0.5, 0.95), (0.5, 0.03), (1.5, f64::NAN)] {
        app.update(Msg::PickStartPoint {
            fraction_x,
            fraction_y,
        });
        assert_eq!(app.lessons.field.lesson.position, Vec2::new(-1.25, -3.5));
    }
}

#[test]
fn a_learning_rate_above_one_diverges_pauses_and_never_shows_a_huge_value() {
    let mut app = app_from("lr=1.5&speed=1");
    app.update(Msg::TogglePlay);
    for _ in 0..100 {
        app.update(Msg::Tick(0.0));
    }
    assert!(!app.playing, "divergence pauses the run");
    assert_eq!(app.diverged_at(), Some(1.5));
    let position = app.lessons.field.lesson.position;
    assert!(position.x.abs() <= DIVERGENCE_BOUND && position.y.abs() <= DIVERGENCE_BOUND);
    assert!(app.losses().samples().iter().all(|s| s.value.is_finite()));
    // A smaller learning rate clears the message and the run recovers from where it stopped.
    app.update(Msg::TypeLearningRate("0.4".into()));
    assert_eq!(app.diverged_at(), None);
    let before = app.lessons.field.lesson.position.length();
    app.update(Msg::StepOnce);
    assert!(app.lessons.field.lesson.position.length() < before);
}

#[test]
fn a_learning_rate_of_one_oscillates_forever_without_diverging() {
    let mut app = app_from("lr=1");
    app.update(Msg::TogglePlay);
    for _ in 0..1001 {
        app.update(Msg::Tick(0.0));
    }
    assert!(app.playing);
    assert_eq!(app.lessons.field.lesson.position, Vec2::new(-1.0, -3.0));
}

#[test]
fn the_neuron_scene_reproduces_the_posts_run_log() {
    let mut app = app_from("scene=neuron&lr=0.001&w=0,0,0&b=3.35507743");
    assert_eq!(app.scene, Scene::Neuron);
    assert!(app.notices.is_empty());
    for _ in 0..200 {
        app.update(Msg::StepOnce);
    }
    assert_eq!(app.steps(), 200);
    let log = neuron_log(&app);
    assert_eq!(log.len(), 200);
    assert_eq!(app.lessons.neuron.log_lines(0, usize::MAX).len(), 200);
    let (first_number, first) = log[0];
    assert_eq!(first_number, 1);
    assert_eq!(format!("{:.8}", first.prediction_after), "3.28442511");
    let (last_number, last) = log[199];
    assert_eq!(last_number, 200);
    assert_eq!(format!("{:.8}", last.prediction_after), "1.00532540");
    assert_eq!(app.losses().samples().len(), 201);
}

#[test]
fn a_neuron_learning_rate_past_one_fifteenth_diverges() {
    // ŷ − y shrinks by 1 − 30α per step, so α > 1/15 grows it.
    let mut app = app_from("scene=neuron&lr=0.07&speed=1");
    app.update(Msg::TogglePlay);
    for _ in 0..2000 {
        app.update(Msg::Tick(0.0));
    }
    assert!(!app.playing);
    assert_eq!(app.diverged_at(), Some(0.07));
    assert!(app.lessons.neuron.lesson.layer.parameters().is_finite());
    app.update(Msg::Reset);
    assert_eq!(app.diverged_at(), None);
    assert_eq!(app.lessons.neuron.lesson.layer.parameters(), SOME_WEIGHTS);
}

#[test]
fn randomize_replaces_the_start_and_resets() {
    let mut app = app_from("scene=neuron");
    app.update(Msg::StepOnce);
    let mut samples = [0.5; UNIT_SAMPLES];
    samples[..4].copy_from_slice(&[0.9, 0.8, 0.7, 0.6]);
    app.update(Msg::Randomize(samples));
    assert_eq!(app.steps(), 0);
    let drawn = Parameters {
        weights: [0.9, 0.8, 0.7],
        bias: 0.6,
    };
    assert_eq!(app.lessons.neuron.lesson.layer.parameters(), drawn);
    assert!(neuron_log(&app).is_empty());
    // Samples outside [0, 1) are not a random draw: refused, nothing changes.
    let mut bad = samples;
    bad[0] = f64::NAN;
    app.update(Msg::Randomize(bad));
    assert_eq!(app.lessons.neuron.lesson.initial, drawn);
}

#[test]
fn scenes_keep_their_own_runs() {
    let mut app = app_from("");
    app.update(Msg::StepOnce);
    app.update(Msg::TogglePlay);
    app.update(Msg::SelectScene(Scene::Neuron));
    assert!(!app.playing, "switching scenes pauses");
    assert_eq!(app.steps(), 0);
    assert_eq!(app.learning_rate(), 0.001);
    app.update(Msg::SelectScene(Scene::Field));
    assert_eq!(app.steps(), 1);
}

#[test]
fn histories_stay_bounded_on_long_runs() {
    let mut app = app_from("lr=0.0001&speed=1");
    app.update(Msg::TogglePlay);
    for _ in 0..20_000 {
        app.update(Msg::Tick(0.0));
    }
    assert_eq!(app.steps(), 20_000);
    assert!(app.losses().samples().len() <= HISTORY_CAPACITY);
    assert!(
        app.lessons.field.timeline.samples().count()
            <= FIRST_STATES + RECENT_STATES + HISTORY_CAPACITY
    );
}

#[test]
fn url_notices_are_kept_until_dismissed_and_scale_toggles() {
    let mut app = app_from("lr=abc&zoom=2");
    assert_eq!(
        app.notices,
        vec![
            Notice::Invalid(Parameter::LearningRate),
            Notice::Unknown("zoom".into())
        ]
    );
    assert_eq!(app.learning_rate(), 0.1);
    app.update(Msg::DismissNotices);
    assert!(app.notices.is_empty());
    app.update(Msg::SetLossScale(LossScale::Log));
    assert_eq!(app.loss_scale, LossScale::Log);
}

#[test]
fn speed_sets_steps_per_frame_and_stops_at_divergence() {
    let mut app = app_from("speed=100&lr=0.0001");
    assert_eq!(app.speed, Speed::PerFrame(100));
    app.update(Msg::TogglePlay);
    app.update(Msg::Tick(0.0));
    assert_eq!(app.steps(), 100);
    app.update(Msg::SetSpeed(Speed::PerFrame(1000)));
    app.update(Msg::Tick(0.0));
    assert_eq!(app.steps(), 1100);
    app.update(Msg::SetSpeed(Speed::PerFrame(7)));
    assert_eq!(
        app.speed,
        Speed::PerFrame(1000),
        "only the offered speeds are taken"
    );

    let mut diverging = app_from("lr=1.5&speed=1000");
    diverging.update(Msg::TogglePlay);
    diverging.update(Msg::Tick(0.0));
    assert!(!diverging.playing);
    assert!(
        diverging.steps() < 30,
        "the frame stopped at the first refused step"
    );
}

#[test]
fn a_share_link_restores_the_same_view() {
    let mut app = app_from("lang=zh&embed=1&hide=log");
    app.update(Msg::PickStartPoint {
        fraction_x: 0.3,
        fraction_y: 0.6,
    });
    app.update(Msg::SelectScene(Scene::Neuron));
    app.update(Msg::TypeLearningRate("0.0123".into()));
    let mut samples = [0.5; UNIT_SAMPLES];
    samples[..4].copy_from_slice(&[0.1, 0.2, 0.3, 0.7]);
    app.update(Msg::Randomize(samples));
    app.update(Msg::SetSpeed(Speed::PerFrame(10)));
    app.update(Msg::SetLossScale(LossScale::Log));
    let restored = app_from(&app.share_query());
    assert!(restored.notices.is_empty());
    assert_eq!(restored.share_query(), app.share_query());
    assert_eq!(restored.scene, Scene::Neuron);
    assert_eq!(restored.learning_rate(), 0.0123);
    // A link carries every lesson's start (the shown lesson's where names are shared).
    assert_eq!(
        restored.lessons.field.lesson.start,
        app.lessons.field.lesson.start
    );
    assert_eq!(
        restored.lessons.network.lesson.start,
        app.lessons.network.lesson.start
    );
    assert_eq!(
        restored.lessons.neuron.lesson.initial,
        app.lessons.neuron.lesson.initial
    );
    assert_eq!(
        (restored.speed, restored.loss_scale),
        (Speed::PerFrame(10), LossScale::Log)
    );
    assert_eq!(restored.language, Language::Chinese);
    assert!(restored.embed && restored.hidden == app.hidden);
    let full = app_from(&app.full_app_query());
    assert!(!full.embed && full.hidden.is_empty());
}

#[test]
fn language_follows_the_browser_unless_the_link_says_otherwise() {
    let (config, notices) = parse_query("");
    let chinese_browser = Defaults {
        unit_samples: SOME_SAMPLES,
        language: Language::Chinese,
    };
    assert_eq!(
        App::new(&config, notices, chinese_browser).language,
        Language::Chinese
    );
    let (config, notices) = parse_query("lang=en");
    let mut app = App::new(&config, notices, chinese_browser);
    assert_eq!(app.language, Language::English);
    app.update(Msg::ToggleLanguage);
    assert_eq!(app.language, Language::Chinese);
    app.update(Msg::Copied(Clip::Link, false));
    assert_eq!(app.outcome, Some(Outcome::CopyRefused(Clip::Link)));
}

#[test]
fn shortcuts_leave_keys_to_the_element_that_uses_them() {
    assert_eq!(
        shortcut(" ", KeyTarget::Other, false),
        Some(Msg::TogglePlay)
    );
    assert_eq!(
        shortcut(" ", KeyTarget::Button, false),
        None,
        "Space presses the button"
    );
    assert_eq!(
        shortcut("ArrowRight", KeyTarget::Button, false),
        Some(Msg::StepOnce)
    );
    assert_eq!(
        shortcut("ArrowRight", KeyTarget::Entry, false),
        None,
        "arrows move the slider"
    );
    assert_eq!(shortcut("r", KeyTarget::Other, false), Some(Msg::Reset));
    assert_eq!(
        shortcut("R", KeyTarget::Entry, false),
        None,
        "R is a letter in a text field"
    );
    assert_eq!(
        shortcut("r", KeyTarget::Other, true),
        None,
        "Ctrl+R reloads the page"
    );
    assert_eq!(
        shortcut("ArrowLeft", KeyTarget::Other, false),
        Some(Msg::StepBack)
    );
    assert_eq!(shortcut("x", KeyTarget::Other, false), None);
}

/// The state after `steps` steps of a fresh run with the same settings.
fn replayed(query: &str, scene: Scene, steps: u64) -> App {
    let mut app = app_from(query);
    app.update(Msg::SelectScene(scene));
    for _ in 0..steps {
        app.update(Msg::StepOnce);
    }
    app
}

#[test]
fn back_forward_and_scrub_equal_replaying_from_the_start() {
    for (query, scene) in [("lr=0.3", Scene::Field), ("lr=0.01", Scene::Neuron)] {
        let mut app = replayed(query, scene, 12);
        for _ in 0..3 {
            app.update(Msg::StepBack);
        }
        assert_eq!(app.shown_step(), 9);
        assert_eq!(
            app.steps(),
            12,
            "going back keeps the later steps until the run moves on"
        );
        let expected = replayed(query, scene, 9);
        assert_eq!(app.lessons.field.shown(), expected.lessons.field.shown());
        assert_eq!(app.lessons.neuron.shown(), expected.lessons.neuron.shown());

        app.update(Msg::Scrub(4.0));
        let expected = replayed(query, scene, 4);
        assert_eq!(app.lessons.field.shown(), expected.lessons.field.shown());
        assert_eq!(app.lessons.neuron.shown(), expected.lessons.neuron.shown());
        app.update(Msg::Scrub(12.0));
        assert_eq!(app.shown_step(), 12);
        assert_eq!(app.lessons.field.viewing, None);

        // Stepping on from a past step forgets the later ones.
        app.update(Msg::Scrub(4.0));
        app.update(Msg::StepOnce);
        assert_eq!((app.steps(), app.shown_step()), (5, 5));
        let expected = replayed(query, scene, 5);
        assert_eq!(app.lessons.field.shown(), expected.lessons.field.shown());
        assert_eq!(app.lessons.neuron.shown(), expected.lessons.neuron.shown());
        assert_eq!(app.losses().samples(), expected.losses().samples());
        assert_eq!(neuron_log(&app), neuron_log(&expected));
        let path =
            |app: &App| -> Vec<_> { app.lessons.field.timeline.samples().copied().collect() };
        assert_eq!(path(&app), path(&expected));
    }
}

#[test]
fn back_at_the_start_and_scrub_out_of_range_are_harmless() {
    let mut app = app_from("");
    app.update(Msg::StepBack);
    assert_eq!(app.shown_step(), 0);
    app.update(Msg::StepOnce);
    app.update(Msg::Scrub(f64::NAN));
    app.update(Msg::Scrub(1e12));
    assert_eq!(app.shown_step(), 1);
    app.update(Msg::Scrub(-5.0));
    assert_eq!(app.shown_step(), 0);
    app.update(Msg::TogglePlay);
    assert_eq!(
        (app.steps(), app.shown_step()),
        (0, 0),
        "playing resumes from the shown step"
    );
}

#[test]
fn going_back_on_a_long_run_stays_bounded_and_exact_for_recent_steps() {
    let mut app = app_from("lr=0.0001&speed=1000");
    app.update(Msg::TogglePlay);
    for _ in 0..20 {
        app.update(Msg::Tick(0.0));
    }
    app.update(Msg::TogglePlay);
    assert_eq!(app.steps(), 20_000);
    assert!(app.lessons.field.timeline.len() <= FIRST_STATES + RECENT_STATES + HISTORY_CAPACITY);
    app.update(Msg::Scrub(19_500.0));
    assert_eq!(app.shown_step(), 19_500);
    let expected = gdlab::surface::closed_form(Vec2::new(1.0, 3.0), 0.0001, 19_500);
    assert!((app.lessons.field.shown().1.position.x - expected.x).abs() < 1e-9);
    app.update(Msg::Scrub(10.0));
    assert!(
        app.shown_step() <= 10,
        "old steps snap to a kept state before them"
    );
}

#[test]
fn csv_exports_hold_every_step_exactly() {
    let mut app = app_from("scene=neuron&lr=0.001&w=0,0,0&b=3.35507743");
    for _ in 0..3 {
        app.update(Msg::StepOnce);
    }
    let (csv, file_name) = app.run().csv();
    assert_eq!(file_name, "one-neuron-run-log.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "step,prediction_before,prediction_after,target,loss,w1,w2,w3,b"
    );
    assert_eq!(lines.len(), 4);
    let first: Vec<f64> = lines[1].split(',').map(|v| v.parse().unwrap()).collect();
    let (_, step) = neuron_log(&app)[0];
    assert_eq!(first[0], 1.0);
    assert_eq!(first[1], step.prediction_before);
    assert_eq!(first[4], step.loss);
    assert_eq!(first[8], step.after.bias);

    let mut field = app_from("");
    field.update(Msg::StepOnce);
    let (csv, _) = field.run().csv();
    assert_eq!(csv, "step,x,y,f\n0,1,3,10\n1,0.8,2.4,6.4\n");
}

#[test]
fn the_default_pace_is_four_steps_a_second_on_the_frame_clock() {
    let mut app = app_from("");
    assert_eq!(app.speed, Speed::PerSecond(4));
    app.update(Msg::TogglePlay);
    // The first frame of play steps at once; then one step every 250 ms.
    for (time, steps) in [
        (1000.0, 1),
        (1016.0, 1),
        (1249.0, 1),
        (1250.0, 2),
        (1400.0, 2),
        (1510.0, 3),
        (1750.0, 4),
    ] {
        app.update(Msg::Tick(time));
        assert_eq!(app.steps(), steps, "at {time} ms");
    }
    // A page that fell far behind (a background tab) takes one step, not a burst.
    app.update(Msg::Tick(60_000.0));
    assert_eq!(app.steps(), 5);
    app.update(Msg::SetSpeed(Speed::PerSecond(1)));
    app.update(Msg::Tick(60_100.0));
    app.update(Msg::Tick(60_900.0));
    assert_eq!(
        app.steps(),
        6,
        "after a change of speed the next frame steps"
    );
    app.update(Msg::Tick(61_100.0));
    assert_eq!(app.steps(), 7);
    for (query, speed) in [
        ("speed=1/s", Speed::PerSecond(1)),
        ("speed=4/s", Speed::PerSecond(4)),
    ] {
        assert_eq!(app_from(query).speed, speed);
        assert!(app_from(query)
            .share_query()
            .contains(&format!("speed={}", speed.key())));
    }
}

#[test]
fn play_pauses_by_itself_once_a_step_changes_nothing_visible() {
    // At α = ½ the first step lands on the minimum; the second changes nothing.
    let mut app = app_from("lr=0.5&speed=1");
    app.update(Msg::TogglePlay);
    for _ in 0..10 {
        app.update(Msg::Tick(0.0));
    }
    assert!(!app.playing, "Play paused itself");
    assert_eq!(app.steps(), 2);
    let page = gdlab::page::Page::of(&app);
    assert_eq!(page.settled_at, Some(2));
    assert_eq!(page.play_label(), "Play");
    assert!(page.convergence_text().unwrap().contains("step 2"));
    // Bouncing forever at α = 1 changes every number each step: never "converged".
    let mut bouncing = app_from("lr=1&speed=100");
    bouncing.update(Msg::TogglePlay);
    bouncing.update(Msg::Tick(0.0));
    assert!(bouncing.playing && bouncing.steps() == 100);
    // The post's neuron run keeps moving through its 200 steps.
    let mut neuron = app_from("scene=neuron&lr=0.001&w=0,0,0&b=3.35507743&speed=10");
    neuron.update(Msg::TogglePlay);
    for _ in 0..20 {
        neuron.update(Msg::Tick(0.0));
    }
    assert!(neuron.playing);
    assert_eq!(neuron.steps(), 200);
    // Reset clears the message.
    app.update(Msg::Reset);
    assert_eq!(gdlab::page::Page::of(&app).settled_at, None);
}

#[test]
fn a_hidden_layer_link_reproduces_its_run_on_every_load() {
    let weights = "w0=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9&w1=0.9,0.8,0.7,0.6,0.5,0.4";
    let query = format!("scene=network&{weights}&b1=0.5,-0.25&bias=sum");
    let mut first = app_from(&query);
    assert!(first.notices.is_empty(), "{:?}", first.notices);
    let start = first.lessons.network.lesson.start;
    assert_eq!(start.model.hidden.weights[2], [0.7, 0.8, 0.9]);
    assert_eq!(start.model.output.bias, [0.5, -0.25]);
    assert_eq!(start.model.hidden.bias, [0.0; 3]);
    assert_eq!(start.bias, gdlab::batch::BiasGradient::Sum);
    for _ in 0..25 {
        first.update(Msg::StepOnce);
    }
    // Another load, with other random samples: the URL decides every weight.
    let mut samples = [0.5; UNIT_SAMPLES];
    samples[0] = 0.99;
    let (config, notices) = parse_query(&first.share_query());
    let mut second = App::new(
        &config,
        notices,
        Defaults {
            unit_samples: samples,
            language: Language::English,
        },
    );
    for _ in 0..25 {
        second.update(Msg::StepOnce);
    }
    assert_eq!(second.lessons.network.lesson.start, start);
    assert_eq!(second.run().readouts(), first.run().readouts());
    assert_eq!(second.run().csv(), first.run().csv());
}

#[test]
fn the_sigmoid_layer_reads_six_weights_and_two_biases() {
    let app = app_from("scene=layer&w=1,2,3,4,5,6&b=-1,1&bias=mean");
    assert!(app.notices.is_empty(), "{:?}", app.notices);
    let start = app.lessons.layer.lesson.start.model;
    assert_eq!(start.weights, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    assert_eq!(start.bias, [-1.0, 1.0]);
    // Five weights fit neither the neuron (three) nor the layer (six).
    let wrong = app_from("scene=layer&w=1,2,3,4,5");
    assert_eq!(wrong.notices, vec![Notice::Invalid(Parameter::Weights)]);
    assert_eq!(
        wrong.lessons.layer.lesson.start.model,
        gdlab::batch::POST_LAYER_START
    );
    let bad_mode = app_from("scene=layer&bias=median");
    assert_eq!(
        bad_mode.notices,
        vec![Notice::Invalid(Parameter::BiasGradient)]
    );
}

#[test]
fn switching_the_bias_gradient_restarts_the_run_in_that_mode() {
    let mut app = app_from("scene=layer");
    app.update(Msg::StepOnce);
    let mean_cost = app.run().shown_loss();
    app.update(Msg::SetBiasGradient(gdlab::batch::BiasGradient::Sum));
    assert_eq!(app.run().steps(), 0);
    assert_eq!(
        app.run().bias_gradient(),
        Some(gdlab::batch::BiasGradient::Sum)
    );
    app.update(Msg::StepOnce);
    assert_ne!(app.run().shown_loss(), mean_cost);
    assert!(app.share_query().contains("bias=sum"));
}

/// The runs the end-to-end test repeats in the browser (`tests/e2e/series.test.mjs`):
/// the loss readout and the CSV after `SERIES_STEPS` clicks of Step, as the native core
/// computes them. Regenerate with `UPDATE_FIXTURES=1 cargo test --test app`.
const SERIES_QUERIES: [&str; 4] = [
    "scene=layer&bias=mean",
    "scene=layer&bias=sum",
    "scene=network&w0=0.42,0.13,0.77,0.05,0.91,0.36,0.58,0.24,0.69&w1=0.11,0.83,0.47,0.3,0.64,0.02&bias=mean",
    "scene=network&w0=0.42,0.13,0.77,0.05,0.91,0.36,0.58,0.24,0.69&w1=0.11,0.83,0.47,0.3,0.64,0.02&bias=sum",
];
const SERIES_STEPS: usize = 7;

#[test]
fn the_browser_fixture_is_what_the_native_core_computes() {
    let fixture = common::browser_runs(&SERIES_QUERIES, SERIES_STEPS, app_from, |_, csv| {
        assert_eq!(csv.lines().count(), SERIES_STEPS + 1);
    });
    common::assert_fixture("series_runs.txt", &fixture);
}

/// Going back past the exactly kept steps to a thinned one empties the recent states;
/// stepping on from there must start from the viewed state (it panicked once).
#[test]
fn stepping_on_from_an_early_step_of_a_long_run_starts_there() {
    for scene in ["field", "neuron", "layer", "network"] {
        let mut app = app_from(&format!("scene={scene}&lr=0.0001"));
        while app.steps() < 1500 {
            app.update(Msg::StepOnce);
        }
        app.update(Msg::Scrub(10.0));
        let shown = app.run().shown_step();
        assert!(shown <= 10, "{scene}: {shown}");
        let readouts = app.run().readouts();
        app.update(Msg::StepOnce);
        assert_eq!(app.steps(), shown + 1, "{scene}");
        // The step went from the viewed state: going back one shows it again.
        app.update(Msg::StepBack);
        assert_eq!(app.run().readouts(), readouts, "{scene}");
    }
}
