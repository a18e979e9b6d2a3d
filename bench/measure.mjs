// What the benchmark measures in Chromium, on a site served on loopback. Used by bench/run.mjs.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { serve } from '../tests/e2e/serve.mjs';
import { median } from './stats.mjs';

export const FIRST_RESULT_RUNS = 9;
export const COLD_RUNS = 3;
const PAGE_TIMEOUT = 600_000;

// The files behind a set of requests, sized from the site folder on disk (raw and gzip -9:
// Chromium does not keep the bodies of large responses). A request is a path, followed by its
// Range header when it asked for part of a file (sousuo's slices of long bodies): those bytes
// alone count. A file stored gzipped (sousuo's pieces) counts as stored, and raw as inflated.
async function sizes(site, requests) {
  let raw = 0;
  let gzip = 0;
  for (const request of new Set(requests)) {
    const [path, range] = request.split(' ');
    let body = await readFile(join(site, path.endsWith('/') ? `${path}index.html` : path)).catch(() => null);
    if (!body) continue;
    const asked = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
    if (asked) body = body.subarray(Number(asked[1]), Number(asked[2]) + 1);
    if (body[0] === 0x1f && body[1] === 0x8b) {
      raw += gunzipSync(body).length;
      gzip += body.length;
    } else {
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
    }
  }
  return { raw, gzip, files: new Set(requests.map((request) => request.split(' ')[0])).size };
}

// A fresh context (no cache, no service worker) on `url`, its requests' paths recorded into the
// returned array from now on.
async function freshPage(browser) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const paths = [];
  page.on('request', (request) => {
    const path = decodeURIComponent(new URL(request.url()).pathname);
    const range = request.headers().range;
    paths.push(range ? `${path} ${range}` : path);
  });
  return { context, page, paths };
}

// Said on the console when a page first sets window.firstResultAt. Waiting for it costs the page
// nothing, where polling with waitForFunction first parses the driver's injected script on the
// page's main thread (about 60 ms here) while the engine is still at work: every engine paid it
// and the empty page, done before its load event, did not.
const FIRST_RESULT_SAID = 'bench: first result';

// Loads `url` in a fresh context and returns when the first result is in the DOM: the files
// fetched until then, the time since navigation, and the page's memory.
export async function firstResult(browser, url, engine, site) {
  const { context, page, paths } = await freshPage(browser);
  try {
    await page.addInitScript((said) => {
      let at;
      Object.defineProperty(window, 'firstResultAt', {
        configurable: true,
        get: () => at,
        set: (ms) => {
          if (at !== undefined) return;
          at = ms;
          console.debug(said);
        },
      });
    }, FIRST_RESULT_SAID);
    if (engine === 'sousuo') {
      await page.addInitScript(() => document.addEventListener('sousuo-results', () => { window.firstResultAt ??= performance.now(); }));
    }
    const said = page.waitForEvent('console', { predicate: (message) => message.text() === FIRST_RESULT_SAID, timeout: PAGE_TIMEOUT });
    await page.goto(url, { waitUntil: 'commit' });
    await said;
    const ms = await page.evaluate(() => window.firstResultAt);
    const fetched = await sizes(site, [...paths]);
    const client = await context.newCDPSession(page);
    await client.send('HeapProfiler.collectGarbage');
    const heap = await client.send('Runtime.getHeapUsage');
    // The JS heap does not hold a wasm module's memory: sousuo's engine reports it (the page's
    // own instance, inside the bundle). Pagefind's wasm memory is out of reach and not counted.
    const wasmBytes = engine === 'sousuo'
      ? await page.evaluate(async () => (await (await import('./sousuo.min.js')).open()).info().memoryBytes)
      : 0;
    return { ms, ...fetched, memoryMiB: (heap.usedSize + wasmBytes) / 1048576 };
  } finally {
    await context.close();
  }
}

// Cold queries: a fresh load of the bench page showing the first query's results, then each
// query of `queries` (none searched before) timed from the call to its results, fetches included.
// Repeated COLD_RUNS times; a query's time is its median over the runs. Also returned: what the
// cold queries fetched (one run), and each query's hit count.
export async function coldQueries(browser, url, site, queries) {
  const runs = [];
  let fetched;
  let hits;
  for (let run = 0; run < COLD_RUNS; run++) {
    const { context, page, paths } = await freshPage(browser);
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.engine !== undefined, null, { timeout: PAGE_TIMEOUT });
      paths.length = 0;
      const timings = await page.evaluate(async (queries) => {
        const out = [];
        for (const query of queries) {
          const start = performance.now();
          const found = await window.engine.search(query, 10);
          out.push({ ms: performance.now() - start, hits: found.length });
        }
        return out;
      }, queries);
      runs.push(timings.map((t) => t.ms));
      hits = timings.map((t) => t.hits);
      fetched ??= await sizes(site, [...paths]);
    } finally {
      await context.close();
    }
  }
  const perQuery = queries.map((_, n) => median(runs.map((r) => r[n])));
  return { medianMs: median(perQuery), worstMs: Math.max(...perQuery), perQueryMs: perQuery, hits, fetched };
}

// Warm latency of each query: repeated until 50 ms have passed (performance.now() is coarse
// outside cross-origin isolation), the mean of the repeats.
export async function latencies(browser, url, queries) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.engine !== undefined, null, { timeout: PAGE_TIMEOUT });
    return await page.evaluate(async (queries) => {
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
  } finally {
    await page.close();
  }
}

// Each query of a judged set timed cold, as the first query of a visit: a fresh context (no
// cache, no piece or chunk fetched) on the bench page with nothing searched, then the query, from
// the call to its results (limit 10). Then warm, on one page. Medians and worsts over the
// queries, in all and by category.
export async function judgedLatency(browser, url, judgements) {
  const coldMs = [];
  for (const { query } of judgements) {
    const { context, page } = await freshPage(browser);
    try {
      await page.goto(`${url}#q=`);
      await page.waitForFunction(() => window.engine !== undefined, null, { timeout: PAGE_TIMEOUT });
      coldMs.push(await page.evaluate(async (query) => {
        const start = performance.now();
        await window.engine.search(query, 10);
        return performance.now() - start;
      }, query));
    } finally {
      await context.close();
    }
  }
  const warmUs = await latencies(browser, url, judgements.map((j) => j.query));
  const summary = (picked) => {
    const cold = picked.map((n) => coldMs[n]);
    const warm = picked.map((n) => warmUs[n]);
    return { queries: picked.length, coldMedianMs: median(cold), coldWorstMs: Math.max(...cold), warmMedianUs: median(warm), warmWorstUs: Math.max(...warm) };
  };
  const all = judgements.map((_, n) => n);
  const byCategory = {};
  for (const category of new Set(judgements.map((j) => j.category))) byCategory[category] = summary(all.filter((n) => judgements[n].category === category));
  return { ...summary(all), byCategory };
}

// A judged set by the rule every engine can be held to: the returned set of articles (up to
// 100) is exactly the expected one (where more than 100 are expected, the 100 returned are all
// expected ones), and the expected first comes first. Typo rows (`fix:`) are left out: they ask
// for a correction offered, which only sousuo makes (`./x judge` checks them, by sousuo's rule).
export async function judged(browser, url, judgements) {
  const page = await browser.newPage();
  let answers;
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.engine !== undefined, null, { timeout: PAGE_TIMEOUT });
    answers = await page.evaluate(async (queries) => {
      const out = [];
      for (const query of queries) out.push((await window.engine.search(query, 100)).map((hit) => hit.id));
      return out;
    }, judgements.map((j) => j.query));
  } finally {
    await page.close();
  }
  const names = (prefix, id) => id === prefix || id.startsWith(`${prefix}_`);
  const expected = (j, id) => j.expected.some((e) => names(e, id));
  return judgements.filter((j, n) => {
    const ids = answers[n];
    const setMatches = j.expected.length > 100
      ? ids.length === 100 && ids.every((id) => expected(j, id))
      : ids.length === j.expected.length && j.expected.every((e) => ids.some((id) => names(e, id)));
    return setMatches && (!j.first || (ids[0] && names(j.first, ids[0])));
  }).length;
}

// The floor of "time to first result" on this machine: a page whose one inline module writes
// one list item, served and measured exactly like the engines' pages.
export async function emptyPageMs(browser, site) {
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
