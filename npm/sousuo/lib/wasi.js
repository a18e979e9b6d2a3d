// The command as WebAssembly (WASI), run by Node itself: for machines without a prebuilt
// command (macOS, Windows, ARM), and whenever SOUSUO_FORCE_WASI=1. The same indexer and engines.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WASM = fileURLToPath(new URL('./sousuo.wasm', import.meta.url));
// Flags whose value is a path: made absolute, since the module sees the file system from `/`.
const PATH_FLAGS = new Set(['--site', '-s', '--output-path', '-o', '--records', '--index']);

function absolutePaths(args) {
  return args.map((arg, i) => (i > 0 && PATH_FLAGS.has(args[i - 1]) ? resolve(arg) : arg));
}

/** Runs the WASI command with `args`; its exit status. */
export async function runWasi(args) {
  if (args.includes('--serve')) {
    console.error('sousuo: --serve needs the prebuilt command; this is the WASI build. Serve the folder with any static server (npx serve DIR).');
    return 2;
  }
  // Node marks WASI experimental and says so on every run; the command's own output is enough.
  process.removeAllListeners('warning');
  const { WASI } = await import('node:wasi');
  const wasi = new WASI({
    version: 'preview1',
    args: ['sousuo', ...absolutePaths(args)],
    env: process.env,
    preopens: { '/': '/' },
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(await readFile(WASM));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  return wasi.start(instance);
}
