// Where the page's wasm comes from: fetched, and compiled as its bytes arrive, on the browser's
// own threads. Handed a URL instead, the glue would first wait for the response on the page's
// main thread, which is busy with the page's first layout then (10 to 20 ms on the seeds' first
// result). The single file (tools/single-file.mjs) puts a module in this one's place that
// compiles the bytes it carries.
// `again` after a failure: the page's early fetch is not reused, and the HTTP cache (and the
// service worker's) is skipped, since it may hold the bad copy.
export function compileWasm(url, { again = false, signal } = {}) {
  // The served page starts the fetch and the compile itself, before this module runs (index.html).
  const early = globalThis.sousuoEarlyWasm;
  if (!again && early?.url === url.href) return compiled(early.response, early.module);
  const response = fetch(url, { cache: again ? 'reload' : 'default', signal });
  return compiled(response, WebAssembly.compileStreaming(response));
}

// The module `compiling` makes from `response`. A host that does not know .wasm (a bucket's
// binary/octet-stream) fails the streaming compile on its Content-Type alone: the bytes, not
// read by it, are then compiled once they have all arrived.
async function compiled(response, compiling) {
  try {
    return await compiling;
  } catch (error) {
    const answered = await response;
    // An error page is not a module: say what the server answered.
    if (!answered.ok) throw Object.assign(new Error(`the server answered ${answered.status}`), { httpStatus: answered.status });
    const type = answered.headers.get('content-type') ?? '';
    if (answered.bodyUsed || /^application\/wasm\b/i.test(type)) throw error;
    console.warn(`sousuo: ${answered.url} is served as "${type}", not application/wasm: it is compiled after it has arrived instead of while it does`);
    return WebAssembly.compile(await answered.arrayBuffer());
  }
}
