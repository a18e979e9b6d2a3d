// Turns the first N poems of the npm package chinese-poetry (全唐詩 in order, then 宋詩; Traditional
// script) into a sousuo corpus folder: one file per poem, title on the first line, then the author
// line, then the poem's lines.
//
//   node bench/poetry-corpus.mjs N OUT_DIR
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [count, out] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(count) || count < 1 || !out) {
  console.error('usage: node bench/poetry-corpus.mjs N OUT_DIR');
  process.exit(2);
}
const source = fileURLToPath(new URL('node_modules/chinese-poetry/dist/quantangshi/', import.meta.url));

// poet.tang.0.json, poet.tang.1000.json, … then poet.song.*: numeric order within each dynasty.
const files = (await readdir(source))
  .map((name) => name.match(/^poet\.(tang|song)\.(\d+)\.json$/))
  .filter(Boolean)
  .sort((a, b) => (a[1] === b[1] ? Number(a[2]) - Number(b[2]) : a[1] === 'tang' ? -1 : 1));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const width = String(count - 1).length;
let written = 0;
for (const [name, dynasty] of files) {
  for (const poem of JSON.parse(await readFile(join(source, name), 'utf8'))) {
    if (written === count) break;
    const lines = (poem.paragraphs ?? []).map((line) => line.trim()).filter(Boolean);
    const title = (poem.title ?? '').trim() || lines[0];
    if (!title || lines.length === 0) continue;
    const author = `${dynasty === 'tang' ? '唐' : '宋'}·${(poem.author ?? '').trim() || '佚名'}`;
    const id = `${String(written).padStart(width, '0')}_${poem.id.slice(0, 8)}`;
    await writeFile(join(out, `${id}.txt`), `${title}\n${author}\n${lines.join('\n')}\n`);
    written += 1;
  }
  if (written === count) break;
}
if (written < count) console.error(`only ${written} poems available`);
console.log(`${out}: ${written} poems`);
