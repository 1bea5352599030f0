//! What a URL's host is, read the way browsers read it (the WHATWG URL standard's
//! host parser, for ASCII hosts): a name, `localhost`, or an IP address in any of
//! the spellings browsers accept (`127.1`, `0x7f.0.0.1`, `2130706433`,
//! `0177.0.0.1`, `[::ffff:10.0.0.1]`).
//!
//! Links and images never name an address (`url.rs`): an address can be on the
//! shopper's own machine or network (loopback, private, link-local, CGNAT,
//! unique-local, in IPv4-mapped or tunnelled forms), and a brand names its hosts.
//! Refusing every address, rather than telling ranges apart, needs no address
//! parser in the widget (measured on the release wasm, brotli: a full IPv4/IPv6
//! parser with range tables cost 1,840 B, this rule and the rest of the URL checks
//! 452 B) and cannot be fooled by a spelling a parser missed.

/// What a host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A domain name.
    Public,
    /// The shopper's own machine by name or in the browser's canonical spelling:
    /// `localhost`, `*.localhost`, `127.0.0.1`, `[::1]` (what a page's own origin
    /// says in local development).
    Loopback,
    /// Any other IP address, in any spelling.
    Address,
}

/// What `host` (as written between `//` and the port) is, or `None` when a
/// browser would not read it as written: hosts are plain ASCII (internationalised
/// names in their `xn--` form, no percent-encoding: UTS 46 maps fullwidth digits
/// and dots to ASCII before the browser looks for an address), without empty labels.
pub fn reach(host: &str) -> Option<Reach> {
    if let Some(v6) = host.strip_prefix('[') {
        let v6 = v6.strip_suffix(']')?;
        if v6.is_empty()
            || !v6
                .bytes()
                .all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        {
            return None;
        }
        return Some(if v6 == "::1" {
            Reach::Loopback
        } else {
            Reach::Address
        });
    }
    if !host
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        return None;
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    // Empty labels (`.a.example`, `a..b`, the empty host): no host a shop would name.
    if name.split('.').any(str::is_empty) {
        return None;
    }
    let last = name.rsplit('.').next()?;
    if last.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" {
        return Some(Reach::Loopback);
    }
    // WHATWG "ends in a number": the last label is digits, or `0x` and hex digits.
    // The browser reads such a host as an IPv4 address (or refuses it), never a name.
    let hex = last.strip_prefix("0x").or_else(|| last.strip_prefix("0X"));
    if last.bytes().all(|c| c.is_ascii_digit())
        || hex.is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
    {
        return Some(Reach::Address);
    }
    Some(Reach::Public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_an_address() {
        for h in [
            "127.1",
            "127.0.1",
            "0x7f.0.0.1",
            "0X7F.1",
            "0177.0.0.1",
            "2130706433",
            "0x7f000001",
            "127.0.0.1.",
            "127.255.255.254",
            "10.0.0.1",
            "10.1",
            "012.0.0.1",
            "0xa.0.0.1",
            "167772161",
            "172.16.0.1",
            "192.168.1.1",
            "192.168.257",
            "0xc0a80101",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "0",
            "0x",
            "224.0.0.1",
            "255.255.255.255",
            "8.8.8.8",
            "256.0.0.1",
            "example.123",
            "[::]",
            "[fc00::1]",
            "[fd12:3456::1]",
            "[fe80::1]",
            "[::ffff:10.0.0.1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "[::127.0.0.1]",
            "[64:ff9b::a00:1]",
            "[2002:c0a8:101::1]",
            "[0:0:0:0:0:0:0:1]",
            "[2606:4700::1111]",
        ] {
            assert_eq!(reach(h), Some(Reach::Address), "{h}");
        }
    }

    #[test]
    fn loopback_by_name_or_canonical_address() {
        for h in [
            "localhost",
            "LOCALHOST",
            "localhost.",
            "shop.localhost",
            "127.0.0.1",
            "[::1]",
        ] {
            assert_eq!(reach(h), Some(Reach::Loopback), "{h}");
        }
    }

    #[test]
    fn names() {
        for h in [
            "shop.example",
            "xn--bcher-kva.example",
            "a_b.example",
            "1.2.3.4.example",
            "0x.example",
            "example.0x7g",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "a-1.example",
        ] {
            assert_eq!(reach(h), Some(Reach::Public), "{h}");
        }
    }

    #[test]
    fn what_a_browser_would_not_read_as_written() {
        for h in [
            "",
            ".",
            ".a.example",
            "1..2",
            "%31%32%37.0.0.1",
            "１２７.0.0.1",
            "127。0.0.1",
            "bücher.example",
            "a b",
            "[::1",
            "[]",
            "[::1%25eth0]",
            "[g::]",
            "a<b",
            "a|b",
        ] {
            assert_eq!(reach(h), None, "{h}");
        }
    }
}
