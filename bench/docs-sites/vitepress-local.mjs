// VitePress's own local search (`themeConfig.search.provider: 'local'`) over a VitePress site's
// sources, for the docs-sites bench: the Vue site itself searches with a hosted index (Algolia
// DocSearch), which no offline bench can query, so this is the search VitePress would give it.
// The steps are VitePress 1.6.4's, with its own modules from the site's node_modules: the site's
// config and Markdown renderer, the local search plugin's split into sections
// (node/chunk-*.js, localSearchPlugin and splitPageIntoSections) and MiniSearch with the options
// of the search box (client/theme-default/components/VPLocalSearchBox.vue), 16 results shown.
//
//   node vitepress-local.mjs SITE_SOURCE QUERIES_FILE
//
// SITE_SOURCE: the site's root (where .vitepress/ is), installed; QUERIES_FILE: one query a line.
// Prints one JSON line per query: {"query": …, "ids": ["/guide/x.html#anchor", …]}.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, queriesFile] = process.argv.slice(2).map((path) => resolve(path));
const requireFromSite = createRequire(join(root, 'package.json'));
const vitepress = await import(pathToFileURL(requireFromSite.resolve('vitepress')));
const requireFromVitepress = createRequire(requireFromSite.resolve('vitepress'));
const { default: MiniSearch } = await import(pathToFileURL(requireFromVitepress.resolve('minisearch')));

const headingRegex = /<h(\d*).*?>(.*?<a.*? href="#.*?".*?>.*?<\/a>)<\/h\1>/gi;
const headingContentRegex = /(.*?)<a.*? href="#(.*?)".*?>.*?<\/a>/i;
const clearHtmlTags = (html) => html.replace(/<[^>]*>/g, '');

function* splitPageIntoSections(html) {
  const result = html.split(headingRegex);
  result.shift();
  let parentTitles = [];
  for (let i = 0; i < result.length; i += 3) {
    const level = parseInt(result[i]) - 1;
    const headingResult = headingContentRegex.exec(result[i + 1]);
    const title = clearHtmlTags(headingResult?.[1] ?? '').trim();
    const anchor = headingResult?.[2] ?? '';
    const content = result[i + 2];
    if (!title || !content) continue;
    let titles = parentTitles.slice(0, level);
    titles[level] = title;
    titles = titles.filter(Boolean);
    yield { anchor, titles, text: clearHtmlTags(content) };
    if (level === 0) parentTitles = [title];
    else parentTitles[level] = title;
  }
}

const config = await vitepress.resolveConfig(root, 'build', 'production');
const md = await vitepress.createMarkdownRenderer(config.srcDir, config.markdown, config.site.base, config.logger);
const index = new MiniSearch({ fields: ['title', 'titles', 'text'], storeFields: ['title', 'titles'] });

function docId(page) {
  const file = config.rewrites.map[page] || page;
  return join(config.site.base, file).replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, config.cleanUrls ? '' : '.html');
}

for (const page of config.pages) {
  const file = join(config.srcDir, page);
  // As the plugin does: a dynamic route's page (partners/[id].md) has no file of its own.
  if (!existsSync(file)) continue;
  const env = { path: file, relativePath: relative(config.srcDir, file), cleanUrls: config.cleanUrls ?? false };
  const html = md.render(await readFile(file, 'utf8'), env);
  if (env.frontmatter?.search === false) continue;
  for (const { anchor, text, titles } of splitPageIntoSections(html)) {
    if (!text && !titles) break;
    index.add({ id: anchor ? `${docId(page)}#${anchor}` : docId(page), text, title: titles.at(-1), titles: titles.slice(0, -1) });
  }
}

const searchOptions = { fuzzy: 0.2, prefix: true, boost: { title: 4, text: 2, titles: 1 } };
for (const query of (await readFile(queriesFile, 'utf8')).split('\n').filter(Boolean)) {
  const ids = index.search(query, searchOptions).slice(0, 16).map((result) => result.id);
  process.stdout.write(`${JSON.stringify({ query, ids })}\n`);
}
