//! HTTP plumbing: the routers, the API middleware (CORS, rate limit, faults, request log), logging.

pub mod api_layer;
pub mod cors;
pub mod header_record;
pub mod log;
pub mod rate_limit;
pub mod server;

/// Marks a response whose body a `drop` fault will break, so logs and the request log can say so.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;
