// Builds each engine's site over a corpus folder, timing the index build (wall seconds and peak
// memory under /usr/bin/time) and sizing the index on disk. Used by bench/run.mjs.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const bench = join(root, 'bench');
export const work = join(bench, 'work');

// sousuo's static site comes from `./x site CORPUS OUT` once x has that command (the split index
// in pkg/pieces/, fetched on demand); until then from the wasm with the index inside, as before.
// The switch is this one line.
export const SOUSUO_X_SITE = /^\s*site\)/m.test(readFileSync(join(root, 'x'), 'utf8'));

// Builds past these are stopped and their rows recorded as skipped: the machine is shared and has
// 24 GiB (Pagefind took 5 GiB on 2,000 articles), and other work on it must not meet the OOM
// killer, hence also the floor on the machine's available memory.
export const LIMITS = { seconds: 30 * 60, residentMiB: 20 * 1024, availableMiB: 1536 };

async function availableMiB() {
  const line = (await readFile('/proc/meminfo', 'utf8')).split('\n').find((l) => l.startsWith('MemAvailable:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

// A build stopped at LIMITS: its row says "skipped" with the reason rather than "failed".
export class Skipped extends Error {}

// The resident memory of a process and all its descendants, in MiB, from /proc.
async function treeResidentMiB(pid) {
  const parents = new Map();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length > 1) parents.set(Number(entry), Number(fields[1]));
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of parents) if (tree.has(parent) && !tree.has(child)) { tree.add(child); grew = true; }
  }
  let pages = 0;
  for (const p of tree) pages += Number((await readFile(`/proc/${p}/statm`, 'utf8').catch(() => '0 0')).split(' ')[1]);
  return (pages * 4096) / 1048576;
}

// Runs a command under /usr/bin/time: wall seconds and peak resident memory (the largest process).
// Its process group is stopped if it outgrows LIMITS (whole tree's resident memory, wall time).
// peakTreeMiB: the whole tree's resident memory, sampled each second (null if it ended sooner).
export async function timed(command, args, extraEnv = {}) {
  const child = spawn('/usr/bin/time', ['-f', 'SOUSUO_TIME %e %M', command, ...args], {
    env: { ...env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-65536); });
  const started = Date.now();
  let overLimit = null;
  let peakTreeMiB = null;
  let ended = false;
  const watch = setInterval(async () => {
    if (ended) return;
    const mib = await treeResidentMiB(child.pid);
    peakTreeMiB = Math.max(peakTreeMiB ?? 0, mib);
    const seconds = (Date.now() - started) / 1000;
    if (overLimit) return;
    const available = await availableMiB();
    if (mib > LIMITS.residentMiB) overLimit = `build passed ${(LIMITS.residentMiB / 1024).toFixed(0)} GiB resident after ${seconds.toFixed(0)} s`;
    else if (available < LIMITS.availableMiB) overLimit = `the machine's available memory fell below ${(LIMITS.availableMiB / 1024).toFixed(1)} GiB with the build at ${(mib / 1024).toFixed(1)} GiB resident after ${seconds.toFixed(0)} s`;
    else if (seconds > LIMITS.seconds) overLimit = `build still running after ${(LIMITS.seconds / 60).toFixed(0)} minutes (${(mib / 1024).toFixed(1)} GiB resident)`;
    if (overLimit && !ended) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* it ended meanwhile */ }
    }
  }, 1000);
  const status = await new Promise((done) => child.on('close', done));
  ended = true;
  clearInterval(watch);
  if (overLimit) throw new Skipped(overLimit);
  const line = stderr.split('\n').find((l) => l.startsWith('SOUSUO_TIME'));
  if (status !== 0 || !line) throw new Error(`${command} ${args.join(' ')} failed:\n${stderr.slice(-3000)}`);
  const [, seconds, kb] = line.split(' ');
  return { seconds: Number(seconds), peakMiB: Number(kb) / 1024, peakTreeMiB };
}

export async function dirBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return total;
}

// The bench page and the engine's adapter (bench/adapters/), into a built site: sousuo's page is
// its own index.html, the bench page beside it.
export async function copyAdapter(engine, site) {
  await cp(join(bench, `adapters/${engine}.js`), join(site, 'adapter.js'));
  await cp(join(bench, 'adapters/index.html'), join(site, engine === 'sousuo' ? 'bench.html' : 'index.html'));
}

// The build script that sousuo's cargo build runs, compiled once (by `./x bench`); timing it
// alone measures the index build without the Rust compile.
function sousuoBuildScript() {
  const dir = join(root, 'target/release/build');
  const candidates = execFileSync('sh', ['-c', `ls -t ${dir}/sousuo-*/build-script-build 2>/dev/null || true`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (!candidates.length) throw new Error('no compiled build script: ./x bench builds it first');
  return candidates[0];
}

// Until `./x site`: the page from www/ and the wasm with this corpus inside, and a stand-in for
// sousuo.min.js (the API the adapter uses) over the wasm's own exports.
async function sousuoSiteFromWasm(corpus, site) {
  for (const entry of await readdir(join(root, 'www'), { withFileTypes: true })) {
    if (entry.isFile()) await cp(join(root, 'www', entry.name), join(site, entry.name));
  }
  execFileSync('wasm-pack', ['build', '--target', 'web', '--release', '--out-dir', join(site, 'pkg'), '--no-pack'], {
    cwd: root, env: { ...env, SOUSUO_CORPUS: corpus, CARGO_TARGET_DIR: join(root, 'target/bench') }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  await writeFile(join(site, 'sousuo.min.js'), [
    "import init, { search } from './pkg/sousuo.js';",
    'export async function open() {',
    '  await init();',
    '  return { search: async (query, options) => search(query, options) };',
    '}',
    '',
  ].join('\n'));
}

export async function buildSousuo(corpus, site) {
  const out = join(work, 'sousuo-out');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const build = await timed(sousuoBuildScript(), [], { OUT_DIR: out, CARGO_MANIFEST_DIR: root, SOUSUO_CORPUS: corpus });
  // The index: index.bin, which holds every piece when embedded and the root alone when split
  // (then the pieces/ beside it are the rest; there is no pieces/ before the split index).
  const blob = (await stat(join(out, 'index.bin'))).size;
  const pieces = await dirBytes(join(out, 'pieces')).catch(() => 0);
  const indexBytes = blob >= pieces ? blob : blob + pieces;
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  if (SOUSUO_X_SITE) {
    // In a target dir of its own, apart from the owner's builds.
    execFileSync(join(root, 'x'), ['site', corpus, site], {
      cwd: root, env: { ...env, CARGO_TARGET_DIR: join(root, 'target/bench') }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28,
    });
  } else {
    await sousuoSiteFromWasm(corpus, site);
  }
  await copyAdapter('sousuo', site);
  return { ...build, indexBytes };
}

// Each peer's build as its docs advise (bench/build-peer.mjs). The Node builds get a heap as
// large as the machine allows, so that Node's default heap limit is not what stops them.
export async function buildPeer(engine, corpus, site) {
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  let build;
  if (engine === 'pagefind') {
    execFileSync('node', [join(bench, 'build-peer.mjs'), 'pagefind-pages', corpus, site], { env });
    build = await timed(join(bench, 'node_modules/.bin/pagefind'), ['--site', site]);
  } else {
    build = await timed('node', ['--max-old-space-size=16384', join(bench, 'build-peer.mjs'), engine, corpus, site]);
    const library = { minisearch: 'node_modules/minisearch/dist/es/index.js', flexsearch: 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs' }[engine];
    await cp(join(bench, library), join(site, `${engine}.js`));
  }
  const indexBytes = engine === 'pagefind' ? await dirBytes(join(site, 'pagefind')) : (await stat(join(site, 'index.json'))).size;
  await copyAdapter(engine, site);
  return { ...build, indexBytes };
}
