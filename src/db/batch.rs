//! Group commit on SQLite: small writes that arrive together (bookings in a rush) share one
//! transaction, each in its own savepoint, so that the log is written and the write lock
//! taken once for the lot instead of once each.
//!
//! SQLite lets one writer in at a time, and on a 2-core machine a booking spent about half
//! a millisecond holding the lock, most of it writing the same few pages of the log again
//! (the session's row, the ends of the registrations, notices and audit tables and their
//! indexes). One task here takes the writer connection, begins, runs every write waiting
//! in the queue, each between `SAVEPOINT` and `RELEASE` (or `ROLLBACK TO` when it says to
//! undo or fails), commits, and only then answers each caller: a caller never hears of a
//! change that was not committed. When the commit fails, every write of the batch is told.
//!
//! PostgreSQL runs each write in its own transaction as before ([`Db::batched`]).

use super::Db;
use futures::future::BoxFuture;
use futures::FutureExt;
use sqlx::{AnyConnection, AnyPool};
use std::any::Any as AnyValue;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// What a write asks for once it has run: its changes kept, or undone (rolled back to its
/// savepoint), with what it found either way.
pub enum Step<T> {
    Keep(T),
    Undo(T),
}

/// The most writes one transaction takes: a batch of 64 bookings holds the lock for a few
/// milliseconds, short enough for the answers' latency.
const MOST: usize = 64;

type Found = Box<dyn AnyValue + Send>;
type Work = Box<
    dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, sqlx::Result<Step<Found>>> + Send,
>;

struct Job {
    work: Work,
    answer: oneshot::Sender<sqlx::Result<Found>>,
    queued: Instant,
}

/// How long a write may wait in the queue before it is answered with an error unrun: as
/// long as any request waits for a connection (`acquire_timeout`), so that something else
/// holding SQLite's write lock (a backup, a command) gives an error page, not a hang.
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// The queue of writes waiting for the next batch (SQLite only).
#[derive(Clone, Debug)]
pub struct Batches {
    queue: mpsc::UnboundedSender<Job>,
}

impl Batches {
    /// Starts the task that commits the batches on the `writer` pool; it ends when the last
    /// [`Db`] holding the queue is dropped.
    pub fn start(writer: AnyPool) -> Self {
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(run(writer, jobs));
        Self { queue }
    }
}

impl Db {
    /// Runs `work` in a transaction that may be shared with other writes (SQLite), inside
    /// its own savepoint, and answers once the transaction has committed. What `work`
    /// changes is kept when it answers [`Step::Keep`], undone on [`Step::Undo`] or an
    /// error. `work` must only write through the connection it is given, and must never
    /// call [`Db::begin`] or use the writer pool: on SQLite the batch holds its one
    /// connection, so that would wait for ever. The batch runs its writes one after
    /// another, so each sees the ones before it.
    pub async fn batched<T, F>(&self, work: F) -> sqlx::Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, sqlx::Result<Step<T>>>
            + Send
            + 'static,
    {
        let Some(batches) = &self.batches else {
            return self.alone(work).await;
        };
        let work: Work = Box::new(move |conn| {
            let ran = work(conn);
            Box::pin(async move {
                Ok(match ran.await? {
                    Step::Keep(found) => Step::Keep(Box::new(found) as Found),
                    Step::Undo(found) => Step::Undo(Box::new(found) as Found),
                })
            })
        });
        let (answer, answered) = oneshot::channel();
        let job = Job { work, answer, queued: Instant::now() };
        batches.queue.send(job).map_err(|_| sqlx::Error::PoolClosed)?;
        let found = answered.await.map_err(|_| sqlx::Error::PoolClosed)??;
        Ok(*found.downcast::<T>().map_err(|_| sqlx::Error::Protocol("batched answer".into()))?)
    }

    /// [`Db::batched`] in a transaction of its own.
    async fn alone<T, F>(&self, work: F) -> sqlx::Result<T>
    where
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, sqlx::Result<Step<T>>>,
    {
        let mut tx = self.begin().await?;
        match work(&mut tx).await? {
            Step::Keep(found) => {
                tx.commit().await?;
                Ok(found)
            }
            Step::Undo(found) => {
                tx.rollback().await?;
                Ok(found)
            }
        }
    }
}

async fn run(writer: AnyPool, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MOST {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit(&writer, batch).await;
    }
}

/// Runs one batch and answers each of its writes.
async fn commit(writer: &AnyPool, batch: Vec<Job>) {
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return fail(batch.into_iter().map(|job| job.answer), &e),
    };
    let mut jobs = batch.into_iter();
    let mut done = Vec::with_capacity(jobs.len());
    while let Some(Job { work, answer, queued }) = jobs.next() {
        // A caller that went away (its request dropped) is not booked behind its back, as
        // when its own transaction was dropped; one that waited too long gets an error.
        if answer.is_closed() {
            continue;
        }
        if queued.elapsed() > LONGEST_WAIT {
            let _ = answer.send(Err(sqlx::Error::PoolTimedOut));
            continue;
        }
        match apply(&mut tx, work).await {
            Ok(found) => done.push((answer, found)),
            // The savepoint could not be taken or undone: nothing of the batch can be
            // trusted, so none of it is committed, and the writes not run are told too.
            Err(e) => {
                let _ = tx.rollback().await;
                let ran = done.into_iter().map(|(answer, _)| answer);
                let rest = jobs.map(|job| job.answer);
                return fail(ran.chain([answer]).chain(rest), &e);
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for (answer, found) in done {
                let _ = answer.send(found);
            }
        }
        Err(e) => fail(done.into_iter().map(|(answer, _)| answer), &e),
    }
}

/// Runs one write in its savepoint: the outer error when the savepoint itself failed, the
/// inner one when the write did (its changes undone).
async fn apply(conn: &mut AnyConnection, work: Work) -> sqlx::Result<sqlx::Result<Found>> {
    sqlx::query("SAVEPOINT batched").execute(&mut *conn).await?;
    // A write that panics is taken back and answered like one that failed, and the task
    // goes on with the others (the panic itself is reported by the panic hook).
    let ran = AssertUnwindSafe(async { work(&mut *conn).await }).catch_unwind().await;
    let (keep, found) = match ran {
        Ok(Ok(Step::Keep(found))) => (true, Ok(found)),
        Ok(Ok(Step::Undo(found))) => (false, Ok(found)),
        Ok(Err(e)) => (false, Err(e)),
        Err(_) => (false, Err(sqlx::Error::Protocol("a batched write panicked".into()))),
    };
    if !keep {
        if let Err(undo) = sqlx::query("ROLLBACK TO batched").execute(&mut *conn).await {
            // SQLite rolled the whole transaction back itself (a full disk, an I/O error):
            // the write's own error says why, and is logged here (SQLite's messages name
            // tables and columns, never values).
            if let Err(why) = &found {
                tracing::error!(error = %why, "a batched write failed and took its batch with it");
            }
            return Err(undo);
        }
    }
    sqlx::query("RELEASE batched").execute(&mut *conn).await?;
    Ok(found)
}

/// Tells each write that its batch was not committed, and why (logged once by each caller).
fn fail(answers: impl Iterator<Item = oneshot::Sender<sqlx::Result<Found>>>, why: &sqlx::Error) {
    for answer in answers {
        let _ = answer.send(Err(sqlx::Error::Protocol(format!("batch not committed: {why}"))));
    }
}
