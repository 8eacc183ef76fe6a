//! A panic hook that reports where the app failed, never what it was holding.
//!
//! The usual `console_error_panic_hook` prints the panic payload, which could one day quote a value
//! the shopper typed; this one prints only the source location.

/// Installs the hook; call once at start.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        web_sys::console::error_1(&format!("ep-password-reset stopped unexpectedly at {location}").into());
    }));
}
