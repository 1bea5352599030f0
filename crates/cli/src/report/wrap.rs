//! Word wrap by terminal display width, for the text report and `report --help`'s
//! table: East Asian wide characters take two columns, and control characters in
//! manifest text never reach the terminal.

/// Greedy word wrap by display width; a word wider than the line (a URL, a
/// run of CJK text without spaces) is broken between characters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_hanging(text, max, max)
}

/// `wrap` with a different width for the first line. Control characters in
/// manifest text (terminal escapes, newlines) become spaces: the report never
/// passes a brand's bytes to the terminal as commands.
pub fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let max = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    // Split at spaces only: a no-break space keeps its words together.
    for word in clean.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!cur.is_empty());
        if width(&cur) + sep + width(word) <= max(&lines) {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        for ch in word.chars() {
            if width(&cur) + char_width(ch) > max(&lines) {
                lines.push(std::mem::take(&mut cur));
            }
            cur.push(ch);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Display width in a terminal: East Asian wide and fullwidth characters take two.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let c = c as u32;
    let wide = matches!(c,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    // Combining marks and zero-width joiners take no column.
    let zero = matches!(c, 0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F);
    if zero {
        0
    } else if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("山道具ジャーナル", 6), ["山道具", "ジャー", "ナル"]);
        assert_eq!(width("山道具 x"), 8);
        assert_eq!(wrap("", 10), [""]);
    }
}
