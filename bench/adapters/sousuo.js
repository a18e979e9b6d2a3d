// sousuo's wasm API, for the latency and quality runs (first result is timed on the real page).
import init, { search as searchIndex } from './pkg/sousuo.js';

export async function load() {
  await init();
}

export function search(query, limit) {
  return searchIndex(query, { limit }).hits.map((hit) => ({ id: hit.id, title: hit.title }));
}
