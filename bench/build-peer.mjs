// Builds one peer's index over a corpus folder, the way its docs advise for Chinese, into a site
// folder the benchmark serves. Run under /usr/bin/time by bench/run.mjs, which records build time
// and peak memory.
//
//   node bench/build-peer.mjs minisearch|flexsearch|pagefind-pages CORPUS_DIR SITE_DIR
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { Document, Charset } from 'flexsearch';
import { readCorpus } from './corpus.mjs';

const [engine, corpus, site] = process.argv.slice(2);
const docs = await readCorpus(corpus);
await mkdir(site, { recursive: true });

// MiniSearch's docs for languages without spaces: tokenize with Intl.Segmenter.
export const minisearchOptions = {
  fields: ['title', 'body'],
  storeFields: ['title'],
};

if (engine === 'minisearch') {
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const tokenize = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
  const index = new MiniSearch({ ...minisearchOptions, tokenize });
  index.addAll(docs);
  await writeFile(join(site, 'index.json'), JSON.stringify(index));
} else if (engine === 'flexsearch') {
  const index = new Document({ encoder: Charset.CJK, document: { id: 'id', index: ['title', 'body'], store: ['title'] } });
  for (const doc of docs) index.add(doc);
  const parts = {};
  await index.export((key, data) => { parts[key] = data; });
  await writeFile(join(site, 'index.json'), JSON.stringify(parts));
} else if (engine === 'pagefind-pages') {
  // One HTML page per article with lang set, for the pagefind CLI to index.
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  await mkdir(join(site, 'docs'), { recursive: true });
  for (const doc of docs) {
    const paragraphs = doc.body.split('\n').filter(Boolean).map((p) => `<p>${escape(p)}</p>`).join('\n');
    await writeFile(join(site, 'docs', `${doc.id}.html`), `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${escape(doc.title)}</title></head><body><main><h1>${escape(doc.title)}</h1>\n${paragraphs}</main></body></html>\n`);
  }
} else {
  console.error(`unknown engine ${engine}`);
  process.exit(2);
}
