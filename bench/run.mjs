// sousuo against its peers (Pagefind, MiniSearch, FlexSearch), on the same corpora, in the same
// headless Chromium. `./x bench [CORPUS…]` installs the peers and runs this.
//
//   node bench/run.mjs [CORPUS…] [--engines sousuo,pagefind,minisearch,flexsearch] [--out DIR] [--merge] [--reuse-builds] [--from DIR…]
//
// CORPUS: seeds (seeds/, with the judged set), poetry:N or poetry:all (poems of chinese-poetry,
// bench/poetry-corpus.mjs), articles:N (about 4,000 characters each, bench/articles-corpus.mjs).
// Default: seeds poetry:10000 poetry:50000 poetry:all articles:2000 articles:5000. A plain N means
// poetry:N; when only plain numbers are given (the old form) seeds still comes first.
// --out: where results go (default bench/results/); --merge keeps the rows already there that
// this run does not measure, so that a long run can be split by corpus and engine.
// --from DIR (repeatable): merge the results of earlier runs into --out; with no corpus named,
// nothing is measured, only the table and the chart are written again.
// --reuse-builds: measure again the sites an earlier run built (bench/work/CORPUS/ENGINE/) over
// the same generated corpus, with that run's build figures, rather than build them again.
//
// For each corpus and engine it builds the index (time and peak memory under /usr/bin/time; a
// build past sites.mjs' LIMITS is stopped and recorded as skipped), serves the site on loopback and
// measures in Chromium: the bytes loaded before the first result (raw and gzip -9), time from
// navigation to the first result in the DOM (median of FIRST_RESULT_RUNS, 9), cold queries (10 queries no earlier
// query shares a character with, each from call to results, fetches included), warm latency per
// query (median and p99), sousuo's pinyin queries cold, the page's memory, and on seeds the judged set's pass count. Results:
// results.json, results.md, chart.png.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serve } from '../tests/e2e/serve.mjs';
import { launch } from '../tests/e2e/browser.mjs';
import { readCorpus } from './corpus.mjs';
import { drawChart } from './chart.mjs';
import { fmtUs, median, percentile } from './stats.mjs';
import { bench, buildPeer, buildSousuo, copyAdapter, root, Skipped, SOUSUO_X_SITE, work } from './sites.mjs';
import { coldQueries, emptyPageMs, firstResult, FIRST_RESULT_RUNS, judged, judgedLatency, latencies } from './measure.mjs';
import { coldQueriesFor, firstQueryFor, judgedSetFor, pinyinQueriesFor, readJudged, warmQueriesFor } from './queries.mjs';

const ENGINES = ['sousuo', 'pagefind', 'minisearch', 'flexsearch'];
const DEFAULT_CORPORA = ['seeds', 'poetry:10000', 'poetry:50000', 'poetry:all', 'articles:2000', 'articles:5000'];

function parseArgs(argv) {
  const options = { corpora: [], engines: ENGINES, out: join(bench, 'results'), merge: false, reuseBuilds: false, from: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--engines') options.engines = argv[++i].split(',').filter(Boolean);
    else if (arg === '--out') options.out = resolve(argv[++i]);
    else if (arg === '--merge') options.merge = true;
    else if (arg === '--reuse-builds') options.reuseBuilds = true;
    else if (arg === '--from') options.from.push(resolve(argv[++i]));
    else options.corpora.push(arg);
  }
  const unknown = options.engines.filter((e) => !ENGINES.includes(e));
  if (unknown.length) throw new Error(`unknown engine ${unknown.join(', ')}: one of ${ENGINES.join(', ')}`);
  if (!options.corpora.length) options.corpora = options.from.length ? [] : DEFAULT_CORPORA;
  else if (options.corpora.every((c) => /^\d+$/.test(c))) options.corpora = ['seeds', ...options.corpora];
  options.corpora = options.corpora.map((spec) => {
    if (spec === 'seeds') return { name: 'seeds', dir: join(root, 'seeds') };
    const [, kind = 'poetry', count] = spec.match(/^(?:(poetry|articles):)?(\d+|all)$/) ?? [];
    if (!count || (count !== 'all' && Number(count) < 1)) throw new Error(`unknown corpus ${spec}: seeds, poetry:N, poetry:all, articles:N or N`);
    return { name: `${kind}-${count}`, kind, count };
  });
  return options;
}

// A generated corpus is kept in bench/work/ and made again only when its generator changed.
// Returns its folder and that generator's digest (null for seeds/).
async function corpusDir({ name, kind, count, dir }) {
  if (dir) return { dir, digest: null };
  dir = join(work, `corpus-${name}`);
  const generator = join(bench, `${kind}-corpus.mjs`);
  const hash = createHash('sha256');
  for (const file of [generator, join(bench, 'poems.mjs')]) hash.update(await readFile(file));
  const stamp = `${dir}.stamp`;
  const digest = hash.digest('hex');
  if ((await readFile(stamp, 'utf8').catch(() => '')) === digest) return { dir, digest };
  console.error(`== making ${name}`);
  execFileSync('node', [generator, count, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await writeFile(stamp, digest);
  return { dir, digest };
}

// A site's build figures, kept beside it (bench/work/CORPUS/ENGINE.build.json) for --reuse-builds.
async function build(engine, corpus, site) {
  const record = `${site}.build.json`;
  if (options.reuseBuilds) {
    const kept = JSON.parse(await readFile(record, 'utf8').catch(() => 'null'));
    if (kept && kept.digest === corpus.digest) {
      console.error(`   reusing the build of ${kept.at}`);
      await copyAdapter(engine, site);
      return kept.build;
    }
  }
  await rm(record, { force: true });
  const figures = engine === 'sousuo' ? await buildSousuo(corpus.dir, site) : await buildPeer(engine, corpus.dir, site);
  await writeFile(record, `${JSON.stringify({ digest: corpus.digest, at: new Date().toISOString(), build: figures })}\n`);
  return figures;
}

// The judged rows every engine is held to: not the typo rows, which ask for an offer.
const judgedByAll = (judgements) => judgements.filter((j) => !j.fix);

const characters = (docs) => docs.reduce((sum, d) => sum + [...d.title].length + [...d.body.replace(/\n/g, '')].length, 0);

// The empty page that sets the floor (measure.mjs emptyPageMs writes it at the run's start).
const EMPTY_SITE = join(work, 'empty-page');

async function measureEngine(browser, engine, corpus, docs, queries) {
  const site = join(work, corpus.name, engine);
  const figures = await build(engine, corpus, site);
  console.error(`   build: ${figures.seconds} s, ${figures.peakMiB.toFixed(0)} MiB; measuring`);
  const server = await serve(site);
  const empty = await serve(EMPTY_SITE);
  try {
    const hash = `#q=${encodeURIComponent(queries.first)}`;
    const page = engine === 'sousuo' ? `${server.url}${hash}` : `${server.url}index.html${hash}`;
    const benchPage = engine === 'sousuo' ? `${server.url}bench.html` : `${server.url}index.html`;
    // Each load follows one of the empty page, so that the machine's noise (shared, two cores)
    // is the same for both: the row keeps the median of the differences, load by load.
    const loads = [];
    const floors = [];
    for (let i = 0; i < FIRST_RESULT_RUNS; i++) {
      floors.push((await firstResult(browser, empty.url, 'empty', EMPTY_SITE)).ms);
      loads.push(await firstResult(browser, page, engine, site));
    }
    const cold = await coldQueries(browser, `${benchPage}${hash}`, site, queries.cold);
    const pinyin = engine === 'sousuo' ? await coldQueries(browser, `${benchPage}${hash}`, site, queries.pinyin) : null;
    const micros = await latencies(browser, benchPage, queries.warm);
    return {
      build: figures, raw: loads[0].raw, gzip: loads[0].gzip, files: loads[0].files,
      firstResultMs: median(loads.map((l) => l.ms)),
      overFloorMs: median(loads.map((l, i) => l.ms - floors[i])),
      // How the page's first result was awaited: rows without it polled, and paid for that.
      firstResultBy: 'console',
      memoryMiB: median(loads.map((l) => l.memoryMiB)),
      cold,
      pinyin,
      queryMedianUs: median(micros), queryP99Us: percentile(micros, 99), queries: micros.length,
      judged: queries.judgements ? await judged(browser, benchPage, judgedByAll(queries.judgements)) : null,
      judgedOf: queries.judgements ? judgedByAll(queries.judgements).length : null,
      judgedLatency: queries.judgements ? await judgedLatency(browser, benchPage, queries.judgements) : null,
      // The machine is shared: its 1-minute load average when this engine's measurements ended.
      loadAverage: Math.round(loadavg()[0] * 100) / 100,
    };
  } finally {
    server.close();
    empty.close();
  }
}

async function runCorpus(browser, corpus, engines, emptyMs) {
  Object.assign(corpus, await corpusDir(corpus));
  const docs = await readCorpus(corpus.dir);
  const chars = characters(docs);
  const first = firstQueryFor(corpus.name);
  const queries = {
    first,
    cold: coldQueriesFor(docs, first),
    warm: await warmQueriesFor(corpus.name, docs),
    pinyin: await pinyinQueriesFor(corpus.name),
    judgements: judgedSetFor(corpus.name) ? await readJudged(judgedSetFor(corpus.name)) : null,
  };
  console.error(`== ${corpus.name}: ${docs.length} documents, ${chars} characters; cold queries ${queries.cold.join(' ')}`);
  const rows = [];
  for (const engine of engines) {
    const base = { engine, docs: docs.length, at: new Date().toISOString() };
    let row;
    console.error(`== ${corpus.name}: ${engine}`);
    try {
      row = { ...base, ...(await measureEngine(browser, engine, corpus, docs, queries)) };
    } catch (error) {
      console.error(`${corpus.name} ${engine}: ${error.message}`);
      row = error instanceof Skipped ? { ...base, skipped: error.message } : { ...base, error: error.message.split('\n')[0] };
    }
    console.error(JSON.stringify(row));
    rows.push(row);
  }
  // The floor of the run that measured this corpus, kept with it when runs are merged.
  return { corpus: corpus.name, docs: docs.length, characters: chars, emptyPageMs: emptyMs, firstQuery: first, coldQueries: queries.cold, rows };
}

// Corpora in a fixed order whatever order the runs came in: seeds, poems by size, articles.
function corpusKey(name) {
  const [kind, count] = name.split('-');
  return [['seeds', 'poetry', 'articles'].indexOf(kind), count === 'all' ? Infinity : Number(count ?? 0)];
}

function merged(old, fresh) {
  const byName = new Map(old.map((c) => [c.corpus, c]));
  for (const c of fresh) {
    const before = byName.get(c.corpus);
    const rows = [...(before?.rows ?? []).filter((r) => !c.rows.some((n) => n.engine === r.engine)), ...c.rows];
    // A row keeps the floor of the run that measured it.
    for (const r of c.rows) r.emptyPageMs ??= c.emptyPageMs;
    byName.set(c.corpus, { ...c, rows: rows.sort((a, b) => ENGINES.indexOf(a.engine) - ENGINES.indexOf(b.engine)) });
  }
  return [...byName.values()].sort((a, b) => {
    const [ka, kb] = [corpusKey(a.corpus), corpusKey(b.corpus)];
    return ka[0] - kb[0] || ka[1] - kb[1];
  });
}

const fmtBytes = (b) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
const fmtMs = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

// The floor of each run merged here, with the corpora it measured.
function floors(result) {
  const byFloor = new Map();
  for (const c of result.corpora) {
    const ms = c.emptyPageMs ?? result.emptyPageMs;
    byFloor.set(ms, [...(byFloor.get(ms) ?? []), c.corpus]);
  }
  if (byFloor.size === 1) return `${[...byFloor.keys()][0].toFixed(0)} ms`;
  return [...byFloor].map(([ms, names]) => `${ms.toFixed(0)} ms (${names.join(', ')})`).join(', ');
}

function table(result) {
  const lines = [
    `Each row is measured by \`node bench/run.mjs CORPUS --engines ENGINE\` (runs kept together with \`--out DIR --merge\`), in ${result.chromium} (headless) on ${process.env.BENCH_MACHINE ?? 'this machine'}; results.json beside this table keeps each row's date.`,
    `The floor for "first result": an empty page whose one inline script writes one list item takes ${floors(result)} (median of ${FIRST_RESULT_RUNS}), measured the same way. (+N): each of the engine's loads follows one of the empty page, and N is the median of the differences, load by load.`,
    'Cold queries: 10 queries sharing no character with the first query or each other, each timed from the call to its results after the first result is shown (index fetches included); median and worst of the 10 (each the median of 3 fresh loads), and what they fetched.',
    ...(result.corpora.some((c) => c.rows.some((r) => !r.error && !r.skipped && !r.firstResultBy))
      ? ['†: first result measured by polling the page, whose first poll parsed the driver\'s script on the page\'s main thread while the engine worked (about 60 ms more than now).']
      : []),
    'Pinyin cold queries (sousuo alone reads pinyin): timed and counted the same way, after the first result, one after another on one page (seeds: the judged pinyin and initials queries; elsewhere jingyesi, chuangqianmingyueguang, dufu, gpshz).',
    '',
    '| corpus | engine | loaded before first result (raw / gzip -9) | first result | cold query median / worst | cold queries fetched (gzip -9) | pinyin cold median / worst, fetched | warm query median | warm p99 | page memory (JS heap, plus wasm memory for sousuo) | judged | build | build peak | index on disk |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { corpus, docs, characters: chars, rows } of result.corpora) {
    const label = `${corpus} (${docs.toLocaleString('en')}${chars ? `; ${(chars / 1e6).toFixed(1)} M chars` : ''})`;
    for (const r of rows) {
      if (r.error || r.skipped) {
        lines.push(`| ${label} | ${r.engine} | ${r.error ? `failed: ${r.error}` : `skipped: ${r.skipped}`} | | | | | | | | | | | |`);
        continue;
      }
      lines.push(`| ${label} | ${r.engine} | ${fmtBytes(r.raw)} / ${fmtBytes(r.gzip)} | ${r.firstResultMs.toFixed(0)} ms${r.overFloorMs === undefined ? '' : ` (+${r.overFloorMs.toFixed(0)})`}${r.firstResultBy ? '' : ' †'} | ${r.cold ? `${fmtMs(r.cold.medianMs)} / ${fmtMs(r.cold.worstMs)} | ${fmtBytes(r.cold.fetched.gzip)} in ${r.cold.fetched.files} files` : '– | –'} | ${r.pinyin ? `${fmtMs(r.pinyin.medianMs)} / ${fmtMs(r.pinyin.worstMs)}, ${fmtBytes(r.pinyin.fetched.gzip)}` : '–'} | ${fmtUs(r.queryMedianUs)} | ${fmtUs(r.queryP99Us)} | ${r.memoryMiB.toFixed(1)} MiB | ${r.judged === null ? '–' : `${r.judged}/${r.judgedOf}`} | ${r.build.seconds.toFixed(1)} s | ${r.build.peakMiB.toFixed(0)} MiB | ${fmtBytes(r.build.indexBytes)} |`);
    }
  }
  return [...lines, ...judgedTable(result)].join('\n');
}

// The judged sets' queries, timed: the rows that measured them.
function judgedTable(result) {
  const measured = result.corpora.flatMap((c) => c.rows.filter((r) => r.judgedLatency).map((r) => ({ corpus: c.corpus, r })));
  if (!measured.length) return [];
  const lines = [
    '',
    'The judged sets\' queries (tests/judged.tsv on seeds, bench/judged/ on the poems and articles), each timed cold as the first query of a visit (a fresh context on the bench page, nothing searched or fetched before; from the call to its results, limit 10) and warm; median and worst over the queries. Judged: the rule every engine can be held to (the returned set, up to 100, is the expected one, and the expected first comes first), typo rows left out; `./x judge` judges sousuo by its own rule, typos included.',
    '',
    '| corpus | engine | judged | queries | cold median | cold worst | warm median | warm worst |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { corpus, r } of measured) {
    const l = r.judgedLatency;
    lines.push(`| ${corpus} | ${r.engine} | ${r.judged}/${r.judgedOf} | ${l.queries} | ${fmtMs(l.coldMedianMs)} | ${fmtMs(l.coldWorstMs)} | ${fmtUs(l.warmMedianUs)} | ${fmtUs(l.warmWorstUs)} |`);
  }
  return lines;
}

const options = parseArgs(process.argv.slice(2));
const command = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
await mkdir(options.out, { recursive: true });
if (options.engines.includes('sousuo')) console.error(`sousuo's site: ${SOUSUO_X_SITE ? './x site' : 'wasm-pack build with the index inside'}`);
let previous = options.merge ? JSON.parse(await readFile(join(options.out, 'results.json'), 'utf8').catch(() => 'null')) : null;
// --from DIR: the results of earlier runs (each corpus keeping its own floor), merged in order.
for (const dir of options.from) {
  const earlier = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
  const corpora = earlier.corpora.map((c) => ({ ...c, emptyPageMs: c.emptyPageMs ?? earlier.emptyPageMs }));
  previous = {
    chromium: earlier.chromium,
    commands: [...(previous?.commands ?? []), ...earlier.commands],
    corpora: merged(previous?.corpora ?? [], corpora),
  };
}
const browser = await launch();
try {
  const chromium = `Chromium ${browser.version()}`;
  const emptyMs = options.corpora.length ? await emptyPageMs(browser, join(work, 'empty-page')) : null;
  const fresh = [];
  const commands = [...(previous?.commands ?? []), ...(options.corpora.length ? [command] : [])];
  const write = async () => {
    const result = { chromium, emptyPageMs: emptyMs, commands, corpora: merged(previous?.corpora ?? [], fresh) };
    await writeFile(join(options.out, 'results.json'), `${JSON.stringify(result, null, 1)}\n`);
    await writeFile(join(options.out, 'results.md'), `${table(result)}\n`);
    await drawChart(browser, result.corpora, join(options.out, 'chart.png'));
    return table(result);
  };
  let markdown = options.corpora.length ? '' : await write();
  // Written after each corpus, so that a run stopped midway keeps what it measured.
  for (const corpus of options.corpora) {
    fresh.push({ ...(await runCorpus(browser, corpus, options.engines, emptyMs)), emptyPageMs: emptyMs });
    markdown = await write();
  }
  console.log(markdown);
} finally {
  await browser.close();
}
