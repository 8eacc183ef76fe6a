//! The outbox as a small HTML page with clickable links (for the demo).

use crate::html::escape;
use crate::outbox::Email;

/// Renders the outbox (`emails` oldest first), newest first.
pub fn render<'a>(emails: impl DoubleEndedIterator<Item = &'a Email>) -> String {
    let mut items = String::new();
    for email in emails.rev() {
        items.push_str(&format!(
            "<li><p><strong>To:</strong> {to} <small>({at})</small></p>\
             <p>Your password reset code is <code>{otp}</code>. It is valid for 10 minutes.</p>\
             <p><a href=\"{link}\">{link}</a></p></li>\n",
            to = escape(&email.to),
            at = escape(&email.created_at),
            otp = escape(&email.otp),
            link = escape(&email.link),
        ));
    }
    if items.is_empty() {
        items.push_str("<li>No e-mails yet. Request a password reset first.</li>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>ep-sandbox outbox</title></head>\n<body><h1>ep-sandbox outbox</h1>\
         <p>E-mails the sandbox would have sent, newest first. Reload to refresh.</p>\n<ol>\n{items}</ol></body></html>\n"
    )
}
