//! Accepting connections for the preview, with limits on what each may cost. axum's own
//! `serve` sets no time limit on reading a request, so a client that sends its headers a
//! byte at a time (or opens a connection and sends nothing) would hold the connection, and
//! a file descriptor, for as long as it liked.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;

/// Time for a client to send a whole request head. Browsers send theirs at once; an idle
/// kept-alive connection is closed after it too, and the browser simply opens another.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The most a request head may take in memory, start line and headers together; a larger
/// one is answered 431. Pages' addresses are short, so this is far more than enough.
const HEAD_BYTES: usize = 64 * 1024;

/// Headers a request may have; browsers send about twenty.
const HEADERS: usize = 100;

/// Serves `app` until Ctrl-C.
pub async fn serve(listener: TcpListener, app: Router) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(HEAD_BYTES)
        .max_headers(HEADERS);
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a client gone before it was accepted: the
                // next accept may well work once other connections have closed.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return,
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        // A connection's failure (a refused head, a client gone) concerns it alone.
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}
