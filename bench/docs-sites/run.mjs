// Scores sousuo and Pagefind, side by side, and the generator's own search where it runs offline,
// on the judged queries of three real Chinese documentation sites built by build.sh.
//
//   node bench/docs-sites/run.mjs [vue] [rust] [hexo]       (no argument: all three)
//
// For each site (bench/work/docs-sites/<site>/public): writes sousuo's search into
// <site>/sousuo-out with the prebuilt command (SOUSUO_CLI, default target/cli/sousuo, which ./x engines builds) and
// Pagefind's into <site>/pagefind, then runs every query of <site>.queries.tsv through
//   - sousuo natively (`sousuo search --queries`, the command's own answer),
//   - sousuo in Chromium, through the page's engine (sousuo-out/index.html, sousuo.min.js),
//   - Pagefind in Chromium, through its JS API,
//   - the generator's own search: mdBook's (its search box, on the book's page, in Chromium) and
//     VitePress's local search (vitepress-local.mjs); the Hexo site's is a hosted index.
// A hit counts for the page its URL names (anchors, `index.html` and clean URLs folded), several
// hits of one page as one. Prints Markdown: per site and category, how many queries have their
// expected page first and in the top 3, per engine, then every query an engine does not answer
// with its page first, with the page each engine put first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../tests/e2e/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '../work/docs-sites');
const sousuoCli = process.env.SOUSUO_CLI ?? fileURLToPath(new URL('../../target/cli/sousuo', import.meta.url));
const PAGEFIND = 'pagefind@1.6.0';
// Hits asked of each engine: enough to find the expected page's rank past the top 3.
const LIMIT = 10;

const SITES = {
  vue: { title: 'Vue.js 中文文档 (VitePress)', own: { name: 'VitePress local', run: vitepressLocal } },
  rust: { title: 'Rust 程序设计语言 简体中文版 (mdBook)', own: { name: 'mdBook search', run: mdbookSearch } },
  // The Hexo site's own search box asks Algolia's hosted index: nothing to run offline.
  hexo: { title: 'Hexo 文档 zh-cn / zh-tw (Hexo)', own: null },
};

// category, query, expected page, note; the first line names the columns.
async function readQueries(site) {
  const lines = (await readFile(join(here, `${site}.queries.tsv`), 'utf8')).split('\n').slice(1).filter(Boolean);
  return lines.map((line) => {
    const [category, query, expected, note = ''] = line.split('\t');
    return { category, query, expected, note };
  });
}

// The built file a URL path names, relative to the site's root: `guide/` is `guide/index.html`,
// a clean URL (`zh-cn/docs/writing`) the `.html` file beside it, or else its folder's index.
function pageOf(path, publicDir) {
  path = decodeURIComponent(path.replace(/[?#].*$/, '')).replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  if (/\.html?$/.test(path)) return path;
  return existsSync(join(publicDir, `${path}.html`)) ? `${path}.html` : `${path}/index.html`;
}

// Distinct pages, in the order of their first hit.
function pagesOf(paths, publicDir) {
  return [...new Set(paths.map((path) => pageOf(path, publicDir)))];
}

// A page's own language, as a reader on it has it: its <html lang>, lower case.
function pageLanguage(publicDir, page) {
  const html = readFileSync(join(publicDir, page), 'utf8');
  return /<html[^>]*\slang="([^"]+)"/i.exec(html)?.[1].toLowerCase() ?? '';
}

// Of the index's languages, the one the widget searches from a page in `wanted`: the same, or
// the first of its family (www/sousuo-filters.js, searchedLanguage).
function searchedLanguage(languages, wanted) {
  const family = wanted.split('-')[0];
  return languages.find((language) => language === wanted)
    ?? [...languages].sort().find((language) => language.split('-')[0] === family)
    ?? null;
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

async function buildIndexes(dir) {
  await rm(join(dir, 'sousuo-out'), { recursive: true, force: true });
  const site = join(dir, 'public');
  run(sousuoCli, ['--site', site, '--output-path', join(dir, 'sousuo-out')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await rm(join(dir, 'pagefind'), { recursive: true, force: true });
  run('npx', ['--yes', PAGEFIND, '--site', join(dir, 'public'), '--output-path', join(dir, 'pagefind')], { cwd: here });
}

// sousuo's command, one run per language searched (`--language`, chosen as the widget chooses
// it, on a site in several): one JSON line per query.
async function sousuoNative({ dir, queries, languages }) {
  const index = join(dir, 'sousuo-out');
  // An empty query gives every filter's counts: the index's languages among them.
  const indexLanguages = Object.keys(JSON.parse(run(sousuoCli, ['search', '--index', index, '--json', ''])).filters?.language ?? {});
  const searched = languages.map((language) => searchedLanguage(indexLanguages, language));
  const answers = new Array(queries.length);
  for (const language of new Set(searched)) {
    const asked = queries.map((q, n) => [q, n]).filter(([, n]) => searched[n] === language);
    const file = join(dir, 'queries.txt');
    await writeFile(file, asked.map(([q]) => q.query).join('\n') + '\n');
    const flags = language ? ['--language', language] : [];
    const lines = run(sousuoCli, ['search', '--index', index, '--queries', file, '--limit', String(LIMIT), ...flags]).split('\n').filter(Boolean);
    lines.forEach((line, k) => { answers[asked[k][1]] = JSON.parse(line).hits.map((hit) => hit.url); });
  }
  return answers;
}

// sousuo in the page, as the widget searches: in the language of the page the reader is on (the
// expected page's), where the index has several.
async function sousuoPage({ browser, url, queries, languages }) {
  const page = await browser.newPage();
  await page.goto(`${url}sousuo-out/index.html`);
  const indexLanguages = await page.evaluate(async () => {
    const { open } = await import(new URL('sousuo.min.js', location.href).href);
    window.benchEngine = await open();
    return Object.keys((await window.benchEngine.search('')).filters?.language ?? {});
  });
  const answers = [];
  for (const [n, { query }] of queries.entries()) {
    const language = searchedLanguage(indexLanguages, languages[n]);
    const filters = language ? { language: [language] } : {};
    answers.push(await page.evaluate(async ([q, limit, filters]) => {
      return (await window.benchEngine.search(q, { limit, filters })).hits.map((hit) => hit.url);
    }, [query, LIMIT, filters]));
  }
  await page.close();
  return answers;
}

// Pagefind through its JS API, from a page in the expected page's language: Pagefind keeps an
// index per language and searches the one of the page it runs on.
async function pagefindPage({ browser, url, dir, queries, languages }) {
  const answers = [];
  for (const language of new Set(languages)) {
    const bench = `pagefind-bench-${language || 'none'}.html`;
    await writeFile(join(dir, bench), `<!doctype html><html lang="${language}"><meta charset="utf-8"><title>bench</title></html>\n`);
    const page = await browser.newPage();
    await page.goto(url + bench);
    await page.evaluate(async () => {
      window.benchPagefind = await import('/pagefind/pagefind.js');
      await window.benchPagefind.init();
    });
    for (const [n, { query }] of queries.entries()) {
      if (languages[n] !== language) continue;
      answers[n] = await page.evaluate(async ([q, limit]) => {
        const found = await window.benchPagefind.search(q);
        return Promise.all((found?.results ?? []).slice(0, limit).map(async (result) => (await result.data()).url));
      }, [query, LIMIT]);
    }
    await page.close();
  }
  return answers;
}

// mdBook's own search, as a reader uses it: the search box of the book's first page, typed into;
// the answer is the list it shows (its links are relative to the page).
async function mdbookSearch({ browser, url, queries }) {
  const page = await browser.newPage();
  const start = `${url}public/index.html`;
  await page.goto(start);
  await page.click('#mdbook-search-toggle');
  await page.waitForFunction(() => document.getElementById('mdbook-search-index')
    && !document.getElementById('mdbook-searchbar-outer').classList.contains('searching'));
  const answers = [];
  for (const { query } of queries) {
    await page.fill('#mdbook-searchbar', query);
    await page.dispatchEvent('#mdbook-searchbar', 'keyup');
    const hrefs = await page.$$eval('#mdbook-searchresults li a', (links) => links.map((a) => a.getAttribute('href')));
    answers.push(hrefs.map((href) => new URL(href, start).pathname.replace(/^\/public\//, '/')));
  }
  await page.close();
  return answers;
}

// VitePress's local search, in Node (vitepress-local.mjs, with the site's own modules).
async function vitepressLocal({ dir, queries }) {
  const file = join(dir, 'queries.txt');
  await writeFile(file, queries.map((q) => q.query).join('\n') + '\n');
  const lines = run('node', [join(here, 'vitepress-local.mjs'), join(dir, 'src'), file]).split('\n').filter(Boolean);
  return lines.map((line) => JSON.parse(line).ids);
}

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

async function measure(site, browser) {
  const dir = join(work, site);
  const publicDir = join(dir, 'public');
  if (!existsSync(publicDir)) throw new Error(`${publicDir} is missing: bench/docs-sites/build.sh ${site} builds it`);
  const queries = await readQueries(site);
  for (const { expected } of queries) {
    if (!existsSync(join(publicDir, expected))) throw new Error(`${site}: the expected page ${expected} was not built`);
  }
  const languages = queries.map(({ expected }) => pageLanguage(publicDir, expected));
  await buildIndexes(dir);
  const server = await serve(dir);
  try {
    const context = { browser, url: server.url, dir, queries, languages };
    const engines = [
      { name: 'sousuo (native)', run: sousuoNative },
      { name: 'sousuo (Chromium)', run: sousuoPage },
      { name: 'Pagefind (Chromium)', run: pagefindPage },
      ...(SITES[site].own ? [SITES[site].own] : []),
    ];
    for (const engine of engines) {
      const answers = await engine.run(context);
      if (answers.length !== queries.length) throw new Error(`${engine.name} answered ${answers.length} of ${queries.length} queries`);
      engine.ranks = queries.map(({ expected }, n) => {
        const pages = pagesOf(answers[n], publicDir);
        return { rank: pages.indexOf(expected) + 1, first: pages[0] ?? '' };
      });
    }
    return { site, queries, engines };
  } finally {
    server.close();
  }
}

const percent = (n, of) => `${Math.round((100 * n) / of)}%`;

function table({ site, queries, engines }) {
  const out = [`## ${SITES[site].title}`, ''];
  out.push(`${queries.length} queries. Each cell: expected page in the top 3 / first.`, '');
  out.push(`| category | queries | ${engines.map((e) => e.name).join(' | ')} |`);
  out.push(`| --- | ---: | ${engines.map(() => '---').join(' | ')} |`);
  const categories = [...new Set(queries.map((q) => q.category)), 'all'];
  for (const category of categories) {
    const picked = queries.map((q, n) => (category === 'all' || q.category === category ? n : -1)).filter((n) => n >= 0);
    const cells = engines.map(({ ranks }) => {
      const top3 = picked.filter((n) => ranks[n].rank >= 1 && ranks[n].rank <= 3).length;
      const first = picked.filter((n) => ranks[n].rank === 1).length;
      const cell = `${top3} / ${first}`;
      return category === 'all' ? `**${cell}** (${percent(top3, picked.length)} / ${percent(first, picked.length)})` : cell;
    });
    out.push(`| ${category === 'all' ? '**all**' : category} | ${picked.length} | ${cells.join(' | ')} |`);
  }
  out.push('');
  const rate = (engine, test) => engine.ranks.filter(test).length / queries.length;
  const [native, page, pagefind] = engines;
  const checks = [native, page].map((engine) => {
    const top3 = rate(engine, (r) => r.rank >= 1 && r.rank <= 3);
    const first = rate(engine, (r) => r.rank === 1);
    const ahead = top3 >= rate(pagefind, (r) => r.rank >= 1 && r.rank <= 3) && first > rate(pagefind, (r) => r.rank === 1);
    const mark = (met) => (met ? 'met' : 'missed');
    return `${engine.name}: top 3 ≥ 95% ${mark(top3 >= 0.95)}, first ≥ 85% ${mark(first >= 0.85)}, ahead of Pagefind ${mark(ahead)}`;
  });
  out.push(`Targets: ${checks.join('; ')}.`, '');
  out.push('Queries some engine does not answer with the expected page first (rank of the expected page, – past 10 or not found; then the page put first):', '');
  out.push(`| category | query | expected | ${engines.map((e) => e.name).join(' | ')} |`);
  out.push(`| --- | --- | --- | ${engines.map(() => '---').join(' | ')} |`);
  for (const [n, q] of queries.entries()) {
    if (engines.every(({ ranks }) => ranks[n].rank === 1)) continue;
    const cells = engines.map(({ ranks }) => {
      const { rank, first } = ranks[n];
      return rank === 1 ? '1' : `${rank || '–'}: ${first || '(nothing)'}`;
    });
    out.push(`| ${q.category} | ${q.query.replaceAll('|', '\\|')} | ${q.expected} | ${cells.join(' | ')} |`);
  }
  out.push('');
  return out.join('\n');
}

const chosen = process.argv.slice(2);
for (const site of chosen) if (!SITES[site]) throw new Error(`unknown site ${site}: ${Object.keys(SITES).join(', ')}`);
await mkdir(work, { recursive: true });
const browser = await launch();
try {
  const version = run(sousuoCli, ['--version']).trim();
  console.log(`# sousuo, Pagefind and the generators' own search on three Chinese documentation sites\n`);
  console.log(`${new Date().toISOString().slice(0, 10)}: ${version}; Pagefind ${PAGEFIND.split('@')[1]}; Chromium ${browser.version()} (headless).\n`);
  for (const site of chosen.length ? chosen : Object.keys(SITES)) {
    console.log(table(await measure(site, browser)));
  }
} finally {
  await browser.close();
}
