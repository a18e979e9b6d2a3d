Object.assign(window.search, {"doc_urls":["intro.html#前言"]});
