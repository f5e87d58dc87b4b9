//! A recording TCP proxy in front of Meilisearch: the app talks to it as to
//! Meilisearch, every byte goes through unchanged, and the HTTP requests the
//! app sent are kept, so that the very same searches can be replayed against
//! Meilisearch alone to measure its own latency.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One request the app sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    /// `GET`, `POST`...
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers, as sent.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Captured {
    /// A header's value, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Log = Arc<Mutex<Vec<Captured>>>;

/// The running proxy; stops when dropped.
#[derive(Debug)]
pub struct Capture {
    /// Where the app should send its requests.
    pub addr: SocketAddr,
    log: Log,
    task: JoinHandle<()>,
}

impl Capture {
    /// Listens on a free port of 127.0.0.1 and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let log: Log = Arc::default();
        let task = tokio::spawn({
            let log = log.clone();
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    tokio::spawn(relay(client, upstream, log.clone()));
                }
            }
        });
        Ok(Self { addr, log, task })
    }

    /// `http://<addr>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests have been seen so far.
    pub fn len(&self) -> usize {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether none has been seen yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The requests seen from number `from` on.
    pub fn since(&self, from: usize) -> Vec<Captured> {
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.get(from..)
            .map(<[Captured]>::to_vec)
            .unwrap_or_default()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(client: TcpStream, upstream: SocketAddr, log: Log) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let answers = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
        let _ = client_write.shutdown().await;
    });
    let mut pending = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match client_read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // the request is taken down before it is passed on, so that it is in
        // the log by the time its answer reaches the app
        pending.extend_from_slice(&buf[..n]);
        while let Some((request, used)) = parse_request(&pending) {
            log.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(request);
            pending.drain(..used);
        }
        if server_write.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = server_write.shutdown().await;
    let _ = answers.await;
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The first whole HTTP/1.1 request in `bytes` and how many bytes it took,
/// or `None` while it is incomplete.
pub fn parse_request(bytes: &[u8]) -> Option<(Captured, usize)> {
    let head_end = find(bytes, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let body_start = head_end + 4;
    let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let (body, used) = if chunked {
        let mut body = Vec::new();
        let mut at = body_start;
        loop {
            let line_end = at + find(&bytes[at..], b"\r\n")?;
            let size_text = std::str::from_utf8(&bytes[at..line_end]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            let data = line_end + 2;
            if size == 0 {
                // no trailers from the clients we proxy
                let end = data + 2;
                if bytes.len() < end {
                    return None;
                }
                break (body, end);
            }
            if bytes.len() < data + size + 2 {
                return None;
            }
            body.extend_from_slice(&bytes[data..data + size]);
            at = data + size + 2;
        }
    } else {
        let length: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if bytes.len() < body_start + length {
            return None;
        }
        (
            bytes[body_start..body_start + length].to_vec(),
            body_start + length,
        )
    };
    Some((
        Captured {
            method,
            path,
            headers,
            body,
        },
        used,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_with_a_length_or_in_chunks_are_taken_apart() {
        let two = b"POST /indexes/products/search HTTP/1.1\r\ncontent-type: application/json\r\nContent-Length: 7\r\n\r\n{\"q\":1}GET /health HTTP/1.1\r\nhost: x\r\n\r\n";
        let (first, used) = parse_request(two).unwrap();
        assert_eq!(first.method, "POST");
        assert_eq!(first.path, "/indexes/products/search");
        assert_eq!(first.body, b"{\"q\":1}");
        assert_eq!(first.header("CONTENT-TYPE"), Some("application/json"));
        let (second, rest) = parse_request(&two[used..]).unwrap();
        assert_eq!(second.path, "/health");
        assert_eq!(used + rest, two.len());

        let chunked = b"POST /s HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let (request, used) = parse_request(chunked).unwrap();
        assert_eq!(request.body, b"abcde");
        assert_eq!(used, chunked.len());
        assert!(parse_request(&chunked[..chunked.len() - 3]).is_none());
    }
}
