//! Identifiers that end up in URLs: city slugs, project, source and domain ids.

/// Lower-case ASCII letters and digits in groups joined by single hyphens. Anything else
/// (`..`, `/`, spaces, Chinese) could escape the output folder or break a link.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Lower-case ASCII letters and digits joined by single hyphens.
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // Long names would make unwieldy addresses; 60 characters keeps the words that tell
    // names apart.
    let mut slug: String = slug.chars().take(60).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::is_slug;

    #[test]
    fn slugs() {
        for ok in ["quanzhou", "zhuhai-jinwan", "a1"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "..", "a/b", "a b", "泉州", "A", "a--b", "-a", "a\\b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
