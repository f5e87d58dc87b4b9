//! The worker that carries out the outbox: it claims due jobs, hands each to
//! the handler of its topic, and records the outcome — done, queued again
//! after an exponential backoff with jitter, or failed after the last try.
//! Several workers (in one process or many) share the work safely.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use sea_orm::DatabaseConnection;

use crate::Result;
use crate::outbox::{self, Job};

/// How a handler's try ended badly.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// It may work later (a server down, a time-out): try again.
    #[error("{0}")]
    Retry(String),
    /// It will never work (a malformed payload, an address the server
    /// refuses for good): give up now.
    #[error("{0}")]
    Permanent(String),
}

/// Carries out the jobs of one topic.
#[async_trait::async_trait]
pub trait JobHandler: Send + Sync {
    /// Does the job once. It may run again after a crash, so it must be
    /// safe to repeat (e-mails carry a stable Message-ID for that).
    async fn handle(&self, job: &Job) -> Result<(), JobError>;
}

/// Timing of the worker.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// Pause between polls when there is nothing to do.
    pub poll_interval: Duration,
    /// Jobs claimed at once.
    pub batch_size: u64,
    /// Jobs carried out at the same time.
    pub concurrency: usize,
    /// How long a claim lasts; a job whose worker died is claimed again after it.
    pub lease: Duration,
    /// Wait before the second try; doubled for each further try.
    pub retry_base: Duration,
    /// Longest wait between tries.
    pub retry_max: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(1),
            batch_size: 20,
            concurrency: 4,
            lease: Duration::from_secs(300),
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
        }
    }
}

impl WorkerConfig {
    /// When to try again after the `attempts`-th try failed: `retry_base ×
    /// 2^(attempts − 1)`, at most `retry_max`, with ±20 % jitter so that
    /// failures do not come back in lockstep.
    pub fn next_try(&self, attempts: i32, now: DateTime<Utc>) -> DateTime<Utc> {
        let exponent = attempts.saturating_sub(1).clamp(0, 30);
        let base = self.retry_base.as_secs_f64() * 2f64.powi(exponent);
        let capped = base.min(self.retry_max.as_secs_f64());
        let jittered = capped * (0.8 + 0.4 * fastrand::f64());
        now + chrono::Duration::milliseconds((jittered * 1000.0) as i64)
    }
}

/// What one round of work did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Jobs claimed.
    pub claimed: usize,
    /// Jobs carried out.
    pub done: usize,
    /// Jobs queued again for a later try.
    pub retried: usize,
    /// Jobs given up on.
    pub failed: usize,
}

/// A worker for some topics.
#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
    config: WorkerConfig,
    name: String,
}

impl Worker {
    /// A worker with no handlers yet; its name identifies its claims.
    pub fn new(db: DatabaseConnection, config: WorkerConfig) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".to_owned());
        let mut name = format!(
            "{host}:{}:{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        name.truncate(64);
        Self {
            db,
            handlers: HashMap::new(),
            config,
            name,
        }
    }

    /// Adds the handler for `topic`.
    pub fn with_handler(mut self, topic: &'static str, handler: Arc<dyn JobHandler>) -> Self {
        self.handlers.insert(topic, handler);
        self
    }

    /// The name its claims carry.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Claims one batch of due jobs and carries them out.
    #[tracing::instrument(skip_all, fields(worker = %self.name))]
    pub async fn run_once(&self) -> Result<RunReport> {
        let topics: Vec<&str> = self.handlers.keys().copied().collect();
        let lease =
            chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::minutes(5));
        let jobs = outbox::claim(
            &self.db,
            &topics,
            &self.name,
            lease,
            self.config.batch_size,
            Utc::now(),
        )
        .await?;
        let mut report = RunReport {
            claimed: jobs.len(),
            ..RunReport::default()
        };
        let outcomes: Vec<Result<Outcome>> = futures::stream::iter(jobs)
            .map(|job| self.carry_out(job))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        for outcome in outcomes {
            match outcome? {
                Outcome::Done => report.done += 1,
                Outcome::Retried => report.retried += 1,
                Outcome::Failed => report.failed += 1,
                Outcome::Lost => {}
            }
        }
        Ok(report)
    }

    async fn carry_out(&self, job: Job) -> Result<Outcome> {
        let Some(handler) = self.handlers.get(job.topic.as_str()) else {
            outbox::fail(
                &self.db,
                job.id,
                &self.name,
                "no handler for this topic",
                None,
            )
            .await?;
            return Ok(Outcome::Failed);
        };
        let result = handler.handle(&job).await;
        let outcome = match result {
            Ok(()) => {
                if outbox::complete(&self.db, job.id, &self.name).await? {
                    tracing::info!(job = %job.id, topic = job.topic, attempts = job.attempts, "job done");
                    Outcome::Done
                } else {
                    Outcome::Lost
                }
            }
            Err(err) => {
                let permanent = matches!(err, JobError::Permanent(_));
                let retry_at = (!permanent && job.attempts < job.max_attempts)
                    .then(|| self.config.next_try(job.attempts, Utc::now()));
                let recorded =
                    outbox::fail(&self.db, job.id, &self.name, &err.to_string(), retry_at).await?;
                match (recorded, retry_at) {
                    (false, _) => Outcome::Lost,
                    (true, Some(at)) => {
                        tracing::warn!(job = %job.id, topic = job.topic, attempts = job.attempts, error = %err, retry_at = %at, "job failed, will retry");
                        Outcome::Retried
                    }
                    (true, None) => {
                        tracing::error!(job = %job.id, topic = job.topic, attempts = job.attempts, error = %err, "job failed for good");
                        Outcome::Failed
                    }
                }
            }
        };
        Ok(outcome)
    }

    /// Works until `shutdown` completes: a round, then a pause when there
    /// was nothing to do. A database error is logged and waited out.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        tracing::info!(worker = %self.name, topics = ?self.handlers.keys().collect::<Vec<_>>(), "worker started");
        loop {
            let pause = match self.run_once().await {
                Ok(report) if report.claimed > 0 => Duration::ZERO,
                Ok(_) => self.config.poll_interval,
                Err(err) => {
                    tracing::warn!(worker = %self.name, error = %err, "worker round failed");
                    self.config.poll_interval.max(Duration::from_secs(1))
                }
            };
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(pause) => {}
            }
        }
        tracing::info!(worker = %self.name, "worker stopped");
    }
}

/// The outcome of one job.
enum Outcome {
    Done,
    Retried,
    Failed,
    /// The claim ran out and another worker took the job over.
    Lost,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_jitter_up_to_a_cap() {
        let config = WorkerConfig {
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            ..WorkerConfig::default()
        };
        let now = Utc::now();
        let wait =
            |attempts| (config.next_try(attempts, now) - now).num_milliseconds() as f64 / 1000.0;
        for _ in 0..100 {
            let first = wait(1);
            assert!((24.0..=36.0).contains(&first), "{first}");
            let third = wait(3);
            assert!((96.0..=144.0).contains(&third), "{third}");
            let late = wait(20);
            assert!((2880.0..=4320.0).contains(&late), "{late}");
        }
    }
}
