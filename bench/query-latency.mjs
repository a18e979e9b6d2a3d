// Query latency of the judged set, through the page's engine (sousuo.min.js) in headless
// Chromium, warm: the index pieces a query needs are fetched before it is timed.
//
//   node bench/query-latency.mjs [tests/judged.tsv]     (./x bench-queries builds the wasm first)
//
// Each query is run a few times to warm up, then repeated until 50 ms have passed (at least 20
// times): Chromium rounds performance.now() to 0.1 ms outside cross-origin isolation, so one call
// cannot be timed alone. The mean of those repeats is the query's latency. Printed: the median and
// the worst over all queries, per category and in all, and the slowest queries.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { median } from './stats.mjs';

const root = new URL('../', import.meta.url);
const judged = process.argv[2] ?? fileURLToPath(new URL('tests/judged.tsv', root));
const queries = (await readFile(judged, 'utf8'))
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [category, query] = line.split('\t');
    return { category, query };
  });

const server = await serve(fileURLToPath(new URL('www/', root)));
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('sousuo-search[ready]');
  const timings = await page.evaluate(async (queries) => {
    // The page's engine; the warm-up calls fetch the index pieces a query needs.
    const engine = await (await import('./sousuo.min.js')).open();
    const out = [];
    for (const { category, query } of queries) {
      for (let i = 0; i < 3; i++) await engine.search(query, { limit: 10 });
      let runs = 0;
      const start = performance.now();
      let elapsed = 0;
      while (runs < 20 || elapsed < 50) {
        await engine.search(query, { limit: 10 });
        runs += 1;
        elapsed = performance.now() - start;
      }
      out.push({ category, query, micros: (elapsed * 1000) / runs, runs });
    }
    return out;
  }, queries);

  const fmt = (micros) => (micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${micros.toFixed(1)} µs`);
  const categories = [...new Set(timings.map((t) => t.category))];
  console.log(`query latency in ${await browser.version()} (headless), ${timings.length} queries of ${judged}, limit 10, warm\n`);
  console.log('| category | queries | median | worst |');
  console.log('|---|---:|---:|---:|');
  for (const category of categories) {
    const micros = timings.filter((t) => t.category === category).map((t) => t.micros);
    console.log(`| ${category} | ${micros.length} | ${fmt(median(micros))} | ${fmt(Math.max(...micros))} |`);
  }
  const all = timings.map((t) => t.micros);
  console.log(`| **all** | **${all.length}** | **${fmt(median(all))}** | **${fmt(Math.max(...all))}** |`);
  console.log('\nslowest:');
  for (const t of [...timings].sort((a, b) => b.micros - a.micros).slice(0, 5)) {
    console.log(`  ${fmt(t.micros).padStart(10)}  ${t.category}: ${t.query}`);
  }
} finally {
  await browser.close();
  server.close();
}
