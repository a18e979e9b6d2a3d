//! How far a build has got, for whoever shows it (the command draws a bar on a terminal): the
//! stage under way, how many items it has, and how many of them are done. Counting an item is
//! one atomic add, so the stages count whether or not anyone looks.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// A build's progress, shared with whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<Stage>,
    done: AtomicUsize,
}

/// A stage of the build, and how many items it has (0: not known).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    /// What the stage does, in a few words.
    pub name: &'static str,
    /// Its items.
    pub total: usize,
}

impl Progress {
    /// A new stage of `total` items, none of them done.
    pub fn begin(&self, name: &'static str, total: usize) {
        *self.stage.lock().unwrap_or_else(PoisonError::into_inner) = Stage { name, total };
        self.done.store(0, Ordering::Relaxed);
    }

    /// One more item of the stage done.
    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The stage under way, and how many of its items are done.
    pub fn now(&self) -> (Stage, usize) {
        let stage = *self.stage.lock().unwrap_or_else(PoisonError::into_inner);
        (
            stage,
            self.done.load(Ordering::Relaxed).min(stage.total.max(1)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_counts_its_items_from_none() {
        let progress = Progress::default();
        progress.begin("reading", 3);
        progress.advance();
        progress.advance();
        assert_eq!(
            progress.now(),
            (
                Stage {
                    name: "reading",
                    total: 3
                },
                2
            )
        );
        progress.begin("analysing", 10);
        assert_eq!(progress.now().1, 0);
    }
}
