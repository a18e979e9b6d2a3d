// sousuo through its JS API, for the latency, cold-query and quality runs (first result is timed
// on the real page). Its search is async: a query may need index pieces fetched first, and it is
// answered from the engine's worker, as on any page.
import { open } from './sousuo.min.js';

let engine;

export async function load() {
  engine = await open();
}

export async function search(query, limit) {
  return (await engine.search(query, { limit })).hits.map((hit) => ({ id: hit.id, title: hit.title }));
}
