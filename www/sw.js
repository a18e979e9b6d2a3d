// Offline after the first visit. pkg/offline.js, written by each build, names the build's version
// and files; a new build changes it, the browser sees the change, and this worker installs the
// new files under a new cache and deletes the old one.
importScripts('pkg/offline.js');

const { version, files } = self.SOUSUO_BUILD;
const CACHE = `sousuo-${version}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the HTTP cache, so a new version never caches an old file.
    await cache.addAll(['./', ...files].map((file) => new Request(file, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('sousuo-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  event.respondWith((async () => {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    return cached ?? fetch(request);
  })());
});
