import type { WeeklyReport } from '@lp/contracts/reports';
import { postsByDayChart, staffIndexChart } from './render-charts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const signed = (n: number | null) => {
  if (n === null) return '–';
  const r = Math.round(n);
  return r === 0 ? '0' : `${r < 0 ? '\u2212' : '+'}${Math.abs(r)}`;
};
const pct = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const day = (d: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(`${d.slice(0, 10)}T00:00:00Z`),
  );

function against(line: WeeklyReport['outtakes']['againstLastWeek']): string {
  if (!line.comparable) return `Not compared: ${esc(line.reason ?? '')}`;
  if (line.change === null) return 'Not compared (too few scored posts)';
  const dir = line.direction === 'up' ? 'Up' : line.direction === 'down' ? 'Down' : 'No clear change:';
  return `${dir} ${signed(line.change)} points (then ${signed(line.index)})`;
}

/**
 * The report as one self-contained A4 page of HTML: what the dashboard shows at /?view=report and
 * what a browser prints. No script; styles inline so that it also stands alone as a file.
 */
export function renderWeeklyReportHtml(r: WeeklyReport): string {
  const i = r.outtakes.staffIndex;
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${esc(r.title)}</title>
<style>
@page { size: A4; margin: 16mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #212b32; line-height: 1.4; max-width: 180mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 18px 0 6px; border-bottom: 2px solid #005eb8; }
.meta { color: #4c6272; font-size: 13px; } .summary { font-size: 15px; background: #f0f4f5; padding: 10px 12px; }
.figure { font-size: 28px; font-weight: bold; } table { border-collapse: collapse; width: 100%; font-size: 13px; }
td, th { border-bottom: 1px solid #d8dde0; padding: 4px 6px; text-align: left; vertical-align: top; }
.post { font-size: 13px; margin: 6px 0; padding-left: 8px; border-left: 3px solid #d5281b; }
.chart { margin: 8px 0 12px; break-inside: avoid; } .chart svg { font-size: 11px; fill: #212b32; display: block; }
.chart .muted { fill: #768692; } .chart .warn { fill: #d5281b; font-weight: bold; } .chart .strong { font-weight: bold; font-size: 13px; }
figcaption { font-size: 12px; color: #4c6272; } .key { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 8px; }
h2 { break-after: avoid; } table, .post { break-inside: avoid; }
</style>
</head>
<body>
<main data-testid="weekly-report">
<h1>${esc(r.title)}</h1>
<p class="meta">${esc(day(r.period.from))} to ${esc(day(new Date(Date.parse(`${r.period.to}T00:00:00Z`) - 86_400_000).toISOString()))} ${esc(r.period.from.slice(0, 4))} · generated ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC · counts of 1 to 9 are shown as &lt;10</p>
<p class="summary" data-testid="report-summary">${esc(r.summary)}</p>

<h2>Outputs: what was collected</h2>
<p>Posts: <strong data-testid="report-volume">${esc(r.outputs.posts.text)}</strong> (NHS staff ${esc(r.outputs.staffPosts.text)}; the week before ${esc(r.outputs.previousWeekPosts.text)}).</p>
<p data-testid="report-coverage-note">${esc(r.outputs.coverageNote)}</p>
<table><thead><tr><th>Source</th><th>Whole days</th><th>Hours without data</th><th>State</th></tr></thead>
<tbody>${rows(r.outputs.coverage.map((c) => [esc(c.name), `${c.daysCovered} of ${c.days}`, String(c.hoursMissing), esc(c.state)]))}</tbody></table>
${postsByDayChart(r.charts.postsByDay)}

<h2>Outtakes: how NHS staff feel</h2>
<p class="figure" data-testid="report-index">${i.value === null ? esc(i.note ?? 'No index') : `${signed(i.value)} <span class="meta">(likely between ${signed(i.low)} and ${signed(i.high)}; from ${esc(i.scored.text)} scored posts)</span>`}</p>
<p>Against the week before: ${against(r.outtakes.againstLastWeek)}.<br>Against the 8-week average: ${against(r.outtakes.againstEightWeeks)}.</p>
${staffIndexChart(r.charts.staffIndexByWeek)}
${
  r.outtakes.topicsOfInterest.length
    ? `<table data-testid="report-followed-topics"><thead><tr><th>Topics the board follows</th><th>Posts</th><th>By staff</th><th>Staff index</th><th>Negative share</th><th>Change</th></tr></thead><tbody>${rows(
        r.outtakes.topicsOfInterest.map((t) => [
          esc(t.name),
          esc(t.posts.text),
          esc(t.staffPosts.text),
          t.staffIndex === null ? 'too few' : signed(t.staffIndex),
          pct(t.negativeShare),
          t.negativeShareChange === null ? '–' : `${signed(t.negativeShareChange)} points`,
        ]),
      )}</tbody></table>`
    : ''
}
<table><thead><tr><th>Most discussed topics</th><th>Posts</th></tr></thead>
<tbody>${rows(r.outtakes.topicsByVolume.map((t) => [esc(t.name), esc(t.posts.text)]))}</tbody></table>
${
  r.outtakes.topicsByNegativeChange.length
    ? `<table><thead><tr><th>Negative share moved most</th><th>Now</th><th>Change</th></tr></thead><tbody>${rows(
        r.outtakes.topicsByNegativeChange.map((t) => [esc(t.name), pct(t.negativeShare), `${signed(t.change)} points`]),
      )}</tbody></table>`
    : ''
}
<h2>Notable posts by NHS staff</h2>
${
  r.outtakes.notablePosts
    .map(
      (p) =>
        `<p class="post">${esc(p.text)}<br><span class="meta">${esc(day(p.publishedAt))} · ${esc(p.platform)} · ${esc(p.topics.join(', ') || 'no topic')}${p.similar ? ` · and ${p.similar} near-identical` : ''}</span></p>`,
    )
    .join('') || '<p>No negative posts by NHS staff this week.</p>'
}
<h2>Outcomes: the week's events</h2>
${r.outcomes.events.length ? `<ul>${r.outcomes.events.map((e) => `<li>${esc(day(e.day))}: ${esc(e.title)} (${esc(e.kind)})</li>`).join('')}</ul>` : '<p>No events recorded this week.</p>'}
<h2>Alerts this week</h2>
${
  r.outcomes.alerts.length
    ? `<ul>${r.outcomes.alerts.map((a) => `<li>${esc(a.name)}: ${esc(a.line)}${a.acknowledged ? '' : ' (not acknowledged)'}</li>`).join('')}</ul>${r.outcomes.moreAlerts ? `<p>and ${r.outcomes.moreAlerts} more (see the Alerts page).</p>` : ''}`
    : '<p>No alerts fired this week.</p>'
}
<p class="meta">${esc(r.outcomes.note)}</p>
</main>
</body>
</html>
`;
}
