// <sousuo-search>: the whole search widget as one custom element, in its own shadow DOM.
//
//   <script type="module" src="sousuo.min.js"></script>   (./x bundles it from sousuo-widget.js)
//   <sousuo-search placeholder="搜索本站" limit="10" open="link" base-url="/" sync-url></sousuo-search>
//
// It speaks its page's language (Simplified, Traditional or English: the nearest `lang`, which
// its own `lang` attribute overrides), and searches it on a site in several (`language`).
// A hit whose document is a page of the site (it has a URL) opens that page at the match;
// one without opens in the widget. open="widget" | "link" | "event" decides for all of them.
// All search logic lives in the wasm; this module only renders. Corpus text is data: every piece
// of it reaches the DOM through textContent or text nodes, never innerHTML.
import { ArticleView } from './sousuo-article.js';
import { el } from './sousuo-dom.js';
import { SousuoLoadError } from './sousuo-load-error.js';
import { open } from './sousuo-open.js';
import { everyFilterCount, FilterBar, searchedLanguage } from './sousuo-filters.js';
import { ActiveOption, slashFocuses, TypingPause } from './sousuo-keys.js';
import { hashFor, hitHref, readHash, siteBase } from './sousuo-links.js';
import { downloadWholeIndex } from './sousuo-offline.js';
import { downloadProblem, hintParts, hitOptions, loadProblem, needsReload, resultsStatus } from './sousuo-results.js';
import { styleSheet } from './sousuo-style.js';
import { wordsFor } from './sousuo-words.js';

const TYPING_DELAY_MS = 60;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const EXAMPLE_COUNT = 6;

// A split index fetches pieces as queries need them: the reader is told only when that is slow.
const SLOW_MS = 150;

// Example queries drawn from the index (kept in its root: no piece to fetch), the same for every
// widget and every empty box that searches one language (null: a site in one, or all of them).
const exampleWords = new Map();
function corpusExamples(language) {
  if (!exampleWords.has(language)) {
    exampleWords.set(language, open().then((e) => e.examples(EXAMPLE_COUNT, language ?? undefined)).catch(() => []));
  }
  return exampleWords.get(language);
}

let widgets = 0;

export class SousuoSearch extends HTMLElement {
  static observedAttributes = ['placeholder', 'limit', 'open', 'examples', 'base-url', 'language', 'lang'];

  #ui;
  // What the widget says, in its page's language (its own `lang`, else its ancestors').
  #words = wordsFor('');
  #engine = null;
  // Results asked for: a page (the limit attribute) at first, a page more per click on 更多结果.
  #shown = 0;
  #shownFor = null;
  #request = 0;
  #slowTimer = 0;
  #ready = false;
  #info = null;
  #typing;
  // The newest render of the results or examples, for Enter to wait on.
  #rendering = Promise.resolve();
  #view = 'loading';
  #query = '';
  #doc = null;
  #hits = [];
  #openedFromResults = false;
  // The query the reader asked to search as typed, not as the engine mended it.
  #verbatimFor = null;
  // The last results' query as typed and as searched, when the engine searched a mending.
  #mended = null;
  #lastArticle = null;
  #filters = new FilterBar(() => this.#filtersChanged());
  #onHashChange = () => this.#fromHash();
  #onSlashKey = (event) => slashFocuses(event, this, this.#ui.input);

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    const id = `sousuo-${++widgets}`;
    const ui = {
      input: el('input', {
        type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
        'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `${id}-results`,
      }),
      status: el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }),
      progress: el('p', { class: 'progress', role: 'status', 'aria-live': 'polite', hidden: true }),
      hints: el('p', { class: 'hints', hidden: true }),
      exampleList: el('ul'),
      tryThese: el('p'),
      results: el('div', { id: `${id}-results`, role: 'listbox', hidden: true }),
      more: el('button', { type: 'button', class: 'more', hidden: true }),
      reader: new ArticleView(() => this.#backToResults()),
    };
    ui.idPrefix = id;
    ui.active = new ActiveOption(ui.results, ui.input);
    ui.examples = el('section', { class: 'examples', hidden: true }, ui.tryThese, ui.exampleList);
    ui.article = ui.reader.element;
    ui.widget = el('div', { class: 'widget' },
      el('div', { class: 'box' }, ui.input, el('kbd', { class: 'key-hint', 'aria-hidden': 'true', text: '/' })),
      ui.status, ui.progress, ui.hints, this.#filters.element, ui.examples, ui.results, ui.more, ui.article);
    root.append(ui.widget);
    this.#ui = ui;
    this.#applyWords();

    // Letters that may be pinyin start loading the full engine while the reader still types.
    this.#typing = new TypingPause(ui.input, () => this.#typed(), TYPING_DELAY_MS, (text) => this.#engine?.prepare(text));
    ui.input.addEventListener('keydown', (event) => this.#inputKey(event));
    ui.results.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (!option) return;
      // A link is the browser's to follow (a new tab, a middle click); the host may still stop it.
      if (option.href) {
        if (!this.#announceOpen(this.#hits[Number(option.dataset.index)], option.href)) event.preventDefault();
        return;
      }
      this.#openHit(Number(option.dataset.index));
    });
    ui.results.addEventListener('mousemove', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#ui.active.set([...ui.results.children].indexOf(option), false);
    });
    // A page more: the articles of a split index are fetched for the results shown, not before.
    ui.more.addEventListener('click', () => {
      this.#shown = Math.min(this.#shown + this.#limit, MAX_LIMIT);
      this.#renderResults();
    });
  }

  connectedCallback() {
    this.#applyWords();
    document.addEventListener('keydown', this.#onSlashKey);
    if (this.hasAttribute('sync-url')) {
      window.addEventListener('hashchange', this.#onHashChange);
      const { q, doc, filters, sort } = readHash();
      this.#ui.input.value = q;
      this.#doc = doc;
      this.#filters.set(filters, sort);
    }
    this.#load();
  }

  // open() loads the wasm once per page, however many widgets it holds; a failure is said with
  // 重试, which asks again.
  #load() {
    if (!this.#ready) this.#status(this.#words.loading);
    open().then(async (opened) => {
      this.#engine = opened;
      this.#info = opened.info();
      this.#filters.language = await searchedLanguage(this.getAttribute('language'));
      this.#ready = true;
      this.setAttribute('ready', ''); // for hosts and their styles: sousuo-search[ready]
      this.#applyPlaceholder();
      this.#refresh();
      // Its progress and any failure are shown under the box; nothing is left for the page to catch.
      if (this.hasAttribute('offline')) this.downloadAll().catch(() => {});
    }, (error) => {
      this.#failed(error, () => this.#load());
    });
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onSlashKey);
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#typing.cancel();
  }

  attributeChangedCallback(name) {
    if (name === 'placeholder') this.#applyPlaceholder();
    else if (name === 'lang') {
      this.#applyWords();
      if (this.#ready && this.#view !== 'article') this.#refresh();
    } else if (name === 'language' && this.#ready) {
      searchedLanguage(this.getAttribute('language')).then((language) => {
        this.#filters.language = language;
        if (this.#view !== 'article') this.#refresh();
      });
    } else if (this.#ready && this.#view !== 'article') this.#refresh();
  }

  /** The query in the box. Setting it searches at once. */
  get query() {
    return this.#ui.input.value;
  }

  set query(value) {
    this.#ui.input.value = String(value);
    this.#typed();
  }

  /** Focuses the search box. */
  focus(options) {
    this.#ui.input.focus(options);
  }

  /**
   * Downloads the whole index, so that every search works offline from now on (the service
   * worker keeps what passes through); progress is shown under the box. Resolves when done.
   */
  async downloadAll() {
    const engine = await open();
    await downloadWholeIndex(engine, this.#ui.progress, this.#words, (error) => downloadProblem(error, this.#words));
    this.dispatchEvent(new CustomEvent('sousuo-offline-ready', { bubbles: true, composed: true }));
  }

  get #limit() {
    const limit = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
  }

  // How `hit` opens: at its page when it has one that may be followed (open="link", the
  // default), in the widget (open="widget", and any other hit), or only by the host (open="event").
  #openMode(hit) {
    const mode = this.getAttribute('open');
    if (mode === 'event' || mode === 'widget') return mode;
    return this.#link(hit) ? 'link' : 'widget';
  }

  #link(hit) {
    return hitHref(hit, siteBase(this.getAttribute('base-url')));
  }

  #href(hit) {
    return this.#openMode(hit) === 'link' ? this.#link(hit) : null;
  }

  // The words of the page's language on everything the widget shows before a search.
  #applyWords() {
    const language = this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    const words = wordsFor(language);
    this.#words = words;
    const ui = this.#ui;
    ui.widget.lang = words.lang;
    ui.input.setAttribute('aria-label', words.searchLabel);
    ui.results.setAttribute('aria-label', words.resultsLabel);
    ui.more.textContent = words.more;
    ui.tryThese.textContent = words.tryThese;
    ui.reader.words = words;
    this.#filters.words = words;
    this.#applyPlaceholder();
  }

  #applyPlaceholder() {
    const documents = this.#info?.documents;
    this.#ui.input.placeholder = this.getAttribute('placeholder')
      ?? (documents ? this.#words.placeholder(documents) : this.#words.searchLabel);
  }

  #status(text) {
    this.#ui.status.textContent = text;
  }

  // A failed load: said in words, with a button that tries the same request again; and, when
  // the site may have been deployed anew under the page, one that reloads it. Once that is
  // certain, trying again cannot help, and only the reload is offered.
  #failed(error, retry) {
    const { status } = this.#ui;
    status.textContent = loadProblem(error, this.#words);
    const button = (className, text, click) => {
      const made = el('button', { type: 'button', class: className, text });
      made.addEventListener('click', click);
      status.append(' ', made);
    };
    if (error?.reason !== 'updated') button('retry', this.#words.retry, retry);
    if (needsReload(error)) button('reload', this.#words.reload, () => location.reload());
  }

  // Starts a request to the engine: returns a check that says whether it is still the newest
  // one (an older answer that arrives late is dropped), and tells the reader when it is slow.
  #begin() {
    const request = ++this.#request;
    clearTimeout(this.#slowTimer);
    this.#slowTimer = setTimeout(() => {
      if (request === this.#request) this.#status(this.#words.loading);
    }, SLOW_MS);
    return () => request === this.#request;
  }

  #show(view) {
    this.#view = view;
    const { examples, results, article, hints, input } = this.#ui;
    if (view === 'article') this.#filters.element.hidden = true;
    examples.hidden = view !== 'examples';
    results.hidden = view !== 'results';
    article.hidden = view !== 'article';
    if (view !== 'results') {
      hints.hidden = true;
      this.#ui.more.hidden = true;
    }
    input.setAttribute('aria-expanded', String(view === 'results' && this.#hits.length > 0));
    if (view !== 'results') this.#ui.active.set(-1, false);
  }

  // Debounced typing lands here; it always searches what the box holds now, so a newer query
  // wins over an older one however the keystrokes were timed.
  #typed() {
    this.#typing.cancel();
    this.#query = this.#ui.input.value;
    this.#doc = null;
    if (this.hasAttribute('sync-url')) {
      // Typing replaces the history entry: Back goes to the previous page, not the previous letter.
      history.replaceState(history.state, '', this.#address());
    }
    return this.#ready ? this.#renderQuery() : Promise.resolve();
  }

  #fromHash() {
    const { q, doc, filters, sort } = readHash();
    if (this.#ui.input.value !== q) this.#ui.input.value = q;
    this.#doc = doc;
    this.#filters.set(filters, sort);
    if (!doc) this.#openedFromResults = false;
    if (this.#ready) this.#refresh();
  }

  #refresh() {
    this.#query = this.#ui.input.value;
    if (this.#doc) this.#renderArticle(this.#doc, this.#query);
    else this.#renderQuery();
  }

  // With a filter chosen, an empty box lists the filter's documents.
  #renderQuery() {
    const search = this.#query.trim() || this.#filters.active;
    this.#rendering = search ? this.#renderResults() : this.#renderExamples();
    return this.#rendering;
  }

  // The address of this query with its filters and order, and of an open article.
  #address(doc = null) {
    return hashFor({ q: this.#query, doc, filters: this.#filters.request, sort: this.#filters.sort });
  }

  #filtersChanged() {
    this.#shownFor = null;
    if (this.hasAttribute('sync-url') && this.#view !== 'article') history.replaceState(history.state, '', this.#address());
    if (this.#ready && this.#view !== 'article') this.#renderQuery();
  }

  async #renderExamples() {
    const current = this.#begin();
    let words = (this.getAttribute('examples') ?? '').split('|').map((w) => w.trim()).filter(Boolean);
    if (words.length === 0) {
      words = await corpusExamples(this.#filters.language);
    }
    // The filter bar before anything is typed. Without it (a piece that failed to load) the box
    // still works, and a search says what failed.
    const counts = await everyFilterCount();
    if (!current()) return;
    clearTimeout(this.#slowTimer);
    this.#filters.render(counts);
    this.#ui.exampleList.replaceChildren(...words.map((word) => el('li', {}, this.#queryButton(word))));
    this.#hits = [];
    this.#ui.results.replaceChildren();
    this.#status(this.#words.prompt);
    this.#show(words.length ? 'examples' : 'empty');
  }

  async #renderResults() {
    const started = performance.now();
    const q = this.#query;
    const current = this.#begin();
    let results;
    try {
      if (q !== this.#shownFor) {
        this.#shownFor = q;
        this.#shown = this.#limit;
      }
      results = await this.#engine.search(q, {
        limit: Math.max(this.#shown, 1), filters: this.#filters.searched, sort: this.#filters.sort || undefined,
        verbatim: this.#verbatimFor === q,
      });
    } catch (error) {
      if (current()) this.#resultsFailed(q, error);
      return;
    }
    if (!current()) return;
    // Every hit is drawn before anything is shown: a hit that cannot be drawn fails the whole
    // answer, so the list and the status line never tell two different answers.
    let options;
    try {
      const base = siteBase(this.getAttribute('base-url'));
      const words = this.#words;
      options = results.hits.flatMap((hit, index) =>
        hitOptions(hit, { id: `${this.#ui.idPrefix}-hit-${index}`, index, href: this.#href(hit), base, words }));
    } catch (error) {
      this.#resultsFailed(q, error);
      return;
    }
    clearTimeout(this.#slowTimer);
    this.#filters.render(results.filters, results.sorts);
    this.#status(resultsStatus(results, this.#words, this.#filters.active));

    this.#hits = results.hits;
    this.#mended = results.correctedFrom == null ? null : { typed: q, searched: results.query };
    this.#ui.active.set(-1, false);
    this.#ui.results.replaceChildren(...options);
    this.#ui.more.hidden = results.hits.length >= results.total || results.hits.length >= MAX_LIMIT;
    this.#renderHints(results);
    this.#show('results');
    this.dispatchEvent(new CustomEvent('sousuo-results', {
      bubbles: true,
      composed: true,
      detail: { query: q, total: results.total, partial: results.partial, shown: results.hits.length, ms: performance.now() - started },
    }));
  }

  // A search that could not be answered or drawn: no hits at all rather than some, or the
  // previous query's, and the reason with 重试.
  #resultsFailed(q, error) {
    clearTimeout(this.#slowTimer);
    this.#hits = [];
    this.#ui.results.replaceChildren();
    this.#ui.more.hidden = true;
    this.#ui.hints.hidden = true;
    this.#failed(error, () => this.#renderResults());
    this.#show('results');
    this.dispatchEvent(new CustomEvent('sousuo-error', { bubbles: true, composed: true, detail: { query: q, message: error.message } }));
  }

  // How the engine read the query: pinyin it understood, words to try instead.
  #renderHints(results) {
    const parts = hintParts(results, this.#words, (word) => this.#queryButton(word, 'suggestion'), (typed) => this.#asTypedButton(typed));
    this.#ui.hints.replaceChildren(...parts);
    this.#ui.hints.hidden = parts.length === 0;
  }

  // A button that searches the query as typed, where the engine searched its mending instead.
  #asTypedButton(typed) {
    const button = el('button', { type: 'button', class: 'as-typed', text: this.#words.asTyped(typed) });
    button.addEventListener('click', () => {
      this.#verbatimFor = typed;
      this.#renderQuery();
      this.#ui.input.focus();
    });
    return button;
  }

  // A button that searches `word`: example queries and suggestions.
  #queryButton(word, className) {
    const button = el('button', { type: 'button', class: className, text: word });
    button.addEventListener('click', () => {
      this.query = word;
      this.#ui.input.focus();
    });
    return button;
  }

  #inputKey(event) {
    if (event.isComposing) return; // keys that drive an IME belong to it
    const count = this.#view === 'results' ? this.#hits.length : 0;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (this.#view === 'article') return;
        if (this.#ui.input.value !== this.#query) this.#typed();
        if (!this.#hits.length || this.#view !== 'results') return;
        event.preventDefault();
        this.#ui.active.step(event.key === 'ArrowDown', this.#ui.results.children.length);
        break;
      case 'Enter': {
        event.preventDefault();
        if (this.#view === 'article' || this.#ui.input.value !== this.#query) {
          // Enter before the typing delay ran searches first, so it opens what the box says now.
          const searchOnly = this.#view === 'article';
          const searched = this.#typed();
          if (searchOnly) break;
          searched.then(() => this.#openFirstOrActive());
          break;
        }
        // The search for what the box says may still be loading its pieces: open when it lands,
        // unless the reader has typed on since.
        const query = this.#query;
        this.#rendering.then(() => {
          if (this.#query === query) this.#openFirstOrActive();
        });
        break;
      }
      case 'Escape':
        if (this.#view === 'article') this.#backToResults();
        else if (count || this.#ui.input.value) {
          this.#ui.input.value = '';
          this.#typed();
        } else return;
        event.preventDefault();
        break;
      default:
    }
  }

  // A section chosen with the keyboard opens the section; anything else, its hit.
  #openFirstOrActive() {
    if (this.#view !== 'results' || !this.#hits.length) return;
    const option = this.#ui.results.children[Math.max(this.#ui.active.index, 0)];
    if (option?.dataset.section == null) {
      this.#openHit(Number(option?.dataset.index ?? 0));
      return;
    }
    if (this.#announceOpen(this.#hits[Number(option.dataset.index)], option.href)) location.assign(option.href);
  }

  // Where hit `index` is among the listbox's options (its sections follow it).
  #optionOf(index) {
    return [...this.#ui.results.children].findIndex((option) => option.dataset.index === String(index) && option.dataset.section == null);
  }

  // Tells the host a hit is opening; false when it takes over (preventDefault on sousuo-open).
  #announceOpen(hit, href) {
    if (!hit) return false;
    return this.dispatchEvent(new CustomEvent('sousuo-open', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { id: hit.id, title: hit.title, query: this.#query, url: hit.url, href },
    }));
  }

  #openHit(index) {
    const hit = this.#hits[index];
    if (!hit) return;
    this.#ui.active.set(this.#optionOf(index), false);
    const mode = this.#openMode(hit);
    const href = this.#href(hit);
    // A host may take over opening articles: open="event", or preventDefault() on the event.
    if (!this.#announceOpen(hit, href) || mode === 'event') return;
    if (mode === 'link') {
      location.assign(href);
      return;
    }
    this.#openedFromResults = true;
    if (this.hasAttribute('sync-url')) {
      location.hash = this.#address(hit.id);
    } else {
      this.#doc = hit.id;
      this.#renderArticle(hit.id, this.#query);
    }
  }

  async #renderArticle(id, q) {
    const current = this.#begin();
    let doc;
    try {
      // An article opened from the results of a mended query shows the mending's matches.
      const searched = this.#mended?.typed === q ? this.#mended.searched : q;
      doc = await this.#engine.article(id, searched.trim() ? searched : undefined);
    } catch (error) {
      if (!current()) return;
      clearTimeout(this.#slowTimer);
      this.#hits = [];
      this.#ui.results.replaceChildren();
      if (error instanceof SousuoLoadError) this.#failed(error, () => this.#renderArticle(id, q));
      else this.#status(this.#words.cannotOpen(error.message));
      this.#show('results');
      return;
    }
    if (!current()) return;
    clearTimeout(this.#slowTimer);
    const marks = this.#ui.reader.render(doc);
    this.#status(q.trim() ? this.#words.inArticle(q, marks) : this.#words.escBack);
    this.#show('article');
    this.#lastArticle = id;
    this.#ui.reader.focusTitle();
    if (this.hasAttribute('sync-url')) window.scrollTo(0, 0);
  }

  #backToResults() {
    if (this.#view !== 'article') return;
    if (this.hasAttribute('sync-url')) {
      // Back to the results entry this widget pushed; a shared article link has none to go back to.
      if (this.#openedFromResults) history.back();
      else location.hash = this.#address();
      this.#openedFromResults = false;
    } else {
      this.#doc = null;
      this.#renderQuery();
    }
    this.#restoreActive();
  }

  // Back in the results, the article just read is the active option again, once they are drawn
  // anew (the engine answers from its worker, a task or more later).
  #restoreActive() {
    const input = this.#ui.input;
    const settle = () => this.#rendering.then(() => {
      if (this.#view !== 'results') return;
      const index = this.#hits.findIndex((hit) => hit.id === this.#lastArticle);
      if (index >= 0) this.#ui.active.set(this.#optionOf(index));
    });
    input.focus({ preventScroll: true });
    if (this.hasAttribute('sync-url')) window.addEventListener('hashchange', settle, { once: true });
    else settle();
  }
}

if (!customElements.get('sousuo-search')) customElements.define('sousuo-search', SousuoSearch);
