import type { WeeklyReport } from '@lp/contracts/reports';

/*
 * The report's two charts as inline SVG, drawn here rather than by recharts: the page must print
 * with no script (Chromium prints it headless, an email client may open it), and two static charts
 * are a few lines of SVG where server-rendering recharts would pull React into the API.
 */

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const signed = (n: number) => {
  const r = Math.round(n);
  return r === 0 ? '0' : `${r < 0 ? '\u2212' : '+'}${Math.abs(r)}`;
};
const f = (n: number) => n.toFixed(1);

const COLOURS = { positive: '#007f3b', neutral: '#aeb7bd', negative: '#d5281b', unscored: '#e8edee' } as const;

/** The staff index week by week with its 95% interval; this week in NHS blue, weeks with too few posts marked. */
export function staffIndexChart(points: WeeklyReport['charts']['staffIndexByWeek']): string {
  const width = 640;
  const height = 210;
  const left = 44;
  const right = 12;
  const top = 14;
  const bottom = 34;
  const known = points.filter((p) => p.value !== null);
  let lo = Math.min(0, ...known.map((p) => p.low ?? p.value!));
  let hi = Math.max(0, ...known.map((p) => p.high ?? p.value!));
  lo = Math.max(-100, Math.floor((lo - 5) / 10) * 10);
  hi = Math.min(100, Math.ceil((hi + 5) / 10) * 10);
  if (hi - lo < 20) hi = Math.min(100, lo + 20);
  const y = (v: number) => top + ((hi - v) / (hi - lo)) * (height - top - bottom);
  const step = (width - left - right) / Math.max(1, points.length);
  const x = (i: number) => left + step * (i + 0.5);
  const ticks: number[] = [];
  const tickStep = hi - lo > 100 ? 50 : hi - lo > 40 ? 20 : 10;
  for (let t = Math.ceil(lo / tickStep) * tickStep; t <= hi; t += tickStep) ticks.push(t);
  const parts: string[] = [];
  for (const t of ticks)
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${f(y(t))}" y2="${f(y(t))}" stroke="${t === 0 ? '#4c6272' : '#d8dde0'}" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${signed(t)}</text>`,
    );
  let line = '';
  points.forEach((p, i) => {
    const label = `W${Number(p.week.slice(6))}`;
    const last = i === points.length - 1;
    parts.push(`<text x="${f(x(i))}" y="${height - bottom + 16}" text-anchor="middle">${label}</text>`);
    if (p.value === null) {
      parts.push(`<text x="${f(x(i))}" y="${f(y(0) - 6)}" text-anchor="middle" class="muted">too few</text>`);
      line += ' ';
      return;
    }
    const colour = last ? '#005eb8' : '#768692';
    if (p.low !== null && p.high !== null)
      parts.push(
        `<line x1="${f(x(i))}" x2="${f(x(i))}" y1="${f(y(p.high))}" y2="${f(y(p.low))}" stroke="${colour}" stroke-width="2"/>`,
      );
    parts.push(`<circle cx="${f(x(i))}" cy="${f(y(p.value))}" r="${last ? 5 : 4}" fill="${colour}"/>`);
    if (last)
      parts.push(
        `<text x="${f(x(i) - 8)}" y="${f(y(p.value) - 8)}" text-anchor="end" class="strong">${signed(p.value)}</text>`,
      );
    line += `${line.endsWith(' ') || line === '' ? 'M' : 'L'}${f(x(i))},${f(y(p.value))}`;
  });
  const path = line.trim()
    ? `<path d="${line.trim()}" fill="none" stroke="#768692" stroke-width="1" stroke-dasharray="3 3"/>`
    : '';
  const described = points
    .map((p) => `${p.week}: ${p.value === null ? 'too few scored posts' : signed(p.value)}`)
    .join('; ');
  return `<figure class="chart" data-testid="report-chart-index">
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(`NHS staff sentiment index by week: ${described}`)}">
${path}${parts.join('')}
</svg>
<figcaption>NHS staff sentiment index (−100 to +100) this week and the 8 before it; bars show where the true value likely lies. Weeks with fewer than 30 scored staff posts have no index.</figcaption>
</figure>`;
}

/** Posts per day of the week, stacked by sentiment; days with a gap in collection say so. */
export function postsByDayChart(days: WeeklyReport['charts']['postsByDay']): string {
  const width = 640;
  const height = 210;
  const left = 12;
  const right = 12;
  const top = 18;
  const bottom = 44;
  const max = Math.max(1, ...days.map((d) => d.positive + d.neutral + d.negative + d.unscored));
  const step = (width - left - right) / Math.max(1, days.length);
  const barWidth = Math.min(48, step * 0.6);
  const scale = (n: number) => (n / max) * (height - top - bottom);
  const base = height - bottom;
  const parts: string[] = [
    `<line x1="${left}" x2="${width - right}" y1="${base}" y2="${base}" stroke="#4c6272" stroke-width="1"/>`,
  ];
  days.forEach((d, i) => {
    const cx = left + step * (i + 0.5);
    let yTop = base;
    for (const k of ['negative', 'neutral', 'positive', 'unscored'] as const) {
      const h = scale(d[k]);
      if (h <= 0) continue;
      yTop -= h;
      parts.push(
        `<rect x="${f(cx - barWidth / 2)}" y="${f(yTop)}" width="${f(barWidth)}" height="${f(h)}" fill="${COLOURS[k]}"/>`,
      );
    }
    parts.push(`<text x="${f(cx)}" y="${f(yTop - 4)}" text-anchor="middle">${esc(d.posts.text)}</text>`);
    const label = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(
      new Date(`${d.day}T00:00:00Z`),
    );
    parts.push(`<text x="${f(cx)}" y="${base + 15}" text-anchor="middle">${esc(label)}</text>`);
    if (!d.covered)
      parts.push(`<text x="${f(cx)}" y="${base + 30}" text-anchor="middle" class="warn">gap in data</text>`);
  });
  const described = days.map((d) => `${d.day}: ${d.posts.text}${d.covered ? '' : ' (gap in data)'}`).join('; ');
  return `<figure class="chart" data-testid="report-chart-days">
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(`Posts per day: ${described}`)}">
${parts.join('')}
</svg>
<figcaption><span class="key" style="background:${COLOURS.positive}"></span>positive <span class="key" style="background:${COLOURS.neutral}"></span>neutral <span class="key" style="background:${COLOURS.negative}"></span>negative <span class="key" style="background:${COLOURS.unscored}"></span>not scored. Posts per day (Europe/London); "gap in data" marks a day on which a source did not collect every hour.</figcaption>
</figure>`;
}
