// The poems of the npm package chinese-poetry (全唐詩 in order, then 宋詩; Traditional script), in
// the one order every corpus generator uses: poet.tang.0.json, poet.tang.1000.json, … then
// poet.song.*, numeric within each dynasty, poems in file order. Poems without a title or a line
// are left out (27 of the 311,855).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('node_modules/chinese-poetry/dist/quantangshi/', import.meta.url));

// Yields { dynasty: '唐'|'宋', author, title, lines[], id } one poem at a time; a file is read
// only when its poems are needed, so the first N poems do not read the whole package.
export async function* poems() {
  const files = (await readdir(source))
    .map((name) => name.match(/^poet\.(tang|song)\.(\d+)\.json$/))
    .filter(Boolean)
    .sort((a, b) => (a[1] === b[1] ? Number(a[2]) - Number(b[2]) : a[1] === 'tang' ? -1 : 1));
  for (const [name, dynasty] of files) {
    for (const poem of JSON.parse(await readFile(join(source, name), 'utf8'))) {
      const lines = (poem.paragraphs ?? []).map((line) => line.trim()).filter(Boolean);
      const title = (poem.title ?? '').trim() || lines[0];
      if (!title || lines.length === 0) continue;
      yield { dynasty: dynasty === 'tang' ? '唐' : '宋', author: (poem.author ?? '').trim() || '佚名', title, lines, id: poem.id };
    }
  }
}

// `N` or `all` from the command line: a positive integer, or Infinity.
export function parseCount(text) {
  if (text === 'all') return Infinity;
  const count = Number(text);
  return Number.isInteger(count) && count > 0 ? count : null;
}
