// The queries the benchmark runs, all chosen deterministically from the corpus or the judged set.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root } from './sites.mjs';

export const COLD_QUERIES = 10;

// The judged set of a corpus, if it has one: tests/judged.tsv for seeds, bench/judged/NAME.tsv.
export function judgedSetFor(name) {
  if (name === 'seeds') return join(root, 'tests/judged.tsv');
  const file = join(root, `bench/judged/${name}.tsv`);
  return existsSync(file) ? file : null;
}

// A judged set (src/judge.rs's format): category, query, expected articles, expected first, and
// the correction a typo row (`fix:`) asks to be offered.
export async function readJudged(file = judgedSetFor('seeds')) {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line.trim() && !line.startsWith('#')).map((line) => {
    const [category, query, expected, first, checks = ''] = line.split('\t');
    const fix = checks.split(/\s+/).find((check) => check.startsWith('fix:'))?.slice('fix:'.length) ?? null;
    return { category, query, expected: expected === '-' ? [] : expected.split(','), first: first || null, fix };
  });
}

// Pinyin queries, timed cold like the cold queries (sousuo alone reads pinyin): on seeds the judged
// set's pinyin and initials; on the poems and articles a title, a line, a poet and initials.
export async function pinyinQueriesFor(name) {
  if (name !== 'seeds') return ['jingyesi', 'chuangqianmingyueguang', 'dufu', 'gpshz'];
  const text = await readFile(join(root, 'tests/judged.tsv'), 'utf8');
  return text.split('\n').map((line) => line.split('\t'))
    .filter(([category]) => category === 'pinyin' || category === 'initials')
    .map(([, query]) => query);
}

// The query whose results the page shows first.
export const firstQueryFor = (name) => (name === 'seeds' ? '医药高新区' : '明月');

// Warm queries: on seeds the judged set's; elsewhere a title word or the start of a line from
// documents spread over the corpus, then common poetic words.
export async function warmQueriesFor(name, docs) {
  if (name === 'seeds') return (await readJudged()).map((j) => j.query);
  const queries = [];
  for (let n = 0; n < 40; n++) {
    const doc = docs[Math.floor((n * docs.length) / 40)];
    const line = doc.body.split('\n')[2] ?? doc.title;
    const chars = [...line.replace(/[，。？！；：、]/g, '')];
    queries.push(n % 2 ? chars.slice(0, 2).join('') : chars.slice(0, 4).join(''));
  }
  return queries.concat(['明月', '春風', '長安', '白雲', '故人', '江南', '黃河', '秋']);
}

// Cold queries: COLD_QUERIES words (two characters, then four, alternately) cut from lines of
// documents spread over the corpus, none sharing a character with the first query or with each
// other, so that no engine can answer one from index pieces an earlier query fetched.
export function coldQueriesFor(docs, firstQuery) {
  const used = new Set(firstQuery);
  const queries = [];
  for (let n = 0; n < COLD_QUERIES; n++) {
    const length = n % 2 ? 4 : 2;
    const start = Math.floor(((n + 0.5) * docs.length) / COLD_QUERIES);
    // From that document on (wrapping round), the first fresh word in its lines after the first
    // (on poetry that skips the author line).
    let found = null;
    for (let k = 0; k < docs.length && !found; k++) {
      const lines = docs[(start + k) % docs.length].body.split('\n').slice(1);
      for (const line of lines) {
        for (const run of line.match(/\p{Script=Han}+/gu) ?? []) {
          const chars = [...run];
          for (let at = 0; at + length <= chars.length && !found; at++) {
            const word = chars.slice(at, at + length);
            if (new Set(word).size === length && word.every((c) => !used.has(c))) found = word;
          }
          if (found) break;
        }
        if (found) break;
      }
    }
    if (!found) throw new Error(`no fresh ${length}-character word left for cold query ${n + 1}`);
    for (const c of found) used.add(c);
    queries.push(found.join(''));
  }
  return queries;
}
