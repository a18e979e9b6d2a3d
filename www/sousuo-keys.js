// Keyboard use of the widget that needs none of its state: the results' active option (the
// listbox pattern: the focus stays in the box, aria-activedescendant names the option), the
// page-wide `/` that focuses the box, and the pause in typing that starts a search.

/**
 * Calls `typed` once the reader pauses typing in `input`, and `changed` at once. What an IME is
 * composing (the letters of 张 while they are typed) is no query yet: the calls wait for the
 * text the IME commits, so no search runs on half-composed letters (nor loads the full engine
 * for them).
 */
export class TypingPause {
  #timer = 0;

  constructor(input, typed, delayMs, changed = () => {}) {
    const later = (event) => {
      if (event.isComposing) return;
      changed(input.value);
      this.cancel();
      this.#timer = setTimeout(typed, delayMs);
    };
    input.addEventListener('input', later);
    input.addEventListener('compositionend', later);
  }

  cancel() {
    clearTimeout(this.#timer);
  }
}

/** The active option of a listbox whose options are `list`'s children, announced on `input`. */
export class ActiveOption {
  #list;
  #input;
  index = -1;

  constructor(list, input) {
    this.#list = list;
    this.#input = input;
  }

  /** Makes option `index` the active one (-1: none), scrolled into view unless `scroll` is false. */
  set(index, scroll = true) {
    const options = this.#list.children;
    options[this.index]?.setAttribute('aria-selected', 'false');
    this.index = index;
    const option = options[index];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      this.#input.setAttribute('aria-activedescendant', option.id);
      if (scroll) option.scrollIntoView({ block: 'nearest' });
    } else {
      this.index = -1;
      this.#input.removeAttribute('aria-activedescendant');
    }
  }

  /** The next option down (or up) of `count`, wrapping around at either end. */
  step(down, count) {
    this.set(down ? (this.index + 1) % count : (this.index <= 0 ? count : this.index) - 1);
  }
}

/**
 * `/` anywhere on the page focuses `widget`'s box when it is the page's first widget, unless the
 * reader is typing elsewhere. Returns whether it did.
 */
export function slashFocuses(event, widget, input) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  if (document.querySelector('sousuo-search') !== widget) return false;
  const target = event.composedPath()[0];
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return false;
  event.preventDefault();
  input.focus();
  input.select();
  return true;
}
