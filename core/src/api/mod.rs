//! The Elastic Path contract as data: request and response bodies ([`dto`], read and written with
//! [`json`]), the one error type ([`error::ApiError`]) and account-management token claims ([`jwt`]).
//!
//! The HTTP client itself lives in the browser shell; it implements [`crate::flows::EpApi`] with these
//! types. Responses are read leniently: only the fields the flows use, each absent when missing, `null` or
//! of an odd type. Requests are written strictly (fixed `type` values, every field the safest body needs).

mod base64url;
pub mod dto;
pub mod error;
pub mod json;
pub mod jwt;

pub use error::{ApiError, Diagnostic, ErrorSource};
