// `#[serde(flatten)]` changes what serde reads; FromJson does not implement it.
use trust_manifest_derive::FromJson;

struct Inner;

#[derive(FromJson)]
struct Rating {
    #[serde(flatten)]
    extra: Inner,
}

fn main() {}
