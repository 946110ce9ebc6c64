//! The crate's modules form no import cycle: every `use crate::…` line of `src/` is an
//! edge between two modules, and the graph they form must be acyclic. Shared words
//! live in `vocabulary`, which imports nothing, so the layers stay one-way.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The module a file is (`src/web/view.rs` → `web::view`, `src/lessons/mod.rs` → `lessons`).
fn module_of(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).expect("a file under src/");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib" || last == "main")
    {
        parts.pop();
    }
    parts.join("::")
}

fn rust_files(directory: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(directory).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// The modules named by `use crate::a::b::{…}` (and `pub use`) lines, outside tests,
/// resolved to the longest prefix that is a known module.
fn imports(source: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // Test modules may import anything; they are not part of the layering.
    let source = source.split("#[cfg(test)]").next().unwrap_or(source);
    for line in source.lines() {
        let line = line.trim_start();
        let rest = line
            .strip_prefix("pub use crate::")
            .or_else(|| line.strip_prefix("use crate::"));
        let Some(rest) = rest else { continue };
        let path: Vec<&str> = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|part| !part.is_empty())
            .collect();
        for length in (1..=path.len()).rev() {
            let candidate = path[..length].join("::");
            if modules.contains(&candidate) {
                found.insert(candidate);
                break;
            }
        }
    }
    found
}

/// Edges module → imported module, with a parent module standing for its children
/// (`web::view` importing `app` is an edge of `web` too, for cycle purposes a child
/// is its own node).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|file| module_of(file, &root))
        .filter(|module| !module.is_empty())
        .collect();
    let mut edges = BTreeMap::new();
    for file in &files {
        let module = module_of(file, &root);
        if module.is_empty() {
            continue;
        }
        let source = fs::read_to_string(file).expect("a readable source file");
        let mut targets = imports(&source, &modules);
        targets.remove(&module);
        edges.insert(module, targets);
    }
    edges
}

/// A cycle in the graph, if there is one (depth-first search with three colours).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).expect("on the stack");
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, edges, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, edges, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn src_has_no_import_cycle() {
    let edges = graph();
    assert!(edges.len() > 20, "found only {} modules", edges.len());
    assert!(
        edges["app"].contains("config"),
        "the parser sees app's imports"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_vocabulary_imports_nothing_and_render_only_core_types() {
    let edges = graph();
    assert!(edges["vocabulary"].is_empty(), "{:?}", edges["vocabulary"]);
    for (module, targets) in &edges {
        if module.starts_with("render") {
            for forbidden in ["app", "config", "page", "lessons", "web"] {
                assert!(
                    !targets
                        .iter()
                        .any(|t| t == forbidden || t.starts_with(&format!("{forbidden}::"))),
                    "{module} imports {forbidden}"
                );
            }
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    // A negative control: the old app → config → app cycle.
    let mut edges = BTreeMap::new();
    edges.insert("app".to_string(), BTreeSet::from(["config".to_string()]));
    edges.insert(
        "config".to_string(),
        BTreeSet::from(["app".to_string(), "text".to_string()]),
    );
    edges.insert("text".to_string(), BTreeSet::new());
    let cycle = find_cycle(&edges).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert!(cycle.contains(&"app".to_string()) && cycle.contains(&"config".to_string()));
    let modules = BTreeSet::from([
        "app".to_string(),
        "web".to_string(),
        "web::view".to_string(),
    ]);
    assert_eq!(
        imports(
            "use crate::web::view::{View, X};\npub use crate::app::App;\n",
            &modules
        ),
        BTreeSet::from(["web::view".to_string(), "app".to_string()])
    );
}
