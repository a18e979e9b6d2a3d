// For the test files that break the network on purpose: a copy of www/ on a loopback server
// whose faults and request log start empty for every test, a browser, and each test's browser
// contexts closed after it. Copies, because the owner may be rebuilding www/ while the tests
// run, and because some tests change a site's files or stop its server.
import { after, afterEach, before, beforeEach } from 'node:test';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';

export const www = fileURLToPath(new URL('../../www/', import.meta.url));
// Four long articles made of the seeds (./x test builds them), whose bodies are cut into slices.
export const longWww = fileURLToPath(new URL('../../target/long-www/', import.meta.url));

// Registers the file's hooks. The returned object has `site` (serve.mjs's server over a copy)
// and `browser` once the first test runs; `contexts` are closed after each test, and `later(f)`
// runs f when the file's tests end.
export function servedCopy(prefix) {
  const cleanups = [];
  const suite = {
    contexts: [],
    later: (cleanup) => cleanups.push(cleanup),
    // A fresh copy of www/, removed when the tests end.
    async copy() {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      suite.later(() => rm(dir, { recursive: true, force: true }));
      await cp(www, dir, { recursive: true });
      return dir;
    },
    // `root` served until the tests end (a copy of www/ by default): for a test that stops its
    // server, changes its files or serves another site.
    async serve(root) {
      const server = await serve(root ?? (await suite.copy()));
      suite.later(() => server.close());
      return server;
    },
  };
  before(async () => {
    [suite.site, suite.browser] = await Promise.all([suite.copy().then((dir) => serve(dir)), launch()]);
  });
  beforeEach(() => {
    suite.site.faults.clear();
    suite.site.requests.length = 0;
  });
  afterEach(() => Promise.all(suite.contexts.splice(0).map((context) => context.close())));
  after(async () => {
    await suite.browser?.close();
    suite.site?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return suite;
}
