// The split index over a real network: pieces fetched only when a query needs them, slow pieces,
// pieces that fail in every way a server or a connection can fail, offline after a visit, and a
// redeploy under an open page. What is asserted is what a reader sees: a result is right or it is
// not shown, and a failure is said in words with a way to try again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { longWww, servedCopy } from './copies.mjs';
import { shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const PIECES = '/pkg/pieces/';
const FAILED = '索引的一部分加载失败';
const REASONS = {
  http: '服务器上没有这部分索引，网站可能已更新，请刷新页面',
  damaged: '下载的数据不完整或已损坏',
  offline: '网络不通或服务器无法连接',
  timeout: '服务器响应超时',
};
const DOWNLOADED = '完整索引已下载，离线也能搜索全部文章。';

const suite = servedCopy('sousuo-split-');

// A page in a context of its own (nothing cached from other tests). The service worker is kept
// out unless a test is about it: it would otherwise join the page midway. `offline` sets that
// attribute on the widget before it upgrades, as a page's own markup would; `clock` gives the
// page a clock the test moves, so that the engine's 20 s timeout passes in no time.
async function openPage(url, { worker = false, offline = false, clock = false } = {}) {
  const context = await suite.browser.newContext({ serviceWorkers: worker ? 'allow' : 'block' });
  suite.contexts.push(context);
  await context.addInitScript(record, offline);
  const { page, problems } = await watchedPage(context);
  if (clock) await page.clock.install();
  await page.goto(url);
  await widgetsReady(page);
  return { page, problems, context };
}

// Runs in the page before its scripts: every answer the widget gives (results, failure, whole
// index downloaded) goes to window.answers, and every text `.progress` shows to window.progress.
function record(offline) {
  window.answers = [];
  window.progress = [];
  for (const type of ['sousuo-results', 'sousuo-error', 'sousuo-offline-ready']) {
    document.addEventListener(type, (event) => window.answers.push({ type, query: event.detail?.query }));
  }
  customElements.whenDefined('sousuo-search').then(() => {
    const progress = document.querySelector('sousuo-search').shadowRoot.querySelector('.progress');
    new MutationObserver(() => window.progress.push(progress.textContent))
      .observe(progress, { childList: true, characterData: true, subtree: true });
  });
  if (offline) {
    document.addEventListener('readystatechange', () => document.querySelector('sousuo-search').setAttribute('offline', ''), { once: true });
  }
}

const ids = (page) => page.locator('[role="option"] .hit-id').allTextContents();
const piecesRequested = (server = suite.site) => server.requests.filter((p) => p.startsWith(PIECES)).map((p) => p.slice(PIECES.length));
const pieceFiles = async (dir) => (await readdir(join(dir, 'pkg/pieces'))).sort();
// The pieces this build names (pkg/pieces/ also keeps earlier builds' pieces, for open pages).
const builtPieces = async (dir) => JSON.parse(await readFile(join(dir, 'pkg/index.json'), 'utf8')).pieces;
// Their names, as the build lists them.
const builtPieceNames = async (dir) => (await readFile(join(dir, 'pkg/pieces.lst'), 'utf8')).split('\n').filter(Boolean);
const once = (list) => assert.deepEqual(list, [...new Set(list)], `each piece at most once: ${list}`);

// A failed piece may leave the browser's own log line for the failed fetch; nothing else.
const unexpected = (problems) => problems.filter((p) => !/^Failed to load resource/.test(p));

// Types `query` and waits for its answer (a status left by the previous query does not count).
async function search(page, query, status = /找到 \d+ 篇文章/) {
  const before = await page.evaluate(() => window.answers.length);
  await page.fill('input', query);
  await page.waitForFunction(([n, q]) => window.answers.slice(n).some((a) => a.query === q), [before, query]);
  await statusSays(page, status);
}

// The failure state: the reason in words, a retry button, and no result shown at all.
async function saysFailed(page, reason) {
  await page.locator('.status button.retry').waitFor();
  const status = await page.locator('.status').textContent();
  assert.ok(status.startsWith(`${FAILED}（${REASONS[reason]}）`), status);
  assert.equal(await page.locator('.status button.retry').textContent(), '重试');
  assert.equal(await page.locator('[role="option"]').count(), 0);
  assert.equal(await page.getAttribute('input', 'aria-expanded'), 'false');
}

const waitForController = (page) => page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
  }
});

// The pieces the service worker keeps for this build, by file name.
const keptPieces = (page) => page.evaluate(async () => {
  const current = (await caches.keys()).filter((key) => key.startsWith('sousuo-pieces-')).at(-1);
  const cache = await caches.open(current);
  return (await cache.keys()).map((request) => request.url.split('/').pop()).sort();
});

test('a search fetches only the pieces it needs, and each piece at most once', async () => {
  const { page, problems } = await openPage(suite.site.url);
  assert.deepEqual(piecesRequested(), [], 'the page loads the root only');

  await search(page, '迈博太科', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['邁博太科']);
  const first = piecesRequested();
  assert.equal(first.filter((p) => p.startsWith('p-')).length, 0, `no pinyin before it is needed: ${first}`);
  assert.equal(first.filter((p) => p.startsWith('d-')).length, 1, `only the shown hit's document piece: ${first}`);
  // The seeds are a small site: their articles are whole in that one piece, fetched with the
  // terms, so the first result took one round of fetching (no slices of bodies).
  assert.equal(first.filter((p) => p.startsWith('s-')).length, 0, `no slices: ${first}`);
  await search(page, '钉钉子精神', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['003_0333753cb3ef4b84']);
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['钉钉子精神']);

  await search(page, '张小兵', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['004_5b3b55316f9678e7']);
  await search(page, 'yiyao');
  await page.locator('.hints', { hasText: '拼音 yiyao → 医药' }).waitFor();
  assert.ok((await page.locator('[role="option"]').count()) >= 1);
  assert.equal(piecesRequested().filter((p) => p.startsWith('p-')).length, 1, 'pinyin, once it is needed');

  // Queries whose pieces are loaded fetch nothing again, nor does opening a hit's article: it
  // came whole with the hit.
  for (const q of ['迈博太科', '张小兵', 'yiyao', '医药']) await search(page, q);
  const searched = piecesRequested();
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(piecesRequested(), searched, 'the article needed no piece more');
  once(piecesRequested());
  assert.deepEqual(problems, []);
});

test('a long article\'s hit fetches only the slice of its body its passage is in, and opening it the rest', async () => {
  // Four long articles (./x test builds them from the seeds), each cut into BODY slices, which
  // lie in one BODIES file and are fetched by byte range.
  const long = await suite.serve(longWww);
  const files = await builtPieceNames(longWww);
  assert.deepEqual(files.filter((p) => p.startsWith('b-')), [], 'no slice is a file of its own');
  assert.equal(files.filter((p) => p.startsWith('s-')).length, 1, `one BODIES file: ${files}`);
  const { page, problems } = await openPage(long.url);
  const requestedSlices = () => piecesRequested(long).filter((p) => p.startsWith('s-'));

  // Each of the four hits shows its passage, fetched with the slice that holds it (two, when
  // the passage crosses from one into the next).
  const perHit = (fetched) => fetched.length >= 4 && fetched.length <= 8;
  await search(page, '迈博太科', '找到 4 篇文章');
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), Array(4).fill('邁博太科'));
  const first = requestedSlices();
  assert.ok(perHit(first), `one slice per hit: ${first}`);
  await search(page, '张小兵', '找到 4 篇文章');
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), Array(4).fill('張小兵'));
  const second = requestedSlices().slice(first.length);
  assert.ok(perHit(second), `one more slice per hit: ${second}`);

  // Opening an article fetches the rest of its body, and shows it whole.
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  const opened = requestedSlices().slice(first.length + second.length);
  assert.ok(opened.length > 0, `the article's other slices: ${opened}`);
  assert.ok(requestedSlices().every((p) => / bytes=\d+-\d+$/.test(p)), 'each slice by its range, never the whole file');
  const text = await page.locator('.article').textContent();
  for (const passage of ['邁博太科', '張小兵', '興化市', '服務團隊啟動會']) assert.ok(text.includes(passage), passage);
  once(piecesRequested(long));
  assert.deepEqual(problems, []);
});

test('a server that ignores byte ranges still gives every hit its passage, and its BODIES files are then fetched whole once', async () => {
  const long = await suite.serve(longWww);
  long.faults.set(`${PIECES}s-*`, { ranges: false });
  const { page, problems } = await openPage(long.url);
  await search(page, '迈博太科', '找到 4 篇文章');
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), Array(4).fill('邁博太科'));
  // The first search's slices went out at once, as ranges; from then on the page knows better.
  const first = piecesRequested(long).length;
  await search(page, '张小兵', '找到 4 篇文章');
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), Array(4).fill('張小兵'));
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.ok((await page.locator('.article').textContent()).includes('服務團隊啟動會'));
  const later = piecesRequested(long).slice(first).filter((p) => p.startsWith('s-'));
  assert.ok(later.every((p) => !p.includes(' ')), `whole files: ${later}`);
  assert.ok(later.length <= 1, `its slices cut from the copy kept: ${later}`);
  assert.deepEqual(problems, []);
});

test('更多结果 shows a page more of the results, then no more, and a new query starts from one page', async () => {
  const { page, problems } = await openPage(suite.site.url);
  await page.evaluate(() => document.querySelector('sousuo-search').setAttribute('limit', '2'));
  await search(page, '泰州', '找到 5 篇文章');
  assert.equal(await page.locator('[role="option"]').count(), 2);
  const more = page.locator('button.more');
  assert.ok(await more.isVisible());
  await more.click();
  await page.waitForFunction(() => document.querySelector('sousuo-search').shadowRoot.querySelectorAll('[role="option"]').length === 4);
  await more.click();
  await page.waitForFunction(() => document.querySelector('sousuo-search').shadowRoot.querySelectorAll('[role="option"]').length === 5);
  assert.ok(await more.isHidden(), 'every result is shown');
  // A new query starts from one page again.
  await search(page, '医药', /找到 \d+ 篇文章/);
  assert.equal(await page.locator('[role="option"]').count(), 2);
  assert.deepEqual(problems, []);
});

test('two widgets asking for the same pieces at once share one fetch of each', async () => {
  suite.site.faults.set(`${PIECES}*`, { delay: 400 });
  const { page, problems } = await openPage(`${suite.site.url}embed.html`);
  await page.evaluate(() => {
    for (const widget of document.querySelectorAll('sousuo-search')) widget.query = '迈博太科';
  });
  for (const widget of await page.locator('sousuo-search').all()) {
    await statusSays(widget, '找到 1 篇文章');
    assert.deepEqual(await widget.locator('[role="option"] .hit-id').allTextContents(), ['001_9fc454ccbfdced76']);
  }
  assert.ok(piecesRequested().length > 0);
  once(piecesRequested());
  assert.deepEqual(problems, []);
});

test('slow pieces: the reader is told the index is loading, and only the newest query shows', async () => {
  suite.site.faults.set(`${PIECES}*`, { delay: 600 });
  const { page, problems } = await openPage(suite.site.url);
  await page.fill('input', '迈博太科');
  await statusSays(page, '正在加载索引…');
  assert.equal(await page.locator('[role="option"]').count(), 0);
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);

  // The older query needs the pinyin piece, held back far longer than the newer query's piece.
  suite.site.faults.set(`${PIECES}p-*`, { delay: 2500 });
  const pinyin = page.waitForResponse((r) => r.url().includes(`${PIECES}p-`));
  const before = await page.evaluate(() => window.answers.length);
  await page.fill('input', 'yiyao');
  await statusSays(page, '正在加载索引…');
  await search(page, '张小兵', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['004_5b3b55316f9678e7']);
  // The older answer lands after the newer one, and is dropped.
  await pinyin;
  await page.waitForTimeout(300);
  assert.deepEqual(await ids(page), ['004_5b3b55316f9678e7']);
  assert.match(await page.locator('.status').textContent(), /^找到 1 篇文章/);
  assert.deepEqual(await page.evaluate((n) => window.answers.slice(n), before), [{ type: 'sousuo-results', query: '张小兵' }]);
  assert.deepEqual(problems, []);
});

test('Enter while the query\'s pieces are still loading opens its first result once they land', async () => {
  suite.site.faults.set(`${PIECES}*`, { delay: 800 });
  const { page, problems } = await openPage(suite.site.url);
  await page.fill('input', '张小兵');
  // The search for what the box says has started, and waits for its pieces.
  await statusSays(page, '正在加载索引…');
  await page.press('input', 'Enter');
  await page.locator('.article:not([hidden])').waitFor();
  assert.match(page.url(), /doc=004_5b3b55316f9678e7/);
  assert.deepEqual(problems, []);
});

// Each kind fails the hit's document piece: the query's terms load, then that one piece fails
// alone, so no failing fetch is still in flight when 重试 is clicked.
const KINDS = [
  { name: 'an HTTP 404', fault: { status: 404 }, reason: 'http' },
  { name: 'a truncated body', fault: { truncate: true }, reason: 'damaged' },
  { name: 'damaged bytes', fault: { damage: true }, reason: 'damaged' },
  { name: 'a reset connection', fault: { reset: true }, reason: 'offline' },
];

for (const { name, fault, reason } of KINDS) {
  test(`${name}: the failure is said, no result is shown, and 重试 brings the right one`, async () => {
    suite.site.faults.set(`${PIECES}d-*`, fault);
    const { page, problems } = await openPage(suite.site.url);
    await search(page, '迈博太科', FAILED);
    await saysFailed(page, reason);
    // A piece the host no longer has may be of a build replaced under the page: a reload helps.
    assert.deepEqual(await page.locator('.status button.reload').allTextContents(), reason === 'http' ? ['刷新页面'] : []);
    assert.deepEqual(await page.evaluate(() => window.answers), [{ type: 'sousuo-error', query: '迈博太科' }]);
    // A 200 with bad bytes leaves not even the browser's log line.
    assert.deepEqual(reason === 'damaged' ? problems : unexpected(problems), []);
    if (reason === 'http') await page.screenshot({ path: `${shots}split-failed.png` });

    // Still failing: 重试 fails again in the same words, and still shows nothing.
    await page.click('.status button.retry');
    await page.waitForFunction(() => window.answers.length === 2);
    await saysFailed(page, reason);

    suite.site.faults.clear();
    await page.click('.status button.retry');
    await statusSays(page, '找到 1 篇文章');
    assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
    assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['邁博太科']);
    assert.equal(await page.locator('.status button.retry').count(), 0);
    if (reason === 'http') await page.screenshot({ path: `${shots}split-retried.png` });
    assert.deepEqual(unexpected(problems), []);
  });
}

test('after a failure, the next query fetches the failed piece again by itself', async () => {
  suite.site.faults.set(`${PIECES}d-*`, { damage: true });
  const { page, problems } = await openPage(suite.site.url);
  await search(page, '迈博太科', FAILED);
  await saysFailed(page, 'damaged');
  const failed = piecesRequested().filter((p) => p.startsWith('d-'));
  assert.equal(failed.length, 1);

  suite.site.faults.clear();
  await search(page, '迈博');
  assert.ok((await ids(page)).includes('001_9fc454ccbfdced76'));
  assert.equal(piecesRequested().filter((p) => p === failed[0]).length, 2, 'the failed piece, fetched again');
  assert.deepEqual(problems, []);
});

test('a piece that never answers: after the timeout the reader is told, and 重试 works', async () => {
  suite.site.faults.set(`${PIECES}*`, { hang: true });
  const { page, problems } = await openPage(suite.site.url, { clock: true });
  await page.fill('input', '迈博太科');
  await page.clock.runFor(200);
  await statusSays(page, '正在加载索引…');
  await page.clock.runFor(20_000);
  await saysFailed(page, 'timeout');

  suite.site.faults.clear();
  await page.click('.status button.retry');
  await page.clock.runFor(200);
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  assert.deepEqual(unexpected(problems), []);
});

test('an article whose document piece fails says so, and 重试 opens it', async () => {
  suite.site.faults.set(`${PIECES}d-*`, { status: 404 });
  const { page, problems } = await openPage(`${suite.site.url}#doc=004_5b3b55316f9678e7&q=${encodeURIComponent('张小兵')}`);
  await saysFailed(page, 'http');
  assert.equal(await page.locator('.article').isHidden(), true);
  await page.screenshot({ path: `${shots}split-article-failed.png` });

  suite.site.faults.clear();
  await page.click('.status button.retry');
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['張小兵', '張小兵']);
  assert.deepEqual(unexpected(problems), []);
});

test('offline after a visit: what was searched still works, and a piece never fetched is said to be missing', async () => {
  let own = await suite.serve();
  const { page, problems, context } = await openPage(own.url, { worker: true });
  await waitForController(page);
  await search(page, '迈博太科', '找到 1 篇文章');
  const fetched = piecesRequested(own).sort();
  assert.equal(fetched.filter((p) => p.startsWith('p-')).length, 0);
  assert.deepEqual(await keptPieces(page), fetched, 'the worker keeps every piece it served');

  own.close();
  await context.setOffline(true);
  await page.goto(own.url);
  await widgetsReady(page);
  await search(page, '迈博太科', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  // Pinyin needs a piece this visit never fetched: not fewer hits, a failure said.
  await search(page, 'yiyao', FAILED);
  await saysFailed(page, 'offline');
  await page.screenshot({ path: `${shots}split-offline-missing.png` });

  // Back online, on the same origin: 重试 fetches it.
  own = await serve(own.root, Number(new URL(own.url).port));
  suite.later(own.close);
  await context.setOffline(false);
  await page.click('.status button.retry');
  await page.locator('.hints', { hasText: '拼音 yiyao → 医药' }).waitFor();
  assert.ok((await page.locator('[role="option"]').count()) >= 1);
  assert.deepEqual(unexpected(problems), []);
});

// Waits for the whole index to be downloaded, with its progress shown, then checks every kind of
// query offline.
async function downloadedThenOffline(own, page, context) {
  await page.waitForFunction(() => window.answers.some((a) => a.type === 'sousuo-offline-ready'));
  const progress = await page.evaluate(() => window.progress);
  const counts = progress.map((text) => text.match(/^正在下载完整索引以便离线使用：(\d+) \/ (\d+)（/)).filter(Boolean);
  const total = await builtPieces(own.root);
  assert.ok(counts.length >= 2, `progress was shown: ${progress}`);
  assert.deepEqual(counts.map((m) => Number(m[2])), counts.map(() => total));
  assert.equal(Number(counts.at(-1)[1]), total);
  assert.equal(progress.at(-1), DOWNLOADED);
  assert.equal(await page.locator('.progress').textContent(), DOWNLOADED);
  once(piecesRequested(own));
  await page.screenshot({ path: `${shots}split-downloaded.png` });
  assert.equal((await keptPieces(page)).length, total, 'the worker keeps every piece');

  own.close();
  await context.setOffline(true);
  await page.goto(own.url);
  await widgetsReady(page);
  await search(page, '迈博太科', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  await search(page, 'yiyao');
  await page.locator('.hints', { hasText: '拼音 yiyao → 医药' }).waitFor();
  await search(page, '张小兵', '找到 1 篇文章');
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['張小兵', '張小兵']);
}

test('the whole index, downloaded on request, answers every kind of query offline', async () => {
  const own = await suite.serve();
  const { page, problems, context } = await openPage(own.url, { worker: true });
  await waitForController(page);
  // Held back a little, so that the count is seen going up.
  own.faults.set(`${PIECES}*`, { delay: 100 });
  await page.evaluate(() => document.querySelector('sousuo-search').downloadAll());
  await downloadedThenOffline(own, page, context);
  assert.deepEqual(problems, []);
});

test('the offline attribute on a first visit downloads the whole index for offline use', async () => {
  const own = await suite.serve();
  own.faults.set(`${PIECES}*`, { delay: 100 });
  const { page, problems, context } = await openPage(own.url, { worker: true, offline: true });
  await downloadedThenOffline(own, page, context);
  assert.deepEqual(problems, []);
});

test('a whole-index download that fails says so under the box, and throws nothing at the page', async () => {
  // The download waits for the service worker to control the page, then meets the failing piece.
  const own = await suite.serve();
  own.faults.set(`${PIECES}p-*`, { status: 404 });
  const { page, problems } = await openPage(own.url, { worker: true, offline: true });
  await page.locator('.progress', { hasText: '完整索引下载失败' }).waitFor();
  assert.ok((await page.locator('.progress').textContent()).includes(REASONS.http));
  assert.equal(await page.evaluate(() => window.answers.length), 0, 'no sousuo-offline-ready');
  assert.deepEqual(unexpected(problems), []);
});

test('a whole-index download from a host that answers pieces with its page says it failed, never that it is done', async () => {
  // A host for single-page apps answers a path it has no file for with the app's page: 200, and
  // HTML. Term pieces were once passed through unchecked, and the download said it was done.
  const own = await suite.serve();
  own.faults.set(`${PIECES}t-*`, { page: true });
  const { page, problems } = await openPage(own.url, { worker: true, offline: true });
  await page.locator('.progress', { hasText: '完整索引下载失败' }).waitFor();
  assert.ok((await page.locator('.progress').textContent()).includes(REASONS.damaged));
  assert.ok(!(await page.evaluate(() => window.progress)).includes(DOWNLOADED));
  assert.equal(await page.evaluate(() => window.answers.length), 0, 'no sousuo-offline-ready');
  assert.deepEqual(unexpected(problems), []);
});

test('a damaged piece the service worker kept does not outlive the fix', async () => {
  const own = await suite.serve();
  const { page, problems } = await openPage(own.url, { worker: true });
  await waitForController(page);
  own.faults.set(`${PIECES}d-*`, { damage: true });
  await search(page, '迈博太科', FAILED);
  own.faults.clear();
  // The address still holds the query: the reload searches it again.
  await page.reload();
  await page.waitForFunction(() => window.answers.length > 0);
  assert.match(await page.locator('.status').textContent(), /^找到 1 篇文章/);
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  assert.deepEqual(problems, []);
});

test('a redeploy under an open page never mixes pieces: a piece gone or replaced is said, not searched', async () => {
  const own = await suite.serve();
  const { page, problems } = await openPage(own.url);
  await search(page, '迈博太科', '找到 1 篇文章');
  const loaded = piecesRequested(own);
  // The new build's pieces have new names; the old ones are gone.
  const dir = join(own.root, 'pkg/pieces');
  const renamed = (name) => name.replace(/-([0-9a-f]+)\./, (_, hash) => `-${[...hash].reverse().join('')}.`);
  const old = await pieceFiles(own.root);
  for (const name of old) await rename(join(dir, name), join(dir, renamed(name)));

  const before = piecesRequested(own).length;
  await search(page, '钉钉子精神', FAILED);
  await saysFailed(page, 'http');
  assert.match(await page.locator('.status').textContent(), /刷新页面/);
  assert.equal(await page.locator('.status button.reload').textContent(), '刷新页面');
  // Its terms or the slice of its hit: a piece the page had not loaded before.
  const wanted = piecesRequested(own).slice(before).find((p) => !loaded.includes(p));
  assert.ok(wanted, 'a piece not loaded before was asked for');
  await search(page, 'yiyao', FAILED);
  await saysFailed(page, 'http');
  // What the page already holds is of its own build, and still answers.
  await search(page, '迈博太科', '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);

  // A server that answers an old name with another piece's bytes (of the same kind) is refused.
  // The old pieces come back, all but one whole: the query's other pieces load, that one fails.
  for (const name of old) await rename(join(dir, renamed(name)), join(dir, name));
  // Of this build's pieces: pkg/pieces/ may also keep earlier builds' pieces.
  const built = await builtPieceNames(own.root);
  const other = built.find((p) => p[0] === wanted[0] && p !== wanted);
  await cp(join(dir, other), join(dir, wanted));
  await search(page, '钉钉子精神', FAILED);
  await saysFailed(page, 'damaged');
  assert.deepEqual(unexpected(problems), []);
});

// Deploys the long articles' build over `own`'s files, as a host's next deploy would: every file
// of the page replaced, the new pieces added beside the old.
const redeploy = (own) => cp(longWww, own.root, { recursive: true, force: true });

test('a page left open across a redeploy never answers from the new build\'s full engine: it says to reload, and a reload answers', async () => {
  const own = await suite.serve();
  const { page, problems } = await openPage(own.url);
  await search(page, '迈博太科', '找到 1 篇文章');
  await redeploy(own);
  // Pinyin needs the full engine, fetched now: the new build's, over another index.
  await page.fill('input', 'zhangxiaobing');
  await page.locator('.status button.reload').waitFor();
  assert.equal(await page.locator('.status').textContent(), '网站在这个页面打开之后更新过，请刷新页面再搜索。 刷新页面');
  assert.equal(await page.locator('[role="option"]').count(), 0);
  await Promise.all([page.waitForEvent('load'), page.click('.status button.reload')]);
  await widgetsReady(page);
  // The address kept the query: the new build answers it, four long articles.
  await page.waitForFunction(() => window.answers.length > 0);
  await statusSays(page, '找到 4 篇文章');
  assert.deepEqual(unexpected(problems), []);
});

test('with the service worker, the first reload after a redeploy loads the new build', async () => {
  const own = await suite.serve();
  const { page, problems } = await openPage(own.url, { worker: true });
  await waitForController(page);
  await search(page, '迈博太科', '找到 1 篇文章');
  await redeploy(own);
  await page.reload();
  await widgetsReady(page);
  await page.waitForFunction(() => window.answers.length > 0);
  await statusSays(page, '找到 4 篇文章');
  await search(page, 'zhangxiaobing', '找到 4 篇文章');
  assert.deepEqual(unexpected(problems), []);
});
