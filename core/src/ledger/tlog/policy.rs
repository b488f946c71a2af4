//! Which log keys and which witnesses an auditor trusts, and how many cosignatures make a
//! checkpoint trusted: a c2sp.org/tlog-policy file.
//!
//! ```text
//! log example.org/iu-cutter+1a2b3c4d+AW…
//! witness w1 w1.example.net+5e6f7a8b+BK… https://w1.example.net/
//! witness w2 w2.example.org+9c0d1e2f+BM…
//! group two-of-two all w1 w2
//! quorum two-of-two
//! ```
//!
//! `group <name> all|any|<k> <member>…` needs k of its members (witnesses or groups
//! defined on earlier lines); `quorum none` asks for no cosignature.

use std::collections::BTreeSet;

use super::note::{VerifierKey, TYPE_COSIGNATURE, TYPE_ED25519};

/// A witness of a policy: its name in the policy, its cosignature key and where it takes
/// checkpoints (its tlog-witness submission prefix), if the policy says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWitness {
    pub name: String,
    pub key: VerifierKey,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    name: String,
    k: usize,
    members: Vec<String>,
}

/// A parsed tlog-policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub logs: Vec<VerifierKey>,
    pub witnesses: Vec<PolicyWitness>,
    groups: Vec<Group>,
    /// `None`: `quorum none`.
    quorum: Option<String>,
}

impl Policy {
    /// Reads a policy; an error names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Policy, String> {
        let mut logs: Vec<VerifierKey> = Vec::new();
        let mut witnesses: Vec<PolicyWitness> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut quorum: Option<Option<String>> = None;
        for (i, raw) in text.lines().enumerate() {
            let at = |m: String| format!("line {}: {m}", i + 1);
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            let defined = |name: &str, w: &[PolicyWitness], g: &[Group]| {
                w.iter().any(|x| x.name == name) || g.iter().any(|x| x.name == name)
            };
            match words.as_slice() {
                ["log", vkey, rest @ ..] if rest.len() <= 1 => {
                    let key = VerifierKey::parse(vkey).map_err(at)?;
                    if key.key_type != TYPE_ED25519 {
                        return Err(at("a log key must be an Ed25519 key (type 0x01)".into()));
                    }
                    if logs.iter().any(|l| l.public == key.public) {
                        return Err(at(format!("log key {vkey} is listed twice")));
                    }
                    logs.push(key);
                }
                ["witness", name, vkey, rest @ ..] if rest.len() <= 1 => {
                    if *name == "none" || defined(name, &witnesses, &groups) {
                        return Err(at(format!(
                            "the name '{name}' is reserved or already defined"
                        )));
                    }
                    let key = VerifierKey::parse(vkey).map_err(at)?;
                    if key.key_type != TYPE_COSIGNATURE {
                        return Err(at(format!("witness {name}'s key must be a cosignature key (type 0x04): make it with `iu-cutter witness --print-key`")));
                    }
                    if witnesses.iter().any(|w| w.key.public == key.public) {
                        return Err(at(format!("witness {name}'s key is another witness's")));
                    }
                    witnesses.push(PolicyWitness {
                        name: name.to_string(),
                        key,
                        url: rest.first().map(|u| u.to_string()),
                    });
                }
                ["group", name, k, members @ ..] if !members.is_empty() => {
                    if *name == "none" || defined(name, &witnesses, &groups) {
                        return Err(at(format!(
                            "the name '{name}' is reserved or already defined"
                        )));
                    }
                    let mut seen = BTreeSet::new();
                    for m in members {
                        if !defined(m, &witnesses, &groups) {
                            return Err(at(format!(
                                "group {name}: '{m}' is not a witness or group defined above"
                            )));
                        }
                        if !seen.insert(*m) {
                            return Err(at(format!("group {name}: '{m}' is listed twice")));
                        }
                    }
                    let n = members.len();
                    let k = match *k {
                        "all" => n,
                        "any" => 1,
                        k => k
                            .parse::<usize>()
                            .ok()
                            .filter(|k| (1..=n).contains(k))
                            .ok_or_else(|| {
                                at(format!(
                                    "group {name}: '{k}' is not all, any or a number from 1 to {n}"
                                ))
                            })?,
                    };
                    groups.push(Group {
                        name: name.to_string(),
                        k,
                        members: members.iter().map(|m| m.to_string()).collect(),
                    });
                }
                ["quorum", name] => {
                    if quorum.is_some() {
                        return Err(at("a second quorum line".into()));
                    }
                    if *name != "none" && !defined(name, &witnesses, &groups) {
                        return Err(at(format!(
                            "quorum '{name}' is not a witness or group defined above"
                        )));
                    }
                    quorum = Some((*name != "none").then(|| name.to_string()));
                }
                _ => {
                    return Err(at(format!(
                    "'{line}' is not a log, witness, group or quorum line (c2sp.org/tlog-policy)"
                )))
                }
            }
        }
        if logs.is_empty() {
            return Err("the policy names no log key (a line `log <vkey>`)".into());
        }
        let Some(quorum) = quorum else {
            return Err("the policy has no quorum line (`quorum <name>`, or `quorum none`)".into());
        };
        Ok(Policy {
            logs,
            witnesses,
            groups,
            quorum,
        })
    }

    /// Whether the witnesses named (those whose cosignature verified) meet the quorum.
    pub fn satisfied(&self, cosigned: &BTreeSet<String>) -> bool {
        match &self.quorum {
            None => true,
            Some(q) => self.holds(q, cosigned, 0),
        }
    }

    /// The quorum's name (`none` when no cosignature is needed).
    pub fn quorum(&self) -> &str {
        self.quorum.as_deref().unwrap_or("none")
    }

    fn holds(&self, name: &str, cosigned: &BTreeSet<String>, depth: usize) -> bool {
        if self.witnesses.iter().any(|w| w.name == name) {
            return cosigned.contains(name);
        }
        // Groups name only earlier definitions, so there are no loops; the depth bound is a guard.
        match self.groups.iter().find(|g| g.name == name) {
            Some(g) if depth < 64 => {
                g.members
                    .iter()
                    .filter(|m| self.holds(m, cosigned, depth + 1))
                    .count()
                    >= g.k
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT";
    const W: &str = "witness+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN";

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn groups_count_their_members() {
        let p = Policy::parse(&format!(
            "# the spec's example, smaller\nlog {LOG}\n\nwitness W1 {W} https://w1.example/\ngroup one any W1\nquorum one\n"
        ))
        .unwrap();
        assert_eq!(p.witnesses[0].url.as_deref(), Some("https://w1.example/"));
        assert!(p.satisfied(&set(&["W1"])));
        assert!(!p.satisfied(&set(&[])));
        assert!(!p.satisfied(&set(&["W2"])));
        let none = Policy::parse(&format!("log {LOG}\nquorum none\n")).unwrap();
        assert!(none.satisfied(&set(&[])));
    }

    #[test]
    fn a_bad_line_is_named() {
        for (text, needle) in [
            (format!("log {LOG}\n"), "no quorum"),
            ("quorum none\n".to_string(), "no log key"),
            (format!("log {LOG}\nquorum W1\n"), "line 2"),
            (
                format!("log {LOG}\nwitness W1 {LOG}\nquorum W1\n"),
                "type 0x04",
            ),
            (
                format!("log {LOG}\nwitness W1 {W}\ngroup g 2 W1\nquorum g\n"),
                "1 to 1",
            ),
            (
                format!("log {LOG}\nwitness none {W}\nquorum none\n"),
                "reserved",
            ),
            (format!("log {LOG}\nfrobnicate\nquorum none\n"), "line 2"),
        ] {
            let e = Policy::parse(&text).unwrap_err();
            assert!(e.contains(needle), "{e}");
        }
    }
}
