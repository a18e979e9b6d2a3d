// The article view: one whole article read in place, its matches highlighted, with ← back,
// previous/next match buttons and the keys n, N and Esc.
import { appendSegments, el } from './sousuo-dom.js';

export class ArticleView {
  #back = el('button', { type: 'button', class: 'back' });
  #previous = el('button', { type: 'button', class: 'prev-match' });
  #next = el('button', { type: 'button', class: 'next-match' });
  #nav = el('nav', { class: 'article-nav' });
  #position = el('span', { class: 'match-position' });
  #matchNav;
  #words;
  #title = el('h2', { tabindex: '-1' });
  #body = el('div', { class: 'article-body' });
  #current = -1;
  /** The view's element; hidden while results are shown. */
  element;

  /** `onBack` runs on ← and on Esc. */
  constructor(onBack) {
    this.#matchNav = el('span', { class: 'match-nav', hidden: true }, this.#previous, this.#position, this.#next);
    this.#nav.append(this.#back, this.#matchNav);
    this.element = el('article', { class: 'article', hidden: true }, this.#nav, this.#title, this.#body);
    this.#back.addEventListener('click', onBack);
    this.#previous.addEventListener('click', () => this.focusMatch(-1));
    this.#next.addEventListener('click', () => this.focusMatch(1));
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

  /** Words the view's controls in the page's language (see sousuo-words.js). */
  set words(words) {
    this.#words = words;
    this.#back.textContent = words.back;
    this.#previous.textContent = words.previousMatch;
    this.#next.textContent = words.nextMatch;
    this.#nav.setAttribute('aria-label', words.articleNav);
  }

  /** Shows `doc` (the engine's article) and returns how many matches it highlights. */
  render(doc) {
    this.#title.replaceChildren();
    appendSegments(this.#title, doc.titleSegments);
    this.#body.replaceChildren(...doc.paragraphs.map((p) => appendSegments(el('p'), p)));
    const marks = this.#body.querySelectorAll('mark').length;
    this.#matchNav.hidden = marks === 0;
    this.#position.textContent = marks ? this.#words.matchCount(marks) : '';
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
