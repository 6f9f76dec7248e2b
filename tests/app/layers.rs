//! The layering rule, checked by reading `src/`:
//!
//! ```text
//! top (lib, main, cli, server, app, demo)
//!   → pages → api / handlers (routes) → ops, rules → store → model, web, ui → db, domain, i18n
//! ```
//!
//! A file may use what is below it; an "upward" use (a store using an operation, a feature
//! using the server) is counted, and the test fails above the limit or on a cycle between
//! files. It also checks the rules that make operations own their changes: stores never
//! open or commit a transaction, and only operations write audit entries for changes.
//!
//! The figures: `cargo test --features ssr --test app layers -- --nocapture` prints every
//! upward use and cycle (`LAYERS_SRC=/other/checkout/src` reads another tree).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Upward uses allowed at most (see the module docs); each one is printed.
const MAX_UPWARD: usize = 14;

/// A source file: its module path (`crate::checkin::ops`) and its code without comments.
struct Source {
    module: String,
    file: String,
    code: String,
}

fn sources() -> Vec<Source> {
    // Another tree (an older checkout, to compare figures) can be read with LAYERS_SRC.
    let root = std::env::var_os("LAYERS_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            let module = module_of(&rel);
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            Source { module, file: rel, code }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("src/main.rs") {
            out.push(path);
        }
    }
}

/// `checkin/ops.rs` → `crate::checkin::ops`; `checkin/mod.rs` → `crate::checkin`.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let parts: Vec<&str> =
        rel.split('/').filter(|p| !matches!(*p, "mod" | "lib" | "main")).collect();
    std::iter::once("crate").chain(parts).collect::<Vec<_>>().join("::")
}

/// The layer of a file, from its name: higher may use lower.
fn rank(file: &str) -> u8 {
    let name = file.rsplit('/').next().unwrap().trim_end_matches(".rs");
    let top = file.split('/').next().unwrap().trim_end_matches(".rs");
    match top {
        "lib" | "main" | "cli" | "server" | "app" | "demo" => return 7,
        "domain" | "i18n" | "error" | "db" => return 0,
        "web" | "ui" | "export" => return 2,
        _ => {}
    }
    match name {
        "pages" | "import_pages" | "cancel_pages" | "roster_pages" | "queue_pages" | "island"
        | "loan_desk" | "month" | "guard" | "ruby" | "phone_pages" => 6,
        // Routes and what they stand on: the open API's handlers and its token extractor.
        "api" | "handlers" | "upload" | "feeds" | "middleware" | "worker" | "subscriptions"
        | "open_api" | "extract" => 5,
        // Permission rules: pure predicates, and guards that read through a store.
        "ops" | "rules" => 4,
        "store" | "signin" | "throttle" | "setup" | "mailer" | "import" => 3,
        // Form checks: pure, on the level of the form helpers they use.
        "input" => 2,
        _ => 1,
    }
}

/// Every `crate::…` and `super::…` path a file names, as absolute module paths, with
/// `use` groups (`{a, b::c}`) expanded.
fn paths_named(src: &Source) -> Vec<String> {
    let mut out = Vec::new();
    let code = &src.code;
    for (prefix, base) in [("crate::", "crate".to_string()), ("super::", parent_of(&src.module))] {
        let mut rest = code.as_str();
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            expand(&base, rest, &mut out);
        }
    }
    out
}

/// The module `super` names from a file.
/// (`super` in `a/mod.rs`, module `crate::a`, is `crate`, as in `a/b.rs` it is `crate::a`.)
fn parent_of(module: &str) -> String {
    module.rsplit_once("::").map_or("crate", |(p, _)| p).to_string()
}

/// Reads `a::b::{c, d::e}` at the start of `text` into full paths under `base`.
fn expand(base: &str, text: &str, out: &mut Vec<String>) {
    let mut path = base.to_string();
    let mut chars = text.char_indices().peekable();
    let mut segment = String::new();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            segment.push(c);
        } else if c == ':' && text[i..].starts_with("::") {
            chars.next();
            if !segment.is_empty() {
                path = format!("{path}::{segment}");
                segment.clear();
            }
        } else if c == '{' && segment.is_empty() {
            let group = &text[i + 1..];
            let inner = &group[..matching_brace(group) - 1];
            for part in split_top(inner) {
                expand(&path, part.trim(), out);
            }
            return;
        } else {
            break;
        }
    }
    if !segment.is_empty() && segment != "self" {
        path = format!("{path}::{segment}");
    }
    out.push(path);
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len() + 1
}

fn split_top(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The file a path lands in: the deepest module it names, following `pub use` re-exports
/// of a `mod.rs` into the file that defines the item.
fn file_of(path: &str, modules: &BTreeMap<String, usize>, all: &[Source]) -> Option<usize> {
    let segments: Vec<&str> = path.split("::").collect();
    let mut found = None;
    for n in (1..=segments.len()).rev() {
        if let Some(&i) = modules.get(&segments[..n].join("::")) {
            found = Some((i, segments.get(n).copied()));
            break;
        }
    }
    let (mut i, mut item) = found?;
    // Follow `pub use child::{Item}` from a module file into the child.
    for _ in 0..4 {
        let Some(name) = item else { break };
        let src = &all[i];
        let Some(child) = reexporting_child(&src.code, name) else {
            break;
        };
        let Some(&j) = modules.get(&format!("{}::{child}", src.module)) else {
            break;
        };
        i = j;
        item = Some(name);
    }
    Some(i)
}

/// The child module a `pub use child::…Item…;` line re-exports `item` from.
fn reexporting_child<'a>(code: &'a str, item: &str) -> Option<&'a str> {
    code.split(';').find_map(|stmt| {
        let stmt = stmt.trim();
        let rest = stmt.strip_prefix("pub use ")?;
        let (child, names) = rest.split_once("::")?;
        let names = names.replace(['{', '}', '\n', ' '], "");
        names.split(',').any(|n| n.rsplit("::").next() == Some(item)).then_some(child.trim())
    })
}

struct Graph {
    files: Vec<String>,
    edges: BTreeSet<(usize, usize)>,
}

fn graph() -> (Graph, Vec<Source>) {
    let all = sources();
    let modules: BTreeMap<String, usize> =
        all.iter().enumerate().map(|(i, s)| (s.module.clone(), i)).collect();
    let mut edges = BTreeSet::new();
    for (i, src) in all.iter().enumerate() {
        for path in paths_named(src) {
            let Some(j) = file_of(&path, &modules, &all) else {
                continue;
            };
            if i == j || all[j].module == "crate" {
                continue;
            }
            // A module file declaring and re-exporting its children is structure, not use.
            let own_child = src.file.ends_with("mod.rs")
                && all[j].module.starts_with(&format!("{}::", src.module));
            if !own_child && src.module != "crate" {
                edges.insert((i, j));
            }
        }
    }
    let files = all.iter().map(|s| s.file.clone()).collect();
    (Graph { files, edges }, all)
}

/// Cycles: the strongly connected components with more than one file (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    let n = g.files.len();
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in &g.edges {
        adj[a].push(b);
    }
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], s: &mut State) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on[v] = true;
        for &w in &adj[v] {
            match s.index[w] {
                None => {
                    visit(w, adj, s);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(v, &adj, &mut s);
        }
    }
    s.out
        .into_iter()
        .map(|c| {
            let mut files: Vec<String> = c.into_iter().map(|i| g.files[i].clone()).collect();
            files.sort();
            files
        })
        .collect()
}

fn upward(g: &Graph) -> Vec<String> {
    g.edges
        .iter()
        .filter(|&&(a, b)| rank(&g.files[a]) < rank(&g.files[b]))
        .map(|&(a, b)| format!("{} → {}", g.files[a], g.files[b]))
        .collect()
}

#[test]
fn no_cycles_between_files_and_few_upward_uses() {
    let (g, _) = graph();
    let up = upward(&g);
    let cycles = cycles(&g);
    println!("{} files, {} uses between them", g.files.len(), g.edges.len());
    println!("{} upward uses:", up.len());
    for u in &up {
        println!("  {u}");
    }
    println!("{} cycles:", cycles.len());
    for c in &cycles {
        println!("  {}", c.join(" ⇄ "));
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
    assert!(
        up.len() <= MAX_UPWARD,
        "{} upward uses (at most {MAX_UPWARD}):\n{}",
        up.len(),
        up.join("\n")
    );
}

#[test]
fn stores_never_open_or_commit_a_transaction() {
    let (_, all) = graph();
    let offenders: Vec<&str> = all
        .iter()
        .filter(|s| s.file.ends_with("store.rs"))
        .filter(|s| s.code.contains(".begin()") || s.code.contains(".commit()"))
        .map(|s| s.file.as_str())
        .collect();
    assert!(offenders.is_empty(), "stores that manage a transaction: {offenders:?}");
}

#[test]
fn only_operations_audit_changes() {
    let (_, all) = graph();
    // Reads, sign-ins and sign-outs are not changes; the audit store itself defines them.
    let change = [
        "Action::Create",
        "Action::Update",
        "Action::Disable",
        "Action::Enable",
        "Action::ResetPassword",
        "Action::Merge",
        "Action::Cancel",
    ];
    let offenders: Vec<&str> = all
        .iter()
        .filter(|s| !s.file.ends_with("ops.rs") && !s.file.starts_with("audit/"))
        .filter(|s| change.iter().any(|a| s.code.contains(a)))
        .map(|s| s.file.as_str())
        .collect();
    assert!(offenders.is_empty(), "changes audited outside an operation: {offenders:?}");
}

#[test]
fn only_operations_call_another_features_operations() {
    let (_, all) = graph();
    let mut offenders = Vec::new();
    for src in &all {
        let feature = src.file.split('/').next().unwrap_or("");
        let top = matches!(feature, "cli.rs" | "server.rs" | "demo.rs" | "demo");
        if src.file.ends_with("ops.rs") || top {
            continue;
        }
        for path in paths_named(src) {
            let segments: Vec<&str> = path.split("::").collect();
            if segments.len() > 2 && segments[2] == "ops" && segments[1] != feature {
                offenders.push(format!("{} → {path}", src.file));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "another feature's operations called outside an operation: {offenders:#?}"
    );
}

#[test]
fn the_reader_finds_uses() {
    let src = Source {
        module: "crate::checkin::handlers".into(),
        file: "checkin/handlers.rs".into(),
        code: "use super::{ops, store::Walkin};\nuse crate::web::{AppState, Caller};\nlet x = crate::db::now();".into(),
    };
    let named = paths_named(&src);
    assert!(named.contains(&"crate::checkin::ops".to_string()), "{named:?}");
    assert!(named.contains(&"crate::checkin::store::Walkin".to_string()));
    assert!(named.contains(&"crate::web::AppState".to_string()));
    assert!(named.contains(&"crate::db::now".to_string()));
    assert_eq!(rank("checkin/store.rs"), 3);
    assert!(rank("checkin/ops.rs") > rank("checkin/store.rs"));
}
