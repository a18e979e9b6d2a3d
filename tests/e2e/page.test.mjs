// The served page as a reader uses it: type, read results, open an article, go back, share a link,
// and come back offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { MANY_SYLLABLES, searchHolding, servedWithBrowser, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const served = servedWithBrowser(www);

async function openPage(hash = '', options = {}) {
  const { page, problems } = await watchedPage(served.browser, options);
  await page.goto(served.url + hash);
  await widgetsReady(page);
  return { page, problems };
}

const ids = (page) => page.locator('[role="option"] .hit-id').allTextContents();

test('before typing, examples drawn from the corpus are offered, and one click searches', async () => {
  const { page, problems } = await openPage();
  const examples = page.locator('.examples button');
  assert.ok((await examples.count()) >= 3, 'at least three examples');
  await page.screenshot({ path: `${shots}empty.png` });
  const first = await examples.first().textContent();
  await examples.first().click();
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal(await page.inputValue('input'), first);
  assert.ok((await page.locator('[role="option"]').count()) >= 1);
  assert.deepEqual(problems, []);
});

test('typing shows ranked results with the match highlighted in the article\'s script', async () => {
  const { page, problems } = await openPage();
  await page.fill('input', '迈博太科');
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(await ids(page), ['001_9fc454ccbfdced76']);
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['邁博太科']);
  assert.match(page.url(), /#q=%E8%BF%88/);
  assert.equal(await page.getAttribute('input', 'aria-expanded'), 'true');
  await page.screenshot({ path: `${shots}results.png` });
  assert.deepEqual(problems, []);
});

test('the page loads the widget as one module, its bytes once, and a page script shares its engine', async () => {
  const { page, problems } = await watchedPage(served.browser);
  const scripts = [];
  page.on('requestfinished', async (request) => {
    if (request.resourceType() !== 'script') return;
    const { responseBodySize } = await request.sizes();
    scripts.push(`${new URL(request.url()).pathname.replace(/^\//, '')}${responseBodySize > 0 ? '' : ' (revalidated)'}`);
  });
  await page.goto(`${served.url}#q=迈博太科`);
  await statusSays(page, '找到 1 篇文章');
  // The engine's worker runs the same bundle: the browser's copy, confirmed by the host.
  assert.deepEqual(scripts.sort(), ['app.js', 'sousuo.min.js', 'sousuo.min.js (revalidated)']);
  // The bundle's engine is the widget's: the pieces the widget's search fetched are loaded there.
  const info = await page.evaluate(async () => (await (await import('./sousuo.min.js')).open()).info());
  assert.ok(info.loadedBytes > 0, `the page script's engine has the widget's pieces (loaded ${info.loadedBytes} bytes)`);
  assert.ok(info.memoryBytes >= info.loadedBytes, `the wasm's memory is reported (${info.memoryBytes} bytes)`);
  assert.deepEqual(problems, []);
});

test('a search worker that stops is started again for the next search', async () => {
  const { page, problems } = await openPage('#q=迈博太科');
  await statusSays(page, '找到 1 篇文章');
  const [stopping] = page.workers();
  const closed = new Promise((done) => stopping.once('close', done));
  // What the engine never catches, as a worker stopped for its memory reports it.
  await stopping.evaluate(() => setTimeout(() => { throw new Error('out of memory'); }));
  await closed;
  await page.fill('input', '张小兵');
  await page.locator('[role="option"] .hit-id', { hasText: '004_5b3b55316f9678e7' }).waitFor();
  assert.equal(await page.locator('.status').textContent(), '找到 1 篇文章。');
  assert.equal(page.workers().length, 1, 'one worker serves the page again');
  assert.deepEqual(problems.filter((p) => !/out of memory/.test(p)), []);
});

test('a hit that cannot be drawn fails its whole answer: the list and the status line never disagree', async () => {
  const { page, problems } = await watchedPage(served.browser);
  // Any fault while drawing a hit: here, a highlight that cannot be made once the page says so.
  await page.addInitScript(() => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      if (window.breakHighlights && tag === 'mark') throw new Error('the page broke its highlights');
      return create.call(this, tag, ...rest);
    };
  });
  await page.goto(`${served.url}#q=迈博太科`);
  await statusSays(page, '找到 1 篇文章');
  await page.evaluate(() => { window.breakHighlights = true; });
  await page.fill('input', '张小兵');
  await page.locator('.status button.retry').waitFor();
  assert.match(await page.locator('.status').textContent(), /^搜索出错：the page broke its highlights/);
  assert.equal(await page.locator('[role="option"]').count(), 0, 'no hit of the previous query is left');
  await page.evaluate(() => { window.breakHighlights = false; });
  await page.click('.status button.retry');
  await statusSays(page, '找到 1 篇文章');
  assert.deepEqual(await page.locator('[role="option"] .hit-id').allTextContents(), ['004_5b3b55316f9678e7']);
  assert.deepEqual(problems, []);
});

test('searches run in the engine\'s worker: the page\'s own thread only draws the answers', async () => {
  const { page, problems } = await openPage();
  const { thread, total, took, held } = await searchHolding(page, MANY_SYLLABLES);
  assert.equal(thread, 'worker');
  assert.ok(total > 0);
  assert.ok(held < took / 2, `the page's thread was held ${held} ms of the query's ${took}`);
  assert.deepEqual(page.workers().map((worker) => new URL(worker.url()).pathname), ['/sousuo.min.js']);
  assert.deepEqual(problems, []);
});

test('a paste of many megabytes is searched by its start, and leaves the engine\'s memory as it was', async () => {
  const { page, problems } = await watchedPage(served.browser);
  await page.goto(`${served.url}#q=迈博太科`);
  await statusSays(page, '找到 1 篇文章');
  const [before, after, query] = await page.evaluate(async () => {
    const engine = await (await import('./sousuo.min.js')).open();
    const before = engine.info().memoryBytes;
    const results = await engine.search('迈博太科'.repeat(4 << 20));
    return [before, engine.info().memoryBytes, results.query];
  });
  assert.equal([...query].length, 256, 'the engine searched its first 256 characters');
  assert.ok(after - before < 8 << 20, `the wasm's memory grew by ${after - before} bytes`);
  assert.deepEqual(problems, []);
});

test('an article opens whole with its matches, jumps between them, and back returns to the results', async () => {
  const { page, problems } = await openPage('#q=张小兵');
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.match(page.url(), /doc=004_5b3b55316f9678e7/);
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['張小兵', '張小兵']);
  assert.ok((await page.locator('.article-body p').count()) >= 4);
  await page.click('.next-match');
  assert.equal(await page.locator('.match-position').textContent(), '1 / 2');
  await page.click('.next-match');
  assert.equal(await page.locator('.match-position').textContent(), '2 / 2');
  assert.equal(await page.locator('.article-body mark.current').count(), 1);
  await page.screenshot({ path: `${shots}article.png` });
  await page.goBack();
  await page.locator('[role="listbox"]:not([hidden]) [role="option"]').first().waitFor();
  assert.equal(await page.inputValue('input'), '张小兵');
  await page.goForward();
  await page.locator('.article:not([hidden])').waitFor();
  await page.click('.back');
  await page.locator('[role="listbox"]:not([hidden])').waitFor();
  assert.match(page.url(), /#q=/);
  assert.doesNotMatch(page.url(), /doc=/);
  assert.deepEqual(problems, []);
});

test('a shared link opens the article or the results it names, and survives a reload', async () => {
  const { page } = await openPage('#doc=001_9fc454ccbfdced76&q=中國醫藥城');
  await page.locator('.article:not([hidden])').waitFor();
  assert.equal(await page.locator('.article h2').textContent(), '市委常委會在醫藥高新區調研并專題研究醫藥高新區工作');
  assert.ok((await page.locator('.article-body mark').count()) >= 2);
  // Back from a shared article goes to its results, not out of the page.
  await page.click('.back');
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.ok((await ids(page)).includes('001_9fc454ccbfdced76'));
  await page.reload();
  await widgetsReady(page);
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal(await page.inputValue('input'), '中國醫藥城');
});

test('nothing found, and an unknown article, are said plainly', async () => {
  const { page } = await openPage('#q=举报');
  await statusSays(page, '没有找到');
  assert.equal(await page.locator('[role="option"]').count(), 0);
  assert.equal(await page.getAttribute('input', 'aria-expanded'), 'false');
  await page.screenshot({ path: `${shots}no-results.png` });
  const missing = await openPage('#doc=no-such-article');
  await statusSays(missing.page, 'no-such-article');
});

test('a partial match is marked as such and names what is missing; pinyin says what it read', async () => {
  const { page, problems } = await openPage('#q=张小兵项目招引建设');
  await statusSays(page, '没有文章包含完整的');
  assert.equal((await ids(page))[0], '004_5b3b55316f9678e7');
  assert.equal(await page.locator('.partial-tag').first().textContent(), '部分匹配');
  assert.match(await page.locator('.missing').first().textContent(), /缺少：张小兵$/);
  await page.screenshot({ path: `${shots}partial.png` });

  await page.fill('input', 'yiyao');
  await page.locator('.hints', { hasText: '医药' }).waitFor();
  assert.match(await page.locator('.hints').textContent(), /拼音 yiyao → 医药/);
  assert.ok((await page.locator('.snippet mark').allTextContents()).includes('醫藥'));
  await page.screenshot({ path: `${shots}pinyin.png` });
  assert.deepEqual(problems, []);
});

test('a name typed in pinyin letter by letter keeps its article listed, highlighted, all the way', async () => {
  const { page, problems } = await openPage();
  await widgetsReady(page);
  // What the box holds after each key from the end of the first syllable on; zhangxia and
  // zhangxiaobin are where the last syllable is not typed out yet.
  for (const typed of ['zhangx', 'zhangxia', 'zhangxiao', 'zhangxiaob', 'zhangxiaobin', 'zhangxiaobing']) {
    await page.fill('input', typed);
    await page.locator('.hints', { hasText: `拼音 ${typed} →` }).waitFor();
    assert.equal((await ids(page))[0], '004_5b3b55316f9678e7', typed);
    if (typed.length >= 'zhangxiaob'.length) {
      assert.match(await page.locator('.hints').textContent(), new RegExp(`拼音 ${typed} → 张小兵`), typed);
      assert.ok((await page.locator('.snippet mark').allTextContents()).includes('張小兵'), typed);
    }
  }
  await page.screenshot({ path: `${shots}pinyin-typing.png` });
  assert.deepEqual(problems, []);
});

test('a query too broad to search whole says that it searched part, and about how many match', async () => {
  const { page, problems } = await openPage();
  // No seed query is that broad, so the status line is given such an answer directly.
  const status = await page.evaluate(async () => {
    const { resultsStatus } = await import('./sousuo-results.js');
    const { wordsFor } = await import('./sousuo-words.js');
    const broad = { code: 'tooBroad', searched: 1, documents: 5, matched: 2, estimate: 10 };
    const part = { query: '的 在', total: 2, totalEstimate: 10, partial: false, notices: [broad], hits: [] };
    return ['zh-CN', 'zh-TW', 'en'].map((lang) => resultsStatus(part, wordsFor(lang), false));
  });
  assert.deepEqual(status, [
    '查询太宽泛，只检索了开头的一部分文章，共约 10 篇符合；以下是其中找到的 2 篇。',
    '查詢太廣泛，只檢索了開頭的一部分文章，共約 10 篇符合；以下是其中找到的 2 篇。',
    'Too broad to search whole: only the first part of the articles was searched (about 10 match in all); 2 articles found there.',
  ]);
  assert.deepEqual(problems, []);
});

test('a typo mended beyond doubt shows the mending\'s results at once, and the query as typed is one click away', async () => {
  const { page, problems } = await openPage('#q=朱浩明');
  await statusSays(page, '没有找到「朱浩明」，已显示「朱浩民」的结果：找到 1 篇文章。');
  assert.deepEqual(await ids(page), ['000_667db0e961eb6a34']);
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['朱浩民']);
  await page.screenshot({ path: `${shots}did-you-mean.png` });
  // The article opened from there shows the mending where it stands.
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['朱浩民']);
  await page.keyboard.press('Escape');
  await page.locator('[role="listbox"]:not([hidden])').waitFor();

  // As typed, nothing: the mending is offered instead, one click away.
  const asTyped = page.locator('.hints .as-typed');
  assert.equal(await asTyped.textContent(), '仍然搜索「朱浩明」');
  await asTyped.click();
  await statusSays(page, '没有找到包含「朱浩明」的文章。');
  assert.equal(await page.locator('[role="option"]').count(), 0);
  const suggestion = page.locator('.hints .suggestion').first();
  assert.equal(await suggestion.textContent(), '朱浩民');
  await suggestion.click();
  await statusSays(page, /^找到 1 篇文章/);
  assert.equal((await ids(page))[0], '000_667db0e961eb6a34');
  assert.equal(await page.locator('.hints').isHidden(), true);
  assert.match(page.url(), /q=%E6%9C%B1%E6%B5%A9%E6%B0%91/);
  assert.deepEqual(problems, []);
});

test('typing fast loses no keystroke: the newest query wins, and searches are debounced', async () => {
  const { page, problems } = await openPage();
  await page.evaluate(() => {
    window.searched = [];
    document.querySelector('sousuo-search').addEventListener('sousuo-results', (event) => window.searched.push(event.detail));
  });
  await page.locator('input').pressSequentially('泰州医药高新区', { delay: 10 });
  await statusSays(page, /找到 \d+ 篇文章/);
  await page.waitForTimeout(200);
  const searched = await page.evaluate(() => window.searched);
  assert.equal(searched.at(-1).query, '泰州医药高新区');
  assert.ok(searched.length < 7, `debounced: ${searched.length} searches for 7 keystrokes`);
  // What one search and render costs on this corpus (a frame is 16.7 ms).
  const times = [];
  for (const q of ['医药', '张小兵', '泰州 发展', 'yiyao', '"四到四办"', '医药高新区']) {
    await page.evaluate(() => { window.searched = []; });
    await page.fill('input', q);
    await page.waitForFunction((wanted) => window.searched.some((s) => s.query === wanted), q);
    times.push((await page.evaluate(() => window.searched.at(-1).ms)));
  }
  console.log(`search and render, ms: ${times.map((t) => t.toFixed(2)).join(' ')}`);
  assert.deepEqual(problems, []);
});

test('while the index loads the box takes keystrokes, says it is loading, and then searches them', async () => {
  const { page, problems } = await watchedPage(served.browser);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/sousuo_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(served.url);
  await statusSays(page, '正在加载索引');
  await page.screenshot({ path: `${shots}loading.png` });
  await page.locator('input').pressSequentially('张小兵', { delay: 20 });
  release();
  await widgetsReady(page);
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal((await ids(page))[0], '004_5b3b55316f9678e7');
  assert.deepEqual(problems, []);
});

test('the served site keeps working offline after the first visit, and a new build replaces the cache', async () => {
  // A copy of the site, so that this test can publish a "new build" without touching www/.
  const root = await mkdtemp(join(tmpdir(), 'sousuo-site-'));
  await cp(www, root, { recursive: true });
  let site = await serve(root);
  const context = await served.browser.newContext();
  try {
    const { page, problems } = await watchedPage(context);
    await page.goto(site.url);
    await widgetsReady(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
      }
    });
    const versioned = (keys) => keys.filter((key) => !key.startsWith('sousuo-pieces-'));
    assert.equal(versioned(await page.evaluate(() => caches.keys())).length, 1);
    // The index pieces this query and its article need pass through the worker, which keeps them.
    await page.fill('input', '张小兵');
    await statusSays(page, /找到 \d+ 篇文章/);
    await page.locator('[role="option"]').first().click();
    await page.locator('.article:not([hidden])').waitFor();

    // The server is gone and the network is off: the site still loads and searches.
    const port = new URL(site.url).port;
    site.close();
    await context.setOffline(true);
    await page.goto(`${site.url}#q=${encodeURIComponent('张小兵')}`);
    await widgetsReady(page);
    await statusSays(page, /找到 \d+ 篇文章/);
    await page.locator('[role="option"]').first().click();
    await page.locator('.article:not([hidden])').waitFor();
    await page.screenshot({ path: `${shots}offline.png` });

    // A new build: the manifest names a new version. Back online, the worker updates itself,
    // caches under the new version, and drops the old cache.
    await context.setOffline(false);
    const manifest = join(root, 'pkg/offline.js');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/version: '[^']*'/, "version: 'next-build'"));
    site = await serve(root, Number(port));
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update();
    });
    // Polled from here: waitForFunction takes an async predicate's promise for a true answer.
    const fileCaches = () => page.evaluate(async () => (await caches.keys()).filter((key) => !key.startsWith('sousuo-pieces-')));
    for (let tries = 0; (await fileCaches()).join() !== 'sousuo-next-build'; tries++) {
      assert.ok(tries < 200, `the new build replaces the old cache: ${await fileCaches()}`);
      await page.waitForTimeout(100);
    }
    // Every file the manifest names, and the page itself ('./').
    const listed = (await readFile(manifest, 'utf8')).match(/files: \[([^\]]*)\]/)[1].split(',').length + 1;
    assert.equal(await page.evaluate(async () => (await (await caches.open('sousuo-next-build')).keys()).length), listed);
    // The new build names the same pieces (only its version changed): offline again, they come
    // from the previous build's cache, and the new build's cache keeps them from then on.
    site.close();
    await context.setOffline(true);
    // The results, not the article (whose shared link needs the ids piece, never fetched), and
    // a reload, so that the new page's wasm fetches its pieces anew.
    await page.goto(`${site.url}#q=${encodeURIComponent('张小兵')}`);
    await page.reload();
    await widgetsReady(page);
    await statusSays(page, /找到 \d+ 篇文章/);
    assert.equal((await ids(page))[0], '004_5b3b55316f9678e7');
    const kept = await page.evaluate(async () => {
      const names = async (key) => (await (await caches.open(key)).keys()).map((r) => r.url.split('/').pop());
      return { next: await names('sousuo-pieces-next-build'), all: (await caches.keys()).filter((k) => k.startsWith('sousuo-pieces-')) };
    });
    assert.ok(kept.next.some((name) => name.startsWith('t-')) && kept.next.some((name) => name.startsWith('d-')),
      `the new build's cache holds the query's pieces: ${kept.next}`);
    assert.equal(kept.all.length, 2, `this build's pieces and the previous build's: ${kept.all}`);
    // The manifest every visitor's worker loads names no piece: it does not grow with the index.
    assert.doesNotMatch(await readFile(manifest, 'utf8'), /\.bin/);
    await context.setOffline(false);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    site.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('at 360 px wide nothing overflows, and dark mode keeps readable contrast', async () => {
  const { page, problems } = await openPage('#q=医药高新区', { viewport: { width: 360, height: 740 } });
  await statusSays(page, /找到 \d+ 篇文章/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow} px wide at 360`);
  await page.screenshot({ path: `${shots}narrow-results.png` });
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360);
  await page.screenshot({ path: `${shots}narrow-article.png` });

  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${served.url}#q=${encodeURIComponent('医药高新区')}`);
    await widgetsReady(page);
    await statusSays(page, /找到 \d+ 篇文章/);
    const ratios = await page.evaluate(contrastRatios);
    for (const [what, ratio] of Object.entries(ratios)) {
      assert.ok(ratio >= 4.5, `${colorScheme}: ${what} contrast ${ratio.toFixed(2)} is below 4.5`);
    }
    if (colorScheme === 'dark') await page.screenshot({ path: `${shots}dark-results.png` });
  }
  assert.deepEqual(problems, []);
});

// WCAG contrast ratios of the widget's text against what is behind it, from computed styles.
function contrastRatios() {
  const root = document.querySelector('sousuo-search').shadowRoot;
  const rgb = (color) => color.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = (color) => {
    const [r, g, b] = rgb(color).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const paper = getComputedStyle(root.host).backgroundColor;
  const style = (selector) => getComputedStyle(root.querySelector(selector));
  const mark = style('.snippet mark');
  return {
    text: ratio(style('.snippet').color, paper),
    status: ratio(style('.status').color, paper),
    title: ratio(style('.hit-title').color, paper),
    id: ratio(style('.hit-id').color, paper),
    placeholder: ratio(getComputedStyle(root.querySelector('input'), '::placeholder').color, paper),
    highlight: ratio(mark.color, mark.backgroundColor),
  };
}
