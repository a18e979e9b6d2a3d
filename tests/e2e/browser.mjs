// Debian's Chromium, headless, with the flags this closed network needs, and pages that record
// every problem a reader would not see: uncaught errors, console errors, dialogs a script opened.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

export const shots = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));
await mkdir(shots, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

// For one test file: `root` served on loopback and a browser, both closed when its tests end.
// The returned object gets `url` and `browser` before the first test runs.
export function servedWithBrowser(root) {
  const served = {};
  let server;
  before(async () => {
    server = await serve(root);
    served.url = server.url;
    served.browser = await launch();
  });
  after(async () => {
    await served.browser?.close();
    server?.close();
  });
  return served;
}

// A page (in `context`, a browser or a browser context) whose problems are collected in `problems`.
export async function watchedPage(context, options = {}) {
  const page = await context.newPage({ viewport: { width: 900, height: 900 }, ...options });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('dialog', async (dialog) => {
    problems.push(`a script opened a dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return { page, problems };
}

// Every widget on the page has loaded the index (it marks itself `ready`).
export async function widgetsReady(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('sousuo-search')].every((w) => w.hasAttribute('ready')));
}

// Waits until the widget's live status says `text` (a string or a RegExp).
export async function statusSays(scope, text) {
  await scope.locator('.status', { hasText: text }).first().waitFor();
  return scope.locator('.status').first().textContent();
}

// 64 syllables of pinyin, each of many readings, searched cold: the full engine to start, the
// readings and sound grams to load and inflate, and every reading's words to rank.
export const MANY_SYLLABLES = 'a ai an ang ao ba bai ban bang bao bei ben bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de';

// Searches `query` with the engine of the page's bundle, and says how long that took and how long
// the page's own thread was held meanwhile: its longest task, as the browser reports tasks of
// over 50 ms (0 when there was none).
export function searchHolding(page, query) {
  return page.evaluate(async (text) => {
    const engine = await (await import('./sousuo.min.js')).open();
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((task) => task.duration)));
    observer.observe({ type: 'longtask' });
    const start = performance.now();
    const { total } = await engine.search(text);
    const took = performance.now() - start;
    // A task is reported once it has ended, with the next frame.
    await new Promise((done) => setTimeout(done, 200));
    observer.disconnect();
    return { thread: engine.info().thread, total, took, held: Math.max(0, ...tasks) };
  }, query);
}
