// The widget as the page loads it: ./x bundles this module and everything it imports (the glue
// of the wasm included) into one minified module, sousuo.min.js, next to it. One file instead of
// twelve saves the reader a round of requests and about half the bytes.
//
//   <script type="module" src="sousuo.min.js"></script>
//   <sousuo-search></sousuo-search>
//
// Pages that draw their own results import the engine from the same file, sharing its wasm:
//   import { open } from './sousuo.min.js';
import './sousuo-search.js';

export { open, SousuoLoadError } from './sousuo-engine.js';
