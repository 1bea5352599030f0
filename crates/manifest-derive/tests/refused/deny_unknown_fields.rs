// `#[serde(deny_unknown_fields)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
#[serde(deny_unknown_fields)]
struct Rating {
    value: u32,
}

fn main() {}
