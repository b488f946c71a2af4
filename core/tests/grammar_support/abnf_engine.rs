//! A tiny ABNF engine over the `abnf` crate's rule tree: a generator of strings in the
//! language and a matcher that decides membership. Enough for small, non-recursive grammars
//! like canonical-address-v1; it fails loudly on anything it does not understand rather than
//! guessing, so a grammar it cannot read never passes by accident.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use abnf::types::{Kind, Node, Repeat, TerminalValues};

/// The RFC 5234 Appendix B core rules a grammar may reference without defining.
fn core_rule(name: &str) -> Option<Node> {
    let range = |a, b| Node::TerminalValues(TerminalValues::Range(a, b));
    match name {
        "digit" => Some(range(0x30, 0x39)),
        "alpha" => Some(Node::Alternatives(vec![
            range(0x41, 0x5A),
            range(0x61, 0x7A),
        ])),
        _ => None,
    }
}

/// A parsed rule list, rule names folded to lowercase (ABNF rule names are case-insensitive).
pub struct Grammar {
    rules: HashMap<String, Node>,
    pub start: String,
}

impl Grammar {
    /// Parses `text` as an RFC 5234 rule list; the first rule is the start rule.
    pub fn parse(text: &str) -> Result<Grammar, String> {
        let list = abnf::rulelist(text).map_err(|e| format!("not valid ABNF:\n{e}"))?;
        let mut rules = HashMap::new();
        let mut start = None;
        for rule in &list {
            let name = rule.name().to_ascii_lowercase();
            if rule.kind() == Kind::Incremental {
                return Err(format!(
                    "rule '{name}' uses =/, which this test does not support"
                ));
            }
            if core_rule(&name).is_some() {
                return Err(format!("rule '{name}' redefines an RFC 5234 core rule"));
            }
            if rules
                .insert(name.clone(), lowercase_names(rule.node()))
                .is_some()
            {
                return Err(format!("rule '{name}' is defined twice"));
            }
            start.get_or_insert(name);
        }
        let start = start.ok_or("the ABNF block has no rules")?;
        let mut used = BTreeSet::new();
        for node in rules.values() {
            references(node, &mut used)?;
        }
        for name in used {
            if let Entry::Vacant(slot) = rules.entry(name) {
                let core = core_rule(slot.key()).ok_or_else(|| {
                    format!("rule '{}' is referenced but not defined", slot.key())
                })?;
                slot.insert(core);
            }
        }
        Ok(Grammar { rules, start })
    }

    /// The rules the grammar defines and the core rules it uses.
    pub fn rule_names(&self) -> BTreeSet<&str> {
        self.rules.keys().map(String::as_str).collect()
    }

    // Rule names in the tree are lowercased by `parse`, so no allocation on this hot path.
    fn rule(&self, name: &str) -> Result<&Node, String> {
        self.rules
            .get(name)
            .ok_or_else(|| format!("rule '{name}' is referenced but not defined"))
    }

    /// Every end position (in chars) at which `node` can finish matching `input` from `pos`.
    pub fn matches(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        let matcher = Matcher {
            grammar: self,
            input: &chars,
        };
        matcher
            .ends(&Node::Rulename(self.start.clone()), 0)
            .contains(&chars.len())
    }

    /// A random string of the language; `size` bounds unbounded repetitions (`*`, `1*`).
    pub fn generate(&self, rng: &mut Rng, size: usize) -> String {
        let mut out = String::new();
        self.generate_node(&Node::Rulename(self.start.clone()), rng, size, 0, &mut out);
        out
    }

    fn generate_node(
        &self,
        node: &Node,
        rng: &mut Rng,
        size: usize,
        depth: usize,
        out: &mut String,
    ) {
        assert!(
            depth < 64,
            "the grammar recurses too deeply to generate from"
        );
        match node {
            Node::Alternatives(nodes) => {
                let pick = rng.below(nodes.len());
                self.generate_node(&nodes[pick], rng, size, depth + 1, out);
            }
            Node::Concatenation(nodes) => {
                for n in nodes {
                    self.generate_node(n, rng, size, depth + 1, out);
                }
            }
            Node::Repetition { repeat, node } => {
                let (min, max) = bounds(repeat);
                let count = match max {
                    Some(max) => min + rng.below(max - min + 1),
                    None => min + rng.below(size + 1),
                };
                for _ in 0..count {
                    self.generate_node(node, rng, size, depth + 1, out);
                }
            }
            Node::Group(node) => self.generate_node(node, rng, size, depth + 1, out),
            Node::Optional(node) => {
                if rng.below(2) == 1 {
                    self.generate_node(node, rng, size, depth + 1, out);
                }
            }
            Node::Rulename(name) => {
                let rule = self.rule(name).unwrap_or_else(|e| panic!("{e}"));
                self.generate_node(rule, rng, size, depth + 1, out);
            }
            Node::String(literal) => {
                for c in literal.value().chars() {
                    // A quoted string is case-insensitive (RFC 5234 §2.3): either case is in the language.
                    let flip = !literal.is_case_sensitive() && rng.below(2) == 1;
                    out.push(if flip { flip_case(c) } else { c });
                }
            }
            Node::TerminalValues(TerminalValues::Range(from, to)) => {
                let span = usize::try_from(to - from).unwrap_or(0);
                let offset = u32::try_from(rng.below(span + 1)).unwrap_or(0);
                out.push(char::from_u32(from + offset).expect("a range of valid code points"));
            }
            Node::TerminalValues(TerminalValues::Concatenation(values)) => {
                for &v in values {
                    out.push(char::from_u32(v).expect("a valid code point"));
                }
            }
            Node::Prose(p) => panic!("cannot generate prose <{p}>"),
        }
    }
}

/// The same tree with every rule name lowercased (ABNF rule names are case-insensitive).
fn lowercase_names(node: &Node) -> Node {
    let all = |nodes: &[Node]| nodes.iter().map(lowercase_names).collect();
    match node {
        Node::Alternatives(nodes) => Node::Alternatives(all(nodes)),
        Node::Concatenation(nodes) => Node::Concatenation(all(nodes)),
        Node::Repetition { repeat, node } => Node::Repetition {
            repeat: repeat.clone(),
            node: Box::new(lowercase_names(node)),
        },
        Node::Group(node) => Node::Group(Box::new(lowercase_names(node))),
        Node::Optional(node) => Node::Optional(Box::new(lowercase_names(node))),
        Node::Rulename(name) => Node::Rulename(name.to_ascii_lowercase()),
        other => other.clone(),
    }
}

/// Collects the rule names `node` references; a prose value is refused.
fn references(node: &Node, used: &mut BTreeSet<String>) -> Result<(), String> {
    match node {
        Node::Alternatives(nodes) | Node::Concatenation(nodes) => {
            nodes.iter().try_for_each(|n| references(n, used))
        }
        Node::Repetition { node, .. } | Node::Group(node) | Node::Optional(node) => {
            references(node, used)
        }
        Node::Rulename(name) => {
            used.insert(name.clone());
            Ok(())
        }
        Node::Prose(p) => Err(format!("prose value <{p}> cannot be generated or matched")),
        Node::String(_) | Node::TerminalValues(_) => Ok(()),
    }
}

fn bounds(repeat: &Repeat) -> (usize, Option<usize>) {
    match *repeat {
        Repeat::Specific(n) => (n, Some(n)),
        Repeat::Variable { min, max } => (min.unwrap_or(0), max),
    }
}

pub fn flip_case(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

struct Matcher<'g, 'i> {
    grammar: &'g Grammar,
    input: &'i [char],
}

impl Matcher<'_, '_> {
    fn ends(&self, node: &Node, pos: usize) -> BTreeSet<usize> {
        match node {
            Node::Alternatives(nodes) => nodes.iter().flat_map(|n| self.ends(n, pos)).collect(),
            Node::Concatenation(nodes) => {
                let mut frontier = BTreeSet::from([pos]);
                for n in nodes {
                    frontier = frontier.iter().flat_map(|&p| self.ends(n, p)).collect();
                    if frontier.is_empty() {
                        break;
                    }
                }
                frontier
            }
            Node::Repetition { repeat, node } => {
                let (min, max) = bounds(repeat);
                self.repeat(node, pos, min, max)
            }
            Node::Group(node) => self.ends(node, pos),
            Node::Optional(node) => self.repeat(node, pos, 0, Some(1)),
            Node::Rulename(name) => {
                let rule = self.grammar.rule(name).unwrap_or_else(|e| panic!("{e}"));
                self.ends(rule, pos)
            }
            Node::String(literal) => {
                let mut at = pos;
                for want in literal.value().chars() {
                    let Some(&got) = self.input.get(at) else {
                        return BTreeSet::new();
                    };
                    let same = if literal.is_case_sensitive() {
                        got == want
                    } else {
                        got.eq_ignore_ascii_case(&want)
                    };
                    if !same {
                        return BTreeSet::new();
                    }
                    at += 1;
                }
                BTreeSet::from([at])
            }
            Node::TerminalValues(TerminalValues::Range(from, to)) => match self.input.get(pos) {
                Some(&c) if (*from..=*to).contains(&u32::from(c)) => BTreeSet::from([pos + 1]),
                _ => BTreeSet::new(),
            },
            Node::TerminalValues(TerminalValues::Concatenation(values)) => {
                let fits = values
                    .iter()
                    .enumerate()
                    .all(|(k, &v)| self.input.get(pos + k).map(|&c| u32::from(c)) == Some(v));
                if fits {
                    BTreeSet::from([pos + values.len()])
                } else {
                    BTreeSet::new()
                }
            }
            Node::Prose(p) => panic!("cannot match prose <{p}>"),
        }
    }

    // Positions after exactly k repetitions, k in min..=max. An unbounded repetition stops once
    // a round adds no position not already reached (every later round would only repeat them).
    fn repeat(&self, node: &Node, pos: usize, min: usize, max: Option<usize>) -> BTreeSet<usize> {
        let mut result = BTreeSet::new();
        let mut frontier = BTreeSet::from([pos]);
        let mut k = 0;
        loop {
            if k >= min {
                if max.is_none() && k > min && frontier.is_subset(&result) {
                    break;
                }
                result.extend(frontier.iter().copied());
            }
            if max.is_some_and(|m| k >= m) || frontier.is_empty() {
                break;
            }
            frontier = frontier.iter().flat_map(|&p| self.ends(node, p)).collect();
            k += 1;
        }
        result
    }
}

/// SplitMix64: a seeded, reproducible PRNG, so a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let n = n as u64;
        usize::try_from(self.next_u64() % n).unwrap_or(0)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
