// Where results lead, on a host page without a Content-Security-Policy (the way sites embed the
// widget): a path on the site becomes a link on the site, a record that links elsewhere shows
// its host, and nothing else becomes a link or a navigation, even when the index holds it.
// The hostile corpus (tests/corpora/hostile/links.jsonl) is built by `./x test` into
// target/hostile-www/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const hostileWww = fileURLToPath(new URL('../../target/hostile-www/', import.meta.url));
// A site's page as the README tells owners to embed the widget: one module, one tag, no policy.
const HOST_PAGE = `<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>站点页面</title><link rel="icon" href="data:,">
<script type="module" src="sousuo.min.js"></script></head>
<body><h1>一个没有内容安全策略的站点</h1><sousuo-search></sousuo-search></body></html>
`;
let site;
let browser;

before(async () => {
  await access(`${hostileWww}pkg/sousuo_bg.wasm`).catch(() => {
    throw new Error('target/hostile-www/ is missing: ./x test builds it before the page tests');
  });
  await writeFile(`${hostileWww}host.html`, HOST_PAGE);
  site = await serve(hostileWww);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
});

async function hostPage() {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${site.url}host.html`);
  await widgetsReady(page);
  return { page, problems };
}

test('a path on the site links there, encoded; a record linking elsewhere shows its host', async () => {
  const { page, problems } = await hostPage();
  await page.locator('sousuo-search input').fill('外链演示');
  await statusSays(page, '找到 3 篇');
  const hits = await page.locator('sousuo-search .hit[role="option"]').evaluateAll((options) => options.map((option) => {
    const link = option.matches('a') ? option : null;
    return {
      title: option.querySelector('.hit-title').textContent,
      href: link?.href ?? null,
      rel: link?.getAttribute('rel') ?? null,
      where: option.querySelector('.hit-id').textContent,
    };
  }));
  const byTitle = (word) => hits.find((hit) => hit.title.includes(word));
  const origin = new URL(site.url).origin;

  const external = byTitle('别的网站');
  assert.equal(external.href, 'https://example.org/%E6%96%87%E7%AB%A0/');
  assert.match(external.title, /↗ example\.org/, 'the host is shown before the reader follows it');
  assert.match(external.rel, /noopener/);

  const colon = byTitle('分类页');
  assert.ok(colon.href.startsWith(`${origin}/Category%3A%E5%8C%BB%E8%8D%AF/`), colon.href);
  assert.doesNotMatch(colon.title, /↗/);
  assert.equal(colon.where, '/Category:医药/');

  const percent = byTitle('百分号');
  assert.ok(percent.href.startsWith(`${origin}/100%25/`), percent.href);
  assert.equal(percent.where, '/100%/', 'a bare % is shown, and breaks nothing');

  // What the host is told on opening carries the same link.
  const opened = await page.evaluate(() => new Promise((resolve) => {
    const widget = document.querySelector('sousuo-search');
    widget.addEventListener('sousuo-open', (event) => {
      event.preventDefault();
      resolve(event.detail.href);
    }, { once: true });
    const option = [...widget.shadowRoot.querySelectorAll('[role="option"]')].find((o) => o.textContent.includes('分类页'));
    option.querySelector('.snippet').click();
  }));
  assert.ok(opened.startsWith(`${origin}/Category%3A`), opened);
  await page.screenshot({ path: `${shots}links-host-page.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an index holding a script, another host or a backslash gets no link from the page', async () => {
  const { page, problems } = await hostPage();
  const answers = await page.evaluate(async () => {
    const { hitHref, sectionHref } = await import('./sousuo-links.js');
    const base = new URL('/blog/', location.href).href;
    const hit = (url) => ({ url, snippet: [{ text: '医药', highlight: true }], titleSegments: [] });
    const urls = [
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>', '\\\\evil.example/x', '/\\evil.example/x',
      '//evil.example/x', '/../x', 'vbscript:x', 'blob:https://evil.example/x',
    ];
    return {
      refused: urls.map((url) => [url, hitHref(hit(url), base), sectionHref(hit(url), { anchor: 'a' }, base)]),
      onSite: hitHref(hit('/posts/a/'), base),
      elsewhere: hitHref(hit('https://example.org/x'), base),
    };
  });
  for (const [url, href, section] of answers.refused) {
    assert.equal(href, null, `${JSON.stringify(url)} became ${href}`);
    assert.equal(section, null, `${JSON.stringify(url)}'s section became ${section}`);
  }
  assert.equal(answers.onSite, `${new URL(site.url).origin}/blog/posts/a/#:~:text=%E5%8C%BB%E8%8D%AF`);
  assert.equal(answers.elsewhere, 'https://example.org/x');
  assert.deepEqual(problems, []);
  await page.close();
});
