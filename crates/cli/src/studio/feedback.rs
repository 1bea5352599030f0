//! What the page shows beside the fields after every change: `lint`'s findings
//! (the same function `trustctl lint` and `sign` run, each with its JSON
//! pointer) and `trustctl report`'s readiness per market, each finding with the
//! form section it belongs to (`spec::section_of`).

use serde_json::{json, Value};

use crate::claims::{ClaimArgs, ClaimCheck};
use crate::lint::{self, Severity};

/// The brand's roots and trust list the studio was started with (`--root`,
/// `--trust`), judged now.
pub fn claims(args: &ClaimArgs) -> anyhow::Result<ClaimCheck> {
    args.load(crate::io::now())
}

/// `{ findings: [{severity, pointer, place, message}], errors, warnings, readiness }`;
/// `readiness` is `null` while verifiers could not read the draft at all.
pub fn of(doc: &Value, claims: &ClaimCheck) -> Value {
    let mut claims = claims.clone();
    claims.now = crate::io::now();
    let findings = lint::lint_document(doc, claims.now, false, &claims);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let readiness = crate::report::json_for_draft(doc, &claims)
        .ok()
        .map(|report| {
            let markets = report["markets"].as_array().cloned().unwrap_or_default();
            let scores: Vec<Value> = markets
                .iter()
                .map(|m| json!({ "market": m["market"], "score": m["score"] }))
                .collect();
            let items: Vec<Value> = markets
                .iter()
                .flat_map(|m| {
                    let market = m["market"].clone();
                    m["findings"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |f| {
                            let check = f["check"].as_str().unwrap_or_default();
                            json!({
                                "market": market,
                                "check": check,
                                "points": f["points"],
                                "message": f["message"],
                                "section": super::spec::section_of(check),
                            })
                        })
                })
                .collect();
            json!({ "scores": scores, "findings": items })
        });
    // "missing field `name`" at /x is placed at /x/name, the field to fill in.
    let findings: Vec<Value> = findings
        .iter()
        .map(|f| {
            let missing = f.message.split("missing field `").nth(1).and_then(|r| r.split('`').next());
            let place = match missing {
                Some(field) => format!("{}/{}", f.pointer, crate::lint::escape(field)),
                None => f.pointer.clone(),
            };
            json!({ "severity": f.severity, "pointer": f.pointer, "place": place, "message": f.message })
        })
        .collect();
    json!({
        "findings": findings,
        "errors": errors,
        "warnings": findings.len() - errors,
        "readiness": readiness,
    })
}
