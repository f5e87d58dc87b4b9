//! Media in an object store: Amazon S3 or anything that speaks its API
//! (MinIO, Garage, Ceph, Cloudflare R2, Scaleway…), served from the bucket or
//! from a CDN in front of it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{
    Attribute, Attributes, BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutOptions,
    PutPayload, RetryConfig,
};

use super::{MediaStore, check_key};
use crate::{Error, Result};

/// Where an S3-compatible bucket is and how to reach it.
#[derive(Clone)]
pub struct S3Config {
    /// The bucket name.
    pub bucket: String,
    /// The region (e.g. `ap-southeast-1`; most S3-compatible servers take
    /// any value, often `us-east-1`).
    pub region: String,
    /// The endpoint of an S3-compatible server (e.g.
    /// `https://s3.example.vn`); `None` for Amazon S3 itself. Objects are
    /// then addressed path-style: `<endpoint>/<bucket>/<key>`.
    pub endpoint: Option<String>,
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// Whether a plain `http://` endpoint is allowed (a server on the same
    /// host or private network, tests).
    pub allow_http: bool,
    /// Where the bucket's files are served to browsers (the bucket's public
    /// URL or a CDN in front of it), without a trailing slash.
    pub public_base_url: String,
    /// Keys are kept under this prefix of the bucket (e.g. `media`), so one
    /// bucket holds public pictures and private documents apart.
    pub prefix: String,
}

// Written by hand so that the secret never reaches a log.
impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("allow_http", &self.allow_http)
            .field("public_base_url", &self.public_base_url)
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// How long connecting to the bucket may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one request to the bucket may take (a picture's largest size is
/// a few hundred kilobytes, a document at most 10 MB).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a failed request is tried again.
pub const RETRIES: usize = 3;
/// No request is tried again after this long.
pub const RETRY_FOR: Duration = Duration::from_secs(10);

/// Keeps media in an [`ObjectStore`] under `<key>/<name>`, served from a
/// public base URL.
#[derive(Clone, Debug)]
pub struct ObjectStoreMedia {
    store: Arc<dyn ObjectStore>,
    base_url: String,
    cache_control: Option<String>,
}

impl ObjectStoreMedia {
    /// Media in `store`, served at `base_url` (e.g.
    /// `https://cdn.example.vn/media`).
    pub fn new(store: Arc<dyn ObjectStore>, base_url: impl Into<String>) -> Self {
        Self {
            store,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            cache_control: None,
        }
    }

    /// Stores files with this `Cache-Control` (public pictures never change
    /// under their URL, so `public, max-age=31536000, immutable`).
    pub fn with_cache_control(mut self, value: impl Into<String>) -> Self {
        self.cache_control = Some(value.into());
        self
    }

    /// Media in an S3-compatible bucket. Only checks the configuration: the
    /// first request is the first contact with the server.
    ///
    /// Objects are addressed path-style (`<endpoint>/<bucket>/<key>`), which
    /// every S3-compatible server understands. A request that fails is
    /// retried a few times for at most [`RETRY_FOR`], so that an upload to
    /// a bucket that does not answer fails in seconds (`media_unavailable`)
    /// instead of holding the request for the client library's default of
    /// three minutes.
    pub fn s3(config: S3Config) -> Result<Self> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_virtual_hosted_style_request(false)
            .with_client_options(
                ClientOptions::new()
                    .with_allow_http(config.allow_http)
                    .with_connect_timeout(CONNECT_TIMEOUT)
                    .with_timeout(REQUEST_TIMEOUT),
            )
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: RETRIES,
                retry_timeout: RETRY_FOR,
            });
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .build()
            .map_err(|e| Error::Media(format!("S3 bucket {:?}: {e}", config.bucket)))?;
        let prefix = config.prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
        };
        Ok(Self::new(store, config.public_base_url))
    }

    fn location(key: &str, name: &str) -> Result<Path> {
        check_key(key, name)?;
        Path::parse(format!("{key}/{name}"))
            .map_err(|e| Error::Media(format!("media key {key:?}/{name:?}: {e}")))
    }
}

/// What a failed request to the store means. A store that does not answer
/// (refused or dropped connections, time-outs) or answers with its own 5xx
/// after the retries is unavailable for now: the client is told to try
/// again (503). Anything else (credentials or bucket policy refused, a
/// request the store does not understand, a missing file) is a fault of
/// ours that trying again would not mend.
fn failed(location: &Path, err: object_store::Error) -> Error {
    let unavailable = match &err {
        object_store::Error::Generic { source, .. } => {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
            let mut found = false;
            while let Some(c) = cause {
                // the client library's own words for a 5xx status; its
                // error type for statuses is not public
                if c.is::<object_store::client::HttpError>()
                    || c.to_string()
                        .starts_with("Server returned non-2xx status code: 5")
                {
                    found = true;
                    break;
                }
                cause = c.source();
            }
            found
        }
        object_store::Error::JoinError { .. } => true,
        _ => false,
    };
    if unavailable {
        Error::MediaUnavailable(format!("{location}: {err}"))
    } else {
        Error::Media(format!("{location}: {err}"))
    }
}

/// The type a browser is told for a stored file, from its extension (the
/// names are ours: `small.jpg`, `evidence.pdf`).
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[async_trait::async_trait]
impl MediaStore for ObjectStoreMedia {
    async fn put(&self, key: &str, name: &str, bytes: Vec<u8>) -> Result<()> {
        let location = Self::location(key, name)?;
        // Without it S3 serves `binary/octet-stream`, and a browser opening
        // the URL downloads the file instead of showing it.
        let mut attributes = Attributes::from_iter([(Attribute::ContentType, content_type(name))]);
        if let Some(cache_control) = &self.cache_control {
            attributes.insert(Attribute::CacheControl, cache_control.clone().into());
        }
        self.store
            .put_opts(
                &location,
                PutPayload::from(bytes),
                PutOptions::from(attributes),
            )
            .await
            .map_err(|e| failed(&location, e))?;
        Ok(())
    }

    async fn exists(&self, key: &str, name: &str) -> Result<bool> {
        let location = Self::location(key, name)?;
        match self.store.head(&location).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(failed(&location, e)),
        }
    }

    async fn get(&self, key: &str, name: &str) -> Result<Vec<u8>> {
        let location = Self::location(key, name)?;
        let io = |e: object_store::Error| failed(&location, e);
        let bytes = self
            .store
            .get(&location)
            .await
            .map_err(io)?
            .bytes()
            .await
            .map_err(io)?;
        Ok(Vec::from(bytes))
    }

    async fn delete(&self, key: &str, name: &str) -> Result<()> {
        let location = Self::location(key, name)?;
        match self.store.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(&location, e)),
        }
    }

    fn url(&self, key: &str, name: &str) -> String {
        format!("{}/{key}/{name}", self.base_url)
    }

    // Asking for a file that is not there is the cheapest request the
    // credentials surely may make: "not found" is an answer.
    async fn ready(&self) -> Result<()> {
        let location = Path::from("readiness-probe");
        match self.store.head(&location).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(&location, e)),
        }
    }

    fn is_remote(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod s3_tests;

#[cfg(test)]
mod tests {
    use object_store::memory::InMemory;

    use super::*;

    fn media() -> (Arc<InMemory>, ObjectStoreMedia) {
        let store = Arc::new(InMemory::new());
        let media = ObjectStoreMedia::new(store.clone(), "https://cdn.example.vn/media/");
        (store, media)
    }

    #[tokio::test]
    async fn a_stored_file_exists_reads_back_and_has_a_public_url() {
        let (store, media) = media();
        media
            .put("products/a/b", "small.jpg", vec![0xFF, 0xD8, 0xFF, 1])
            .await
            .unwrap();

        assert!(media.exists("products/a/b", "small.jpg").await.unwrap());
        assert_eq!(
            media.get("products/a/b", "small.jpg").await.unwrap(),
            vec![0xFF, 0xD8, 0xFF, 1]
        );
        assert_eq!(
            media.url("products/a/b", "small.jpg"),
            "https://cdn.example.vn/media/products/a/b/small.jpg"
        );
        let stored = store
            .get(&Path::from("products/a/b/small.jpg"))
            .await
            .unwrap();
        assert_eq!(
            stored.attributes.get(&Attribute::ContentType).map(|v| &**v),
            Some("image/jpeg")
        );
    }

    #[tokio::test]
    async fn a_missing_file_does_not_exist_and_cannot_be_read() {
        let (_, media) = media();
        assert!(!media.exists("products/a/b", "large.jpg").await.unwrap());
        assert!(matches!(
            media.get("products/a/b", "large.jpg").await,
            Err(Error::Media(_))
        ));
    }

    #[tokio::test]
    async fn a_deleted_file_is_gone_and_deleting_it_again_is_no_error() {
        let (_, media) = media();
        media
            .put("products/a/b", "small.jpg", vec![1])
            .await
            .unwrap();
        media.delete("products/a/b", "small.jpg").await.unwrap();
        assert!(!media.exists("products/a/b", "small.jpg").await.unwrap());
        media.delete("products/a/b", "small.jpg").await.unwrap();
    }

    #[tokio::test]
    async fn keys_that_climb_out_of_their_prefix_are_refused() {
        let (_, media) = media();
        assert!(media.put("../etc", "passwd", vec![]).await.is_err());
        assert!(media.put("products/a", "../b.jpg", vec![]).await.is_err());
        assert!(media.put("products//a", "b.jpg", vec![]).await.is_err());
        assert!(media.exists("products/a", "b/c.jpg").await.is_err());
    }

    #[test]
    fn an_s3_store_is_built_from_its_configuration_without_contacting_it() {
        let config = S3Config {
            bucket: "hoptac-media".to_owned(),
            region: "us-east-1".to_owned(),
            endpoint: Some("http://127.0.0.1:9000".to_owned()),
            access_key_id: "minio".to_owned(),
            secret_access_key: "minio-secret".to_owned(),
            allow_http: true,
            public_base_url: "http://127.0.0.1:9000/hoptac-media".to_owned(),
            prefix: "media".to_owned(),
        };
        assert!(!format!("{config:?}").contains("minio-secret"));
        let media = ObjectStoreMedia::s3(config).unwrap();
        assert_eq!(
            media.url("products/a/b", "large.jpg"),
            "http://127.0.0.1:9000/hoptac-media/products/a/b/large.jpg"
        );
    }
}
