use crate::messages::ForgotText;

pub const FORGOT: ForgotText = ForgotText {
    heading: "Forgot your password?",
    intro: "Enter the e-mail address you sign in with. We'll send you a link to choose a new password.",
    intro_any: "Enter the username you sign in with. We'll e-mail you a link to choose a new password.",
    send_link_button: "Send reset link",
    sent_heading: "Check your e-mail",
    sent_body: "If an account exists for that address, we've sent a link to reset your password. The link works for 10 minutes.",
    sent_help: "Nothing arrived? Check your spam folder, make sure the address is the one you sign in with, or send the link again.",
    send_again: "Send again",
    cooldown_started: |secs| format!("You can ask for another link in {secs} seconds."),
    use_different_address: "Use a different address",
};
