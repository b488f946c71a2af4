//! JSON crosswalks: `[{…}, …]` or `{ "rows": [{…}, …] }`, read with where every row and value starts.
//!
//! `serde_json` reads the text (and names the line and column of a syntax error); a small
//! scanner then walks the same, now known valid, text to find the byte offset of every value,
//! which [`Lines`] turns into a line and a column.

use serde_json::Value;

use super::{Cell, Column, Lines, RowError};

/// A value's place in the text, with its children's (arrays, objects).
enum Node {
    Leaf,
    Array(Vec<Placed>),
    Object(Vec<Field>),
}

/// A value's offset, and the value.
type Placed = (usize, Node);

/// An object's field: (key offset, key, value offset, value).
type Field = (usize, String, usize, Node);

/// One row object: where it starts and its cells by column (`new_address` may be several).
pub(super) struct JsonRow {
    pub line: usize,
    pub column: usize,
    pub cells: Vec<(Column, Cell)>,
}

/// The rows of a JSON crosswalk, and every error found in their shape (unknown keys,
/// values that are not text). A syntax error stops the reading: it is the only error then.
pub(super) fn rows(text: &str, lines: &Lines) -> Result<(Vec<JsonRow>, Vec<RowError>), RowError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        RowError::file(
            e.line(),
            e.column(),
            "invalid-json",
            format!("the file is not valid JSON: {e}"),
            "fix the JSON syntax at that place (a missing comma, quote or bracket)",
        )
    })?;
    let start = skip_ws(text.as_bytes(), 0);
    let (_, node) = scan_value(text.as_bytes(), start).ok_or_else(|| {
        RowError::file(
            1,
            1,
            "invalid-json",
            "the file could not be scanned as JSON".into(),
            "send the crosswalk as a JSON array of row objects",
        )
    })?;
    let (items, nodes) = row_list(&value, &node).ok_or_else(|| {
        let (line, column) = lines.at(start);
        RowError::file(
            line,
            column,
            "not-a-row-list",
            "a JSON crosswalk is an array of row objects, or an object whose \"rows\" is one".into(),
            "write [{\"old_address\": \"…\", \"new_address\": \"…\", \"kind\": \"renumber\", \"valid_from\": \"2019-07-01\"}]",
        )
    })?;
    let mut out = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (item, (at, node)) in items.iter().zip(nodes) {
        let (line, column) = lines.at(*at);
        let (Value::Object(_), Node::Object(fields)) = (item, node) else {
            errors.push(RowError::file(line, column, "not-an-object", "this row is not an object".into(), "write each row as {\"old_address\": …, \"new_address\": …, \"kind\": …, \"valid_from\": …}"));
            continue;
        };
        out.push(JsonRow {
            line,
            column,
            cells: read_fields(text, lines, fields, &mut errors),
        });
    }
    Ok((out, errors))
}

/// The rows' values and their places: the array itself, or the last `rows` of an object (as
/// `serde_json` reads a repeated key). `None`: neither.
fn row_list<'a>(value: &'a Value, node: &'a Node) -> Option<(&'a [Value], &'a [Placed])> {
    match (value, node) {
        (Value::Array(items), Node::Array(nodes)) => Some((items, nodes)),
        (Value::Object(map), Node::Object(fields)) => {
            match (map.get("rows"), fields.iter().rev().find(|f| f.1 == "rows")) {
                (Some(Value::Array(items)), Some((_, _, _, Node::Array(nodes)))) => {
                    Some((items, nodes))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The cells of one row object, each field once and known.
fn read_fields(
    text: &str,
    lines: &Lines,
    fields: &[Field],
    errors: &mut Vec<RowError>,
) -> Vec<(Column, Cell)> {
    let mut cells = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for field in fields {
        let (key_at, key, _, _) = field;
        let (key_line, key_column) = lines.at(*key_at);
        let Some(column_name) = Column::named(key) else {
            errors.push(RowError::at(
                key_line,
                key_column,
                key,
                "unknown-column",
                format!("\"{key}\" is not a crosswalk field"),
                Column::list_hint(),
            ));
            continue;
        };
        if seen.contains(&key.as_str()) {
            errors.push(RowError::at(
                key_line,
                key_column,
                key,
                "duplicate-key",
                format!("\"{key}\" appears twice in this row"),
                "keep one value per field",
            ));
            continue;
        }
        seen.push(key);
        read_value(text, lines, field, column_name, &mut cells, errors);
    }
    cells
}

/// The cell (or cells: a list of new addresses) of one field's value: text or null, or
/// refused.
fn read_value(
    text: &str,
    lines: &Lines,
    (_, key, value_at, value_node): &Field,
    column_name: Column,
    cells: &mut Vec<(Column, Cell)>,
    errors: &mut Vec<RowError>,
) {
    let (value_line, value_column) = lines.at(*value_at);
    let raw = text.get(*value_at..).unwrap_or_default();
    let parsed: Value = leaf_value(raw, value_node);
    match (parsed, value_node) {
        (Value::String(s), _) => cells.push((
            column_name,
            Cell {
                value: Some(s),
                line: value_line,
                column: value_column,
                refused: false,
            },
        )),
        (Value::Null, _) => cells.push((
            column_name,
            Cell {
                value: None,
                line: value_line,
                column: value_column,
                refused: false,
            },
        )),
        (_, Node::Array(elements)) if column_name == Column::NewAddress => {
            if elements.is_empty() {
                errors.push(RowError::at(
                    value_line,
                    value_column,
                    key,
                    "empty-list",
                    "new_address is an empty list".into(),
                    "name at least one new address",
                ));
            }
            for (element_at, element) in elements {
                let (l, c) = lines.at(*element_at);
                match leaf_value(text.get(*element_at..).unwrap_or_default(), element) {
                    Value::String(s) => cells.push((
                        column_name,
                        Cell {
                            value: Some(s),
                            line: l,
                            column: c,
                            refused: false,
                        },
                    )),
                    _ => errors.push(RowError::at(
                        l,
                        c,
                        key,
                        "not-text",
                        "each new address in the list must be a string".into(),
                        "write the address in quotes",
                    )),
                }
            }
        }
        _ => {
            cells.push((
                column_name,
                Cell {
                    value: None,
                    line: value_line,
                    column: value_column,
                    refused: true,
                },
            ));
            errors.push(RowError::at(
                value_line,
                value_column,
                key,
                "not-text",
                format!(
                    "\"{key}\" must be a string{}",
                    if column_name == Column::NewAddress {
                        " or a list of strings"
                    } else {
                        ""
                    }
                ),
                "write the value in quotes, e.g. \"2019-07-01\"",
            ))
        }
    }
}

/// The value of a leaf starting at `raw` (strings, numbers, literals); containers are not leaves.
fn leaf_value(raw: &str, node: &Node) -> Value {
    if !matches!(node, Node::Leaf) {
        return Value::Array(Vec::new());
    }
    let mut stream = serde_json::Deserializer::from_str(raw).into_iter::<Value>();
    match stream.next() {
        Some(Ok(v)) => v,
        _ => Value::Null,
    }
}

fn skip_ws(b: &[u8], mut at: usize) -> usize {
    while b
        .get(at)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The end of the string starting at `at` (its opening quote), just past the closing quote.
fn string_end(b: &[u8], mut at: usize) -> Option<usize> {
    at += 1;
    loop {
        match b.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// Scans the valid JSON value at `at`: where it ends and its node. `None` only on text serde refused.
fn scan_value(b: &[u8], at: usize) -> Option<(usize, Node)> {
    match b.get(at)? {
        b'[' => {
            let mut items = Vec::new();
            let mut i = skip_ws(b, at + 1);
            if b.get(i) == Some(&b']') {
                return Some((i + 1, Node::Array(items)));
            }
            loop {
                let (end, node) = scan_value(b, i)?;
                items.push((i, node));
                i = skip_ws(b, end);
                match b.get(i)? {
                    b',' => i = skip_ws(b, i + 1),
                    b']' => return Some((i + 1, Node::Array(items))),
                    _ => return None,
                }
            }
        }
        b'{' => {
            let mut fields = Vec::new();
            let mut i = skip_ws(b, at + 1);
            if b.get(i) == Some(&b'}') {
                return Some((i + 1, Node::Object(fields)));
            }
            loop {
                let key_end = string_end(b, i)?;
                let key: String = serde_json::from_slice(b.get(i..key_end)?).ok()?;
                let colon = skip_ws(b, key_end);
                if b.get(colon) != Some(&b':') {
                    return None;
                }
                let value_at = skip_ws(b, colon + 1);
                let (end, node) = scan_value(b, value_at)?;
                fields.push((i, key, value_at, node));
                i = skip_ws(b, end);
                match b.get(i)? {
                    b',' => i = skip_ws(b, i + 1),
                    b'}' => return Some((i + 1, Node::Object(fields))),
                    _ => return None,
                }
            }
        }
        b'"' => Some((string_end(b, at)?, Node::Leaf)),
        _ => {
            // A number or a literal: up to the next delimiter.
            let mut i = at;
            while b
                .get(i)
                .is_some_and(|c| !matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            Some((i, Node::Leaf))
        }
    }
}
