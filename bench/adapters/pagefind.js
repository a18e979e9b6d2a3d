// Pagefind in the page through its JS API; a result's title comes from its fragment, as it
// would for a reader.
let pagefind;

export async function load() {
  pagefind = await import('./pagefind/pagefind.js');
  await pagefind.init();
}

export async function search(query, limit) {
  const found = await pagefind.search(query);
  // Nothing to search for (the judged sets' cold runs open the page with no query) may be null.
  const data = await Promise.all((found?.results ?? []).slice(0, limit).map((result) => result.data()));
  return data.map((d) => ({ id: d.url.replace(/^.*\//, '').replace(/\.html$/, ''), title: d.meta.title }));
}
