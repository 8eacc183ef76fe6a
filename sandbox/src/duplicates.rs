//! The `duplicate_credentials` switch: every seeded user also gets an older second credential in the
//! same password profile, listed before the real one (Elastic Path's docs show such a list).

use sha2::{Digest, Sha256};

use crate::crypto::PasswordHash;
use crate::seed::Seed;
use crate::store::{Credential, Store};

/// Put before the real credential's username to make the duplicate's.
pub const USERNAME_PREFIX: &str = "old.";

/// Put before the seeded password to make the duplicate's.
pub const PASSWORD_PREFIX: &str = "old ";

/// The id of the duplicate of credential `credential_id`: derived from it, so the same on every start.
pub fn duplicate_id(credential_id: &str) -> String {
    let digest = Sha256::digest(format!("duplicate credential of {credential_id}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// Inserts each seeded user's duplicate right before their credential, unless it is there already, the
/// credential is gone, or the duplicate's username is taken in that profile.
pub fn add(store: &mut Store, seed: &Seed, now: i64) {
    for user in &seed.users {
        let id = duplicate_id(&user.credential_id);
        if store.credentials.iter().any(|c| c.id == id) {
            continue;
        }
        let Some(index) = store.credentials.iter().position(|c| c.id == user.credential_id) else {
            continue;
        };
        let real = &store.credentials[index];
        let username = format!("{USERNAME_PREFIX}{}", real.username);
        if store.credential_by_username(&real.password_profile_id, &username).is_some() {
            continue;
        }
        let duplicate = Credential {
            id,
            user_id: real.user_id.clone(),
            password_profile_id: real.password_profile_id.clone(),
            username,
            password: PasswordHash::new(&format!("{PASSWORD_PREFIX}{}", user.password)),
            created_at: now,
            updated_at: now,
        };
        store.credentials.insert(index, duplicate);
    }
}

/// Removes the seeded users' duplicates.
pub fn remove(store: &mut Store, seed: &Seed) {
    let ids: Vec<String> = seed.users.iter().map(|u| duplicate_id(&u.credential_id)).collect();
    store.credentials.retain(|c| !ids.contains(&c.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_come_first_and_go_again() {
        let seed = Seed::default();
        let mut store = Store::from_seed(&seed, 0);
        let real: Vec<String> = store.credentials.iter().map(|c| c.id.clone()).collect();
        add(&mut store, &seed, 0);
        add(&mut store, &seed, 0);
        assert_eq!(store.credentials.len(), 2 * real.len(), "added once");
        let ada = &seed.users[0];
        let first = &store.credentials[0];
        assert_eq!(first.id, duplicate_id(&ada.credential_id));
        assert_eq!(first.username, format!("old.{}", ada.email));
        assert_eq!(first.user_id, ada.id);
        assert!(first.password.verify(&format!("old {}", ada.password)));
        assert_eq!(store.credentials[1].id, ada.credential_id, "the real one right after");
        remove(&mut store, &seed);
        let left: Vec<String> = store.credentials.iter().map(|c| c.id.clone()).collect();
        assert_eq!(left, real);
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(duplicate_id("a"), duplicate_id("a"));
        assert_ne!(duplicate_id("a"), duplicate_id("b"));
        assert_ne!(duplicate_id("a"), "a");
    }
}
