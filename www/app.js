// The page only loads and renders: all search logic lives in the wasm. Corpus text is data:
// every piece of it reaches the DOM through textContent, never innerHTML.
import init, { search, article, info } from './pkg/sousuo.js';

const EXAMPLES = ['迈博太科', '中國醫藥城', '张小兵', '"四到四办"', '5.2亿元', '医药 -泰兴', 'yiyao', '泰州生物医药产业发展'];
const TYPING_DELAY_MS = 60;
// The engine reads a query's first 256 characters and says so; the address keeps a little more
// than that, never the megabytes someone may paste.
const MAX_QUERY_IN_ADDRESS = 1000;

const $ = (id) => document.getElementById(id);
const input = $('q');
const status = $('status');

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Highlight segments from the wasm become text nodes and <mark> elements.
function appendSegments(parent, segments) {
  for (const segment of segments) {
    if (segment.highlight) parent.append(el('mark', '', segment.text));
    else parent.append(document.createTextNode(segment.text));
  }
  return parent;
}

function readState() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { q: params.get('q') ?? '', doc: params.get('doc') };
}

function hashFor({ q, doc }) {
  const params = new URLSearchParams();
  if (doc) params.set('doc', doc);
  if (q) params.set('q', q);
  const hash = params.toString();
  return hash ? `#${hash}` : '#';
}

function show(view) {
  for (const id of ['examples', 'results', 'article']) $(id).hidden = id !== view;
  if (view !== 'results') $('hints').hidden = true;
}

function queryLink(q, className) {
  const link = el('a', className, q);
  link.href = hashFor({ q });
  return link;
}

// How the engine read the query: pinyin it understood, words to try instead.
function renderHints(results) {
  const hints = $('hints');
  const parts = [];
  for (const { pinyin, words } of results.pinyin) {
    if (words.length) parts.push(el('span', '', `拼音 ${pinyin} → ${words.join('、')}`));
  }
  if (results.suggestions.length) {
    const offer = el('span', '', results.total === 0 ? '你是不是要找：' : '也可以试试：');
    for (const word of results.suggestions) offer.append(queryLink(word, 'suggestion'));
    parts.push(offer);
  }
  hints.replaceChildren(...parts);
  hints.hidden = parts.length === 0;
}

// An error replaces whatever was shown with the message alone.
function showError(message) {
  status.textContent = message;
  $('results').replaceChildren();
  show('results');
}

function renderExamples() {
  const list = $('examples').querySelector('ul');
  list.replaceChildren(...EXAMPLES.map((q) => {
    const item = el('li');
    const link = el('a', '', q);
    link.href = hashFor({ q });
    item.append(link);
    return item;
  }));
  status.textContent = '输入关键词开始搜索：繁体、简体、全角半角、大小写都一样。';
  show('examples');
}

function renderResults(q) {
  let results;
  try {
    results = search(q, { limit: 50 });
  } catch (error) {
    showError(`搜索出错：${error.message}`);
    return;
  }
  // The engine's notices are for developers; a cut or partial query gets the reader's wording.
  const searched = [...results.query].length;
  const cut = searched < [...q].length ? ` 查询太长，只搜索了前 ${searched} 个字。` : '';
  const notice = cut || (results.notice && !results.partial ? ` ${results.notice}` : '');
  if (results.total === 0) status.textContent = `没有找到包含「${results.query}」的文章。${notice}`;
  else if (results.partial) status.textContent = `没有文章包含完整的「${results.query}」，以下 ${results.total} 篇包含其中大部分词语。${cut}`;
  else status.textContent = `找到 ${results.total} 篇文章。${notice}`;
  $('results').replaceChildren(...results.hits.map((hit) => {
    const item = el('li', 'hit');
    const link = el('a', 'hit-title');
    link.href = hashFor({ q, doc: hit.id });
    appendSegments(link, hit.titleSegments);
    item.append(link, appendSegments(el('p', 'snippet'), hit.snippet));
    if (hit.missing.length) item.append(el('p', 'missing', `部分匹配，缺少：${hit.missing.join('、')}`));
    item.append(el('p', 'hit-id', hit.id));
    return item;
  }));
  show('results');
  renderHints(results);
}

let currentMatch = -1;

function focusMatch(step) {
  const marks = $('article-body').querySelectorAll('mark');
  if (marks.length === 0) return;
  marks[currentMatch]?.classList.remove('current');
  currentMatch = (currentMatch + step + marks.length) % marks.length;
  const mark = marks[currentMatch];
  mark.classList.add('current');
  mark.scrollIntoView({ block: 'center' });
  $('match-position').textContent = `${currentMatch + 1} / ${marks.length}`;
}

function renderArticle(id, q) {
  let doc;
  try {
    doc = article(id, q || undefined);
  } catch (error) {
    showError(`无法打开文章：${error.message}`);
    return;
  }
  const title = $('article-title');
  title.replaceChildren();
  appendSegments(title, doc.titleSegments);
  $('article-body').replaceChildren(...doc.paragraphs.map((p) => appendSegments(el('p'), p)));
  $('back').href = hashFor({ q });
  const marks = $('article-body').querySelectorAll('mark').length;
  document.querySelector('.match-nav').hidden = marks === 0;
  $('match-position').textContent = marks ? `共 ${marks} 处` : '';
  currentMatch = -1;
  status.textContent = q ? `「${q}」在本文出现 ${marks} 处。` : '';
  show('article');
  window.scrollTo(0, 0);
}

function render() {
  const { q, doc } = readState();
  if (input.value !== q && document.activeElement !== input) input.value = q;
  if (doc) renderArticle(doc, q);
  else if (q.trim()) renderResults(q);
  else renderExamples();
}

let typingTimer;
input.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    // Typing replaces the history entry: back goes to the previous page, not the previous letter.
    const q = [...input.value.slice(0, 2 * MAX_QUERY_IN_ADDRESS)].slice(0, MAX_QUERY_IN_ADDRESS).join('');
    history.replaceState(null, '', hashFor({ q }));
    render();
  }, TYPING_DELAY_MS);
});
$('search-form').addEventListener('submit', (event) => event.preventDefault());
$('prev-match').addEventListener('click', () => focusMatch(-1));
$('next-match').addEventListener('click', () => focusMatch(1));
window.addEventListener('hashchange', () => {
  input.value = readState().q;
  render();
});

try {
  await init();
  const { documents } = info();
  input.disabled = false;
  input.placeholder = `在 ${documents} 篇文章中搜索：人名、公司、数字……繁简皆可`;
  input.value = readState().q;
  render();
  if (!readState().doc) input.focus();
} catch (error) {
  status.textContent = `索引加载失败：${error.message}`;
}
