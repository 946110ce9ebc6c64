//! Whatever a reader does, in any order and with any numbers, the app keeps
//! working and every value it would show is a finite number within its bounds.

use gdlab::app::LossScale;
use gdlab::app::{
    App, Defaults, Msg, Scene, Speed, DIVERGENCE_BOUND, FIRST_STATES, HISTORY_CAPACITY,
    RECENT_STATES, UNIT_SAMPLES,
};
use gdlab::config::parse_query;
use gdlab::learning_rate;
use gdlab::page::Page;
use gdlab::surface;
use gdlab::text::Language;
use proptest::prelude::*;

fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::num::f64::ANY,
        -10.0..10.0f64,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(-0.0),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+0-9.eE]{0,12}",
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e309".to_string()),
        Just("".to_string()),
        Just("1.5".to_string()),
        Just("0.0001".to_string()),
    ]
}

fn any_msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        Just(Msg::SelectScene(Scene::Field)),
        Just(Msg::SelectScene(Scene::Neuron)),
        Just(Msg::TogglePlay),
        Just(Msg::StepOnce),
        Just(Msg::Reset),
        Just(Msg::Tick(0.0)),
        Just(Msg::Tick(0.0)),
        Just(Msg::Tick(0.0)),
        any_number().prop_map(Msg::MoveSlider),
        (0.0..=1000.0f64).prop_map(Msg::MoveSlider),
        any_text().prop_map(Msg::TypeLearningRate),
        (any_number(), any_number()).prop_map(|(fraction_x, fraction_y)| Msg::PickStartPoint {
            fraction_x,
            fraction_y
        }),
        (0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(fraction_x, fraction_y)| Msg::PickStartPoint {
            fraction_x,
            fraction_y
        }),
        prop::array::uniform16(any_number()).prop_map(Msg::Randomize),
        prop::array::uniform16(0.0..1.0f64).prop_map(Msg::Randomize),
        any::<u32>().prop_map(|steps| Msg::SetSpeed(Speed::PerFrame(steps))),
        any::<u32>().prop_map(|steps| Msg::SetSpeed(Speed::PerSecond(steps))),
        prop::sample::select(Speed::ALL.to_vec()).prop_map(Msg::SetSpeed),
        any_number().prop_map(Msg::Tick),
        Just(Msg::SetLossScale(LossScale::Log)),
        Just(Msg::DismissNotices),
        Just(Msg::ToggleLanguage),
        Just(Msg::StepBack),
        any_number().prop_map(Msg::Scrub),
        (0.0..40.0f64).prop_map(Msg::Scrub),
        any::<bool>().prop_map(|worked| Msg::Copied(gdlab::app::Clip::Csv, worked)),
    ]
}

/// Everything the page would show is finite and bounded, in every lesson.
fn assert_honest(app: &App) -> Result<(), TestCaseError> {
    let within = |value: f64| value.is_finite() && value.abs() <= DIVERGENCE_BOUND;
    let field = &app.lessons.field.lesson;
    let position = field.position;
    prop_assert!(
        within(position.x) && within(position.y),
        "position {position:?}"
    );
    prop_assert!(surface::value(position).is_finite());
    let layer = &app.lessons.neuron.lesson.layer;
    let parameters = layer.parameters();
    prop_assert!(parameters.weights.iter().all(|w| within(*w)) && within(parameters.bias));
    prop_assert!(layer.predict().is_finite() && layer.loss().is_finite());
    for run in app.lessons.all() {
        prop_assert!(run.losses().samples().len() <= HISTORY_CAPACITY);
        prop_assert!(run.losses().samples().iter().all(|s| s.value.is_finite()));
        prop_assert!(
            run.log_lines(0, usize::MAX).len() <= FIRST_STATES + RECENT_STATES + HISTORY_CAPACITY
        );
        prop_assert!((learning_rate::MIN..=learning_rate::MAX).contains(&run.learning_rate()));
        prop_assert!(run.shown_step() <= run.steps());
        prop_assert!(run.shown_loss().is_finite());
        prop_assert!(run
            .readouts()
            .values()
            .iter()
            .all(|value| value.is_finite()));
        if let Some(update) = run.update_rows() {
            for row in update.rows() {
                prop_assert!(within(row.before) && row.gradient.is_finite() && within(row.after));
            }
        }
        if let Some(point) = run.field_point() {
            prop_assert!(within(point.position.x) && within(point.position.y));
        }
    }
    prop_assert!(Speed::ALL.contains(&app.speed));
    let page = Page::of(app);
    prop_assert!(
        page.announcement.loss.is_finite()
            && page.regime.is_none_or(|regime| regime.factor.is_finite())
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_sequence_of_actions_keeps_the_app_honest(
        query in any_text(),
        messages in prop::collection::vec(any_msg(), 0..60),
    ) {
        let (config, notices) = parse_query(&query);
        let defaults = Defaults {
            unit_samples: [0.25; UNIT_SAMPLES],
            language: Language::Chinese,
        };
        let mut app = App::new(&config, notices, defaults);
        assert_honest(&app)?;
        for msg in messages {
            app.update(msg);
            assert_honest(&app)?;
        }
    }

    #[test]
    fn any_finite_start_and_rate_steps_finitely_or_diverges_cleanly(
        x in -4.0..4.0f64,
        y in -4.0..4.0f64,
        weights in prop::array::uniform3(-100.0..100.0f64),
        bias in -100.0..100.0f64,
        rate_position in 0.0..=1000.0f64,
    ) {
        let query = format!(
            "x={x}&y={y}&w={},{},{}&b={bias}&lr={}&speed=1000",
            weights[0], weights[1], weights[2], learning_rate::from_slider(rate_position)
        );
        for scene in [Scene::Field, Scene::Neuron] {
            let (config, notices) = parse_query(&query);
            prop_assert!(notices.is_empty(), "{notices:?}");
            let defaults = Defaults { unit_samples: [0.5; UNIT_SAMPLES], language: Language::English };
            let mut app = App::new(&config, notices, defaults);
            app.update(Msg::SelectScene(scene));
            app.update(Msg::TypeLearningRate(learning_rate::from_slider(rate_position).to_string()));
            app.update(Msg::TogglePlay);
            for _ in 0..3 {
                app.update(Msg::Tick(0.0));
                assert_honest(&app)?;
            }
            // Either it is still playing (converging or oscillating), or it stopped on a
            // refused step or on one that changed nothing visible, and says so.
            prop_assert!(
                app.playing || app.diverged_at().is_some() || app.run().settled_at().is_some()
            );
        }
    }
}
