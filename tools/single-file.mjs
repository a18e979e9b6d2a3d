// Writes the single-file page's template: the page, its styles, the widget and the engine's
// worker inlined, and a slot for the full engine with a site's whole index in it, which the
// command fills (sousuo --site DIR --single-file PAGE.html, crates/cli/src/single_file.rs). The
// page works opened from disk (file://) with no server and no network.
// Usage: node tools/single-file.mjs OUT PKG, where PKG holds the full engine's glue (sousuo.js),
// the one whose wasm fills the slot.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const www = resolve(root, 'www');
if (process.argv.length !== 4) throw new Error('usage: node tools/single-file.mjs OUT PKG');
const out = resolve(process.argv[2]);
const pkg = resolve(process.argv[3]);
// Where the command writes the engine's base64: data in a text/plain element, never run, so the
// script hashes below hold for every site.
const WASM_SLOT = 'SOUSUO_WASM_BASE64';

const read = (path) => readFile(resolve(www, path), 'utf8');

// Every rewrite must find what it expects: a changed input fails the build instead of writing a
// file that breaks only when someone opens it.
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`));
  if (!matches || matches.length !== 1) {
    throw new Error(`single-file build: expected one ${what}, found ${matches?.length ?? 0}`);
  }
  return text.replace(pattern, () => replacement);
}

// The widget bundled as the served page bundles it (./x bundle_widget), except that the engine's
// glue is PKG's, and its wasm is compiled from the page's slot instead of fetched.
const glue = resolve(pkg, 'sousuo.js');
const inlinedWasm = {
  name: 'inlined-wasm',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\/pkg\/sousuo\.js$/ }, () => ({ path: glue }));
    // The module the engine asks for its wasm (www/sousuo-wasm.js) compiles the inlined bytes.
    bundler.onResolve({ filter: /^\.\/sousuo-wasm\.js$/ }, () => ({ path: 'sousuo-wasm', namespace: 'inlined-wasm' }));
    bundler.onLoad({ filter: /.*/, namespace: 'inlined-wasm' }, () => ({
      loader: 'js',
      contents: [
        // Gzipped, as a site stores its engines: the page carries a third of the bytes.
        'export function compileWasm() {',
        "  const base64 = document.querySelector('script[data-sousuo-wasm]').textContent;",
        '  const stored = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]);',
        "  const body = stored.stream().pipeThrough(new DecompressionStream('gzip'));",
        "  return WebAssembly.compileStreaming(new Response(body, { headers: { 'content-type': 'application/wasm' } }));",
        '}',
      ].join('\n'),
    }));
  },
};
const bundled = await build({
  entryPoints: [resolve(www, 'sousuo-widget.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  write: false,
  logLevel: 'warning',
  plugins: [inlinedWasm],
});
// The engine's worker, as a classic script: from file://, a blob: URL starts no module worker.
// The page hands it the compiled wasm, so it carries only the engine and its glue.
const worker = await build({
  stdin: { contents: "import { serveEngine } from './sousuo-worker.js';\nserveEngine();\n", resolveDir: www },
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  write: false,
  logLevel: 'error',
  plugins: [inlinedWasm],
});
// A "</script" in a string or comment would end the element early; "<\/" means the same to JS.
const inScript = (text) => text.replace(/<\/(script)/gi, '<\\/$1');
const script = inScript(bundled.outputFiles[0].text);
const workerScript = inScript(worker.outputFiles[0].text);

const style = await read('style.css');
const sha256 = (text) => createHash('sha256').update(text).digest('base64');
// The inline script and style are allowed by their hashes; nothing else may load or connect,
// but the engine's worker, from a blob: URL of the text the page carries.
const policy = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(script)}' 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src 'sha256-${sha256(style)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let html = await read('index.html');
// The served page's notes on what it fetches, its preloads and its service worker (app.js) have
// no place in a file on disk.
html = html.replace(/<!-- The widget, its modules[^>]*-->\n/, '').replace(/<link rel="(?:modulepreload|preload)"[^>]*>\n/g, '');
if (/rel="(?:modulepreload|preload)"/.test(html)) throw new Error('single-file build: a preload link is left');
// Nor does the early start of the wasm's compile: the wasm is inlined in the widget's script.
html = replaceOnce(html, /<!-- The wasm \(stored gzipped\) inflates and compiles[^>]*-->\n<script>[^<]*<\/script>\n/, '', 'early compile script');
html = replaceOnce(html, /<script type="module" src="app.js"><\/script>\n/, '', 'service worker script tag');
html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`, 'CSP meta tag');
html = replaceOnce(html, /<link rel="stylesheet" href="style.css">/, `<style>${style}</style>`, 'stylesheet link');
// The worker's text is data to the page (text/plain is never run), which starts it from a blob.
html = replaceOnce(html, /<script type="module" src="sousuo.min.js"><\/script>/,
  [
    `<script type="text/plain" data-sousuo-wasm>${WASM_SLOT}</script>`,
    `<script type="text/plain" data-sousuo-worker>${workerScript}</script>`,
    `<script type="module">${script}</script>`,
  ].join('\n'), 'widget script tag');

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${out}: ${html.length} bytes`);
