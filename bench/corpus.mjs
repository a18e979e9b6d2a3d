// A sousuo corpus folder read the plain way the peers get it: title = first line, body = the rest.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function readCorpus(dir) {
  const names = (await readdir(dir, { recursive: true })).filter((name) => /\.txt$/i.test(name)).sort();
  const docs = [];
  for (const name of names) {
    const text = (await readFile(join(dir, name), 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const [title, ...body] = text.split('\n');
    docs.push({ id: name.replace(/^.*\//, '').replace(/\.txt$/i, ''), title: title.trim(), body: body.join('\n').trim() });
  }
  return docs;
}
