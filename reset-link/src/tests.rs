use super::*;

fn full() -> ResetLinkParams {
    ResetLinkParams {
        username: "ada@example.com".into(),
        token: "abc123".into(),
        password_profile_id: Some("p-1".into()),
        authentication_realm_id: Some("r-1".into()),
        user_authentication_password_profile_info_id: Some("u-1".into()),
        locale: None,
    }
}

fn minimal(username: &str, token: &str) -> ResetLinkParams {
    ResetLinkParams { username: username.into(), token: token.into(), ..ResetLinkParams::default() }
}

#[test]
fn query_has_stable_order_and_all_parameters() {
    assert_eq!(
        full().to_query(),
        "username=ada%40example.com&token=abc123&password_profile_id=p-1\
         &authentication_realm_id=r-1&user_authentication_password_profile_info_id=u-1"
    );
}

#[test]
fn optional_parameters_are_omitted() {
    let mut params = full();
    params.authentication_realm_id = None;
    assert_eq!(
        params.to_query(),
        "username=ada%40example.com&token=abc123&password_profile_id=p-1\
         &user_authentication_password_profile_info_id=u-1"
    );
    assert_eq!(minimal("a", "b").to_query(), "username=a&token=b", "only the required ones");
}

#[test]
fn build_joins_with_exactly_one_slash() {
    let params = minimal("a", "b");
    for base in ["http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.0.0.1:8080//"] {
        assert_eq!(params.build(base), "http://127.0.0.1:8080/change_password?username=a&token=b");
    }
    assert_eq!(
        params.build("https://shop.example/account/reset"),
        "https://shop.example/account/reset/change_password?username=a&token=b"
    );
}

#[test]
fn the_fragment_link_differs_only_in_its_mark() {
    let params = minimal("a@b.c", "x y");
    assert_eq!(
        params.build_fragment("https://shop.example/"),
        params.build("https://shop.example").replacen('?', "#", 1)
    );
    assert_eq!(
        params.build_fragment("https://shop.example"),
        "https://shop.example/change_password#username=a%40b.c&token=x+y"
    );
}

#[test]
fn round_trips_through_parse() {
    for params in [
        full(),
        minimal("ada lovelace+tag@example.com", "a b&c=d%e"),
        minimal("jürgen@bücher.example", "日本語🙂"),
        minimal("100% sure?#/", "x"),
    ] {
        assert_eq!(ResetLinkParams::parse(&params.to_query()), Some(params.clone()));
        let link = params.build("https://shop.example/");
        let (_, query) = link.split_once('?').unwrap_or_default();
        assert_eq!(ResetLinkParams::parse(&format!("#{query}")), Some(params));
    }
}

#[test]
fn plus_is_space_and_encoded_plus_is_plus() {
    let pairs = parse_pairs("?username=a+b%2Bc%40x&token=1");
    assert_eq!(
        pairs,
        vec![("username".to_string(), "a b+c@x".to_string()), ("token".to_string(), "1".to_string())]
    );
    assert_eq!(encode_component("a+b c"), "a%2Bb+c");
}

#[test]
fn odd_encodings_do_not_panic() {
    assert_eq!(parse_pairs(""), vec![]);
    assert_eq!(parse_pairs("?"), vec![]);
    assert_eq!(parse_pairs("#&&"), vec![]);
    assert_eq!(parse_pairs("a"), vec![("a".to_string(), String::new())], "no '=' means an empty value");
    assert_eq!(parse_pairs("a=1=2")[0].1, "1=2", "split at the first '='");
    assert_eq!(parse_pairs("a=%")[0].1, "%");
    assert_eq!(parse_pairs("a=%4")[0].1, "%4");
    assert_eq!(parse_pairs("a=%zz%41")[0].1, "%zzA");
    assert_eq!(parse_pairs("a=%ff")[0].1, "\u{fffd}", "invalid UTF-8 is lossy");
    assert_eq!(parse_pairs("a=%C3%A9%c3%a9")[0].1, "éé");
    assert_eq!(parse_pairs("a=é")[0].1, "é", "raw unicode is kept");
}

#[test]
fn parse_requires_username_and_token() {
    assert_eq!(ResetLinkParams::parse("username=a"), None);
    assert_eq!(ResetLinkParams::parse("token=a"), None);
    assert_eq!(ResetLinkParams::parse("username=&token=a"), None);
    let parsed = ResetLinkParams::parse("token=t&x=1&username=u&username=v&password_profile_id=");
    assert_eq!(parsed, Some(minimal("u", "t")), "first wins, empty is absent");
}

#[test]
fn path_constants() {
    assert_eq!(CHANGE_PASSWORD_PATH, "change_password");
    assert_eq!(FORGOT_PASSWORD_PATH, "forgot_password");
}
