// The article view: one whole article read in place, its matches highlighted, with ← back,
// previous/next match buttons and the keys n, N and Esc.
import { appendSegments, el } from './sousuo-dom.js';

export class ArticleView {
  #back = el('button', { type: 'button', class: 'back', text: '← 返回结果' });
  #position = el('span', { class: 'match-position' });
  #matchNav;
  #title = el('h2', { tabindex: '-1' });
  #body = el('div', { class: 'article-body' });
  #current = -1;
  /** The view's element; hidden while results are shown. */
  element;

  /** `onBack` runs on ← and on Esc. */
  constructor(onBack) {
    const prev = el('button', { type: 'button', class: 'prev-match', text: '上一处' });
    const next = el('button', { type: 'button', class: 'next-match', text: '下一处' });
    this.#matchNav = el('span', { class: 'match-nav', hidden: true }, prev, this.#position, next);
    this.element = el('article', { class: 'article', hidden: true },
      el('nav', { class: 'article-nav', 'aria-label': '文章导航' }, this.#back, this.#matchNav), this.#title, this.#body);
    this.#back.addEventListener('click', onBack);
    prev.addEventListener('click', () => this.focusMatch(-1));
    next.addEventListener('click', () => this.focusMatch(1));
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onBack();
      } else if ((event.key === 'n' || event.key === 'N') && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        this.focusMatch(event.key === 'n' ? 1 : -1);
      }
    });
  }

  /** Shows `doc` (the engine's article) and returns how many matches it highlights. */
  render(doc) {
    this.#title.replaceChildren();
    appendSegments(this.#title, doc.titleSegments);
    this.#body.replaceChildren(...doc.paragraphs.map((p) => appendSegments(el('p'), p)));
    const marks = this.#body.querySelectorAll('mark').length;
    this.#matchNav.hidden = marks === 0;
    this.#position.textContent = marks ? `共 ${marks} 处` : '';
    this.#current = -1;
    return marks;
  }

  /** Moves focus to the title, where a screen reader starts reading. */
  focusTitle() {
    this.#title.focus({ preventScroll: true });
    this.#title.scrollIntoView?.({ block: 'nearest' });
  }

  /** Highlights the next (1) or previous (-1) match as the current one and scrolls to it. */
  focusMatch(step) {
    const marks = this.#body.querySelectorAll('mark');
    if (marks.length === 0) return;
    marks[this.#current]?.classList.remove('current');
    this.#current = (this.#current + step + marks.length) % marks.length;
    const mark = marks[this.#current];
    mark.classList.add('current');
    mark.scrollIntoView({ block: 'center' });
    this.#position.textContent = `${this.#current + 1} / ${marks.length}`;
  }
}
