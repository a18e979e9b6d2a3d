// What the reader is told about an answer, in the page's words: one result drawn as options, the
// status line, the hints (how pinyin was read, words to try), and why a load failed.
import { ENGINE_PIECE, SousuoLoadError } from './sousuo-load-error.js';
import { appendSegments, el } from './sousuo-dom.js';
import { externalHost, readableUrl, sectionHref } from './sousuo-links.js';

// Why a piece of the index could not be had, in the reader's words.
function loadReason(error, words) {
  return words.loadReasons[error.reason] ?? words.loadReasons.unknown;
}

/** What the reader is told when a search or an article could not load what it needs. */
export function loadProblem(error, words) {
  if (!(error instanceof SousuoLoadError)) return words.searchError(error.message);
  if (error.reason === 'updated') return words.updated;
  if (error.piece === ENGINE_PIECE) return words.engineFailed(loadReason(error, words));
  return words.pieceFailed(loadReason(error, words));
}

// A piece named by its bytes: a new build never reuses the name of one it dropped.
const CONTENT_NAMED = /^[a-z]-[0-9a-f]+\.bin/;

/**
 * Whether a reload may help where trying again does not: the site was deployed anew under the
 * page, or the host no longer has a piece this page's index names (a new build removes the old
 * build's pieces). The engines' own files are not named by their bytes: their absence may pass.
 */
export function needsReload(error) {
  if (!(error instanceof SousuoLoadError)) return false;
  if (error.reason === 'updated') return true;
  return error.reason === 'http' && (error.status === 404 || error.status === 410) && CONTENT_NAMED.test(error.piece ?? '');
}

/** Why a whole-index download failed. */
export function downloadProblem(error, words) {
  return error instanceof SousuoLoadError ? words.sentence(loadReason(error, words)) : error.message;
}

// Why a search found nothing at all, when the engine knows why.
const NOTHING_FOUND_BECAUSE = ['onlyExcluded', 'nothingReadable', 'overBudget'];

/** The status line for `results`, in `words`, with filters chosen or not. */
export function resultsStatus(results, words, filtered) {
  const noticed = (code) => results.notices.find((notice) => notice.code === code);
  const line = (...sentences) => sentences.filter(Boolean).join(words.between);
  const marker = filtered ? words.filtered : '';
  const cut = noticed('queryCut') ? words.queryCut(noticed('queryCut').kept) : '';
  if (!results.query.trim()) return results.total ? words.listed(results.total) : words.noneListed;
  if (results.total === 0) {
    const because = NOTHING_FOUND_BECAUSE.find(noticed);
    return line(words.noneFound(results.query, marker), cut, because && words[because]);
  }
  // Too broad to search whole within the work budget: the part searched, and an estimate.
  const broad = noticed('tooBroad');
  const part = broad ? words.tooBroad(broad.estimate) : '';
  if (results.partial) return line(part, words.partial(results.query, results.total), cut);
  if (part) return line(part, words.tooBroadFound(results.total, marker), cut);
  // Nothing had the query as typed, and one slip in it was mended beyond doubt: its results.
  if (results.correctedFrom != null) return line(words.corrected(results.correctedFrom, results.query, results.total, marker), cut);
  return line(words.found(results.total, marker), cut);
}

/**
 * One result as options of the listbox: the hit (its title, passage, what it lacks and where it
 * is), then one option per section its matches are in. An option that opens a page is itself
 * the link, to `href` or the section under `base`: no control sits inside another, the arrow
 * keys reach every section, and a middle click opens any of them in a new tab.
 */
export function hitOptions(hit, { id, index, href, base, words }) {
  const host = href ? externalHost(hit, base) : null;
  // A record that links to another site says so, with the host, before the reader follows it.
  const rel = host ? 'external noopener noreferrer' : null;
  const option = el(href ? 'a' : 'div', { class: 'hit', role: 'option', id, href, rel, tabindex: '-1', 'aria-selected': 'false' });
  option.dataset.index = index;
  const title = appendSegments(el('span', { class: 'hit-title' }), hit.titleSegments);
  if (hit.missing.length) title.prepend(el('span', { class: 'partial-tag', text: words.partialTag }));
  if (host) title.append(el('span', { class: 'external-host', text: ` ↗ ${host}` }));
  option.append(title, appendSegments(el('p', { class: 'snippet' }), hit.snippet));
  if (hit.missing.length) option.append(el('p', { class: 'missing', text: words.missing(hit.missing) }));
  const where = hit.url == null ? hit.id : readableUrl(hit.url);
  const date = hit.meta.date?.[0];
  option.append(el('p', { class: 'hit-id', text: date ? `${where} · ${date}` : where }));
  if (!href || host) return [option];
  const sections = hit.sections.map((section, n) => {
    const link = el('a', {
      class: 'hit-section', role: 'option', id: `${id}-section-${n}`, href: sectionHref(hit, section, base),
      tabindex: '-1', 'aria-selected': 'false', 'aria-label': words.section(section.heading), text: `§ ${section.heading}`,
    });
    link.dataset.index = index;
    link.dataset.section = n;
    return link;
  });
  return [option, ...sections];
}

/** How the engine read the query: pinyin it understood, and words to try (`button(word)`). */
export function hintParts(results, words, button, asTyped) {
  const parts = [];
  if (results.correctedFrom != null) parts.push(asTyped(results.correctedFrom));
  for (const { pinyin, words: read } of results.pinyin) {
    if (read.length) parts.push(el('span', { text: words.pinyin(pinyin, read) }));
  }
  if (results.suggestions.length) {
    const offer = el('span', { text: results.total === 0 ? words.didYouMean : words.alsoTry });
    for (const word of results.suggestions) offer.append(button(word));
    parts.push(offer);
  }
  return parts;
}
