// Offline after the first visit. pkg/offline.js, written by each build, names the build's version,
// files and index pieces; a new build changes it, the browser sees the change, and this worker
// installs the new files under a new cache and deletes the old one.
//
// Index pieces are named by the hash of their bytes, so a cached piece never goes stale: every
// piece the page fetches is kept (in a cache of its own, pruned to this build's pieces), and a
// site whose whole index was downloaded (engine.downloadAll) searches offline in full.
importScripts('pkg/offline.js');

const { version, files, pieces } = self.SOUSUO_BUILD;
const CACHE = `sousuo-${version}`;
const PIECES = 'sousuo-pieces';

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
      if (key.startsWith('sousuo-') && key !== CACHE && key !== PIECES) await caches.delete(key);
    }
    const kept = new Set(pieces);
    const cache = await caches.open(PIECES);
    for (const request of await cache.keys()) {
      if (!kept.has(new URL(request.url).pathname.split('/').pop())) await cache.delete(request);
    }
    await self.clients.claim();
  })());
});

async function piece(request) {
  const cache = await caches.open(PIECES);
  // The engine asks with cache 'reload' after a piece failed: the copy kept may be the bad one.
  if (request.cache !== 'reload') {
    const cached = await cache.match(request);
    if (cached) return cached;
  }
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.includes('/pkg/pieces/')) {
    event.respondWith(piece(request));
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    return cached ?? fetch(request);
  })());
});
