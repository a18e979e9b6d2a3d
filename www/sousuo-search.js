// <sousuo-search>: the whole search widget as one custom element, in its own shadow DOM.
//
//   <script type="module" src="sousuo-search.js"></script>
//   <sousuo-search placeholder="搜索本站" limit="10" open="widget" sync-url></sousuo-search>
//
// All search logic lives in the wasm; this module only renders. Corpus text is data: every piece
// of it reaches the DOM through textContent or text nodes, never innerHTML.
import { open, SousuoLoadError } from './sousuo-engine.js';
import { STYLE } from './sousuo-style.js';

const TYPING_DELAY_MS = 60;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const EXAMPLE_COUNT = 6;
// The engine reads a query's first 256 characters and says so; the address keeps a little more
// than that, never the megabytes someone may paste.
const MAX_QUERY_IN_ADDRESS = 1000;


let sheet;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

// A split index fetches pieces as queries need them: the reader is told only when that is slow.
const SLOW_MS = 150;
// How long a whole-index download waits for the service worker to control the page.
const OFFLINE_WAIT_MS = 10_000;
const OFFLINE_POLL_MS = 100;

// One engine per page, however many widgets it holds.
let engineReady;
let engineInfo;
function loadEngine() {
  engineReady ??= open().then((opened) => {
    engineInfo = opened.info();
    return opened;
  });
  return engineReady;
}

// Example queries drawn from the index (kept in its root: no piece to fetch), the same for every
// widget and every empty box.
let exampleWords;
function corpusExamples() {
  exampleWords ??= loadEngine().then((e) => e.examples(EXAMPLE_COUNT)).catch(() => []);
  return exampleWords;
}

// Why a piece of the index could not be had, in the reader's words.
function loadReason(error) {
  return {
    offline: '网络不通或服务器无法连接',
    timeout: '服务器响应超时',
    http: '服务器上没有这部分索引，网站可能已更新，请刷新页面',
    damaged: '下载的数据不完整或已损坏',
  }[error.reason] ?? '未知原因';
}

// What the reader is told when a search or an article could not load what it needs.
function loadProblem(error) {
  if (!(error instanceof SousuoLoadError)) return `搜索出错：${error.message}`;
  return `索引的一部分加载失败（${loadReason(error)}），所以无法给出完整结果。`;
}

function downloadProblem(error) {
  return error instanceof SousuoLoadError ? `${loadReason(error)}。` : error.message;
}

// Downloading for offline use only helps once the service worker controls the page: on a first
// visit it is still installing, and what passes by now would not be kept.
// The page registers its worker itself (app.js), possibly a moment after this runs: the worker
// is given a few seconds to show up and take control, checked by polling, which no missed event
// can fool.
async function offlineCacheReady(progress) {
  const container = navigator.serviceWorker;
  for (let waited = 0; !container?.controller; waited += OFFLINE_POLL_MS) {
    if (waited >= OFFLINE_WAIT_MS) {
      throw new Error('此页面没有可用的离线缓存（service worker），下载后也无法离线使用。');
    }
    progress.textContent = '正在准备离线缓存…';
    await new Promise((done) => setTimeout(done, OFFLINE_POLL_MS));
  }
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// Highlight segments from the wasm become text nodes and <mark> elements.
function appendSegments(parent, segments) {
  for (const segment of segments) {
    parent.append(segment.highlight ? el('mark', { text: segment.text }) : document.createTextNode(segment.text));
  }
  return parent;
}

function cutForAddress(q) {
  return [...q.slice(0, 2 * MAX_QUERY_IN_ADDRESS)].slice(0, MAX_QUERY_IN_ADDRESS).join('');
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { q: params.get('q') ?? '', doc: params.get('doc') };
}

function hashFor({ q, doc }) {
  const params = new URLSearchParams();
  if (doc) params.set('doc', doc);
  if (q) params.set('q', cutForAddress(q));
  const hash = params.toString();
  return hash ? `#${hash}` : '#';
}

let widgets = 0;

export class SousuoSearch extends HTMLElement {
  static observedAttributes = ['placeholder', 'limit', 'open', 'examples'];

  #ui;
  #engine = null;
  // Results asked for: a page (the limit attribute) at first, a page more per click on 更多结果.
  #shown = 0;
  #shownFor = null;
  #request = 0;
  #slowTimer = 0;
  #ready = false;
  #info = null;
  #typingTimer = 0;
  // The newest render of the results or examples, for Enter to wait on.
  #rendering = Promise.resolve();
  #view = 'loading';
  #query = '';
  #doc = null;
  #hits = [];
  #active = -1;
  #currentMatch = -1;
  #openedFromResults = false;
  #lastArticle = null;
  #onHashChange = () => this.#fromHash();
  #onSlashKey = (event) => this.#slash(event);

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    const id = `sousuo-${++widgets}`;
    const ui = {
      input: el('input', {
        type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
        'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `${id}-results`,
        'aria-label': '搜索文章',
      }),
      status: el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }),
      progress: el('p', { class: 'progress', role: 'status', 'aria-live': 'polite', hidden: true }),
      hints: el('p', { class: 'hints', hidden: true }),
      exampleList: el('ul'),
      results: el('ul', { id: `${id}-results`, role: 'listbox', 'aria-label': '搜索结果', hidden: true }),
      more: el('button', { type: 'button', class: 'more', text: '更多结果', hidden: true }),
      back: el('button', { type: 'button', class: 'back', text: '← 返回结果' }),
      prev: el('button', { type: 'button', class: 'prev-match', text: '上一处' }),
      next: el('button', { type: 'button', class: 'next-match', text: '下一处' }),
      position: el('span', { class: 'match-position' }),
      title: el('h2', { tabindex: '-1' }),
      body: el('div', { class: 'article-body' }),
    };
    ui.idPrefix = id;
    ui.examples = el('section', { class: 'examples', hidden: true }, el('p', { text: '试试：' }), ui.exampleList);
    ui.matchNav = el('span', { class: 'match-nav', hidden: true }, ui.prev, ui.position, ui.next);
    ui.article = el('article', { class: 'article', hidden: true },
      el('nav', { class: 'article-nav', 'aria-label': '文章导航' }, ui.back, ui.matchNav), ui.title, ui.body);
    root.append(el('div', { class: 'widget', lang: 'zh' },
      el('div', { class: 'box' }, ui.input, el('kbd', { class: 'key-hint', 'aria-hidden': 'true', text: '/' })),
      ui.status, ui.progress, ui.hints, ui.examples, ui.results, ui.more, ui.article));
    this.#ui = ui;

    ui.input.addEventListener('input', () => {
      clearTimeout(this.#typingTimer);
      this.#typingTimer = setTimeout(() => this.#typed(), TYPING_DELAY_MS);
    });
    ui.input.addEventListener('keydown', (event) => this.#inputKey(event));
    ui.results.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#openHit(Number(option.dataset.index));
    });
    ui.results.addEventListener('mousemove', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.#setActive(Number(option.dataset.index), false);
    });
    ui.back.addEventListener('click', () => this.#backToResults());
    // A page more: the articles of a split index are fetched for the results shown, not before.
    ui.more.addEventListener('click', () => {
      this.#shown = Math.min(this.#shown + this.#limit, MAX_LIMIT);
      this.#renderResults();
    });
    ui.prev.addEventListener('click', () => this.#focusMatch(-1));
    ui.next.addEventListener('click', () => this.#focusMatch(1));
    ui.article.addEventListener('keydown', (event) => this.#articleKey(event));
  }

  connectedCallback() {
    this.#applyPlaceholder();
    document.addEventListener('keydown', this.#onSlashKey);
    if (this.hasAttribute('sync-url')) {
      window.addEventListener('hashchange', this.#onHashChange);
      const { q, doc } = readHash();
      this.#ui.input.value = q;
      this.#doc = doc;
    }
    if (!this.#ready) this.#status('正在加载索引…');
    loadEngine().then((opened) => {
      this.#engine = opened;
      this.#info = engineInfo;
      this.#ready = true;
      this.setAttribute('ready', ''); // for hosts and their styles: sousuo-search[ready]
      this.#applyPlaceholder();
      this.#refresh();
      // Its progress and any failure are shown under the box; nothing is left for the page to catch.
      if (this.hasAttribute('offline')) this.downloadAll().catch(() => {});
    }, (error) => {
      this.#view = 'error';
      this.#status(`索引加载失败：${error.message}`);
    });
  }

  disconnectedCallback() {
    document.removeEventListener('keydown', this.#onSlashKey);
    window.removeEventListener('hashchange', this.#onHashChange);
    clearTimeout(this.#typingTimer);
  }

  attributeChangedCallback(name) {
    if (name === 'placeholder') this.#applyPlaceholder();
    else if (this.#ready && this.#view !== 'article') this.#refresh();
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
    const engine = await loadEngine();
    const { progress } = this.#ui;
    progress.hidden = false;
    try {
      await offlineCacheReady(progress);
      await engine.downloadAll(({ done, total, bytes, totalBytes }) => {
        progress.textContent = `正在下载完整索引以便离线使用：${done} / ${total}（${(bytes / 1048576).toFixed(1)} / ${(totalBytes / 1048576).toFixed(1)} MB）`;
      });
      progress.textContent = '完整索引已下载，离线也能搜索全部文章。';
      this.dispatchEvent(new CustomEvent('sousuo-offline-ready', { bubbles: true, composed: true }));
    } catch (error) {
      progress.textContent = `完整索引下载失败：${downloadProblem(error)}`;
      throw error;
    }
  }

  get #limit() {
    const limit = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
  }

  get #opensInWidget() {
    return this.getAttribute('open') !== 'event';
  }

  #applyPlaceholder() {
    const documents = this.#info?.documents;
    this.#ui.input.placeholder = this.getAttribute('placeholder')
      ?? (documents ? `在 ${documents} 篇文章中搜索：人名、地名、数字……繁简皆可` : '搜索文章');
  }

  #status(text) {
    this.#ui.status.textContent = text;
  }

  // A failed load: said in words, with a button that tries the same request again.
  #failed(error, retry) {
    const { status } = this.#ui;
    status.textContent = loadProblem(error);
    const again = el('button', { type: 'button', class: 'retry', text: '重试' });
    again.addEventListener('click', retry);
    status.append(' ', again);
  }

  // Starts a request to the engine: returns a check that says whether it is still the newest
  // one (an older answer that arrives late is dropped), and tells the reader when it is slow.
  #begin() {
    const request = ++this.#request;
    clearTimeout(this.#slowTimer);
    this.#slowTimer = setTimeout(() => {
      if (request === this.#request) this.#status('正在加载索引…');
    }, SLOW_MS);
    return () => request === this.#request;
  }

  #show(view) {
    this.#view = view;
    const { examples, results, article, hints, input } = this.#ui;
    examples.hidden = view !== 'examples';
    results.hidden = view !== 'results';
    article.hidden = view !== 'article';
    if (view !== 'results') {
      hints.hidden = true;
      this.#ui.more.hidden = true;
    }
    input.setAttribute('aria-expanded', String(view === 'results' && this.#hits.length > 0));
    if (view !== 'results') this.#setActive(-1, false);
  }

  // Debounced typing lands here; it always searches what the box holds now, so a newer query
  // wins over an older one however the keystrokes were timed.
  #typed() {
    clearTimeout(this.#typingTimer);
    this.#query = this.#ui.input.value;
    this.#doc = null;
    if (this.hasAttribute('sync-url')) {
      // Typing replaces the history entry: Back goes to the previous page, not the previous letter.
      history.replaceState(history.state, '', hashFor({ q: this.#query }));
    }
    return this.#ready ? this.#renderQuery() : Promise.resolve();
  }

  #fromHash() {
    const { q, doc } = readHash();
    if (this.#ui.input.value !== q) this.#ui.input.value = q;
    this.#doc = doc;
    if (!doc) this.#openedFromResults = false;
    if (this.#ready) this.#refresh();
  }

  #refresh() {
    this.#query = this.#ui.input.value;
    if (this.#doc) this.#renderArticle(this.#doc, this.#query);
    else this.#renderQuery();
  }

  #renderQuery() {
    this.#rendering = this.#query.trim() ? this.#renderResults() : this.#renderExamples();
    return this.#rendering;
  }

  async #renderExamples() {
    const current = this.#begin();
    let words = (this.getAttribute('examples') ?? '').split('|').map((w) => w.trim()).filter(Boolean);
    if (words.length === 0) {
      words = await corpusExamples();
    }
    if (!current()) return;
    clearTimeout(this.#slowTimer);
    this.#ui.exampleList.replaceChildren(...words.map((word) => el('li', {}, this.#queryButton(word))));
    this.#hits = [];
    this.#ui.results.replaceChildren();
    this.#status('输入关键词开始搜索：繁体、简体、拼音、全角半角都可以。');
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
      results = await this.#engine.search(q, { limit: Math.max(this.#shown, 1) });
    } catch (error) {
      if (!current()) return;
      clearTimeout(this.#slowTimer);
      // Nothing wrong is shown: no hits at all rather than the hits of a partial load.
      this.#hits = [];
      this.#ui.results.replaceChildren();
      this.#ui.more.hidden = true;
      this.#failed(error, () => this.#renderResults());
      this.#show('results');
      this.dispatchEvent(new CustomEvent('sousuo-error', { bubbles: true, composed: true, detail: { query: q, message: error.message } }));
      return;
    }
    if (!current()) return;
    clearTimeout(this.#slowTimer);
    // The engine's notices are for developers; a cut or partial query gets the reader's wording.
    const searched = [...results.query].length;
    const cut = searched < [...q].length ? ` 查询太长，只搜索了前 ${searched} 个字。` : '';
    const notice = cut || (results.notice && !results.partial ? ` ${results.notice}` : '');
    if (results.total === 0) this.#status(`没有找到包含「${results.query}」的文章。${notice}`);
    else if (results.partial) this.#status(`没有文章包含完整的「${results.query}」，以下 ${results.total} 篇包含其中大部分词语。${cut}`);
    else this.#status(`找到 ${results.total} 篇文章。${notice}`);

    this.#hits = results.hits;
    this.#setActive(-1, false);
    const prefix = this.#ui.idPrefix;
    this.#ui.results.replaceChildren(...results.hits.map((hit, index) => {
      const title = appendSegments(el('span', { class: 'hit-title' }), hit.titleSegments);
      const option = el('li', { role: 'option', id: `${prefix}-hit-${index}`, 'aria-selected': 'false' });
      option.dataset.index = index;
      if (hit.missing.length) title.prepend(el('span', { class: 'partial-tag', text: '部分匹配' }));
      option.append(title, appendSegments(el('p', { class: 'snippet' }), hit.snippet));
      if (hit.missing.length) option.append(el('p', { class: 'missing', text: `缺少：${hit.missing.join('、')}` }));
      option.append(el('p', { class: 'hit-id', text: hit.id }));
      return option;
    }));
    this.#ui.more.hidden = results.hits.length >= results.total || results.hits.length >= MAX_LIMIT;
    this.#renderHints(results);
    this.#show('results');
    this.dispatchEvent(new CustomEvent('sousuo-results', {
      bubbles: true,
      composed: true,
      detail: { query: q, total: results.total, partial: results.partial, shown: results.hits.length, ms: performance.now() - started },
    }));
  }

  // How the engine read the query: pinyin it understood, words to try instead.
  #renderHints(results) {
    const parts = [];
    for (const { pinyin, words } of results.pinyin) {
      if (words.length) parts.push(el('span', { text: `拼音 ${pinyin} → ${words.join('、')}` }));
    }
    if (results.suggestions.length) {
      const offer = el('span', { text: results.total === 0 ? '你是不是要找：' : '也可以试试：' });
      for (const word of results.suggestions) offer.append(this.#queryButton(word, 'suggestion'));
      parts.push(offer);
    }
    this.#ui.hints.replaceChildren(...parts);
    this.#ui.hints.hidden = parts.length === 0;
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

  #setActive(index, scroll = true) {
    const options = this.#ui.results.children;
    options[this.#active]?.setAttribute('aria-selected', 'false');
    this.#active = index;
    const option = options[index];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      this.#ui.input.setAttribute('aria-activedescendant', option.id);
      if (scroll) option.scrollIntoView({ block: 'nearest' });
    } else {
      this.#active = -1;
      this.#ui.input.removeAttribute('aria-activedescendant');
    }
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
        this.#setActive(event.key === 'ArrowDown'
          ? (this.#active + 1) % this.#hits.length
          : (this.#active <= 0 ? this.#hits.length : this.#active) - 1);
        break;
      case 'Enter':
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

  #openFirstOrActive() {
    if (this.#view === 'results' && this.#hits.length) this.#openHit(Math.max(this.#active, 0));
  }

  #articleKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#backToResults();
    } else if ((event.key === 'n' || event.key === 'N') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      this.#focusMatch(event.key === 'n' ? 1 : -1);
    }
  }

  // `/` anywhere on the page focuses the first widget's box, unless the reader is typing elsewhere.
  #slash(event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (document.querySelector('sousuo-search') !== this) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    this.#ui.input.focus();
    this.#ui.input.select();
  }

  #openHit(index) {
    const hit = this.#hits[index];
    if (!hit) return;
    this.#setActive(index, false);
    const opening = new CustomEvent('sousuo-open', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { id: hit.id, title: hit.title, query: this.#query },
    });
    // A host may take over opening articles: open="event", or preventDefault() on the event.
    if (!this.dispatchEvent(opening) || !this.#opensInWidget) return;
    this.#openedFromResults = true;
    if (this.hasAttribute('sync-url')) {
      location.hash = hashFor({ q: this.#query, doc: hit.id });
    } else {
      this.#doc = hit.id;
      this.#renderArticle(hit.id, this.#query);
    }
  }

  async #renderArticle(id, q) {
    const current = this.#begin();
    let doc;
    try {
      doc = await this.#engine.article(id, q.trim() ? q : undefined);
    } catch (error) {
      if (!current()) return;
      clearTimeout(this.#slowTimer);
      this.#hits = [];
      this.#ui.results.replaceChildren();
      if (error instanceof SousuoLoadError) this.#failed(error, () => this.#renderArticle(id, q));
      else this.#status(`无法打开文章：${error.message}`);
      this.#show('results');
      return;
    }
    if (!current()) return;
    clearTimeout(this.#slowTimer);
    const { title, body, matchNav, position } = this.#ui;
    title.replaceChildren();
    appendSegments(title, doc.titleSegments);
    body.replaceChildren(...doc.paragraphs.map((p) => appendSegments(el('p'), p)));
    const marks = body.querySelectorAll('mark').length;
    matchNav.hidden = marks === 0;
    position.textContent = marks ? `共 ${marks} 处` : '';
    this.#currentMatch = -1;
    this.#status(q.trim() ? `「${q}」在本文出现 ${marks} 处。按 n 跳到下一处，Esc 返回。` : '按 Esc 返回。');
    this.#show('article');
    this.#lastArticle = id;
    title.focus({ preventScroll: true });
    title.scrollIntoView?.({ block: 'nearest' });
    if (this.hasAttribute('sync-url')) window.scrollTo(0, 0);
  }

  #backToResults() {
    if (this.#view !== 'article') return;
    if (this.hasAttribute('sync-url')) {
      // Back to the results entry this widget pushed; a shared article link has none to go back to.
      if (this.#openedFromResults) history.back();
      else location.hash = hashFor({ q: this.#query });
      this.#openedFromResults = false;
    } else {
      this.#doc = null;
      this.#renderQuery();
    }
    this.#restoreActive();
  }

  // Back in the results, the article just read is the active option again.
  #restoreActive() {
    const input = this.#ui.input;
    const settle = () => {
      if (this.#view !== 'results') return;
      const index = this.#hits.findIndex((hit) => hit.id === this.#lastArticle);
      if (index >= 0) this.#setActive(index);
    };
    input.focus({ preventScroll: true });
    if (this.hasAttribute('sync-url')) window.addEventListener('hashchange', settle, { once: true });
    else settle();
  }

  #focusMatch(step) {
    const marks = this.#ui.body.querySelectorAll('mark');
    if (marks.length === 0) return;
    marks[this.#currentMatch]?.classList.remove('current');
    this.#currentMatch = (this.#currentMatch + step + marks.length) % marks.length;
    const mark = marks[this.#currentMatch];
    mark.classList.add('current');
    mark.scrollIntoView({ block: 'center' });
    this.#ui.position.textContent = `${this.#currentMatch + 1} / ${marks.length}`;
  }
}

if (!customElements.get('sousuo-search')) customElements.define('sousuo-search', SousuoSearch);
