//! Reading `multipart/form-data` bodies (uploads from forms and the API)
//! with limits, and checking the CSRF token such forms carry in a field.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use actix_web::{HttpMessage, HttpRequest};
use catalog::uploads::Upload;
use futures::StreamExt;
use kernel::{Code, ErrorKind};

use crate::auth::{CSRF_FIELD, CsrfFromMultipart};
use crate::error::ApiError;

/// What a multipart body held.
#[derive(Debug, Default)]
pub struct MultipartForm {
    /// Text fields (the last value of each name).
    pub fields: BTreeMap<String, String>,
    /// Files, with the name of the field they came in.
    pub files: Vec<(String, Upload)>,
}

impl MultipartForm {
    /// A text field, or empty.
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// The files of one field.
    pub fn files_of(&self, name: &str) -> Vec<Upload> {
        self.files
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, upload)| upload.clone())
            .collect()
    }
}

/// Limits of a multipart body.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file.
    pub max_file_bytes: usize,
    /// Most files.
    pub max_files: usize,
    /// Largest text field.
    pub max_field_bytes: usize,
}

fn too_large(what: &str) -> ApiError {
    ApiError::new(
        Code::new("payload_too_large", ErrorKind::TooLarge),
        format!("{what} is too large."),
    )
}

/// Reads the whole body within `limits`. When the request rode on the
/// session cookie, its CSRF token must be one of the fields.
pub async fn read(
    req: &HttpRequest,
    mut payload: Multipart,
    limits: Limits,
) -> Result<MultipartForm, ApiError> {
    let mut form = MultipartForm::default();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| {
            ApiError::bad_request(
                "malformed_multipart",
                format!("The form could not be read: {e}"),
            )
        })?;
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let max = if filename.is_some() {
            limits.max_file_bytes
        } else {
            limits.max_field_bytes
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(
                    "malformed_multipart",
                    format!("The form could not be read: {e}"),
                )
            })?;
            if bytes.len() + chunk.len() > max {
                return Err(too_large(filename.as_deref().unwrap_or(&name)));
            }
            bytes.extend_from_slice(&chunk);
        }
        match filename {
            // a file input left empty sends a nameless, empty part
            Some(filename) if filename.is_empty() && bytes.is_empty() => {}
            Some(filename) => {
                if form.files.len() >= limits.max_files {
                    return Err(too_large("The number of files"));
                }
                form.files.push((name, Upload { filename, bytes }));
            }
            None => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    ApiError::bad_request(
                        "malformed_multipart",
                        format!("The field {name} is not UTF-8 text."),
                    )
                })?;
                form.fields.insert(name, text);
            }
        }
    }
    let expected = req
        .extensions()
        .get::<CsrfFromMultipart>()
        .map(|c| c.0.clone());
    if let Some(expected) = expected {
        let sent = form
            .fields
            .get(CSRF_FIELD)
            .map(String::as_str)
            .unwrap_or_default();
        if !accounts::tokens::equal(sent, &expected) {
            return Err(ApiError::new(
                Code::new("csrf_failed", ErrorKind::Forbidden),
                "The CSRF token is missing or wrong.",
            ));
        }
    }
    Ok(form)
}
