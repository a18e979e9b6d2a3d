// Building the widget's DOM: corpus text only ever becomes text nodes (textContent), never markup.

export function el(tag, attributes = {}, ...children) {
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
export function appendSegments(parent, segments) {
  for (const segment of segments) {
    parent.append(segment.highlight ? el('mark', { text: segment.text }) : document.createTextNode(segment.text));
  }
  return parent;
}
