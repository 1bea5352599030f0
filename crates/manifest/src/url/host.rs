//! What a URL's host names, read the way browsers read it (the WHATWG URL
//! standard's host parser, for ASCII hosts): a domain, an IPv4 address in any of
//! the spellings browsers accept (`127.1`, `0x7f.0.0.1`, `2130706433`, `0177.0.0.1`)
//! or a bracketed IPv6 address. Only so that hosts on the shopper's own machine or
//! network can be refused whatever their spelling.

/// Where a host is, seen from the shopper's browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A domain name or a public address.
    Public,
    /// The shopper's own machine: `localhost`, `*.localhost`, 127.0.0.0/8, `::1`
    /// (and IPv4-mapped or tunnelled forms of them).
    Loopback,
    /// The shopper's network or no real host: private (10/8, 172.16/12,
    /// 192.168/16), CGNAT (100.64/10), link-local (169.254/16, fe80::/10),
    /// unique-local (fc00::/7), "this network" (0/8), multicast, reserved.
    Internal,
}

/// Where `host` (as written between `//` and the port) is, or `None` when a
/// browser would not parse it or it is not plain ASCII: internationalised names
/// must be written in their `xn--` form, percent-encoding is refused, so no
/// spelling can hide an address from this check (UTS 46 maps fullwidth digits and
/// dots to ASCII before the browser looks for an address).
pub fn reach(host: &str) -> Option<Reach> {
    if let Some(v6) = host.strip_prefix('[') {
        return ipv6(v6.strip_suffix(']')?).map(reach_v6);
    }
    if host.is_empty()
        || !host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        return None;
    }
    let lower = host.to_ascii_lowercase();
    let name = lower.strip_suffix('.').unwrap_or(&lower);
    // Empty labels (`.a.example`, `a..b`): no host a shop would name.
    if name.split('.').any(str::is_empty) {
        return None;
    }
    if name == "localhost" || name.ends_with(".localhost") {
        return Some(Reach::Loopback);
    }
    if ends_in_a_number(&lower) {
        return ipv4(&lower).map(reach_v4);
    }
    Some(Reach::Public)
}

/// WHATWG "ends in a number": the last label (a trailing dot ignored) is digits,
/// or `0x` and hex digits. Such a host is an IPv4 address or invalid, never a name.
fn ends_in_a_number(host: &str) -> bool {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let last = trimmed.rsplit('.').next().unwrap_or_default();
    !last.is_empty()
        && (last.bytes().all(|c| c.is_ascii_digit())
            || last
                .strip_prefix("0x")
                .is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit())))
}

/// WHATWG IPv4 parser: one to four parts, each decimal, `0x` hex or `0` octal;
/// the last part fills the remaining bytes.
fn ipv4(host: &str) -> Option<u32> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: alloc::vec::Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut numbers = alloc::vec::Vec::with_capacity(4);
    for part in &parts {
        numbers.push(ipv4_number(part)?);
    }
    let (last, first) = numbers.split_last()?;
    if first.iter().any(|&n| n > 255) || *last >= 1u64 << (8 * (5 - numbers.len())) {
        return None;
    }
    let mut address = *last;
    for (i, n) in first.iter().enumerate() {
        address += n << (8 * (3 - i));
    }
    u32::try_from(address).ok()
}

fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = if let Some(h) = part.strip_prefix("0x") {
        (h, 16)
    } else if part.len() > 1 && part.starts_with('0') {
        (&part[1..], 8)
    } else {
        (part, 10)
    };
    if part.is_empty() {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    // Anything above u32 is refused by the caller; stop before u64 overflows.
    digits.chars().try_fold(0u64, |n, c| {
        let d = u64::from(c.to_digit(radix)?);
        n.checked_mul(u64::from(radix))?
            .checked_add(d)
            .filter(|&n| n <= u64::from(u32::MAX))
    })
}

/// RFC 4291 text form: eight groups of 1–4 hex digits, one `::` at most, the last
/// 32 bits optionally as dotted decimal. No zone (`%`), as browsers.
fn ipv6(text: &str) -> Option<[u16; 8]> {
    let (head, tail) = match text.split_once("::") {
        Some((h, t)) => (h, Some(t)),
        None => (text, None),
    };
    let groups = |s: &str| -> Option<alloc::vec::Vec<u16>> {
        let mut out = alloc::vec::Vec::new();
        if s.is_empty() {
            return Some(out);
        }
        let parts: alloc::vec::Vec<&str> = s.split(':').collect();
        for (i, p) in parts.iter().enumerate() {
            if i + 1 == parts.len() && p.contains('.') {
                let v4 = dotted_quad(p)?;
                out.push((v4 >> 16) as u16);
                out.push(v4 as u16);
            } else if (1..=4).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_hexdigit()) {
                out.push(u16::from_str_radix(p, 16).ok()?);
            } else {
                return None;
            }
        }
        Some(out)
    };
    // A dotted tail may only end the address.
    let front = groups(head)?;
    if head.contains('.') && tail.is_some() {
        return None;
    }
    let back = match tail {
        Some(t) => groups(t)?,
        None => alloc::vec::Vec::new(),
    };
    let n = front.len() + back.len();
    let mut out = [0u16; 8];
    match tail {
        None if n == 8 => out.copy_from_slice(&front),
        Some(_) if n < 8 => {
            out[..front.len()].copy_from_slice(&front);
            out[8 - back.len()..].copy_from_slice(&back);
        }
        _ => return None,
    }
    Some(out)
}

/// Strict dotted decimal (inside IPv6 only): four parts 0–255, no leading zeros.
fn dotted_quad(s: &str) -> Option<u32> {
    let mut parts = s.split('.');
    let mut out = 0u32;
    for _ in 0..4 {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || (p.len() > 1 && p.starts_with('0')) {
            return None;
        }
        let n: u32 = p.parse().ok().filter(|&n| n <= 255)?;
        out = out << 8 | n;
    }
    parts.next().is_none().then_some(out)
}

fn reach_v4(a: u32) -> Reach {
    let [b0, b1, b2, _] = a.to_be_bytes();
    match (b0, b1, b2) {
        (127, ..) => Reach::Loopback,
        (0 | 10, ..)                         // "this network", private
        | (100, 64..=127, _)                 // CGNAT
        | (169, 254, _)                      // link-local (cloud metadata)
        | (172, 16..=31, _)                  // private
        | (192, 168, _)                      // private
        | (192, 0, 0)                        // IETF protocol assignments
        | (198, 18..=19, _)                  // benchmarking
        | (224..=255, ..) => Reach::Internal, // multicast, reserved, broadcast
        _ => Reach::Public,
    }
}

fn reach_v6(g: [u16; 8]) -> Reach {
    let v4 = |hi: u16, lo: u16| (u32::from(hi) << 16) | u32::from(lo);
    match g {
        [0, 0, 0, 0, 0, 0, 0, 1] => Reach::Loopback,
        [0, 0, 0, 0, 0, 0, 0, 0] => Reach::Internal,
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96).
        [0, 0, 0, 0, 0, 0xffff, hi, lo]
        | [0, 0, 0, 0, 0, 0, hi, lo]
        | [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => reach_v4(v4(hi, lo)),
        // 6to4 carries an IPv4 address in bits 16..48.
        [0x2002, hi, lo, ..] => reach_v4(v4(hi, lo)),
        // Unique-local, link-local, site-local, multicast, local-use NAT64, Teredo.
        [first, ..] if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 => Reach::Internal,
        [first, ..] if first & 0xffc0 == 0xfec0 || first & 0xff00 == 0xff00 => Reach::Internal,
        [0x64, 0xff9b, 1, ..] | [0x2001, 0, ..] => Reach::Internal,
        _ => Reach::Public,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_loopback() {
        for h in [
            "localhost",
            "LOCALHOST",
            "localhost.",
            "shop.localhost",
            "127.0.0.1",
            "127.1",
            "127.0.1",
            "0x7f.0.0.1",
            "0x7F.1",
            "0177.0.0.1",
            "2130706433",
            "0x7f000001",
            "127.255.255.254",
            "127.0.0.1.",
            "[::1]",
            "[0:0:0:0:0:0:0:1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "[::127.0.0.1]",
            "[64:ff9b::7f00:1]",
            "[2002:7f00:1::]",
        ] {
            assert_eq!(reach(h), Some(Reach::Loopback), "{h}");
        }
    }

    #[test]
    fn private_and_special_networks() {
        for h in [
            "10.0.0.1",
            "10.1",
            "012.0.0.1",
            "0xa.0.0.1",
            "167772161",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.168.257",
            "0xc0a80101",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "0.0.0.0",
            "0",
            "0x0",
            "192.0.0.8",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "[::]",
            "[fc00::1]",
            "[fd12:3456::1]",
            "[fe80::1]",
            "[febf::1]",
            "[fec0::1]",
            "[ff02::1]",
            "[::ffff:10.0.0.1]",
            "[::ffff:a9fe:a9fe]",
            "[::ffff:192.168.0.1]",
            "[64:ff9b::a00:1]",
            "[64:ff9b:1::1]",
            "[2002:c0a8:101::1]",
            "[2001:0:4136:e378::1]",
        ] {
            assert_eq!(reach(h), Some(Reach::Internal), "{h}");
        }
    }

    #[test]
    fn public_hosts() {
        for h in [
            "shop.example",
            "xn--bcher-kva.example",
            "a_b.example",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.0.1",
            "172.32.0.1",
            "192.167.1.1",
            "169.253.0.1",
            "1.2.3.4.example",
            "0x.example",
            "example.0x7g",
            "[2001:db8::1]",
            "[2606:4700::1111]",
            "[2a00:1450:4001:80b::200e]",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
        ] {
            assert_eq!(reach(h), Some(Reach::Public), "{h}");
        }
    }

    #[test]
    fn what_a_browser_would_not_parse_or_could_respell() {
        for h in [
            "",
            "256.0.0.1",
            "1.2.3.4.5",
            "1.256.0.0",
            "4294967296",
            "0x100000000",
            "08.0.0.1",
            "1..2",
            "%31%32%37.0.0.1",
            "１２７.0.0.1",
            "127。0.0.1",
            "bücher.example",
            "a b",
            "[::1",
            "[1:2:3:4:5:6:7:8:9]",
            "[1::2::3]",
            "[::1%25eth0]",
            "[12345::]",
            "[::ffff:127.1]",
            "[::ffff:127.0.0.01]",
            "[1.2.3.4::]",
            "[g::]",
            "a<b",
            "a|b",
        ] {
            assert_eq!(reach(h), None, "{h}");
        }
    }
}
