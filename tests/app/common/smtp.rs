//! A small SMTP server on loopback for the mail tests: it speaks enough of RFC 5321 for
//! lettre (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps every message it accepts.
//! Like many real servers, it refuses a recipient with a reply that quotes the address: any
//! address containing `refused`.
//! It is the peer of our mailer, not a stand-in for any of our own code.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<String>>>);

impl Inbox {
    /// Every message received, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        self.0.lock().expect("inbox").clone()
    }
}

/// Serves SMTP on `listener` until the test ends.
pub fn serve(listener: TcpListener) -> Inbox {
    let inbox = Inbox::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
                    return;
                }
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let command = line.trim_end().to_ascii_uppercase();
                    let refusal;
                    let reply: &[u8] = if command.starts_with("RCPT") && command.contains("REFUSED")
                    {
                        let address = line.trim_end().trim_start_matches(|c| c != '<');
                        refusal = format!("550 5.1.1 {address}: Recipient address rejected\r\n");
                        refusal.as_bytes()
                    } else if command.starts_with("EHLO") {
                        b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                    } else if command.starts_with("DATA") {
                        if write.write_all(b"354 end with .\r\n").await.is_err() {
                            return;
                        }
                        let mut message = String::new();
                        loop {
                            let mut data = String::new();
                            if lines.read_line(&mut data).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if data == ".\r\n" {
                                break;
                            }
                            message.push_str(data.strip_prefix('.').unwrap_or(&data));
                        }
                        inbox.0.lock().expect("inbox").push(message);
                        b"250 queued\r\n"
                    } else if command.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    inbox
}
