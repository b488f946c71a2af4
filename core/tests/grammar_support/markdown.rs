//! Just enough Markdown to read the grammar document: fenced blocks by info string, pipe tables.
//! Every reader fails with what it looked for, so a reorganised document breaks the test loudly.

use std::path::PathBuf;

/// `docs/ADDRESS-GRAMMAR.md`, read from the workspace root above the core crate.
pub fn grammar_doc() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/ADDRESS-GRAMMAR.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The body of the one fenced block whose info string is exactly `info` (e.g. `abnf`, `text valid`).
pub fn fenced_block(doc: &str, info: &str) -> String {
    let mut found = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() == format!("```{info}") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| l.trim_end() != "```")
                .collect();
            found.push(body.join("\n") + "\n");
        }
    }
    assert_eq!(
        found.len(),
        1,
        "expected exactly one ```{info} block in the document"
    );
    found.pop().unwrap_or_default()
}

/// A pipe table: the header cells and the rows' cells, trimmed.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

/// The table starting at the first line at or after `from` whose header starts with `header_start`.
pub fn table_after(doc: &str, from: usize, header_start: &str) -> Table {
    let rest = doc.get(from..).unwrap_or_default();
    let mut lines = rest.lines().skip_while(|l| !l.starts_with(header_start));
    let header = cells(
        lines
            .next()
            .unwrap_or_else(|| panic!("no table with a header starting '{header_start}'")),
    );
    let separator = lines.next().unwrap_or_default();
    assert!(
        separator.starts_with("|---"),
        "table '{header_start}' has no separator line"
    );
    let rows = lines
        .take_while(|l| l.starts_with('|'))
        .map(cells)
        .inspect(|row| {
            assert_eq!(
                row.len(),
                header.len(),
                "row {row:?} of table '{header_start}' has the wrong number of cells"
            )
        })
        .collect();
    Table { header, rows }
}

/// The first table in the document whose header starts with `header_start`.
pub fn table(doc: &str, header_start: &str) -> Table {
    table_after(doc, 0, header_start)
}

/// The text of a cell that is exactly one code span, taken verbatim (`` `x` `` → `x`).
pub fn code_span(cell: &str) -> Option<&str> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`')).then_some(inner)
}

/// Every backquoted span in `text`, in order.
pub fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}
