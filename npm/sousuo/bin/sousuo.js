#!/usr/bin/env node
// The `sousuo` command through npm: runs the prebuilt command (or the WASI build where there is
// none) with the arguments given, its output and exit status passed through.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryPath } from '../lib/binary.js';
import { serveFlags, serveFolder } from '../lib/serve.js';
import { runWasi } from '../lib/wasi.js';

const args = process.argv.slice(2);
const binary = binaryPath();
// Node 20's collector aborts now and then while a large WASI run grows its memory, during its
// incremental marking (a fatal "unreachable code" in ProcessEphemerons, about one run in two on
// 2,000 articles). Without that marking, no run failed: the WASI build runs in a Node started so.
const STEADY_COLLECTOR = '--no-incremental-marking';
const STOPS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
if (binary === null && !process.execArgv.includes(STEADY_COLLECTOR)) {
  const child = spawn(process.execPath, [STEADY_COLLECTOR, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  // Whatever stops this process stops the run (and the server --serve leaves running).
  const forward = (signal) => child.kill(signal);
  for (const signal of STOPS) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`sousuo: cannot run ${process.execPath}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const stop of STOPS) process.off(stop, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
} else if (binary === null) {
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
