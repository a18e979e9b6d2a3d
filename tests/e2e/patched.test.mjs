// A site written by `sousuo --site` (target/cli-site/, over the seeds: the prebuilt engines with
// the seeds' index patched in, no compiler) answers exactly as the engine build.rs compiled over
// the same corpus (www/), query for query of the judged set, in Chromium, with pieces fetched
// over HTTP; and its widget works on its own page. `./x test` writes both before the page tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';
import { readJudged } from '../../bench/queries.mjs';

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
  let found = 0;
  for (const query of queries) {
    assert.deepEqual(fromPatched[query], fromCompiled[query], `the answers to ${JSON.stringify(query)} differ`);
    found += fromCompiled[query].hits?.length ?? 0;
  }
  assert.ok(found > queries.length, `the answers hold hits (${found} over ${queries.length} queries)`);
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
