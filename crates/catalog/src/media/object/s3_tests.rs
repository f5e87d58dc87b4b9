//! [`ObjectStoreMedia`] against a real S3 API server (moto, through
//! `testkit::s3`), as the application configures it: pictures under
//! `media/` with a year's cache, documents under `private/`.

use std::time::{Duration, Instant};

use testkit::s3::{self, S3Server};

use super::*;

const PUBLIC_CACHE: &str = "public, max-age=31536000, immutable";

/// The store the application makes for `prefix` (`media` or `private`).
fn media_on(server: &S3Server, prefix: &str) -> ObjectStoreMedia {
    let media = ObjectStoreMedia::s3(S3Config {
        bucket: server.bucket().to_owned(),
        region: s3::REGION.to_owned(),
        endpoint: Some(server.endpoint()),
        access_key_id: s3::ACCESS_KEY_ID.to_owned(),
        secret_access_key: s3::SECRET_ACCESS_KEY.to_owned(),
        allow_http: true,
        public_base_url: server.public_base_url(),
        prefix: prefix.to_owned(),
    })
    .unwrap();
    if prefix == "media" {
        media.with_cache_control(PUBLIC_CACHE)
    } else {
        media.with_cache_control("private, no-store")
    }
}

#[tokio::test]
async fn pictures_are_stored_path_style_under_media_with_their_type_and_anyone_reads_them_at_their_url()
 {
    let what = "pictures_are_stored_path_style_under_media_with_their_type_and_anyone_reads_them_at_their_url";
    let Some(server) = S3Server::start_or_skip(what).await else {
        return;
    };
    let media = media_on(&server, "media");
    let files = [
        ("small.jpg", "image/jpeg", vec![0xFF, 0xD8, 0xFF, 1]),
        ("medium.png", "image/png", vec![0x89, b'P', b'N', b'G', 2]),
        ("large.webp", "image/webp", b"RIFF\0\0\0\0WEBP3".to_vec()),
    ];
    for (name, content_type, bytes) in &files {
        media
            .put("products/p/i", name, bytes.clone())
            .await
            .unwrap();
        assert!(media.exists("products/p/i", name).await.unwrap(), "{name}");
        assert_eq!(&media.get("products/p/i", name).await.unwrap(), bytes);

        let stored = server
            .object(&format!("media/products/p/i/{name}"))
            .await
            .unwrap_or_else(|| panic!("{name} is in the bucket under media/"));
        assert_eq!(&stored.bytes, bytes);
        assert_eq!(stored.content_type.as_deref(), Some(*content_type));
        assert_eq!(stored.cache_control.as_deref(), Some(PUBLIC_CACHE));

        let url = media.url("products/p/i", name);
        assert_eq!(
            url,
            format!("{}/products/p/i/{name}", server.public_base_url())
        );
        let served = reqwest::get(&url).await.unwrap();
        assert_eq!(served.status(), 200, "{url} without credentials");
        assert_eq!(served.headers()["content-type"], *content_type);
        assert_eq!(served.headers()["cache-control"], PUBLIC_CACHE);
        assert_eq!(&served.bytes().await.unwrap().to_vec(), bytes);
    }
    assert_eq!(
        server.keys("").await,
        vec![
            "media/products/p/i/large.webp",
            "media/products/p/i/medium.png",
            "media/products/p/i/small.jpg",
        ]
    );
}

#[tokio::test]
async fn documents_are_kept_under_private_where_a_reader_without_credentials_is_refused() {
    let what = "documents_are_kept_under_private_where_a_reader_without_credentials_is_refused";
    let Some(server) = S3Server::start_or_skip(what).await else {
        return;
    };
    let documents = media_on(&server, "private");
    let pdf = b"%PDF-1.7\n% giay phep kinh doanh\n".to_vec();
    documents
        .put("documents/c/d", "original.pdf", pdf.clone())
        .await
        .unwrap();

    assert_eq!(
        server.keys("").await,
        vec!["private/documents/c/d/original.pdf"]
    );
    let stored = server
        .object("private/documents/c/d/original.pdf")
        .await
        .unwrap();
    assert_eq!(stored.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(stored.cache_control.as_deref(), Some("private, no-store"));
    assert_eq!(
        server
            .anonymous_status("private/documents/c/d/original.pdf")
            .await,
        403
    );
    // nor at the public address of pictures, however the path is bent
    let public = server.public_base_url();
    for url in [
        format!("{public}/documents/c/d/original.pdf"),
        format!("{public}/../private/documents/c/d/original.pdf"),
    ] {
        let status = reqwest::get(&url).await.unwrap().status().as_u16();
        assert!(status == 403 || status == 404, "{url}: {status}");
    }
    assert_eq!(
        documents
            .get("documents/c/d", "original.pdf")
            .await
            .unwrap(),
        pdf,
        "the application reads it with its credentials"
    );
}

#[tokio::test]
async fn a_deleted_file_is_gone_from_the_bucket_and_deleting_it_again_is_no_error() {
    let what = "a_deleted_file_is_gone_from_the_bucket_and_deleting_it_again_is_no_error";
    let Some(server) = S3Server::start_or_skip(what).await else {
        return;
    };
    let media = media_on(&server, "media");
    media
        .put("products/p/i", "small.jpg", vec![1, 2, 3])
        .await
        .unwrap();
    media.delete("products/p/i", "small.jpg").await.unwrap();

    assert!(!media.exists("products/p/i", "small.jpg").await.unwrap());
    assert!(
        server
            .object("media/products/p/i/small.jpg")
            .await
            .is_none()
    );
    assert!(matches!(
        media.get("products/p/i", "small.jpg").await,
        Err(Error::Media(_))
    ));
    media.delete("products/p/i", "small.jpg").await.unwrap();
}

#[tokio::test]
async fn an_unreachable_bucket_is_unavailable_within_seconds_and_keeps_what_it_held() {
    let what = "an_unreachable_bucket_is_unavailable_within_seconds_and_keeps_what_it_held";
    let Some(server) = S3Server::start_or_skip(what).await else {
        return;
    };
    let media = media_on(&server, "media");
    media
        .put("products/p/i", "small.jpg", vec![7; 64])
        .await
        .unwrap();

    server.disconnect().await;
    let started = Instant::now();
    let put = media.put("products/p/j", "small.jpg", vec![8; 64]).await;
    assert!(matches!(put, Err(Error::MediaUnavailable(_))), "{put:?}");
    let get = media.get("products/p/i", "small.jpg").await;
    assert!(matches!(get, Err(Error::MediaUnavailable(_))), "{get:?}");
    let exists = media.exists("products/p/i", "small.jpg").await;
    assert!(
        matches!(exists, Err(Error::MediaUnavailable(_))),
        "{exists:?}"
    );
    let delete = media.delete("products/p/i", "small.jpg").await;
    assert!(
        matches!(delete, Err(Error::MediaUnavailable(_))),
        "{delete:?}"
    );
    assert!(
        started.elapsed() < 4 * RETRY_FOR,
        "four requests answered in {:?}",
        started.elapsed()
    );
    assert_eq!(
        kernel::ErrorCode::code(&put.unwrap_err()).name(),
        "media_unavailable"
    );

    server.reconnect().await;
    assert_eq!(
        media.get("products/p/i", "small.jpg").await.unwrap(),
        vec![7; 64]
    );
    media
        .put("products/p/j", "small.jpg", vec![8; 64])
        .await
        .unwrap();
    assert_eq!(
        server.keys("").await,
        vec![
            "media/products/p/i/small.jpg",
            "media/products/p/j/small.jpg"
        ]
    );
}

/// A server that answers every request with `status` and closes: a fake
/// for the statuses moto does not give on demand.
async fn answering(status: &'static str) -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0; 64 * 1024];
            let _ =
                tokio::time::timeout(Duration::from_millis(200), socket.read(&mut request)).await;
            let answer = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/xml\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            let _ = socket.write_all(answer.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (endpoint, task)
}

fn media_at(endpoint: String) -> ObjectStoreMedia {
    ObjectStoreMedia::s3(S3Config {
        bucket: "b".to_owned(),
        region: s3::REGION.to_owned(),
        endpoint: Some(endpoint),
        access_key_id: "k".to_owned(),
        secret_access_key: "s".to_owned(),
        allow_http: true,
        public_base_url: "http://cdn.example.vn/media".to_owned(),
        prefix: "media".to_owned(),
    })
    .unwrap()
}

#[tokio::test]
async fn a_bucket_answering_5xx_is_unavailable_and_one_refusing_the_request_is_a_fault_of_ours() {
    let (busy, busy_task) = answering("503 Service Unavailable").await;
    let put = media_at(busy).put("p", "small.jpg", vec![1]).await;
    assert!(matches!(put, Err(Error::MediaUnavailable(_))), "{put:?}");
    busy_task.abort();

    for status in ["400 Bad Request", "403 Forbidden"] {
        let (refusing, task) = answering(status).await;
        let put = media_at(refusing).put("p", "small.jpg", vec![1]).await;
        assert!(matches!(put, Err(Error::Media(_))), "{status}: {put:?}");
        task.abort();
    }
}
