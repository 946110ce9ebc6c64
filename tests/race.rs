//! The optimizer race as a lesson: its URL, its controls (`Msg::SetSetting`), one Step
//! for every optimizer, the CSV contract, divergence of one optimizer, the page model.

mod common;
use gdlab::app::{App, Msg, Scene, UNIT_SAMPLES};
use gdlab::config::{Notice, Parameter};
use gdlab::optimizer::{Hyperparameters, Method, Methods, Racer, Surface, SurfaceKind};
use gdlab::page::Page;
use gdlab::surface::Vec2;
use gdlab::text::Language;

fn app_from(query: &str) -> App {
    common::app_from_link(query, [0.5; UNIT_SAMPLES])
}

fn assert_readouts_finite(app: &App) {
    let readouts = app.run().readouts();
    assert!(
        readouts.values().iter().all(|value| value.is_finite()),
        "{readouts:?}"
    );
}

fn csv(app: &App) -> String {
    app.run().csv().0
}

#[test]
fn opens_from_a_link_with_every_setting() {
    let app = app_from(
        "scene=optimizers&surface=stretched&kappa=20&x=-3&y=1.25&opt=adam,gd&momentum=0.8&beta1=0.85&beta2=0.99&lr=0.01",
    );
    assert!(app.notices.is_empty(), "{:?}", app.notices);
    assert_eq!(app.scene, Scene::Optimizers);
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.surface, Surface::new(SurfaceKind::Stretched, 20.0));
    assert_eq!(start.position, Vec2::new(-3.0, 1.25));
    assert_eq!(
        start.methods,
        Methods::of(&[Method::GradientDescent, Method::Adam])
    );
    assert_eq!(
        (start.momentum, start.beta1, start.beta2),
        (0.8, 0.85, 0.99)
    );
    assert_eq!(app.learning_rate(), 0.01);
    // The share link restores the same race.
    let again = app_from(&app.share_query());
    assert_eq!(again.lessons.optimizers.lesson.start, start);
    assert_eq!(again.scene, Scene::Optimizers);
}

#[test]
fn bad_settings_in_a_link_are_named_and_ignored() {
    let app = app_from("scene=optimizers&surface=moon&kappa=500&opt=gd,sgd&beta2=1.5");
    for parameter in [
        Parameter::Surface,
        Parameter::Kappa,
        Parameter::Optimizers,
        Parameter::Beta2,
    ] {
        assert!(
            app.notices.contains(&Notice::Invalid(parameter)),
            "{parameter:?}: {:?}",
            app.notices
        );
    }
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.surface.kind, SurfaceKind::Stretched);
    assert_eq!(start.methods, gdlab::lessons::race::DEFAULT_METHODS);
    assert!(!start.methods.contains(Method::Nesterov));
}

#[test]
fn a_start_outside_the_surface_takes_the_surfaces_own() {
    // x = 4.5 is inside Himmelblau's square but not the saddle's (±2).
    let app = app_from("scene=optimizers&surface=saddle&x=4.5&y=0");
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.position, start.surface.default_start());
    let app = app_from("scene=optimizers&surface=himmelblau&x=4.5&y=0");
    assert_eq!(
        app.lessons.optimizers.lesson.start.position,
        Vec2::new(4.5, 0.0)
    );
}

#[test]
fn one_step_moves_every_selected_optimizer_by_its_own_rule() {
    let mut app = app_from("scene=optimizers&opt=gd,momentum,nesterov,rmsprop,adam&lr=0.01");
    let start = app.lessons.optimizers.lesson.start.clone();
    app.update(Msg::StepOnce);
    app.update(Msg::StepOnce);
    let race = app.run().race().expect("the race lesson runs a race");
    let settings = Hyperparameters {
        learning_rate: 0.01,
        momentum: start.momentum,
        beta1: start.beta1,
        beta2: start.beta2,
    };
    for method in Method::ALL {
        let expected = Racer::new(start.position)
            .step(method, &start.surface, settings)
            .step(method, &start.surface, settings);
        assert_eq!(race.racers[method.index()], expected, "{method:?}");
    }
    // The optimizers took different paths.
    let positions: Vec<Vec2> = race.racers.iter().map(|racer| racer.position).collect();
    assert_ne!(positions[0], positions[1]);
    assert_ne!(positions[1], positions[4]);
}

#[test]
fn the_csv_has_one_row_per_optimizer_per_step_with_full_precision() {
    let mut app = app_from("scene=optimizers&opt=gd,adam&lr=0.01");
    for _ in 0..3 {
        app.update(Msg::StepOnce);
    }
    let text = csv(&app);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "step,optimizer,x,y,f");
    assert_eq!(lines.len(), 1 + 4 * 2, "{text}");
    assert_eq!(lines[1], "0,gd,-3.5,1.5,124.75");
    assert!(lines[2].starts_with("0,adam,-3.5,1.5,"));
    let race = app.run().race().unwrap();
    let adam = race.racers[Method::Adam.index()].position;
    let last: Vec<&str> = lines[8].split(',').collect();
    assert_eq!(&last[..2], &["3", "adam"]);
    assert_eq!(
        last[2].parse::<f64>().unwrap(),
        adam.x,
        "x round-trips exactly"
    );
    assert_eq!(last[3].parse::<f64>().unwrap(), adam.y);
    assert_eq!(
        last[4].parse::<f64>().unwrap(),
        race.surface.value(adam),
        "f of that point"
    );
}

#[test]
fn one_optimizer_diverging_pauses_none_of_the_others() {
    // α = 0.03 > 2/λₘₐₓ = 0.02 on x² + 50·y²: gradient descent's y grows by |1 − 3| = 2
    // each step; Adam's steps stay near α in size.
    let mut app = app_from("scene=optimizers&opt=gd,adam&lr=0.03");
    app.update(Msg::TogglePlay);
    let mut now = 0.0;
    let mut diverged = None;
    for _ in 0..2000 {
        now += 1000.0;
        app.update(Msg::Tick(now));
        let race = app.run().race().unwrap();
        if let Some(step) = race.diverged_at[Method::GradientDescent.index()] {
            diverged = Some(step);
            break;
        }
    }
    let diverged = diverged.expect("gradient descent diverges above 2/λₘₐₓ");
    assert!(app.playing, "the race plays on");
    assert_eq!(app.run().diverged_at(), None);
    let steps_then = app.steps();
    for _ in 0..5 {
        now += 1000.0;
        app.update(Msg::Tick(now));
    }
    assert!(app.steps() > steps_then, "Adam still steps");
    let race = app.run().race().unwrap();
    let gradient_descent = race.racers[Method::GradientDescent.index()];
    assert!(gradient_descent.position.x.is_finite() && gradient_descent.position.y.is_finite());
    // The CSV stops listing gradient descent at the step it diverged.
    let text = csv(&app);
    assert!(!text.contains(&format!("\n{diverged},gd,")));
    assert!(text.contains(&format!("\n{},gd,", diverged - 1)));
    assert!(text.contains(&format!("\n{diverged},adam,")));
    // The page says so in words.
    let page = Page::of(&app);
    let status = page.racer_status_text(Method::GradientDescent).unwrap();
    assert!(status.contains("diverged"), "{status}");
    assert_eq!(page.racer_status_text(Method::Adam).unwrap(), "running");
    assert_eq!(page.racer_status_text(Method::Momentum), None);
    // The equations keep its name and the step it stopped at, and explain only Adam's step.
    let equations = app.run().equations();
    assert!(
        equations.contains(&format!("data-method=\"gd\" data-stopped=\"{diverged}\"")),
        "{equations}"
    );
    assert!(!equations.contains("data-method=\"adam\" data-stopped"));
    // The readouts follow GD, the first ticked: they say they are its last values.
    assert_eq!(
        page.race_leader_name().unwrap(),
        format!("GD (stopped at step {diverged}: its last values)")
    );
    let running = Page::of(&app_from("scene=optimizers&opt=gd,adam&lr=0.03"));
    assert_eq!(running.race_leader_name().unwrap(), "GD");
}

#[test]
fn play_pauses_once_every_optimizer_has_stopped_and_each_row_says_why() {
    let mut app = app_from("scene=optimizers&opt=gd,momentum&lr=1.5");
    app.update(Msg::TogglePlay);
    let mut now = 0.0;
    for _ in 0..500 {
        now += 1000.0;
        app.update(Msg::Tick(now));
    }
    assert!(!app.playing, "Play paused by itself");
    let race = app.run().race().unwrap();
    // The step that stopped the last optimizer was kept, with its status.
    for method in [Method::GradientDescent, Method::Momentum] {
        let stopped = race.diverged_at[method.index()].expect("stopped");
        assert!(stopped <= app.steps(), "{method:?}");
        let status = Page::of(&app).racer_status_text(method).unwrap();
        assert!(status.contains("diverged"), "{status}");
    }
    assert_eq!(
        app.run().diverged_at(),
        None,
        "no run-wide divergence message"
    );
    assert_readouts_finite(&app);
}

#[test]
fn controls_change_the_start_and_refuse_bad_values_without_losing_it() {
    let mut app = app_from("scene=optimizers");
    app.update(Msg::StepOnce);
    app.update(Msg::SetSetting(Parameter::Surface, "rosenbrock".into()));
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.surface.kind, SurfaceKind::Rosenbrock);
    assert_eq!(
        start.position,
        Vec2::new(-1.2, 1.0),
        "the surface's own start"
    );
    assert_eq!(app.steps(), 0, "a new start begins at step 0");
    app.update(Msg::SetSetting(
        Parameter::Optimizers,
        "momentum,adam".into(),
    ));
    assert_eq!(
        app.lessons.optimizers.lesson.start.methods,
        Methods::of(&[Method::Momentum, Method::Adam])
    );
    app.update(Msg::StepOnce);
    // No optimizer at all, and a β₂ of 1: refused, named, nothing lost.
    app.update(Msg::SetSetting(Parameter::Optimizers, String::new()));
    assert_eq!(app.setting_error, Some(Parameter::Optimizers));
    app.update(Msg::SetSetting(Parameter::Beta2, "1".into()));
    assert_eq!(app.setting_error, Some(Parameter::Beta2));
    assert_eq!(app.steps(), 1, "the run kept its step");
    assert_eq!(
        app.lessons.optimizers.lesson.start.methods,
        Methods::of(&[Method::Momentum, Method::Adam])
    );
    let message = Page::of(&app).setting_error_text().unwrap();
    assert!(
        message.contains("beta2") && message.contains("0.9999"),
        "{message}"
    );
    app.update(Msg::SetSetting(Parameter::Momentum, " 0.5 ".into()));
    assert_eq!(app.setting_error, None);
    assert_eq!(app.lessons.optimizers.lesson.start.momentum, 0.5);
}

#[test]
fn a_click_starts_every_optimizer_from_that_point() {
    let mut app = app_from("scene=optimizers&surface=himmelblau");
    app.update(Msg::StepOnce);
    app.update(Msg::PickStartPoint {
        fraction_x: 0.5,
        fraction_y: 0.5,
    });
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.surface.kind, SurfaceKind::Himmelblau);
    assert!(start.surface.domain().contains(start.position));
    assert_eq!(app.steps(), 0);
    // A click in the margin changes nothing.
    app.update(Msg::PickStartPoint {
        fraction_x: 0.001,
        fraction_y: 0.999,
    });
    assert_eq!(app.lessons.optimizers.lesson.start, start);
}

#[test]
fn back_shows_the_race_as_it_was() {
    let mut app = app_from("scene=optimizers&lr=0.01");
    app.update(Msg::StepOnce);
    let after_one = app.run().race().unwrap();
    app.update(Msg::StepOnce);
    app.update(Msg::StepBack);
    assert_eq!(app.run().race().unwrap(), after_one);
    let mut steps = Vec::new();
    app.run().visit_races(&mut |step, _| steps.push(step));
    assert_eq!(steps, [0, 1], "the path ends at the step shown");
}

#[test]
fn the_regime_follows_the_largest_curvature() {
    let app = app_from("scene=optimizers&surface=stretched&kappa=50&lr=0.018");
    let page = Page::of(&app);
    let regime = page.regime.expect("a stretched bowl has a κ");
    assert_eq!(regime.kappa, 100.0, "λₘₐₓ = 2κ");
    let (one, two) = page.regime_labels().unwrap();
    assert_eq!(
        (one.as_str(), two.as_str()),
        ("1/λₘₐₓ = 0.01", "2/λₘₐₓ = 0.02")
    );
    assert_eq!(
        page.regime_sentence(),
        page.race_directions_text()
            .map(|text| text + " " + page.language.text(gdlab::text::Key::CurvatureRace))
    );
    assert_eq!(page.best_rate_label().as_deref(), Some("best 0.01961"));
    let text = page.race_directions_text().unwrap();
    assert!(text.contains("λ = 2") && text.contains("λ = 100"), "{text}");
    assert!(text.contains("0.964"), "{text}");
    assert!(text.contains("−0.8") || text.contains("-0.8"), "{text}");
    assert!(text.contains("0.01961"), "the best rate 2/102: {text}");
    // The saddle curves down along y: its factor there is above 1, so y escapes.
    let saddle = Page::of(&app_from("scene=optimizers&surface=saddle&lr=0.1"));
    assert_eq!(
        saddle.best_rate_label(),
        None,
        "no best rate where y curves down"
    );
    assert_eq!(
        Page::of(&app_from("scene=optimizers&surface=bowl")).best_rate_label(),
        None,
        "nor where every direction curves the same"
    );
    let text = saddle.race_directions_text().unwrap();
    assert!(text.contains("λ = −2") || text.contains("λ = -2"), "{text}");
    assert!(text.contains("1.2"), "1 − 0.1·(−2): {text}");
    // The saddle curves down along y: no rate converges, and the track says so.
    assert!(saddle.track_escapes());
    assert!(text.contains("no rate converges"), "{text}");
    assert!(
        !page.track_escapes(),
        "the stretched bowl curves up everywhere"
    );
    let formula = Page::of(&app_from(
        "scene=optimizers&surface=custom&f=log(x)%2By%5E2&x=0.5&y=1&lr=0.3",
    ));
    assert!(formula.track_escapes(), "log(x) curves down: −1/x²");
    // Where both curvatures are equal there is no "smaller" and "larger" to tell apart.
    for query in [
        "scene=optimizers&surface=bowl&lr=0.1",
        "scene=optimizers&surface=custom&f=x%5E2%2By%5E2&lr=0.1",
    ] {
        for language in ["en", "zh"] {
            let page = Page::of(&app_from(&format!("{query}&lang={language}")));
            let text = page.race_directions_text().unwrap();
            assert!(
                !["smaller", "larger", "较小", "较大"]
                    .iter()
                    .any(|word| text.contains(word)),
                "{text}"
            );
            assert!(text.contains("λ = 2") && text.contains("0.8"), "{text}");
        }
    }
}

/// The races the end-to-end test repeats in the browser (`tests/e2e/race.test.mjs`):
/// the readouts' f and the CSV after `RACE_STEPS` clicks of Step, as the native core
/// computes them. Regenerate with `UPDATE_FIXTURES=1 cargo test --test race`.
const RACE_QUERIES: [&str; 3] = [
    "scene=optimizers",
    "scene=optimizers&surface=rosenbrock&lr=0.001&opt=gd,nesterov,rmsprop,adam&beta1=0.8",
    "scene=optimizers&surface=himmelblau&x=-0.5&y=0.25&lr=0.01&momentum=0.5",
];
const RACE_STEPS: usize = 12;

#[test]
fn the_browser_fixture_is_what_the_native_core_computes() {
    let fixture = common::browser_runs(&RACE_QUERIES, RACE_STEPS, app_from, |app, csv| {
        let selected = app.run().race().unwrap().methods.iter().count();
        assert_eq!(csv.lines().count(), 1 + (RACE_STEPS + 1) * selected);
    });
    common::assert_fixture("race_runs.txt", &fixture);
}

#[test]
fn a_typed_formula_reproduces_the_posts_values_and_survives_the_link() {
    let mut app = app_from("scene=optimizers&opt=gd&lr=0.1");
    app.update(Msg::SetSetting(Parameter::Formula, "x^2 + y^2".into()));
    assert_eq!(app.setting_error, None);
    let start = app.lessons.optimizers.lesson.start.clone();
    assert_eq!(start.surface.kind, SurfaceKind::Custom);
    // The surface's own start (−3.5, 1.5) stays: a formula keeps the point.
    assert_eq!(start.position, Vec2::new(-3.5, 1.5));
    let mut app =
        app_from("scene=optimizers&surface=custom&f=x%5E2%20%2B%20y%5E2&opt=gd&x=1&y=3&lr=0.1");
    assert!(app.notices.is_empty(), "{:?}", app.notices);
    // x, y, f, ∂f/∂x, ∂f/∂y of the first optimizer: the post's (1, 3), 10 and (2, 6).
    assert_eq!(
        &app.run().readouts().values()[..5],
        &[1.0, 3.0, 10.0, 2.0, 6.0]
    );
    app.update(Msg::StepOnce);
    assert_eq!(
        &app.run().readouts().values()[..2],
        &[1.0 - 0.1 * 2.0, 3.0 - 0.1 * 6.0]
    );
    // The link carries the formula, encoded, and opens the same race.
    let query = app.share_query();
    assert!(query.contains("f=x%5E2%20%2B%20y%5E2"), "{query}");
    let again = app_from(&query);
    assert_eq!(
        again.lessons.optimizers.lesson.start,
        app.lessons.optimizers.lesson.start
    );
}

#[test]
fn a_bad_formula_says_what_and_where_and_keeps_the_last_good_one() {
    let mut app = app_from("scene=optimizers&surface=custom&f=sin(x)*y&opt=gd");
    app.update(Msg::StepOnce);
    let before = app.lessons.optimizers.lesson.start.clone();
    let readouts = app.run().readouts();
    for (typed, column, words) in [
        ("2x + y", 2, "2*x"),
        ("foo(x)", 1, "foo"),
        ("(x + 1", 1, "("),
        ("x +", 4, "missing"),
        ("", 1, "empty"),
    ] {
        app.update(Msg::SetSetting(Parameter::Formula, typed.into()));
        assert_eq!(app.setting_error, Some(Parameter::Formula), "{typed}");
        let error = app.formula_error.clone().expect("the parse error is kept");
        assert_eq!(error.column, column, "{typed}: {error:?}");
        let message = gdlab::page::formula_error_text(&app).unwrap();
        assert!(message.contains(&format!("column {column}")), "{message}");
        assert!(message.contains(words), "{typed}: {message}");
        assert_eq!(app.lessons.optimizers.lesson.start, before, "{typed}");
        assert_eq!(app.run().readouts(), readouts, "{typed}");
        assert_eq!(app.steps(), 1);
    }
    app.language = Language::Chinese;
    app.update(Msg::SetSetting(Parameter::Formula, "2x".into()));
    let message = gdlab::page::formula_error_text(&app).unwrap();
    assert!(
        message.contains("第 2 列") && message.contains("2*x"),
        "{message}"
    );
    // A good formula clears the message.
    app.update(Msg::SetSetting(
        Parameter::Formula,
        "（x＋1）＊２ + y^2".into(),
    ));
    assert_eq!(app.formula_error, None);
    assert_eq!(app.setting_error, None);
}

#[test]
fn an_optimizer_leaving_where_the_formula_is_defined_stops_alone() {
    // log(x) is defined for x > 0; gradient descent's first step from x = 0.5 at α = 0.3
    // would land at x = 0.5 − 0.3·(1/0.5) = −0.1; Adam's first step is α: x = 0.2.
    let mut app =
        app_from("scene=optimizers&surface=custom&f=log(x)%2By%5E2&x=0.5&y=1&lr=0.3&opt=gd,adam");
    assert!(app.notices.is_empty(), "{:?}", app.notices);
    app.update(Msg::StepOnce);
    let race = app.run().race().unwrap();
    assert_eq!(race.surface.kind, SurfaceKind::Custom);
    assert_eq!(
        race.racers[0].position,
        Vec2::new(0.5, 1.0),
        "it stays where it was"
    );
    assert_eq!(race.diverged_at[Method::GradientDescent.index()], Some(1));
    assert_eq!(race.diverged_at[Method::Adam.index()], None);
    assert_readouts_finite(&app);
}

#[test]
fn the_equations_show_the_update_that_led_to_the_step_shown() {
    let mut app = app_from("scene=optimizers&opt=gd&lr=0.01");
    let number = |value: f64| {
        let mut text = String::new();
        gdlab::format::write_significant(&mut text, value.abs(), gdlab::format::READOUT_DIGITS);
        text
    };
    // Before any step: the step Step would take, from the start to its result.
    let start = app.run().race().unwrap().racers[0].position;
    let equations = app.run().equations();
    assert!(equations.contains(&number(start.x)), "{equations}");
    app.update(Msg::StepOnce);
    let one = app.run().race().unwrap().racers[0].position;
    app.update(Msg::StepOnce);
    let two = app.run().race().unwrap().racers[0].position;
    // After step 2: from where step 1 left it to where step 2 put it.
    let equations = app.run().equations();
    assert!(equations.contains(&number(one.x)), "{equations}");
    assert!(equations.contains(&number(two.x)), "{equations}");
    // Back to step 1: from the start to step 1's point.
    app.update(Msg::StepBack);
    let equations = app.run().equations();
    assert!(equations.contains(&number(start.x)), "{equations}");
    assert!(equations.contains(&number(one.x)), "{equations}");
    assert!(!equations.contains(&number(two.x)), "{equations}");
}

#[test]
fn a_typed_formulas_curvature_comes_from_the_formula() {
    let app = app_from("scene=optimizers&surface=custom&f=x%5E2%2B3*y%5E2&opt=gd&lr=0.1");
    let page = Page::of(&app);
    let text = page.race_directions_text().unwrap();
    assert!(text.contains("λ = 2)") && text.contains("λ = 6)"), "{text}");
    assert!(!text.contains('—') && !text.contains("NaN"), "{text}");
    assert_eq!(page.regime.unwrap().kappa.round(), 6.0);
}

/// On a typed formula the loss is f at the first optimizer's point: finite, announced,
/// and Play pauses on convergence as on the built-in surfaces.
#[test]
fn a_formula_race_has_a_finite_loss_and_settles() {
    let mut app = app_from("scene=optimizers&surface=custom&f=x%5E2%2By%5E2&x=1&y=3&opt=gd&lr=0.5");
    assert_eq!(app.run().shown_loss(), 10.0);
    app.update(Msg::StepOnce);
    // α = ½ lands on the minimum: f = 0, and the next step changes nothing.
    assert_eq!(app.run().shown_loss(), 0.0);
    app.update(Msg::TogglePlay);
    app.update(Msg::Tick(1000.0));
    app.update(Msg::Tick(2000.0));
    assert!(!app.playing, "converged: Play paused");
    assert_eq!(Page::of(&app).announcement_text(), "Step 2, loss 0");
}

/// The equations of a past step use the rate that step used, not the slider's now.
#[test]
fn the_equations_of_a_past_step_use_its_own_learning_rate() {
    let mut app = app_from("scene=optimizers&opt=gd&lr=0.01");
    app.update(Msg::StepOnce);
    app.update(Msg::TypeLearningRate("0.02".into()));
    let equations = app.run().equations();
    assert!(equations.contains("<mn>0.01</mn>"), "{equations}");
    assert!(!equations.contains("<mn>0.02</mn>"), "{equations}");
}

/// A long converging race never computes with subnormal numbers (100 times slower on
/// x86): everything below 10⁻¹⁵⁰ in size is set to 0, which no readout can show.
#[test]
fn a_long_race_keeps_no_negligible_numbers() {
    use gdlab::optimizer::{Hyperparameters, Methods, Race, NEGLIGIBLE};
    let surface = Surface::new(SurfaceKind::Stretched, 50.0);
    let mut race = Race::new(surface, &surface, Methods::ALL, Vec2::new(-3.5, 1.5));
    let settings = Hyperparameters {
        learning_rate: 0.0001,
        momentum: 0.9,
        beta1: 0.9,
        beta2: 0.999,
    };
    let mut flushed = false;
    for _ in 0..100_000 {
        race.step(&surface, settings);
        for racer in &race.racers {
            for value in [
                racer.position.x,
                racer.position.y,
                racer.buffer.x,
                racer.buffer.y,
                racer.square_average.x,
                racer.square_average.y,
                racer.beta1_power,
                racer.beta2_power,
            ] {
                assert!(value == 0.0 || value.abs() >= NEGLIGIBLE, "{value:e}");
                flushed |= value == 0.0;
            }
        }
    }
    // Gradient descent's y, (1 − 100α)ⁿ·1.5 = 0.99ⁿ·1.5, passed 10⁻¹⁵⁰ long before.
    assert!(flushed);
    assert_eq!(race.racers[0].position.y, 0.0);
    assert!(race.racers[0].position.x < -1e-9, "x still creeps toward 0");
}
