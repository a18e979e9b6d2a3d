// Where the page's wasm comes from: fetched, and compiled as its bytes arrive, on the browser's
// own threads. Handed a URL instead, the glue would first wait for the response on the page's
// main thread, which is busy with the page's first layout then (10 to 20 ms on the seeds' first
// result). The single file (tools/single-file.mjs) puts a module in this one's place that
// compiles the bytes it carries.
export function compileWasm(url) {
  return WebAssembly.compileStreaming(fetch(url));
}
