#!/usr/bin/env node
// The `sousuo` command through npm: runs the prebuilt command (or the WASI build where there is
// none) with the arguments given, its output and exit status passed through.
import { spawnSync } from 'node:child_process';
import { binaryPath } from '../lib/binary.js';
import { runWasi } from '../lib/wasi.js';

const args = process.argv.slice(2);
const binary = binaryPath();
if (binary === null) {
  // Exit at once once the run is done: Node 20 crashed now and then tearing a large WASI run
  // down (a segmentation fault after the command had written everything and said so).
  setImmediate(() => process.exit(runWasi(args)));
} else {
  const run = spawnSync(binary, args, { stdio: 'inherit' });
  if (run.error) {
    console.error(`sousuo: cannot run ${binary}: ${run.error.message}`);
    process.exit(1);
  }
  if (run.signal) process.kill(process.pid, run.signal);
  process.exitCode = run.status ?? 1;
}
