// sousuo's engine for pages: the wasm over a compiled module, and the pieces of a split index
// fetched as queries need them. Search itself runs in the wasm, synchronously, over what is
// loaded; this module only moves bytes. It runs in the page's worker (sousuo-worker.js), or in the
// page itself where no worker may start; sousuo-open.js decides.
//
// A call the wasm cannot answer yet replies {needs: [piece names]}: those pieces are fetched in
// parallel (each at most once at a time), inflated (each file is its piece gzipped), handed to the
// wasm, which checks their length, hash and version, and the call runs again. The slices of long
// bodies share a file per DOCS piece and are fetched by byte range. A piece that cannot be had rejects the call with a
// SousuoLoadError; nothing is ever answered from less than the call needs. A later call tries
// the failed piece again, bypassing the HTTP cache.
//
// A split site's page loads a lean engine (src/full.rs): the same search without pinyin and
// "did you mean", a sixth less wasm before the first result. A call that needs them replies
// {needsFullEngine}: the full engine (pkg/full/) is loaded once, and answers from then on.
import init, * as firstBindings from './pkg/sousuo.js';
import { engineLoadError, passed, PIECE_TIMEOUT_MS, SousuoLoadError } from './sousuo-load-error.js';

// Where this module is, the page's bundle (sousuo.min.js) sits beside pkg/. The single file's
// worker runs from a blob: URL, which nothing is relative to: that file has no pieces to fetch.
function besideThisModule(path) {
  try {
    return new URL(path, import.meta.url);
  } catch {
    return undefined;
  }
}
const WASM = besideThisModule('./pkg/sousuo_bg.wasm');
// Pieces live next to the wasm (pkg/pieces/), named by the hash of their bytes: a name always
// means the same bytes, so they are cached forever and a new build never overwrites one.
const PIECES = WASM && new URL('./pieces/', WASM);
const FULL_ENGINE = WASM && new URL('./full/', WASM);
const FULL_WASM = 'full/sousuo_bg.wasm';
// A part of letters (tone marks, tone numbers and apostrophes too): what the lean engine hands on
// as pinyin (phonetic::typed_pinyin), told apart here only to load the full engine early.
const PINYIN_PART = /^[a-zａ-ｚāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü'’1-5]{2,}$/iu;
// Each round brings pieces the call had not loaded: most queries take a few (their terms, what
// their pinyin spells, their page's articles); "did you mean" reads texts where sounds occur and
// can take a dozen or more. The native loop in load.rs has the same rule and bound.
const MAX_ROUNDS = 48;
const DOWNLOAD_CONCURRENCY = 4;
// A BODY piece's name says where it lies: `b-….bin@s-….bin/START+LEN`, bytes of a BODIES file.
const WITHIN = /^[a-z]-[0-9a-f]+\.bin@([a-z]-[0-9a-f]+\.bin)\/(\d+)\+(\d+)$/;
// Whole BODIES files from a server that answered a range with the whole file: the next slices of
// the same file are cut from it. A few are kept, the oldest dropped first.
const WHOLE_FILES_KEPT = 8;
const wholeFiles = new Map();
// The caches www/sw.js keeps pieces in, one per build: their names start with this.
const PIECE_CACHES = 'sousuo-pieces';

const inFlight = new Map();
const failed = new Set();
// The engine that answers: the page's first, then the full one once a call needed it.
let bindings = firstBindings;
const memories = [];
// The pieces the lean engine loaded last (up to KEPT_FOR_FULL_BYTES), kept for the full one until
// it asks for them: the call that loads it, and the next ones, read what the lean one just had,
// and no piece is fetched twice.
const keptForFull = new Map();
let keptBytes = 0;
const KEPT_FOR_FULL_BYTES = 2 << 20;

// The file a piece is in, and for a BODY piece its byte range there.
function located(name) {
  const within = WITHIN.exec(name);
  if (!within) return { file: name };
  return { file: within[1], start: Number(within[2]), end: Number(within[2]) + Number(within[3]) };
}

// The bytes of a piece (or of the file at `url`, `what` in messages), or a SousuoLoadError
// saying why not. `range` ([start, end)) asks for those bytes alone: the answer is those bytes,
// or the whole file from a server that ignores ranges.
async function fetchBytes(name, url = new URL(name, PIECES), what = `index piece ${name}`, range = undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PIECE_TIMEOUT_MS);
  // After a failure, skip the HTTP cache (and the service worker's): it may hold the bad copy.
  const cache = failed.has(name) ? 'reload' : 'default';
  const headers = range ? { Range: `bytes=${range[0]}-${range[1] - 1}` } : {};
  try {
    const response = await fetch(url, { signal: controller.signal, cache, headers });
    if (!response.ok) {
      throw new SousuoLoadError(`${what}: the server answered ${response.status}`, { piece: name, reason: 'http', status: response.status });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, whole: response.status !== 206 };
  } catch (error) {
    failed.add(name);
    if (error instanceof SousuoLoadError) throw error;
    const timedOut = controller.signal.aborted;
    throw new SousuoLoadError(
      timedOut ? `${what}: no answer within ${PIECE_TIMEOUT_MS / 1000} s` : `${what} could not be fetched: ${error.message}`,
      { piece: name, reason: timedOut ? 'timeout' : 'offline', cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

// The stored bytes of piece `name`: its file, or its range of a BODIES file. Once a server has
// answered a range with the whole file, it is taken to ignore ranges: BODIES files are then
// fetched whole, each once at a time, and their slices cut from the copies kept.
let rangesIgnored = false;
const wholeInFlight = new Map();
async function fetchStored(name) {
  const { file, start, end } = located(name);
  if (start === undefined) return (await fetchBytes(name, new URL(file, PIECES))).bytes;
  const kept = !failed.has(name) && wholeFiles.get(file);
  if (kept) return kept.subarray(start, end);
  if (rangesIgnored) return (await wholeBodies(name, file)).subarray(start, end);
  const { bytes, whole } = await fetchBytes(name, new URL(file, PIECES), undefined, [start, end]);
  if (!whole) return bytes;
  rangesIgnored = true;
  return keepWhole(file, bytes).subarray(start, end);
}

function wholeBodies(name, file) {
  let fetching = wholeInFlight.get(file);
  if (!fetching) {
    fetching = fetchBytes(name, new URL(file, PIECES))
      .then(({ bytes }) => keepWhole(file, bytes))
      .finally(() => wholeInFlight.delete(file));
    wholeInFlight.set(file, fetching);
  }
  return fetching;
}

function keepWhole(file, bytes) {
  wholeFiles.set(file, bytes);
  for (const [oldest] of wholeFiles) {
    if (wholeFiles.size <= WHOLE_FILES_KEPT) break;
    wholeFiles.delete(oldest);
  }
  return bytes;
}

// A piece's blob from its stored form (gzip; a blob passes as it is). What does not inflate was
// damaged on the way.
async function inflated(name, stored) {
  if (stored[0] !== 0x1f || stored[1] !== 0x8b) return stored;
  try {
    return await gunzip(stored);
  } catch (error) {
    failed.add(name);
    wholeFiles.delete(located(name).file);
    await dropKeptCopies(name).catch(() => {});
    throw new SousuoLoadError(`index piece ${name} does not inflate: ${error.message}`, { piece: name, reason: 'damaged', cause: error });
  }
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fetchPiece(name) {
  const bytes = unkeep(name) ?? (await inflated(name, await fetchStored(name)));
  await loadFetched(name, bytes);
  if (bindings === firstBindings && bytes.byteLength <= KEPT_FOR_FULL_BYTES) {
    keptForFull.set(name, bytes);
    keptBytes += bytes.byteLength;
    for (const [oldest] of keptForFull) {
      if (keptBytes <= KEPT_FOR_FULL_BYTES) break;
      unkeep(oldest);
    }
  }
}

function unkeep(name) {
  const bytes = keptForFull.get(name);
  keptForFull.delete(name);
  keptBytes -= bytes?.byteLength ?? 0;
  return bytes;
}

let fullEngine;
let fullAttempts = 0;
// Loads the full engine once; a failure is a SousuoLoadError, and the next call tries again.
function loadFullEngine() {
  fullEngine ??= (async () => {
    // Fetched as a piece is: with its timeout, and past the HTTP cache after a failure.
    const { bytes: stored } = await fetchBytes(FULL_WASM, new URL(FULL_WASM, WASM), 'the full engine (pinyin, "did you mean")');
    // Stored gzipped, as the page's own engine is (sousuo-wasm.js).
    const wasm = await gunzip(stored).catch((error) => {
      failed.add(FULL_WASM);
      throw new SousuoLoadError(`the full engine does not inflate: ${error.message}`, { piece: FULL_WASM, reason: 'damaged', cause: error });
    });
    // A module whose import failed stays failed under its URL: a retry asks under another.
    const glueUrl = new URL(fullAttempts ? `sousuo.js?attempt=${fullAttempts}` : 'sousuo.js', FULL_ENGINE);
    let glue;
    try {
      glue = await import(glueUrl.href);
    } catch (error) {
      throw new SousuoLoadError(`the full engine's module could not be loaded: ${error.message}`, { piece: 'full/sousuo.js', reason: 'offline', cause: error });
    }
    try {
      memories.push((await glue.default({ module_or_path: wasm })).memory);
    } catch (error) {
      throw new SousuoLoadError(`the full engine could not be started: ${error.message}`, { piece: FULL_WASM, reason: 'damaged', cause: error });
    }
    // The site may have been deployed anew since the page loaded its lean engine: the full one
    // fetched now holds the new index, and answering from it would mix two builds.
    const [mine, its] = [firstBindings, glue].map((engine) => JSON.parse(engine.info()).build);
    if (its !== mine) {
      throw new SousuoLoadError(`the full engine holds index ${its}, this page ${mine}: the site was deployed anew`, { piece: FULL_WASM, reason: 'updated' });
    }
    bindings = glue;
  })().catch((error) => {
    fullEngine = undefined;
    fullAttempts += 1;
    throw error;
  });
  return fullEngine;
}

// Hands fetched bytes to the wasm, which checks them; bad bytes are a SousuoLoadError.
async function loadFetched(name, bytes) {
  try {
    bindings.load(name, bytes);
  } catch (error) {
    failed.add(name);
    wholeFiles.delete(located(name).file);
    // A service worker may have kept the bad copy (www/sw.js keeps pieces in caches of its own):
    // drop it, so that a reload does not meet it again.
    await dropKeptCopies(name).catch(() => {});
    throw new SousuoLoadError(error.message, { piece: name, reason: 'damaged', cause: error });
  }
  failed.delete(name);
}

// Deletes a piece's file from every cache the service worker keeps pieces in.
async function dropKeptCopies(name) {
  if (!globalThis.caches) return;
  for (const key of await caches.keys()) {
    if (key.startsWith(PIECE_CACHES)) await (await caches.open(key)).delete(new URL(located(name).file, PIECES));
  }
}

// Each piece fetched at most once at a time, however many calls want it.
function loadPiece(name) {
  let loading = inFlight.get(name);
  if (!loading) {
    loading = fetchPiece(name).finally(() => inFlight.delete(name));
    inFlight.set(name, loading);
  }
  return loading;
}

// Runs a wasm call until it answers, loading what it asks for. A piece asked for again after
// this call loaded it was dropped by the wasm's bounded cache before the answer was done: the
// cache cannot hold what this call needs, and asking on would never end.
async function answer(call) {
  let loaded = new Set();
  let loadedInto = bindings;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Pieces loaded into the lean engine are no sign of a small cache once the full one answers
    // (this call's, or another's, made it take over).
    if (loadedInto !== bindings) {
      loaded = new Set();
      loadedInto = bindings;
    }
    // The wasm answers in JSON text: one string rather than objects built through calls.
    const reply = JSON.parse(call(bindings));
    if (reply.needsFullEngine) {
      if (bindings !== firstBindings) {
        throw new SousuoLoadError(`the full engine lacks ${reply.needsFullEngine}: pkg/full/ holds the wrong build`, { reason: 'damaged' });
      }
      await loadFullEngine();
      continue;
    }
    if (!reply.needs) return reply.value;
    const again = reply.needs.find((name) => loaded.has(name));
    if (again) {
      throw new SousuoLoadError(`index piece ${again} was dropped before the answer was done: the cache is too small for this query`, { piece: again, reason: 'memory' });
    }
    // Every piece of the round, in parallel; the first failure rejects, the rest still land.
    await Promise.all(reply.needs.map(loadPiece));
    for (const name of reply.needs) loaded.add(name);
  }
  throw new SousuoLoadError(`the answer still needed more index pieces after ${MAX_ROUNDS} rounds of loading`, { reason: 'damaged' });
}

const engine = {
  /** Searches: {query, total, hits, partial, pinyin, suggestions, notice}. */
  search: (query, options) => answer((wasm) => wasm.search(passed(query), options)),
  /** One article with the matches of `query` highlighted. */
  article: (id, query) => answer((wasm) => wasm.article(String(id), query === undefined ? undefined : passed(query))),
  /** Words that complete `prefix`. */
  suggest: (prefix, limit) => answer((wasm) => wasm.suggest(passed(prefix), limit)),
  /**
   * Starts loading the full engine when the lean one answers and `query` may be pinyin, so that
   * its search, a moment later, does not wait for it. Never fails: a failure is the search's to say.
   */
  prepare(query) {
    if (firstIsLean && bindings === firstBindings && passed(query).split(/\s+/).some((part) => PINYIN_PART.test(part))) {
      return loadFullEngine().catch(() => {});
    }
    return undefined;
  },
  /** Example queries from the corpus's titles (needs no piece), of one `language` if given. */
  examples: (limit, language) => answer((wasm) => wasm.examples(limit, language)),
  /**
   * {documents, terms, indexBytes, mode, pieces, loadedBytes, formatVersion, crateVersion,
   * fullEngine, memoryBytes, thread}: fullEngine says whether the engine answering has pinyin
   * and "did you mean" (a split site's page starts with the lean one); memoryBytes is the wasm's
   * memory (both engines' once the full one is loaded), which the page's JS heap does not count;
   * thread is 'worker' or, where no worker could start, 'page'.
   */
  info: () => ({
    ...JSON.parse(bindings.info()),
    memoryBytes: memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0),
    thread: globalThis.document ? 'page' : 'worker',
  }),
  /**
   * Fetches every file of the index, so that the service worker keeps it whole for offline use,
   * and checks every piece in them against the index (a host's fallback page, a damaged copy),
   * so that success is said only when offline search will work. The bytes only pass through,
   * so a large index does not fill the page's memory. `onProgress({done, total, bytes,
   * totalBytes})` after each file.
   */
  async downloadAll(onProgress = () => {}) {
    // Totals from the root, which counts every file, also those other pieces name: the BODIES
    // files of long documents (named by DOCS pieces) and the sound grams' TERMS pieces and the
    // PINYIN pieces (named by the PHONETIC piece). So those pieces are loaded, and the files
    // they name join the queue.
    const { pieces: total, indexBytes: totalBytes } = JSON.parse(bindings.info());
    // Each file, with the pieces in it (a BODIES file's slices all come with their DOCS piece).
    const inFile = new Map();
    const queue = [];
    const enqueue = () => {
      for (const { name } of JSON.parse(bindings.pieces())) {
        const { file } = located(name);
        if (!inFile.has(file)) {
          inFile.set(file, []);
          queue.push(file);
        }
        const names = inFile.get(file);
        if (!names.includes(name)) names.push(name);
      }
    };
    let done = 0;
    let bytes = 0;
    const report = () => onProgress({ done, total, bytes, totalBytes });
    const checked = async (file) => {
      const { bytes: stored } = await fetchBytes(file);
      for (const name of inFile.get(file)) {
        const { start, end } = located(name);
        const blob = await inflated(name, start === undefined ? stored : stored.subarray(start, end));
        if (name.startsWith('d-') || name.startsWith('p-')) {
          await loadFetched(name, blob);
        } else {
          try {
            bindings.check(name, blob);
          } catch (error) {
            failed.add(name);
            await dropKeptCopies(name).catch(() => {});
            throw new SousuoLoadError(error.message, { piece: name, reason: 'damaged', cause: error });
          }
        }
      }
      return stored.byteLength;
    };
    enqueue();
    report();
    // After a failure the download has failed: no worker takes another file or reports
    // progress that would read as if it went on.
    let stopped = false;
    const worker = async () => {
      for (let file = queue.shift(); file && !stopped; file = queue.shift()) {
        try {
          bytes += await checked(file);
          enqueue();
        } catch (error) {
          stopped = true;
          throw error;
        }
        if (stopped) return;
        done += 1;
        report();
      }
    };
    // A worker that found the queue empty may leave while another is still adding to it.
    while (queue.length && !stopped) {
      await Promise.all(Array.from({ length: DOWNLOAD_CONCURRENCY }, worker));
    }
  },
};

let started;
let firstIsLean = false;
/**
 * The engine over `module`, the compiled wasm (once per thread). A failure to start it is a
 * SousuoLoadError, and the next call tries again.
 */
export function startEngine(module) {
  started ??= (async () => {
    const exports = await init({ module_or_path: module });
    memories.push(exports.memory);
    firstIsLean = !JSON.parse(firstBindings.info()).fullEngine;
    return engine;
  })().catch((error) => {
    started = undefined;
    throw engineLoadError(error);
  });
  return started;
}
