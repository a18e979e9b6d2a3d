// The served page as a reader uses it: type, read results, open an article, go back, share a link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const shots = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));
let server;
let browser;

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await serve(www);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function openPage(hash = '') {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(server.url + hash);
  await page.waitForSelector('#q:not([disabled])');
  return { page, problems };
}

test('typing shows ranked results with the match highlighted in the article\'s script', async () => {
  const { page, problems } = await openPage();
  await page.screenshot({ path: `${shots}empty.png` });
  await page.fill('#q', '迈博太科');
  await page.waitForSelector('#results .hit');
  assert.equal(await page.locator('#results .hit').count(), 1);
  assert.equal(await page.locator('.hit-id').first().textContent(), '001_9fc454ccbfdced76');
  assert.deepEqual(await page.locator('.snippet mark').allTextContents(), ['邁博太科']);
  assert.match(page.url(), /#q=%E8%BF%88/);
  await page.screenshot({ path: `${shots}results.png` });
  assert.deepEqual(problems, []);
});

test('an article opens whole with its matches, and back returns to the results', async () => {
  const { page, problems } = await openPage('#q=张小兵');
  await page.waitForSelector('#results .hit');
  await page.click('.hit-title');
  await page.waitForSelector('#article:not([hidden])');
  assert.match(page.url(), /doc=004_5b3b55316f9678e7/);
  assert.deepEqual(await page.locator('#article-body mark').allTextContents(), ['張小兵', '張小兵']);
  assert.ok((await page.locator('#article-body p').count()) >= 4);
  await page.click('#next-match');
  assert.equal(await page.locator('#match-position').textContent(), '1 / 2');
  await page.screenshot({ path: `${shots}article.png` });
  await page.goBack();
  await page.waitForSelector('#results:not([hidden]) .hit');
  assert.equal(await page.inputValue('#q'), '张小兵');
  await page.goForward();
  await page.waitForSelector('#article:not([hidden])');
  assert.deepEqual(problems, []);
});

test('a shared link to an article opens it directly', async () => {
  const { page } = await openPage('#doc=001_9fc454ccbfdced76&q=中國醫藥城');
  await page.waitForSelector('#article:not([hidden])');
  assert.equal(await page.locator('#article-title').textContent(), '市委常委會在醫藥高新區調研并專題研究醫藥高新區工作');
  assert.ok((await page.locator('#article-body mark').count()) >= 2);
});

test('nothing found, and an unknown article, are said plainly', async () => {
  const { page } = await openPage('#q=举报');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('没有找到'));
  assert.equal(await page.locator('#results .hit').count(), 0);
  await page.screenshot({ path: `${shots}no-results.png` });
  const missing = await openPage('#doc=no-such-article');
  await missing.page.waitForFunction(() => document.querySelector('#status').textContent.includes('no-such-article'));
});

test('a partial match says so and names what is missing; pinyin says what it read', async () => {
  const { page, problems } = await openPage('#q=张小兵项目招引建设');
  await page.waitForSelector('#results .hit');
  assert.match(await page.locator('#status').textContent(), /没有文章包含完整的/);
  assert.equal(await page.locator('.hit-id').first().textContent(), '004_5b3b55316f9678e7');
  assert.match(await page.locator('.missing').first().textContent(), /缺少：张小兵$/);
  await page.screenshot({ path: `${shots}partial.png` });

  await page.fill('#q', 'yiyao');
  await page.waitForFunction(() => document.querySelector('#hints').textContent.includes('医药'));
  assert.match(await page.locator('#hints').textContent(), /拼音 yiyao → 医药/);
  assert.ok((await page.locator('.snippet mark').allTextContents()).includes('醫藥'));
  await page.screenshot({ path: `${shots}pinyin.png` });
  assert.deepEqual(problems, []);
});

test('a homophone typo finds nothing but offers the word, one click away', async () => {
  const { page } = await openPage('#q=朱浩明');
  await page.waitForSelector('#hints:not([hidden]) .suggestion');
  assert.equal(await page.locator('#hints .suggestion').first().textContent(), '朱浩民');
  await page.screenshot({ path: `${shots}did-you-mean.png` });
  await page.click('#hints .suggestion');
  await page.waitForSelector('#results .hit');
  assert.equal(await page.locator('.hit-id').first().textContent(), '000_667db0e961eb6a34');
  assert.equal(await page.locator('#hints').isHidden(), true);
});
