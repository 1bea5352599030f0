//! The audit's report, as text for people and as JSON for monitors.

use serde_json::{json, Value};
use trust_tlog::checkpoint::encode_hash;

use super::leaves::Tally;
use super::tiles::{Audit, Signature};

pub struct Report {
    value: Value,
    problems: Vec<String>,
}

impl Report {
    /// `statements`: each `--statement`'s check, whose problems are `claims`.
    pub fn new(
        audit: &Audit,
        tally: &Tally,
        statements: Vec<Value>,
        claims: Vec<String>,
    ) -> Report {
        let problems: Vec<String> = audit
            .problems
            .iter()
            .chain(&tally.problems)
            .cloned()
            .chain(claims)
            .collect();
        let cp = &audit.checkpoint;
        let signature = match &audit.signature {
            Signature::NotChecked => json!("not checked (no --key)"),
            Signature::Failed => json!("failed"),
            Signature::Verified(cosigned) => json!({
                "log": "verified",
                "cosigned": cosigned.iter().map(|(w, t)| json!({ "witness": w, "time": t })).collect::<Vec<_>>(),
            }),
        };
        let brands: Vec<Value> = tally
            .brands
            .iter()
            .map(|(brand, b)| {
                json!({
                    "brand": brand,
                    "published": b.published.len(),
                    "versions": b.versions,
                    "removed": b.removed.len(),
                    "removed_by_reason": b.reasons(),
                    "removals": b.removed.iter().map(|(r, why)| json!({ "review": r, "reason": why })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let value = json!({
            "origin": cp.origin,
            "size": cp.size,
            "root": encode_hash(&cp.root),
            "signature": signature,
            "tiles_checked": audit.tiles,
            "bundles_checked": audit.bundles,
            "entries": audit.entries.len(),
            "previous": audit.previous.map(|(size, ok)| json!({ "size": size, "consistent": ok })),
            "brands": brands,
            "statements": statements,
            "consistent": problems.is_empty(),
            "problems": problems,
        });
        Report { value, problems }
    }

    pub fn consistent(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn problems(&self) -> usize {
        self.problems.len()
    }

    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.value).expect("a JSON value");
        s.push('\n');
        s
    }

    pub fn text(&self) -> String {
        let v = &self.value;
        let mut s = format!(
            "log:          {}\ncheckpoint:   {} entries, root {}\n",
            v["origin"].as_str().unwrap_or_default(),
            v["size"],
            v["root"].as_str().unwrap_or_default()
        );
        let sig = &v["signature"];
        match sig.get("cosigned").and_then(Value::as_array) {
            Some(list) => {
                s.push_str(&format!(
                    "signature:    verified, {} witness cosignature(s) counted\n",
                    list.len()
                ));
                for c in list {
                    let at = trust_manifest::Timestamp(c["time"].as_i64().unwrap_or(0));
                    s.push_str(&format!(
                        "  {} at {at}\n",
                        c["witness"].as_str().unwrap_or_default()
                    ));
                }
            }
            None => s.push_str(&format!(
                "signature:    {}\n",
                sig.as_str().unwrap_or_default()
            )),
        }
        s.push_str(&format!(
            "tree:         {} hash tiles and {} entry bundles checked, {} entries\n",
            v["tiles_checked"], v["bundles_checked"], v["entries"]
        ));
        if let Some(p) = v["previous"].as_object() {
            let ok = if p["consistent"] == true {
                "consistent"
            } else {
                "NOT consistent"
            };
            s.push_str(&format!("previous:     size {}: {ok}\n", p["size"]));
        }
        for b in v["brands"].as_array().into_iter().flatten() {
            s.push_str(&format!(
                "brand {}\n  published:  {} reviews ({} versions)\n  removed:    {}",
                b["brand"].as_str().unwrap_or_default(),
                b["published"],
                b["versions"],
                b["removed"]
            ));
            let reasons: Vec<String> = b["removed_by_reason"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            if !reasons.is_empty() {
                s.push_str(&format!(" ({})", reasons.join(", ")));
            }
            s.push('\n');
        }
        for st in v["statements"].as_array().into_iter().flatten() {
            let ok = if st["consistent"] == true {
                "agree with the log"
            } else {
                "DISAGREE with the log"
            };
            s.push_str(&format!(
                "statement {}: size {}, removal counts {ok}\n",
                st["statement"].as_str().unwrap_or_default(),
                st["size"]
            ));
        }
        if self.problems.is_empty() {
            s.push_str("consistent:   yes\n");
        } else {
            s.push_str(&format!(
                "consistent:   NO, {} problem(s)\n",
                self.problems.len()
            ));
            for p in &self.problems {
                s.push_str(&format!("  {p}\n"));
            }
        }
        s
    }
}
