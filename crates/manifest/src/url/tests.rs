use super::*;

#[test]
fn only_plain_https() {
    for ok in [
        "https://a.example",
        "https://a.example/x?y#z",
        "https://a.example:8443/",
        "https://a.example:/",
        "https://xn--bcher-kva.example/",
    ] {
        assert!(is_safe_https(ok), "{ok}");
    }
    for bad in [
        "http://a.example",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " https://a.example",
        "https://a.example/\nx",
        "//a.example",
        "data:text/html,x",
        "vbscript:x",
        "HTTPS://a.example",
        "https://user@a.example",
        "https:///a.example",
        "https://",
        "https:\\\\a.example",
        "https://a.example:99999/",
        "https://a.example:8x/",
        "https://.a.example/",
        "https://bücher.example/",
        "https://%61.example/",
    ] {
        assert!(!is_safe_https(bad), "{bad:?}");
    }
}

/// Issue 12 item 9: user information hides the real host, wherever a URL is checked.
#[test]
fn userinfo_is_refused_everywhere() {
    for url in [
        "http://localhost:80@evil.example/",
        "http://127.0.0.1@evil.example/a.jpg",
        "http://localhost@127.0.0.1/a.jpg",
        "https://good.example@evil.example/",
        "https://user:pass@evil.example/",
        "https://@evil.example/",
        "http://[::1]:8080@evil.example/",
    ] {
        assert_eq!(
            refusal(url, true, Some("http://localhost:80")),
            Some(Refusal::Userinfo),
            "{url}"
        );
        assert!(!is_safe_https(url), "{url}");
        assert!(!is_loadable_image(url, Some("http://127.0.0.1")), "{url}");
        assert_eq!(origin_of(url), None, "{url}");
        assert!(!is_fetchable(url), "{url}");
        assert_eq!(local_origin(url), None, "{url}");
    }
    // `@` after the authority is path, not user information.
    assert!(is_safe_https("https://a.example/@user"));
}

/// Issue 12 item 9: no link or image into the shopper's own machine or network,
/// whatever the spelling of the address: no address at all.
#[test]
fn hosts_on_the_shoppers_network_are_refused() {
    for (url, why) in [
        ("https://127.0.0.1/a.jpg", Refusal::Loopback),
        ("https://localhost/a.jpg", Refusal::Loopback),
        ("https://shop.localhost/a.jpg", Refusal::Loopback),
        ("https://[::1]/a.jpg", Refusal::Loopback),
        ("https://2130706433/a.jpg", Refusal::Address),
        ("https://0x7f.1/a.jpg", Refusal::Address),
        ("https://[::ffff:127.0.0.1]/a.jpg", Refusal::Address),
        ("https://8.8.8.8/a.jpg", Refusal::Address),
        ("https://[2606:4700::1111]/", Refusal::Address),
        ("http://127.0.0.1:8080/media/a.svg", Refusal::Loopback),
        ("https://10.0.0.1/a.jpg", Refusal::Address),
        ("https://192.168.1.1/admin", Refusal::Address),
        ("https://172.16.5.4/", Refusal::Address),
        ("https://100.64.0.1/", Refusal::Address),
        (
            "https://169.254.169.254/latest/meta-data/",
            Refusal::Address,
        ),
        ("https://0.0.0.0/", Refusal::Address),
        ("https://[fd00::1]/", Refusal::Address),
        ("https://[fe80::1]/", Refusal::Address),
        ("https://[::ffff:192.168.0.1]/", Refusal::Address),
        ("https://[::ffff:c0a8:1]/", Refusal::Address),
    ] {
        assert_eq!(refusal(url, false, None), Some(why), "link {url}");
        assert_eq!(refusal(url, true, None), Some(why), "image {url}");
        assert!(!is_safe_https(url), "{url}");
    }
}

/// The demo's rule: images from the page's own loopback origin load on that page
/// only; a public page has no local origin.
#[test]
fn images_from_the_pages_own_loopback_origin() {
    let local = local_origin("http://127.0.0.1:8080");
    assert_eq!(local, Some("http://127.0.0.1:8080"));
    assert!(is_loadable_image("https://cdn.example/a.jpg", None));
    assert!(is_loadable_image(
        "http://127.0.0.1:8080/media/a.svg",
        local
    ));
    assert!(!is_loadable_image(
        "http://127.0.0.1:8080/media/a.svg",
        None
    ));
    assert!(
        !is_loadable_image("http://127.0.0.1:9090/a.svg", local),
        "another port"
    );
    assert!(
        !is_loadable_image("http://localhost:8080/a.svg", local),
        "another host"
    );
    assert!(!is_loadable_image("https://127.0.0.1/a.jpg", local));
    assert!(!is_loadable_image("http://10.0.0.1:8080/a.jpg", local));
    assert!(!is_loadable_image("http://cdn.example/a.jpg", local));
    assert!(!is_loadable_image("data:image/png;base64,AAAA", local));
    assert!(!is_loadable_image(
        "http://localhost.evil.example/a.jpg",
        local
    ));
    // Links never go to loopback, not even on a local page.
    assert_eq!(
        refusal("http://127.0.0.1:8080/x", false, local),
        Some(Refusal::Loopback)
    );
    for page in [
        "https://shop.example",
        "http://shop.example",
        "http://127.0.0.1:8080/",
        "http://localhost:80@evil.example",
        "http://192.168.1.2",
    ] {
        assert_eq!(local_origin(page), None, "{page}");
    }
    assert_eq!(local_origin("http://[::1]:8080"), Some("http://[::1]:8080"));
}

#[test]
fn origins() {
    assert_eq!(
        origin_of("https://shop.example/p?q"),
        Some("https://shop.example")
    );
    assert_eq!(
        origin_of("https://shop.example:8080"),
        Some("https://shop.example:8080")
    );
    assert_eq!(origin_of("https://10.0.0.5/"), Some("https://10.0.0.5"));
    assert_eq!(origin_of("http://shop.example"), None);
    assert_eq!(
        origin_of("http://127.0.0.1:8080/x"),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(origin_of("http://127.0.0.1.evil.example/"), None);
    assert_eq!(origin_of("http://192.168.0.1/"), None);
    assert!(is_fetchable(
        "https://brand.example/.well-known/trust-keys.json"
    ));
    assert!(is_fetchable("http://localhost:8080/manifests/a.json"));
    assert!(!is_fetchable("data:application/json,{}"));
    assert!(!is_fetchable("blob:https://brand.example/1"));
}
