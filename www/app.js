// The served page: the widget, plus a service worker so that the site keeps working offline
// after the first visit. The single-file build inlines this module too; there is no worker then.
import './sousuo-search.js';

if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  // updateViaCache 'none': every visit asks the server whether a new build replaced the worker.
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((error) => {
    console.warn(`sousuo: offline mode unavailable: ${error.message}`);
  });
}
