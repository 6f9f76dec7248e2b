//! Email through SMTP (lettre), configured by `SMTP_URL` and `MAIL_FROM`.

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where mail goes and who it is from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

/// Why an email was not sent, in words safe to log and to keep on the notice: never the
/// address, never the SMTP server's own reply text (servers quote the address in it), only
/// the kind of failure and the reply code.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the stored address is not a valid email address")]
    Address,
    #[error("the message could not be built")]
    Message,
    #[error("the SMTP server did not take the message ({what})")]
    Smtp { what: String, permanent: bool },
}

impl SendError {
    /// Whether trying again cannot help: the address cannot be used, or the server refused
    /// the message for good (a 5xx reply).
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Address => true,
            SendError::Message => false,
            SendError::Smtp { permanent, .. } => *permanent,
        }
    }
}

impl From<lettre::transport::smtp::Error> for SendError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        let kind = if e.is_permanent() {
            "permanent refusal"
        } else if e.is_transient() {
            "temporary refusal"
        } else if e.is_timeout() {
            "timed out"
        } else {
            "connection or protocol failure"
        };
        let what = match e.status() {
            Some(code) => format!("{kind}, reply {code}"),
            None => kind.to_string(),
        };
        SendError::Smtp { what, permanent: e.is_permanent() }
    }
}

/// One email: a plain Japanese text, and optionally the session as an .ics file.
pub struct Mail<'a> {
    pub message_id: String,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub ics: Option<String>,
    /// The sender the city's settings give, instead of `MAIL_FROM`.
    pub from: Option<&'a str>,
}

impl Mailer {
    /// `SMTP_URL` as lettre reads it: `smtp://host:25` (plain, for a relay on the same
    /// network), `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host:465`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL is not a valid SMTP address")?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse::<Mailbox>().context("MAIL_FROM is not a valid address")?;
        Ok(Self { transport, from })
    }

    /// The mailer the environment configures, or `None` when `SMTP_URL` is not set.
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        match std::env::var("SMTP_URL") {
            Ok(url) if !url.trim().is_empty() => {
                let from = std::env::var("MAIL_FROM")
                    .unwrap_or_else(|_| "東大和市 デジタル政策課 <noreply@localhost>".to_string());
                Self::new(url.trim(), &from).map(Some)
            }
            _ => Ok(None),
        }
    }

    pub async fn send(&self, mail: Mail<'_>) -> Result<(), SendError> {
        let to = mail.to.parse::<Mailbox>().map_err(|_| SendError::Address)?;
        let text = SinglePart::plain(mail.body.to_string());
        let builder = Message::builder()
            .from(mail.from.and_then(|f| f.parse().ok()).unwrap_or_else(|| self.from.clone()))
            .to(to)
            .subject(mail.subject)
            .message_id(Some(mail.message_id));
        let message = match mail.ics {
            Some(ics) => builder.multipart(
                MultiPart::mixed().singlepart(text).singlepart(
                    Attachment::new("session.ics".to_string()).body(
                        ics,
                        ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                            .map_err(|_| SendError::Message)?,
                    ),
                ),
            ),
            None => builder.singlepart(text),
        }
        .map_err(|_| SendError::Message)?;
        self.transport.send(message).await?;
        Ok(())
    }
}
