// The widget as the page loads it: ./x bundles this module and everything it imports (the glue
// of the wasm included) into one minified module, sousuo.min.js, next to it. One file instead of
// twelve saves the reader a round of requests and about half the bytes.
//
//   <script type="module" src="sousuo.min.js"></script>
//   <sousuo-search></sousuo-search>
//
// Pages that draw their own results import the engine from the same file, sharing its wasm:
//   import { open } from './sousuo.min.js';
//
// The same file is the engine's worker (sousuo-worker.js): there it serves the engine, and the
// widget's modules, which need a document, are never run.
import { isEngineWorker, serveEngine } from './sousuo-worker.js';

export { open } from './sousuo-open.js';
export { SousuoLoadError } from './sousuo-load-error.js';

if (isEngineWorker()) serveEngine();
else await import('./sousuo-search.js');
