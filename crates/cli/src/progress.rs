//! What the command is doing, on a terminal, for any step longer than a second: the step, a bar
//! of its stage's items done when the indexer counts them, and the time it has taken, redrawn in
//! place. Nothing when the output is a file or a CI log.

use sousuo_indexer::progress::Progress;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A step under way; its line is cleared when it is dropped.
pub struct Step {
    done: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl Step {
    pub fn start(what: &str) -> Step {
        Step::watching(what, None)
    }

    /// A step whose stages `progress` counts.
    pub fn watching(what: &str, progress: Option<Arc<Progress>>) -> Step {
        let done = Arc::new(AtomicBool::new(false));
        // WASI has no threads to draw with; the line is only a courtesy.
        let drawer =
            (std::io::stderr().is_terminal() && cfg!(not(target_os = "wasi"))).then(|| {
                let done = Arc::clone(&done);
                let what = what.to_string();
                std::thread::spawn(move || draw(&what, progress.as_deref(), &done))
            });
        Step { done, drawer }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

fn draw(what: &str, progress: Option<&Progress>, done: &AtomicBool) {
    let started = Instant::now();
    let mut drawn = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let elapsed = started.elapsed();
        if elapsed < Duration::from_secs(1) {
            continue;
        }
        let line = line(what, progress.map(Progress::now), elapsed);
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
        drawn = true;
    }
    if drawn {
        eprint!("\r\x1b[2K");
    }
}

/// The line drawn for a step: with a bar when its stage's items are counted.
fn line(
    what: &str,
    now: Option<(sousuo_indexer::progress::Stage, usize)>,
    elapsed: Duration,
) -> String {
    const WIDTH: usize = 24;
    let seconds = elapsed.as_secs_f64();
    match now {
        Some((stage, done)) if stage.total > 0 => {
            let filled = done * WIDTH / stage.total;
            format!(
                "{what}: {} [{}{}] {done}/{} {seconds:.1} s",
                stage.name,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                stage.total
            )
        }
        Some((stage, _)) if !stage.name.is_empty() => {
            format!("{what}: {}… {seconds:.1} s", stage.name)
        }
        _ => format!("{what}… {seconds:.1} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sousuo_indexer::progress::Stage;

    #[test]
    fn a_counted_stage_draws_a_bar_of_its_items() {
        let stage = Stage {
            name: "analysing documents",
            total: 2000,
        };
        assert_eq!(
            line("indexing", Some((stage, 500)), Duration::from_millis(3_250)),
            "indexing: analysing documents [######..................] 500/2000 3.2 s"
        );
        assert_eq!(
            line("writing", None, Duration::from_secs(2)),
            "writing… 2.0 s"
        );
    }
}
