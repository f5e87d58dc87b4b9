//! Error codes: the machine-readable half of every error answer.
//!
//! Each domain crate keeps its own `Error` enum whose variants are facts, and
//! maps every variant to a [`Code`] through [`ErrorCode`]. The server turns a
//! code's [`ErrorKind`] into an HTTP status and its name into the `code` of
//! the JSON error envelope, so codes are part of the public contract.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::problem::Problem;

/// What kind of failure an error is; decides the HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request is malformed (400).
    BadRequest,
    /// Fields are invalid (422).
    Invalid,
    /// Nobody is signed in (401).
    Unauthenticated,
    /// The caller may not do this (403).
    Forbidden,
    /// It does not exist, or the caller may not see it (404).
    NotFound,
    /// The resource exists but not with this method (405).
    MethodNotAllowed,
    /// It conflicts with the current state (409).
    Conflict,
    /// The body is too large (413).
    TooLarge,
    /// The body is of a type we do not take (415).
    UnsupportedMediaType,
    /// Too many requests (429).
    RateLimited,
    /// A backend is down (503).
    Unavailable,
    /// Our fault (500); the details go to the log only.
    Internal,
}

/// A stable, snake_case error code with its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Code {
    name: &'static str,
    kind: ErrorKind,
}

impl Code {
    /// A code. Names are snake_case and never change once published.
    pub const fn new(name: &'static str, kind: ErrorKind) -> Self {
        Self { name, kind }
    }

    /// The snake_case name clients match on.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// The kind, which decides the HTTP status.
    pub const fn kind(self) -> ErrorKind {
        self.kind
    }

    /// Something failed on our side.
    pub const INTERNAL: Code = Code::new("internal_error", ErrorKind::Internal);
    /// A backend (database, search, mail) is unreachable.
    pub const UNAVAILABLE: Code = Code::new("service_unavailable", ErrorKind::Unavailable);
    /// Fields are invalid; `fields` says which and why.
    pub const VALIDATION_FAILED: Code = Code::new("validation_failed", ErrorKind::Invalid);
    /// No route matches the path.
    pub const ROUTE_NOT_FOUND: Code = Code::new("route_not_found", ErrorKind::NotFound);
}

/// Implemented by every domain error: which code answers it, and which
/// fields were wrong.
pub trait ErrorCode: std::error::Error {
    /// The code for this error.
    fn code(&self) -> Code;

    /// Per-field problems, for validation errors.
    fn fields(&self) -> Option<&FieldErrors> {
        None
    }

    /// Seconds to wait before trying again, for rate limits.
    fn retry_after(&self) -> Option<u64> {
        None
    }
}

/// Problems with named input fields, each a [`Problem`] (code, arguments,
/// English message):
/// `{"quantity": [{"code": "number_between", "min": 1, "max": 999, "message": "must be between 1 and 999"}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, Vec<Problem>>);

impl FieldErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.entry(field.into()).or_default().push(problem);
    }

    /// A single problem with a single field.
    pub fn single(field: impl Into<String>, problem: Problem) -> Self {
        let mut errors = Self::new();
        errors.add(field, problem);
        errors
    }

    /// The problems with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&[Problem]> {
        self.0.get(field).map(Vec::as_slice)
    }

    /// The codes of the problems with `field` (none when it has none).
    pub fn codes(&self, field: &str) -> Vec<&'static str> {
        self.get(field)
            .unwrap_or_default()
            .iter()
            .map(|p| p.code)
            .collect()
    }

    /// Whether there is no problem at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every field with its problems.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Problem])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// `Ok(value)` if there is no problem, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Takes in the problems of another check.
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, problems) in other.0 {
            self.0.entry(field).or_default().extend(problems);
        }
    }
}

/// `field: message; field: message`, in English.
impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for (field, problems) in &self.0 {
            for problem in problems {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                write!(f, "{field}: {problem}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem;

    #[test]
    fn field_errors_keep_every_problem_of_a_field_and_say_them_in_english() {
        let mut errors = FieldErrors::single("name", problem::required());
        errors.merge(FieldErrors::single("name", problem::too_long(100)));
        errors.add("email", problem::not_an_email());
        assert_eq!(errors.codes("name"), ["required", "too_long"]);
        assert!(errors.codes("phone").is_empty());
        assert_eq!(
            errors.to_string(),
            "email: is not an e-mail address; name: is required; name: must be at most 100 characters"
        );
        assert_eq!(
            serde_json::to_value(&errors).unwrap()["name"][1],
            serde_json::json!({"code": "too_long", "max": 100, "message": "must be at most 100 characters"})
        );
        assert!(errors.into_result(()).is_err());
        assert_eq!(FieldErrors::new().into_result(1), Ok(1));
    }
}
