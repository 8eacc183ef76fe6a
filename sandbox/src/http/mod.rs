//! HTTP plumbing: the routers, the API middleware (CORS, rate limit, faults, request log), logging.

pub mod api_layer;
pub mod cors;
pub mod header_record;
pub mod log;
pub mod rate_limit;
pub mod server;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;

/// Marks a response whose body a `drop` fault will break, so logs and the request log can say so.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

/// A response whose body fails at once, so the server closes the connection without a valid answer.
pub fn dropped() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped by a fault"))
    }));
    let mut response = Response::new(body);
    response.extensions_mut().insert(Dropped);
    response
}
