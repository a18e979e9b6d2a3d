// Offline after the first visit. pkg/offline.js, written by each build, names the build's version
// and its files; a new build changes it, the browser sees the change, and this worker installs
// the new files under a new cache and deletes the old one. Online, the page's files come from the
// network first, so that a reload after a redeploy is the new build at once.
//
// Index pieces are named by the hash of their bytes, so a cached piece never goes stale: every
// piece the page fetches is kept, and a site whose whole index was downloaded (engine.downloadAll)
// searches offline in full. They are kept by generation, one cache per build: a piece the new
// build still names is taken from the previous build's cache rather than the network, and a
// piece no build has asked for in two deploys is dropped with its generation. So the manifest
// needs no list of pieces, which on 5,000 articles (60,000 pieces) would be a megabyte that
// every visitor's worker downloads.
importScripts('pkg/offline.js');

const { version, files } = self.SOUSUO_BUILD;
const CACHE = `sousuo-${version}`;
const PIECES_PREFIX = 'sousuo-pieces';
const PIECES = `${PIECES_PREFIX}-${version}`;
// Generations of pieces kept: this build's and the one before (a page may still be open on it,
// and its pieces are where this build's unchanged ones come from).
const PIECE_GENERATIONS = 2;
// How long the page's own files wait for the network before the copies kept here answer.
const NETWORK_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the HTTP cache, so a new version never caches an old file.
    await cache.addAll(['./', ...files].map((file) => new Request(file, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

// The caches of pieces, oldest first (CacheStorage lists caches in the order they were made).
async function pieceCaches() {
  return (await caches.keys()).filter((key) => key.startsWith(PIECES_PREFIX));
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('sousuo-') && !key.startsWith(PIECES_PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await caches.open(PIECES);
    const older = (await pieceCaches()).filter((key) => key !== PIECES);
    for (const key of older.slice(0, Math.max(0, older.length - (PIECE_GENERATIONS - 1)))) await caches.delete(key);
    await self.clients.claim();
  })());
});

// A piece's file from this build's cache, else from an earlier generation's (moved into this
// one), else from the network. Only whole files are kept (a cache holds no partial answers): a
// slice of a long body asks for a byte range of its file, cut here from the whole file when it
// is kept (as a download for offline use leaves it), and fetched as asked otherwise.
async function piece(request) {
  const cache = await caches.open(PIECES);
  // The engine asks with cache 'reload' after a piece failed: the copy kept may be the bad one.
  if (request.cache !== 'reload') {
    const kept = await keptFile(cache, request.url);
    if (kept) return rangeOf(kept, request.headers.get('range'));
  }
  const response = await fetch(request);
  if (response.status === 200) await cache.put(request.url, response.clone());
  return response;
}

async function keptFile(cache, url) {
  const cached = await cache.match(url);
  if (cached) return cached;
  for (const key of (await pieceCaches()).reverse()) {
    if (key === PIECES) continue;
    const kept = await (await caches.open(key)).match(url);
    if (kept) {
      await cache.put(url, kept.clone());
      return kept;
    }
  }
  return undefined;
}

// The part of a whole file's response that `range` (a `bytes=START-END` header, or none) asks for.
async function rangeOf(response, range) {
  const asked = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  if (!asked) return response;
  const whole = new Uint8Array(await response.arrayBuffer());
  const [start, end] = [Number(asked[1]), Math.min(Number(asked[2]), whole.length - 1)];
  if (start > end) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${whole.length}` } });
  return new Response(whole.slice(start, end + 1), {
    status: 206,
    headers: { 'Content-Range': `bytes ${start}-${end}/${whole.length}`, 'Content-Type': 'application/octet-stream' },
  });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.includes('/pkg/pieces/')) {
    event.respondWith(piece(request));
    return;
  }
  event.respondWith(pageFile(request));
});

// The page's own files (the page, the widget, the engines): from the network while it answers,
// so that a reload after a redeploy loads the new build whole, never the old one kept here;
// from this build's cache offline, or when the network takes too long.
async function pageFile(request) {
  let timer;
  // Raced rather than aborted: a navigation's request cannot be given a signal.
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('the network took too long')), NETWORK_WAIT_MS);
  });
  try {
    return await Promise.race([fetch(request), late]);
  } catch (error) {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    if (cached) return cached;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
