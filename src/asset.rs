//! Files fetched from beside the element's own (the common-password list, the catalogues): without a
//! referrer or cookies, like every request the app makes.

/// A fetched file as the server answered it.
pub struct Fetched {
    /// The HTTP status.
    pub status: u16,
    /// Its `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body as text.
    pub text: String,
}

/// Fetches `url`; `None` when no readable answer arrived.
pub async fn fetch(url: &str) -> Option<Fetched> {
    let response = gloo_net::http::Request::get(url)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .credentials(web_sys::RequestCredentials::Omit)
        .send()
        .await
        .ok()?;
    let content_type = response.headers().get("content-type");
    let text = response.text().await.ok()?;
    Some(Fetched { status: response.status(), content_type, text })
}
