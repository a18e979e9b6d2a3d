// Addresses: where a hit leads when its document is a page of the site (the page's URL, with a
// text fragment, #:~:text=…, that asks the browser to scroll to the match and highlight it, or a
// section's anchor), and the widget's own state in the page's address
// (#q=…&doc=…&f.tags=医药&sort=-date: the query, the open article, the chosen filter values, the order).

// The engine reads a query's first 256 characters and says so; the address keeps a little more
// than that, never the megabytes someone may paste.
const MAX_QUERY_IN_ADDRESS = 1000;

// A text fragment's own syntax characters must be escaped inside it, besides what any URL escapes.
function fragmentText(text) {
  return encodeURIComponent(text).replace(/-/g, '%2D');
}

// The text the browser should find: the first highlighted passage of the snippet (the body
// text as the page shows it), else of the title; none when nothing is highlighted.
function matchText(hit) {
  const mark = hit.snippet.find((s) => s.highlight) ?? hit.titleSegments.find((s) => s.highlight);
  return mark?.text.trim() || null;
}

// A backslash or a control character: a browser drops or rewrites them, so what it follows would
// not be what the index says.
const isHidden = (c) => c === '\\' || c < ' ' || c === '\x7f';

// Where a hit's URL leads, or null when it must not become a link: only http(s) addresses do,
// and a path on the site (`/posts/a/`, as the build writes it) only under the site root `base`
// (an absolute URL ending in `/`; the site may live under a sub-path). The build already refuses
// anything else; this holds against an index built by older code or tampered with.
function destination(url, base) {
  if (typeof url !== 'string' || [...url].some(isHidden)) return null;
  const onSitePath = url.startsWith('/') && !url.startsWith('//');
  let resolved;
  try {
    resolved = onSitePath ? new URL(`.${url}`, base) : new URL(url);
  } catch {
    return null;
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return null;
  const site = new URL(base);
  const onSite = resolved.origin === site.origin && resolved.pathname.startsWith(site.pathname);
  if (onSitePath && !onSite) return null;
  resolved.hash = '';
  return { href: resolved.href, external: !onSite };
}

/** Whether `hit` leads to another site (a record that links elsewhere): its host is shown. */
export function externalHost(hit, base) {
  const to = destination(hit.url, base);
  return to?.external ? new URL(to.href).host : null;
}

/** The link that opens `hit` at its match; null for a document without a URL, or with one that must not be followed. */
export function hitHref(hit, base) {
  const to = destination(hit.url, base);
  if (!to) return null;
  const text = matchText(hit);
  return text && !to.external ? `${to.href}#:~:text=${fragmentText(text)}` : to.href;
}

/** The link to one of the hit's sections (its heading's anchor); null as for `hitHref`. */
export function sectionHref(hit, section, base) {
  const to = destination(hit.url, base);
  return to ? `${to.href}#${encodeURIComponent(section.anchor)}` : null;
}

/** A URL as a reader reads it (`/Category:医药/`): escapes decoded where they form text, kept where they do not. */
export function readableUrl(url) {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** The site root links are made under: the `base-url` attribute, else the origin's root. */
export function siteBase(attribute) {
  const base = new URL(attribute ?? '/', document.baseURI);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base.href;
}

function cutForAddress(q) {
  return [...q.slice(0, 2 * MAX_QUERY_IN_ADDRESS)].slice(0, MAX_QUERY_IN_ADDRESS).join('');
}

// A filter's values go under `f.` and its key, so that no filter a site names can take the place
// of q, doc or sort.
const FILTER_PREFIX = 'f.';
// Past these, an address was not written by the widget: what it asks for is cut, not searched.
const MAX_FILTERS_IN_ADDRESS = 100;

/** The query, open article, chosen filters (`{tags: ['医药']}`) and sort the page's address holds. */
export function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  // No prototype: a key from the address (`f.constructor`, `f.__proto__`) is only a key.
  const filters = Object.create(null);
  let count = 0;
  for (const [name, value] of params) {
    if (!name.startsWith(FILTER_PREFIX) || !value || ++count > MAX_FILTERS_IN_ADDRESS) continue;
    (filters[name.slice(FILTER_PREFIX.length)] ??= []).push(value);
  }
  return { q: params.get('q') ?? '', doc: params.get('doc'), filters, sort: params.get('sort') ?? '' };
}

/** The address fragment for a query, an open article, chosen filters and a sort. */
export function hashFor({ q, doc, filters = {}, sort = '' }) {
  const params = new URLSearchParams();
  if (doc) params.set('doc', doc);
  if (q) params.set('q', cutForAddress(q));
  for (const [key, values] of Object.entries(filters)) {
    for (const value of values) params.append(`${FILTER_PREFIX}${key}`, value);
  }
  if (sort) params.set('sort', sort);
  const hash = params.toString();
  return hash ? `#${hash}` : '#';
}
