// Indexing a site with no compiler: `sousuo --site` (the command with its prebuilt engines,
// target/cli/sousuo from `./x engines`) against `pagefind --site`, over the same HTML pages (one
// page per article, as bench/build-peer.mjs writes them for Pagefind), in alternating runs on one
// machine. Prints, for each corpus, the median wall time and peak memory of each, and their
// ratio taken run by run; then what each leaves for a host to store (issue 34's targets): its
// files, their bytes on disk and the largest one, with sousuo's pieces by kind.
//
//   node bench/indexing.mjs [seeds|poetry:N|articles:N …] [--runs N] [-- EXTRA SOUSUO ARGS]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const bench = fileURLToPath(new URL('.', import.meta.url));
const root = join(bench, '..');
const work = join(bench, 'work');
const sousuo = join(root, 'target/cli/sousuo');
const pagefind = join(bench, 'node_modules/.bin/pagefind');

function parseArgs(argv) {
  const options = { corpora: [], runs: 5, sousuoArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--') options.sousuoArgs = argv.slice(i + 1);
    else options.corpora.push(argv[i]);
    if (argv[i] === '--') break;
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

// Every file below `dir`: its count, bytes, the largest, and bytes by the part of the name before
// `-` of files under a `pieces/` folder (sousuo's piece kinds: t, d, b, …).
async function deployed(dir) {
  const found = { files: 0, bytes: 0, largest: { bytes: 0, path: '' }, kinds: {} };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size } = await stat(path);
    found.files += 1;
    found.bytes += size;
    if (size > found.largest.bytes) found.largest = { bytes: size, path: path.slice(dir.length + 1) };
    if (entry.parentPath.endsWith('/pieces')) {
      const kind = (found.kinds[entry.name.split('-')[0]] ??= { files: 0, bytes: 0 });
      kind.files += 1;
      kind.bytes += size;
    }
  }
  return found;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;

function deployRow(spec, sousuoOut, pagefindOut) {
  const cell = (d) => `${d.files.toLocaleString('en')} | ${mb(d.bytes)} | ${mb(d.largest.bytes)}`;
  const kinds = Object.entries(sousuoOut.kinds).sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([kind, k]) => `${kind} ${k.files.toLocaleString('en')} / ${mb(k.bytes)}`).join(', ');
  return { row: `| ${spec} | ${cell(sousuoOut)} | ${cell(pagefindOut)} |`, kinds: `${spec}: ${kinds}; largest ${sousuoOut.largest.path}` };
}

async function measure(spec, runs, sousuoArgs) {
  const site = join(work, `indexing-${spec.replace(':', '-')}`);
  await rm(site, { recursive: true, force: true });
  execFileSync('node', [join(bench, 'build-peer.mjs'), 'pagefind-pages', corpusDir(spec), site], { stdio: 'inherit' });
  const rows = { sousuo: [], pagefind: [] };
  for (let i = 0; i < runs + 1; i++) {
    for (const [name, command, args, out] of [
      ['sousuo', sousuo, ['--site', site, ...sousuoArgs], join(site, 'sousuo')],
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
  const deploy = deployRow(spec, await deployed(join(site, 'sousuo')), await deployed(join(site, 'pagefind')));
  return { time: `| ${spec} | ${row('sousuo')} | ${row('pagefind')} | ${ratio.toFixed(2)} |`, ...deploy };
}

const options = parseArgs(process.argv.slice(2));
for (const [tool, path] of [['sousuo', sousuo], ['pagefind', pagefind]]) {
  if (!existsSync(path)) {
    console.error(`${tool} is missing (${path}): run ./x engines, and npm ci in bench/`);
    process.exit(2);
  }
}
await mkdir(work, { recursive: true });
const times = ['| corpus | sousuo --site (median time, peak) | pagefind --site | time ratio, run by run |', '|---|---:|---:|---:|'];
const deploys = ['| corpus | sousuo files | on disk | largest | Pagefind files | on disk | largest |', '|---|---:|---:|---:|---:|---:|---:|'];
const kinds = [];
for (const spec of options.corpora) {
  const measured = await measure(spec, options.runs, options.sousuoArgs);
  times.push(measured.time);
  deploys.push(measured.row);
  kinds.push(measured.kinds);
}
console.log(`${options.runs} alternating runs each, medians:\n\n${times.join('\n')}\n`);
console.log(`What a host stores (every file the command wrote):\n\n${deploys.join('\n')}\n`);
console.log(`sousuo's pieces by kind (files / bytes):\n\n${kinds.join('\n')}`);
