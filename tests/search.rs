//! Site search: the built sample portal publishes a search page and index, and a real
//! browser finds projects with them.
//!
//! The browser test needs Chromium; without it the test is skipped, unless
//! SHISHI_REQUIRE_EXTERNAL=1.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn the_sample_portal_has_a_search_page_and_index() {
    let (_tmp, out) = support::build(&support::repo(), &[]);
    let page = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(page.contains(r#"role="search""#), "{page}");
    assert!(
        page.contains(r#"data-index="/search-index.json""#),
        "{page}"
    );
    assert!(page.contains("<noscript>"), "{page}");
    let index = std::fs::read_to_string(out.join("search-index.json")).unwrap();
    let docs: serde_json::Value = serde_json::from_str(&index).unwrap();
    let project = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["t"] == "新增义务教育公办学校学位")
        .expect("the school places project is indexed");
    assert_eq!(project["u"], "/quanzhou/2024/school-places/");
    // Every page links to search from its header.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(r#"href="/search/""#));
}

/// Serves `root` over HTTP on a local port until dropped. Just enough for a browser to load
/// static pages: GET only, no keep-alive, nothing outside `root`.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        // A browser may open a connection and send nothing (preconnect);
                        // one thread each keeps that from holding up the real requests.
                        std::thread::spawn(move || serve(&root, stream));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break,
                }
            }
        });
        Server {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(root: &Path, stream: TcpStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, kind, body) = if method != "GET" {
        ("405 Method Not Allowed", "text/plain", b"GET only".to_vec())
    } else {
        match resolve(root, target).and_then(|p| Some((std::fs::read(&p).ok()?, p))) {
            Some((body, path)) => ("200 OK", content_type(&path), body),
            None => ("404 Not Found", "text/plain", b"not found".to_vec()),
        }
    };
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// The file a request path names, or None for anything that could leave `root`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The page's DOM after its scripts ran, as Chromium serialises it.
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    // A hung browser must fail the test, not stall the suite.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s for {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The serialised `<ol id="results">…</ol>` of a dumped page.
fn results(dom: &str) -> &str {
    let start = dom
        .find(r#"id="results""#)
        .unwrap_or_else(|| panic!("no #results in:\n{dom}"));
    let end = dom[start..].find("</ol>").map_or(dom.len(), |e| start + e);
    &dom[start..end]
}

#[test]
fn a_browser_finds_projects_from_the_static_index() {
    let Some(chromium) = find_on_path(&["chromium", "chromium-browser"]) else {
        return support::missing("chromium");
    };
    let (_tmp, out) = support::build(&support::repo(), &[]);
    let server = Server::start(out);
    let base = format!("http://127.0.0.1:{}", server.port);

    let dom = dump_dom(
        &chromium,
        &format!("{base}/search/?q={}", percent_encode("学位")),
    );
    let found = results(&dom);
    assert!(
        found.contains(r#"href="/quanzhou/2024/school-places/""#),
        "{found}"
    );
    assert!(found.contains("新增义务教育公办学校学位"), "{found}");
    assert!(
        dom.contains(r#"value="学位""#) || dom.contains("学位"),
        "{dom}"
    );

    // Two words the title has, but not side by side: found through character pairs.
    let dom = dump_dom(
        &chromium,
        &format!("{base}/search/?q={}", percent_encode("义务学位")),
    );
    assert!(
        results(&dom).contains(r#"href="/quanzhou/2024/school-places/""#),
        "{}",
        results(&dom)
    );

    let dom = dump_dom(&chromium, &format!("{base}/search/?q=zzzz"));
    let none = results(&dom);
    assert!(none.contains("没有找到匹配的结果"), "{none}");
    assert!(!none.contains("<a "), "{none}");
    drop(server);
}
