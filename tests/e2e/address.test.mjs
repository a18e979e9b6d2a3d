// The page's address is the reader's to write: whatever keys it holds, the widget reads them as
// data. A filter named like a property every object has (`f.constructor`, `f.__proto__`) must
// not reach an object's prototype and stop the widget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { servedWithBrowser, statusSays, watchedPage, widgetsReady } from './browser.mjs';

const served = servedWithBrowser(fileURLToPath(new URL('../../www/', import.meta.url)));

for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
  test(`an address with the filter f.${key} leaves the widget working`, async () => {
    const { page, problems } = await watchedPage(served.browser);
    await page.goto(`${served.url}#f.${key}=1&q=${encodeURIComponent('泰州')}`);
    await widgetsReady(page);
    // The key is read as a filter the index lacks, and said so; the widget goes on.
    await statusSays(page, `there is no filter "${key}"`);
    await page.evaluate(() => { location.hash = `#q=${encodeURIComponent('泰州')}`; });
    await statusSays(page, '找到 5 篇');
    await page.locator('sousuo-search input').first().fill('张小兵');
    await statusSays(page, '找到 1 篇');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
