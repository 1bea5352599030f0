// `#[serde(rename_all)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
#[serde(rename_all = "camelCase")]
struct Rating {
    rating_value: u32,
}

fn main() {}
