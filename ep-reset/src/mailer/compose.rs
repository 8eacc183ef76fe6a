//! From a checked notification to the e-mail: the reset link (built by `ep-reset-link`, carrying every id
//! the payload has), the template values, and the MIME message (plain text and HTML alternatives).

use std::str::FromStr;

use ep_reset_core::locale::Locale;
use ep_reset_link::{CHANGE_PASSWORD_PATH, ResetLinkParams};
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use super::config::{GreetingName, LinkStyle};
use super::display::{self, NAME_MAX, USERNAME_MAX};
use super::envelope::Notification;
use super::freshness::CODE_LIFETIME_MINUTES;
use super::templates::{Rendered, Templates, Values};

/// How the e-mail is written: `--link-style` and `--greeting-name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Where the link carries its parameters.
    pub link: LinkStyle,
    /// Whether the shopper's name is shown.
    pub greeting_name: GreetingName,
}

impl Default for Style {
    fn default() -> Self {
        Self { link: LinkStyle::Fragment, greeting_name: GreetingName::On }
    }
}

/// The reset link for `notification` under the app's base URL `app_url`: username and code, plus each of
/// the password profile, realm and credential ids the payload carried, so the change page never has to
/// look them up, and the e-mail's language, so the change page opens in it.
pub fn reset_link(app_url: &str, link: LinkStyle, notification: &Notification, locale: Locale) -> String {
    let params = ResetLinkParams {
        username: notification.username.clone(),
        token: notification.code.clone(),
        password_profile_id: notification.password_profile_id.clone(),
        authentication_realm_id: notification.authentication_realm_id.clone(),
        user_authentication_password_profile_info_id: notification.credential_id.clone(),
        locale: Some(locale.tag().to_owned()),
    };
    link.link(&params, app_url)
}

/// The name the e-mail shows (cleaned and capped), unless `--greeting-name off` or there is none.
pub fn shown_name(notification: &Notification, style: Style) -> Option<String> {
    let name = notification.name.as_deref().filter(|_| style.greeting_name == GreetingName::On)?;
    Some(display::clean(name, NAME_MAX)).filter(|name| !name.is_empty())
}

/// The change-password page without parameters, where the code can be typed.
pub fn change_page(app_url: &str) -> String {
    format!("{}/{CHANGE_PASSWORD_PATH}", app_url.trim_end_matches('/'))
}

/// The template values for `notification`, written in `locale`. The name and the username are shown
/// cleaned and capped; the link carries the username exactly as the event gave it.
pub fn values(app_url: &str, style: Style, notification: &Notification, locale: Locale) -> Values {
    Values {
        name: shown_name(notification, style).unwrap_or_default(),
        username: display::clean(&notification.username, USERNAME_MAX),
        link: reset_link(app_url, style.link, notification, locale),
        code: notification.code.clone(),
        minutes: CODE_LIFETIME_MINUTES,
        change_page: change_page(app_url),
    }
}

/// Why no message could be built (the address was checked on arrival, so this is rare).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// The recipient is not an address after all.
    #[error("the recipient is not an e-mail address")]
    BadRecipient,
    /// lettre refused the message.
    #[error("the message cannot be built: {0}")]
    Message(String),
}

/// A `Message-ID` from the envelope id, so a receiving system sees one id however often the mail is
/// handed over: `<ep-reset.<id>@<sender's domain>>`, the id reduced to characters an id may hold.
pub fn message_id(envelope_id: &str, from: &Mailbox) -> String {
    let local: String = envelope_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') { c } else { '_' })
        .take(128)
        .collect();
    format!("<ep-reset.{local}@{}>", from.email.domain())
}

/// The message: from `from`, to the shopper (with their name), the rendered subject, and the text and HTML
/// bodies as alternatives.
pub fn message(
    from: &Mailbox,
    notification: &Notification,
    style: Style,
    rendered: Rendered,
) -> Result<Message, ComposeError> {
    let address = lettre::Address::from_str(&notification.email).map_err(|_| ComposeError::BadRecipient)?;
    let to = Mailbox::new(shown_name(notification, style), address);
    let mut message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(message_id(&notification.envelope_id, from)))
        .date_now()
        .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
        .map_err(|e| ComposeError::Message(e.to_string()))?;
    // RFC 3834: an automatic message, so auto-responders do not answer it.
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-generated".to_string(),
    ));
    Ok(message)
}

/// Renders and builds the whole e-mail for `notification`.
pub fn compose(
    app_url: &str,
    style: Style,
    templates: &Templates,
    from: &Mailbox,
    notification: &Notification,
) -> Result<Message, ComposeError> {
    let locale = notification.locale.unwrap_or(templates.default_locale);
    let rendered = templates.render(&values(app_url, style, notification, locale), locale);
    message(from, notification, style, rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification() -> Notification {
        Notification {
            envelope_id: "31ca9869-aaaa".into(),
            attempt: Some(1),
            created_at: None,
            email: "john.doe@banks.com".into(),
            name: Some("John <Doe>".into()),
            username: "john.doe+shop@banks.com".into(),
            code: "lprvj4".into(),
            password_profile_id: Some("9a44bb7e".into()),
            authentication_realm_id: Some("063623f1".into()),
            credential_id: Some("d63be373".into()),
            locale: None,
        }
    }

    #[test]
    fn the_link_carries_every_id_the_payload_has() {
        let link =
            reset_link("https://shop.example/account/reset/", LinkStyle::Query, &notification(), Locale::De);
        assert_eq!(
            link,
            "https://shop.example/account/reset/change_password?username=john.doe%2Bshop%40banks.com&token=lprvj4\
             &password_profile_id=9a44bb7e&authentication_realm_id=063623f1\
             &user_authentication_password_profile_info_id=d63be373&locale=de"
        );
        let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let parsed = ResetLinkParams::parse(query).expect("the app can read it");
        assert_eq!(parsed.username, "john.doe+shop@banks.com");
        assert_eq!(parsed.user_authentication_password_profile_info_id.as_deref(), Some("d63be373"));
        assert_eq!(parsed.locale.as_deref(), Some("de"));
    }

    #[test]
    fn ids_the_payload_lacks_are_left_out() {
        let mut bare = notification();
        bare.password_profile_id = None;
        bare.credential_id = None;
        let link = reset_link("https://shop.example", LinkStyle::Fragment, &bare, Locale::En);
        assert_eq!(
            link,
            "https://shop.example/change_password#username=john.doe%2Bshop%40banks.com&token=lprvj4&authentication_realm_id=063623f1&locale=en"
        );
        let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or_default();
        assert_eq!(ResetLinkParams::parse(fragment).map(|p| p.token).as_deref(), Some("lprvj4"));
    }

    #[test]
    fn hostile_names_are_cleaned_capped_or_left_out() {
        let mut hostile = notification();
        hostile.name = Some(format!("Ada\u{202E}lanif\u{202C}\u{200B} {}", "x".repeat(10_000)));
        hostile.username = "ada\u{2066}@example.com".into();
        let shown = values("https://shop.example", Style::default(), &hostile, Locale::En);
        assert!(shown.name.starts_with("Adalanif xxx"), "{}", shown.name);
        assert_eq!(shown.name.chars().count(), NAME_MAX + 1);
        assert_eq!(shown.username, "ada@example.com");
        assert!(
            shown.link.contains("username=ada%E2%81%A6%40example.com"),
            "the link keeps the username exact"
        );
        let off = Style { greeting_name: GreetingName::Off, ..Style::default() };
        assert_eq!(values("https://shop.example", off, &hostile, Locale::En).name, "");
        let from: Mailbox = "no-reply@shop.example".parse().expect("a mailbox");
        let templates = Templates::built_in().expect("valid");
        let message = compose("https://shop.example", off, &templates, &from, &hostile).expect("built");
        let raw = String::from_utf8(message.formatted()).expect("ASCII");
        assert!(raw.contains("To: john.doe@banks.com\r\n"), "no name in the header: {raw}");
    }

    #[test]
    fn the_message_has_both_parts_the_recipient_and_a_stable_id() {
        let from: Mailbox = "Shop <no-reply@shop.example>".parse().expect("a mailbox");
        let templates = Templates::built_in().expect("valid");
        let message = compose("https://shop.example", Style::default(), &templates, &from, &notification())
            .expect("built");
        let raw = String::from_utf8(message.formatted()).expect("ASCII");
        assert!(raw.contains("Message-ID: <ep-reset.31ca9869-aaaa@shop.example>"), "{raw}");
        assert!(raw.contains("Auto-Submitted: auto-generated"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(raw.contains("Content-Type: text/html; charset=utf-8"));
        assert!(raw.contains("john.doe@banks.com>"));
        let envelope = message.envelope();
        assert_eq!(envelope.to().iter().map(ToString::to_string).collect::<Vec<_>>(), ["john.doe@banks.com"]);
    }

    #[test]
    fn the_request_language_picks_the_link_else_the_default() {
        let templates = Templates::load(None, Locale::Fr).expect("valid");
        let language = |notification: &Notification| notification.locale.unwrap_or(templates.default_locale);
        let french = notification();
        assert_eq!(language(&french), Locale::Fr);
        let style = Style::default();
        assert!(
            values("https://shop.example", style, &french, language(&french)).link.ends_with("&locale=fr")
        );
        let mut arabic = notification();
        arabic.locale = Some(Locale::Ar);
        let rendered =
            templates.render(&values("https://shop.example", style, &arabic, language(&arabic)), Locale::Ar);
        assert!(rendered.html.contains("&amp;locale=ar"), "{}", rendered.html);
        assert!(rendered.html.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    }

    #[test]
    fn message_ids_are_reduced_to_safe_characters() {
        let from: Mailbox = "no-reply@shop.example".parse().expect("a mailbox");
        assert_eq!(message_id("a b<c>@d\r\n", &from), "<ep-reset.a_b_c__d__@shop.example>");
    }
}
