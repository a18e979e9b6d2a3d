// MiniSearch in the page: the library, the index built ahead of time, the same tokenizer.
import MiniSearch from './minisearch.js';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const tokenize = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
let index;

export async function load() {
  const json = await (await fetch('index.json')).text();
  index = MiniSearch.loadJSON(json, { fields: ['title', 'body'], storeFields: ['title'], tokenize });
}

export function search(query, limit) {
  return index.search(query).slice(0, limit).map((hit) => ({ id: hit.id, title: hit.title }));
}
