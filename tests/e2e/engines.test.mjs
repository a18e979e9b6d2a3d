// A split site's two engines (src/full.rs): the page searches with the lean one, and the first
// query in pinyin or that needs "did you mean" loads the full one from pkg/full/, once, which
// answers from then on. A reader sees the same answers either way; a full engine that cannot be
// had is said, with 重试, and never stands in for an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longWww, servedCopy } from './copies.mjs';
import { statusSays, watchedPage, widgetsReady } from './browser.mjs';

const FULL = '/pkg/full/';
const FULL_FILES = ['/pkg/full/sousuo.js', '/pkg/full/sousuo_bg.wasm'];

const suite = servedCopy('sousuo-engines-');

async function openPage({ worker = false } = {}) {
  const context = await suite.browser.newContext({ serviceWorkers: worker ? 'allow' : 'block' });
  suite.contexts.push(context);
  await context.addInitScript(() => {
    window.answers = [];
    for (const type of ['sousuo-results', 'sousuo-error']) {
      document.addEventListener(type, (event) => window.answers.push({ type, query: event.detail?.query }));
    }
  });
  const { page, problems } = await watchedPage(context);
  await page.goto(suite.site.url);
  await widgetsReady(page);
  return { page, problems, context };
}

// Types `query` and waits for its answer (a status left by the previous query does not count).
async function search(page, query, status = /找到 \d+ 篇文章/) {
  const before = await page.evaluate(() => window.answers.length);
  await page.fill('input', query);
  await page.waitForFunction(([n, q]) => window.answers.slice(n).some((a) => a.query === q), [before, query]);
  return statusSays(page, status);
}

async function waitFor(condition) {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error('waited 10 s in vain');
    await new Promise((done) => setTimeout(done, 20));
  }
}

const fullRequests = () => suite.site.requests.filter((path) => path.startsWith(FULL)).sort();
const pieceRequests = () => suite.site.requests.filter((path) => path.startsWith('/pkg/pieces/'));
const ids = (page) => page.locator('[role="option"] .hit-id').allTextContents();
const hints = (page) => page.locator('.hints').textContent();
const fullEngine = (page) => page.evaluate(async () => (await (await import('./sousuo.min.js')).open()).info().fullEngine);

test('Chinese text is answered by the lean engine; pinyin loads the full engine once, which then answers every kind of query', async () => {
  const { page, problems } = await openPage();
  await search(page, '医药高新区');
  assert.equal((await ids(page))[0].split('_')[0], '001');
  assert.deepEqual(fullRequests(), [], 'a query of Chinese text that is found needs no full engine');
  assert.equal(await fullEngine(page), false);

  await search(page, 'zhangxiaobing');
  assert.equal((await ids(page))[0].split('_')[0], '004');
  assert.match(await hints(page), /拼音 zhangxiaobing → 张小兵/);
  assert.deepEqual(fullRequests(), FULL_FILES);
  assert.equal(await fullEngine(page), true);

  // "Did you mean" (a slip mended beyond doubt, searched at once), and a query the lean engine
  // could answer, from the full engine now.
  await search(page, '張小冰', /已显示「張小兵」的结果/);
  assert.match(await hints(page), /仍然搜索「張小冰」/);
  await search(page, '医药高新区');
  assert.equal((await ids(page))[0].split('_')[0], '001');
  assert.deepEqual(fullRequests(), FULL_FILES, 'the full engine is fetched once');
  // The pieces the lean engine had are handed to the full one, not fetched again.
  const pieces = pieceRequests();
  assert.deepEqual(pieces, [...new Set(pieces)], `each piece fetched at most once: ${pieces}`);
  assert.deepEqual(problems, []);
});

test('letters an IME is still composing are not searched: the text it commits is, by the lean engine', async () => {
  const { page, problems } = await openPage();
  await page.locator('input').focus();
  const ime = await page.context().newCDPSession(page);
  // Each step of the composition stays longer than the pause that starts a search.
  for (const text of ['z', 'zh', 'zhang', 'zhangxiao', 'zhangxiaobing']) {
    await ime.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await page.waitForTimeout(150);
  }
  assert.deepEqual(await page.evaluate(() => window.answers), [], 'nothing searched while composing');
  await ime.send('Input.insertText', { text: '张小兵' });
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal((await ids(page))[0].split('_')[0], '004');
  assert.deepEqual(await page.evaluate(() => window.answers.map((a) => a.query)), ['张小兵']);
  assert.deepEqual(fullRequests(), [], 'the committed Chinese text needs no full engine');
  assert.deepEqual(problems, []);
});

test('letters that may be pinyin start loading the full engine before any search of them; Chinese text does not', async () => {
  const { page, problems } = await openPage();
  const prepare = (text) => page.evaluate(async (t) => (await (await import('./sousuo.min.js')).open()).prepare(t), text);
  await prepare('张小兵');
  await prepare('5.6億元');
  await page.waitForTimeout(300);
  assert.deepEqual(fullRequests(), [], 'Chinese text and numbers need no full engine');
  await prepare('zh');
  await waitFor(() => fullRequests().length === 2);
  await page.waitForFunction(async () => (await (await import('./sousuo.min.js')).open()).info().fullEngine);
  assert.deepEqual(await page.evaluate(() => window.answers), [], 'nothing was searched');
  // The search that follows finds the full engine there.
  await search(page, 'zhangxiaobing');
  assert.deepEqual(fullRequests(), FULL_FILES);
  assert.deepEqual(problems, []);
});

test('a query with nothing found loads the full engine for "did you mean", and shows no answer before it', async () => {
  const { page, problems } = await openPage();
  await search(page, '迈博太学', /没有找到/);
  assert.match(await hints(page), /你是不是要找：.*迈博太科/);
  assert.deepEqual(fullRequests(), FULL_FILES);
  // The widget showed one answer for the query: the full engine's, with its offer.
  assert.deepEqual(await page.evaluate(() => window.answers.map((a) => a.type)), ['sousuo-results']);
  assert.deepEqual(problems, []);
});

for (const [fault, reason] of [
  [{ status: 404 }, '服务器上没有这部分索引，网站可能已更新，请刷新页面'],
  [{ damage: true }, '下载的数据不完整或已损坏'],
  [{ reset: true }, '网络不通或服务器无法连接'],
]) {
  test(`a full engine that cannot be had (${Object.keys(fault)[0]}) is said, nothing is shown for the query, and 重试 loads it`, async () => {
    const { page, problems } = await openPage();
    suite.site.faults.set('/pkg/full/sousuo_bg.wasm', fault);
    await search(page, 'zhangxiaobing', '加载失败');
    const status = await page.locator('.status').textContent();
    assert.ok(status.includes(reason), status);
    assert.equal(await page.locator('.status button.retry').textContent(), '重试');
    assert.equal(await page.locator('[role="option"]').count(), 0);
    assert.equal(await fullEngine(page), false);

    suite.site.faults.clear();
    await page.locator('.status button.retry').click();
    await statusSays(page, /找到 \d+ 篇文章/);
    assert.equal((await ids(page))[0].split('_')[0], '004');
    assert.match(await hints(page), /拼音 zhangxiaobing → 张小兵/);
    assert.equal(await fullEngine(page), true);
    assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
  });
}

test('a full engine that never answers: after the timeout the reader is told, and 重试 loads it', async () => {
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  suite.contexts.push(context);
  const { page, problems } = await watchedPage(context);
  await page.clock.install();
  await page.goto(suite.site.url);
  await widgetsReady(page);
  suite.site.faults.set('/pkg/full/sousuo_bg.wasm', { hang: true });
  await page.fill('input', 'zhangxiaobing');
  await page.clock.runFor(200);
  await statusSays(page, '正在加载索引…');
  await page.clock.runFor(20_000);
  const status = await statusSays(page, '服务器响应超时');
  assert.ok(status.startsWith('索引的一部分加载失败'), status);
  assert.equal(await page.locator('[role="option"]').count(), 0);

  suite.site.faults.clear();
  await page.click('.status button.retry');
  await page.clock.runFor(200);
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal((await ids(page))[0].split('_')[0], '004');
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

// The page's own engine (pkg/sousuo_bg.wasm) failing is said as a piece's failure is, in the
// reader's words, with 重试; it is not fetched from the cache that held the bad copy.
async function pageWithEngineFault(fault, { clock = false } = {}) {
  suite.site.faults.set('/pkg/sousuo_bg.wasm', fault);
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  suite.contexts.push(context);
  const { page, problems } = await watchedPage(context);
  if (clock) await page.clock.install();
  // Not waiting for the load event: the page preloads the wasm, which may never arrive.
  await page.goto(`${suite.site.url}#q=${encodeURIComponent('张小兵')}`, { waitUntil: 'domcontentloaded' });
  return { page, problems };
}

for (const [fault, reason] of [
  [{ status: 404 }, '服务器上没有这部分索引，网站可能已更新，请刷新页面'],
  [{ damage: true }, '下载的数据不完整或已损坏'],
  [{ truncate: true }, '下载的数据不完整或已损坏'],
]) {
  test(`the page's engine that cannot be had (${Object.keys(fault)[0]}) is said in Chinese, and 重试 loads it`, async () => {
    const { page, problems } = await pageWithEngineFault(fault);
    const status = await statusSays(page, '搜索程序加载失败');
    assert.ok(status.includes(reason), status);
    assert.equal(await page.locator('.status button.retry').textContent(), '重试');
    suite.site.faults.clear();
    await page.locator('.status button.retry').click();
    await widgetsReady(page);
    await statusSays(page, '找到 1 篇文章');
    assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
  });
}

test('the page\'s engine that never arrives: after the timeout the reader is told, and 重试 loads it', async () => {
  const { page, problems } = await pageWithEngineFault({ hang: true }, { clock: true });
  await statusSays(page, '正在加载索引…');
  await page.clock.runFor(20_000);
  const status = await statusSays(page, '服务器响应超时');
  assert.ok(status.startsWith('搜索程序加载失败'), status);
  suite.site.faults.clear();
  await page.click('.status button.retry');
  await page.clock.runFor(500);
  // The page's clock is held, so no waiting on the page's own polling: the status says it.
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('a host that serves the wasm under another type than application/wasm still gets answers, with no warning', async () => {
  // A bucket that does not know .wasm: the page compiles a response of its own, the engine's
  // bytes inflated, whatever the host calls them.
  suite.site.faults.set('/pkg/sousuo_bg.wasm', { type: 'binary/octet-stream' });
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  suite.contexts.push(context);
  const { page, problems } = await watchedPage(context);
  const warnings = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto(`${suite.site.url}#q=${encodeURIComponent('医药高新区')}`);
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal((await ids(page))[0].split('_')[0], '001');
  assert.deepEqual(warnings.filter((w) => /wasm/i.test(w)), [], 'no warning about the wasm');
  assert.equal(suite.site.requests.filter((path) => path === '/pkg/sousuo_bg.wasm').length, 1, 'the wasm is fetched once');
  assert.deepEqual(problems, []);
});

test('a search still loading its pieces when another makes the full engine take over ends with its answer', async () => {
  // On the long articles a search takes two rounds (terms and articles, then body slices): the
  // slices are held back until the other search has loaded the full engine.
  const long = await suite.serve(longWww);
  long.faults.set('/pkg/pieces/s-*', { delay: 1500 });
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  suite.contexts.push(context);
  const { page, problems } = await watchedPage(context);
  await page.goto(long.url);
  await widgetsReady(page);
  await page.evaluate(async () => {
    const engine = await (await import('./sousuo.min.js')).open();
    window.chinese = engine.search('迈博太科').then((r) => r.hits.map((h) => h.title), (e) => `failed: ${e.message}`);
  });
  await waitFor(() => long.requests.some((path) => path.startsWith('/pkg/pieces/s-')));
  const pinyin = await page.evaluate(async () => {
    const engine = await (await import('./sousuo.min.js')).open();
    return (await engine.search('zhangxiaobing')).total;
  });
  assert.equal(pinyin, 4);
  assert.ok(long.requests.includes('/pkg/full/sousuo_bg.wasm'));
  const titles = await page.evaluate(() => window.chinese);
  assert.ok(Array.isArray(titles) && titles.length === 4, `the first search's answer: ${titles}`);
  assert.deepEqual(problems, []);
});

test('offline after a visit, the full engine comes from the service worker: pinyin searched before still works', async () => {
  const { page, context } = await openPage({ worker: true });
  await search(page, 'zhangxiaobing');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
  });
  // A piece fetched before the worker took the page is not kept: search again under it.
  await page.reload();
  await widgetsReady(page);
  await search(page, 'zhangxiaobing');
  await context.setOffline(true);
  await page.reload();
  await widgetsReady(page);
  await search(page, 'zhangxiaobing');
  assert.equal((await ids(page))[0].split('_')[0], '004');
  assert.equal(await fullEngine(page), true);
});
