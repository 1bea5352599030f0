// `#[serde(skip_deserializing)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
struct Rating {
    #[serde(default, skip_deserializing)]
    value: u32,
}

fn main() {}
