//! The loopback redirect listener of the browser flow (RFC 8252 7.3): `http://127.0.0.1:PORT/`
//! on a port the system picks, one answer taken, one small page sent back.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::OAuthError;

/// The pages the listener answers the browser with, in the user's language (made by
/// `present::oauth::pages`; this module has no words).
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// The sign-in went through: the tab can be closed.
    pub signed_in: String,
    /// The sign-in did not go through: back to smtp-lens.
    pub failed: String,
}

/// The largest request head read from the browser.
const MAX_HEAD: usize = 16 * 1024;

pub(super) struct Listener {
    listener: TcpListener,
    port: u16,
}

impl Listener {
    pub(super) async fn bind() -> Result<Listener, OAuthError> {
        let failed = |e: std::io::Error| OAuthError::Listener {
            detail: e.to_string(),
        };
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(failed)?;
        let port = listener.local_addr().map_err(failed)?.port();
        Ok(Listener { listener, port })
    }

    /// RFC 8252 7.3: the IP literal, not `localhost`.
    pub(super) fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Waits for the browser's redirect and returns the authorization code. Requests for other
    /// paths (a favicon) get a 404 and the wait goes on. An answer with another `state` is
    /// `WrongState`, one with `error` is `Denied` (RFC 6749 4.1.2.1).
    pub(super) async fn answer(&self, state: &str, pages: &Pages) -> Result<String, OAuthError> {
        loop {
            let Ok((mut stream, _)) = self.listener.accept().await else {
                continue;
            };
            let Some(target) = read_target(&mut stream).await else {
                continue;
            };
            let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
            if path != "/" {
                let _ = respond(&mut stream, "404 Not Found", "").await;
                continue;
            }
            let params: Vec<(String, String)> =
                oauth2::url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect();
            let get = |k: &str| {
                params
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            };
            let result = if get("state").as_deref() != Some(state) {
                Err(OAuthError::WrongState)
            } else if let Some(error) = get("error") {
                Err(OAuthError::Denied {
                    error,
                    description: get("error_description"),
                })
            } else if let Some(code) = get("code") {
                Ok(code)
            } else {
                let _ = respond(&mut stream, "400 Bad Request", &pages.failed).await;
                continue;
            };
            let page = if result.is_ok() {
                &pages.signed_in
            } else {
                &pages.failed
            };
            let _ = respond(&mut stream, "200 OK", page).await;
            return result;
        }
    }
}

/// The request target of a GET (`/?code=...`), read from the request head.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut buf))
            .await
            .ok()?
            .ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next()?;
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_string()),
        _ => None,
    }
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>smtp-lens</title></head>\
         <body><p>{}</p></body></html>",
        escape(text)
    );
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, target: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).await.expect("read");
        out
    }

    fn pages() -> Pages {
        Pages {
            signed_in: String::from("signed in <ok>"),
            failed: String::from("failed"),
        }
    }

    #[tokio::test]
    async fn the_listener_takes_the_code_with_our_state_and_says_so_in_the_page() {
        let l = Listener::bind().await.expect("bind");
        assert!(l.redirect_uri().starts_with("http://127.0.0.1:"));
        let port = l.port;
        let browser = tokio::spawn(async move {
            let favicon = get(port, "/favicon.ico").await;
            let page = get(port, "/?code=c0de&state=s1").await;
            (favicon, page)
        });
        let code = l.answer("s1", &pages()).await;
        assert_eq!(code, Ok(String::from("c0de")));
        let (favicon, page) = browser.await.expect("browser");
        assert!(favicon.starts_with("HTTP/1.1 404"), "{favicon}");
        assert!(page.contains("signed in &lt;ok&gt;"), "{page}");
    }

    #[tokio::test]
    async fn another_state_or_an_error_ends_the_wait_with_that_fact() {
        let l = Listener::bind().await.expect("bind");
        let port = l.port;
        tokio::spawn(async move { get(port, "/?code=c0de&state=forged").await });
        assert_eq!(l.answer("s1", &pages()).await, Err(OAuthError::WrongState));
        let l = Listener::bind().await.expect("bind");
        let port = l.port;
        tokio::spawn(async move { get(port, "/?error=access_denied&state=s1").await });
        assert_eq!(
            l.answer("s1", &pages()).await,
            Err(OAuthError::Denied {
                error: String::from("access_denied"),
                description: None
            })
        );
    }
}
