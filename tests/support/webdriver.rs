//! A minimal W3C WebDriver client, so tests can drive headless Chromium through
//! chromedriver the way a reader does: open a page, type, choose, click, read what shows.
//! It speaks HTTP/1.1 over a plain TCP connection per command, because the test suite may
//! use nothing beyond std and the crate's own dependencies.

use serde_json::{json, Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The flags every headless Chromium the tests start needs. Without a sandbox because CI
/// runs as root; without background networking and component updates because the machines
/// reach no network and a test must not wait on one.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
];

/// The JSON key under which WebDriver passes element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A generous bound on any single command, so a hung browser fails the test instead of
/// stalling the suite.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// Chromium, as found on PATH.
pub fn chromium() -> Option<PathBuf> {
    super::find_on_path(&["chromium", "chromium-browser"])
}

/// chromedriver. Debian's comes first: it is built for Debian's Chromium, while another on
/// PATH (npm's wrapper, say) may be for a different version or have no binary at all.
pub fn chromedriver() -> Option<PathBuf> {
    let debian = Path::new("/usr/bin/chromedriver");
    if debian.is_file() {
        return Some(debian.to_path_buf());
    }
    super::find_on_path(&["chromedriver"])
}

/// A reference to an element on the current page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element(String);

impl Element {
    /// The element as a script argument for [`Browser::execute`].
    pub fn json(&self) -> Value {
        let mut map = Map::new();
        map.insert(ELEMENT_KEY.to_owned(), Value::String(self.0.clone()));
        Value::Object(map)
    }

    fn from_json(value: &Value) -> Option<Element> {
        value[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned()))
    }
}

/// A headless Chromium session through its own chromedriver, ended and stopped on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    // Dropped after the driver is stopped, so Chromium is gone before its profile goes.
    scratch: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a session, or reports the missing tool through
    /// [`super::missing`] and returns None.
    pub fn start() -> Option<Browser> {
        let Some(chromium) = chromium() else {
            super::missing("chromium");
            return None;
        };
        let Some(chromedriver) = chromedriver() else {
            super::missing("chromedriver");
            return None;
        };
        Some(Browser::launch(&chromedriver, &chromium))
    }

    pub fn launch(chromedriver: &Path, chromium: &Path) -> Browser {
        let scratch = tempfile::tempdir().unwrap();
        let log_path = scratch.path().join("chromedriver.log");
        let log = File::create(&log_path).unwrap();
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            scratch,
        };
        let log = || std::fs::read_to_string(&log_path).unwrap_or_default();

        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = browser.driver.try_wait() {
                panic!("chromedriver exited with {status}:\n{}", log());
            }
            let ready = http(port, "GET", "/status", None)
                .ok()
                .and_then(|(_, body)| serde_json::from_slice::<Value>(&body).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            if Instant::now() > deadline {
                panic!("chromedriver was not ready within 30 s:\n{}", log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            browser.scratch.path().join("profile").display()
        ));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium.to_string_lossy(),
                        "args": args,
                    },
                    "timeouts": { "pageLoad": 60_000, "script": 30_000, "implicit": 0 },
                }
            }
        });
        let created = browser
            .command("POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("no WebDriver session: {e}\n{}", log()));
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {created}"))
            .to_owned();
        browser
    }

    pub fn navigate(&self, url: &str) {
        self.session_command("POST", "/url", Some(json!({ "url": url })));
    }

    /// Like [`Browser::navigate`], but the WebDriver error instead of a failed test: a page
    /// that opens a dialog while loading makes the command report an unexpected alert.
    pub fn try_navigate(&self, url: &str) -> Result<(), String> {
        self.try_session_command("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    /// The text of the alert, confirm or prompt dialog open on the page, None when there
    /// is none.
    pub fn alert_text(&self) -> Option<String> {
        let text = self.try_session_command("GET", "/alert/text", None).ok()?;
        Some(text.as_str().unwrap_or_default().to_owned())
    }

    pub fn current_url(&self) -> String {
        let url = self.session_command("GET", "/url", None);
        url.as_str().unwrap_or_default().to_owned()
    }

    /// The first element matching `css`; fails the test when there is none.
    pub fn find(&self, css: &str) -> Element {
        let found = self
            .try_session_command("POST", "/element", Some(by_css(css)))
            .unwrap_or_else(|e| panic!("no element matches {css} on {}: {e}", self.current_url()));
        Element::from_json(&found).unwrap_or_else(|| panic!("not an element: {found}"))
    }

    /// Every element matching `css`, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self.session_command("POST", "/elements", Some(by_css(css)));
        elements(&found)
    }

    /// Every element matching `css` inside `parent`, in document order.
    pub fn find_all_in(&self, parent: &Element, css: &str) -> Vec<Element> {
        let found = self.element_command(parent, "POST", "/elements", Some(by_css(css)));
        elements(&found)
    }

    /// Types `text` into the element, key by key, as a reader would.
    pub fn send_keys(&self, element: &Element, text: &str) {
        self.element_command(element, "POST", "/value", Some(json!({ "text": text })));
    }

    pub fn clear(&self, element: &Element) {
        self.element_command(element, "POST", "/clear", Some(json!({})));
    }

    pub fn click(&self, element: &Element) {
        self.element_command(element, "POST", "/click", Some(json!({})));
    }

    /// The element's rendered text, as a reader sees it.
    pub fn text(&self, element: &Element) -> String {
        let text = self.element_command(element, "GET", "/text", None);
        text.as_str().unwrap_or_default().to_owned()
    }

    /// The attribute as written in the markup (or set by script), None when absent.
    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        let value = self.element_command(element, "GET", &format!("/attribute/{name}"), None);
        value.as_str().map(str::to_owned)
    }

    /// The DOM property, such as a select's current `value`.
    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.element_command(element, "GET", &format!("/property/{name}"), None)
    }

    /// Whether the element is shown, by WebDriver's rendering-based definition: an element
    /// hidden by an attribute, by CSS or inside a hidden ancestor is not.
    pub fn is_displayed(&self, element: &Element) -> bool {
        self.element_command(element, "GET", "/displayed", None) == true
    }

    /// Runs `script` as a function body in the page; `args` are its `arguments`, and
    /// elements go in through [`Element::json`].
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.session_command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Like [`Browser::execute`], but None when the command fails, as it may while the page
    /// is being replaced by a reload.
    pub fn try_execute(&self, script: &str, args: Vec<Value>) -> Option<Value> {
        self.execute_result(script, args).ok()
    }

    /// Like [`Browser::execute`], but the WebDriver error instead of a failed test.
    pub fn execute_result(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.try_session_command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `check` until it returns Some, failing the test after `timeout`. The timeout
    /// only bounds a broken page; it is no claim about speed.
    pub fn wait_until<T>(
        &self,
        timeout: Duration,
        what: &str,
        mut check: impl FnMut(&Browser) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = check(self) {
                return value;
            }
            if Instant::now() > deadline {
                panic!(
                    "gave up after {timeout:?} waiting for {what} on {}",
                    self.current_url()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn element_command(
        &self,
        element: &Element,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        self.session_command(method, &format!("/element/{}{path}", element.0), body)
    }

    fn session_command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_session_command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn try_session_command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.session);
        self.command(method, &path, body.as_ref())
    }

    /// Sends one command; the response's `value`, or the WebDriver error it reports.
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let (status, bytes) = http(self.port, method, path, body).map_err(|e| e.to_string())?;
        let mut reply: Value = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "HTTP {status}, not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        })?;
        let value = reply.get_mut("value").map(Value::take).unwrap_or_default();
        if status == 200 {
            Ok(value)
        } else {
            Err(format!(
                "HTTP {status} {}: {}",
                value["error"].as_str().unwrap_or("error"),
                value["message"].as_str().unwrap_or_default()
            ))
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session lets chromedriver close Chromium; killing chromedriver alone
        // could leave the browser running.
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn elements(found: &Value) -> Vec<Element> {
    found
        .as_array()
        .unwrap_or_else(|| panic!("not a list of elements: {found}"))
        .iter()
        .map(|v| Element::from_json(v).unwrap_or_else(|| panic!("not an element: {v}")))
        .collect()
}

fn by_css(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

/// A port nothing listens on right now. Another process could take it before chromedriver
/// does; on a test machine that is rare enough, and the start fails loudly if it happens.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// One HTTP/1.1 exchange with the server on `port`: the status code and the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(COMMAND_TIMEOUT))?;
    stream.set_write_timeout(Some(COMMAND_TIMEOUT))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\nConnection: close\r\n"
    );
    let body = body.map(Value::to_string);
    if let Some(body) = &body {
        request.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body.as_deref().unwrap_or_default());
    stream.write_all(request.as_bytes())?;

    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid(format!("not an HTTP status line: {line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(invalid("the response ended inside its headers".into()));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().map_err(|e| invalid(e.to_string()))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    let mut body = Vec::new();
    if chunked {
        read_chunked(&mut reader, &mut body)?;
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, body))
}

fn read_chunked(reader: &mut impl BufRead, body: &mut Vec<u8>) -> std::io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| invalid(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            // Trailers, if any, end with an empty line like the headers.
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(());
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        line.clear();
        reader.read_line(&mut line)?;
    }
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}
