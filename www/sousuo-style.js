// The <sousuo-search> element's styles, adopted into its shadow root as a constructed stylesheet
// (so a page's CSP needs no inline-style permission).
//
// Inherited properties are pinned with !important on :host: a host's `* { color: red !important }`
// reaches the element itself, and inside a shadow tree !important beats the page's !important.
// Colours and fonts come from --sousuo-* custom properties, which a host may set.
export const STYLE = `
:host {
  display: block !important;
  --ink: var(--sousuo-ink, #1d1d1f);
  --muted: var(--sousuo-muted, #5f6368);
  --paper: var(--sousuo-paper, #ffffff);
  --line: var(--sousuo-line, #c4c7cc);
  --accent: var(--sousuo-accent, #0b57d0);
  --mark: var(--sousuo-mark, #ffe58a);
  --mark-current: var(--sousuo-mark-current, #ffb300);
  --active: var(--sousuo-active, #e8f0fe);
  color: var(--ink) !important;
  background: var(--paper) !important;
  font-family: var(--sousuo-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif) !important;
  font-size: var(--sousuo-font-size, 16px) !important;
  font-weight: normal !important; font-style: normal !important;
  line-height: 1.8 !important; letter-spacing: normal !important; word-spacing: normal !important;
  text-align: start !important; text-indent: 0 !important; text-transform: none !important;
  text-shadow: none !important; white-space: normal !important; visibility: visible !important;
  direction: ltr !important; writing-mode: horizontal-tb !important; cursor: auto !important;
  color-scheme: light;
  box-sizing: border-box !important; max-width: 100%;
  border-radius: var(--sousuo-radius, 8px);
}
:host([hidden]) { display: none !important; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --ink: var(--sousuo-ink, #e8eaed); --muted: var(--sousuo-muted, #a8adb4);
    --paper: var(--sousuo-paper, #17181a); --line: var(--sousuo-line, #5f6368);
    --accent: var(--sousuo-accent, #8ab4f8); --mark: var(--sousuo-mark, #6b5900);
    --mark-current: var(--sousuo-mark-current, #8c5a00); --active: var(--sousuo-active, #263042);
    color-scheme: dark;
  }
}
:host([theme="dark"]) {
  --ink: var(--sousuo-ink, #e8eaed); --muted: var(--sousuo-muted, #a8adb4);
  --paper: var(--sousuo-paper, #17181a); --line: var(--sousuo-line, #5f6368);
  --accent: var(--sousuo-accent, #8ab4f8); --mark: var(--sousuo-mark, #6b5900);
  --mark-current: var(--sousuo-mark-current, #8c5a00); --active: var(--sousuo-active, #263042);
  color-scheme: dark;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.widget { padding: 0.25em 0; overflow-wrap: anywhere; }
.box { position: relative; }
input {
  width: 100%; font: inherit; font-size: 1.1em; line-height: 1.5; padding: 0.55em 2.4em 0.55em 0.8em;
  border: 1px solid var(--line); border-radius: var(--sousuo-radius, 8px); margin: 0;
  background: var(--paper); color: var(--ink); appearance: none;
}
input::placeholder { color: var(--muted); opacity: 1; }
input::-webkit-search-cancel-button { display: none; }
.key-hint {
  position: absolute; right: 0.7em; top: 50%; transform: translateY(-50%); pointer-events: none;
  border: 1px solid var(--line); border-radius: 4px; padding: 0 0.4em; font: 0.8em ui-monospace, monospace;
  color: var(--muted); line-height: 1.5;
}
input:focus + .key-hint { display: none; }
input:focus-visible, button:focus-visible, [role="option"]:focus-visible, h2:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
button {
  font: inherit; color: var(--accent); background: transparent; border: 1px solid var(--line);
  border-radius: 1em; padding: 0.1em 0.8em; cursor: pointer; line-height: 1.6; margin: 0;
}
button:hover { border-color: var(--accent); }
.status { color: var(--muted); font-size: 0.9em; min-height: 1.8em; margin: 0.4em 0; }
.progress { color: var(--muted); font-size: 0.85em; margin: 0 0 0.4em; }
.hints { font-size: 0.9em; margin: 0 0 0.4em; display: flex; flex-wrap: wrap; gap: 0.3em 1em; align-items: center; }
.hints button { margin-left: 0.4em; }
.examples p { margin: 0.3em 0; color: var(--muted); font-size: 0.9em; }
ul { list-style: none; padding: 0; margin: 0; }
.examples ul { display: flex; flex-wrap: wrap; gap: 0.5em; }
[role="listbox"] { max-height: var(--sousuo-results-height, none); overflow-y: auto; }
[role="option"] {
  display: block; color: inherit; text-decoration: none; padding: 0.7em 0.6em; cursor: pointer; border-radius: 4px;
}
.hit:not(:first-child) { border-top: 1px solid var(--line); }
.hit:hover .hit-title, .hit-section:hover { text-decoration: underline; }
[role="option"][aria-selected="true"] {
  background: var(--active); outline: 2px solid var(--accent); outline-offset: -2px;
}
.hit-title { font-size: 1.1em; color: var(--accent); display: block; }
.more { margin: 0.8em 0; }
.snippet { margin: 0.2em 0 0; }
.missing { margin: 0.2em 0 0; color: var(--muted); font-size: 0.85em; }
.partial-tag {
  font-size: 0.75em; border: 1px solid var(--muted); color: var(--muted); border-radius: 3px;
  padding: 0 0.3em; margin-right: 0.4em; vertical-align: 0.1em;
}
.hit-id { margin: 0; color: var(--muted); font-size: 0.8em; font-family: ui-monospace, monospace; }
.external-host { color: var(--muted); font-size: 0.8em; font-weight: normal; }
mark { background: var(--mark); color: inherit; border-radius: 2px; padding: 0 1px; }
mark.current { background: var(--mark-current); outline: 2px solid var(--ink); }
.hit-section { color: var(--accent); font-size: 0.9em; padding: 0.25em 0.6em 0.25em 1.6em; }
.hit-section + .hit { margin-top: 0.45em; }
.filters { display: grid; gap: 0.3em; margin: 0 0 0.5em; font-size: 0.9em; }
.filter-row { display: flex; flex-wrap: wrap; gap: 0.3em; align-items: center; }
.filter-key { color: var(--muted); min-width: 3em; }
.filter-value { color: var(--ink); padding: 0 0.6em; }
.filter-value[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: var(--paper); }
.filter-count { color: inherit; opacity: 0.7; margin-left: 0.35em; font-size: 0.85em; }
.filter-order { font: inherit; color: var(--ink); background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: 0.1em 0.3em; }
.article-nav {
  display: flex; justify-content: space-between; align-items: center; gap: 0.5em 1em; flex-wrap: wrap;
  position: sticky; top: 0; background: var(--paper); padding: 0.3em 0; z-index: 1;
}
.match-nav { display: flex; align-items: center; gap: 0.5em; flex-wrap: wrap; }
.match-position { color: var(--muted); font-size: 0.9em; }
h2 { font-size: 1.4em; line-height: 1.5; margin: 0.6em 0; }
.article-body p { text-indent: 2em; margin: 0 0 1em; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
`;

let sheet;
/** The styles as one constructed sheet, shared by every widget on the page. */
export function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}
