//! A TCP relay in front of a test's server (SMTP, for one) that can hold
//! what clients send: while [`Relay::hold`] lasts, nothing a client writes
//! reaches the server (the server's answers still reach the client), so a
//! client in the middle of a conversation waits for an answer that does not
//! come. [`Relay::cut`] then closes every connection without passing on
//! what was held, as a network would when the client died; [`Relay::open`]
//! lets everything through again.
//!
//! With SMTP this makes a crash test exact: a message is stored only once
//! its sender's final `.` reached the server, and a held client has sent
//! nothing the server saw since the hold began.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the relay does with what clients send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Passes it on.
    Open,
    /// Keeps it back; connections stay open.
    Held,
    /// Closes every connection, passing nothing on.
    Cut,
}

/// A relay on a free port to `127.0.0.1:<upstream>`; it stops when dropped.
pub struct Relay {
    /// The port clients connect to.
    pub port: u16,
    mode: watch::Sender<Mode>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    /// Starts relaying a free port to `upstream`, open.
    pub async fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the relay");
        let port = listener.local_addr().expect("relay address").port();
        let (mode, watching) = watch::channel(Mode::Open);
        let task = tokio::spawn(accept(listener, upstream, watching));
        Self { port, mode, task }
    }

    /// Keeps back whatever clients send from now on.
    pub fn hold(&self) {
        self.mode.send_replace(Mode::Held);
    }

    /// Closes every connection open now without passing on what was held.
    pub async fn cut(&self) {
        self.mode.send_replace(Mode::Cut);
        // the connections see it and close
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    /// Passes everything on again.
    pub fn open(&self) {
        self.mode.send_replace(Mode::Open);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: u16, mode: watch::Receiver<Mode>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        if *mode.borrow() == Mode::Cut {
            continue;
        }
        tokio::spawn(connection(client, upstream, mode.clone()));
    }
}

/// One connection: the server's answers flow freely, the client's words
/// only while open; a cut ends both.
async fn connection(client: TcpStream, upstream: u16, mut mode: watch::Receiver<Mode>) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
        return;
    };
    let (client_reads, client_writes) = client.into_split();
    let (server_reads, server_writes) = server.into_split();
    let words = forward(client_reads, server_writes, mode.clone());
    let answers = async {
        let (mut from, mut to) = (server_reads, client_writes);
        let _ = tokio::io::copy(&mut from, &mut to).await;
    };
    tokio::select! {
        () = async { tokio::join!(words, answers); } => {}
        _ = mode.wait_for(|m| *m == Mode::Cut) => {}
    }
}

/// Passes what the client writes to the server while the relay is open.
async fn forward(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut mode: watch::Receiver<Mode>) {
    let mut buffer = vec![0; 16 * 1024];
    loop {
        match mode.wait_for(|m| *m != Mode::Held).await {
            Ok(m) if *m == Mode::Open => {}
            _ => return,
        }
        let read = tokio::select! {
            read = from.read(&mut buffer) => read,
            _ = mode.wait_for(|m| *m != Mode::Open) => continue,
        };
        let n = match read {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}
