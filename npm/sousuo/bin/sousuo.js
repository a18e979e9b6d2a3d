#!/usr/bin/env node
// The `sousuo` command through npm: runs the prebuilt command (or the WASI build where there is
// none) with the arguments given, its output and exit status passed through.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { binaryPath } from '../lib/binary.js';
import { serveFlags, serveFolder } from '../lib/serve.js';
import { runWasi } from '../lib/wasi.js';

const args = process.argv.slice(2);
const binary = binaryPath();
if (binary === null) {
  // WASI has no sockets: the command writes the search, then Node serves the site. Flags that
  // cannot go together are left for the command to refuse.
  const [withoutServe, port] = serveFlags(args);
  const siteAt = withoutServe.findIndex((arg) => arg === '--site' || arg === '-s');
  const site = siteAt >= 0 ? withoutServe[siteAt + 1] : undefined;
  const serving = port !== null && site !== undefined && !withoutServe.includes('--single-file');
  const commandArgs = serving ? withoutServe : args;
  // Exit at once once the run is done: Node 20 crashed now and then tearing a large WASI run
  // down (a segmentation fault after the command had written everything and said so).
  setImmediate(() => {
    const status = runWasi(commandArgs);
    if (status !== 0 || !serving) process.exit(status);
    serveFolder(resolve(site), port);
  });
} else {
  const run = spawnSync(binary, args, { stdio: 'inherit' });
  if (run.error) {
    console.error(`sousuo: cannot run ${binary}: ${run.error.message}`);
    process.exit(1);
  }
  if (run.signal) process.kill(process.pid, run.signal);
  process.exitCode = run.status ?? 1;
}
