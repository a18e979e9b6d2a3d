// Where the page's wasm comes from: fetched, inflated and compiled as its bytes arrive, on the
// browser's own threads. Handed a URL instead, the glue would first wait for the response on the
// page's main thread, which is busy with the page's first layout then (10 to 20 ms on the seeds'
// first result). The single file (tools/single-file.mjs) puts a module in this one's place that
// compiles the bytes it carries.
//
// An engine is stored gzipped, as the index's pieces are: a host keeps a third of its bytes, and
// serves it under whatever type it likes, since the module is compiled from a response made here.
// `again` after a failure: the page's early fetch is not reused, and the HTTP cache (and the
// service worker's) is skipped, since it may hold the bad copy.
export function compileWasm(url, { again = false, signal } = {}) {
  // The served page starts the fetch and the compile itself, before this module runs (index.html,
  // whose inline script does what `inflating` does).
  const early = globalThis.sousuoEarlyWasm;
  if (!again && early?.url === url.href) return compiled(early.response, early.module);
  const response = fetch(url, { cache: again ? 'reload' : 'default', signal });
  return compiled(response, WebAssembly.compileStreaming(response.then(inflating)));
}

// The module's bytes as the stream compile takes them: inflated, as application/wasm. An error
// page passes as it is, and fails the compile.
function inflating(response) {
  if (!response.ok) return response;
  const body = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Response(body, { headers: { 'content-type': 'application/wasm' } });
}

// The module `compiling` makes from `response`, or an error saying what went wrong: the server's
// status, or bytes that are no gzipped module (damaged on the way).
async function compiled(response, compiling) {
  try {
    return await compiling;
  } catch (error) {
    const answered = await response;
    // An error page is not a module: say what the server answered.
    if (!answered.ok) throw Object.assign(new Error(`the server answered ${answered.status}`), { httpStatus: answered.status });
    if (error instanceof WebAssembly.CompileError || error.name === 'AbortError') throw error;
    throw new WebAssembly.CompileError(`it does not inflate: ${error.message}`);
  }
}
