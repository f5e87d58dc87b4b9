//! The one error body of the API:
//! `{"error": {"code": "...", "message": "...", "fields": {...}}}`, where
//! `fields` names each invalid input field with its problems, each a code
//! with named arguments and an English message:
//! `{"per_page": [{"code": "number_between", "min": 1, "max": 100, "message": "must be between 1 and 100"}]}`.
//!
//! Every domain error arrives here through [`kernel::ErrorCode`]; its kind
//! picks the status. Server-side failures answer with a generic message and
//! the cause chain goes to the log with the request id, never to the client.

use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use kernel::{Code, ErrorCode, ErrorKind, FieldErrors, problem};
use serde::Serialize;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    code: Code,
    message: String,
    fields: Option<FieldErrors>,
    retry_after: Option<u64>,
}

/// The body of an error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code to match on.
    #[schema(example = "product_not_found")]
    code: &'static str,
    /// A sentence for people.
    message: String,
    /// Problems per input field, for `validation_failed` and other 422s:
    /// each problem is a stable snake_case `code` with its named arguments
    /// and an English `message`, e.g.
    /// `{"variants[0].price_tiers[1].price_vnd": [{"code": "price_tier_not_falling", "min_qty": 10, "message": "must be less than the price before it (from 10)"}]}`.
    /// Translate by `code`; the message is for people reading the API.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, Vec<kernel::Problem>>>)]
    fields: Option<FieldErrors>,
}

impl ApiError {
    /// An error with a code and a message for people.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: None,
            retry_after: None,
        }
    }

    /// Invalid fields (422).
    pub fn invalid(fields: FieldErrors) -> Self {
        Self {
            code: Code::VALIDATION_FAILED,
            message: "Some fields are invalid.".to_owned(),
            fields: Some(fields),
            retry_after: None,
        }
    }

    /// Invalid input (422) under a code of its own, with its message.
    pub fn invalid_as(name: &'static str, message: impl Into<String>, fields: FieldErrors) -> Self {
        Self {
            code: Code::new(name, ErrorKind::Invalid),
            message: message.into(),
            fields: Some(fields),
            retry_after: None,
        }
    }

    /// A malformed request (400) with a code of its own.
    pub fn bad_request(name: &'static str, message: impl Into<String>) -> Self {
        Self::new(Code::new(name, ErrorKind::BadRequest), message)
    }

    /// The code answered with.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The problems per field, if any.
    pub fn fields(&self) -> Option<&FieldErrors> {
        self.fields.as_ref()
    }

    /// The message for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Logs a server-side cause and answers with a generic message.
    fn from_domain<E: ErrorCode + ?Sized>(err: &E) -> Self {
        let code = err.code();
        match code.kind() {
            ErrorKind::Internal | ErrorKind::Unavailable => {
                tracing::error!(code = code.name(), error = %error_chain(err), "request failed");
                let message = if code.kind() == ErrorKind::Unavailable {
                    "A service we depend on is unavailable. Please try again shortly."
                } else {
                    "Something went wrong on our side. Please try again."
                };
                Self::new(code, message)
            }
            _ => Self {
                code,
                message: err.to_string(),
                fields: err.fields().cloned(),
                retry_after: err.retry_after(),
            },
        }
    }
}

/// The error and its causes on one line.
pub fn error_chain(err: &(impl std::error::Error + ?Sized)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

macro_rules! from_domain_errors {
    ($($ty:ty),+) => {$(
        impl From<$ty> for ApiError {
            fn from(err: $ty) -> Self {
                Self::from_domain(&err)
            }
        }
    )+};
}

from_domain_errors!(
    catalog::Error,
    accounts::Error,
    accounts::Denied,
    notify::Error,
    search::Error,
    orders::Error,
    exports::Error,
    traceability::Error,
    market::Error
);

impl std::error::Error for ApiError {}

/// An answer already made can still fill a form's error summary.
impl ErrorCode for ApiError {
    fn code(&self) -> Code {
        self.code
    }

    fn fields(&self) -> Option<&FieldErrors> {
        self.fields.as_ref()
    }

    fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The HTTP status of an error kind.
pub fn status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status(self.code.kind())
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code.name(),
                message: self.message.clone(),
                fields: self.fields.clone(),
            },
        })
    }
}

/// Answers a JSON body that does not parse with the envelope.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    let api = match &err {
        J::OverflowKnownLength { .. } | J::Overflow { .. } => ApiError::new(
            Code::new("payload_too_large", ErrorKind::TooLarge),
            "The request body is too large.",
        ),
        J::ContentType => ApiError::new(
            Code::new("unsupported_media_type", ErrorKind::UnsupportedMediaType),
            "Send the body as application/json.",
        ),
        J::Deserialize(e) if e.is_data() => ApiError::new(
            Code::new("invalid_body", ErrorKind::Invalid),
            format!("The body does not fit: {e}"),
        ),
        // well-formed JSON whose number no 64-bit value holds (1e400)
        J::Deserialize(e) if e.to_string().starts_with("number out of range") => ApiError::new(
            Code::new("invalid_body", ErrorKind::Invalid),
            format!("The body does not fit: {e}; numbers must be whole and fit in 64 bits"),
        ),
        _ => ApiError::bad_request(
            "malformed_json",
            format!("The body is not valid JSON: {err}"),
        ),
    };
    api.into()
}

/// Answers a query string that does not parse with the envelope, naming the
/// field when serde says which.
pub fn query_error(
    err: actix_web::error::QueryPayloadError,
    _req: &HttpRequest,
) -> actix_web::Error {
    let message = err.to_string();
    let field = message
        .split('`')
        .nth(1)
        .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_owned);
    let api = match field {
        Some(field) => ApiError::invalid(FieldErrors::single(
            field,
            problem::unreadable_value(message.clone()),
        )),
        None => ApiError::new(
            Code::new("invalid_query", ErrorKind::Invalid),
            format!("The query string is invalid: {message}"),
        ),
    };
    api.into()
}

/// Answers a path segment that does not parse with the envelope.
pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        Code::new("invalid_path", ErrorKind::NotFound),
        format!("Not found: {err}"),
    )
    .into()
}

/// Gives the envelope to error answers under `/api` that were made without
/// one (a 405 for a wrong method, a payload error raised before a handler).
pub fn envelope_bare_errors<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_api = res.request().path().starts_with("/api/");
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api || is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            Code::new("method_not_allowed", ErrorKind::MethodNotAllowed),
            format!("{} is not allowed here.", res.request().method()),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            Code::new("payload_too_large", ErrorKind::TooLarge),
            "The request body is too large.".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            Code::new("unsupported_media_type", ErrorKind::UnsupportedMediaType),
            "This media type is not accepted here.".to_owned(),
        ),
        StatusCode::NOT_FOUND => (Code::ROUTE_NOT_FOUND, "Not found.".to_owned()),
        s if s.is_server_error() => (
            Code::INTERNAL,
            "Something went wrong on our side. Please try again.".to_owned(),
        ),
        _ => (
            Code::new("bad_request", ErrorKind::BadRequest),
            "The request is malformed.".to_owned(),
        ),
    };
    let allow = res.headers().get(header::ALLOW).cloned();
    let (req, _) = res.into_parts();
    let mut response = ApiError::new(code, message).error_response();
    *response.status_mut() = status;
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

/// The error for a path under `/api` that no route matches.
pub fn route_not_found_error() -> ApiError {
    ApiError::new(Code::ROUTE_NOT_FOUND, "No API endpoint here.")
}

/// The answer for a request under `/api` that no route takes: 405 with
/// `Allow` when the path is served with other methods (TRACE, or PUT on a
/// path that only reads), 404 `route_not_found` when nothing is there.
pub async fn route_not_found(req: HttpRequest) -> HttpResponse {
    if let Some(allowed) = crate::openapi::allowed_methods(req.path()) {
        let mut response = ApiError::new(
            Code::new("method_not_allowed", ErrorKind::MethodNotAllowed),
            format!(
                "{} is not allowed here; use {}.",
                req.method(),
                allowed.join(", ")
            ),
        )
        .error_response();
        if let Ok(value) = header::HeaderValue::from_str(&allowed.join(", ")) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return response;
    }
    ApiError::new(
        Code::ROUTE_NOT_FOUND,
        format!("No API endpoint at {} {}.", req.method(), req.path()),
    )
    .error_response()
}
