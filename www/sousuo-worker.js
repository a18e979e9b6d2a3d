// Both ends of the engine's worker. The worker runs the page's own bundle (sousuo.min.js) under
// the name WORKER_NAME: the bundle then serves the engine instead of drawing the widget. The page keeps a stand-in with the engine's methods, each a
// message to the worker and its answer back.
import { startEngine } from './sousuo-engine.js';
import { passed, received, sendable, SousuoLoadError } from './sousuo-load-error.js';

const WORKER_NAME = 'sousuo-engine';
// A worker that has not said it is ready by then is taken not to start (a host that stalls the
// script, a policy that refuses it without an error event): the engine runs in the page instead.
const WORKER_START_MS = 10_000;
// What the page may ask of the engine.
const METHODS = new Set(['search', 'article', 'suggest', 'examples', 'prepare', 'downloadAll']);

/** Whether this thread is the engine's worker, which the bundle must serve rather than draw. */
export const isEngineWorker = () => !globalThis.document && globalThis.name === WORKER_NAME && typeof globalThis.postMessage === 'function';

/** Answers the page's messages with the engine: the first brings the compiled wasm. */
export function serveEngine() {
  let engine;
  globalThis.onmessage = async ({ data }) => {
    if (data.module) {
      try {
        engine = await startEngine(data.module);
        postMessage({ ready: true, info: engine.info() });
      } catch (error) {
        postMessage({ failed: sendable(error) });
      }
      return;
    }
    const { id, method, args } = data;
    try {
      if (!METHODS.has(method)) throw new Error(`the engine has no method ${method}`);
      const value = method === 'downloadAll'
        ? await engine.downloadAll((progress) => postMessage({ id, progress }))
        : await engine[method](...args);
      postMessage({ id, value, info: engine.info() });
    } catch (error) {
      postMessage({ id, error: sendable(error), info: engine.info() });
    }
  };
}

// The worker's script, its options and how to let the script go once the worker has it: the
// bundle this module is part of, as a module; or, in the single file, a classic script whose
// text that file carries (tools/single-file.mjs). From file://, a blob: URL starts a classic
// worker but not a module one.
function workerScript() {
  const classic = globalThis.document?.querySelector('script[data-sousuo-worker]')?.textContent;
  if (!classic) return { url: import.meta.url, options: { type: 'module', name: WORKER_NAME }, release() {} };
  const url = URL.createObjectURL(new Blob([classic], { type: 'text/javascript' }));
  return { url, options: { name: WORKER_NAME }, release: () => URL.revokeObjectURL(url) };
}

/**
 * The engine over `module`, running in a worker; undefined when no worker may start here. A
 * failure of the engine itself rejects, as it would in the page.
 */
export async function engineInWorker(module) {
  const started = await startedWorker(module);
  return started && new WorkerEngine(module, started);
}

// A worker serving the engine over `module`, once it says it is ready: { worker, info }, or
// undefined when none may start here.
function startedWorker(module) {
  let worker;
  const script = workerScript();
  try {
    worker = new Worker(script.url, script.options);
  } catch (error) {
    script.release();
    console.warn(`sousuo: searching in the page, no worker may start here: ${error.message}`);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const giveUp = (why) => {
      clearTimeout(timer);
      script.release();
      worker.terminate();
      console.warn(`sousuo: searching in the page, the worker did not start: ${why}`);
      resolve(undefined);
    };
    const timer = setTimeout(() => giveUp(`no word from it within ${WORKER_START_MS / 1000} s`), WORKER_START_MS);
    worker.onerror = (event) => {
      event.preventDefault();
      giveUp(event.message || 'its script could not be loaded');
    };
    worker.onmessage = ({ data }) => {
      clearTimeout(timer);
      // The worker runs its script now: the page keeps no copy of it.
      script.release();
      if (data.ready) {
        resolve({ worker, info: data.info });
      } else {
        worker.terminate();
        reject(received(data.failed));
      }
    };
    worker.postMessage({ module });
  });
}

// The page's stand-in for the engine in the worker: the same methods, each answered by message.
// A worker that stops (out of memory) fails the calls it held; the next call starts another.
class WorkerEngine {
  #module;
  #worker;
  #info;
  #calls = new Map();
  #nextCall = 0;
  #stopped = false;
  #restarting;

  constructor(module, { worker, info }) {
    this.#module = module;
    this.#serve(worker, info);
  }

  #serve(worker, info) {
    this.#worker = worker;
    this.#info = info;
    this.#stopped = false;
    worker.onmessage = ({ data }) => this.#answered(data);
    // Uncaught in the worker, or the worker gone: no call it holds will be answered.
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      this.#stopped = true;
      const stopped = new SousuoLoadError(`the search worker stopped: ${event.message || 'no reason given'}`, { reason: 'damaged' });
      for (const { reject } of this.#calls.values()) reject(stopped);
      this.#calls.clear();
    };
  }

  // Another worker for the one that stopped, one for all the calls that wait on it.
  #restart() {
    this.#restarting ??= startedWorker(this.#module).then((started) => {
      if (!started) throw new SousuoLoadError('the search worker stopped and could not start again', { reason: 'damaged' });
      this.#serve(started.worker, started.info);
    }).finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  search(query, options) {
    return this.#call('search', [passed(query), options]);
  }

  article(id, query) {
    return this.#call('article', [String(id), query === undefined ? undefined : passed(query)]);
  }

  suggest(prefix, limit) {
    return this.#call('suggest', [passed(prefix), limit]);
  }

  examples(limit, language) {
    return this.#call('examples', [limit, language === undefined ? undefined : passed(language)]);
  }

  /** Starts loading the full engine early when `query` may be pinyin; never fails. */
  prepare(query) {
    this.#call('prepare', [passed(query)]).catch(() => {});
  }

  /** The engine's figures as of its last answer. */
  info() {
    return { ...this.#info };
  }

  downloadAll(onProgress = () => {}) {
    return this.#call('downloadAll', [], onProgress);
  }

  #call(method, args, onProgress) {
    if (this.#stopped) return this.#restart().then(() => this.#call(method, args, onProgress));
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject, onProgress });
      try {
        this.#worker.postMessage({ id, method, args });
      } catch (error) {
        // What a message cannot carry (a function among the options) fails as the call.
        this.#calls.delete(id);
        reject(error);
      }
    });
  }

  #answered({ id, value, error, progress, info }) {
    if (info) this.#info = info;
    const call = this.#calls.get(id);
    if (!call) return;
    if (progress) {
      call.onProgress(progress);
      return;
    }
    this.#calls.delete(id);
    if (error) call.reject(received(error));
    else call.resolve(value);
  }
}
