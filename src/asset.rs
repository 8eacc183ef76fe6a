//! The element's static files (the common-password list, the catalogues): where each is served, and
//! fetching one without a referrer or cookies, like every request the app makes.

use std::sync::Arc;

use ep_reset_core::locale::Locale;

/// Where each static file is served: its name as built (`common-passwords.txt`, `locales/de-….txt`, as in
/// `dist/`) and its URL. The loader names them with static `new URL('./…', import.meta.url)`s, so a
/// bundler that emits the files elsewhere, renamed, gives their new URLs.
#[derive(Clone, Default)]
pub struct Assets(Arc<[(String, String)]>);

impl Assets {
    /// From the loader's object of names and URLs; entries whose value is not a string are left out.
    pub fn from_object(files: &js_sys::Object) -> Self {
        let entries = js_sys::Object::entries(files)
            .iter()
            .filter_map(|entry| {
                let pair = js_sys::Array::from(&entry);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect::<Vec<_>>();
        Self(entries.into())
    }

    /// Every file as built, in the folder `folder` (a URL ending in `/`).
    pub fn beside(folder: &str) -> Self {
        let catalogues = Locale::ALL.into_iter().filter_map(crate::messages::served_file);
        let names = std::iter::once(crate::common_passwords::ASSET.to_owned()).chain(catalogues);
        Self(names.map(|name| (name.clone(), format!("{folder}{name}"))).collect())
    }

    /// The URL `name` is served at; `None` when the loader named no such file.
    pub fn url(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(known, _)| known == name).map(|(_, url)| url.clone())
    }
}

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
