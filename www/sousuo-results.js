// What the reader is told about an answer: one result drawn as an option, the status line, the
// hints (how pinyin was read, words to try), and why a load failed.
import { ENGINE_PIECE, SousuoLoadError } from './sousuo-load-error.js';
import { appendSegments, el } from './sousuo-dom.js';
import { externalHost, readableUrl, sectionHref } from './sousuo-links.js';

// Why a piece of the index could not be had, in the reader's words.
function loadReason(error) {
  return {
    offline: '网络不通或服务器无法连接',
    timeout: '服务器响应超时',
    http: '服务器上没有这部分索引，网站可能已更新，请刷新页面',
    damaged: '下载的数据不完整或已损坏',
    memory: '这次查询需要的索引超出了页面留给索引的内存',
  }[error.reason] ?? '未知原因';
}

/** What the reader is told when a search or an article could not load what it needs. */
export function loadProblem(error) {
  if (!(error instanceof SousuoLoadError)) return `搜索出错：${error.message}`;
  if (error.reason === 'updated') return '网站在这个页面打开之后更新过，请刷新页面再搜索。';
  if (error.piece === ENGINE_PIECE) return `搜索程序加载失败（${loadReason(error)}），暂时无法搜索。`;
  return `索引的一部分加载失败（${loadReason(error)}），所以无法给出完整结果。`;
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
export function downloadProblem(error) {
  return error instanceof SousuoLoadError ? `${loadReason(error)}。` : error.message;
}

/** The status line for `results` of what the reader typed (`typed`), with filters or not. */
export function resultsStatus(results, typed, filtered) {
  // The engine's notices are for developers; a cut or partial query gets the reader's wording.
  const searched = [...(results.correctedFrom ?? results.query)].length;
  const cut = searched < [...typed].length ? ` 查询太长，只搜索了前 ${searched} 个字。` : '';
  const notice = cut || (results.notice && !results.partial ? ` ${results.notice}` : '');
  const marker = filtered ? '（已筛选）' : '';
  if (!results.query.trim()) return results.total ? `筛选出 ${results.total} 篇文章。` : '没有符合筛选条件的文章。';
  if (results.total === 0) return `没有找到包含「${results.query}」的文章${marker}。${notice}`;
  // Too broad to search whole within the work budget: the part searched, and an estimate.
  const part = results.totalEstimate == null ? '' : `查询太宽泛，只检索了开头的一部分文章，共约 ${results.totalEstimate} 篇符合；`;
  if (results.partial) return `${part}没有文章包含完整的「${results.query}」，以下 ${results.total} 篇包含其中的部分词语，最相关的在前。${cut}`;
  if (part) return `${part}以下是其中找到的 ${results.total} 篇${marker}。${cut}`;
  // Nothing had the query as typed, and one slip in it was mended beyond doubt: its results.
  if (results.correctedFrom != null) return `没有找到「${results.correctedFrom}」，已显示「${results.query}」的结果：找到 ${results.total} 篇文章${marker}。${cut}`;
  return `找到 ${results.total} 篇文章${marker}。${notice}`;
}

/**
 * One result as an option of the listbox: its title (a link to `href` when it opens its page),
 * the passage, the sections its matches are in (links under `base`), and where it is.
 */
export function hitOption(hit, { id, index, href, base }) {
  const host = href ? externalHost(hit, base) : null;
  // A record that links to another site says so, with the host, before the reader follows it.
  const rel = host ? 'external noopener noreferrer' : null;
  const title = appendSegments(el(href ? 'a' : 'span', { class: 'hit-title', href, rel, tabindex: href ? '-1' : null }), hit.titleSegments);
  const option = el('li', { role: 'option', id, 'aria-selected': 'false' });
  option.dataset.index = index;
  if (hit.missing.length) title.prepend(el('span', { class: 'partial-tag', text: '部分匹配' }));
  option.append(title, appendSegments(el('p', { class: 'snippet' }), hit.snippet));
  if (hit.missing.length) option.append(el('p', { class: 'missing', text: `缺少：${hit.missing.join('、')}` }));
  if (href && !host && hit.sections.length) {
    option.append(el('ul', { class: 'hit-sections', 'aria-label': '所在章节' }, ...hit.sections.map((section) =>
      el('li', {}, el('a', { href: sectionHref(hit, section, base), tabindex: '-1', text: `§ ${section.heading}` })))));
  }
  if (host) title.append(el('span', { class: 'external-host', text: ` ↗ ${host}` }));
  const where = hit.url == null ? hit.id : readableUrl(hit.url);
  const date = hit.meta.date?.[0];
  option.append(el('p', { class: 'hit-id', text: date ? `${where} · ${date}` : where }));
  return option;
}

/** How the engine read the query: pinyin it understood, and words to try (`button(word)`). */
export function hintParts(results, button, asTyped) {
  const parts = [];
  if (results.correctedFrom != null) parts.push(asTyped(results.correctedFrom));
  for (const { pinyin, words } of results.pinyin) {
    if (words.length) parts.push(el('span', { text: `拼音 ${pinyin} → ${words.join('、')}` }));
  }
  if (results.suggestions.length) {
    const offer = el('span', { text: results.total === 0 ? '你是不是要找：' : '也可以试试：' });
    for (const word of results.suggestions) offer.append(button(word));
    parts.push(offer);
  }
  return parts;
}
