// `#[serde(deserialize_with)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
struct Rating {
    #[serde(deserialize_with = "lenient")]
    value: u32,
}

fn main() {}
