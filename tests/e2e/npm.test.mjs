// The npm packages as a site owner uses them: `./x test` installs dist/npm/'s tarballs into an
// empty folder with Node and no Rust on PATH, and runs `npx sousuo --site site` there over the
// Hugo test site (target/npm-install/site/). Its search page finds a page, which opens at the match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { servedWithBrowser, shots, statusSays, watchedPage, widgetsReady } from './browser.mjs';
import { serve } from './serve.mjs';

const site = fileURLToPath(new URL('../../target/npm-install/site/', import.meta.url));
const wasiSite = fileURLToPath(new URL('../../target/npm-install/wasi-site/', import.meta.url));
const installed = fileURLToPath(new URL('../../target/npm-install/', import.meta.url));
const served = servedWithBrowser(site);

test('a site indexed by npx sousuo from the tarballs finds its pages', async () => {
  await access(`${site}sousuo/pkg/sousuo_bg.wasm`).catch(() => {
    throw new Error('target/npm-install/site/sousuo/ is missing: ./x test installs the packages and runs npx sousuo --site before the page tests');
  });
  const { page, problems } = await watchedPage(served.browser);
  await page.goto(`${served.url}sousuo/#q=${encodeURIComponent('淀粉勾芡')}`);
  await widgetsReady(page);
  await statusSays(page, '找到 1 篇文章');
  const option = page.locator('[role="option"]').first();
  assert.equal(await option.locator('.hit-id').textContent(), '/posts/beijing-hutong/ · 2024-02-10');
  await page.screenshot({ path: `${shots}npm-site.png` });
  await option.locator('.hit-title').click();
  await page.waitForURL(/\/posts\/beijing-hutong\//);
  assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
});

test('a site indexed through the WASI build (no prebuilt command) finds its pages', async () => {
  await access(`${wasiSite}sousuo/pkg/sousuo_bg.wasm`).catch(() => {
    throw new Error('target/npm-install/wasi-site/sousuo/ is missing: ./x test runs SOUSUO_FORCE_WASI=1 npx sousuo --site before the page tests');
  });
  const server = await serve(wasiSite);
  try {
    const { page, problems } = await watchedPage(served.browser);
    await page.goto(`${server.url}sousuo/#q=${encodeURIComponent('淀粉勾芡')}`);
    await widgetsReady(page);
    await statusSays(page, '找到 1 篇文章');
    const option = page.locator('[role="option"]').first();
    assert.equal(await option.locator('.hit-id').textContent(), '/posts/beijing-hutong/ · 2024-02-10');
    // Pinyin, from the full engine the WASI build patched.
    await page.locator('sousuo-search input').fill('hutong');
    await page.locator('.hints', { hasText: '拼音 hutong → 胡同' }).waitFor();
    assert.equal(await page.locator('[role="option"] .hit-title').first().textContent(), '北京胡同里的早餐');
    assert.deepEqual(problems.filter((p) => !/^Failed to load resource/.test(p)), []);
  } finally {
    server.close();
  }
});

test('the WASI build writes every piece the prebuilt command writes, and nothing else', async () => {
  // Each build lists its pieces in pkg/pieces.lst; the folder must hold them all. The WASI build
  // once listed its staging folder while moving pieces out of it, and moved a third of them
  // past the first hundred or so.
  const pieces = async (out) => {
    const listed = (await readFile(`${out}pkg/pieces.lst`, 'utf8')).split('\n').filter(Boolean).sort();
    assert.deepEqual((await readdir(`${out}pkg/pieces`)).sort(), listed, `${out}: the folder holds what is listed`);
    return listed;
  };
  const [native, wasi] = [await pieces(`${installed}seeds-native/`), await pieces(`${installed}seeds-wasi/`)];
  assert.ok(native.length > 120, `${native.length} pieces: well past the first hundred`);
  assert.deepEqual(wasi, native, 'the same pieces, byte for byte (their names are their hashes)');
});

// A port nothing listens on now.
const freePort = () => new Promise((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => done(port));
  });
});

test('--serve through the WASI build serves the site once its search is written', async () => {
  const port = await freePort();
  const command = fileURLToPath(new URL('../../target/npm-install/node_modules/.bin/sousuo', import.meta.url));
  const child = spawn(process.execPath, [command, '--site', wasiSite, '--serve', '--port', String(port)], {
    env: { ...process.env, SOUSUO_FORCE_WASI: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let said = '';
    await new Promise((done, fail) => {
      child.stderr.on('data', (chunk) => {
        said += chunk;
        if (said.includes(`serving ${wasiSite.replace(/\/$/, '')} at http://127.0.0.1:${port}/`)) done();
      });
      child.on('exit', (code) => fail(new Error(`exited ${code} before serving: ${said}`)));
    });
    assert.match(said, /indexed .* into .*sousuo/);
    const base = `http://127.0.0.1:${port}/`;
    const page = await fetch(`${base}sousuo/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    const wasm = await fetch(`${base}sousuo/pkg/sousuo_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const again = await fetch(`${base}sousuo/pkg/sousuo_bg.wasm`, { headers: { 'if-none-match': wasm.headers.get('etag') } });
    assert.equal(again.status, 304, 'a copy the browser holds is confirmed, not sent again');
    const part = await fetch(`${base}sousuo/index.html`, { headers: { range: 'bytes=0-14' } });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), '<!doctype html>');
    assert.equal((await fetch(`${base}../../etc/passwd`)).status, 404);
    assert.equal((await fetch(`${base}%2e%2e/%2e%2e/etc/passwd`)).status, 404);
  } finally {
    child.kill();
  }
});

test('the Node API writes the same search from a script, with a record added to the pages', async () => {
  const installed = new URL('../../target/npm-install/node_modules/sousuo/lib/index.js', import.meta.url);
  const { createIndex } = await import(installed.href);
  const output = fileURLToPath(new URL('../../target/npm-install/api-out/', import.meta.url));
  const { index } = await createIndex();
  assert.deepEqual((await index.addDirectory({ path: site })).errors, []);
  assert.match((await index.addDirectory({ path: '/elsewhere' })).errors[0], /one folder per index/);
  const record = { url: '/notes/shuijiao/', title: '水饺笔记', content: '记录：猪肉白菜馅的水饺，要先把白菜挤干。' };
  assert.deepEqual((await index.addRecord(record)).errors, []);
  const written = await index.writeFiles({ outputPath: output });
  assert.deepEqual(written.errors, []);
  const server = await serve(output);
  try {
    const { page, problems } = await watchedPage(served.browser);
    await page.goto(server.url);
    await widgetsReady(page);
    const urls = await page.evaluate(async () => {
      const { open } = await import('./sousuo.min.js');
      const engine = await open();
      const urlsOf = async (query) => (await engine.search(query)).hits.map((hit) => hit.url);
      return { record: await urlsOf('白菜挤干'), page: await urlsOf('淀粉勾芡') };
    });
    assert.deepEqual(urls, { record: ['/notes/shuijiao/'], page: ['/posts/beijing-hutong/'] });
    assert.deepEqual(problems, []);
  } finally {
    server.close();
  }
});
