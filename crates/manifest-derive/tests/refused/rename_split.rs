// `#[serde(rename(deserialize = "..."))]`: a read name apart from the written one; FromJson does not implement it.
use trust_manifest_derive::FromJson;

#[derive(FromJson)]
struct Rating {
    #[serde(rename(deserialize = "ratingValue"))]
    value: u32,
}

fn main() {}
