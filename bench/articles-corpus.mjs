// Article-length documents from chinese-poetry, for corpora of long texts: the poems in the order
// of poems.mjs, grouped by poet (a poet comes where their first poem comes, their poems in order),
// each poet's poems joined into articles of about 4,000 characters; a prolific poet makes several,
// a poet with fewer poems one shorter article. Most of the 12,596 poets wrote only a poem or two
// (one article each would make 5,000 articles of 4.6 M characters, median 140), so poets with
// fewer than 1,000 characters are pooled, per dynasty and in the same order, into articles of
// the same length (`唐·諸家詩 第7篇`), each poem with its poet's line. 5,000 articles then hold
// 17.8 M of the package's 21.9 M characters (median 3,992 per article).
//
// One file per article: the title on the first line (`唐·李白詩集 第3篇`, or `唐·王績詩集` for a
// poet with one article), then each poem as its title line and its lines. Deterministic.
//
//   node bench/articles-corpus.mjs N|all OUT_DIR
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCount, poems } from './poems.mjs';

const TARGET = 4000;
const POOLED_BELOW = 1000;

const [count, out] = [parseCount(process.argv[2]), process.argv[3]];
if (!count || !out) {
  console.error('usage: node bench/articles-corpus.mjs N|all OUT_DIR');
  process.exit(2);
}

// Characters counted as code points, line breaks left out.
const length = (text) => [...text.replace(/\n/g, '')].length;

// Every poem is read: a poet's later poems may come long after other poets' first ones.
const poets = new Map();
let order = 0;
for await (const poem of poems()) {
  const poet = `${poem.dynasty}·${poem.author}`;
  if (!poets.has(poet)) poets.set(poet, { poet, dynasty: poem.dynasty, poems: [], size: 0 });
  const entry = poets.get(poet);
  poem.order = order++;
  poem.text = `${poem.title}\n${poem.lines.join('\n')}`;
  poem.size = length(poem.text);
  entry.poems.push(poem);
  entry.size += poem.size;
}

// Poems cut into articles: a poem goes into the current article unless that would take it
// further from TARGET than closing the article first (more than half the poem would overflow).
function cut(list, textOf) {
  const articles = [];
  let current = null;
  for (const poem of list) {
    const text = textOf(poem);
    if (current && current.size + poem.size / 2 > TARGET) current = null;
    if (!current) articles.push((current = { texts: [], size: 0, id: poem.id, order: poem.order }));
    current.texts.push(text);
    current.size += poem.size;
  }
  return articles;
}

// Groups of articles, each kept together and placed by its first poem: one per poet, one per
// pooled article.
const groups = [];
const pools = new Map();
for (const entry of poets.values()) {
  if (entry.size < POOLED_BELOW) {
    if (!pools.has(entry.dynasty)) pools.set(entry.dynasty, []);
    pools.get(entry.dynasty).push(...entry.poems.map((poem) => ({ ...poem, poet: entry.poet })));
    continue;
  }
  const articles = cut(entry.poems, (poem) => poem.text);
  articles.forEach((article, k) => {
    article.title = articles.length === 1 ? `${entry.poet}詩集` : `${entry.poet}詩集 第${k + 1}篇`;
  });
  groups.push(articles);
}
for (const [dynasty, pooled] of pools) {
  cut(pooled, (poem) => `${poem.title}\n${poem.poet}\n${poem.lines.join('\n')}`).forEach((article, k) => {
    article.title = `${dynasty}·諸家詩 第${k + 1}篇`;
    groups.push([article]);
  });
}
groups.sort((a, b) => a[0].order - b[0].order);
const chosen = groups.flat().slice(0, count);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const width = Math.max(4, String(chosen.length - 1).length);
for (let start = 0; start < chosen.length; start += 64) {
  await Promise.all(chosen.slice(start, start + 64).map((article, k) => {
    const name = `${String(start + k).padStart(width, '0')}_${article.id.slice(0, 8)}`;
    return writeFile(join(out, `${name}.txt`), `${article.title}\n${article.texts.join('\n')}\n`);
  }));
}
if (chosen.length < count && count !== Infinity) console.error(`only ${chosen.length} articles available`);
const sizes = chosen.map((article) => article.size).sort((a, b) => a - b);
const characters = sizes.reduce((sum, size) => sum + size, 0);
console.log(`${out}: ${chosen.length} articles, ${characters} characters (median ${sizes[sizes.length >> 1]}, smallest ${sizes[0]}, largest ${sizes.at(-1)})`);
