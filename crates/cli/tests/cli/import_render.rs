//! An imported review, end to end: the Judge.me fixture imported, signed, and
//! rendered by the widget's own views (`trustctl render`). It is labelled with the
//! app it came from, in the shopper's language with the app's name as is, and
//! vouched for by the brand only: never "verified" by a collector.

use crate::support;

use std::path::Path;

use support::{scratch, trustctl_line, trustctl_ok};

fn render(dir: &Path, locale: &str, market: &str) -> String {
    trustctl_ok(
        dir,
        &[
            "render",
            "--key",
            "brand.pub",
            "--now",
            "2026-11-23T00:00:00Z",
            "--view",
            "reviews",
            "--market",
            market,
            "--locale",
            locale,
            "--product",
            "tent-2p",
            "trust-manifest.json",
        ],
    )
}

#[test]
fn imported_reviews_say_where_they_came_from() {
    let dir = scratch("import-render");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/import.in");
    for f in [
        "judgeme.csv",
        "manifest.json",
        "brand.pub",
        "brand.test-key",
    ] {
        std::fs::copy(fixtures.join(f), dir.join(f)).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.join("brand.test-key");
        std::fs::set_permissions(key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Bad rows make import exit 1; the good ones are written all the same.
    let (code, _, err) = support::trustctl(
        &dir,
        &[
            "import",
            "--from",
            "judgeme",
            "--language",
            "en",
            "judgeme.csv",
            "manifest.json",
            "-o",
            "merged.json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    trustctl_line(
        &dir,
        "sign --key brand.test-key --now 2026-11-22T10:00:00Z merged.json -o trust-manifest.json",
    );

    let en = render(&dir, "en", "US");
    assert!(
        en.contains("Two nights of rain on the Vercors"),
        "the imported review is shown"
    );
    assert!(
        en.contains("Imported from Judge.me"),
        "labelled with its source"
    );
    assert!(
        en.contains("Stated by the brand"),
        "vouched for by the brand"
    );
    assert!(
        !en.contains("Verified purchase"),
        "never shown as verified by a collector"
    );
    assert!(
        en.contains("Thank you Camille!"),
        "the brand's reply came along"
    );

    let de = render(&dir, "de", "DE");
    assert!(
        de.contains("Importiert aus Judge.me"),
        "the label in German, the name as is"
    );
    assert!(de.contains("Angabe der Marke"));
}
