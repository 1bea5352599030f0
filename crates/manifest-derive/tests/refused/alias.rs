// `#[serde(alias)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
struct Rating {
    #[serde(alias = "ratingValue")]
    value: u32,
}

fn main() {}
