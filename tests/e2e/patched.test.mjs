// A site written by `sousuo --site` (target/cli-site/, over the seeds: the prebuilt engines with
// the seeds' index patched in, no compiler) answers exactly as the engine build.rs compiled over
// the same corpus (www/), query for query of the judged set, in Chromium, with pieces fetched
// over HTTP; and its widget works on its own page. `./x test` writes both before the page tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './serve.mjs';
import { launch, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';
import { readJudged } from '../../bench/queries.mjs';

const run = promisify(execFile);
const compiledWww = fileURLToPath(new URL('../../www/', import.meta.url));
const patchedWww = fileURLToPath(new URL('../../target/cli-site/', import.meta.url));
// A bare page that opens the engine, served beside each site's files from a folder of links to
// them, so that neither site is changed.
const PAGE = 'engine-only.html';
const PAGE_HTML = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>engine</title></head><body><script type="module">import { open } from "./sousuo.min.js"; window.engine = await open();</script></body></html>\n';
let compiled;
let patched;
let browser;
const folders = [];
// The patched site's answers to the judged set, kept by the first test for the command's.
let judgedAnswers;

async function servedWithPage(root) {
  const folder = await mkdtemp(join(tmpdir(), 'sousuo-patched-'));
  folders.push(folder);
  for (const entry of await readdir(root)) await symlink(join(root, entry), join(folder, entry));
  await writeFile(join(folder, PAGE), PAGE_HTML);
  return serve(folder);
}

before(async () => {
  await access(`${patchedWww}pkg/sousuo_bg.wasm`).catch(() => {
    throw new Error('target/cli-site/ is missing: ./x test writes it with `sousuo --site seeds` before the page tests');
  });
  compiled = await servedWithPage(compiledWww);
  patched = await servedWithPage(patchedWww);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  compiled?.close();
  patched?.close();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

// Every judged query's whole answer (every page of hits), or its error, on the site at `url`.
async function answers(url, queries) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${url}${PAGE}`);
    await page.waitForFunction(() => window.engine !== undefined);
    return await page.evaluate(async (queries) => {
      const out = {};
      for (const query of queries) {
        try {
          const all = await window.engine.search(query, { limit: 100 });
          while (all.hits.length < all.total) {
            const next = await window.engine.search(query, { limit: 100, offset: all.hits.length });
            if (!next.hits.length) break;
            all.hits.push(...next.hits);
          }
          out[query] = JSON.parse(JSON.stringify({ ...all, filters: {} }));
        } catch (error) {
          out[query] = { error: error.message };
        }
      }
      return out;
    }, queries);
  } finally {
    await context.close();
  }
}

test('the patched engines answer the judged set exactly as the compiled ones', async () => {
  const judgements = await readJudged(fileURLToPath(new URL('../judged.tsv', import.meta.url)));
  const queries = [...new Set(judgements.flatMap(({ query, fix }) => (fix === null ? [query] : [query, fix])))];
  const fromCompiled = await answers(compiled.url, queries);
  const fromPatched = await answers(patched.url, queries);
  judgedAnswers = { queries, fromPatched };
  let found = 0;
  for (const query of queries) {
    assert.deepEqual(fromPatched[query], fromCompiled[query], `the answers to ${JSON.stringify(query)} differ`);
    found += fromCompiled[query].hits?.length ?? 0;
  }
  assert.ok(found > queries.length, `the answers hold hits (${found} over ${queries.length} queries)`);
});

test('`sousuo search --queries` answers each judged query as the page does, one JSON line each', async (t) => {
  if (!judgedAnswers) return t.skip('needs the judged answers of the test before');
  const { queries, fromPatched } = judgedAnswers;
  const folder = await mkdtemp(join(tmpdir(), 'sousuo-queries-'));
  folders.push(folder);
  const file = join(folder, 'queries.txt');
  await writeFile(file, `${queries.join('\n')}\n`);
  const command = fileURLToPath(new URL('../../target/cli/sousuo', import.meta.url));
  // A query that fails makes the command exit non-zero, its line holding the error.
  const { stdout } = await run(command, ['search', '--index', patchedWww, '--queries', file, '--limit', '10'], {
    maxBuffer: 64 << 20,
  }).catch((failure) => failure);
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, queries.length, 'one line per query');
  queries.forEach((query, i) => {
    // A slip mended beyond doubt answers with what was searched, and says what was typed.
    assert.equal(lines[i].correctedFrom ?? lines[i].query, query);
    const expected = fromPatched[query].error ? undefined : fromPatched[query].hits.slice(0, 10).map((hit) => hit.id);
    assert.deepEqual(lines[i].hits?.map((hit) => hit.id), expected, `the hits of ${JSON.stringify(query)}`);
  });
});

test('the written site stores both engines gzipped, each a whole module once inflated', async () => {
  for (const engine of ['pkg/sousuo_bg.wasm', 'pkg/full/sousuo_bg.wasm']) {
    const stored = await readFile(`${patchedWww}${engine}`);
    assert.deepEqual([...stored.subarray(0, 2)], [0x1f, 0x8b], `${engine} is gzipped`);
    const module = gunzipSync(stored);
    assert.ok(module.length > 2 * stored.length, `${engine}: ${stored.length} bytes stored, ${module.length} inflated`);
    assert.ok(WebAssembly.validate(module), `${engine} inflates to a valid module`);
  }
});

test('the written site\'s own page searches, and says which engine it runs', async () => {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${patched.url}#q=${encodeURIComponent('泰州')}`);
  await widgetsReady(page);
  await statusSays(page, '找到 5 篇');
  const info = await page.evaluate(async () => {
    const { open } = await import('./sousuo.min.js');
    return (await open()).info();
  });
  assert.equal(info.documents, 5);
  // Pinyin needs the full engine, patched as the lean one is.
  await page.locator('sousuo-search input').first().fill('zhangxiaobing');
  await statusSays(page, '找到 1 篇');
  const marked = await page.locator('[role="option"] .snippet mark').allTextContents();
  assert.ok(marked.includes('張小兵'), `the name is highlighted: ${marked}`);
  await page.screenshot({ path: `${shots}patched-site.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a site\'s single file, written by the command, searches from disk with the whole index inside', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sousuo-single-'));
  folders.push(folder);
  const command = fileURLToPath(new URL('../../target/cli/sousuo', import.meta.url));
  const hugo = fileURLToPath(new URL('../corpora/hugo-site/public', import.meta.url));
  const single = join(folder, 'search.html');
  await run(command, ['--site', hugo, '--single-file', single]);
  assert.deepEqual(await readdir(folder), ['search.html'], 'one page and nothing beside it');

  const context = await browser.newContext();
  // From disk, with the network cut: the page may read nothing but itself.
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(single).href);
  await widgetsReady(page);
  await page.fill('input', '淀粉勾芡');
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(await page.locator('[role="option"] .snippet mark').allTextContents(), ['淀粉勾芡']);
  assert.equal(page.workers().length, 1, 'searched in the engine\'s worker');
  assert.deepEqual(problems, []);
  await context.close();

  // One page is all it writes: a folder's flags make no sense with it.
  const refused = await run(command, ['--site', hugo, '--single-file', single, '--serve']).catch((failure) => failure);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--single-file writes one page: it takes neither --output-path nor --serve/);
});
