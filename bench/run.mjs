// sousuo against its peers (Pagefind, MiniSearch, FlexSearch), on the same corpora, in the same
// headless Chromium, in one run. `./x bench [N…]` installs the peers and runs this.
//
//   node bench/run.mjs [N…]      corpora: seeds/, then the first N poems of chinese-poetry for each N
//
// For each corpus and engine it builds the index (time and peak memory under /usr/bin/time), serves
// the site on loopback and measures in Chromium: the bytes loaded before the first result (raw and
// gzip -9), time from navigation to the first result in the DOM (median of 5), each query's warm
// latency (median and p99 over the query list), the page's memory, and on seeds the judged set's
// pass count. Results go to bench/results/ (results.json, results.md, chart.png).
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { readCorpus } from './corpus.mjs';
import { drawChart } from './chart.mjs';
import { median, percentile } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bench = join(root, 'bench');
const work = join(bench, 'work');
const results = join(bench, 'results');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const ENGINES = ['sousuo', 'pagefind', 'minisearch', 'flexsearch'];
const FIRST_RESULT_RUNS = 5;

const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

// Runs a command under /usr/bin/time: wall seconds and peak resident memory (the largest process).
function timed(command, args, extraEnv = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', 'SOUSUO_TIME %e %M', command, ...args], {
    env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 1 << 28,
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('SOUSUO_TIME'));
  if (run.status !== 0 || !line) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr.slice(-3000)}`);
  const [, seconds, kb] = line.split(' ');
  return { seconds: Number(seconds), peakMiB: Number(kb) / 1024 };
}

async function dirBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return total;
}

// The build script that sousuo's cargo build runs, compiled once; timing it alone measures the
// index build without the Rust compile.
function sousuoBuildScript() {
  const dir = join(root, 'target/release/build');
  const candidates = execFileSync('sh', ['-c', `ls -t ${dir}/sousuo-*/build-script-build 2>/dev/null || true`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (!candidates.length) throw new Error('no compiled build script: ./x bench builds it first');
  return candidates[0];
}

async function buildSousuo(corpus, site) {
  const out = join(work, 'sousuo-out');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const build = timed(sousuoBuildScript(), [], { OUT_DIR: out, CARGO_MANIFEST_DIR: root, SOUSUO_CORPUS: corpus });
  const indexBytes = (await stat(join(out, 'index.bin'))).size;
  // The page itself: the wasm with this corpus inside, in a target dir of its own.
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  for (const file of ['index.html', 'app.js', 'sousuo-search.js', 'style.css', 'sw.js']) await cp(join(root, 'www', file), join(site, file));
  execFileSync('wasm-pack', ['build', '--target', 'web', '--release', '--out-dir', join(site, 'pkg'), '--no-pack'], {
    cwd: root, env: { ...env, SOUSUO_CORPUS: corpus, CARGO_TARGET_DIR: join(root, 'target/bench') }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  await cp(join(bench, 'adapters/sousuo.js'), join(site, 'adapter.js'));
  await cp(join(bench, 'adapters/index.html'), join(site, 'bench.html'));
  return { ...build, indexBytes };
}

async function buildPeer(engine, corpus, site) {
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  let build;
  if (engine === 'pagefind') {
    execFileSync('node', [join(bench, 'build-peer.mjs'), 'pagefind-pages', corpus, site], { env });
    build = timed(join(bench, 'node_modules/.bin/pagefind'), ['--site', site]);
  } else {
    build = timed('node', [join(bench, 'build-peer.mjs'), engine, corpus, site]);
    const library = { minisearch: 'node_modules/minisearch/dist/es/index.js', flexsearch: 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs' }[engine];
    await cp(join(bench, library), join(site, `${engine}.js`));
  }
  const indexBytes = engine === 'pagefind' ? await dirBytes(join(site, 'pagefind')) : (await stat(join(site, 'index.json'))).size;
  await cp(join(bench, `adapters/${engine}.js`), join(site, 'adapter.js'));
  await cp(join(bench, 'adapters/index.html'), join(site, 'index.html'));
  return { ...build, indexBytes };
}


// Loads `url` in a fresh context (no cache), and returns when the first result is in the DOM:
// the files fetched until then (sized from the site folder on disk, raw and gzip -9: Chromium
// does not keep the bodies of large responses), the time since navigation, and the JS heap.
async function firstResult(browser, url, engine, site) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const paths = [];
  page.on('request', (request) => paths.push(decodeURIComponent(new URL(request.url()).pathname)));
  if (engine === 'sousuo') {
    await page.addInitScript(() => document.addEventListener('sousuo-results', () => { window.firstResultAt ??= performance.now(); }));
  }
  await page.goto(url);
  await page.waitForFunction(() => window.firstResultAt !== undefined, null, { timeout: 600_000 });
  const ms = await page.evaluate(() => window.firstResultAt);
  const client = await context.newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  const heap = await client.send('Runtime.getHeapUsage');
  // The JS heap does not hold a wasm module's memory: sousuo's is read from its exports (init()
  // returns them once loaded). Pagefind's wasm memory is out of reach and not counted.
  const wasmBytes = engine === 'sousuo'
    ? await page.evaluate(async () => (await (await import('./pkg/sousuo.js')).default()).memory.buffer.byteLength)
    : 0;
  await context.close();
  let raw = 0;
  let gzip = 0;
  for (const path of new Set(paths)) {
    const body = await readFile(join(site, path.endsWith('/') ? `${path}index.html` : path)).catch(() => null);
    if (!body) continue;
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  const memoryMiB = (heap.usedSize + wasmBytes) / 1048576;
  return { ms, raw, gzip, files: new Set(paths).size, memoryMiB };
}

// Warm latency of each query: repeated until 50 ms have passed (performance.now() is coarse
// outside cross-origin isolation), the mean of the repeats.
async function latencies(browser, url, queries) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.engine !== undefined, null, { timeout: 600_000 });
  const micros = await page.evaluate(async (queries) => {
    const out = [];
    for (const query of queries) {
      for (let i = 0; i < 3; i++) await window.engine.search(query, 10);
      let runs = 0;
      const start = performance.now();
      let elapsed = 0;
      while (runs < 10 || elapsed < 50) {
        await window.engine.search(query, 10);
        runs += 1;
        elapsed = performance.now() - start;
      }
      out.push((elapsed * 1000) / runs);
    }
    return out;
  }, queries);
  await page.close();
  return micros;
}

// The judged set (tests/judged.tsv) by the rule every engine can be held to: the returned set of
// articles (up to 100) is exactly the expected one, and the expected first comes first.
async function judged(browser, url, judgements) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.engine !== undefined);
  const answers = await page.evaluate(async (queries) => {
    const out = [];
    for (const query of queries) out.push((await window.engine.search(query, 100)).map((hit) => hit.id));
    return out;
  }, judgements.map((j) => j.query));
  await page.close();
  const names = (prefix, id) => id === prefix || id.startsWith(`${prefix}_`);
  return judgements.filter((j, n) => {
    const ids = answers[n];
    const setMatches = ids.length === j.expected.length && j.expected.every((e) => ids.some((id) => names(e, id)));
    return setMatches && (!j.first || (ids[0] && names(j.first, ids[0])));
  }).length;
}

async function readJudged() {
  const text = await readFile(join(root, 'tests/judged.tsv'), 'utf8');
  return text.split('\n').filter((line) => line.trim() && !line.startsWith('#')).map((line) => {
    const [, query, expected, first] = line.split('\t');
    return { query, expected: expected === '-' ? [] : expected.split(','), first: first || null };
  });
}

// Queries for a corpus: words and names from the judged set on seeds; on poetry, title words
// and lines cut from poems spread over the corpus (deterministic).
async function queriesFor(name, corpusDir) {
  if (name === 'seeds') return (await readJudged()).map((j) => j.query);
  const docs = await readCorpus(corpusDir);
  const queries = [];
  for (let n = 0; n < 40; n++) {
    const doc = docs[Math.floor((n * docs.length) / 40)];
    const line = doc.body.split('\n')[2] ?? doc.title;
    const chars = [...line.replace(/[，。？！；：、]/g, '')];
    queries.push(n % 2 ? chars.slice(0, 2).join('') : chars.slice(0, 4).join(''));
  }
  return queries.concat(['明月', '春風', '長安', '白雲', '故人', '江南', '黃河', '秋']);
}

async function runCorpus(browser, name, corpusDir) {
  const docs = await readCorpus(corpusDir);
  const queries = await queriesFor(name, corpusDir);
  const firstQuery = name === 'seeds' ? '医药高新区' : '明月';
  const judgements = name === 'seeds' ? await readJudged() : null;
  const rows = [];
  for (const engine of ENGINES) {
    const site = join(work, name, engine);
    console.error(`== ${name}: building ${engine}`);
    let row;
    try {
      const build = engine === 'sousuo' ? await buildSousuo(corpusDir, site) : await buildPeer(engine, corpusDir, site);
      const server = await serve(site);
      try {
        const page = engine === 'sousuo' ? `${server.url}#q=${encodeURIComponent(firstQuery)}` : `${server.url}index.html#q=${encodeURIComponent(firstQuery)}`;
        const benchPage = engine === 'sousuo' ? `${server.url}bench.html` : `${server.url}index.html`;
        const loads = [];
        for (let i = 0; i < FIRST_RESULT_RUNS; i++) loads.push(await firstResult(browser, page, engine, site));
        const micros = await latencies(browser, benchPage, queries);
        row = {
          engine, docs: docs.length, build,
          raw: loads[0].raw, gzip: loads[0].gzip, files: loads[0].files,
          firstResultMs: median(loads.map((l) => l.ms)),
          memoryMiB: median(loads.map((l) => l.memoryMiB)),
          queryMedianUs: median(micros), queryP99Us: percentile(micros, 99), queries: micros.length,
          judged: judgements ? await judged(browser, benchPage, judgements) : null,
          judgedOf: judgements?.length ?? null,
        };
      } finally {
        server.close();
      }
    } catch (error) {
      console.error(`${name} ${engine}: ${error.message}`);
      row = { engine, docs: docs.length, error: error.message.split('\n')[0] };
    }
    console.error(JSON.stringify(row));
    rows.push(row);
  }
  return { corpus: name, docs: docs.length, rows };
}

// The floor of "time to first result" on this machine: a page whose one inline module writes
// one list item, served and measured exactly like the engines' pages.
async function emptyPageMs(browser) {
  const site = join(work, 'empty-page');
  await mkdir(site, { recursive: true });
  await writeFile(join(site, 'index.html'), '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>empty</title><link rel="icon" href="data:,"></head><body><ol id="results"></ol><script type="module">const item = document.createElement("li"); item.textContent = "一"; document.getElementById("results").append(item); window.firstResultAt = performance.now();</script></body></html>\n');
  const server = await serve(site);
  try {
    const loads = [];
    for (let i = 0; i < FIRST_RESULT_RUNS; i++) loads.push(await firstResult(browser, server.url, 'empty', site));
    return median(loads.map((l) => l.ms));
  } finally {
    server.close();
  }
}

const fmtBytes = (b) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
const fmtUs = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);

function table(all, chromium, floorMs) {
  const lines = [
    `Measured by \`./x bench ${sizes.join(' ')}\` in ${chromium} (headless) on ${(process.env.BENCH_MACHINE ?? 'this machine')}.`,
    `The floor for "first result": an empty page whose one inline script writes one list item takes ${floorMs.toFixed(0)} ms (median of ${FIRST_RESULT_RUNS}), measured the same way.`,
    '',
    '| corpus | engine | loaded before first result (raw / gzip -9) | first result | query median | query p99 | page memory (JS heap, plus wasm memory for sousuo) | judged | build | build peak | index on disk |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { corpus, docs, rows } of all) {
    for (const r of rows) {
      const label = `${corpus} (${docs.toLocaleString('en')})`;
      if (r.error) {
        lines.push(`| ${label} | ${r.engine} | failed: ${r.error} | | | | | | | | |`);
        continue;
      }
      lines.push(`| ${label} | ${r.engine} | ${fmtBytes(r.raw)} / ${fmtBytes(r.gzip)} | ${r.firstResultMs.toFixed(0)} ms | ${fmtUs(r.queryMedianUs)} | ${fmtUs(r.queryP99Us)} | ${r.memoryMiB.toFixed(1)} MiB | ${r.judged === null ? '–' : `${r.judged}/${r.judgedOf}`} | ${r.build.seconds.toFixed(1)} s | ${r.build.peakMiB.toFixed(0)} MiB | ${fmtBytes(r.build.indexBytes)} |`);
    }
  }
  return lines.join('\n');
}

await mkdir(results, { recursive: true });
const corpora = [{ name: 'seeds', dir: join(root, 'seeds') }];
for (const n of sizes) {
  const dir = join(work, `corpus-poetry-${n}`);
  execFileSync('node', [join(bench, 'poetry-corpus.mjs'), String(n), dir], { stdio: 'ignore' });
  corpora.push({ name: `poetry-${n}`, dir });
}
const browser = await launch();
const all = [];
try {
  const floorMs = await emptyPageMs(browser);
  for (const { name, dir } of corpora) all.push(await runCorpus(browser, name, dir));
  const chromium = `Chromium ${browser.version()}`;
  const markdown = table(all, chromium, floorMs);
  await writeFile(join(results, 'results.json'), `${JSON.stringify({ chromium, emptyPageMs: floorMs, corpora: all }, null, 1)}\n`);
  await writeFile(join(results, 'results.md'), `${markdown}\n`);
  await drawChart(browser, all, join(results, 'chart.png'));
  console.log(markdown);
} finally {
  await browser.close();
}
