// FlexSearch in the page: its module bundle and the exported index, with the CJK encoder.
import { Document, Charset } from './flexsearch.js';

let index;

export async function load() {
  const parts = await (await fetch('index.json')).json();
  index = new Document({ encoder: Charset.CJK, document: { id: 'id', index: ['title', 'body'], store: ['title'] } });
  for (const [key, data] of Object.entries(parts)) await index.import(key, data);
}

export function search(query, limit) {
  return index.search(query, { limit, enrich: true, merge: true }).map((hit) => ({ id: hit.id, title: hit.doc?.title }));
}
