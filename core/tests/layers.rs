//! The core's floor plan, held by a test (issue 47): its modules sit in layers (`core/src/lib.rs`), each
//! uses only the layers below it, and no two modules use each other, directly or round a loop.
//!
//! Every path a non-test file of `core/src` names is read with `syn` (its `use` trees and the paths in
//! its code: `crate::…`, `super::…`, `self::…`) and resolved to the module it lands in. A module here is
//! a layer's child (`read::cut`, with all its files) or a module at the crate's root beside the layers
//! (`workflow`). Test code (`tests.rs`, `tests_*.rs`, `#[cfg(test)]` items) may use anything.
//! Inside the crate a path names its layer: the crate root's re-exports (`crate::fold`) are for other
//! crates, and using one here is reported too, because it hides which layer is used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The layers, lowest first. A module may use its own layer's modules and those of the layers before
/// it, never one after it.
const LAYERS: [&str; 6] = ["text", "store", "read", "ledger", "change", "publish"];
/// Modules at the crate's root, above every layer.
const TOP: [&str; 2] = ["workflow", "migration"];

/// Where a module sits: its layer's index (the top modules after the last layer) and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Module {
    rank: usize,
    name: String,
}

fn module_of(path: &[String]) -> Option<Module> {
    let first = path.first()?;
    if let Some(rank) = LAYERS.iter().position(|l| l == first) {
        let child = path.get(1)?;
        return Some(Module {
            rank,
            name: format!("{first}::{child}"),
        });
    }
    TOP.contains(&first.as_str()).then(|| Module {
        rank: LAYERS.len(),
        name: first.clone(),
    })
}

/// One use of another module: which file, and the path as resolved from the crate's root.
#[derive(Debug, Clone)]
struct Use {
    file: String,
    path: String,
}

/// What the source files say, as `from module → to module → the uses that make that arrow`, and the
/// paths that went through the crate root's re-exports.
#[derive(Default, Debug)]
struct Graph {
    arrows: BTreeMap<String, BTreeMap<String, Vec<Use>>>,
    ranks: BTreeMap<String, usize>,
    through_root: Vec<Use>,
}

/// Collects the paths one file names, resolved against the module the file is.
struct Paths {
    module: Vec<String>,
    /// Each path resolved from the crate's root, and whether it was written `crate::…`.
    found: Vec<(Vec<String>, bool)>,
}

impl Paths {
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        match segments.first()?.as_str() {
            "crate" => Some(segments[1..].to_vec()),
            "super" | "self" => {
                let mut base = self.module.clone();
                let mut rest = segments;
                while let Some(head) = rest.first() {
                    match head.as_str() {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
                base.extend_from_slice(rest);
                Some(base)
            }
            _ => None,
        }
    }

    fn add(&mut self, segments: &[String]) {
        if let Some(path) = self.resolve(segments) {
            let from_crate = segments.first().is_some_and(|s| s == "crate");
            self.found.push((path, from_crate));
        }
    }

    fn tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.add(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.add(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.add(&prefix.clone()),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.tree(prefix, item);
                }
            }
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta.require_list().is_ok_and(|l| {
                l.tokens
                    .to_string()
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == "test")
            })
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if !is_test(&item.attrs) {
            self.tree(&mut Vec::new(), &item.tree);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if is_test(&item.attrs) || item.content.is_none() {
            return;
        }
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if !is_test(&item.attrs) {
            syn::visit::visit_item_impl(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        // `crate::read::cut::cut(…)`: the module is the path without its last segment.
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() == 2 && segments[0] == "crate" {
            // `crate::fold(…)`: an item of the root itself.
            self.add(&segments);
        } else if segments.len() > 1 {
            self.add(&segments[..segments.len() - 1]);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The module path of a file under `src` (`read/cut/segmenter.rs` → `read::cut::segmenter`), or `None`
/// for test files.
fn file_module(relative: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if parts
        .iter()
        .any(|p| p == "tests" || p.starts_with("tests_"))
    {
        return None;
    }
    if parts.last().is_some_and(|p| p == "lib" || p == "mod") {
        parts.pop();
    }
    Some(parts)
}

/// Builds the graph from `(file name, module path, source text)`.
fn graph<'a>(
    files: impl IntoIterator<Item = (String, Vec<String>, &'a str)>,
) -> Result<Graph, String> {
    let mut graph = Graph::default();
    for (file, module, text) in files {
        let parsed = syn::parse_file(text).map_err(|e| format!("{file}: {e}"))?;
        let mut paths = Paths {
            module: module.clone(),
            found: Vec::new(),
        };
        paths.visit_file(&parsed);
        let Some(from) = module_of(&module) else {
            continue;
        };
        graph.ranks.insert(from.name.clone(), from.rank);
        for (path, from_crate) in paths.found {
            let use_ = Use {
                file: file.clone(),
                path: path.join("::"),
            };
            let Some(to) = module_of(&path) else {
                // `crate::fold`: a re-export of the root, not a module of a layer.
                let is_module = path.first().is_some_and(|f| LAYERS.contains(&f.as_str()));
                if from_crate && path.len() == 1 && !is_module {
                    graph.through_root.push(use_);
                }
                continue;
            };
            graph.ranks.insert(to.name.clone(), to.rank);
            if to.name != from.name {
                graph
                    .arrows
                    .entry(from.name.clone())
                    .or_default()
                    .entry(to.name.clone())
                    .or_default()
                    .push(use_);
            }
        }
    }
    Ok(graph)
}

/// A module's layer, as a word.
fn layer_name(rank: usize) -> &'static str {
    LAYERS.get(rank).copied().unwrap_or("top")
}

/// Every use of a module of a later layer, as a sentence.
fn upward(graph: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (from, arrows) in &graph.arrows {
        let rank = graph.ranks[from];
        for (to, uses) in arrows {
            let to_rank = graph.ranks[to];
            if to_rank > rank {
                for u in uses {
                    out.push(format!(
                        "{}: `{}` uses `crate::{}`, which is in the layer `{}` above its own (`{}`)",
                        u.file,
                        from,
                        u.path,
                        layer_name(to_rank),
                        layer_name(rank)
                    ));
                }
            }
        }
    }
    out
}

/// The modules that use each other round a loop (strongly connected components of two or more), each
/// with the arrows that close it.
fn loops(graph: &Graph) -> Vec<String> {
    // Tarjan's algorithm, iterative over a small graph (a few dozen modules).
    let names: Vec<&String> = graph.ranks.keys().collect();
    let index_of: BTreeMap<&String, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let next: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            graph
                .arrows
                .get(*n)
                .map(|a| a.keys().map(|t| index_of[t]).collect())
                .unwrap_or_default()
        })
        .collect();
    let n = names.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut counter, mut components) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = BTreeSet::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.insert(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    components.push(component);
                }
            }
        }
    }
    components
        .into_iter()
        .map(|c| {
            let members: Vec<&str> = c.iter().map(|&i| names[i].as_str()).collect();
            let mut arrows = Vec::new();
            for &i in &c {
                for &j in &next[i] {
                    if c.contains(&j) {
                        let first = &graph.arrows[names[i]][names[j]][0];
                        arrows.push(format!(
                            "{} → {} ({}: crate::{})",
                            names[i], names[j], first.file, first.path
                        ));
                    }
                }
            }
            format!(
                "a loop between {}: {}",
                members.join(", "),
                arrows.join("; ")
            )
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

fn core_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths).expect("core/src is readable");
    paths.sort();
    let texts: Vec<(String, Vec<String>, String)> = paths
        .iter()
        .filter_map(|p| {
            let relative = p.strip_prefix(&src).ok()?;
            let module = file_module(relative)?;
            let text = std::fs::read_to_string(p).ok()?;
            Some((format!("core/src/{}", relative.display()), module, text))
        })
        .collect();
    assert!(texts.len() > 80, "read {} files of core/src", texts.len());
    graph(
        texts
            .iter()
            .map(|(f, m, t)| (f.clone(), m.clone(), t.as_str())),
    )
    .expect("every file of core/src parses")
}

#[test]
fn no_module_of_the_core_uses_a_later_layer_or_a_loop() {
    let graph = core_graph();
    // Every module of core/src sits in a layer or beside them (a new top-level module must be placed).
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let roots: Vec<String> = syn::parse_file(&lib)
        .expect("lib.rs parses")
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let unplaced: Vec<&String> = roots
        .iter()
        .filter(|r| !LAYERS.contains(&r.as_str()) && !TOP.contains(&r.as_str()))
        .collect();
    assert!(unplaced.is_empty(), "modules at the crate root outside the floor plan: {unplaced:?}; put each in a layer (core/src/lib.rs)");
    assert!(
        graph.ranks.len() > 40,
        "found {} modules",
        graph.ranks.len()
    );

    let mut problems = upward(&graph);
    problems.extend(loops(&graph));
    problems.extend(graph.through_root.iter().map(|u| {
        format!(
            "{}: `crate::{}` is a re-export of the crate root; name its module (`crate::text::…`)",
            u.file, u.path
        )
    }));
    assert!(
        problems.is_empty(),
        "the core's floor plan is broken ({} problems):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checker itself, on planted sources: it must be able to fail.
fn planted(files: &[(&str, &str)]) -> Vec<String> {
    let graph = graph(files.iter().map(|(path, text)| {
        let module = file_module(Path::new(path)).expect("not a test file");
        (format!("core/src/{path}"), module, *text)
    }))
    .expect("the planted sources parse");
    let mut problems = upward(&graph);
    problems.extend(loops(&graph));
    problems
}

#[test]
fn the_checker_finds_a_planted_upward_use() {
    let problems = planted(&[
        (
            "text/address.rs",
            "use crate::change::plan::PlanInput;\npub fn f(_: PlanInput) {}",
        ),
        ("change/plan.rs", "pub struct PlanInput;"),
    ]);
    assert_eq!(
        problems,
        ["core/src/text/address.rs: `text::address` uses `crate::change::plan::PlanInput`, which is in the layer `change` above its own (`text`)"]
    );
}

#[test]
fn the_checker_finds_a_planted_loop_and_resolves_super() {
    let problems = planted(&[
        (
            "read/cut.rs",
            "mod segmenter;\npub fn cut() { crate::read::citations::find(); }",
        ),
        (
            "read/cut/segmenter.rs",
            "use super::super::citations::Citation;",
        ),
        (
            "read/citations.rs",
            "pub fn find() { let _ = crate::read::cut::cut; }\npub struct Citation;",
        ),
        (
            "text/fold.rs",
            "pub fn fold() {}\n#[cfg(test)]\nmod tests { use crate::read::cut::cut; }",
        ),
    ]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("a loop between read::citations, read::cut: "),
        "{}",
        problems[0]
    );
    // A test module may use any layer: `text::fold`'s tests are not an upward use.
    let problems = planted(&[(
        "text/fold.rs",
        "#[cfg(test)]\nmod tests { use crate::read::cut::cut; }",
    )]);
    assert!(problems.is_empty(), "{problems:?}");
}

/// Rooms a new engineer can read (issue 47): no non-test file of `core/src` over [`MAX_FILE_LINES`]
/// lines and no function over [`MAX_FN_LINES`], but for the ones named in [`KEPT`] with why.
const MAX_FILE_LINES: usize = 1500;
const MAX_FN_LINES: usize = 150;

/// `file` or `file:function` kept over the limits, and why. A room split below its limit must leave
/// this list (the test says so), so the list only shrinks.
const KEPT: &[(&str, &str)] = &[];

/// The functions of a rustfmt-formatted source over `max` lines, as `(name, first line, lines)`; test
/// modules (`#[cfg(test)] mod … {`) are skipped. rustfmt closes an item at its own indentation, so the
/// first line that is exactly the opening line's indentation and `}` ends it.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        let closes = |from: usize| {
            let end = format!("{}}}", &line[..indent]);
            (from..lines.len()).find(|&j| lines[j] == end)
        };
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with("mod "))
        {
            i = closes(i + 1).map_or(lines.len(), |e| e + 1);
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let at = words.iter().position(|w| *w == "fn");
        let is_fn = at.is_some_and(|k| {
            words[..k].iter().all(|w| {
                w.starts_with("pub") || ["const", "async", "unsafe", "extern", "\"C\""].contains(w)
            })
        });
        // A declaration (`fn f();`) or a one-line body (`fn f() {}`) has no closing line of its own.
        if is_fn && !trimmed.ends_with(';') && !trimmed.ends_with('}') {
            let name = words[at.unwrap_or(0) + 1]
                .split(['(', '<'])
                .next()
                .unwrap_or("")
                .to_string();
            if let Some(end) = closes(i) {
                if end + 1 - i > max {
                    out.push((name, i + 1, end + 1 - i));
                }
            }
        }
        i += 1;
    }
    out
}

#[test]
fn no_room_of_the_core_is_too_big() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths).expect("core/src is readable");
    paths.sort();
    let kept = |name: &str| KEPT.iter().any(|(k, _)| *k == name);
    let (mut too_big, mut seen) = (Vec::new(), BTreeSet::new());
    for path in &paths {
        let relative = path.strip_prefix(&src).expect("under src");
        if file_module(relative).is_none() {
            continue;
        }
        let file = format!("core/src/{}", relative.display());
        let text = std::fs::read_to_string(path).expect("readable");
        let count = text.lines().count();
        if count > MAX_FILE_LINES {
            seen.insert(file.clone());
            if !kept(&file) {
                too_big.push(format!(
                    "{file}: {count} lines (at most {MAX_FILE_LINES}: split it along its seams)"
                ));
            }
        }
        for (name, line, count) in long_functions(&text, MAX_FN_LINES) {
            let key = format!("{file}:{name}");
            seen.insert(key.clone());
            if !kept(&key) {
                too_big.push(format!("{file}:{line}: fn {name} is {count} lines (at most {MAX_FN_LINES}: one function per step)"));
            }
        }
    }
    let stale: Vec<&str> = KEPT
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !seen.contains(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "KEPT names rooms that are within the limits now; take them off the list: {stale:?}"
    );
    assert!(
        too_big.is_empty(),
        "{} rooms of the core are too big:\n{}",
        too_big.len(),
        too_big.join("\n")
    );
}

#[test]
fn the_room_measure_finds_a_long_function_and_skips_tests() {
    let body = "    let x = 1;\n".repeat(160);
    let text = format!("pub fn long(a: u8) -> u8 {{\n{body}    a\n}}\n\nfn short() {{}}\n\n#[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{body}    }}\n}}\n");
    assert_eq!(long_functions(&text, 150), [("long".to_string(), 1, 163)]);
}
