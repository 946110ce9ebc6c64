//! The runs as CSV, for "Download CSV" and "Copy".

use crate::app::App;
use crate::surface;

/// The neuron's run log: one line per step, as the post prints it, plus the parameters
/// after the step. Numbers are written with every digit needed to read them back exactly.
pub fn neuron_log_csv(app: &App) -> String {
    let mut csv = String::from("step,prediction_before,prediction_after,target,loss,w1,w2,w3,b\n");
    for (number, step) in &app.neuron.log {
        let [w1, w2, w3] = step.after.weights;
        csv.push_str(&format!(
            "{number},{},{},{},{},{w1},{w2},{w3},{}\n",
            step.prediction_before, step.prediction_after, step.target, step.loss, step.after.bias
        ));
    }
    csv
}

/// The field's trajectory: step, x, y and f(x, y) (every step on short runs, thinned
/// evenly on long ones).
pub fn field_trajectory_csv(app: &App) -> String {
    let mut csv = String::from("step,x,y,f\n");
    for sample in app.field.trajectory.samples() {
        let point = sample.value;
        csv.push_str(&format!(
            "{},{},{},{}\n",
            sample.step,
            point.x,
            point.y,
            surface::value(point)
        ));
    }
    csv
}

/// The CSV of the current scene and the file name to save it under.
pub fn current_csv(app: &App) -> (String, &'static str) {
    match app.scene {
        crate::app::Scene::Field => (field_trajectory_csv(app), "gradient-field-trajectory.csv"),
        crate::app::Scene::Neuron => (neuron_log_csv(app), "one-neuron-run-log.csv"),
    }
}
