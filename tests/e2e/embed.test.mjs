// The element in other people's pages: www/embed.html (an ordinary site with its own styles), and
// a host page whose CSS attacks everything it can reach. Neither side's styles may break the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { MANY_SYLLABLES, searchHolding, servedWithBrowser, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const served = servedWithBrowser(www);

// CSS a careless or hostile site may carry: universal resets with !important, inherited text
// properties, element selectors and the very class names the widget uses.
const HOSTILE_CSS = `
  * { color: rgb(255, 0, 0) !important; font-size: 40px !important; line-height: 0.5 !important;
      letter-spacing: 12px !important; text-transform: uppercase !important; font-family: serif !important;
      text-align: right !important; writing-mode: vertical-rl; }
  html, body { background: rgb(0, 0, 0) !important; }
  sousuo-search { display: none; visibility: hidden; }
  input, button, li, p, ul, mark, article, h2, span { display: none !important; }
  mark { background: rgb(0, 0, 255) !important; }
  .hit-title, .snippet, .status, [role="option"], .article-body p { display: none !important; color: rgb(0, 255, 0) !important; }
  [hidden] { display: block !important; }
`;

function hostilePage(attributes) {
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>hostile host</title>
<style>${HOSTILE_CSS}</style><script type="module" src="sousuo.min.js"></script></head>
<body><p class="snippet" id="host-snippet">宿主页面自己的段落</p>
<sousuo-search ${attributes}></sousuo-search></body></html>`;
}

async function openHostile(attributes) {
  const { page, problems } = await watchedPage(served.browser);
  await page.route('**/hostile-host.html', (route) => route.fulfill({ contentType: 'text/html', body: hostilePage(attributes) }));
  await page.goto(`${served.url}hostile-host.html`);
  await widgetsReady(page);
  return { page, problems };
}

test('hostile host CSS neither hides nor restyles the widget, and the widget leaks nothing back', async () => {
  const { page, problems } = await openHostile('limit="3" placeholder="在这里搜索"');
  const input = page.locator('sousuo-search input');
  assert.equal(await input.getAttribute('placeholder'), '在这里搜索');
  await input.fill('医药');
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal(await page.locator('[role="option"]').count(), 3, 'limit="3" shows three results');
  const looks = await page.evaluate(() => {
    const root = document.querySelector('sousuo-search').shadowRoot;
    const style = (node) => getComputedStyle(node);
    const snippet = root.querySelector('.snippet');
    const mark = root.querySelector('.snippet mark');
    const box = root.querySelector('input').getBoundingClientRect();
    return {
      hostDisplay: style(root.host).display,
      snippetColor: style(snippet).color,
      snippetSize: style(snippet).fontSize,
      snippetSpacing: style(snippet).letterSpacing,
      snippetTransform: style(snippet).textTransform,
      markBackground: style(mark).backgroundColor,
      optionDisplay: style(root.querySelector('[role="option"]')).display,
      hiddenArticle: style(root.querySelector('.article')).display,
      inputWidth: Math.round(box.width),
      hostSnippet: style(document.getElementById('host-snippet')).color,
    };
  });
  assert.equal(looks.hostDisplay, 'block');
  assert.equal(looks.snippetColor, 'rgb(29, 29, 31)');
  assert.equal(looks.snippetSize, '16px');
  assert.equal(looks.snippetSpacing, 'normal');
  assert.equal(looks.snippetTransform, 'none');
  assert.equal(looks.markBackground, 'rgb(255, 229, 138)');
  assert.equal(looks.optionDisplay, 'block');
  assert.equal(looks.hiddenArticle, 'none', 'the host\'s [hidden] rule does not show hidden parts');
  assert.ok(looks.inputWidth > 200, `the box is ${looks.inputWidth} px wide`);
  assert.equal(looks.hostSnippet, 'rgb(0, 255, 0)', 'the widget\'s .snippet style does not reach the host');
  await page.screenshot({ path: `${shots}hostile-css.png` });

  await page.locator('[role="option"]').first().click();
  await page.locator('.article:not([hidden])').waitFor();
  assert.ok((await page.locator('.article-body mark').count()) > 0);
  assert.equal(await page.evaluate(() => location.hash), '', 'without sync-url the host\'s address is left alone');
  await page.screenshot({ path: `${shots}hostile-css-article.png` });
  assert.deepEqual(problems, []);
});

test('open="event" hands the article to the host and shows nothing itself', async () => {
  const { page, problems } = await openHostile('open="event"');
  await page.evaluate(() => {
    window.opened = [];
    document.querySelector('sousuo-search').addEventListener('sousuo-open', (event) => window.opened.push(event.detail));
  });
  await page.locator('sousuo-search input').fill('张小兵');
  await statusSays(page, /找到 \d+ 篇文章/);
  await page.locator('sousuo-search input').press('Enter');
  await page.waitForFunction(() => window.opened.length === 1);
  assert.deepEqual(await page.evaluate(() => window.opened[0]), {
    id: '004_5b3b55316f9678e7', title: await page.locator('[role="option"] .hit-title').first().textContent(), query: '张小兵',
    // A plain text article has no page of its own to link to.
    url: null, href: null,
  });
  assert.equal(await page.locator('.article').isHidden(), true);
  assert.deepEqual(problems, []);
});

test('www/embed.html: two themed widgets in an ordinary site, one opening in place, one handing off', async () => {
  const { page, problems } = await watchedPage(served.browser, { viewport: { width: 1100, height: 900 } });
  await page.goto(`${served.url}embed.html`);
  await widgetsReady(page);
  const aside = page.locator('aside sousuo-search');
  assert.equal(await page.locator('sousuo-search').count(), 2);
  // The site's own list and mark styles stay as the site wrote them.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main mark')).backgroundColor), 'rgb(122, 31, 31)');
  await aside.locator('input').fill('医药高新区');
  await statusSays(aside, /找到 \d+ 篇文章/);
  const styles = await aside.evaluate((widget) => {
    const root = widget.shadowRoot;
    return {
      title: getComputedStyle(root.querySelector('.hit-title')).color,
      mark: getComputedStyle(root.querySelector('.snippet mark')).backgroundColor,
      option: getComputedStyle(root.querySelector('[role="option"]')).display,
      size: getComputedStyle(root.host).fontSize,
    };
  });
  assert.deepEqual(styles, { title: 'rgb(122, 31, 31)', mark: 'rgb(246, 213, 142)', option: 'block', size: '14px' });
  await page.screenshot({ path: `${shots}embed.png` });
  await aside.locator('[role="option"]').first().click();
  await aside.locator('.article:not([hidden])').waitFor();
  await page.screenshot({ path: `${shots}embed-article.png` });

  // The header widget hands off: the site opens the full page at that article.
  const header = page.locator('header sousuo-search');
  await header.locator('input').fill('张小兵');
  await statusSays(header, /找到 \d+ 篇文章/);
  await header.locator('input').press('Enter');
  await page.waitForURL(/doc=004_5b3b55316f9678e7/);
  await widgetsReady(page);
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(problems, []);
});

test('a host whose policy refuses workers still gets every answer, from the engine in its page', async () => {
  const { page, problems } = await watchedPage(served.browser);
  const host = `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>strict host</title>
<meta http-equiv="Content-Security-Policy" content="worker-src 'none'">
<script type="module" src="sousuo.min.js"></script></head><body><sousuo-search></sousuo-search></body></html>`;
  await page.route('**/strict-host.html', (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await page.goto(`${served.url}strict-host.html`);
  await widgetsReady(page);
  await page.fill('input', '迈博太科');
  await statusSays(page, '找到 1 篇文章');
  assert.equal(await page.locator('[role="option"] .hit-id').first().textContent(), '001_9fc454ccbfdced76');
  const { thread, total } = await searchHolding(page, MANY_SYLLABLES);
  assert.equal(thread, 'page');
  assert.ok(total > 0);
  assert.deepEqual(page.workers(), []);
  // The browser's report of the refused worker is all there is.
  assert.deepEqual(problems.filter((problem) => !/worker-src/.test(problem)), []);
});
