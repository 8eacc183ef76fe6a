//! Entry point: mounts the app into the page's mount element. Everything else starts in `lib.rs`.

fn main() {
    ep_password_reset::start();
}
