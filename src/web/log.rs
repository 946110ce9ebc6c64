//! A lesson's run log on the page: one table row per step, as the post's program
//! prints it, for the newest `LOG_ROWS_SHOWN` steps. The lines are the lesson's
//! (`AnyRun::log_lines`); this file only keeps the table in step with them.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use crate::lesson::{AnyRun, LogCell};
use crate::page::Page;

pub struct RunLog {
    document: Document,
    log_body: Element,
    log_wrap: Element,
    /// (generation, last step) of the run whose rows are on the page.
    shown_log: (u64, u64),
}

impl RunLog {
    pub fn new(document: &Document, log_body: Element, log_wrap: Element) -> Self {
        Self {
            document: document.clone(),
            log_body,
            log_wrap,
            shown_log: (0, 0),
        }
    }

    /// Shows the newest log lines: appends rows for steps not yet shown, and once the
    /// table holds `LOG_ROWS_SHOWN` rows recycles the oldest row for each new line, so
    /// new lines rewrite text instead of building elements. Starts over after a reset
    /// or a return to the past.
    pub fn render(&mut self, run: &dyn AnyRun, page: &Page) -> Result<(), JsValue> {
        if self.shown_log.0 != page.generation || self.shown_log.1 > page.steps {
            self.log_body.set_text_content(None);
            self.shown_log = (page.generation, 0);
        }
        let last_shown = self.shown_log.1;
        for (step, cells) in run.log_lines(last_shown, LOG_ROWS_SHOWN) {
            let row = if (self.log_body.child_element_count() as usize) < LOG_ROWS_SHOWN {
                let row = self.document.create_element("tr")?;
                for _ in 0..cells.len() {
                    let cell = self.document.create_element("td")?;
                    row.append_child(&cell)?;
                }
                row
            } else {
                self.log_body
                    .first_element_child()
                    .expect("a full log table has a first row")
            };
            let row_cells = row.children();
            for (index, cell) in cells.iter().enumerate() {
                if let Some(element) = row_cells.item(index as u32) {
                    self.fill(&element, cell)?;
                }
            }
            // Appending an existing row moves it to the end.
            self.log_body.append_child(&row)?;
            self.shown_log.1 = step;
        }
        if self.shown_log.1 > last_shown {
            // Browsers clamp the scroll position, so no layout read is needed to reach the end.
            self.log_wrap.set_scroll_top(i32::MAX);
        }
        self.mark_shown(page.shown_step);
        Ok(())
    }

    /// Writes a cell; on the post's own run the digits the post printed the same are
    /// wrapped in a highlighted span.
    fn fill(&self, element: &Element, cell: &LogCell) -> Result<(), JsValue> {
        let matched = cell.post_digits.unwrap_or(0);
        if matched == 0 {
            element.set_text_content(Some(&cell.text));
            return Ok(());
        }
        // Numbers are ASCII, so `matched` counts bytes. Checked: a panicking `split_at`
        // would bring its message formatting along.
        let (same, rest) = cell
            .text
            .split_at_checked(matched)
            .unwrap_or((&cell.text, ""));
        element.set_text_content(None);
        let highlight = self.document.create_element("span")?;
        highlight.set_class_name("post-match");
        highlight.set_text_content(Some(same));
        element.append_child(&highlight)?;
        if !rest.is_empty() {
            let differs = self.document.create_element("span")?;
            differs.set_text_content(Some(rest));
            element.append_child(&differs)?;
        }
        Ok(())
    }

    /// Marks the row of the step every other panel shows (after Back, an older one).
    fn mark_shown(&self, step: u64) {
        let shown = step.to_string();
        let rows = self.log_body.children();
        for index in 0..rows.length() {
            let Some(row) = rows.item(index) else {
                continue;
            };
            let is_shown = row
                .first_element_child()
                .and_then(|cell| cell.text_content())
                .is_some_and(|text| text == shown);
            let _ = row.class_list().toggle_with_force("shown", is_shown);
            let _ = if is_shown {
                row.set_attribute("aria-current", "step")
            } else {
                row.remove_attribute("aria-current")
            };
        }
    }
}

/// How many log lines the page shows; the app keeps more for export.
const LOG_ROWS_SHOWN: usize = 200;
