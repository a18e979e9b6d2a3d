// Writes one self-contained HTML file: the page, its styles, the wasm-bindgen glue, the widget and
// the wasm (base64) inlined, so that it works opened from disk (file://) with no server and no
// network. Usage: node tools/single-file.mjs [OUT] (default dist/sousuo.html), after the wasm build.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const www = resolve(root, 'www');
const out = resolve(process.argv[2] ?? resolve(root, 'dist/sousuo.html'));

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

// The glue is a module; inlined into one script its exports become plain declarations.
function glueAsScript(glue) {
  let script = replaceOnce(glue, /^export \{ initSync, __wbg_init as default \};\n?/m, '', 'glue export list');
  script = script.replace(/^export (function|class|const) /gm, '$1 ');
  if (/^\s*(import|export)\b/m.test(script)) {
    throw new Error('single-file build: the wasm glue has imports or exports this build does not know');
  }
  return script;
}

// The widget's modules, each after those it imports (sousuo-engine.js and app.js are handled
// apart): inlined into one script, their imports of each other go and their exports become
// plain declarations.
const WIDGET_MODULES = ['sousuo-style.js', 'sousuo-dom.js', 'sousuo-keys.js', 'sousuo-links.js', 'sousuo-offline.js',
  'sousuo-filters.js', 'sousuo-article.js', 'sousuo-results.js', 'sousuo-search.js'];

function moduleAsScript(module, name) {
  const script = module.replace(/^import [^;]*'\.\/sousuo-[a-z]+\.js';\n/gm, '').replace(/^export (async function|function|class|const) /gm, '$1 ');
  if (/^\s*(import|export)\b/m.test(script)) throw new Error(`single-file build: ${name} has imports or exports this build does not know`);
  return script;
}

// One script shares one scope: two modules declaring the same top-level name would clash.
function checkNamesApart(modules) {
  const seen = new Map();
  for (const [name, text] of modules) {
    for (const [, declared] of text.matchAll(/^(?:async function|function|class|const|let) ([A-Za-z_$][\w$]*)/gm)) {
      if (seen.has(declared)) throw new Error(`single-file build: ${declared} is declared by both ${seen.get(declared)} and ${name}`);
      seen.set(declared, name);
    }
  }
}

const sha256 = (text) => createHash('sha256').update(text).digest('base64');

const pkg = resolve(process.argv[3] ?? resolve(www, 'pkg'));
const [page, style, app, engine, glue, wasm, ...widget] = await Promise.all([
  read('index.html'), read('style.css'), read('app.js'), read('sousuo-engine.js'),
  readFile(resolve(pkg, 'sousuo.js'), 'utf8'), readFile(resolve(pkg, 'sousuo_bg.wasm')),
  ...WIDGET_MODULES.map(read),
]);
const widgetModules = WIDGET_MODULES.map((name, n) => [name, widget[n]]);
checkNamesApart([['sousuo-engine.js', engine], ...widgetModules]);
// The engine reads every piece from the module itself: the single file needs the embedded build.
const info = JSON.parse(await readFile(resolve(pkg, 'index.json'), 'utf8'));
if (info.mode !== 'embedded') {
  throw new Error(`single-file build: ${pkg} holds a split index; build it embedded (SOUSUO_INDEX=embedded)`);
}

// The engine's module import becomes the glue's declarations under the names it uses.
function engineAsScript(module) {
  const script = replaceOnce(module, /^import init, \* as bindings from '\.\/pkg\/sousuo\.js';\n/m,
    'const bindings = { search, article, suggest, examples, info, load, pieces };\n', 'glue import in sousuo-engine.js');
  return script.replace(/^export (function|class|const) /gm, '$1 ');
}

const script = [
  '// sousuo, single-file build: wasm-bindgen glue, widget and wasm in one module.',
  glueAsScript(glue),
  `const WASM_BASE64 = '${wasm.toString('base64')}';`,
  // The glue compiles bytes as well as it fetches a URL; these bytes never touch the network.
  'function init() { return __wbg_init({ module_or_path: Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)) }); }',
  engineAsScript(engine),
  ...widgetModules.map(([name, text]) => moduleAsScript(text, name)),
  replaceOnce(app, /^import '\.\/sousuo-search\.js';\n/m, '', 'widget import in app.js'),
].join('\n')
  // A "</script" in a comment or string would end the element early; "<\/" means the same to JS.
  .replace(/<\/(script)/gi, '<\\/$1');

// The inline script and style are allowed by their hashes; nothing else may load or connect.
const policy = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(script)}' 'wasm-unsafe-eval'`,
  `style-src 'sha256-${sha256(style)}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Preloads name files the single file carries inline.
let html = page.replace(/<!-- Fetched in parallel[^>]*-->\n/, '').replace(/<link rel="(?:modulepreload|preload)"[^>]*>\n/g, '');
if (/rel="(?:modulepreload|preload)"/.test(html)) throw new Error('single-file build: a preload link is left');
html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`, 'CSP meta tag');
html = replaceOnce(html, /<link rel="stylesheet" href="style.css">/, `<style>${style}</style>`, 'stylesheet link');
html = replaceOnce(html, /<script type="module" src="app.js"><\/script>/, `<script type="module">${script}</script>`, 'app script tag');

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${out}: ${html.length} bytes`);
