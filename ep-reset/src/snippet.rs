//! What `setup` prints at the end: the `<ep-password-reset>` element with the ids to pin, and the reset-link template.

use ep_reset_link::ResetLinkParams;

/// Stands for the page's implicit client id, which the tool cannot know.
pub const CLIENT_ID_PLACEHOLDER: &str = "YOUR-IMPLICIT-CLIENT-ID";

/// Escapes a value for a double-quoted HTML attribute (ids come from the store's answers).
fn attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The `<ep-password-reset>` element for the store's page, with the realm and profile ids pinned.
pub fn mount_element(api_base: &str, realm_id: &str, profile_id: &str) -> String {
    format!(
        "<ep-password-reset\n     api-base=\"{}\"\n     client-id=\"{CLIENT_ID_PLACEHOLDER}\"\n     realm-id=\"{}\"\n     password-profile-id=\"{}\"></ep-password-reset>",
        attribute(api_base),
        attribute(realm_id),
        attribute(profile_id),
    )
}

/// Markers that survive the link's percent-encoding, each replaced by where its value comes from.
const FIELDS: [(&str, &str); 6] = [
    ("EPRESETAPPURL", "<app base URL>"),
    ("EPRESETUSERNAME", "<payload.user_authentication_password_profile_info.username>"),
    ("EPRESETTOKEN", "<payload.one_time_password_token>"),
    ("EPRESETPROFILE", "<payload.password_profile_id>"),
    ("EPRESETREALM", "<payload.authentication_realm_id>"),
    ("EPRESETCREDENTIAL", "<payload.user_authentication_password_profile_info.id>"),
];

/// The link the webhook must put in the e-mail, built by the one definition of the format
/// (`ep-reset-link`) from markers, each then replaced by the event field it comes from. The parameters
/// are in the fragment, which browsers never send, so the code stays out of every server's logs.
pub fn link_template() -> String {
    let params = ResetLinkParams {
        username: FIELDS[1].0.into(),
        token: FIELDS[2].0.into(),
        password_profile_id: Some(FIELDS[3].0.into()),
        authentication_realm_id: Some(FIELDS[4].0.into()),
        user_authentication_password_profile_info_id: Some(FIELDS[5].0.into()),
        locale: None,
    };
    FIELDS
        .iter()
        .fold(params.build_fragment(FIELDS[0].0), |link, (marker, field)| link.replace(marker, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_follows_the_link_format() {
        let template = link_template();
        assert_eq!(
            template,
            "<app base URL>/change_password#username=<payload.user_authentication_password_profile_info.username>\
             &token=<payload.one_time_password_token>&password_profile_id=<payload.password_profile_id>\
             &authentication_realm_id=<payload.authentication_realm_id>\
             &user_authentication_password_profile_info_id=<payload.user_authentication_password_profile_info.id>"
        );
        // The same markers, filled in, parse back as a link.
        let fragment = template.split_once('#').map(|(_, f)| f).unwrap_or_default();
        let parsed = ResetLinkParams::parse(fragment);
        assert!(parsed.is_some_and(|p| p.token == "<payload.one_time_password_token>"));
    }

    #[test]
    fn the_mount_element_pins_the_ids_and_escapes_them() {
        let element = mount_element("https://useast.api.elasticpath.com", "r\"1", "p<1>");
        assert!(element.contains("api-base=\"https://useast.api.elasticpath.com\""));
        assert!(element.contains("client-id=\"YOUR-IMPLICIT-CLIENT-ID\""));
        assert!(element.contains("realm-id=\"r&quot;1\""));
        assert!(element.contains("password-profile-id=\"p&lt;1&gt;\""));
    }
}
