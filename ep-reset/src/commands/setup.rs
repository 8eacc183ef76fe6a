//! `ep-reset setup`: read the store, plan, print each step and run each write as it happens.

use std::io::Write as _;

use rand::Rng;
use rand::distr::Alphanumeric;
use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{StoreApi, shape};
use crate::credentials::Credentials;
use crate::error::ResetError;
use crate::model;
use crate::paths;
use crate::plan::{self, Outcome, Plan, Ref, Request, StoreState, TestUser, Write};
use crate::secret::Secret;
use crate::snippet;

/// What `setup` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--webhook-url`, already checked.
    pub webhook_url: String,
    /// `--profile-name`.
    pub profile_name: Option<String>,
    /// `--test-user`, normalised.
    pub test_user: Option<String>,
    /// `--rotate-secret`.
    pub rotate_secret: bool,
    /// `--dry-run`.
    pub dry_run: bool,
}

/// Runs the set-up (or, with `--dry-run`, prints it).
pub fn run(
    credentials: &Credentials,
    options: &Options,
    webhook_secret: Option<&Secret>,
) -> Result<(), ResetError> {
    let api = StoreApi::connect(credentials)?;
    let state = read_state(&api, options.test_user.as_deref())?;
    let request = Request {
        webhook_url: &options.webhook_url,
        profile_name: options.profile_name.as_deref(),
        webhook_secret,
        rotate_secret: options.rotate_secret,
    };
    let plan = plan::plan(&state, &request).map_err(ResetError::Unfixable)?;
    let mode = if options.dry_run { ", dry run: nothing is written" } else { "" };
    println!("ep-reset setup: {} (realm {}){mode}", api.base_url(), plan.realm);
    let mut executor = Executor { api: &api, realm: &plan.realm, webhook_secret, profile: None, user: None };
    for (number, step) in plan.steps.iter().enumerate() {
        let number = number + 1;
        match &step.outcome {
            Outcome::Unchanged(what) => println!("{number}. {}: unchanged, {what}", step.title),
            Outcome::Skipped(why) => println!("{number}. {}: skipped, {why}", step.title),
            Outcome::Change { summary, writes } => {
                println!("{number}. {}: {summary}", step.title);
                for write in writes {
                    if options.dry_run {
                        println!("   would {} {}", write.method(), write.path(&plan.realm, None));
                    } else {
                        executor.write(write)?;
                    }
                }
            }
        }
    }
    for warning in &plan.warnings {
        println!("! {warning}");
    }
    let count = plan.write_count();
    let plural = if count == 1 { "" } else { "s" };
    match (count, options.dry_run) {
        (0, _) => println!("Nothing to change: the store is already set up."),
        (_, true) => println!("Dry run: {count} write{plural} planned, nothing written."),
        (_, false) => println!("Done: {count} write{plural}."),
    }
    print_snippets(api.base_url(), &plan, executor.profile.as_deref());
    Ok(())
}

/// What the plan needs to know about the store.
fn read_state(api: &StoreApi, test_user: Option<&str>) -> Result<StoreState, ResetError> {
    let (settings, profiles, integrations) = super::read_store(api)?;
    let test_user = match (test_user, settings.realm_id.as_deref()) {
        (Some(email), Some(realm)) => Some(read_test_user(api, realm, email)?),
        _ => None,
    };
    Ok(StoreState { settings, profiles, integrations, test_user })
}

fn read_test_user(api: &StoreApi, realm: &str, email: &str) -> Result<TestUser, ResetError> {
    let filter = [("filter", format!("eq(email,{email})"))];
    let users = api.get_all(&paths::users(realm), &filter, model::users)?;
    let user = users.into_iter().find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email)));
    let credentials = match &user {
        Some(user) => api.get_all(&paths::credentials(realm, &user.id), &[], model::credentials)?,
        None => Vec::new(),
    };
    Ok(TestUser { email: email.to_string(), user, credentials })
}

/// Runs writes in order, remembering the ids of what it created.
struct Executor<'a> {
    api: &'a StoreApi,
    realm: &'a str,
    webhook_secret: Option<&'a Secret>,
    profile: Option<String>,
    user: Option<String>,
}

/// A password nobody sees: long and random, with every character class a profile might require.
fn unseen_password() -> Secret {
    let random: String = rand::rng().sample_iter(&Alphanumeric).take(40).map(char::from).collect();
    Secret::new(format!("{random}-Aa1"))
}

impl Executor<'_> {
    fn resolve(
        &self,
        reference: &Ref,
        created: Option<&String>,
        what: &'static str,
    ) -> Result<String, ResetError> {
        match (reference, created) {
            (Ref::Existing(id), _) | (Ref::Created, Some(id)) => Ok(id.clone()),
            (Ref::Created, None) => Err(ResetError::MissingCreatedId(what)),
        }
    }

    fn body(&self, write: &Write) -> Result<Value, ResetError> {
        Ok(match write {
            Write::PutSettings { body }
            | Write::PutProfile { body, .. }
            | Write::CreateProfile { body }
            | Write::CreateUser { body } => body.clone(),
            Write::CreateCredential { profile, username, .. } => json!({ "data": {
                "type": "user_authentication_password_profile_info",
                "password_profile_id": self.resolve(profile, self.profile.as_ref(), "password profile")?,
                "username": username,
                "password": unseen_password().expose(),
            } }),
            Write::CreateIntegration { body, with_secret }
            | Write::PutIntegration { body, with_secret, .. } => match (with_secret, self.webhook_secret) {
                (true, Some(secret)) => plan::with_secret_key(body.clone(), secret),
                _ => body.clone(),
            },
        })
    }

    /// Prints `METHOD path …`, sends it, and finishes the line with the status (and a new id).
    fn write(&mut self, write: &Write) -> Result<(), ResetError> {
        let path = write.path(self.realm, self.user.as_deref());
        let method = if write.method() == "PUT" { Method::PUT } else { Method::POST };
        print!("   {} {path} … ", write.method());
        let _ = std::io::stdout().flush();
        let answer = match self.api.expect_success(method, &path, &[], Some(&self.body(write)?)) {
            Ok(answer) => answer,
            Err(error) => {
                println!("failed");
                return Err(error);
            }
        };
        let created = match write {
            Write::CreateProfile { .. } | Write::CreateUser { .. } | Write::CreateIntegration { .. } => {
                Some(model::created_id(&answer.body).map_err(|p| shape(write.method(), &path, p))?)
            }
            _ => None,
        };
        match &created {
            Some(id) => println!("{} (id {id})", answer.status),
            None => println!("{}", answer.status),
        }
        match write {
            Write::CreateProfile { .. } => self.profile = created,
            Write::CreateUser { .. } => self.user = created,
            _ => {}
        }
        Ok(())
    }
}

fn print_snippets(base_url: &str, plan: &Plan, created_profile: Option<&str>) {
    let profile = match (&plan.profile, created_profile) {
        (Ref::Existing(id), _) => id.as_str(),
        (Ref::Created, Some(id)) => id,
        (Ref::Created, None) => "<id of the new password profile>",
    };
    println!();
    println!(
        "The <ep-password-reset> element for your page (set client-id to the store's implicit client id):"
    );
    println!("{}", snippet::mount_element(base_url, &plan.realm, profile));
    println!();
    println!("Reset link the webhook must e-mail (each value percent-encoded, from the event's payload):");
    println!("{}", snippet::link_template());
}
