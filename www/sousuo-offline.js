// Downloading the whole index for offline use, with its progress in words under the box.

// How long a whole-index download waits for the service worker to control the page.
const OFFLINE_WAIT_MS = 10_000;
const OFFLINE_POLL_MS = 100;

// Downloading for offline use only helps once the service worker controls the page: on a first
// visit it is still installing, and what passes by now would not be kept.
// The page registers its worker itself (app.js), possibly a moment after this runs: the worker
// is given a few seconds to show up and take control, checked by polling, which no missed event
// can fool.
async function offlineCacheReady(progress, words) {
  const container = navigator.serviceWorker;
  for (let waited = 0; !container?.controller; waited += OFFLINE_POLL_MS) {
    if (waited >= OFFLINE_WAIT_MS) {
      throw new Error(words.noServiceWorker);
    }
    progress.textContent = words.preparingOffline;
    await new Promise((done) => setTimeout(done, OFFLINE_POLL_MS));
  }
}

/**
 * Downloads every piece of `engine`'s index, telling the reader in `progress` how far it is, in
 * `words`; `describe(error)` words a failure, which is shown and rethrown.
 */
export async function downloadWholeIndex(engine, progress, words, describe) {
  progress.hidden = false;
  try {
    await offlineCacheReady(progress, words);
    await engine.downloadAll(({ done, total, bytes, totalBytes }) => {
      progress.textContent = words.downloading(done, total, bytes, totalBytes);
    });
    progress.textContent = words.downloaded;
  } catch (error) {
    progress.textContent = words.downloadFailed(describe(error));
    throw error;
  }
}
