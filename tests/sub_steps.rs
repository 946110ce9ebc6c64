//! Backpropagation in sub-steps and linked highlighting, through `App::update` and the
//! page model: the walk through the Step shown, node by node, and what ends it.

mod common;
use gdlab::app::{App, Msg, Scene, Speed, UNIT_SAMPLES};
use gdlab::graph::{Node, Quantity};
use gdlab::page::Page;
use gdlab::walk::{Phase, SubStep, SUB_STEPS};

fn app_from(query: &str) -> App {
    common::app_from_link(query, [0.5; UNIT_SAMPLES])
}

const POST: &str = "scene=neuron&lr=0.001&w=0,0,0&b=3.35507743&speed=1";

fn shown(app: &App) -> Option<SubStep> {
    Page::of(app).sub_step
}

#[test]
fn next_sub_step_walks_forward_then_backward_then_the_update() {
    let mut app = app_from(POST);
    app.update(Msg::StepOnce);
    assert_eq!(shown(&app), None);
    let mut walked = Vec::new();
    for _ in 0..SUB_STEPS.len() {
        app.update(Msg::SubStepOn);
        walked.push(shown(&app).expect("inside the walk"));
    }
    // Forward node by node from the products to the loss.
    let forward: Vec<Node> = walked
        .iter()
        .take_while(|step| step.phase == Phase::Forward)
        .map(|step| step.node)
        .collect();
    assert_eq!(forward.first(), Some(&Node::P1));
    assert_eq!(forward.last(), Some(&Node::Loss));
    // Then backward node by node from the loss to every input and parameter.
    let backward: Vec<Node> = walked
        .iter()
        .filter(|step| step.phase == Phase::Backward)
        .map(|step| step.node)
        .collect();
    assert_eq!(backward.first(), Some(&Node::Loss));
    assert_eq!(backward.len(), Node::ALL.len());
    for node in Node::ALL {
        assert!(backward.contains(&node), "{node:?} gets its gradient");
    }
    assert_eq!(walked.last().map(|step| step.phase), Some(Phase::Update));
    assert_eq!(walked, SUB_STEPS);
    // Past the last sub-step the walk is over; the run did not move.
    app.update(Msg::SubStepOn);
    assert_eq!(shown(&app), None);
    assert_eq!(app.steps(), 1);
}

#[test]
fn previous_sub_step_walks_back_and_out() {
    let mut app = app_from(POST);
    app.update(Msg::SubStepBack);
    assert_eq!(shown(&app), Some(SUB_STEPS[SUB_STEPS.len() - 1]));
    app.update(Msg::SubStepBack);
    assert_eq!(shown(&app), Some(SUB_STEPS[SUB_STEPS.len() - 2]));
    app.update(Msg::SubStepOn);
    app.update(Msg::SubStepOn);
    assert_eq!(shown(&app), None);
    app.update(Msg::SubStepOn);
    app.update(Msg::SubStepBack);
    assert_eq!(shown(&app), None);
}

#[test]
fn the_walk_ends_when_the_run_steps_goes_back_resets_or_plays() {
    let endings: [&[Msg]; 6] = [
        &[Msg::StepOnce],
        &[Msg::Reset],
        &[Msg::StepBack],
        &[Msg::TogglePlay, Msg::Tick(0.0), Msg::TogglePlay],
        &[Msg::Randomize([0.25; UNIT_SAMPLES])],
        &[Msg::Scrub(0.0)],
    ];
    for ending in endings {
        let mut app = app_from(POST);
        app.update(Msg::StepOnce);
        app.update(Msg::StepOnce);
        app.update(Msg::SubStepOn);
        app.update(Msg::SubStepOn);
        assert_eq!(shown(&app), Some(SUB_STEPS[1]));
        for msg in ending {
            app.update(msg.clone());
        }
        assert_eq!(shown(&app), None, "after {ending:?}");
        // The next sub-step starts the walk of the state shown now.
        app.update(Msg::SubStepOn);
        assert_eq!(shown(&app), Some(SUB_STEPS[0]), "after {ending:?}");
    }
}

#[test]
fn a_sub_step_pauses_and_other_messages_keep_the_walk() {
    let mut app = app_from(POST);
    app.update(Msg::TogglePlay);
    app.update(Msg::SubStepOn);
    assert!(!app.playing);
    assert_eq!(shown(&app), Some(SUB_STEPS[0]));
    for msg in [
        Msg::ToggleLanguage,
        Msg::Highlight(Some(Quantity::Value(Node::W1))),
        Msg::SetSpeed(Speed::PerFrame(10)),
        Msg::DismissNotices,
    ] {
        app.update(msg);
        assert_eq!(shown(&app), Some(SUB_STEPS[0]));
    }
}

#[test]
fn lessons_without_a_graph_have_no_walk() {
    let mut app = app_from("scene=field");
    app.update(Msg::SubStepOn);
    assert_eq!(shown(&app), None);
    assert!(app.sub_step.is_none());
    app.update(Msg::SelectScene(Scene::Neuron));
    app.update(Msg::SubStepOn);
    assert_eq!(shown(&app), Some(SUB_STEPS[0]));
    app.update(Msg::SelectScene(Scene::Field));
    assert_eq!(shown(&app), None);
}

#[test]
fn the_highlighted_quantity_is_in_the_page_model() {
    let mut app = app_from(POST);
    assert_eq!(Page::of(&app).highlight, None);
    let gradient = Quantity::Gradient(Node::W3);
    app.update(Msg::Highlight(Some(gradient)));
    assert_eq!(Page::of(&app).highlight, Some(gradient));
    app.update(Msg::StepOnce);
    assert_eq!(
        Page::of(&app).highlight,
        Some(gradient),
        "it stays while stepping"
    );
    app.update(Msg::Highlight(None));
    assert_eq!(Page::of(&app).highlight, None);
}

/// The update's sub-steps write the α of the step shown, not the slider's α of now.
#[test]
fn the_walk_writes_the_rate_of_the_step_shown() {
    let mut app = app_from(POST);
    app.update(Msg::StepOnce);
    app.update(Msg::TypeLearningRate("0.01".into()));
    let view = app.run().graph().expect("the neuron has a graph");
    assert_eq!(view.learning_rate, 0.001);
    let update = *SUB_STEPS
        .iter()
        .find(|step| step.phase == Phase::Update)
        .expect("the walk ends with the updates");
    let caption = gdlab::walk::caption(update, &view, gdlab::text::Language::English);
    assert!(caption.contains("− 0.001 × "), "{caption}");
}
