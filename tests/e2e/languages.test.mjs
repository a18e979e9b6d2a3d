// A site in several languages, indexed by the command: the widget searches its page's language
// (`<html lang>`), and its `language` attribute picks one, or all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const run = promisify(execFile);
const command = fileURLToPath(new URL('../../target/cli/sousuo', import.meta.url));
const page = (lang, title, text) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>\n`;
const PAGES = {
  'zh-cn/install.html': page('zh-CN', '安装', '运行 npm install -g hexo-cli 安装命令行工具。'),
  'zh-cn/faq.html': page('zh-CN', '常见问题', 'npm install 失败时先检查网络。'),
  'zh-tw/install.html': page('zh-TW', '安裝', '執行 npm install -g hexo-cli 安裝命令列工具。'),
  'en/install.html': page('en', 'Installation', 'Run npm install -g hexo-cli to install the command.'),
  'zh-cn/threads.html': page('zh-CN', '并发', '用线程同时运行多段代码。'),
};
let site;
let server;
let browser;

before(async () => {
  site = await mkdtemp(join(tmpdir(), 'sousuo-languages-'));
  for (const [path, html] of Object.entries(PAGES)) {
    await mkdir(join(site, path, '..'), { recursive: true });
    await writeFile(join(site, path), html);
  }
  await run(command, ['--site', site]);
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  await rm(site, { recursive: true, force: true });
});

// A page of the site in `lang` with the widget, `attributes` on it, ready.
async function hostPage(lang, attributes) {
  const { page: tab, problems } = await watchedPage(browser);
  const host = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>host</title>
<script type="module" src="/sousuo/sousuo.min.js"></script></head><body><sousuo-search ${attributes}></sousuo-search></body></html>`;
  await tab.route('**/host.html', (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await tab.goto(`${server.url}host.html`);
  await widgetsReady(tab);
  return { tab, problems };
}

// The pages found for `npm install` on a page in `lang`, with `attributes` on the widget.
async function hits(lang, attributes = '') {
  const { tab, problems } = await hostPage(lang, attributes);
  await tab.fill('input', 'npm install');
  await statusSays(tab, /找到 \d+ 篇文章|Found \d+ articles?/);
  const urls = (await tab.locator('a.hit[role="option"]').evaluateAll((links) => links.map((a) => new URL(a.href).pathname))).sort();
  // The language is the page's, not a row of filters for the reader.
  assert.equal(await tab.locator('.filter-row').count(), 0);
  assert.deepEqual(problems, []);
  await tab.close();
  return urls;
}

test('the widget searches its page\'s language, and its attribute picks another or all', async () => {
  assert.deepEqual(await hits('zh-CN'), ['/zh-cn/faq.html', '/zh-cn/install.html']);
  assert.deepEqual(await hits('zh-TW'), ['/zh-tw/install.html']);
  assert.deepEqual(await hits('en'), ['/en/install.html']);
  // A language of the same family: `zh` is the first Chinese one.
  assert.deepEqual(await hits('zh'), ['/zh-cn/faq.html', '/zh-cn/install.html']);
  assert.deepEqual(await hits('en', 'language="zh-tw"'), ['/zh-tw/install.html']);
  assert.equal((await hits('en', 'language="all"')).length, 4);
  // A page in a language the site lacks searches all of it rather than nothing.
  assert.equal((await hits('fr')).length, 4);
});

test('the widget speaks its page\'s language, and its own lang attribute overrides it', async () => {
  // What only the engine can tell (the query was cut, and where) arrives as a code with its
  // values, worded by the widget.
  const long = 'npm '.repeat(80);
  const said = async (lang, attributes = '') => {
    const { tab, problems } = await hostPage(lang, attributes);
    const label = await tab.getAttribute('input', 'aria-label');
    await tab.fill('input', long);
    await statusSays(tab, /\d/);
    const status = await tab.locator('.status').textContent();
    assert.deepEqual(problems, []);
    await tab.close();
    return { label, status };
  };
  assert.deepEqual(await said('zh-CN'), { label: '搜索文章', status: '找到 2 篇文章。查询太长，只搜索了前 256 个字。' });
  assert.deepEqual(await said('zh-TW'), { label: '搜尋文章', status: '找到 1 篇文章。查詢太長，只搜尋了前 256 個字。' });
  assert.deepEqual(await said('en'), {
    label: 'Search articles', status: 'Found 1 article. The query is too long: only its first 256 characters were searched.',
  });
  // An English page whose widget is told it speaks Traditional Chinese, searching every language.
  assert.deepEqual(await said('en', 'lang="zh-Hant-HK" language="all"'), { label: '搜尋文章', status: '找到 4 篇文章。查詢太長，只搜尋了前 256 個字。' });
});

test('the command searches one language of the site, or every one', async () => {
  const urls = async (...flags) => {
    const { stdout } = await run(command, ['search', '--index', join(site, 'sousuo'), '--json', ...flags, 'npm install']);
    return JSON.parse(stdout).hits.map((hit) => hit.url.replace(/^\//, '')).sort();
  };
  assert.deepEqual(await urls('--language', 'zh-TW'), ['zh-tw/install.html']);
  assert.deepEqual(await urls('--language', 'zh-cn'), ['zh-cn/faq.html', 'zh-cn/install.html']);
  assert.equal((await urls()).length, 4);
});

test('the empty box offers words from its own language\'s titles', async () => {
  const offered = async (lang) => {
    const { tab, problems } = await hostPage(lang, '');
    await tab.locator('.examples li button').first().waitFor();
    const words = await tab.locator('.examples li button').allTextContents();
    assert.deepEqual(problems, []);
    await tab.close();
    return words;
  };
  assert.deepEqual(await offered('zh-TW'), ['安裝']);
  const simplified = await offered('zh-CN');
  assert.ok(simplified.includes('并发') && !simplified.includes('安裝'), simplified.join(' '));
});

test('a word of Taiwan finds the page that uses the mainland\'s, highlighted in its own words', async () => {
  const { tab, problems } = await hostPage('zh-CN', '');
  await tab.fill('input', '執行緒');
  await statusSays(tab, /找到 1 篇文章/);
  assert.equal(new URL(await tab.locator('a.hit').getAttribute('href')).pathname, '/zh-cn/threads.html');
  assert.deepEqual(await tab.locator('a.hit mark').allTextContents(), ['线程']);
  assert.deepEqual(problems, []);
  await tab.close();
});
