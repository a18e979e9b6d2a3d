// sousuo added to a site its generator built (a Hugo site, built by ./x test into
// target/hugo-site/ with the widget in its sousuo/ folder): a result opens its page at the match,
// highlighted by the browser; a section link opens the section; the filter bar filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { servedWithBrowser, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const site = fileURLToPath(new URL('../../target/hugo-site/', import.meta.url));
const served = servedWithBrowser(site);

// A short window: the match is below the fold, so the browser must scroll to show it.
async function openSearch(hash, viewport = { width: 700, height: 360 }) {
  const { page, problems } = await watchedPage(served.browser, { viewport });
  await page.goto(`${served.url}sousuo/${hash}`);
  await widgetsReady(page);
  return { page, problems };
}

// The page the browser is on, and the text fragment it was asked to find (Chromium keeps
// `:~:text=` out of location, but the navigation entry has it).
const landed = (page) => page.evaluate(() => ({
  path: decodeURI(location.pathname),
  hash: decodeURIComponent(location.hash),
  asked: decodeURIComponent(performance.getEntriesByType('navigation')[0].name.split('#')[1] ?? ''),
  scrolled: scrollY,
}));

// Whether `text` is on the page and inside the window.
const inView = (page, text) => page.evaluate((text) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    const box = range.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight;
  }
  return false;
}, text);

test('a result opens its page scrolled to the match, which the browser highlights', async () => {
  const { page, problems } = await openSearch('#q=淀粉勾芡');
  await statusSays(page, '找到 1 篇文章');
  const option = page.locator('.hit[role="option"]').first();
  assert.equal(await option.locator('.hit-id').textContent(), '/posts/beijing-hutong/ · 2024-02-10');
  assert.deepEqual(await page.locator('.hit-section[role="option"]').allTextContents(), ['§ 炒肝和包子']);
  await page.screenshot({ path: `${shots}site-results.png` });
  await option.locator('.hit-title').click();
  await page.waitForURL(/beijing-hutong/);
  await page.waitForFunction(() => scrollY > 0);
  const where = await landed(page);
  assert.equal(where.path, '/posts/beijing-hutong/');
  assert.equal(where.asked, ':~:text=淀粉勾芡');
  assert.ok(await inView(page, '淀粉勾芡'), 'the match is in the window');
  await page.screenshot({ path: `${shots}site-page.png` });
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('Enter opens the first result\'s page, and a section link opens its section', async () => {
  const { page } = await openSearch('');
  await page.fill('input', '遛鸟的大爷');
  await statusSays(page, '找到 1 篇文章');
  await page.press('input', 'Enter');
  await page.waitForURL(/beijing-hutong/);
  assert.equal((await landed(page)).asked, ':~:text=遛鸟的大爷');
  await page.goBack();
  await widgetsReady(page);
  await statusSays(page, '找到 1 篇文章');
  assert.equal(await page.inputValue('input'), '遛鸟的大爷', 'back on the results it came from');
  await page.locator('.hit-section', { hasText: '怎么找到好吃的店' }).click();
  await page.waitForURL(/beijing-hutong/);
  const where = await landed(page);
  assert.equal(where.hash, '#find-shops');
  assert.equal(await page.evaluate(() => document.querySelector(':target')?.textContent), '怎么找到好吃的店');
});

test('the arrow keys reach a result\'s sections, and Enter opens the section chosen', async () => {
  const { page } = await openSearch('');
  await page.fill('input', '遛鸟的大爷');
  await statusSays(page, '找到 1 篇文章');
  const active = () => page.evaluate(() => {
    const root = document.querySelector('sousuo-search').shadowRoot;
    return root.getElementById(root.querySelector('input').getAttribute('aria-activedescendant'))?.textContent;
  });
  const sections = await page.locator('.hit-section').allTextContents();
  assert.ok(sections.includes('§ 怎么找到好吃的店'), sections.join(' '));
  await page.press('input', 'ArrowDown');
  assert.match(await active(), /北京胡同里的早餐/);
  for (let step = 0; (await active()) !== '§ 怎么找到好吃的店'; step++) {
    assert.ok(step < sections.length, 'every section is reached with ArrowDown');
    await page.press('input', 'ArrowDown');
  }
  await page.screenshot({ path: `${shots}site-section-active.png`, fullPage: true });
  await page.press('input', 'Enter');
  await page.waitForURL(/beijing-hutong/);
  assert.equal((await landed(page)).hash, '#find-shops');
});

test('the widget passes an accessibility check with results, sections and filters shown', async () => {
  const { page, problems } = await openSearch('#q=的', { width: 900, height: 900 });
  await statusSays(page, /找到 \d+ 篇文章/);
  await page.locator('.hit-section').first().waitFor();
  // Evaluated by the browser's debugger, which the page's Content-Security-Policy does not bind.
  await page.evaluate(await readFile(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8'));
  const { violations, passed } = await page.evaluate(async () => {
    const found = await window.axe.run(document.querySelector('sousuo-search'), { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
    return {
      violations: found.violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target.join(' ')).join(', ')}`),
      passed: found.passes.map(({ id }) => id),
    };
  });
  assert.deepEqual(violations, []);
  // The check reached inside the widget: its options, their contents and their colours.
  for (const rule of ['nested-interactive', 'aria-required-children', 'color-contrast']) assert.ok(passed.includes(rule), `${rule} was checked`);
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('the filter bar narrows the results, counts under the query, and lists a filter alone', async () => {
  const { page, problems } = await openSearch('#q=的', { width: 900, height: 900 });
  await statusSays(page, /找到 \d+ 篇文章/);
  const all = await page.locator('.hit[role="option"]').count();
  assert.ok(all >= 3, `${all} results`);
  const hangzhou = page.locator('.filter-value', { hasText: '杭州' });
  assert.equal(await hangzhou.locator('.filter-count').textContent(), '1');
  await hangzhou.click();
  await statusSays(page, '找到 1 篇文章（已筛选）');
  assert.equal(await hangzhou.getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await page.locator('[role="option"] .hit-title').allTextContents(), ['杭州龙井村访茶']);
  // Another tag of the same row would add its pages: its count stays what it would give.
  assert.equal(await page.locator('.filter-value', { hasText: '北京' }).locator('.filter-count').textContent(), '1');
  await page.screenshot({ path: `${shots}site-filters.png` });
  // The box emptied: the filter alone lists its pages.
  await page.fill('input', '');
  await statusSays(page, '筛选出 1 篇文章。');
  await hangzhou.click();
  await statusSays(page, '输入关键词开始搜索');
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('the filter bar shows before typing, an order sorts by date, and the address keeps both for a shared link', async () => {
  const { page, problems } = await openSearch('', { width: 900, height: 900 });
  await statusSays(page, '输入关键词开始搜索');
  // Before a word is typed: every tag with its pages, and no order to choose (nothing is listed).
  const hangzhou = page.locator('.filter-value', { hasText: '杭州' });
  assert.equal(await hangzhou.locator('.filter-count').textContent(), '1');
  assert.equal(await page.locator('.filter-order').count(), 0);
  await page.screenshot({ path: `${shots}site-filters-empty.png` });
  await hangzhou.click();
  await statusSays(page, '筛选出 1 篇文章。');
  const address = () => page.evaluate(() => decodeURIComponent(location.hash));
  assert.equal(await address(), '#f.tags=杭州');
  await hangzhou.click();

  // Two pages have dates: newest first puts 杭州 (2024-04-02) before 北京 (2024-02-10), which
  // relevance ranks first; pages without a date come after both either way. The home page and
  // the list of posts are listings, left out.
  await page.fill('input', '的');
  await statusSays(page, /找到 4 篇文章/);
  const titles = () => page.locator('[role="option"] .hit-title').allTextContents();
  assert.equal((await titles())[0], '北京胡同里的早餐');
  assert.equal(await page.locator('.filter-order').inputValue(), '');
  await page.selectOption('.filter-order', '-date');
  await page.waitForFunction(() => document.querySelector('sousuo-search').shadowRoot
    .querySelector('[role="option"] .hit-title')?.textContent === '杭州龙井村访茶');
  assert.deepEqual((await titles()).slice(0, 2), ['杭州龙井村访茶', '北京胡同里的早餐']);
  assert.equal(await address(), '#q=的&sort=-date');
  await page.selectOption('.filter-order', 'date');
  await page.waitForFunction(() => document.querySelector('sousuo-search').shadowRoot
    .querySelector('[role="option"] .hit-title')?.textContent === '北京胡同里的早餐');
  assert.deepEqual((await titles()).slice(0, 2), ['北京胡同里的早餐', '杭州龙井村访茶']);
  await page.locator('.filter-value', { hasText: '北京' }).click();
  await statusSays(page, '找到 1 篇文章（已筛选）');
  assert.equal(await address(), '#q=的&f.tags=北京&sort=date');

  // The address, shared: a fresh page shows the same filtered, ordered results.
  const shared = await openSearch('#q=的&f.tags=杭州&f.tags=北京&sort=-date', { width: 900, height: 900 });
  await statusSays(shared.page, '找到 2 篇文章（已筛选）');
  assert.deepEqual(await shared.page.locator('[role="option"] .hit-title').allTextContents(), ['杭州龙井村访茶', '北京胡同里的早餐']);
  assert.equal(await shared.page.locator('.filter-value', { hasText: '杭州' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await shared.page.locator('.filter-order').inputValue(), '-date');
  await shared.page.screenshot({ path: `${shots}site-filters-shared.png` });
  assert.deepEqual([...problems, ...shared.problems].filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('open="widget" reads the page in place, and open="event" leaves opening to the host', async () => {
  const { page } = await openSearch('#q=淀粉勾芡');
  await statusSays(page, '找到 1 篇文章');
  await page.evaluate(() => document.querySelector('sousuo-search').setAttribute('open', 'widget'));
  await page.locator('[role="option"] span.hit-title').waitFor();
  assert.equal(await page.locator('[role="option"] a').count(), 0, 'no link in widget mode');
  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['淀粉勾芡']);

  await page.goto(`${served.url}sousuo/#q=淀粉勾芡`);
  await widgetsReady(page);
  await page.evaluate(() => {
    const widget = document.querySelector('sousuo-search');
    widget.setAttribute('open', 'event');
    widget.addEventListener('sousuo-open', (event) => { window.opened = event.detail; });
  });
  await page.locator('[role="option"] span.hit-title').waitFor();
  await page.locator('[role="option"]').first().click();
  const opened = await page.evaluate(() => window.opened);
  assert.equal(opened.url, '/posts/beijing-hutong/');
  assert.equal(opened.id, '/posts/beijing-hutong/');
  assert.match(decodeURI(new URL(page.url()).pathname), /^\/sousuo\//, 'still on the search page');
});
