// `--serve` where the command runs as WASI, which has no sockets: the site is served by Node
// instead, once the command has written its search. The same small server as the prebuilt
// command's: GET and HEAD on loopback, the types a site and the wasm need, byte ranges (the
// slices of long bodies are fetched so), an ETag on every file, nothing outside the folder.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.lst': 'text/plain; charset=utf-8',
};

/**
 * Splits `--serve` and `--port N` from the command's arguments: [the rest, the port or null].
 * A port that is none is refused as the command refuses it.
 */
export function serveFlags(args) {
  const rest = [];
  let serve = false;
  let port = '1414';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--serve') serve = true;
    else if (args[i] === '--port' && i + 1 < args.length) port = args[++i];
    else rest.push(args[i]);
  }
  if (!serve) return [rest, null];
  const number = Number(port);
  if (!/^\d+$/.test(port) || number > 65535) {
    console.error(`sousuo: --port ${port} is not a port`);
    process.exit(2);
  }
  return [rest, number];
}

// The file a request path names below `root` (a folder means its index.html), or null.
async function fileFor(root, url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return null;
  }
  if (path.split('/').some((part) => part === '..' || part.includes('\\'))) return null;
  let file = join(root, path);
  if (file !== root && !file.startsWith(root + sep)) return null;
  const found = await stat(file).catch(() => null);
  if (found?.isDirectory()) file = join(file, 'index.html');
  return (await stat(file).catch(() => null))?.isFile() ? file : null;
}

/** Serves `folder` at http://127.0.0.1:PORT/ until the process is stopped. */
export function serveFolder(folder, port) {
  const root = resolve(folder);
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const file = await fileFor(root, request.url);
    const body = file && (await readFile(file).catch(() => null));
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (range && Number(range[1]) < body.length) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), body.length - 1)];
      if (start <= end) {
        response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end + 1 - start });
        response.end(request.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
        return;
      }
    }
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      return;
    }
    response.writeHead(200, { ...headers, etag, 'content-length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.on('error', (error) => {
    console.error(`sousuo: cannot listen on 127.0.0.1:${port}: ${error.message}; try --port N`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    console.error(`sousuo: serving ${root} at http://127.0.0.1:${port}/ (Ctrl-C stops)`);
  });
  return server;
}
