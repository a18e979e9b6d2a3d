#!/usr/bin/env node
// The `sousuo` command through npm: runs the prebuilt command with the arguments given, its
// output and exit status passed through.
import { spawnSync } from 'node:child_process';
import { binaryPath } from '../lib/binary.js';

let binary;
try {
  binary = binaryPath();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const run = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (run.error) {
  console.error(`sousuo: cannot run ${binary}: ${run.error.message}`);
  process.exit(1);
}
if (run.signal) process.kill(process.pid, run.signal);
process.exit(run.status ?? 1);
