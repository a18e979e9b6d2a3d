// Draws the benchmark's chart as SVG and has Chromium render it to PNG: six panels (bytes before
// the first result, time to first result, cold and warm query median, build time and memory), one
// line per engine over the corpora, log scales because the corpora span four orders of magnitude.
const COLORS = { sousuo: '#c62828', pagefind: '#1565c0', minisearch: '#2e7d32', flexsearch: '#ef6c00' };
const PANELS = [
  { title: 'loaded before first result, gzip -9 (KB)', value: (r) => r.gzip / 1024 },
  { title: 'time to first result (ms)', value: (r) => r.firstResultMs },
  { title: 'cold query median (ms)', value: (r) => r.cold?.medianMs },
  { title: 'warm query median (µs)', value: (r) => r.queryMedianUs },
  { title: 'index build (s)', value: (r) => r.build.seconds },
  { title: 'index build peak memory (MiB)', value: (r) => r.build.peakMiB },
];
const W = 420;
const H = 280;
const ROWS = 3;
// The right pad leaves room for half of the last corpus label, centred on the last point.
const PAD = { left: 60, right: 44, top: 34, bottom: 44 };

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

// Short corpus labels, so that six fit under a panel: poetry-50000 → 50k poems.
function label(corpus) {
  const [kind, count] = corpus.split('-');
  if (!count) return corpus;
  const n = count === 'all' ? 'all' : Number(count) >= 1000 ? `${Number(count) / 1000}k` : count;
  return `${n} ${kind === 'poetry' ? 'poems' : 'articles'}`;
}

function panel(all, { title, value }, x0, y0) {
  const engines = [...new Set(all.flatMap((c) => c.rows.map((r) => r.engine)))];
  const points = all.flatMap((c, i) => c.rows.filter((r) => !r.error && !r.skipped && value(r) !== undefined).map((r) => ({ i, engine: r.engine, v: Math.max(value(r), 1e-3) })));
  const logs = points.length ? points.map((p) => Math.log10(p.v)) : [0];
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.max(Math.ceil(Math.max(...logs)), lo + 1);
  const px = (i) => x0 + PAD.left + (all.length === 1 ? 0.5 : i / (all.length - 1)) * (W - PAD.left - PAD.right);
  const py = (v) => y0 + H - PAD.bottom - ((Math.log10(v) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const parts = [`<text x="${x0 + W / 2}" y="${y0 + 20}" text-anchor="middle" font-weight="bold">${escape(title)}</text>`];
  for (let e = lo; e <= hi; e++) {
    const y = py(10 ** e);
    parts.push(`<line x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${x0 + PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${10 ** e >= 1 ? (10 ** e).toLocaleString('en') : 10 ** e}</text>`);
  }
  all.forEach((c, i) => parts.push(`<text x="${px(i)}" y="${y0 + H - PAD.bottom + 18}" text-anchor="middle" font-size="10">${escape(label(c.corpus))}</text>`));
  for (const engine of engines) {
    const mine = points.filter((p) => p.engine === engine);
    if (mine.length > 1) parts.push(`<polyline fill="none" stroke="${COLORS[engine]}" stroke-width="2" points="${mine.map((p) => `${px(p.i)},${py(p.v)}`).join(' ')}"/>`);
    for (const p of mine) parts.push(`<circle cx="${px(p.i)}" cy="${py(p.v)}" r="3.5" fill="${COLORS[engine]}"/>`);
  }
  return parts.join('');
}

export async function drawChart(browser, all, path) {
  const engines = Object.keys(COLORS);
  const legend = engines.map((engine, n) => `<rect x="${20 + n * 130}" y="${ROWS * H + 14}" width="14" height="14" fill="${COLORS[engine]}"/><text x="${40 + n * 130}" y="${ROWS * H + 26}">${engine}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${ROWS * H + 40}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
${PANELS.map((p, n) => panel(all, p, (n % 2) * W, Math.floor(n / 2) * H)).join('')}
${legend}</svg>`;
  const page = await browser.newPage({ viewport: { width: 2 * W, height: ROWS * H + 40 } });
  await page.setContent(`<body style="margin:0">${svg}</body>`);
  await page.screenshot({ path });
  await page.close();
}
