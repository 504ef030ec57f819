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
