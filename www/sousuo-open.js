// The engine as pages and the widget get it:
//
//   import { open } from './sousuo.min.js';   (the bundle ./x builds; it re-exports this module)
//   const engine = await open();
//   const results = await engine.search('医药', { limit: 10 });
//
// The wasm is compiled here (its bytes stream in on the browser's own threads), then searches in
// a worker, so that a long query never holds up the reader's typing and scrolling. Where no
// worker may start (a host's Content-Security-Policy, a bundle served from another origin), the
// same engine runs in the page instead, and answers just the same.
import { startEngine } from './sousuo-engine.js';
import { engineLoadError, PIECE_TIMEOUT_MS } from './sousuo-load-error.js';
import { compileWasm } from './sousuo-wasm.js';
import { engineInWorker } from './sousuo-worker.js';

let opened;
let openAttempts = 0;
/**
 * Loads the wasm (once per page) and resolves to the engine. A failure (the server's answer,
 * a damaged module, no answer within the pieces' timeout) is a SousuoLoadError, and the next
 * call tries again, past the HTTP cache.
 */
export function open() {
  opened ??= (async () => {
    const module = await compiled(openAttempts);
    return (await engineInWorker(module)) ?? (await startEngine(module));
  })().catch((error) => {
    opened = undefined;
    openAttempts += 1;
    throw error;
  });
  return opened;
}

// The engine's wasm, compiled, within the pieces' timeout.
async function compiled(attempt) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PIECE_TIMEOUT_MS);
  const stalled = new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('timed out'))));
  try {
    // A retry asks under another address: the page's preload of the first may still be pending,
    // and a fetch of the same address would wait for it.
    const wasm = new URL('./pkg/sousuo_bg.wasm', import.meta.url);
    const url = attempt ? new URL(`?attempt=${attempt}`, wasm) : wasm;
    // Compiled before the glue sees it: the glue keeps its first initialization pending for
    // good, so it must never be handed a download that may stall.
    return await Promise.race([compileWasm(url, { again: attempt > 0, signal: controller.signal }), stalled]);
  } catch (error) {
    throw engineLoadError(error, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
}
