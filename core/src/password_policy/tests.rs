use super::*;

const USER: &str = "john.doe@banks.com";

fn report(policy: &PasswordPolicy, password: &str, common: CommonCheck<'_>) -> PolicyReport {
    policy.evaluate(&PasswordInput {
        password,
        confirmation: password,
        username: USER,
        common,
        unicode: Unicode::STD,
    })
}

fn acceptable(password: &str) -> bool {
    report(&PasswordPolicy::default(), password, CommonCheck::Loading).is_acceptable()
}

#[test]
fn defaults_and_clamping() {
    let policy = PasswordPolicy::default();
    assert_eq!((policy.min_len(), policy.max_len()), (8, 256));
    assert_eq!(PasswordPolicy::new(4).min_len(), 8);
    assert_eq!(PasswordPolicy::new(15).min_len(), 15);
    assert_eq!(PasswordPolicy::new(10_000).min_len(), 256);
    assert_eq!(PasswordPolicy::default().with_max_len(10).max_len(), 64);
    assert_eq!(PasswordPolicy::new(100).with_max_len(64).max_len(), 100);
    assert_eq!(PasswordPolicy::default().passwordrules(), "minlength: 8; maxlength: 256;");
    assert_eq!(PasswordPolicy::new(12).with_max_len(128).passwordrules(), "minlength: 12; maxlength: 128;");
}

#[test]
fn the_profile_min_length_raises_the_configured_minimum_never_lowers_it() {
    let min = |configured, profile| PasswordPolicy::for_store(configured, profile).min_len();
    assert_eq!(min(8, None), 8);
    assert_eq!(min(12, None), 12);
    assert_eq!(min(8, Some(10)), 10);
    assert_eq!(min(12, Some(10)), 12);
    assert_eq!(min(8, Some(0)), 8, "a profile minimum below Elastic Path's floor is raised to it");
    assert_eq!(min(8, Some(100)), 100, "above the configurable 64: the store's minimum still holds");
    assert_eq!(min(8, Some(1_000)), PasswordPolicy::DEFAULT_MAX_LEN);
    assert_eq!(min(8, Some(u32::MAX)), PasswordPolicy::DEFAULT_MAX_LEN);
    let policy = PasswordPolicy::for_store(8, Some(10));
    assert_eq!(policy.passwordrules(), "minlength: 10; maxlength: 256;");
    assert_eq!(report(&policy, "Xq7#pLm2a", CommonCheck::Loading).min_length, CheckState::Unmet);
    assert_eq!(report(&policy, "Xq7#pLm2ab", CommonCheck::Loading).min_length, CheckState::Met);
}

#[test]
fn minimum_boundary_7_8() {
    let policy = PasswordPolicy::default();
    assert_eq!(report(&policy, "Xq7#pLm", CommonCheck::Loading).min_length, CheckState::Unmet);
    assert_eq!(report(&policy, "Xq7#pLm2", CommonCheck::Loading).min_length, CheckState::Met);
    let fifteen = PasswordPolicy::new(15);
    assert_eq!(
        report(&fifteen, &"k".repeat(14), CommonCheck::Loading).first_unmet(),
        Some(Requirement::MinLength)
    );
    assert_eq!(report(&fifteen, &"k".repeat(15), CommonCheck::Loading).min_length, CheckState::Met);
}

#[test]
fn code_points_not_bytes() {
    // 7 emoji = 28 bytes, still too short; 8 emoji pass.
    assert!(!acceptable(&"😀".repeat(7)));
    assert!(acceptable(&"😀".repeat(8)));
    assert_eq!(report(&PasswordPolicy::new(15), &"😀".repeat(15), CommonCheck::Loading).length, 15);
    // "é" as e + combining acute is two code points.
    let combining = "e\u{301}".repeat(4);
    assert_eq!(report(&PasswordPolicy::default(), &combining, CommonCheck::Loading).length, 8);
    assert!(acceptable(&combining));
}

#[test]
fn maximum_boundaries() {
    let policy = PasswordPolicy::default();
    assert!(report(&policy, &"🦆".repeat(64), CommonCheck::Loading).is_acceptable());
    assert!(report(&policy, &"x".repeat(256), CommonCheck::Loading).is_acceptable());
    assert_eq!(
        report(&policy, &"x".repeat(257), CommonCheck::Loading).first_unmet(),
        Some(Requirement::MaxLength)
    );
    let tight = PasswordPolicy::default().with_max_len(64);
    assert!(report(&tight, &"🦆".repeat(64), CommonCheck::Loading).is_acceptable());
    assert_eq!(report(&tight, &"🦆".repeat(65), CommonCheck::Loading).max_length, CheckState::Unmet);
}

#[test]
fn never_trimmed() {
    // Seven letters plus surrounding spaces: the spaces count.
    assert!(acceptable(" abcxyz "));
    assert_eq!(report(&PasswordPolicy::default(), " abcxy ", CommonCheck::Loading).length, 7);
    let accepted = PasswordPolicy::default()
        .accept(&PasswordInput {
            password: "  spaced out  ",
            confirmation: "  spaced out  ",
            username: USER,
            common: CommonCheck::Loading,
            unicode: Unicode::STD,
        })
        .map(|p| p.secret().expose().clone());
    assert_eq!(accepted, Ok("  spaced out  ".to_owned()));
    // Confirmation differing only in trailing whitespace is a mismatch.
    let mismatch = PasswordPolicy::default().evaluate(&PasswordInput {
        password: "spaced out",
        confirmation: "spaced out ",
        username: USER,
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    });
    assert_eq!(mismatch.matches_confirmation, CheckState::Unmet);
}

#[test]
fn no_composition_rules() {
    for password in ["correct horse battery staple", "ñandú pájaro 🦆 ünïcödé", "aaaaaaaa", "        "]
    {
        assert!(acceptable(password), "{password:?}");
    }
}

#[test]
fn confirmation_must_match() {
    let policy = PasswordPolicy::default();
    let input = PasswordInput {
        password: "a long passphrase",
        confirmation: "a long passphrasE",
        username: USER,
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    };
    assert_eq!(policy.evaluate(&input).first_unmet(), Some(Requirement::MatchesConfirmation));
    assert!(policy.accept(&input).is_err());
}

#[test]
fn username_and_local_part() {
    for rejected in [
        "john.doe@banks.com",
        "JOHN.DOE@BANKS.COM",
        "john.doe",
        "John.Doe2024!",
        "john.doe@banks.com1",
        "JOHN.DOE   ",
    ] {
        assert_eq!(
            report(&PasswordPolicy::default(), rejected, CommonCheck::Loading).not_username,
            CheckState::Unmet,
            "{rejected}"
        );
        assert_eq!(
            report(&PasswordPolicy::default(), rejected, CommonCheck::Loading).strength,
            Strength::Weak,
            "{rejected}"
        );
    }
    for allowed in ["john.doe is my name", "xjohn.doe", "a long passphrase"] {
        assert_eq!(
            report(&PasswordPolicy::default(), allowed, CommonCheck::Loading).not_username,
            CheckState::Met,
            "{allowed}"
        );
    }
    // A plain (non-e-mail) username.
    let plain = PasswordPolicy::default().evaluate(&PasswordInput {
        password: "Shopper123",
        confirmation: "Shopper123",
        username: "shopper",
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    });
    assert_eq!(plain.not_username, CheckState::Unmet);
    // An empty username never matches.
    let none = PasswordPolicy::default().evaluate(&PasswordInput {
        password: "12345678",
        confirmation: "12345678",
        username: "",
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    });
    assert_eq!(none.not_username, CheckState::Met);
}

#[test]
fn blocklist() {
    let list = CommonPasswords::parse("password1\nqwertyuiop\niloveyou\n", Unicode::STD);
    let policy = PasswordPolicy::default();
    let blocked = report(&policy, "QwertyUIOP", CommonCheck::Full(&list));
    assert_eq!(blocked.not_common, CheckState::Unmet);
    assert_eq!(blocked.first_unmet(), Some(Requirement::NotCommon));
    assert_eq!(blocked.strength, Strength::Weak);
    assert!(!blocked.is_acceptable());
    assert_eq!(report(&policy, "qwertyuiop!", CommonCheck::Full(&list)).not_common, CheckState::Met);
    // Not loaded yet: unknown, does not block.
    let pending = report(&policy, "iloveyou2024", CommonCheck::Loading);
    assert_eq!(pending.not_common, CheckState::Unknown);
    assert!(pending.is_acceptable());
}

#[test]
fn the_built_in_list_applies_whatever_happens_to_the_full_one() {
    let policy = PasswordPolicy::default();
    let unrelated = CommonPasswords::parse("something else entirely\n", Unicode::STD);
    for common in [CommonCheck::Loading, CommonCheck::BuiltInOnly, CommonCheck::Full(&unrelated)] {
        let report = report(&policy, "Password1", common);
        assert_eq!(report.not_common, CheckState::Unmet, "{common:?}");
        assert!(!report.is_acceptable(), "{common:?}");
    }
    // Not on the short list, and the full one could not be loaded: met only as far as could be checked
    // (never "not a common password"), and it does not block.
    let partly = report(&policy, "iloveyou2024", CommonCheck::BuiltInOnly);
    assert_eq!(partly.not_common, CheckState::PartlyChecked);
    assert!(partly.is_acceptable());
}

#[test]
fn checklist_order_and_first_unmet() {
    let r = PasswordPolicy::default().evaluate(&PasswordInput {
        password: "john",
        confirmation: "",
        username: "john",
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    });
    let order: Vec<_> = r.requirements().iter().map(|(req, _)| *req).collect();
    assert_eq!(
        order,
        [
            Requirement::MinLength,
            Requirement::MaxLength,
            Requirement::NotUsername,
            Requirement::NotCommon,
            Requirement::MatchesConfirmation
        ]
    );
    assert_eq!(r.first_unmet(), Some(Requirement::MinLength));
}

#[test]
fn strength_hint_is_weak_below_minimum() {
    assert_eq!(report(&PasswordPolicy::default(), "Xq7#pLm", CommonCheck::Loading).strength, Strength::Weak);
    assert_eq!(
        report(&PasswordPolicy::default(), "correct horse battery staple", CommonCheck::Loading).strength,
        Strength::Strong
    );
}

#[test]
fn accepted_password_is_redacted() {
    let accepted = PasswordPolicy::default().accept(&PasswordInput {
        password: "hunter2hunter2",
        confirmation: "hunter2hunter2",
        username: USER,
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    });
    assert!(!format!("{accepted:?}").contains("hunter2"));
}

#[test]
fn input_debug_redacts_passwords() {
    let input = PasswordInput {
        password: "hunter2hunter2",
        confirmation: "hunter2hunter3",
        username: USER,
        common: CommonCheck::Loading,
        unicode: Unicode::STD,
    };
    let shown = format!("{input:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains(USER));
}
