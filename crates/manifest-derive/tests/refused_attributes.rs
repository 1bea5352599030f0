//! Every serde attribute the `FromJson` derive does not implement is a compile
//! error with a message that says so (`tests/refused/*.rs`, the expected errors
//! beside them). Regenerate the `.stderr` files with `TRYBUILD=overwrite` and
//! read them before committing.

#[test]
fn unimplemented_serde_attributes_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/refused/*.rs");
}
