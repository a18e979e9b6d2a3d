// The filter bar: one row per filter of the index (tags, categories, a site's own), each value a
// toggle with how many results it would give under the query and the other rows' choices, and an
// order (by relevance, newest or oldest first) when the documents have dates.
// Values OR within a row and AND across rows; the engine counts, filters and sorts, this only renders.
import { el } from './sousuo-dom.js';
import { open } from './sousuo-open.js';

// The filter a site in several languages has (the indexer's LANGUAGE_FILTER): the widget applies
// its page's language itself, and offers no row for it.
export const LANGUAGE = 'language';
// Values shown per row, the most frequent first; a chosen value is always shown.
const MAX_VALUES = 12;
// The orders offered when the index sorts by date; '' is the engine's own (relevance, or newest
// first for a listing without words).
const ORDERS = ['', '-date', 'date'];

// Every value's count over the whole index (what an empty query answers): the same for every empty
// box of the page, so asked once. A failure is not kept: the next empty box asks again.
let everyCount;
export function everyFilterCount() {
  everyCount ??= open().then((engine) => engine.search('')).then((empty) => empty.filters, () => {
    everyCount = undefined;
    return {};
  });
  return everyCount;
}

/**
 * Of the index's languages, the one to search: the `language` attribute's (`en`; `all` for every
 * one), else the page's own (`<html lang>`, else the browser's); the same language, or the first
 * of the same family (`zh` finds `zh-cn`). Null on a site in one language, or where none fits.
 */
export async function searchedLanguage(attribute) {
  if (attribute === 'all') return null;
  const languages = Object.keys((await everyFilterCount())[LANGUAGE] ?? {});
  if (languages.length === 0) return null;
  const wanted = (attribute || document.documentElement.lang || navigator.language || '').trim().toLowerCase().replace('_', '-');
  const family = wanted.split('-')[0];
  return languages.find((language) => language === wanted)
    ?? languages.sort().find((language) => language.split('-')[0] === family)
    ?? null;
}

export class FilterBar {
  /** The bar's element; hidden while there is nothing to filter by. */
  element = el('div', { class: 'filters', role: 'group', hidden: true });
  #chosen = new Map(); // key → Set of values
  #sort = '';
  /** The language searched, on a site in several (`zh-cn`), or null for all. */
  language = null;
  #onChange;
  #words;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  /** Words the bar in the page's language (see sousuo-words.js); it is drawn anew by the next search. */
  set words(words) {
    this.#words = words;
    this.element.setAttribute('aria-label', words.filtersLabel);
  }

  /** Whether any value is chosen. */
  get active() {
    return [...this.#chosen.values()].some((values) => values.size > 0);
  }

  /** The chosen values as the engine's `filters` option: `{tags: ['医药']}`. */
  get request() {
    // No prototype: a filter key named `__proto__` stays a key.
    const filters = Object.create(null);
    for (const [key, values] of this.#chosen) if (values.size) filters[key] = [...values];
    return filters;
  }

  /** What the engine is asked to filter by: the reader's choices, in the page's language. */
  get searched() {
    const filters = this.request;
    if (this.language) filters[LANGUAGE] = [this.language];
    return filters;
  }

  /** The chosen order as the engine's `sort` option (`-date`), or '' for the engine's own. */
  get sort() {
    return this.#sort;
  }

  /** Takes the choices an address holds (`{tags: ['医药']}`, `-date`), as they were made. */
  set(filters, sort) {
    this.#chosen = new Map(Object.entries(filters).filter(([key]) => key !== LANGUAGE).map(([key, values]) => [key, new Set(values)]));
    this.#sort = ORDERS.includes(sort) ? sort : '';
  }

  /** Draws the rows from a search's counts (`{key: {value: count}}`) and the keys it sorts by. */
  render(counts = {}, sorts = []) {
    const rows = [];
    for (const [key, values] of Object.entries(counts)) {
      if (key === LANGUAGE) continue;
      const chosen = this.#chosen.get(key) ?? new Set();
      const ranked = Object.entries(values)
        .filter(([value, count]) => count > 0 || chosen.has(value))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
      const shown = ranked.filter(([value], n) => n < MAX_VALUES || chosen.has(value));
      if (shown.length === 0) continue;
      const name = Object.hasOwn(this.#words.filterNames, key) ? this.#words.filterNames[key] : key;
      const row = el('div', { class: 'filter-row', role: 'group', 'aria-label': name }, el('span', { class: 'filter-key', text: name }));
      for (const [value, count] of shown) {
        const button = el('button', { type: 'button', class: 'filter-value', 'aria-pressed': String(chosen.has(value)) },
          el('span', { text: value }), el('span', { class: 'filter-count', text: String(count) }));
        button.addEventListener('click', () => this.#toggle(key, value));
        row.append(button);
      }
      rows.push(row);
    }
    if (sorts.includes('date')) rows.push(this.#orderRow());
    this.element.replaceChildren(...rows);
    this.element.hidden = rows.length === 0;
  }

  /** Forgets every choice. */
  clear() {
    this.#chosen.clear();
    this.#sort = '';
  }

  #orderRow() {
    const select = el('select', { class: 'filter-order', 'aria-label': this.#words.sortLabel },
      ...ORDERS.map((value) => el('option', { value, text: this.#words.orders[value] })));
    select.value = this.#sort;
    select.addEventListener('change', () => {
      this.#sort = select.value;
      this.#onChange();
    });
    return el('div', { class: 'filter-row' }, el('span', { class: 'filter-key', text: this.#words.sortLabel }), select);
  }

  #toggle(key, value) {
    const values = this.#chosen.get(key) ?? new Set();
    if (values.has(value)) values.delete(value);
    else values.add(value);
    this.#chosen.set(key, values);
    this.#onChange();
  }
}
