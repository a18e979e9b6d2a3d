// How the engine says it could not have what a call needs, on either side of its worker.

/** A piece of the index could not be fetched or was not the bytes the index names. */
export class SousuoLoadError extends Error {
  constructor(message, { piece, reason, status, cause } = {}) {
    super(message, { cause });
    this.name = 'SousuoLoadError';
    this.piece = piece; // its file name
    this.reason = reason; // 'offline' | 'timeout' | 'http' | 'damaged' | 'memory' | 'updated'
    this.status = status; // the server's answer, for 'http'
  }
}

// The engine's own wasm, in messages and as the `piece` of its load errors.
export const ENGINE_PIECE = 'sousuo_bg.wasm';

// How long a piece, or the engine itself, may take to arrive.
export const PIECE_TIMEOUT_MS = 20_000;

// The engine reads a query's first 256 characters (MAX_QUERY_CHARS) and says it cut the rest.
// The rest is cut before the text is copied into the wasm's memory, which never shrinks, or into
// the worker: a paste of megabytes would keep either that large for as long as the page is open.
// Twice as many UTF-16 units as the engine reads characters, and more: the engine still sees that
// it cut.
const QUERY_UNITS_PASSED = 1024;
export const passed = (text) => String(text).slice(0, QUERY_UNITS_PASSED);

/** What made loading the engine fail, as a SousuoLoadError: as a piece's failures are said. */
export function engineLoadError(error, timedOut = false) {
  if (error instanceof SousuoLoadError) return error;
  const [message, reason] = timedOut
    ? [`no answer within ${PIECE_TIMEOUT_MS / 1000} s`, 'timeout']
    : error?.httpStatus ? [error.message, 'http']
      : error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError || error instanceof WebAssembly.RuntimeError
        ? [`the module is damaged: ${error.message}`, 'damaged']
        : [`it could not be fetched: ${error?.message ?? error}`, 'offline'];
  return new SousuoLoadError(`the search engine (pkg/${ENGINE_PIECE}): ${message}`, { piece: ENGINE_PIECE, reason, status: error?.httpStatus, cause: error });
}

/** An error as it crosses to the other thread: what a message can carry. */
export function sendable(error) {
  const { name = 'Error', message = String(error), piece, reason, status } = error ?? {};
  return { name, message, piece, reason, status };
}

/** The error `sendable` made, as it was thrown. */
export function received({ name, message, piece, reason, status }) {
  if (name === 'SousuoLoadError') return new SousuoLoadError(message, { piece, reason, status });
  const error = new Error(message);
  error.name = name;
  return error;
}
