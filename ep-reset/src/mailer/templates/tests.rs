use super::*;
use ep_reset_core::locale::Locale;

fn values(name: &str) -> Values {
    Values {
        name: name.into(),
        username: "ada@example.com".into(),
        link: "https://shop.example/change_password?username=ada%40example.com&token=lprvj4".into(),
        code: "lprvj4".into(),
        minutes: 10,
        change_page: "https://shop.example/change_password".into(),
    }
}

fn built_in() -> Templates {
    Templates::built_in().expect("the built-in templates are valid")
}

fn invalid(source: &str) -> String {
    match Template::parse(Kind::Text, source, "test") {
        Err(TemplateError::Invalid { problem, .. }) => problem,
        other => panic!("expected a template error for {source:?}, got {other:?}"),
    }
}

#[test]
fn the_built_in_e_mail_has_the_link_the_code_and_the_lifetime_in_both_parts() {
    let mail = built_in().render(&values("Ada Lovelace"), Locale::En);
    assert_eq!(mail.subject, "Reset your password");
    assert!(mail.text.starts_with("Hello Ada Lovelace,\n"), "{}", mail.text);
    for part in [&mail.text, &mail.html] {
        assert!(part.contains("lprvj4"), "the code is shown as text");
        assert!(part.contains("10 minutes"), "the lifetime is stated");
        assert!(part.contains("https://shop.example/change_password"), "the change page is named");
    }
    assert!(
        mail.text.contains("https://shop.example/change_password?username=ada%40example.com&token=lprvj4")
    );
    assert!(
        mail.html.contains(
            "href=\"https://shop.example/change_password?username=ada%40example.com&amp;token=lprvj4\""
        ),
        "the link is attribute-escaped in HTML"
    );
    assert!(mail.html.contains("<p>Hello Ada Lovelace,</p>"));
}

#[test]
fn without_a_name_the_greeting_has_none() {
    let mail = built_in().render(&values(""), Locale::En);
    assert!(mail.text.starts_with("Hello,\n"), "{}", mail.text);
    assert!(mail.html.contains("<p>Hello,</p>"));
}

#[test]
fn a_hostile_name_is_escaped_in_html() {
    let hostile = "<script>alert(\"x\")</script> & <img src=x onerror='y'>";
    let mail = built_in().render(&values(hostile), Locale::En);
    assert!(!mail.html.contains("<script>"), "{}", mail.html);
    assert!(!mail.html.contains("<img"), "{}", mail.html);
    assert!(mail.html.contains(
        "Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#x27;y&#x27;&gt;,"
    ));
    // Plain text is not HTML: the name reads as it was given.
    assert!(mail.text.starts_with(&format!("Hello {hostile},")));
}

#[test]
fn the_subject_stays_on_one_line() {
    let subject = Template::parse(Kind::Subject, "Hello {{name}}\r\n  reset\n", "test").expect("valid");
    assert_eq!(subject.render(&values("Ada\nBcc: x")), "Hello Ada Bcc: x reset");
}

#[test]
fn sections_nest_and_disappear_when_empty() {
    let template = Template::parse(
        Kind::Text,
        "{{link}} {{code}}{{#name}}[{{name}}{{#username}}/{{username}}{{/username}}]{{/name}}",
        "t",
    )
    .expect("valid");
    let mut with_both = values("Ada");
    with_both.link = "L".into();
    with_both.code = "C".into();
    assert_eq!(template.render(&with_both), "L C[Ada/ada@example.com]");
    with_both.name = "  ".into();
    assert_eq!(template.render(&with_both), "L C");
}

#[test]
fn broken_templates_are_refused_with_the_reason() {
    assert!(invalid("{{link}} {{code}} {{nmae}}").contains("unknown placeholder {{nmae}}"));
    assert!(invalid("{{link}}").contains("must show {{code}}"));
    assert!(invalid("{{code}}").contains("must show {{link}}"));
    assert!(
        invalid("{{link}} {{#name}}{{code}}{{/name}}").contains("must show {{code}}"),
        "a section may vanish"
    );
    assert!(invalid("{{link}} {{code}} {{#name}}").contains("never closes {{#name}}"));
    assert!(invalid("{{link}} {{code}} {{/name}}").contains("never opened"));
    assert!(invalid("{{link}} {{code}} {{#name}}{{/code}}").contains("while {{#name}} is open"));
    assert!(invalid("{{link}} {{code}} {{name").contains("without a closing"));
    // The subject needs nothing.
    assert!(Template::parse(Kind::Subject, "Reset", "t").is_ok());
}

#[test]
fn a_templates_directory_replaces_only_the_files_it_has() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join(TEXT_FILE), "Code {{code}} at {{link}} for {{name}}").expect("written");
    let templates = Templates::load(Some(dir.path()), Locale::En).expect("valid");
    let mail = templates.render(&values("Ada"), Locale::En);
    assert_eq!(mail.text, format!("Code lprvj4 at {} for Ada", values("").link));
    assert_eq!(mail.subject, "Reset your password", "the subject is still the built-in one");
    assert!(mail.html.contains("<!DOCTYPE html>"));
    assert_eq!(templates.origins[0], "built in");
    assert!(templates.origins[1].ends_with("body.txt"));
}

#[test]
fn a_broken_file_in_the_directory_stops_the_load() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join(HTML_FILE), "<p>{{link}}</p>").expect("written");
    let error = Templates::load(Some(dir.path()), Locale::En).expect_err("no code in the HTML body");
    assert!(error.to_string().starts_with("the template body.html ("), "{error}");
    let missing = Templates::load(Some(&dir.path().join("nope")), Locale::En).expect_err("not a directory");
    assert!(missing.to_string().contains("not a directory"));
    std::fs::write(dir.path().join(HTML_FILE), [0xff, 0xfe]).expect("written");
    assert!(
        Templates::load(Some(dir.path()), Locale::En).expect_err("not UTF-8").to_string().contains("UTF-8")
    );
}

#[test]
fn debug_output_hides_the_values() {
    let shown = format!("{:?} {:?}", values("Ada"), built_in().render(&values("Ada"), Locale::En));
    assert!(!shown.contains("lprvj4"), "{shown}");
}

#[test]
fn every_language_has_its_own_checked_templates() {
    let templates = built_in();
    let mut subjects = Vec::new();
    for locale in Locale::ALL {
        let mail = templates.render(&values("Ada"), locale);
        let dir = if matches!(locale, Locale::Ar | Locale::He) { "rtl" } else { "ltr" };
        assert!(
            mail.html.contains(&format!("<html lang=\"{}\" dir=\"{dir}\">", locale.tag()))
                || locale == Locale::En
        );
        assert!(mail.html.contains("lprvj4") && mail.text.contains("lprvj4"), "{locale:?}");
        assert!(mail.html.contains("<bdi>ada@example.com</bdi>") || locale == Locale::En, "{locale:?}");
        subjects.push(mail.subject);
    }
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), Locale::ALL.len(), "one subject per language: {subjects:?}");
}

#[test]
fn a_file_in_the_language_folder_replaces_only_that_language() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("de")).expect("created");
    std::fs::write(dir.path().join("de").join(SUBJECT_FILE), "Neues Passwort für {{username}}")
        .expect("written");
    std::fs::write(dir.path().join(TEXT_FILE), "Every language: {{link}} {{code}}").expect("written");
    let templates = Templates::load(Some(dir.path()), Locale::De).expect("valid");
    assert_eq!(templates.default_locale, Locale::De);
    assert!(templates.origins[0].ends_with("de/subject.txt"), "{:?}", templates.origins);
    let german = templates.render(&values("Ada"), Locale::De);
    assert_eq!(german.subject, "Neues Passwort für ada@example.com");
    let french = templates.render(&values("Ada"), Locale::Fr);
    assert_eq!(french.subject, "Réinitialisez votre mot de passe");
    assert!(french.text.starts_with("Every language: "));
}
