// The served page's service worker, so that the site keeps working offline after the first
// visit (the widget itself is sousuo.min.js). The single file has no worker: it is on disk.
//
// Installing the worker downloads the page's files a second time (for its cache) and starts a
// thread: done while the first answer is being worked out, it delayed that answer by 40 to 60
// ms on the seeds. So the worker is registered once the first answer is shown, or at the page's
// load when there is no query to answer, and in any case a few seconds after the load.
const LATEST_AFTER_LOAD_MS = 5000;

function register() {
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((error) => {
    console.warn(`sousuo: offline mode unavailable: ${error.message}`);
  });
}

if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  let registered = false;
  const once = () => {
    if (!registered) register();
    registered = true;
  };
  // Modules run in order: the widget (sousuo.min.js) has read the query from the address by now.
  const answering = [...document.querySelectorAll('sousuo-search')].some((widget) => widget.query);
  if (answering) {
    document.addEventListener('sousuo-results', once, { once: true });
    document.addEventListener('sousuo-error', once, { once: true });
  }
  const loaded = () => (answering ? setTimeout(once, LATEST_AFTER_LOAD_MS) : once());
  if (document.readyState === 'complete') loaded();
  else addEventListener('load', loaded, { once: true });
}
