use super::*;

fn id(value: &str) -> ResourceId {
    ResourceId::parse(value).expect("test id")
}

fn parse(query: &str, fragment: &str) -> Result<ResetLink, ResetLinkError> {
    ResetLink::parse(query, fragment)
}

fn err(param: LinkParam, reason: InvalidReason) -> Result<ResetLink, ResetLinkError> {
    Err(ResetLinkError::Invalid { param, reason })
}

#[test]
fn documented_query_link() {
    let link = parse("?username=john.doe@banks.com&token=lprvj4", "").expect("valid");
    assert_eq!(link.username, "john.doe@banks.com");
    assert_eq!(link.token.expose(), "lprvj4");
    assert_eq!(link.ids, LinkIds::default());
}

#[test]
fn query_and_fragment_forms_parse_the_same() {
    let query = parse("?username=john.doe%40banks.com&token=lprvj4&password_profile_id=p-1", "");
    let fragment = parse("", "#username=john.doe%40banks.com&token=lprvj4&password_profile_id=p-1");
    assert!(query.is_ok());
    assert_eq!(query, fragment);
}

#[test]
fn all_ids() {
    let link = parse(
        "username=a&token=abcd&password_profile_id=P-1&authentication_realm_id=r-1&user_authentication_password_profile_info_id=u-1",
        "",
    )
    .expect("valid");
    assert_eq!(
        link.ids,
        LinkIds {
            password_profile_id: Some(id("P-1")),
            authentication_realm_id: Some(id("r-1")),
            user_authentication_password_profile_info_id: Some(id("u-1")),
        }
    );
}

#[test]
fn params_may_be_split_between_query_and_fragment() {
    let link = parse("?username=a%2Bb%40c.d", "#token=abcd").expect("valid");
    assert_eq!(link.username, "a+b@c.d");
}

#[test]
fn fragment_wins_over_query_and_first_occurrence_wins() {
    let link = parse("?username=query&token=qqqq", "#token=ffff&token=gggg").expect("valid");
    assert_eq!(link.token.expose(), "ffff");
    assert_eq!(link.username, "query");
    let dup = parse("?username=first&username=second&token=abcd&token=efgh", "").expect("valid");
    assert_eq!((dup.username.as_str(), dup.token.expose().as_str()), ("first", "abcd"));
}

#[test]
fn missing_link_vs_broken_link() {
    assert_eq!(parse("", ""), Err(ResetLinkError::Missing));
    assert_eq!(parse("?utm_source=mail", "#top"), Err(ResetLinkError::Missing));
    assert_eq!(parse("?username=&token=", ""), Err(ResetLinkError::Missing));
    assert_eq!(parse("?password_profile_id=p", ""), Err(ResetLinkError::Missing));
    assert_eq!(parse("?username=a", ""), err(LinkParam::Token, InvalidReason::Missing));
    assert_eq!(parse("?token=abcd", ""), err(LinkParam::Username, InvalidReason::Missing));
    assert_eq!(parse("?username=+++&token=abcd", ""), err(LinkParam::Username, InvalidReason::Missing));
}

#[test]
fn token_is_trimmed_and_bounded() {
    assert_eq!(
        parse("?username=a&token=+lprvj4%0A", "").map(|l| l.token.expose().clone()),
        Ok("lprvj4".to_owned())
    );
    assert!(parse("?username=a&token=".to_owned().as_str(), "").is_err());
    let max = "a".repeat(OTP_MAX_LEN);
    assert!(parse(&format!("?username=a&token={max}"), "").is_ok());
    assert_eq!(
        parse(&format!("?username=a&token={max}b"), ""),
        err(LinkParam::Token, InvalidReason::TooLong)
    );
    assert_eq!(
        parse(&format!("?username=a&token={}", "x".repeat(1000)), ""),
        err(LinkParam::Token, InvalidReason::TooLong)
    );
    assert_eq!(parse("?username=a&token=abc", ""), err(LinkParam::Token, InvalidReason::TooShort));
    for bad in ["%3Cscript%3E", "ab%00cd", "abc%20def", "ab.cd", "lprvj%D0%B0", "abc%", "ab+cd"] {
        assert_eq!(
            parse(&format!("?username=a&token={bad}"), ""),
            err(LinkParam::Token, InvalidReason::BadCharacters),
            "{bad}"
        );
    }
}

#[test]
fn username_kept_verbatim_but_bounded() {
    let link =
        parse("?username=%22%3E%3Cimg+src%3Dx%3E&token=abcd", "").expect("text is fine; rendered as text");
    assert_eq!(link.username, "\"><img src=x>");
    let spaced = parse("?username=+john+&token=abcd", "").expect("valid");
    assert_eq!(spaced.username, " john ");
    let max = "é".repeat(crate::username::MAX_LEN);
    assert!(parse(&format!("?username={max}&token=abcd"), "").is_ok());
    assert_eq!(
        parse(&format!("?username={max}x&token=abcd"), ""),
        err(LinkParam::Username, InvalidReason::TooLong)
    );
    for bad in ["a%00b", "a%0Ab", "a%FFb", "a%C3b"] {
        assert_eq!(
            parse(&format!("?username={bad}&token=abcd"), ""),
            err(LinkParam::Username, InvalidReason::BadCharacters),
            "{bad}"
        );
    }
}

#[test]
fn unicode_lookalikes_in_username_are_just_text() {
    // Cyrillic "а" in place of Latin "a": not our call to reject; Elastic Path will not match it.
    let link = parse("?username=%D0%B0dmin%40banks.com&token=abcd", "").expect("valid");
    assert_eq!(link.username, "аdmin@banks.com");
}

#[test]
fn bad_ids_make_the_link_invalid() {
    let base = "?username=a&token=abcd";
    assert_eq!(
        parse(&format!("{base}&password_profile_id=..%2F..%2Fx"), ""),
        err(LinkParam::PasswordProfileId, InvalidReason::BadCharacters)
    );
    assert_eq!(
        parse(&format!("{base}&authentication_realm_id={}", "a".repeat(65)), ""),
        err(LinkParam::AuthenticationRealmId, InvalidReason::TooLong)
    );
    assert_eq!(
        parse(&format!("{base}&user_authentication_password_profile_info_id=a%20b"), ""),
        err(LinkParam::UserAuthenticationPasswordProfileInfoId, InvalidReason::BadCharacters)
    );
    // Empty optional values count as absent.
    assert_eq!(parse(&format!("{base}&password_profile_id="), "").map(|l| l.ids), Ok(LinkIds::default()));
}

#[test]
fn unknown_params_and_odd_encodings_ignored() {
    let link = parse("?&&utm_campaign=x&username=a&tok%65n=abcd&foo&=bar", "").expect("valid");
    assert_eq!(link.token.expose(), "abcd");
    assert!(parse("?Username=a&TOKEN=abcd", "").is_err());
}

#[test]
fn pins() {
    let link = parse("?username=a&token=abcd&authentication_realm_id=REALM-1&password_profile_id=prof-1", "")
        .expect("valid");
    assert_eq!(link.check_pins(None, None), Ok(()));
    assert_eq!(link.check_pins(Some(&id("realm-1")), Some(&id("PROF-1"))), Ok(()));
    assert_eq!(
        link.check_pins(Some(&id("realm-2")), None),
        Err(ResetLinkError::Invalid {
            param: LinkParam::AuthenticationRealmId,
            reason: InvalidReason::ConflictsWithConfig
        })
    );
    assert_eq!(
        link.check_pins(None, Some(&id("prof-2"))),
        Err(ResetLinkError::Invalid {
            param: LinkParam::PasswordProfileId,
            reason: InvalidReason::ConflictsWithConfig
        })
    );
    let bare = parse("?username=a&token=abcd", "").expect("valid");
    assert_eq!(bare.check_pins(Some(&id("realm-2")), Some(&id("prof-2"))), Ok(()));
}

#[test]
fn link_ids_alone_for_the_typed_code_path() {
    assert_eq!(
        LinkIds::parse("?password_profile_id=p", "").map(|ids| ids.password_profile_id),
        Ok(Some(id("p")))
    );
    assert!(LinkIds::parse("?password_profile_id=%2F", "").is_err());
}

#[test]
fn username_hint_survives_a_broken_token() {
    assert_eq!(username_hint("?username=ada%40x.org&token=%3C", ""), Some("ada@x.org".to_owned()));
    assert_eq!(username_hint("", "#username=a%00"), None);
    assert_eq!(username_hint("", ""), None);
}

#[test]
fn one_time_code_typed() {
    assert_eq!(parse_one_time_code("  lprvj4 \n").map(|c| c.expose().clone()), Ok("lprvj4".to_owned()));
    assert_eq!(parse_one_time_code(""), Err(InvalidReason::Missing));
    assert_eq!(parse_one_time_code("lpr vj4"), Err(InvalidReason::BadCharacters));
    assert_eq!(parse_one_time_code("ab"), Err(InvalidReason::TooShort));
}

#[test]
fn debug_output_hides_the_token() {
    let link = parse("?username=a&token=lprvj4", "").expect("valid");
    assert!(!format!("{link:?}").contains("lprvj4"));
}
