//! Properties every registered lesson has, tested once over the registry (egui's demo
//! list is the model), and the page model (`gdlab::page`) the web layer draws.

mod common;
use gdlab::app::{App, Clip, Effect, Msg, Outcome, Scene, UNIT_SAMPLES};
use gdlab::page::{self, Page};
use gdlab::regime::Regime;
use gdlab::text::Language;
use gdlab::vocabulary::Parameter;

fn app_from(query: &str) -> App {
    common::app_from_link(query, [0.375; UNIT_SAMPLES])
}

fn on(scene: Scene, query: &str) -> App {
    let mut app = app_from(query);
    app.update(Msg::SelectScene(scene));
    app
}

fn stepped(scene: Scene, query: &str, steps: u64) -> App {
    let mut app = on(scene, query);
    for _ in 0..steps {
        app.update(Msg::StepOnce);
    }
    app
}

/// The bug this model was written for: after ~3000 steps the loss history is thinned,
/// and the announcement read the loss of a *neighbouring* kept sample, not the loss
/// the readout shows. The page model announces the loss of the state shown.
#[test]
fn the_announcement_says_the_loss_the_readout_shows_on_long_runs() {
    for (scene, query, loss_index) in [
        (Scene::Field, "lr=0.0001&speed=1000", 2),
        (Scene::Neuron, "lr=0.0001&speed=1000", 5),
    ] {
        let mut app = on(scene, &format!("scene={}&{query}", scene.key()));
        app.update(Msg::TogglePlay);
        for _ in 0..3 {
            app.update(Msg::Tick(0.0));
        }
        app.update(Msg::TogglePlay);
        app.update(Msg::StepOnce);
        assert_eq!(app.steps(), 3001);
        let page = Page::of(&app);
        let shown_loss = page.readouts.values()[loss_index];
        assert_eq!(page.announcement.step, 3001);
        assert_eq!(page.announcement.loss, shown_loss, "{scene:?}");
        // The thinned history has no sample at 3001: reading it (the old code) gives
        // another step's loss, so this test fails on that code.
        let thinned = app.losses().at_or_before(3001).expect("a sample");
        assert_ne!(thinned.step, 3001);
        assert_ne!(thinned.value, shown_loss);
        assert!(page.announcement_text().contains("3001"));
    }
}

#[test]
fn back_equals_replay_from_the_start_in_every_lesson() {
    for scene in Scene::ALL {
        let query = "lr=0.01";
        let mut app = stepped(scene, query, 12);
        app.update(Msg::StepBack);
        app.update(Msg::StepBack);
        // Back keeps the later steps: the page of a replay, but for the step count.
        let with_12_steps = |page: &mut Page| page.steps = 12;
        let replay_10 = Page::of(&stepped(scene, query, 10));
        assert_eq!(Page::of(&app), edited(replay_10, with_12_steps));
        app.update(Msg::Scrub(3.0));
        let replay_3 = Page::of(&stepped(scene, query, 3));
        assert_eq!(Page::of(&app), edited(replay_3, with_12_steps));
        assert_eq!(
            app.run().equations(),
            stepped(scene, query, 3).run().equations()
        );
        app.update(Msg::StepOnce);
        let replayed = stepped(scene, query, 4);
        assert_eq!(app.run().csv(), replayed.run().csv(), "{scene:?}");
        assert_eq!(
            app.run().log_lines(0, 100),
            replayed.run().log_lines(0, 100)
        );
    }
}

/// `page` with one edit.
fn edited(mut page: Page, edit: impl FnOnce(&mut Page)) -> Page {
    edit(&mut page);
    page
}

#[test]
fn a_share_link_round_trips_in_every_lesson() {
    for scene in Scene::ALL {
        let mut app = stepped(scene, "lr=0.02&speed=10&scale=log&lang=zh", 3);
        app.update(Msg::PickStartPoint {
            fraction_x: 0.25,
            fraction_y: 0.75,
        });
        let mut samples = [0.5; UNIT_SAMPLES];
        samples[0] = 0.125;
        app.update(Msg::Randomize(samples));
        let restored = app_from(&app.share_query());
        assert!(restored.notices.is_empty(), "{:?}", restored.notices);
        assert_eq!(restored.share_query(), app.share_query());
        // The link restores the start: the page of the run reset (but for how often
        // the run was reset).
        let mut reset = app.clone();
        reset.update(Msg::Reset);
        let restored_page = Page::of(&restored);
        let generation = restored_page.generation;
        assert_eq!(
            restored_page,
            edited(Page::of(&reset), |page| page.generation = generation)
        );
    }
}

#[test]
fn every_number_the_page_shows_is_finite_in_every_lesson_and_rate() {
    for scene in Scene::ALL {
        for rate in ["0.0001", "0.01", "0.5", "1", "1.5"] {
            let mut app = on(scene, &format!("lr={rate}&speed=100"));
            app.update(Msg::TogglePlay);
            for _ in 0..30 {
                app.update(Msg::Tick(0.0));
                let page = Page::of(&app);
                assert!(page.readouts.values().iter().all(|v| v.is_finite()));
                assert!(
                    page.announcement.loss.is_finite()
                        && page.regime.is_none_or(|regime| regime.factor.is_finite())
                );
                if let Some(update) = page.update {
                    assert!(update.rows().iter().all(|row| {
                        row.before.is_finite() && row.gradient.is_finite() && row.after.is_finite()
                    }));
                }
            }
        }
    }
}

#[test]
fn the_page_model_says_what_the_page_shows() {
    let mut app = app_from("lr=0.75");
    let page = Page::of(&app);
    assert_eq!(page.scene, Scene::Field);
    assert_eq!(page.readouts.values(), &[1.0, 3.0, 10.0, 2.0, 6.0]);
    assert_eq!(page.update, None);
    let regime = page.regime.expect("the field has one κ");
    assert_eq!(regime.regime, Regime::Oscillating);
    assert_eq!(regime.factor, 1.0 - 2.0 * 0.75);
    assert_eq!(
        page.regime_sentence().as_deref(),
        Some(
            "1/2 < α < 1: converges while oscillating; each step overshoots to the other side \
             (1 − κα = -0.5). κ = 2 is the curvature here: the second derivative of x² + y² in \
             every direction."
        )
    );
    assert_eq!(page.play_label(), "Play");
    assert_eq!(page.announcement_text(), "Step 0, loss 10");
    app.update(Msg::SelectScene(Scene::Neuron));
    let page = Page::of(&app);
    assert_eq!(
        page.regime.expect("the neuron has one κ").fractions,
        Some(("1/30", "1/15"))
    );
    assert!(page
        .regime_sentence()
        .expect("the neuron has one κ")
        .contains("κ = 30 is the curvature"));
    assert_eq!(
        page.regime_labels(),
        Some(("1/κ = 1/30".to_string(), "2/κ = 1/15".to_string()))
    );
    assert_eq!(
        page.regime.map(|regime| regime.regime),
        Some(Regime::Monotonic),
        "the neuron keeps its own 0.001"
    );
    // The sigmoid lessons have no one κ: no regimes, and the page hides their part.
    app.update(Msg::SelectScene(Scene::Layer));
    let page = Page::of(&app);
    assert_eq!(page.regime, None);
    assert!(page.hidden.contains(gdlab::vocabulary::Part::Regime));
    app.update(Msg::SelectScene(Scene::Neuron));
    app.update(Msg::StepOnce);
    let page = Page::of(&app);
    let update = page.update.expect("a step was taken");
    assert_eq!(update.rows().len(), 4);
    assert_eq!(
        update.rows()[3].after,
        page.readouts.values()[3],
        "b after = readout b"
    );
    app.update(Msg::ToggleLanguage);
    assert_eq!(Page::of(&app).play_label(), "播放");
    assert!(page::full_app_href(&app).starts_with("?scene=neuron"));
}

#[test]
fn copy_and_download_are_effects_and_their_failures_are_notices() {
    let mut app = stepped(Scene::Neuron, "lr=0.001&w=0,0,0&b=3.35507743", 2);
    app.address = "https://example.org/gdlab/".into();
    let Some(Effect::Copy { clip, text }) = app.update(Msg::CopyLink) else {
        panic!("Copy link asks to copy");
    };
    assert_eq!(clip, Clip::Link);
    assert_eq!(
        text,
        format!("https://example.org/gdlab/?{}", app.share_query())
    );
    assert_eq!(app.shared_link.as_deref(), Some(text.as_str()));
    let Some(Effect::Download {
        file_name,
        contents,
    }) = app.update(Msg::DownloadCsv)
    else {
        panic!("Download CSV asks to download");
    };
    assert_eq!(file_name, "one-neuron-run-log.csv");
    assert_eq!(contents.lines().count(), 3);
    let Some(Effect::Copy {
        clip: Clip::Csv,
        text,
    }) = app.update(Msg::CopyCsv)
    else {
        panic!("Copy CSV asks to copy the CSV");
    };
    assert_eq!(text, contents);
    assert_eq!(app.update(Msg::DownloadFailed), None);
    assert_eq!(app.outcome, Some(Outcome::DownloadFailed));
    let page = Page::of(&app);
    assert_eq!(
        page.outcome_texts().1,
        "The browser did not save the file; use Copy CSV instead."
    );
    app.update(Msg::Copied(Clip::Csv, false));
    assert_eq!(
        Page::of(&app).outcome_texts(),
        ("", "Copying is not allowed here; use Download CSV instead.")
    );
    app.update(Msg::Copied(Clip::Link, true));
    assert_eq!(Page::of(&app).outcome_texts(), ("Link copied.", ""));
}

#[test]
fn the_page_model_says_which_parts_show() {
    use gdlab::vocabulary::Part;
    let page = Page::of(&app_from("hide=log,tabs"));
    assert!(!page.embed);
    for part in Part::ALL {
        assert_eq!(
            page.hidden.contains(part),
            matches!(part, Part::Log | Part::Tabs),
            "{part:?}"
        );
    }
    assert!(!Page::of(&app_from("")).hidden.contains(Part::Log));
}

#[test]
fn every_panel_names_the_step_it_shows() {
    use gdlab::text::Caption;
    let caption = |language: Language, caption, step| {
        let mut text = String::new();
        language.write_caption(caption, step, &mut text);
        text
    };
    assert_eq!(
        caption(Language::English, Caption::Readouts, 0),
        "At the start (step 0)"
    );
    assert_eq!(
        caption(Language::English, Caption::Readouts, 1),
        "After step 1"
    );
    assert!(caption(Language::English, Caption::Explain, 0)
        .starts_with("Step 1, the one Step will take"));
    assert!(caption(Language::English, Caption::Explain, 3).starts_with("Step 3:"));
    assert_eq!(
        caption(Language::Chinese, Caption::Readouts, 1),
        "第 1 步之后"
    );
    // After one Step of the post's run every part shows step 1: the readouts after it,
    // the equations and graph the update that led to it, the chart its loss.
    let app = stepped(
        Scene::Neuron,
        "scene=neuron&lr=0.001&w=0,0,0&b=3.35507743",
        1,
    );
    let page = Page::of(&app);
    assert_eq!(page.shown_step, 1);
    let graph = app.run().graph().expect("the neuron has a graph");
    let update = page.update.expect("step 1's update");
    assert_eq!(graph.after.bias, update.rows()[3].after);
    assert_eq!(
        page.readouts.values()[3],
        update.rows()[3].after,
        "readouts show after step 1"
    );
    assert_eq!(page.announcement.loss, page.readouts.values()[5]);
}

#[test]
fn the_posts_start_in_one_click_and_its_printed_digits_marked() {
    let mut app = on(Scene::Neuron, "lr=0.05");
    app.update(Msg::StepOnce);
    assert!(!Page::of(&app).follows_post);
    app.update(Msg::StartAsInPost);
    let page = Page::of(&app);
    assert!(page.has_post_start && page.follows_post);
    assert_eq!((page.steps, page.learning_rate), (0, 0.001));
    assert_eq!(page.readouts.values()[..4], [0.0, 0.0, 0.0, 3.35507743]);
    for _ in 0..200 {
        app.update(Msg::StepOnce);
    }
    let lines = app.run().log_lines(0, 200);
    let printed: Vec<_> = lines
        .iter()
        .filter(|(_, cells)| cells[1].post_digits.is_some())
        .collect();
    assert_eq!(printed.len(), 34, "the post printed 34 of the 200 lines");
    for (step, cells) in printed {
        // ŷ before and after: every printed digit the same (8 decimals).
        for cell in &cells[1..3] {
            assert_eq!(
                cell.post_digits,
                Some(cell.text.chars().count()),
                "step {step}: {cell:?}"
            );
        }
        // The loss: the same to at least its 6th decimal (the post's note says so).
        let loss = &cells[4];
        let decimals = loss.post_digits.unwrap() as i64 - loss.text.find('.').unwrap() as i64 - 1;
        assert!(
            decimals >= 6 || loss.text.contains('e'),
            "step {step}: {loss:?}"
        );
    }
    // Another rate is not the post's run: nothing is marked.
    app.update(Msg::TypeLearningRate("0.002".into()));
    assert!(!Page::of(&app).follows_post);
    assert!(app
        .run()
        .log_lines(0, 5)
        .iter()
        .all(|(_, cells)| cells.iter().all(|c| c.post_digits.is_none())));
    // On the field the post's point is (1, 3); the rate stays the reader's.
    let mut field = on(Scene::Field, "x=-2&y=1&lr=0.3");
    field.update(Msg::StartAsInPost);
    let page = Page::of(&field);
    assert_eq!(page.readouts.values()[..2], [1.0, 3.0]);
    assert_eq!(page.learning_rate, 0.3);
}

#[test]
fn an_embed_shows_the_figure_and_its_controls_unless_asked_for_more() {
    use gdlab::vocabulary::Part;
    let embed = Page::of(&app_from("embed=1"));
    for part in Part::HIDDEN_IN_EMBEDS {
        assert!(
            embed.hidden.contains(part),
            "{part:?} is left out of an embed"
        );
    }
    for part in [
        Part::Buttons,
        Part::Rate,
        Part::Readouts,
        Part::Graph,
        Part::Update,
    ] {
        assert!(!embed.hidden.contains(part), "{part:?} stays in an embed");
    }
    // show= brings parts back, hide= takes more away; both round-trip through links.
    let app = app_from("embed=1&show=language,log&hide=chart");
    let page = Page::of(&app);
    assert!(!page.hidden.contains(Part::Language) && !page.hidden.contains(Part::Log));
    assert!(page.hidden.contains(Part::Chart) && page.hidden.contains(Part::Speed));
    assert_eq!(Page::of(&app_from(&app.share_query())).hidden, page.hidden);
    assert!(!app.full_app_query().contains("show="));
    // Outside an embed show= changes nothing and nothing is left out.
    assert_eq!(
        Page::of(&app_from("show=log")).hidden,
        Page::of(&app_from("")).hidden
    );
    assert!(Page::of(&app_from("")).hidden == gdlab::page::Parts::default());
}

#[test]
fn challenges_are_checked_by_the_app() {
    use gdlab::challenge::Status;
    let status = |app: &App| Page::of(app).challenge.expect("a challenge").status;
    for scene in Scene::ALL {
        assert!(Page::of(&on(scene, "")).challenge_count >= 2, "{scene:?}");
    }
    // Field, α: 0.1 is too slow for 3 steps; ½ lands at once.
    let mut app = on(Scene::Field, "x=-2&y=1&lr=0.1");
    app.update(Msg::StartChallenge(0));
    assert_eq!(
        Page::of(&app).readouts.values()[..2],
        [1.0, 3.0],
        "starts at (1, 3)"
    );
    assert_eq!(status(&app), Status::Open);
    for _ in 0..3 {
        app.update(Msg::StepOnce);
    }
    assert!(matches!(status(&app), Status::NotYet { step: 3, .. }));
    app.update(Msg::TypeLearningRate("0.5".into()));
    app.update(Msg::Reset);
    app.update(Msg::StepOnce);
    app.update(Msg::StepOnce);
    assert_eq!(
        status(&app),
        Status::Solved {
            step: 1,
            value: 0.0
        }
    );
    // Field, predict x at α = 0.9: (1 − 1.8)·1 = −0.8.
    app.update(Msg::StartChallenge(1));
    assert_eq!(Page::of(&app).learning_rate, 0.9);
    assert!(Page::of(&app).challenge.unwrap().predicts);
    app.update(Msg::Guess("x".into()));
    assert!(Page::of(&app).challenge.unwrap().guess_invalid);
    app.update(Msg::Guess("−0.8".into()));
    assert_eq!(status(&app), Status::Predicted { guess: -0.8 });
    app.update(Msg::StepOnce);
    let Status::Solved { step: 1, value } = status(&app) else {
        panic!("−0.8 is right: {:?}", status(&app));
    };
    assert!((value + 0.8).abs() < 1e-12);
    app.update(Msg::StepOnce);
    assert!(
        matches!(status(&app), Status::Solved { .. }),
        "later steps keep the verdict"
    );
    app.update(Msg::StartChallenge(1));
    app.update(Msg::Guess("0.8".into()));
    app.update(Msg::StepOnce);
    assert!(matches!(status(&app), Status::NotYet { step: 1, .. }));
    app.update(Msg::StartChallenge(1));
    app.update(Msg::StepOnce);
    assert_eq!(status(&app), Status::NoPrediction);
    // Neuron: w1 after the post's first step is −α·2(ŷ − y)·x₁ = −0.00471015486.
    let mut neuron = on(Scene::Neuron, "");
    neuron.update(Msg::StartChallenge(0));
    assert!(Page::of(&neuron).follows_post);
    neuron.update(Msg::Guess("-0.00471".into()));
    neuron.update(Msg::StepOnce);
    assert!(matches!(status(&neuron), Status::Solved { step: 1, .. }));
    // Neuron: α = 1/30 takes ŷ to y in one step.
    neuron.update(Msg::StartChallenge(1));
    neuron.update(Msg::TypeLearningRate("0.0333".into()));
    neuron.update(Msg::StepOnce);
    assert!(matches!(status(&neuron), Status::Solved { step: 1, .. }));
    // The challenge belongs to its lesson; leaving ends it.
    neuron.update(Msg::SelectScene(Scene::Field));
    assert_eq!(Page::of(&neuron).challenge, None);
    neuron.update(Msg::SelectScene(Scene::Neuron));
    let view = Page::of(&neuron)
        .challenge
        .expect("the neuron's challenge again");
    // The verdict names the quantity, its value and the goal, in both languages; what
    // the challenge teaches waits for a verdict (it would give the answer away).
    assert_eq!(view.verdict(), Some(true));
    let english = view.status_text(Language::English);
    assert!(
        english.starts_with("Done ✓ After step 1, C = "),
        "{english}"
    );
    assert!(english.ends_with("< 0.001."), "{english}");
    assert!(view
        .status_text(Language::Chinese)
        .starts_with("达成 ✓ 第 1 步后 C = "));
    neuron.update(Msg::StartChallenge(0));
    let view = Page::of(&neuron).challenge.unwrap();
    assert_eq!(view.verdict(), None);
    assert_eq!(
        view.status_text(Language::English),
        "Type your prediction of w₁, then press Step."
    );
    neuron.update(Msg::Guess("0.5".into()));
    neuron.update(Msg::StepOnce);
    let view = Page::of(&neuron).challenge.unwrap();
    assert_eq!(view.verdict(), Some(false));
    assert!(view
        .status_text(Language::Chinese)
        .starts_with("不对：你预测 0.5，第 1 步后 w₁ = -0.00471015486"));
    neuron.update(Msg::LeaveChallenge);
    assert_eq!(Page::of(&neuron).challenge, None);

    // A prediction typed after step 1 (the readouts show the answer then) is ignored.
    neuron.update(Msg::StartChallenge(0));
    neuron.update(Msg::StepOnce);
    let answer = Page::of(&neuron).readouts.values()[0];
    neuron.update(Msg::Guess(format!("{answer}")));
    assert_eq!(status(&neuron), Status::NoPrediction);
    neuron.update(Msg::StepBack);
    neuron.update(Msg::Guess(format!("{answer}")));
    assert_eq!(
        status(&neuron),
        Status::NoPrediction,
        "nor after going back"
    );
    // Three digits are enough; two are not.
    neuron.update(Msg::StartChallenge(0));
    neuron.update(Msg::Guess("-0.00471".into()));
    neuron.update(Msg::StepOnce);
    assert!(matches!(status(&neuron), Status::Solved { .. }));
    neuron.update(Msg::StartChallenge(0));
    neuron.update(Msg::Guess("-0.0049".into()));
    neuron.update(Msg::StepOnce);
    assert!(matches!(status(&neuron), Status::NotYet { .. }));

    // A run that diverges before the steps are used up has its verdict at once.
    neuron.update(Msg::StartChallenge(1));
    neuron.update(Msg::TypeLearningRate("0.1".into()));
    for _ in 0..3 {
        neuron.update(Msg::StepOnce);
    }
    let view = Page::of(&neuron).challenge.unwrap();
    assert!(
        matches!(view.status, Status::NotYet { .. }),
        "{:?}",
        view.status
    );
    assert!(view
        .status_text(Language::English)
        .starts_with("Not reached"));

    // A new start is not the challenge's: picking one, or the post's start, ends it.
    let mut field = on(Scene::Field, "");
    field.update(Msg::StartChallenge(0));
    field.update(Msg::PickStartPoint {
        fraction_x: 0.5,
        fraction_y: 0.5,
    });
    assert_eq!(Page::of(&field).challenge, None);
    // So does a new problem typed in (the momentum challenge met on an easy bowl would
    // teach nothing), while the rate, μ and the optimizers are the reader's to tune.
    let mut race = on(Scene::Optimizers, "");
    race.update(Msg::StartChallenge(1));
    race.update(Msg::SetSetting(Parameter::Momentum, "0.57".into()));
    race.update(Msg::SetSetting(
        Parameter::Optimizers,
        "momentum,adam".into(),
    ));
    assert!(
        Page::of(&race).challenge.is_some(),
        "tuning keeps the challenge"
    );
    race.update(Msg::SetSetting(Parameter::Surface, "bowl".into()));
    assert_eq!(Page::of(&race).challenge, None);
    race.update(Msg::StartChallenge(1));
    race.update(Msg::SetSetting(Parameter::X, "2".into()));
    assert_eq!(Page::of(&race).challenge, None);
    // A refused value changes nothing, so the challenge stays.
    race.update(Msg::StartChallenge(1));
    race.update(Msg::SetSetting(Parameter::Kappa, "many".into()));
    assert!(Page::of(&race).challenge.is_some());
}

/// Every lesson's challenges can be met with what their text suggests, and not by
/// pressing Step at the start they set.
#[test]
fn the_series_and_race_challenges_are_solvable_and_not_solved_by_default() {
    use gdlab::challenge::Status;
    let status = |app: &App| Page::of(app).challenge.expect("a challenge").status;
    let steps = |app: &mut App, count: u64| {
        for _ in 0..count {
            app.update(Msg::StepOnce);
        }
    };
    let solved = |status: Status| matches!(status, Status::Solved { .. });

    // Sigmoid layer, C < 0.1 within 10 steps: the post's α = 0.1 is too small, 0.5 does it.
    let mut layer = on(Scene::Layer, "");
    layer.update(Msg::StartChallenge(0));
    assert!(Page::of(&layer).follows_post);
    steps(&mut layer, 10);
    assert!(matches!(status(&layer), Status::NotYet { step: 10, .. }));
    layer.update(Msg::TypeLearningRate("0.5".into()));
    layer.update(Msg::Reset);
    steps(&mut layer, 10);
    assert!(solved(status(&layer)), "{:?}", status(&layer));

    // Sigmoid layer, b₁ with the summed bias gradient: −α·(δ₁ + δ₂), twice the mean's step.
    layer.update(Msg::StartChallenge(1));
    assert_eq!(
        Page::of(&layer).bias_gradient,
        Some(gdlab::batch::BiasGradient::Sum)
    );
    let mean_step = -0.1 * 0.1183368413836966;
    layer.update(Msg::Guess(format!("{mean_step}")));
    layer.update(Msg::StepOnce);
    assert!(
        matches!(status(&layer), Status::NotYet { step: 1, .. }),
        "the mean's step is wrong here"
    );
    layer.update(Msg::StartChallenge(1));
    layer.update(Msg::Guess(format!("{:.5}", 2.0 * mean_step)));
    layer.update(Msg::StepOnce);
    assert!(solved(status(&layer)), "{:?}", status(&layer));

    // Hidden layer, from the fixed start: C < 0.1 within 60 steps needs α near 1.
    let mut network = on(Scene::Network, "");
    network.update(Msg::StartChallenge(0));
    let start = Page::of(&network).readouts.values()[0];
    let mut other = on(Scene::Network, "w0=0.9,0.8,0.7,0.6,0.5,0.4,0.3,0.2,0.1");
    other.update(Msg::StartChallenge(0));
    assert_eq!(
        Page::of(&other).readouts.values()[0],
        start,
        "the challenge sets its start"
    );
    steps(&mut network, 60);
    assert!(matches!(status(&network), Status::NotYet { step: 60, .. }));
    network.update(Msg::TypeLearningRate("1".into()));
    network.update(Msg::Reset);
    steps(&mut network, 60);
    assert!(solved(status(&network)), "{:?}", status(&network));

    // Hidden layer, b¹₁ after step 1: −α·∂C/∂b¹₁ with the mean the text names, even for a
    // reader who had chosen the sum.
    network.update(Msg::SetBiasGradient(gdlab::batch::BiasGradient::Sum));
    network.update(Msg::StartChallenge(1));
    let gradient = Page::of(&network).readouts.values()[43];
    network.update(Msg::Guess(format!("{:.6}", -0.1 * gradient)));
    network.update(Msg::StepOnce);
    assert!(solved(status(&network)), "{:?}", status(&network));

    // Race, GD's y after step 1 at α = 0.018: (1 − 0.018·100)·1.5 = −1.2, also after the
    // reader changed the surface and the optimizers.
    let mut race = on(Scene::Optimizers, "surface=himmelblau&opt=adam");
    race.update(Msg::StartChallenge(0));
    assert_eq!(Page::of(&race).readouts.values()[..2], [-3.5, 1.5]);
    race.update(Msg::Guess("-1.2".into()));
    race.update(Msg::StepOnce);
    assert!(solved(status(&race)), "{:?}", status(&race));

    // Race, momentum alone: μ = 0.9 swings past 30 steps; the best heavy ball that the
    // text names (μ ≈ 0.57, α ≈ 0.03) does it.
    race.update(Msg::StartChallenge(1));
    steps(&mut race, 30);
    assert!(matches!(status(&race), Status::NotYet { step: 30, .. }));
    race.update(Msg::SetSetting(Parameter::Momentum, "0.57".into()));
    race.update(Msg::TypeLearningRate("0.03".into()));
    steps(&mut race, 30);
    assert!(solved(status(&race)), "{:?}", status(&race));
    // Gradient descent alone cannot, at its best fixed rate 2/(λmin + λmax).
    race.update(Msg::SetSetting(Parameter::Optimizers, "gd".into()));
    race.update(Msg::TypeLearningRate("0.0196".into()));
    steps(&mut race, 30);
    assert!(matches!(status(&race), Status::NotYet { step: 30, .. }));
}

/// A verdict stays once the run goes on past what the timeline keeps of every step
/// (its older states are thinned after a few thousand steps): the steps a challenge
/// judges are the first ones, and those are kept exactly however long the run.
#[test]
fn a_verdict_survives_a_long_run() {
    use gdlab::challenge::Goal;
    use gdlab::challenge::Status;
    use gdlab::lesson::{FIRST_STATES, HISTORY_CAPACITY, RECENT_STATES};
    let status = |app: &App| Page::of(app).challenge.expect("a challenge").status;
    let long = (RECENT_STATES + 2 * HISTORY_CAPACITY) as u64;
    for scene in Scene::ALL {
        for challenge in on(scene, "").run().challenges() {
            if let Goal::LossBelow { steps, .. } = challenge.goal {
                assert!(steps < FIRST_STATES as u64, "{scene:?}: {steps} steps");
            }
        }
    }

    // Hidden layer at the text's α = 0.1: not below 0.1 after 60 steps, and it stays so.
    let mut network = on(Scene::Network, "");
    network.update(Msg::StartChallenge(0));
    for _ in 0..long {
        network.update(Msg::StepOnce);
    }
    assert_eq!(Page::of(&network).shown_step, long, "the run went on");
    assert!(
        matches!(status(&network), Status::NotYet { step: 60, .. }),
        "{:?}",
        status(&network)
    );

    // Field, the prediction for step 1 (x = −0.8 at α = 0.9), from a start far enough
    // out that the run does not settle first.
    let mut field = on(Scene::Field, "");
    field.update(Msg::StartChallenge(1));
    field.update(Msg::Guess("-0.8".into()));
    for _ in 0..long {
        field.update(Msg::StepOnce);
    }
    assert!(Page::of(&field).shown_step > 3000, "the run went on");
    assert!(
        matches!(status(&field), Status::Solved { step: 1, .. }),
        "{:?}",
        status(&field)
    );
}

/// "Try again" reopens a prediction once step 1 has shown the answer, with the
/// challenge's own start and rate; a rate challenge is tried again by Reset instead.
#[test]
fn try_again_reopens_a_prediction() {
    use gdlab::challenge::Status;
    let view = |app: &App| Page::of(app).challenge.expect("a challenge");
    let mut field = on(Scene::Field, "");
    field.update(Msg::StartChallenge(1));
    assert!(
        !view(&field).can_retry(),
        "nothing to retry before a prediction"
    );
    field.update(Msg::Guess("0.8".into()));
    field.update(Msg::StepOnce);
    assert!(matches!(
        view(&field).status,
        Status::NotYet { step: 1, .. }
    ));
    assert!(view(&field).can_retry());
    // The reader moved α meanwhile; trying again restores the challenge's 0.9.
    field.update(Msg::TypeLearningRate("0.3".into()));
    field.update(Msg::RetryChallenge);
    let page = Page::of(&field);
    assert_eq!((page.shown_step, page.learning_rate), (0, 0.9));
    assert_eq!(view(&field).status, Status::Open);
    assert!(!view(&field).can_retry());
    field.update(Msg::Guess("-0.8".into()));
    field.update(Msg::StepOnce);
    assert!(matches!(
        view(&field).status,
        Status::Solved { step: 1, .. }
    ));
    assert!(
        view(&field).can_retry(),
        "a right answer can be tried again too"
    );
    // Stepping without a prediction closes it: Try again is the way back.
    field.update(Msg::RetryChallenge);
    field.update(Msg::StepOnce);
    assert_eq!(view(&field).status, Status::NoPrediction);
    assert!(view(&field).can_retry());

    // A rate challenge: Reset keeps the reader's α, so no Try again.
    field.update(Msg::StartChallenge(0));
    for _ in 0..3 {
        field.update(Msg::StepOnce);
    }
    assert!(matches!(
        view(&field).status,
        Status::NotYet { step: 3, .. }
    ));
    assert!(!view(&field).can_retry());
    // Without a challenge, or from another lesson, it changes nothing.
    field.update(Msg::LeaveChallenge);
    let before = Page::of(&field);
    field.update(Msg::RetryChallenge);
    assert_eq!(Page::of(&field), before);
}

/// A bias is a row (one entry per unit, added to every sample's row); the equations
/// write its numbers one unit per line for a phone, so they write that column transposed.
#[test]
fn bias_numbers_are_written_as_transposed_columns() {
    for (scene, biases) in [(Scene::Layer, 4), (Scene::Network, 8)] {
        let mut app = on(scene, "");
        app.update(Msg::StepOnce);
        let equations = app.run().equations();
        assert_eq!(
            equations.matches("</mtable><mi>T</mi></msup>").count(),
            biases,
            "{scene:?}: ∂C/∂b and b := b − α·∂C/∂b, per layer"
        );
    }
}

/// The loss chart names what it plots: f for the field and the race, which descend f
/// itself, the loss for the lessons with a model.
#[test]
fn the_loss_chart_names_what_it_plots() {
    let words = |scene, query: &str| Page::of(&on(scene, query)).loss_words();
    assert_eq!(words(Scene::Field, ""), ("f(x, y) per step", "f"));
    assert_eq!(words(Scene::Field, "lang=zh"), ("每一步的 f(x, y)", "f"));
    assert_eq!(words(Scene::Neuron, ""), ("Loss per step", "loss"));
    assert_eq!(words(Scene::Network, "lang=zh"), ("每一步的损失", "损失"));
    assert_eq!(words(Scene::Optimizers, "").1, "f");
}
