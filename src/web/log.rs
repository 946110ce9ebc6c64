//! The neuron's run log on the page: one table row per step, as the post's program
//! prints it, for the newest `LOG_ROWS_SHOWN` steps.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use super::dom::by_id;
use crate::app::App;
use crate::format::{fixed8, python_repr, readout};
use crate::neuron::NeuronStep;

pub struct RunLog {
    document: Document,
    log_body: Element,
    log_wrap: Element,
    /// (generation, last step) of the neuron run whose rows are on the page.
    shown_log: (u64, u64),
}

impl RunLog {
    pub fn find(document: &Document) -> Result<Self, JsValue> {
        Ok(Self {
            document: document.clone(),
            log_body: by_id(document, "log-body")?,
            log_wrap: by_id(document, "log-wrap")?,
            shown_log: (0, 0),
        })
    }

    /// Shows the newest log lines: appends rows for steps not yet shown, and once the
    /// table holds `LOG_ROWS_SHOWN` rows recycles the oldest row for each new line, so
    /// new lines rewrite text instead of building elements. Starts over after a reset.
    pub fn render(&mut self, app: &App) -> Result<(), JsValue> {
        let run = &app.neuron;
        if self.shown_log.0 != run.generation {
            self.log_body.set_text_content(None);
            self.shown_log = (run.generation, 0);
        }
        let last_shown = self.shown_log.1;
        let unseen = run
            .log
            .iter()
            .rev()
            .take_while(|(number, _)| *number > last_shown)
            .count();
        let written = unseen.min(LOG_ROWS_SHOWN);
        for (step_number, step) in run.log.iter().skip(run.log.len() - written) {
            let row = if (self.log_body.child_element_count() as usize) < LOG_ROWS_SHOWN {
                let row = self.document.create_element("tr")?;
                for _ in 0..5 {
                    let cell = self.document.create_element("td")?;
                    row.append_child(&cell)?;
                }
                row
            } else {
                self.log_body
                    .first_element_child()
                    .expect("a full log table has a first row")
            };
            fill_log_row(&row, *step_number, step);
            // Appending an existing row moves it to the end.
            self.log_body.append_child(&row)?;
            self.shown_log.1 = *step_number;
        }
        if self.shown_log.1 > last_shown {
            // Browsers clamp the scroll position, so no layout read is needed to reach the end.
            self.log_wrap.set_scroll_top(i32::MAX);
        }
        Ok(())
    }
}

/// How many log lines the page shows; the app keeps more for export.
const LOG_ROWS_SHOWN: usize = 200;

/// One line as the post's program prints it: step, ŷ before, ŷ after, y, C.
fn fill_log_row(row: &Element, step_number: u64, step: &NeuronStep) {
    let cells = row.children();
    let texts = [
        step_number.to_string(),
        fixed8(step.prediction_before),
        fixed8(step.prediction_after),
        readout(step.target),
        python_repr(step.loss),
    ];
    for (index, text) in texts.iter().enumerate() {
        if let Some(cell) = cells.item(index as u32) {
            cell.set_text_content(Some(text));
        }
    }
}
