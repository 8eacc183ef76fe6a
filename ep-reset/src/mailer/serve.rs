//! Serving a router the way a public listener must: a connection that is slow to send its request's
//! headers is closed after the header timeout, a request not answered within the request timeout gets
//! 408, and past the connection limit new connections are closed at once (counted and logged, at most a
//! line a second). `axum::serve` offers none of these, so connections are served by hyper directly.

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower_http::timeout::TimeoutLayer;

use super::config::Serving;
use super::metrics::Refusal;

/// Serves `router` on `listener` with `serving`'s protections until `stop` turns true, then lets the
/// requests under way finish. `refused` hears of each connection closed over the limit and each request
/// that timed out.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    serving: Serving,
    stop: watch::Receiver<bool>,
    refused: Arc<dyn Fn(Refusal) + Send + Sync>,
) {
    let timed_out = Arc::clone(&refused);
    let router = router
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, serving.request_timeout))
        .layer(axum::middleware::map_response(move |response: Response| {
            if response.status() == StatusCode::REQUEST_TIMEOUT {
                timed_out(Refusal::Timeout);
            }
            std::future::ready(response)
        }));
    let service = TowerToHyperService::new(router);
    let permits = Arc::new(Semaphore::new(serving.max_connections));
    let mut connections = JoinSet::new();
    let mut stopped = stop.clone();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            _ = stopped.wait_for(|stop| *stop) => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of descriptors, say: wait a moment rather than spin.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            refused(Refusal::Overloaded);
            drop(stream);
            continue;
        };
        let (service, mut stop) = (service.clone(), stop.clone());
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(serving.header_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let stopping = tokio::select! {
                _ = connection.as_mut() => false,
                stopped = stop.wait_for(|stop| *stop) => stopped.is_ok(),
            };
            if stopping {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        });
    }
    while connections.join_next().await.is_some() {}
}
