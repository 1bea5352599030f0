//! The command-line contract, as transcripts: `tests/cmd/*.md`. Each file is one
//! scenario; its `.in/` directory holds the fixtures, and its (empty) `.out/`
//! directory makes the commands share one sandbox, so files written by one step
//! are read by the next. The fixture keys are test keys, committed on purpose.
//! After an intended change: `TRYCMD=overwrite cargo test -p trustctl --test cli`.

#[test]
fn cli() {
    restrict_fixture_keys();
    trycmd::TestCases::new().case("tests/cmd/*.md");
}

/// Git checks files out as 0644, and trustctl warns about secret keys others can
/// read. Give the fixtures the mode `keygen` writes, so transcripts stay the same
/// on every checkout (the sandbox copy keeps the mode).
fn restrict_fixture_keys() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let cmd = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
        for dir in std::fs::read_dir(cmd).expect("tests/cmd exists").flatten() {
            for file in std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if file.path().extension().is_some_and(|e| e == "test-key") {
                    std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o600))
                        .expect("fixture keys are writable");
                }
            }
        }
    }
}
