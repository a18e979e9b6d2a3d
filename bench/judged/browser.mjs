// A judged set through the wasm in headless Chromium, over a built site served on loopback (a
// split index's pieces really fetched over HTTP):
// - every query's answer, every hit, page after page as a reader's "more" would fetch them,
//   judged by `sousuo judge --answers` (src/judge.rs: the very rule of the native run);
// - every query's latency, limit 10: cold (a fresh browser context, so no piece fetched before
//   and no cache: what the first query of a visit pays) and warm (its pieces loaded: the mean of
//   repeats, as performance.now() is coarse outside cross-origin isolation).
//
//   node bench/judged/browser.mjs SITE_DIR JUDGED_TSV [ANSWERS_OUT.json]
//
// Prints the latency by category, then the judge's table; exits 1 when a query fails. `./x judge`
// builds the site and runs this after the native run.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tests/e2e/serve.mjs';
import { launch } from '../../tests/e2e/browser.mjs';
import { fmtUs, median } from '../stats.mjs';
import { readJudged } from '../queries.mjs';

const PAGE_TIMEOUT = 600_000;
// The wasm's search::MAX_LIMIT: the largest page one call returns.
const MAX_LIMIT = 100;
const TIMED_LIMIT = 10;

// A bare page that opens the engine: no widget, so that nothing but the timed call searches.
// It is served beside the site's files from a folder of its own (links to them), so that the
// site itself is left as built.
const PAGE = 'judge.html';
const PAGE_HTML = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>judge</title><link rel="icon" href="data:,"></head><body><script type="module">import { open } from "./sousuo.min.js"; window.engine = await open();</script></body></html>\n';

async function openedPage(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.engine !== undefined, null, { timeout: PAGE_TIMEOUT });
  return page;
}

// Each query timed cold, in a context of its own.
async function coldMs(browser, url, queries) {
  const out = [];
  for (const query of queries) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await openedPage(context, url);
      const timed = await page.evaluate(async ({ query, limit }) => {
        const start = performance.now();
        try {
          await window.engine.search(query, { limit });
        } catch (error) {
          return { error: error.message };
        }
        return { ms: performance.now() - start };
      }, { query, limit: TIMED_LIMIT });
      if (timed.error) console.error(`cold ${JSON.stringify(query)} failed: ${timed.error}`);
      out.push(timed.ms ?? NaN);
    } finally {
      await context.close();
    }
  }
  return out;
}

// On one page: every query's whole answer (the mended text's too), and its warm latency.
async function answersAndWarmMicros(browser, url, judgements) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await openedPage(context, url);
    return await page.evaluate(async ({ judgements, maxLimit, timedLimit }) => {
      const everyHit = async (query) => {
        const all = await window.engine.search(query, { limit: maxLimit });
        while (all.hits.length < all.total) {
          const next = await window.engine.search(query, { limit: maxLimit, offset: all.hits.length });
          if (!next.hits.length) break;
          all.hits.push(...next.hits);
        }
        // Filter counts are a Map, which JSON does not carry; the judge does not read them.
        return { ...all, filters: {} };
      };
      const answers = {};
      const micros = [];
      const errors = [];
      for (const { query, fix } of judgements) {
        // A query that fails has no answer recorded: the judge says so.
        for (const text of fix === null ? [query] : [query, fix]) {
          try {
            answers[text] = await everyHit(text);
          } catch (error) {
            errors.push(`${JSON.stringify(text)}: ${error.message}`);
          }
        }
        if (!(query in answers)) {
          micros.push(NaN);
          continue;
        }
        for (let i = 0; i < 3; i++) await window.engine.search(query, { limit: timedLimit });
        let runs = 0;
        const start = performance.now();
        let elapsed = 0;
        while (runs < 10 || elapsed < 50) {
          await window.engine.search(query, { limit: timedLimit });
          runs += 1;
          elapsed = performance.now() - start;
        }
        micros.push((elapsed * 1000) / runs);
      }
      return { answers, micros, errors };
    }, { judgements, maxLimit: MAX_LIMIT, timedLimit: TIMED_LIMIT });
  } finally {
    await context.close();
  }
}

// Answers and latencies of `judgements` on the site served at `url` (its judge.html written).
export async function runInBrowser(browser, url, judgements) {
  const cold = await coldMs(browser, url, judgements.map((j) => j.query));
  const { answers, micros, errors } = await answersAndWarmMicros(browser, url, judgements);
  for (const error of errors) console.error(`failed: ${error}`);
  return { answers, timings: judgements.map((j, n) => ({ category: j.category, query: j.query, coldMs: cold[n], warmUs: micros[n] })) };
}

const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

export function latencyTable(timings) {
  const lines = ['| category | queries | cold median | cold worst | warm median | warm worst |', '|---|---:|---:|---:|---:|---:|'];
  const row = (label, rows) => {
    // A query that failed has no time: the judge's table counts it as failed.
    const cold = rows.map((t) => t.coldMs).filter((ms) => !Number.isNaN(ms));
    const warm = rows.map((t) => t.warmUs).filter((us) => !Number.isNaN(us));
    return `| ${label} | ${rows.length} | ${fmtMs(median(cold))} | ${fmtMs(Math.max(...cold))} | ${fmtUs(median(warm))} | ${fmtUs(Math.max(...warm))} |`;
  };
  for (const category of new Set(timings.map((t) => t.category))) lines.push(row(category, timings.filter((t) => t.category === category)));
  lines.push(row('all', timings));
  return lines.join('\n');
}

async function main() {
  const [site, judged, answersOut] = process.argv.slice(2);
  if (!site || !judged) {
    console.error('usage: node bench/judged/browser.mjs SITE_DIR JUDGED_TSV [ANSWERS_OUT.json]');
    process.exit(2);
  }
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const judgements = await readJudged(judged);
  const served = await mkdtemp(join(tmpdir(), 'sousuo-judge-'));
  for (const entry of await readdir(site)) await symlink(resolve(site, entry), join(served, entry));
  await writeFile(join(served, PAGE), PAGE_HTML);
  const server = await serve(served);
  const browser = await launch();
  let result;
  try {
    result = await runInBrowser(browser, `${server.url}${PAGE}`, judgements);
    console.log(`${judged}: ${judgements.length} queries through the wasm in ${await browser.version()} (headless), the site ${site} over HTTP on loopback, limit ${TIMED_LIMIT}`);
  } finally {
    await browser.close();
    server.close();
    await rm(served, { recursive: true, force: true });
  }
  console.log(`\n${latencyTable(result.timings)}\n`);
  console.log('slowest cold:');
  for (const t of [...result.timings].sort((a, b) => b.coldMs - a.coldMs).slice(0, 3)) console.log(`  ${fmtMs(t.coldMs).padStart(9)}  ${t.category}: ${t.query}`);
  const out = resolve(answersOut ?? join(root, 'target/judged-answers.json'));
  await writeFile(out, JSON.stringify(result.answers));
  // The same judge as the native run, over what the wasm answered.
  try {
    process.stdout.write(execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'sousuo-embedded', '--', 'judge', resolve(judged), '--answers', out], { cwd: root, encoding: 'utf8' }));
  } catch (failure) {
    process.stdout.write(failure.stdout ?? '');
    process.stderr.write(failure.stderr ?? '');
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
