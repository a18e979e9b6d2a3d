// Downloading the whole index for offline use, with its progress in words under the box.

// How long a whole-index download waits for the service worker to control the page.
const OFFLINE_WAIT_MS = 10_000;
const OFFLINE_POLL_MS = 100;

// Downloading for offline use only helps once the service worker controls the page: on a first
// visit it is still installing, and what passes by now would not be kept.
// The page registers its worker itself (app.js), possibly a moment after this runs: the worker
// is given a few seconds to show up and take control, checked by polling, which no missed event
// can fool.
async function offlineCacheReady(progress) {
  const container = navigator.serviceWorker;
  for (let waited = 0; !container?.controller; waited += OFFLINE_POLL_MS) {
    if (waited >= OFFLINE_WAIT_MS) {
      throw new Error('此页面没有可用的离线缓存（service worker），下载后也无法离线使用。');
    }
    progress.textContent = '正在准备离线缓存…';
    await new Promise((done) => setTimeout(done, OFFLINE_POLL_MS));
  }
}

/**
 * Downloads every piece of `engine`'s index, telling the reader in `progress` how far it is;
 * `describe(error)` words a failure, which is shown and rethrown.
 */
export async function downloadWholeIndex(engine, progress, describe) {
  progress.hidden = false;
  try {
    await offlineCacheReady(progress);
    await engine.downloadAll(({ done, total, bytes, totalBytes }) => {
      progress.textContent = `正在下载完整索引以便离线使用：${done} / ${total}（${(bytes / 1048576).toFixed(1)} / ${(totalBytes / 1048576).toFixed(1)} MB）`;
    });
    progress.textContent = '完整索引已下载，离线也能搜索全部文章。';
  } catch (error) {
    progress.textContent = `完整索引下载失败：${describe(error)}`;
    throw error;
  }
}
