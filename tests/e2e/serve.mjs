// A static file server for www/ on loopback, for the page tests. Only GET of files under www/.
//
// It can also misbehave on purpose, so that tests see what a reader sees when the network does:
// `site.faults` maps a request path to a fault, and may change while the server runs. A key is
// an exact path ('/pkg/pieces/d-aa41….bin') or a prefix ending in '*' ('/pkg/pieces/d-*', or
// '*' for every request); an exact key wins, then the longest prefix. A fault is an object:
//   { delay: 600 }          answer 600 ms late (and combines with any of the below)
//   { status: 404 }         answer that status instead of the file
//   { truncate: true }      the first half of the file (or `truncate` bytes of it), with a
//                           Content-Length that matches, so the browser takes it as whole
//   { damage: true }        the right length, with bytes flipped: the hash no longer matches
//   { hang: true }          never answer; the connection stays open until close()
//   { reset: true }         drop the connection (TCP RST) before a byte of the answer
//   { type: 'binary/octet-stream' }  the file, sent as that Content-Type (a host or bucket that
//                           does not know the extension)
//   { ranges: false }       ignore a Range header and send the whole file, as some servers do
//   { page: true }          the site's index.html instead, 200 and text/html, as a host that
//                           serves a single-page app answers any path it has no file for
// A `Range: bytes=START-END` request gets those bytes (206), as static hosts answer it. Every
// whole file carries an ETag and is revalidated (304) on each use, as Netlify and Cloudflare do.
// `site.requests` lists the path of every request, in order, faulty or not, followed by its Range
// header when it had one ('/pkg/pieces/s-….bin bytes=0-811').
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

function faultFor(faults, path) {
  if (faults.has(path)) return faults.get(path);
  let best;
  let bestLength = -1;
  for (const [key, fault] of faults) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (path.startsWith(prefix) && prefix.length > bestLength) {
      best = fault;
      bestLength = prefix.length;
    }
  }
  return best;
}

// Flips a byte every 97 (and the last one), so any hash over the bytes changes but the length
// does not.
function damaged(body) {
  const copy = Buffer.from(body);
  for (let i = 0; i < copy.length; i += 97) copy[i] ^= 0xff;
  if (copy.length) copy[copy.length - 1] ^= 0x55;
  return copy;
}

// `port` 0 picks a free one; a test that restarts a site passes the old port to keep its origin.
// `faults` (a Map, or entries for one) is where `site.faults` starts.
export async function serve(root, port = 0, faults = new Map()) {
  root = resolve(root);
  faults = new Map(faults);
  const requests = [];
  const timers = new Set();
  const later = (ms) => new Promise((done) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      done();
    }, ms);
    timers.add(timer);
  });

  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    requests.push(request.headers.range ? `${path} ${request.headers.range}` : path);
    const fault = faultFor(faults, path) ?? {};
    if (fault.hang) return;
    if (fault.delay) await later(fault.delay);
    // The server may have been closed, or the browser gone, while the answer was held back.
    if (response.destroyed || request.socket.destroyed) return;
    if (fault.reset) {
      request.socket.resetAndDestroy();
      return;
    }
    if (fault.status) {
      response.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`fault: ${fault.status}`);
      return;
    }
    const file = join(root, fault.page ? 'index.html' : path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    if (fault.truncate) {
      body = body.subarray(0, fault.truncate === true ? body.length >> 1 : fault.truncate);
    }
    if (fault.damage) body = damaged(body);
    const type = fault.type ?? TYPES[extname(file)] ?? 'application/octet-stream';
    const range = fault.ranges === false ? null : /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
      if (start > end) {
        response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      response.writeHead(206, { 'content-type': type, 'content-length': end + 1 - start, 'content-range': `bytes ${start}-${end}/${body.length}` });
      response.end(body.subarray(start, end + 1));
      return;
    }
    // As static hosts answer: every file revalidated, and a copy the browser holds confirmed
    // without its bytes (the engine's worker runs the page's own bundle again).
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      return;
    }
    response.writeHead(200, { 'content-type': type, 'content-length': body.length, etag, 'cache-control': 'no-cache' });
    response.end(body);
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    root,
    faults,
    requests,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close();
      server.closeAllConnections();
    },
  };
}
