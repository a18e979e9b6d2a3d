//! What the command is doing, on a terminal, for any step longer than a second: the step and
//! the time it has taken, redrawn in place. Nothing when the output is a file or a CI log.

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
        let done = Arc::new(AtomicBool::new(false));
        // WASI has no threads to draw with; the line is only a courtesy.
        let drawer =
            (std::io::stderr().is_terminal() && cfg!(not(target_os = "wasi"))).then(|| {
                let done = Arc::clone(&done);
                let what = what.to_string();
                std::thread::spawn(move || draw(&what, &done))
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

fn draw(what: &str, done: &AtomicBool) {
    const FRAMES: [char; 4] = ['|', '/', '-', '\\'];
    let started = Instant::now();
    let mut drawn = false;
    let mut frame = 0;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        let elapsed = started.elapsed();
        if elapsed < Duration::from_secs(1) {
            continue;
        }
        frame = (frame + 1) % FRAMES.len();
        eprint!(
            "\r{} {what}… {:.1} s ",
            FRAMES[frame],
            elapsed.as_secs_f64()
        );
        let _ = std::io::stderr().flush();
        drawn = true;
    }
    if drawn {
        eprint!("\r\x1b[2K");
    }
}
