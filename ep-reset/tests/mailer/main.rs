//! `ep-reset mailer` as a real process, against a real SMTP server (MailDev, from npm, run with `node`):
//! one event is one message, repeats are not sent again, mail survives an SMTP outage and a SIGKILL,
//! several mailers share one queue (an SQLite file or a PostgreSQL database), the limits hold, the public
//! listener shows nothing but the webhook, the webhook refuses what it must, and the whole chain from the
//! sandbox's integration to the inbox works.

mod chain;
mod delivery;
mod exposure;
mod limits;
#[path = "../shared/postgres.rs"]
mod postgres;
mod replicas;
mod resilience;
#[path = "../shared/mod.rs"]
mod shared;
mod support;
mod webhook;
