// Indexing a site with no compiler: `sousuo --site` (the command with its prebuilt engines,
// target/cli/sousuo from `./x engines`) against `pagefind --site`, over the same HTML pages (one
// page per article, as bench/build-peer.mjs writes them for Pagefind), in alternating runs on one
// machine. Prints, for each corpus, the median wall time and peak memory of each, and their
// ratio taken run by run.
//
//   node bench/indexing.mjs [seeds|poetry:N|articles:N …] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const bench = fileURLToPath(new URL('.', import.meta.url));
const root = join(bench, '..');
const work = join(bench, 'work');
const sousuo = join(root, 'target/cli/sousuo');
const pagefind = join(bench, 'node_modules/.bin/pagefind');

function parseArgs(argv) {
  const options = { corpora: [], runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else options.corpora.push(argv[i]);
  }
  if (!options.corpora.length) options.corpora = ['seeds', 'articles:2000', 'poetry:50000'];
  return options;
}

// The corpus's folder of articles, made by its generator when missing.
function corpusDir(spec) {
  if (spec === 'seeds') return join(root, 'seeds');
  const [kind, count] = spec.split(':');
  const dir = join(work, `corpus-${kind}-${count}`);
  if (!existsSync(dir)) execFileSync('node', [join(bench, `${kind}-corpus.mjs`), count, dir], { stdio: 'inherit' });
  return dir;
}

// One run of `command` under /usr/bin/time: its wall seconds and peak resident MiB.
function timed(command, args) {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const peakKiB = Number(run.stderr.trim().split('\n').pop());
  return { seconds, peakMiB: peakKiB / 1024 };
}

async function measure(spec, runs) {
  const site = join(work, `indexing-${spec.replace(':', '-')}`);
  await rm(site, { recursive: true, force: true });
  execFileSync('node', [join(bench, 'build-peer.mjs'), 'pagefind-pages', corpusDir(spec), site], { stdio: 'inherit' });
  const rows = { sousuo: [], pagefind: [] };
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, command, args, out] of [
      ['sousuo', sousuo, ['--site', site], join(site, 'sousuo')],
      ['pagefind', pagefind, ['--site', site], join(site, 'pagefind')],
    ]) {
      await rm(out, { recursive: true, force: true });
      const figures = timed(command, args);
      if (i > 0) rows[name].push(figures); // the first round warms the disk cache
    }
  }
  const ratio = median(rows.sousuo.map((s, n) => s.seconds / rows.pagefind[n].seconds));
  for (const name of ['sousuo', 'pagefind']) {
    console.error(`${spec} ${name}: ${rows[name].map((r) => `${r.seconds.toFixed(2)} s ${r.peakMiB.toFixed(0)} MiB`).join(', ')}`);
  }
  const row = (name) => `${median(rows[name].map((r) => r.seconds)).toFixed(2)} s, ${median(rows[name].map((r) => r.peakMiB)).toFixed(0)} MiB`;
  return `| ${spec} | ${row('sousuo')} | ${row('pagefind')} | ${ratio.toFixed(2)} |`;
}

const options = parseArgs(process.argv.slice(2));
for (const [tool, path] of [['sousuo', sousuo], ['pagefind', pagefind]]) {
  if (!existsSync(path)) {
    console.error(`${tool} is missing (${path}): run ./x engines, and npm ci in bench/`);
    process.exit(2);
  }
}
await mkdir(work, { recursive: true });
const lines = ['| corpus | sousuo --site (median time, peak) | pagefind --site | time ratio, run by run |', '|---|---:|---:|---:|'];
for (const spec of options.corpora) lines.push(await measure(spec, options.runs));
console.log(`${options.runs} alternating runs each, medians:\n\n${lines.join('\n')}`);
