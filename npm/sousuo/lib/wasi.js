// The command as WebAssembly (WASI), run by Node itself: for machines without a prebuilt
// command (macOS, Windows, ARM), and whenever SOUSUO_FORCE_WASI=1. The same indexer and engines.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const WASM = fileURLToPath(new URL('./sousuo.wasm', import.meta.url));
// Flags whose value is a path: made absolute, since the module sees the file system from `/`.
const PATH_FLAGS = new Set(['--site', '-s', '--output-path', '-o', '--single-file', '--records', '--index']);

function absolutePaths(args) {
  return args.map((arg, i) => (i > 0 && PATH_FLAGS.has(args[i - 1]) ? resolve(arg) : arg));
}

// The WASI objects of runs under way: Node 20 lets the garbage collector destroy one while the
// module still calls into it (an abort in uvwasi_destroy, seen on a folder of 5,000 poems).
const running = new Set();

/**
 * Runs the WASI command with `args`; its exit status. Synchronous, and to be called from a task
 * of its own (setImmediate), not from a promise's continuation: Node 20 crashed now and then when
 * a WASI run ended inside one.
 */
export function runWasi(args) {
  // Node marks WASI experimental and says so on every run; the command's own output is enough.
  process.removeAllListeners('warning');
  const { WASI } = require('node:wasi');
  const wasi = new WASI({
    version: 'preview1',
    args: ['sousuo', ...absolutePaths(args)],
    env: process.env,
    preopens: { '/': '/' },
    returnOnExit: true,
  });
  running.add(wasi);
  try {
    const module = new WebAssembly.Module(readFileSync(WASM));
    return wasi.start(new WebAssembly.Instance(module, wasi.getImportObject()));
  } finally {
    running.delete(wasi);
  }
}
