// MiniSearch 7.2.0 as a VitePress site configures it for Chinese text.
//
//   node bench/questions/minisearch.mjs PARAGRAPHS.jsonl QUESTIONS.tsv RUN
//
// Writes a TREC run (qid Q0 paragraph rank score minisearch), the top 10 per question.
// VitePress's local search builds MiniSearch over the fields title, titles and text and searches
// with { fuzzy: 0.2, prefix: true, boost: { title: 4, text: 2, titles: 1 } }; a paragraph here has
// one title and one text, so the fields are title and body with boosts 4 and 2. MiniSearch's own
// tokenizer splits on spaces and punctuation, which leaves a Chinese sentence whole, so a Chinese
// site sets `miniSearch.options.tokenize`: here the word-like segments of Intl.Segmenter('zh').

// Resolved from bench/node_modules, where bench/package.json installs the peers.
import MiniSearch from 'minisearch';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const LIMIT = 10;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const tokenize = (text) => Array.from(segmenter.segment(text))
  .filter((piece) => piece.isWordLike)
  .map((piece) => piece.segment);

const [paragraphsPath, questionsPath, runPath] = process.argv.slice(2);
if (!runPath) {
  console.error('usage: node minisearch.mjs PARAGRAPHS.jsonl QUESTIONS.tsv RUN');
  process.exit(2);
}

const paragraphs = readFileSync(paragraphsPath, 'utf8').split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));
const index = new MiniSearch({
  fields: ['title', 'body'],
  tokenize,
  searchOptions: { fuzzy: 0.2, prefix: true, boost: { title: 4, body: 2 } },
});
index.addAll(paragraphs);

const lines = [];
for await (const line of createInterface({ input: createReadStream(questionsPath, 'utf8') })) {
  if (!line.trim()) continue;
  const [qid, question] = line.split('\t');
  index.search(question).slice(0, LIMIT).forEach((hit, i) => {
    lines.push(`${qid} Q0 ${hit.id} ${i + 1} ${hit.score.toFixed(4)} minisearch`);
  });
}
writeFileSync(runPath, lines.length ? `${lines.join('\n')}\n` : '');
