// The served page's service worker, so that the site keeps working offline after the first
// visit (the widget itself is sousuo.min.js). The single file has no worker: it is on disk.

if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  // updateViaCache 'none': every visit asks the server whether a new build replaced the worker.
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((error) => {
    console.warn(`sousuo: offline mode unavailable: ${error.message}`);
  });
}
