//! Helpers shared by the CLI's integration tests.

/// Every tag `html` opens is closed, in order (void elements and self-closing `/>`
/// aside; `<!doctype>` skipped); no stray `<` or `>` in text; quoted attribute
/// values are balanced. `what` names the document in failures. Used on the HTML
/// of `report --html` and `render`, whose text comes from hostile manifests.
pub fn assert_balanced(html: &str, what: &str) {
    const VOID: [&str; 8] = ["meta", "link", "img", "br", "input", "source", "hr", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        assert!(
            !rest[..open].contains('>'),
            "{what}: stray '>' in text near {:?}",
            &rest[..open.min(80)]
        );
        let close = rest[open..].find('>').expect("every tag ends") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue; // <!doctype html>
        }
        assert!(!tag.contains('<'), "{what}: '<' inside tag {tag:?}");
        assert_eq!(tag.matches('"').count() % 2, 0, "{what}: {tag:?}");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if let Some(closing) = tag.strip_prefix('/') {
            let opened = stack
                .pop()
                .unwrap_or_else(|| panic!("{what}: </{closing}> closes nothing"));
            assert_eq!(opened, name, "{what}: <{opened}> closed by </{name}>");
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(!rest.contains('>'), "{what}: stray '>' after the last tag");
    assert!(stack.is_empty(), "{what}: unclosed: {stack:?}");
}
