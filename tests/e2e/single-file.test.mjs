// dist/sousuo.html (written by `./x build`) opened from disk: no server, and every request that
// is not the file itself is blocked and recorded. It must search and open articles all the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const single = fileURLToPath(new URL('../../dist/sousuo.html', import.meta.url));
let browser;

before(async () => {
  await access(single).catch(() => {
    throw new Error('dist/sousuo.html is missing: ./x test builds it before the page tests');
  });
  browser = await launch();
});
after(() => browser?.close());

test('the single file works over file:// with the network blocked', async () => {
  const context = await browser.newContext();
  const url = pathToFileURL(single).href;
  const requests = [];
  await context.route('**/*', (route) => {
    const asked = route.request().url();
    requests.push(asked);
    return asked === url ? route.continue() : route.abort('internetdisconnected');
  });
  // Which blob: URLs the page holds: the worker's script is let go once the worker runs it.
  await context.addInitScript(() => {
    const held = new Set();
    const [create, revoke] = [URL.createObjectURL, URL.revokeObjectURL];
    URL.createObjectURL = (object) => {
      const made = create(object);
      held.add(made);
      return made;
    };
    URL.revokeObjectURL = (made) => {
      held.delete(made);
      revoke(made);
    };
    window.blobsHeld = () => held.size;
  });
  const { page, problems } = await watchedPage(context);
  await page.goto(url);
  await widgetsReady(page);
  await page.locator('.examples button').first().waitFor();
  assert.equal(await page.evaluate(() => window.blobsHeld()), 0, 'the worker\'s script is let go');
  await page.fill('input', '张小兵');
  await statusSays(page, /找到 \d+ 篇文章/);
  assert.equal(await page.locator('[role="option"] .hit-id').first().textContent(), '004_5b3b55316f9678e7');
  // The engine searches in its worker, started from the page's own script.
  assert.deepEqual(page.workers().map((worker) => worker.url().split(':')[0]), ['blob']);
  await page.keyboard.press('Enter');
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(await page.locator('.article-body mark').allTextContents(), ['張小兵', '張小兵']);
  await page.screenshot({ path: `${shots}single-file.png` });
  await page.reload();
  await widgetsReady(page);
  await page.locator('.article:not([hidden])').waitFor();
  assert.deepEqual(requests.filter((asked) => asked !== url), [], 'nothing but the file itself was requested');
  assert.deepEqual(problems, [], 'no errors, and no Content-Security-Policy violations');
  await context.close();
});

test('the single file carries a strict policy: its own script and style by hash, nothing else', async () => {
  const html = await readFile(single, 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|\*|https?:/);
  assert.match(policy, /worker-src blob:/, 'the engine\'s worker, from the page\'s own script');
  const markup = html.replace(/<script type="module"[^>]*>[\s\S]*<\/script>/, '').replace(/<style>[\s\S]*<\/style>/, '');
  assert.doesNotMatch(markup, /<script[^>]+src=|<link[^>]+stylesheet|<iframe|<img/, 'nothing loaded from elsewhere');
});
