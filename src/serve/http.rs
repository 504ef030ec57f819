//! The preview's HTTP side: site files from memory, plus three addresses of its own under
//! `/__shishi/` that the injected script uses to reload pages and show build errors.

use super::site::Site;
use super::{Live, Message, Snapshot};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__shishi/live.js\" defer></script>";

pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route("/__shishi/events", get(events))
        .route("/__shishi/status", get(status))
        .route("/__shishi/live.js", get(live_js))
        .fallback(file)
        .with_state(live)
}

async fn live_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

async fn status(State(live): State<Arc<Live>>) -> Response {
    let errors = live.snapshot().errors;
    let body = serde_json::json!({ "errors": errors }).to_string();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Server-sent events: `reload` with the changed files, `failed` with the errors.
async fn events(State(live): State<Arc<Live>>) -> impl IntoResponse {
    let rx = live.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(Message::Rebuilt(changed)) => Event::default()
                .event("reload")
                .data(serde_json::json!({ "changed": changed }).to_string()),
            Ok(Message::Failed(errors)) => Event::default()
                .event("failed")
                .data(serde_json::json!({ "errors": errors }).to_string()),
            // A page that fell behind a burst of rebuilds just reloads.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Event::default()
                .event("reload")
                .data(r#"{"changed":["*"]}"#),
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn file(State(live): State<Arc<Live>>, req: Request<Body>) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let key = match resolve(req.uri().path()) {
        Ok(key) => key,
        Err(why) => return plain(StatusCode::BAD_REQUEST, why),
    };
    let Snapshot { site, errors } = live.snapshot();
    if site.is_empty() {
        // No good build yet: the first one failed. The page shows why and reloads itself
        // once the content is fixed.
        let text = errors.unwrap_or_default();
        let html = format!(
            "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>shishi: build failed</title>\
             <h1>The portal does not build yet</h1><pre>{}</pre>{LIVE_TAG}",
            crate::xml::escape(&text)
        );
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from(html),
        );
    }
    let path = req.uri().path().to_string();
    // A whole-portal file may have to be made first, which can take a moment: not on the
    // thread that answers every other request.
    let found = tokio::task::spawn_blocking(move || lookup(&site, &key, &path)).await;
    match found {
        Ok(Lookup::File(key, bytes)) => respond(StatusCode::OK, &key, bytes),
        // `/quanzhou` means the folder: send the browser to `/quanzhou/` so relative
        // anchors resolve as they will on the published site.
        Ok(Lookup::Folder(to)) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_default(),
        Ok(Lookup::Missing(Some(page))) => respond(StatusCode::NOT_FOUND, "404.html", page),
        Ok(Lookup::Missing(None)) => plain(StatusCode::NOT_FOUND, "not found\n"),
        Ok(Lookup::Failed(why)) => {
            eprintln!("error: {why}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("error: {why}\n"),
            )
                .into_response()
        }
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "the lookup failed\n"),
    }
}

enum Lookup {
    File(String, Bytes),
    /// Where to send the browser instead.
    Folder(String),
    /// With the site's 404 page, if it has one.
    Missing(Option<Bytes>),
    Failed(String),
}

fn lookup(site: &Site, key: &str, path: &str) -> Lookup {
    match site.get(key) {
        Some(Ok(bytes)) => return Lookup::File(key.to_string(), bytes),
        Some(Err(why)) => return Lookup::Failed(why),
        None => {}
    }
    if !key.ends_with("index.html") && site.get(&format!("{key}/index.html")).is_some() {
        return Lookup::Folder(format!("{path}/"));
    }
    Lookup::Missing(site.get("404.html").and_then(Result::ok))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn respond(status: StatusCode, path: &str, bytes: Bytes) -> Response {
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        Bytes::from(inject(bytes.to_vec()))
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, HeaderValue::from_static(kind))
        // Every request must see the latest build.
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_default()
}

/// Adds the live-reload script to a page, just before `</body>`.
fn inject(html: Vec<u8>) -> Vec<u8> {
    let Ok(mut text) = String::from_utf8(html) else {
        return Vec::new();
    };
    match text.rfind("</body>") {
        Some(at) => text.insert_str(at, LIVE_TAG),
        None => text.push_str(LIVE_TAG),
    }
    text.into_bytes()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The output file a URL path names. Files are looked up in memory, never on disk, but a
/// path that tries to climb out (`..`, also percent-encoded) is refused outright, so a
/// mistake in the lookup could not turn into reading the editor's files.
pub fn resolve(raw: &str) -> Result<String, &'static str> {
    let bytes = percent_decode(raw).ok_or("malformed percent-encoding\n")?;
    let path = String::from_utf8(bytes).map_err(|_| "the path is not UTF-8\n")?;
    if !path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Err("malformed path\n");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("paths may not contain . or .. segments\n");
    }
    let rel = path.trim_start_matches('/');
    Ok(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = (bytes.next()? as char).to_digit(16)?;
            let lo = (bytes.next()? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_output_files() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(
            resolve("/quanzhou/2024/").unwrap(),
            "quanzhou/2024/index.html"
        );
        assert_eq!(resolve("/assets/style.css").unwrap(), "assets/style.css");
        assert_eq!(resolve("/%E6%B3%89/").unwrap(), "泉/index.html");
    }

    #[test]
    fn climbing_out_is_refused_however_it_is_spelled() {
        for bad in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/a/%2e%2e%5c..%5cx",
            "/x%00.html",
            "/%zz",
            "relative",
        ] {
            assert!(resolve(bad).is_err(), "{bad} was accepted");
        }
    }
}
