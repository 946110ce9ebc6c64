//! What several native test files share: the app a link opens, and the runs the
//! end-to-end tests repeat in the browser, written as fixtures (`tests/fixtures/*_runs.txt`).
// Each test file uses its own part of this module.
#![allow(dead_code)]

use gdlab::app::{App, Defaults, Msg, UNIT_SAMPLES};
use gdlab::config::parse_query;
use gdlab::text::Language;

/// The app a link opens, with these random samples and English as the browser's language.
pub fn app_from_link(query: &str, unit_samples: [f64; UNIT_SAMPLES]) -> App {
    let (config, notices) = parse_query(query);
    App::new(
        &config,
        notices,
        Defaults {
            unit_samples,
            language: Language::English,
        },
    )
}

/// For each query, the app after `steps` clicks of Step: "# query", its loss readout and
/// its CSV, the format `nativeRuns` in `tests/e2e/harness.mjs` reads. `check` sees each
/// app and its CSV first.
pub fn browser_runs(
    queries: &[&str],
    steps: usize,
    app_from: impl Fn(&str) -> App,
    check: impl Fn(&App, &str),
) -> String {
    let mut fixture = String::new();
    for query in queries {
        let mut app = app_from(query);
        assert!(app.notices.is_empty(), "{query}: {:?}", app.notices);
        for _ in 0..steps {
            app.update(Msg::StepOnce);
        }
        let (csv, _) = app.run().csv();
        check(&app, &csv);
        fixture.push_str(&format!(
            "# {query}\n{}\n{csv}",
            gdlab::format::readout(app.run().shown_loss())
        ));
    }
    fixture
}

/// Checks `computed` against `tests/fixtures/<name>`; with `UPDATE_FIXTURES` set, writes it.
pub fn assert_fixture(name: &str, computed: &str) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, computed).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), computed, "{name}");
}
