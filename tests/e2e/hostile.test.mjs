// Hostile input in the browser: megabytes pasted into the box, strings JavaScript alone can hold,
// bad options, and a corpus full of markup (tests/corpora/hostile, built by `./x test` into
// target/hostile-www/) that must show as text and never run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const hostileWww = fileURLToPath(new URL('../../target/hostile-www/', import.meta.url));
let site;
let hostileSite;
let browser;

before(async () => {
  await access(`${hostileWww}pkg/sousuo_bg.wasm`).catch(() => {
    throw new Error('target/hostile-www/ is missing: ./x test builds it before the page tests');
  });
  site = await serve(www);
  hostileSite = await serve(hostileWww);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
  hostileSite?.close();
});

async function openPage(url) {
  const { page, problems } = await watchedPage(browser);
  await page.goto(url);
  await widgetsReady(page);
  return { page, problems };
}

// Elements that markup in the corpus would have created, had it been parsed as HTML.
const parsedMarkup = (page) => page.evaluate(() => {
  const root = document.querySelector('sousuo-search').shadowRoot;
  return root.querySelectorAll('img, script, style, b, a').length + document.querySelectorAll('main img, main script, main style').length;
});

test('a megabyte pasted into the box is cut, said so, and the page keeps working', async () => {
  const { page, problems } = await openPage(site.url);
  const pasted = '医药高新区的新闻。'.repeat(120_000); // over 1 MB of UTF-16
  await page.locator('input').fill(pasted);
  await statusSays(page, '只搜索了前 256 个字');
  const address = await page.evaluate(() => location.hash.length);
  assert.ok(address < 20_000, `the address stays small (${address} characters)`);
  await page.locator('input').fill('泰州');
  await statusSays(page, '找到 5 篇');
  assert.deepEqual(problems, []);
  await page.close();
});

test('lone surrogates, odd scripts and bad options reach the wasm and get answers, not a dead module', async () => {
  const { page, problems } = await openPage(site.url);
  const answers = await page.evaluate(async () => {
    const { open } = await import('./sousuo.min.js');
    const engine = await open();
    const attempt = async (call) => {
      try {
        const value = await call();
        return { total: value.total, query: value.query, notices: value.notices };
      } catch (error) {
        return { error: error.message };
      }
    };
    return {
      lone: await attempt(() => engine.search('\uD800医药\uDC00')),
      loneOnly: await attempt(() => engine.search('\uDFFF')),
      mixed: await attempt(() => engine.search('😀 שלום こんにちは 안녕 e\u0301')),
      nul: await attempt(() => engine.search('医\u0000药')),
      negative: await attempt(() => engine.search('泰州', { limit: -1 })),
      nan: await attempt(() => engine.search('泰州', { limit: NaN })),
      huge: await attempt(() => engine.search('泰州', { offset: 1e300 })),
      text: await attempt(() => engine.search('泰州', { limit: '10' })),
      array: await attempt(() => engine.search('泰州', [1, 2])),
      suggestLimit: await attempt(() => engine.suggest('yi', -5)),
      missing: await attempt(() => engine.article('no such article')),
      malformed: await attempt(() => engine.article('\uD800../../')),
      alive: await attempt(() => engine.search('泰州')),
    };
  });
  assert.equal(answers.lone.query, '\uFFFD医药\uFFFD', 'a lone surrogate arrives as U+FFFD');
  assert.ok(answers.lone.total > 0);
  assert.equal(answers.loneOnly.total, 0);
  assert.deepEqual(answers.loneOnly.notices, [{ code: 'nothingReadable' }], 'a query of nothing readable says so');
  assert.equal(answers.mixed.total, 0);
  assert.ok(answers.nul.total > 0, 'NUL between two characters is ignored');
  for (const key of ['negative', 'nan', 'huge']) {
    assert.match(answers[key].error ?? '', /(limit|offset) must be a whole number from 0 to \d+/, key);
  }
  assert.match(answers.text.error ?? '', /^limit must be a whole number, not string/);
  assert.match(answers.array.error ?? '', /options must be an object like \{limit: 10, offset: 0\} with numbers/);
  assert.match(answers.suggestLimit.error ?? '', /limit must be a whole number/);
  assert.match(answers.missing.error ?? '', /no article has the id "no such article"/);
  assert.match(answers.malformed.error ?? '', /no article has the id/);
  assert.equal(answers.alive.total, 5, 'the module is alive after every refusal');
  assert.deepEqual(problems, []);
  await page.close();
});

test('markup in the corpus shows as text in results and articles, and never runs', async () => {
  const { page, problems } = await openPage(`${hostileSite.url}#q=${encodeURIComponent('<img onerror')}`);
  const title = page.locator('[role="option"] .hit-title').first();
  await title.waitFor();
  assert.equal(await title.textContent(), '<script>alert("标题")</script>医药标签测试');
  const snippet = await page.locator('[role="option"] .snippet').first().textContent();
  assert.ok(snippet.includes('<img src=x onerror=alert(1)>'), snippet);
  assert.equal(await page.locator('[role="option"] mark').first().textContent(), '<img');
  assert.equal(await parsedMarkup(page), 0);
  await page.screenshot({ path: `${shots}hostile-results.png`, fullPage: true });

  await title.click();
  await page.locator('.article:not([hidden])').waitFor();
  const body = await page.locator('.article-body').textContent();
  for (const text of ['<img src=x onerror=alert(1)>', 'javascript:alert(document.cookie)', '&lt;b&gt; 和 &amp;', '<style>body{display:none}</style>']) {
    assert.ok(body.includes(text), `${text} is shown as text`);
  }
  assert.equal(await parsedMarkup(page), 0);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'block');
  await page.screenshot({ path: `${shots}hostile-article.png`, fullPage: true });

  // A file name with spaces and Chinese is an id a shared link can open.
  await page.goto(`${hostileSite.url}#doc=${encodeURIComponent('带 空格 的中文文件名')}&q=${encodeURIComponent('医药')}`);
  await page.reload();
  await widgetsReady(page);
  await page.locator('.article h2').filter({ hasText: '文件名里有空格和中文' }).waitFor();
  assert.equal(await page.locator('.article-body mark').first().textContent(), '医药');

  // Queries with markup are text too.
  await page.goto(`${hostileSite.url}#q=${encodeURIComponent('<script>alert(2)</script>')}`);
  await widgetsReady(page);
  await statusSays(page, '<script>alert(2)</script>');
  assert.equal(await parsedMarkup(page), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page declares a Content-Security-Policy that allows the wasm and nothing more', async () => {
  const { page, problems } = await openPage(site.url);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*/);
  // An inline script injected into the page is refused by the policy.
  const ran = await page.evaluate(() => {
    window.injected = false;
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    return window.injected;
  });
  assert.equal(ran, false);
  assert.ok(problems.every((p) => p.includes('Content Security Policy')), problems.join('\n'));
  await page.close();
});
