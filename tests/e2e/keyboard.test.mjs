// The widget with the keyboard alone: `/` focuses, arrows move, Enter opens, n jumps between
// matches, Esc goes back; focus is always visible and the listbox tells assistive technology
// which result is active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { servedWithBrowser, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const served = servedWithBrowser(www);

// What has focus, seen through shadow roots, and whether it shows a focus ring.
function focused() {
  let node = document.activeElement;
  while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
  const style = getComputedStyle(node);
  return {
    tag: node.tagName.toLowerCase(),
    text: node.textContent.slice(0, 20),
    className: node.className,
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}

const activeOption = (page) => page.evaluate(() => {
  const root = document.querySelector('sousuo-search').shadowRoot;
  const id = root.querySelector('input').getAttribute('aria-activedescendant');
  const option = id && root.getElementById(id);
  return option ? { id, selected: option.getAttribute('aria-selected'), doc: option.querySelector('.hit-id').textContent } : null;
});

test('search, choose, read and return with the keyboard alone', async () => {
  const { page, problems } = await watchedPage(served.browser);
  await page.goto(served.url);
  await widgetsReady(page);
  // Start from the page, not the box: `/` brings focus there.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('/');
  let now = await page.evaluate(focused);
  assert.equal(now.tag, 'input');
  assert.ok(now.ring, 'the focused box shows a focus ring');
  await page.keyboard.type('医药高新区');
  await statusSays(page, /找到 (\d+) 篇文章/);
  const docs = await page.locator('[role="option"] .hit-id').allTextContents();
  assert.ok(docs.length >= 3);

  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await activeOption(page), { id: 'sousuo-1-hit-0', selected: 'true', doc: docs[0] });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal((await activeOption(page)).doc, docs[1]);
  await page.screenshot({ path: `${shots}keyboard-active.png` });

  await page.keyboard.press('Enter');
  await page.locator('.article:not([hidden])').waitFor();
  assert.match(page.url(), new RegExp(`doc=${docs[1]}`));
  now = await page.evaluate(focused);
  assert.equal(now.tag, 'h2', 'the article title takes focus, so a screen reader starts there');
  await page.keyboard.press('n');
  assert.equal(await page.locator('.match-position').textContent(), `1 / ${await page.locator('.article-body mark').count()}`);
  await page.keyboard.press('n');
  assert.match(await page.locator('.match-position').textContent(), /^2 \//);
  await page.keyboard.press('Shift+N');
  assert.match(await page.locator('.match-position').textContent(), /^1 \//);
  // Tab reaches the article's controls (next, previous, back, before the title), each with a
  // visible focus ring.
  for (const control of ['next-match', 'prev-match', 'back']) {
    await page.keyboard.press('Shift+Tab');
    now = await page.evaluate(focused);
    assert.equal(now.className, control);
    assert.ok(now.ring, `the focused ${control} button shows a focus ring`);
  }
  await page.screenshot({ path: `${shots}keyboard-article.png` });

  await page.keyboard.press('Escape');
  await page.locator('[role="listbox"]:not([hidden])').waitFor();
  now = await page.evaluate(focused);
  assert.equal(now.tag, 'input', 'Esc returns focus to the box');
  await page.waitForFunction(() => document.querySelector('sousuo-search').shadowRoot.querySelector('input').hasAttribute('aria-activedescendant'));
  assert.equal((await activeOption(page)).doc, docs[1], 'the article just read is the active result again');
  assert.doesNotMatch(page.url(), /doc=/);

  await page.keyboard.press('Escape');
  await page.locator('.examples:not([hidden])').waitFor();
  assert.equal(await page.inputValue('input'), '');
  assert.deepEqual(problems, []);
});

test('Enter right after typing opens the first result of what was typed, not of an older query', async () => {
  const { page, problems } = await watchedPage(served.browser);
  await page.goto(served.url);
  await widgetsReady(page);
  await page.keyboard.press('/');
  await page.keyboard.type('张小兵');
  await page.keyboard.press('Enter'); // before the typing delay has passed
  await page.locator('.article:not([hidden])').waitFor();
  assert.match(page.url(), /doc=004_5b3b55316f9678e7/);
  assert.deepEqual(problems, []);
});

test('the results are announced: a live status region and a labelled listbox', async () => {
  const { page } = await watchedPage(served.browser);
  await page.goto(`${served.url}#q=${encodeURIComponent('张小兵')}`);
  await widgetsReady(page);
  await statusSays(page, '找到');
  const roles = await page.evaluate(() => {
    const root = document.querySelector('sousuo-search').shadowRoot;
    const input = root.querySelector('input');
    const listbox = root.getElementById(input.getAttribute('aria-controls'));
    const status = root.querySelector('[role="status"]');
    return {
      input: input.getAttribute('role'),
      label: input.getAttribute('aria-label'),
      listbox: listbox.getAttribute('role'),
      listboxLabel: listbox.getAttribute('aria-label'),
      options: [...listbox.children].every((option) => option.getAttribute('role') === 'option'),
      live: status.getAttribute('aria-live'),
      says: status.textContent,
    };
  });
  assert.deepEqual(roles, {
    input: 'combobox', label: '搜索文章', listbox: 'listbox', listboxLabel: '搜索结果', options: true, live: 'polite', says: roles.says,
  });
  assert.match(roles.says, /找到 \d+ 篇文章/);
  const tree = await page.locator('sousuo-search').ariaSnapshot();
  assert.match(tree, /combobox "搜索文章"/);
  assert.match(tree, /listbox "搜索结果"/);
  assert.match(tree, /option "/);
});
