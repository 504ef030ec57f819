//! Every URL of the site, in one place, so pages, links and output paths always agree.
//!
//! URLs are absolute paths below the site's base path (`/portal/quanzhou/2024/`), which
//! keeps links right when the site is served from a sub-folder.

pub struct Urls {
    /// The path part of the base URL, always starting and ending with `/`.
    base_path: String,
    /// The base URL without its trailing slash, for canonical links.
    origin_and_path: String,
}

/// Top-level folders the generator itself uses; a city may not take these names.
pub const RESERVED: [&str; 5] = ["assets", "domain", "year", "data", "search"];

/// Why an address cannot be the site's base address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BaseFlaw {
    /// Not `http://` or `https://` followed by a host.
    NotWeb,
    /// A character every link, feed and canonical address would then carry: a query or
    /// fragment mark cuts the paths after it off, and spaces, quotes and angle brackets
    /// are not part of any address (a browser sends them percent-encoded).
    Char(char),
}

/// The flaw that keeps `url` from being the base of every link, None when it can be.
pub fn base_flaw(url: &str) -> Option<BaseFlaw> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some(BaseFlaw::NotWeb);
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Some(BaseFlaw::NotWeb);
    }
    rest.chars()
        .find(|&c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '"' | '\'' | '<' | '>' | '\\' | '`' | '^' | '{' | '}' | '|' | '?' | '#'
                )
        })
        .map(BaseFlaw::Char)
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url, |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let mut base_path = path.to_string();
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Urls {
            base_path,
            origin_and_path: base_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn home(&self) -> String {
        self.base_path.clone()
    }

    pub fn city(&self, city: &str) -> String {
        format!("{}{city}/", self.base_path)
    }

    pub fn city_year(&self, city: &str, year: i32) -> String {
        format!("{}{city}/{year}/", self.base_path)
    }

    pub fn project(&self, city: &str, year: i32, id: &str) -> String {
        format!("{}{city}/{year}/{id}/", self.base_path)
    }

    pub fn domain(&self, id: &str) -> String {
        format!("{}domain/{id}/", self.base_path)
    }

    pub fn year(&self, year: i32) -> String {
        format!("{}year/{year}/", self.base_path)
    }

    /// A city's lead units. `lead` cannot clash with a year, which is always a number.
    pub fn leads(&self, city: &str) -> String {
        format!("{}{city}/lead/", self.base_path)
    }

    pub fn lead(&self, city: &str, slug: &str) -> String {
        format!("{}{city}/lead/{slug}/", self.base_path)
    }

    /// The open-data page, beside the files it lists.
    pub fn data(&self) -> String {
        format!("{}data/", self.base_path)
    }

    pub fn asset(&self, name: &str) -> String {
        format!("{}assets/{name}", self.base_path)
    }

    /// The full address of a page, for `<link rel="canonical">`.
    pub fn absolute(&self, url: &str) -> String {
        let rel = url.strip_prefix(&self.base_path).unwrap_or(url);
        format!("{}/{rel}", self.origin_and_path)
    }

    /// Where a page's URL lives in the output folder: `quanzhou/2024/index.html`.
    pub fn file_for(&self, url: &str) -> String {
        let rel = url.strip_prefix(&self.base_path).unwrap_or(url);
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{base_flaw, BaseFlaw, Urls};

    #[test]
    fn a_base_address_is_a_plain_web_address() {
        assert_eq!(base_flaw("https://example.org/portal/"), None);
        assert_eq!(base_flaw("http://localhost:8080"), None);
        assert_eq!(base_flaw("https://例子.中国/门户/"), None);
        assert_eq!(base_flaw("javascript:alert(1)//"), Some(BaseFlaw::NotWeb));
        assert_eq!(base_flaw("https:///portal/"), Some(BaseFlaw::NotWeb));
        assert_eq!(base_flaw("//example.org/"), Some(BaseFlaw::NotWeb));
        assert_eq!(
            base_flaw("https://example.org/\"><script>"),
            Some(BaseFlaw::Char('"'))
        );
        assert_eq!(
            base_flaw("https://example.org/?a=1"),
            Some(BaseFlaw::Char('?'))
        );
        assert_eq!(
            base_flaw("https://example.org/a b/"),
            Some(BaseFlaw::Char(' '))
        );
    }

    #[test]
    fn sub_path_sites_keep_their_prefix() {
        let u = Urls::new("https://host.example/portal");
        assert_eq!(u.city_year("quanzhou", 2024), "/portal/quanzhou/2024/");
        assert_eq!(
            u.file_for(&u.city_year("quanzhou", 2024)),
            "quanzhou/2024/index.html"
        );
        assert_eq!(
            u.absolute(&u.city("quanzhou")),
            "https://host.example/portal/quanzhou/"
        );
        assert_eq!(Urls::new("https://host.example/").home(), "/");
    }
}
