//! Pictures on a request for quote: the importer attaches sketches or
//! photos of a custom design (with the request, or later), the cooperative
//! photos of a sample. They are kept in the private document store and
//! shown only to the two sides and union staff.

use accounts::Actor;
use catalog::uploads::Upload;
use chrono::Utc;
use entity::{quote_request_pictures, quote_requests};
use kernel::{FieldErrors, problem};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Side, side_of};
use crate::requests::RequestInput;
use crate::{Error, Exports, Result};

/// The most pictures a request holds.
pub const MAX_PICTURES: usize = 8;

/// The largest picture accepted.
pub const MAX_PICTURE_BYTES: usize = 10 * 1024 * 1024;

/// A picture on a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PictureView {
    /// Id.
    pub id: Uuid,
    /// Who sent it: buyer or cooperative.
    pub side: String,
    /// The name it was sent with.
    pub filename: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where to see it.
    pub href: String,
    /// Sent.
    pub created_at: chrono::DateTime<Utc>,
}

/// The media type of a picture, from its first bytes.
fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The name a picture is kept under: as sent, or `picture`.
fn name_of(file: &Upload) -> String {
    let name = file.filename.trim();
    if name.is_empty() {
        "picture".to_owned()
    } else {
        name.chars().take(200).collect()
    }
}

/// The problems of pictures about to join `already` others, under
/// `pictures`.
fn check(files: &[Upload], already: usize, errors: &mut FieldErrors) {
    if already + files.len() > MAX_PICTURES {
        errors.add("pictures", problem::too_many_pictures(MAX_PICTURES as i64));
    }
    for file in files {
        let name = name_of(file);
        if file.bytes.is_empty() {
            errors.add("pictures", problem::file_empty(name));
        } else if file.bytes.len() > MAX_PICTURE_BYTES {
            let max_mb = (MAX_PICTURE_BYTES / (1024 * 1024)) as i64;
            errors.add("pictures", problem::file_too_large(name, max_mb));
        } else if picture_type(&file.bytes).is_none() {
            errors.add("pictures", problem::not_a_picture(name));
        }
    }
}

fn view(row: quote_request_pictures::Model) -> PictureView {
    PictureView {
        href: format!(
            "/api/v1/quote-requests/{}/pictures/{}",
            row.request_id, row.id
        ),
        id: row.id,
        side: row.side,
        filename: row.filename,
        size_bytes: row.size_bytes,
        created_at: row.created_at,
    }
}

impl Exports {
    /// An importer asks for a quote with pictures of the designs: the
    /// pictures are checked with the request, so a bad one refuses both
    /// and nothing is half made.
    pub async fn request_quote_with_pictures(
        &self,
        actor: &Actor,
        input: &RequestInput,
        pictures: Vec<Upload>,
    ) -> Result<Uuid> {
        let mut errors = FieldErrors::new();
        check(&pictures, 0, &mut errors);
        errors.into_result(()).map_err(Error::Invalid)?;
        let id = self.request_quote(actor, input).await?;
        if !pictures.is_empty() {
            let request = self.request_row(id).await?;
            self.keep_pictures(actor, &request, Side::Buyer, pictures)
                .await?;
        }
        Ok(id)
    }

    /// The importer or the cooperative adds pictures to a request.
    pub async fn attach_pictures(
        &self,
        actor: &Actor,
        request: Uuid,
        pictures: Vec<Upload>,
    ) -> Result<Vec<PictureView>> {
        let request = self.request_row(request).await?;
        let side = side_of(Some(actor), &request)?;
        if side == Side::Staff {
            return Err(accounts::Denied::Forbidden.into());
        }
        let mut errors = FieldErrors::new();
        if pictures.is_empty() {
            errors.add("pictures", problem::required());
        }
        let already = quote_request_pictures::Entity::find()
            .filter(quote_request_pictures::Column::RequestId.eq(request.id))
            .count(&self.db)
            .await?;
        check(
            &pictures,
            usize::try_from(already).unwrap_or(usize::MAX),
            &mut errors,
        );
        errors.into_result(()).map_err(Error::Invalid)?;
        self.keep_pictures(actor, &request, side, pictures).await?;
        pictures_of(&self.db, request.id).await
    }

    /// Whether `actor` may add pictures to `request` (asked before a large
    /// body is read).
    pub async fn check_may_attach(&self, actor: &Actor, request: Uuid) -> Result<()> {
        let request = self.request_row(request).await?;
        match side_of(Some(actor), &request)? {
            Side::Staff => Err(accounts::Denied::Forbidden.into()),
            _ => Ok(()),
        }
    }

    /// A picture of a request, for its two sides and union staff: its
    /// media type, name and bytes.
    pub async fn picture(
        &self,
        actor: Option<&Actor>,
        request: Uuid,
        picture: Uuid,
    ) -> Result<(String, String, Vec<u8>)> {
        let request = self.request_row(request).await?;
        side_of(actor, &request)?;
        let row = quote_request_pictures::Entity::find_by_id(picture)
            .filter(quote_request_pictures::Column::RequestId.eq(request.id))
            .one(&self.db)
            .await?
            .ok_or(Error::PictureNotFound)?;
        let bytes = self.documents.get(&row.storage_key, "picture").await?;
        Ok((row.content_type, row.filename, bytes))
    }

    /// Stores checked pictures and records them.
    async fn keep_pictures(
        &self,
        actor: &Actor,
        request: &quote_requests::Model,
        side: Side,
        pictures: Vec<Upload>,
    ) -> Result<()> {
        let mut rows = Vec::new();
        for file in pictures {
            let content_type = picture_type(&file.bytes).unwrap_or("image/jpeg");
            let key = format!("quotes/{}/{}", request.id, Uuid::now_v7());
            let name = name_of(&file);
            let size = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
            self.documents.put(&key, "picture", file.bytes).await?;
            rows.push(quote_request_pictures::ActiveModel {
                id: Set(Uuid::now_v7()),
                request_id: Set(request.id),
                side: Set(side.as_str().to_owned()),
                filename: Set(name),
                content_type: Set(content_type.to_owned()),
                size_bytes: Set(size),
                storage_key: Set(key),
                uploaded_by: Set(actor.user_id.uuid()),
                created_at: Set(Utc::now()),
            });
        }
        quote_request_pictures::Entity::insert_many(rows)
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }
}

/// The pictures of a request, oldest first.
pub(crate) async fn pictures_of<C: ConnectionTrait>(
    conn: &C,
    request: Uuid,
) -> Result<Vec<PictureView>> {
    Ok(quote_request_pictures::Entity::find()
        .filter(quote_request_pictures::Column::RequestId.eq(request))
        .order_by_asc(quote_request_pictures::Column::CreatedAt)
        .order_by_asc(quote_request_pictures::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> Upload {
        Upload {
            filename: "x".into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn pictures_are_known_by_their_first_bytes() {
        assert_eq!(picture_type(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(picture_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(picture_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(picture_type(b"%PDF-1.7"), None);
    }

    #[test]
    fn too_many_or_wrong_pictures_are_named() {
        let mut errors = FieldErrors::new();
        check(
            &[file(b"%PDF-1.7"), file(b"")],
            MAX_PICTURES - 1,
            &mut errors,
        );
        let codes: Vec<&str> = errors
            .get("pictures")
            .unwrap_or_default()
            .iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(codes, ["too_many_pictures", "not_a_picture", "file_empty"]);
    }
}
