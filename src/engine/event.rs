//! What the engine tells its watchers: transcript lines, stage changes, TLS facts and the outcome.
//!
//! Events go over an unbounded tokio channel that both async code (the CLI) and a GUI thread
//! (`try_recv`) can read. The sender takes an optional wake-up callback, so a window can repaint
//! as soon as a line arrives without the engine knowing anything of windows.
//!
//! Nothing in an event may hold a secret: the session redacts AUTH lines before they get here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use tokio::sync::{Notify, mpsc};

use super::tls::{CertInfo, CertProblem, TlsInfo, TlsVia};
use crate::proto::auth::AuthAside;
use crate::proto::session::{Answered, Elided, Note, Outcome, ReplyContext, Security, Stage};
use crate::proto::{Reply, TransportFailure};

/// Which way a transcript line went, or whether it is our own remark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Sent,
    Received,
    Info,
    Warning,
    Error,
}

impl Direction {
    /// The marker shown before the line, in the style of swaks: `->`/`<-` in plain text,
    /// `~>`/`<~` inside TLS, `===` for our remarks and `***` for errors.
    pub fn marker(self, tls: bool) -> &'static str {
        match (self, tls) {
            (Direction::Sent, false) => "->",
            (Direction::Sent, true) => "~>",
            (Direction::Received, false) => "<-",
            (Direction::Received, true) => "<~",
            (Direction::Info, _) => "===",
            (Direction::Warning, _) => "=!=",
            (Direction::Error, _) => "***",
        }
    }
}

/// Bytes shown in JSON as a string when they are UTF-8, otherwise as `{"base64": ...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawBytes(pub Vec<u8>);

impl Serialize for RawBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => {
                use base64::Engine as _;
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(
                    "base64",
                    &base64::engine::general_purpose::STANDARD.encode(&self.0),
                )?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for RawBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Text(String),
            Binary { base64: String },
        }
        match Form::deserialize(deserializer)? {
            Form::Text(t) => Ok(RawBytes(t.into_bytes())),
            Form::Binary { base64 } => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(base64)
                    .map(RawBytes)
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}

/// A complete reply, attached to the last of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyEvent {
    pub reply: Reply,
    pub answered: Answered,
    /// Time from the end of our last write to the end of this reply.
    pub latency_ms: u64,
    /// The same in microseconds, for bulk runs' percentiles; not kept in exports.
    #[serde(default, skip_serializing)]
    pub latency_us: u64,
}

/// Our own remark in the transcript: a kind with its values, worded by the presentation layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "remark", rename_all = "kebab-case")]
pub enum Remark {
    /// The session begins: this tool's name and version, the target and the security mode.
    Started {
        tool: String,
        target: String,
        security: Security,
    },
    /// Looking up the host's addresses.
    Resolving { host: String },
    /// The host's addresses, in the order they are tried.
    Resolved {
        host: String,
        addresses: Vec<String>,
    },
    /// Connecting to one address.
    Trying { address: String },
    /// The TCP connection is up.
    Connected { peer: String, local: String },
    /// One address could not be reached (others may follow). `limit_ms` is set when the attempt
    /// timed out.
    AttemptFailed {
        address: String,
        failure: TransportFailure,
        limit_ms: Option<u64>,
    },
    /// A TLS handshake begins.
    Handshake { via: TlsVia, sni: Option<String> },
    /// The handshake finished.
    TlsEstablished {
        protocol: Option<String>,
        cipher_suite: Option<String>,
    },
    /// One certificate of the peer's chain (0 is the server's own).
    Certificate { index: usize, cert: CertInfo },
    /// Its SHA-256 fingerprint.
    Fingerprint { index: usize, sha256: String },
    /// The chain verified and matches the host name.
    CertificateVerified,
    /// The certificate is not valid; the session goes on because the user accepts that.
    CertificateAccepted { problem: Option<CertProblem> },
    /// Bytes arrived between the 220 to STARTTLS and the handshake (RFC 3207 5); discarded.
    /// The bytes are in the line's `raw`.
    Injected { count: usize },
    /// Something the session noted.
    Session(Note),
}

/// One line of the transcript: a line sent or received (its bytes and text as on the wire), or
/// one of our remarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Milliseconds since the session started.
    pub elapsed_ms: u64,
    pub direction: Direction,
    /// The line went through TLS.
    pub tls: bool,
    /// The bytes on the wire, line ending included (redacted for AUTH; empty for remarks).
    pub raw: RawBytes,
    /// The line as sent or received, without its line ending (redacted for AUTH); empty for
    /// remarks and elided lines.
    #[serde(default)]
    pub text: String,
    /// Our remark, on `Info`, `Warning` and `Error` lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<Remark>,
    /// Lines of a long message sent but left out of the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elided: Option<Elided>,
    /// What a line of the AUTH exchange holds (its secret is already redacted in `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aside: Option<AuthAside>,
    /// Set on the last line of a reply.
    pub reply: Option<ReplyEvent>,
}

impl TranscriptLine {
    pub fn marker(&self) -> &'static str {
        self.direction.marker(self.tls)
    }
}

/// Everything the engine reports, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    Line(TranscriptLine),
    StageChanged {
        stage: Stage,
        elapsed_ms: u64,
    },
    /// The host name resolved; the addresses are tried in this order.
    Resolved {
        host: String,
        addresses: Vec<String>,
    },
    Connected {
        peer: String,
        local: String,
    },
    /// A TLS handshake finished, well or not; see `established`.
    Tls(TlsInfo),
    /// One transaction of several on this connection ended (`SessionPlan::transactions`); the
    /// next follows. The last one's outcome is `Finished`'s.
    Transaction(Box<Outcome>),
    Finished(Box<Outcome>),
    /// One reply's code and latency (from the end of the last write to the reply's last line,
    /// in microseconds): reported instead of its lines when the session's transcript is off
    /// (`SessionPlan::transcript`).
    Timing {
        answered: ReplyContext,
        code: u16,
        latency_us: u64,
    },
}

type Wake = Arc<dyn Fn() + Send + Sync>;

/// The sending side of the event channel.
#[derive(Clone)]
pub struct EventSender {
    tx: mpsc::UnboundedSender<Event>,
    wake: Option<Wake>,
}

impl EventSender {
    /// Sends an event and wakes the watcher. A watcher that went away is not an error: the
    /// session still runs to its end and returns its outcome.
    pub fn send(&self, event: Event) {
        if self.tx.send(event).is_ok()
            && let Some(wake) = &self.wake
        {
            wake();
        }
    }
}

/// A new event channel. `wake` is called after each event (a GUI passes its repaint request).
pub fn channel(wake: Option<Wake>) -> (EventSender, mpsc::UnboundedReceiver<Event>) {
    let (tx, rx) = mpsc::unbounded_channel();
    (EventSender { tx, wake }, rx)
}

/// Cancels a running session from anywhere (another task, another thread, a signal handler).
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<(AtomicBool, Notify)>,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.inner.0.store(true, Ordering::SeqCst);
        self.inner.1.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.0.load(Ordering::SeqCst)
    }

    /// Resolves once `cancel` has been called (at once if it already was).
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.1.notified();
            let mut notified = std::pin::pin!(notified);
            // Register before checking the flag, so a cancel in between is not missed.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn each_event_wakes_the_watcher_once() {
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = woken.clone();
        let (tx, mut rx) = channel(Some(Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })));
        for n in 0..3 {
            tx.send(Event::StageChanged {
                stage: Stage::Ehlo,
                elapsed_ms: n,
            });
        }
        assert_eq!(woken.load(Ordering::SeqCst), 3);
        assert!(rx.try_recv().is_ok());
    }

    #[test]
    fn a_cancel_before_waiting_is_not_missed() {
        let token = CancelToken::new();
        token.cancel();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(1), token.cancelled())
                .await
                .expect("cancelled() resolves at once");
        });
    }

    #[test]
    fn markers_follow_swaks() {
        assert_eq!(Direction::Sent.marker(false), "->");
        assert_eq!(Direction::Received.marker(true), "<~");
        assert_eq!(Direction::Error.marker(true), "***");
    }
}
