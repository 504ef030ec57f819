//! `shishi serve` as an editor uses it: start it on a copy of the sample portal, open pages,
//! save edits, and see the preview follow, including when an edit breaks the content.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::webdriver::Browser;

/// Bounds a broken server; no claim about speed.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `shishi serve` on a copy of the sample portal, stopped on drop.
struct Preview {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
    /// What the server printed to stderr, line by line.
    log: mpsc::Receiver<String>,
}

impl Preview {
    fn start() -> Preview {
        Preview::start_in(support::sample_copy())
    }

    /// Starts the preview on the portal in `root`.
    fn start_in(root: tempfile::TempDir) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shishi"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .strip_prefix("serving http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line: {first:?}"));
        Preview {
            child,
            port,
            root,
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.root.path().join("content").join(rel)
    }

    /// Replaces `from` with `to` in a content file, as an editor's save would.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.file(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Waits for the server to print a line containing `what`, returning everything it
    /// printed until then.
    fn wait_for_log(&self, what: &str) -> String {
        let mut seen = String::new();
        loop {
            match self.log.recv_timeout(PATIENCE) {
                Ok(line) => {
                    seen += &line;
                    seen.push('\n');
                    if line.contains(what) {
                        return seen;
                    }
                }
                Err(_) => panic!("the server never printed {what:?}; it printed:\n{seen}"),
            }
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a raw request line and returns the status code and body. Raw, so paths like
/// `/../x` reach the server exactly as written.
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    let (status, body) = send(port, method, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Sends `target` exactly as given and returns the status code and the body's bytes.
fn send(port: u16, method: &str, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, response.get(end + 4..).unwrap_or_default().to_vec())
}

/// The files a `reload` event names.
fn changed_files(data: &str) -> Vec<String> {
    let event: serde_json::Value = serde_json::from_str(data).unwrap();
    event["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// An open event stream, read line by line in the background. Returns once the server has
/// answered, so an edit made afterwards cannot slip past before the stream is listening.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__shishi/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let status = rx
        .recv_timeout(PATIENCE)
        .expect("no answer on the event stream");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    rx
}

/// The data of the next event named `name`.
fn next_event(rx: &mpsc::Receiver<String>, name: &str) -> String {
    let deadline = std::time::Instant::now() + PATIENCE;
    let mut current = String::new();
    loop {
        // Keep-alive comments arrive now and then; they must not stretch the wait.
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {name} event"));
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if current == name {
                return data.to_string();
            }
        }
    }
}

#[test]
fn serves_the_portal_on_loopback_with_the_reload_script() {
    let preview = Preview::start();
    let (status, page) = request(preview.port, "GET", "/quanzhou/2024/");
    assert_eq!(status, 200);
    assert!(
        page.contains("2024年泉州市委市政府为民办实事项目"),
        "{page}"
    );
    assert!(page.contains(r#"<script src="/__shishi/live.js" defer></script></body>"#));
    let (status, script) = request(preview.port, "GET", "/__shishi/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    // Pages link from the root, so the served site's own links resolve.
    let (status, _) = request(preview.port, "GET", "/assets/style.css");
    assert_eq!(status, 200);
    let (status, _) = request(preview.port, "GET", "/no/such/page/");
    assert_eq!(status, 404);
    // Nothing was written next to the content: the preview lives in memory.
    assert!(!preview.root.path().join("output").exists());
}

#[test]
fn paths_that_climb_out_of_the_site_are_refused() {
    let preview = Preview::start();
    std::fs::write(preview.root.path().join("secret.txt"), "editor's notes").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
    ] {
        let (status, body) = request(preview.port, "GET", path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(!body.contains("editor's notes"));
    }
    let (status, _) = request(preview.port, "POST", "/");
    assert_eq!(status, 405);
}

#[test]
fn a_saved_edit_rebuilds_and_tells_the_open_page_to_reload() {
    let preview = Preview::start();
    let stream = events(preview.port);
    preview.edit(
        "quanzhou/2024.yaml",
        "title: 2024年泉州市委市政府为民办实事项目",
        "title: 2024年泉州市为民办实事项目（修订）",
    );
    let changed = changed_files(&next_event(&stream, "reload"));
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    assert!(changed.contains(&"quanzhou/2024/index.html"), "{changed:?}");
    // Open pages reload on any stylesheet or script in the list: the theme did not change.
    assert!(
        !changed
            .iter()
            .any(|p| p.ends_with(".css") || p.ends_with(".js")),
        "{changed:?}"
    );
    // Only what the edit affects: another city's pages are untouched.
    assert!(
        !changed.iter().any(|p| p.starts_with("chengde/")),
        "{changed:?}"
    );
    let (_, page) = request(preview.port, "GET", "/quanzhou/2024/");
    assert!(page.contains("2024年泉州市为民办实事项目（修订）"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_reports_the_error() {
    let preview = Preview::start();
    let stream = events(preview.port);
    preview.edit(
        "quanzhou/2024.yaml",
        "title: 2024年泉州市委市政府为民办实事项目",
        "title: [2024年泉州市委市政府为民办实事项目",
    );
    let data = next_event(&stream, "failed");
    assert!(data.contains("content/quanzhou/2024.yaml:"), "{data}");
    let log = preview.wait_for_log("预览仍显示上一个正确的版本");
    assert!(log.contains("content/quanzhou/2024.yaml:"), "{log}");
    let (status, page) = request(preview.port, "GET", "/quanzhou/2024/");
    assert_eq!(status, 200);
    assert!(page.contains("2024年泉州市委市政府为民办实事项目"));
    let (_, status) = request(preview.port, "GET", "/__shishi/status");
    assert!(status.contains("content/quanzhou/2024.yaml:"), "{status}");
    // Fixing it brings the preview back.
    preview.edit("quanzhou/2024.yaml", "title: [", "title: ");
    next_event(&stream, "reload");
    let (_, status) = request(preview.port, "GET", "/__shishi/status");
    assert_eq!(status, r#"{"errors":null}"#);
}

#[test]
fn an_open_page_in_a_browser_follows_an_edit() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let preview = Preview::start();
    browser.navigate(&preview.url("/quanzhou/2024/"));
    // Read by script rather than through an element reference, which goes stale the moment
    // the page reloads.
    let h1 = |b: &Browser| {
        b.try_execute("return document.querySelector('h1').textContent", vec![])
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    assert_eq!(h1(&browser), "2024年泉州市委市政府为民办实事项目");
    // Wait until the page's live script is connected, so the edit is not missed.
    browser.wait_until(PATIENCE, "the live-reload connection", |b| {
        let state = b.try_execute("return document.documentElement.dataset.shishiLive", vec![]);
        (state == Some("connected".into())).then_some(())
    });
    preview.edit(
        "quanzhou/2024.yaml",
        "title: 2024年泉州市委市政府为民办实事项目",
        "title: 泉州市2024年实事（预览中修改）",
    );
    browser.wait_until(PATIENCE, "the page to reload with the new title", |b| {
        (h1(b) == "泉州市2024年实事（预览中修改）").then_some(())
    });
    // A broken edit: the page stays, and the errors appear over it.
    preview.edit("quanzhou/2024.yaml", "title: 泉州", "title: [泉州");
    let text = browser.wait_until(PATIENCE, "the error panel", |b| {
        b.try_execute(
            "const p = document.getElementById('shishi-errors'); return p && p.textContent",
            vec![],
        )
        .and_then(|v| v.as_str().map(str::to_string))
    });
    assert!(text.contains("content/quanzhou/2024.yaml:"), "{text}");
    assert_eq!(h1(&browser), "泉州市2024年实事（预览中修改）");
}

/// Sends `bytes` exactly as given and returns whatever came back before the server closed
/// the connection: nothing at all when it hung up without answering.
fn raw(port: u16, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    // A server that refuses a request partway stops reading it, so the rest of the write
    // fails; what it answered before hanging up is still worth reading.
    let _ = stream.write_all(bytes);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

/// The status code of a raw response, None for no response.
fn status_of(response: &[u8]) -> Option<u16> {
    let text = String::from_utf8_lossy(response);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[test]
fn hostile_request_targets_get_an_error_and_nothing_from_the_disk() {
    let preview = Preview::start();
    let secret = "editor's private notes";
    std::fs::write(preview.root.path().join("secret.txt"), secret).unwrap();
    let site_yaml = std::fs::read_to_string(preview.file("site.yaml")).unwrap();
    let targets: &[&[u8]] = &[
        b"/../secret.txt",
        b"/quanzhou/../../secret.txt",
        b"/%2e%2e/secret.txt",
        b"/.%2e/secret.txt",
        b"/%2E%2E%2Fsecret.txt",
        b"/assets/..%2f..%2fsecret.txt",
        // Decoded once, as a server should, these are names, not steps up.
        b"/%252e%252e/secret.txt",
        b"/%252e%252e%252fsecret.txt",
        b"/..\\secret.txt",
        b"/%5c..%5csecret.txt",
        b"/..%5csecret.txt",
        b"http://127.0.0.1/../secret.txt",
        b"http://elsewhere.example/%2e%2e/secret.txt",
        b"/index.html%00.txt",
        b"/%00",
        b"/\0",
        b"/index.html\0/../../secret.txt",
        // `..` spelled as overlong UTF-8, which is not UTF-8 at all.
        b"/%c0%ae%c0%ae/secret.txt",
        b"//secret.txt",
        b"/content/site.yaml",
        b"/../content/site.yaml",
        b"*",
    ];
    for target in targets {
        let mut request = b"GET ".to_vec();
        request.extend_from_slice(target);
        request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let response = raw(preview.port, &request);
        let shown = String::from_utf8_lossy(target);
        let text = String::from_utf8_lossy(&response);
        match status_of(&response) {
            Some(400 | 404) => {}
            None => assert!(response.is_empty(), "{shown}: {text}"),
            Some(other) => panic!("{shown} was answered {other}:\n{text}"),
        }
        assert!(!text.contains(secret), "{shown} served the notes");
        assert!(!text.contains(&site_yaml), "{shown} served site.yaml");
    }
    // None of it disturbed the server.
    assert_eq!(request(preview.port, "GET", "/").0, 200);
}

/// The peak memory of a process, in KiB, as Linux reports it.
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status")
}

#[test]
fn huge_request_heads_are_refused_without_holding_them_in_memory() {
    let preview = Preview::start();
    assert_eq!(request(preview.port, "GET", "/").0, 200);
    #[cfg(target_os = "linux")]
    let before = peak_memory(preview.child.id());

    let huge_line = {
        let mut r = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
        r.resize(r.len() + (8 << 20), b'a');
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let many_lines = {
        let mut r = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
        for i in 0..10_000 {
            r.extend_from_slice(format!("X-Header-{i}: {i}\r\n").as_bytes());
        }
        r.extend_from_slice(b"\r\n");
        r
    };
    let huge_target = {
        let mut r = b"GET /".to_vec();
        r.resize(r.len() + (8 << 20), b'a');
        r.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        r
    };
    // Eight at once, twice: a server that kept what it read would hold 64 MiB at a time.
    let requests = [huge_line, many_lines, huge_target];
    for request in &requests {
        std::thread::scope(|s| {
            let senders: Vec<_> = (0..8)
                .map(|_| s.spawn(|| raw(preview.port, request)))
                .collect();
            for sender in senders {
                let response = sender.join().unwrap();
                let text = String::from_utf8_lossy(&response[..response.len().min(200)]);
                match status_of(&response) {
                    Some(400 | 413 | 414 | 431) | None => {}
                    Some(other) => panic!("a huge request head was answered {other}: {text}"),
                }
            }
        });
    }
    #[cfg(target_os = "linux")]
    {
        let grown = peak_memory(preview.child.id()).saturating_sub(before);
        eprintln!("the server's peak memory grew by {grown} KiB");
        assert!(
            grown < 32 << 10,
            "the server's peak memory grew by {grown} KiB"
        );
    }
    assert_eq!(request(preview.port, "GET", "/").0, 200);
}

/// Whether the server has closed `stream`, or answered on it (which it does only to refuse).
fn hung_up(stream: &mut TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let gone = match stream.read(&mut byte) {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).unwrap();
    gone
}

#[test]
fn slow_clients_neither_hold_up_others_nor_stay_connected_for_ever() {
    let preview = Preview::start();
    // A page open in a browser the whole time: its event stream must outlive the slow ones.
    let stream = events(preview.port);
    // Slowloris: connections that start a request and then send one byte a second, never
    // finishing the header.
    const SLOW: usize = 200;
    let mut slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    // Far longer than any limit on reading a request head should be; only a bound on a
    // server that never hangs up.
    let deadline = std::time::Instant::now() + 3 * PATIENCE;
    let mut ticks = 0;
    while !slow.is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {SLOW} slow clients are still connected after {ticks} s",
            slow.len()
        );
        // Everyone else is served meanwhile.
        assert_eq!(request(preview.port, "GET", "/quanzhou/2024/").0, 200);
        slow.retain_mut(|s| !hung_up(s) && s.write_all(b"a").is_ok());
        std::thread::sleep(Duration::from_secs(1));
        ticks += 1;
    }
    eprintln!("the server hung up on {SLOW} slow clients within {ticks} s");
    preview.edit(
        "quanzhou/2024.yaml",
        "title: 2024年泉州市委市政府为民办实事项目",
        "title: 2024年泉州市为民办实事项目（修订）",
    );
    next_event(&stream, "reload");
}

#[test]
fn a_burst_of_saves_ends_with_the_last_one_shown() {
    let preview = Preview::start();
    let path = preview.file("quanzhou/2024.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let title = "title: 2024年泉州市委市政府为民办实事项目";
    let saving = preview.file("quanzhou/.2024.yaml.saving");
    // Fifty saves in quick succession, as an editor's autosave or a script might make them:
    // some write the file in place, some write a copy and rename it over (as most editors
    // do), and every seventh leaves the file broken.
    for i in 0..50u64 {
        let text = if i % 7 == 3 {
            original.replacen(title, "title: [未写完", 1)
        } else {
            original.replacen(title, &format!("title: 连续保存第{i}次"), 1)
        };
        if i % 2 == 0 {
            std::fs::write(&path, text).unwrap();
        } else {
            std::fs::write(&saving, text).unwrap();
            std::fs::rename(&saving, &path).unwrap();
        }
        std::thread::sleep(Duration::from_millis(i % 5 * 5));
    }
    std::fs::write(&path, original.replacen(title, "title: 最后一次保存", 1)).unwrap();

    let deadline = std::time::Instant::now() + 2 * PATIENCE;
    loop {
        let (status, page) = request(preview.port, "GET", "/quanzhou/2024/");
        assert_eq!(status, 200);
        if page.contains("最后一次保存") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the preview never showed the last save"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        request(preview.port, "GET", "/__shishi/status").1,
        r#"{"errors":null}"#
    );
    assert_eq!(request(preview.port, "GET", "/").0, 200);
}

/// A file as the preview serves it, its path percent-encoded as a browser would.
fn fetch(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut target = String::from("/");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            target.push(b as char);
        } else {
            target += &format!("%{b:02X}");
        }
    }
    send(port, "GET", &target)
}

#[test]
fn after_an_edit_the_preview_serves_what_a_build_would_write() {
    let preview = Preview::start();
    let stream = events(preview.port);
    // A project's title shows on its own pages, its city's, and the whole portal's: its
    // domain's page, the search index and the downloads.
    let rel = "quanzhou/2024.yaml";
    let text = std::fs::read_to_string(preview.file(rel)).unwrap();
    let projects = text.find("\nprojects:").expect("a project list");
    let title = text[projects..]
        .lines()
        .find_map(|l| l.strip_prefix("    title: "))
        .expect("a project title")
        .to_string();
    let marker = "〔预览测试〕";
    preview.edit(
        rel,
        &format!("    title: {title}"),
        &format!("    title: {title}{marker}"),
    );
    let changed = changed_files(&next_event(&stream, "reload"));
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    // Made when first asked for, so listed whether or not their bytes turn out different.
    for whole in [
        "index.html",
        "feed.xml",
        "search-index.json",
        "data/portal.json",
    ] {
        assert!(changed.contains(&whole), "{whole} not in {changed:?}");
    }
    assert!(
        !changed.iter().any(|p| p.starts_with("chengde/")),
        "{changed:?}"
    );

    let (_tmp, built) = support::build(preview.root.path(), &["--base-url", &preview.url("/")]);
    let files = support::all_files(&built);
    let marked: Vec<&String> = files
        .iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(marker))
        .map(|(p, _)| p)
        .collect();
    for whole in ["search-index.json", "data/portal.json"] {
        assert!(marked.iter().any(|p| *p == whole), "{marked:?}");
    }
    let tag = b"<script src=\"/__shishi/live.js\" defer></script>";
    let mut differ = Vec::new();
    for (path, bytes) in &files {
        let (status, mut served) = fetch(preview.port, path);
        assert_eq!(status, 200, "{path}");
        if path.ends_with(".html") {
            let at = served
                .windows(tag.len())
                .rposition(|w| w == tag)
                .unwrap_or_else(|| panic!("{path} has no reload script"));
            served.drain(at..at + tag.len());
        }
        if &served != bytes {
            differ.push(path.clone());
        }
    }
    assert!(differ.is_empty(), "served unlike the build: {differ:?}");
}

#[test]
fn a_whole_portal_page_that_fails_to_render_at_start_fails_the_first_build() {
    let root = support::sample_copy();
    let site = root.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        text.replacen("language: ", "theme: broken\nlanguage: ", 1),
    )
    .unwrap();
    // Compiles, so the theme loads; fails only when the home page is rendered.
    let templates = root.path().join("themes/broken/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("index.html"), "{{ no_such_value.field }}\n").unwrap();
    let preview = Preview::start_in(root);
    let (status, page) = request(preview.port, "GET", "/quanzhou/2024/");
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("index.html"), "{page}");
    let (_, status) = request(preview.port, "GET", "/__shishi/status");
    assert!(status.contains("index.html"), "{status}");

    // Fixed, the preview serves the portal.
    let stream = events(preview.port);
    std::fs::remove_file(templates.join("index.html")).unwrap();
    next_event(&stream, "reload");
    let (status, page) = request(preview.port, "GET", "/");
    assert_eq!(status, 200, "{page}");
}
