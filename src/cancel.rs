//! Cancellation as a value: a [`Cancel`] token that the command layer hands to a run and may
//! cancel from elsewhere (a signal handler, a test), and the [`Interrupted`] error that every
//! cancellable step returns instead of a short result.
//!
//! Nothing below `app` reads process-wide state to learn that it should stop: the engine,
//! the population synthesis, the replication drivers and the counterfactual check the token
//! they were given, once per simulated month (or chunk of synthesis), and return
//! `Err(Interrupted)`. The binary links the token of a run to Ctrl-C and SIGTERM in
//! `interrupt`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cancellation token; clones share one flag.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A token nobody has cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A token for runs that are never cancelled (tests, examples, benches); the same as
    /// [`Cancel::new`], named for what the caller means.
    pub fn never() -> Self {
        Self::default()
    }

    /// Asks every run holding this token (or a clone) to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop has been asked for.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Interrupted)` once cancelled.
    #[inline]
    pub fn check(&self) -> Result<(), Interrupted> {
        if self.is_cancelled() {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// A run stopped by its [`Cancel`] token before it finished; its partial results are dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let a = Cancel::new();
        let b = a.clone();
        assert_eq!(b.check(), Ok(()));
        a.cancel();
        assert!(b.is_cancelled());
        assert_eq!(b.check(), Err(Interrupted));
    }
}
