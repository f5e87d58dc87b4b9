//! Where pictures are kept. Each picture is stored in three sizes under a
//! key that contains its id, so a URL never changes content and can be cached
//! for a year.

use std::path::PathBuf;

use crate::{Error, Result};

mod object;

pub use object::{ObjectStoreMedia, S3Config};

/// The sizes every picture is stored in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageSize {
    /// 320 px wide: lists on phones.
    Small,
    /// 640 px wide: lists on desktops, the product page on phones.
    Medium,
    /// 1280 px wide: the product page on desktops, zoom.
    Large,
}

impl ImageSize {
    /// Every size, smallest first.
    pub const ALL: [ImageSize; 3] = [ImageSize::Small, ImageSize::Medium, ImageSize::Large];

    /// The file name stem and the name in the API.
    pub fn name(self) -> &'static str {
        match self {
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
        }
    }

    /// The width in pixels (the height follows the aspect ratio).
    pub fn width(self) -> u32 {
        match self {
            Self::Small => 320,
            Self::Medium => 640,
            Self::Large => 1280,
        }
    }
}

/// The file extension for a stored content type.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        _ => "jpg",
    }
}

/// Refuses a key or file name that could climb out of where media is kept or
/// that a URL would need to escape: only `[A-Za-z0-9._-]` segments, no empty
/// segment, no `..`, and no `/` in the name.
fn check_key(key: &str, name: &str) -> Result<()> {
    let safe = |s: &str| {
        !s.is_empty()
            && s.split('/').all(|part| {
                !part.is_empty()
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            })
    };
    if !safe(key) || !safe(name) || name.contains('/') {
        return Err(Error::Media(format!("unsafe media key {key:?}/{name:?}")));
    }
    Ok(())
}

/// A place to keep pictures and documents.
#[async_trait::async_trait]
pub trait MediaStore: Send + Sync {
    /// Stores one file of the object `key` under `name` (e.g. `small.jpg`).
    async fn put(&self, key: &str, name: &str, bytes: Vec<u8>) -> Result<()>;

    /// Whether a file of the object `key` exists.
    async fn exists(&self, key: &str, name: &str) -> Result<bool>;

    /// Reads a file of the object `key`.
    async fn get(&self, key: &str, name: &str) -> Result<Vec<u8>>;

    /// Removes a file of the object `key`; a file that is not there is
    /// already removed.
    async fn delete(&self, key: &str, name: &str) -> Result<()>;

    /// The public URL of a stored file.
    fn url(&self, key: &str, name: &str) -> String;

    /// Whether the store answers (for `/readyz`); a local directory always
    /// does.
    async fn ready(&self) -> Result<()> {
        Ok(())
    }

    /// Whether it is a store of its own that `/readyz` should ask (a bucket,
    /// not the local disk).
    fn is_remote(&self) -> bool {
        false
    }
}

/// Removes files stored for something that was then not recorded (a later
/// file or the database failed), so that no file outlives a failed upload.
/// Why a picture was not stored.
#[derive(Debug)]
pub enum StoreError {
    /// The picture itself: too large, not a picture, too many pixels.
    Picture(crate::images::ImageError),
    /// The store failed.
    Store(Error),
}

/// A picture stored, and its size once turned upright.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredPicture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The type of every size: always `image/jpeg`.
    pub content_type: &'static str,
}

/// Stores a picture under `key` as `small.jpg`, `medium.jpg` and
/// `large.jpg`: checked by content, decoded within bounds, turned upright
/// and stripped of EXIF first (off the async threads). If anything fails on
/// the way, what was stored goes.
pub async fn store_picture(
    store: &dyn MediaStore,
    key: &str,
    bytes: Vec<u8>,
) -> std::result::Result<StoredPicture, StoreError> {
    let processed = tokio::task::spawn_blocking(move || crate::images::process(&bytes))
        .await
        .map_err(|e| StoreError::Store(Error::Media(format!("picture worker: {e}"))))?
        .map_err(StoreError::Picture)?;
    let mut stored = Vec::new();
    for (size, bytes) in processed.sizes {
        let name = format!("{}.jpg", size.name());
        if let Err(err) = store.put(key, &name, bytes).await {
            discard(store, key, &stored).await;
            return Err(StoreError::Store(err));
        }
        stored.push(name);
    }
    Ok(StoredPicture {
        width: processed.width,
        height: processed.height,
        content_type: processed.content_type,
    })
}

/// A file that cannot be removed now only takes up space, nothing points at
/// it: logged, not raised.
pub async fn discard(store: &dyn MediaStore, key: &str, names: &[String]) {
    for name in names {
        if let Err(err) = store.delete(key, name).await {
            tracing::warn!(%key, %name, error = %err, "file of a failed upload not removed");
        }
    }
}

/// Keeps media in a local directory, served by the application under a URL
/// prefix.
#[derive(Clone, Debug)]
pub struct LocalMedia {
    root: PathBuf,
    base_url: String,
}

impl LocalMedia {
    /// Media under `root`, served at `base_url` (e.g. `/media`).
    pub fn new(root: impl Into<PathBuf>, base_url: impl Into<String>) -> Self {
        Self {
            root: root.into(),
            base_url: base_url.into().trim_end_matches('/').to_owned(),
        }
    }

    /// The directory media is kept in.
    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    fn path(&self, key: &str, name: &str) -> Result<PathBuf> {
        check_key(key, name)?;
        Ok(self.root.join(key).join(name))
    }
}

#[async_trait::async_trait]
impl MediaStore for LocalMedia {
    // Plain blocking writes: pictures are a few hundred kilobytes on a local
    // disk, cheaper than a hop to a blocking thread pool.
    async fn put(&self, key: &str, name: &str, bytes: Vec<u8>) -> Result<()> {
        let path = self.path(key, name)?;
        let io = |e: std::io::Error| Error::Media(format!("{}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        // write then rename, so a reader never sees half a file
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, &bytes).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }

    async fn exists(&self, key: &str, name: &str) -> Result<bool> {
        Ok(self.path(key, name)?.exists())
    }

    async fn get(&self, key: &str, name: &str) -> Result<Vec<u8>> {
        let path = self.path(key, name)?;
        std::fs::read(&path).map_err(|e| Error::Media(format!("{}: {e}", path.display())))
    }

    async fn delete(&self, key: &str, name: &str) -> Result<()> {
        let path = self.path(key, name)?;
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::Media(format!("{}: {e}", path.display())))
            }
            _ => Ok(()),
        }
    }

    fn url(&self, key: &str, name: &str) -> String {
        format!("{}/{key}/{name}", self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_that_climb_out_of_the_media_directory_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let media = LocalMedia::new(dir.path(), "/media");
        assert!(media.put("../etc", "passwd", vec![]).await.is_err());
        assert!(media.put("products/a", "../b.jpg", vec![]).await.is_err());
        media
            .put("products/a/b", "small.jpg", vec![1, 2])
            .await
            .unwrap();
        assert!(media.exists("products/a/b", "small.jpg").await.unwrap());
        assert_eq!(
            media.url("products/a/b", "small.jpg"),
            "/media/products/a/b/small.jpg"
        );
    }

    #[tokio::test]
    async fn a_deleted_file_is_gone_and_deleting_it_again_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let media = LocalMedia::new(dir.path(), "/media");
        media
            .put("products/a/b", "small.jpg", vec![1])
            .await
            .unwrap();
        media.delete("products/a/b", "small.jpg").await.unwrap();
        assert!(!media.exists("products/a/b", "small.jpg").await.unwrap());
        media.delete("products/a/b", "small.jpg").await.unwrap();
        assert!(media.delete("../etc", "passwd").await.is_err());
    }
}
