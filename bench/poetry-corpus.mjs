// Turns the first N poems of the npm package chinese-poetry (全唐詩 in order, then 宋詩; Traditional
// script), or all of them, into a sousuo corpus folder: one file per poem, title on the first
// line, then the author line, then the poem's lines.
//
//   node bench/poetry-corpus.mjs N|all OUT_DIR
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCount, poems } from './poems.mjs';

const [count, out] = [parseCount(process.argv[2]), process.argv[3]];
if (!count || !out) {
  console.error('usage: node bench/poetry-corpus.mjs N|all OUT_DIR');
  process.exit(2);
}

// Gathered first: the file names' width depends on how many there are.
const chosen = [];
for await (const poem of poems()) {
  if (chosen.length === count) break;
  chosen.push(poem);
}
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const width = String(chosen.length - 1).length;
// A few writes at a time: 300,000 files one by one is slow, all at once runs out of descriptors.
for (let start = 0; start < chosen.length; start += 64) {
  await Promise.all(chosen.slice(start, start + 64).map(({ dynasty, author, title, lines, id }, k) => {
    const name = `${String(start + k).padStart(width, '0')}_${id.slice(0, 8)}`;
    return writeFile(join(out, `${name}.txt`), `${title}\n${dynasty}·${author}\n${lines.join('\n')}\n`);
  }));
}
if (chosen.length < count && count !== Infinity) console.error(`only ${chosen.length} poems available`);
console.log(`${out}: ${chosen.length} poems`);
