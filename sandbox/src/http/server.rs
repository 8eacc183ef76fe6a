//! The router of one listening socket: API, control API and (on the app origin) the app.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::middleware;
use axum::response::Response;
use tower::ServiceExt;

use super::log::log_requests;
use crate::state::AppState;
use crate::{api, app, control};

/// What a listening socket serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// API, control API and the app (`--listen`).
    App,
    /// API and control API only (`--api-listen`).
    ApiOnly,
}

/// Whether `path` belongs to the control API.
fn is_control_path(path: &str) -> bool {
    path == "/__sandbox" || path.starts_with("/__sandbox/")
}

/// The router for one socket: requests go to the API, the control API or the app by path prefix.
pub fn router(state: Arc<AppState>, role: Role) -> Router {
    let api = api::router(Arc::clone(&state));
    let control = control::router(Arc::clone(&state));
    let app = app::router(Arc::clone(&state));
    let dispatch = move |req: Request| {
        let (api, control, app) = (api.clone(), control.clone(), app.clone());
        async move {
            let path = req.uri().path();
            let control_path = is_control_path(path);
            let app_path = role == Role::App && !api::is_api_path(path);
            if control_path {
                into_ok(control.oneshot(req).await)
            } else if app_path {
                into_ok(app.oneshot(req).await)
            } else {
                into_ok(api.oneshot(req).await)
            }
        }
    };
    Router::new().fallback(dispatch).layer(middleware::from_fn_with_state(state, log_requests))
}

fn into_ok(result: Result<Response, std::convert::Infallible>) -> Response {
    let Ok(response) = result;
    response
}
