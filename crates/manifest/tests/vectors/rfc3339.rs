//! Strict RFC 3339 (issue 12 item 9): one spelling of a time, offsets within
//! ±23:59; every other spelling fails.

use serde_json::json;

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let _base = signed(&manifest());
    for (name, field, text, why) in [
        (
            "fail_time_space_separator",
            "issued_at",
            "2026-11-01 00:00:00Z",
            "a space between date and time (RFC 3339's readability note, not its grammar)",
        ),
        (
            "fail_time_lowercase_separator",
            "issued_at",
            "2026-11-01t00:00:00Z",
            "a lower-case t between date and time",
        ),
        (
            "fail_time_lowercase_z",
            "issued_at",
            "2026-11-01T00:00:00z",
            "a lower-case z for UTC",
        ),
        (
            "fail_time_offset_hours",
            "expires_at",
            "2026-11-15T00:00:00+24:00",
            "an offset of +24:00 (offsets end at ±23:59)",
        ),
        (
            "fail_time_offset_minutes",
            "expires_at",
            "2026-11-14T23:00:00-00:60",
            "an offset of 60 minutes (-00:60)",
        ),
        (
            "fail_time_not_a_leap_second",
            "issued_at",
            "2026-11-01T00:00:60Z",
            "second 60 where no leap second can be (only 23:59:60 UTC on a month's last day)",
        ),
    ] {
        let mut m = manifest();
        m[field] = json!(text);
        add(
            name,
            vector(
                &format!(
                    "A signed manifest whose {field} is {text:?}: {why}. Lax parsers read it as \
                     a time inside the validity window; the format refuses it."
                ),
                "malformed",
                signed(&m),
            ),
        );
    }
}
