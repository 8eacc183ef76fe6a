//! Entry point of the WASM: the `<ep-password-reset>` loader then mounts apps (see `lib.rs`).

fn main() {
    ep_password_reset::start();
}
