/**
 * A load report as one self-contained HTML page: inline CSS and SVG, no script, no fonts or images from
 * elsewhere, so it opens from disk and can be attached to a ticket. The funnel is drawn as one bar per state,
 * split by where the calls went.
 *
 * @module
 */
import { CALL_ENDED_EXIT, type FunnelRow, LOAD_OUTCOMES, type LoadOutcome } from './call-tracker.js';
import type { LoadReport, Percentiles } from './load-report.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const OUTCOME_COLOURS: Record<LoadOutcome, string> = {
  completed: '#2f855a',
  transfer: '#2b6cb0',
  abandoned: '#c53030',
  unfinished: '#718096',
};
const EXIT_COLOURS = [
  '#3182ce',
  '#805ad5',
  '#d69e2e',
  '#319795',
  '#dd6b20',
  '#b83280',
  '#5a67d8',
  '#718096',
  '#975a16',
  '#2c7a7b',
  '#6b46c1',
  '#c05621',
];
const ENDED_COLOUR = '#2f855a';
const ABANDONED_COLOUR = '#c53030';

const LABEL_WIDTH = 170;
const BAR_WIDTH = 560;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 18;

interface Segment {
  key: string;
  label: string;
  count: number;
  colour: string;
}

function segmentsOf(row: FunnelRow, colourOf: (exit: string) => string): Segment[] {
  const exits = Object.entries(row.exits).sort((a, b) => b[1] - a[1]);
  const segments: Segment[] = exits.map(([to, count]) => ({
    key: to,
    label: to === CALL_ENDED_EXIT ? 'call ended' : `→ ${to}`,
    count,
    colour: to === CALL_ENDED_EXIT ? ENDED_COLOUR : colourOf(to),
  }));
  if (row.abandoned > 0)
    segments.push({ key: '(abandoned)', label: 'abandoned', count: row.abandoned, colour: ABANDONED_COLOUR });
  return segments;
}

/** The funnel chart: one row per state, the bar's length the calls that entered, split by how they left. */
function funnelSvg(funnel: readonly FunnelRow[]): string {
  const most = Math.max(1, ...funnel.map((row) => Math.max(row.entered, sum(row))));
  const colours = new Map<string, string>();
  const colourOf = (exit: string) => {
    if (!colours.has(exit)) colours.set(exit, EXIT_COLOURS[colours.size % EXIT_COLOURS.length] as string);
    return colours.get(exit) as string;
  };
  const height = funnel.length * ROW_HEIGHT + 10;
  const width = LABEL_WIDTH + BAR_WIDTH + 260;
  const rows = funnel.map((row, index) => {
    const y = index * ROW_HEIGHT + 5;
    let x = LABEL_WIDTH;
    const rects = segmentsOf(row, colourOf).map((segment) => {
      const w = (segment.count / most) * BAR_WIDTH;
      const rect =
        `<rect class="segment" data-exit="${escapeHtml(segment.key)}" data-count="${segment.count}" x="${x.toFixed(1)}" ` +
        `y="${y}" width="${Math.max(w, 0.5).toFixed(1)}" height="${BAR_HEIGHT}" fill="${segment.colour}">` +
        `<title>${escapeHtml(`${row.state} ${segment.label}: ${segment.count}`)}</title></rect>`;
      const name = segment.key === CALL_ENDED_EXIT ? 'ended' : segment.key.replace(/^\(|\)$/g, '');
      const label = `${name} ${segment.count}`;
      const text =
        w >= label.length * 6.6 + 8
          ? `<text class="segment-label" x="${(x + 4).toFixed(1)}" y="${y + 13}">${escapeHtml(label)}</text>`
          : '';
      x += w;
      return rect + text;
    });
    const enteredWidth = (row.entered / most) * BAR_WIDTH;
    const notes = [`${row.entered} in`];
    if (row.retries > 0) notes.push(`${row.retries} re-prompts`);
    if (row.timedOut > 0) notes.push(`${row.timedOut} timed out`);
    if (row.abandoned > 0) notes.push(`${row.abandoned} abandoned`);
    return [
      `<g class="funnel-row" data-state="${escapeHtml(row.state)}" data-entered="${row.entered}">`,
      `<text class="state" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeHtml(row.state)}</text>`,
      `<rect class="entered" x="${LABEL_WIDTH}" y="${y - 2}" width="${Math.max(enteredWidth, 0.5).toFixed(1)}" height="${BAR_HEIGHT + 4}"/>`,
      ...rects,
      `<text class="note" x="${(LABEL_WIDTH + Math.max(enteredWidth, x - LABEL_WIDTH) + 8).toFixed(1)}" y="${y + 13}">${escapeHtml(notes.join(' · '))}</text>`,
      '</g>',
    ].join('');
  });
  const legend = [...colours.entries()]
    .map(
      ([exit, colour]) =>
        `<span class="key"><i style="background:${colour}"></i>→ ${escapeHtml(exit)}</span>`,
    )
    .concat(
      `<span class="key"><i style="background:${ENDED_COLOUR}"></i>call ended</span>`,
      `<span class="key"><i style="background:${ABANDONED_COLOUR}"></i>abandoned</span>`,
    )
    .join('');
  return [
    `<svg id="funnel" role="img" aria-label="Per-state funnel" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    ...rows,
    '</svg>',
    `<p class="legend">${legend}</p>`,
  ].join('\n');
}

function sum(row: FunnelRow): number {
  return Object.values(row.exits).reduce((a, b) => a + b, 0) + row.abandoned;
}

function outcomesSvg(report: LoadReport): string {
  const total = Math.max(1, report.callers);
  let x = 0;
  const rects = LOAD_OUTCOMES.filter((o) => report.outcomes[o] > 0).map((outcome) => {
    const w = (report.outcomes[outcome] / total) * 100;
    const rect = `<rect class="outcome" data-outcome="${outcome}" data-count="${report.outcomes[outcome]}" x="${x.toFixed(2)}%" y="0" width="${w.toFixed(2)}%" height="24" fill="${OUTCOME_COLOURS[outcome]}"><title>${outcome}: ${report.outcomes[outcome]}</title></rect>`;
    x += w;
    return rect;
  });
  return `<svg id="outcomes" role="img" aria-label="Outcomes" width="100%" height="24" xmlns="http://www.w3.org/2000/svg">${rects.join('')}</svg>`;
}

const pct = (n: number, of: number) => (of === 0 ? '0.0%' : `${((100 * n) / of).toFixed(1)}%`);
const secs = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
const millis = (ms: number) => `${ms.toFixed(2)} ms`;

function percentileRow(name: string, p: Percentiles, unit: (ms: number) => string): string {
  return `<tr><th>${name}</th><td>${unit(p.p50)}</td><td>${unit(p.p90)}</td><td>${unit(p.p99)}</td><td>${unit(p.max)}</td><td>${p.count}</td></tr>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a202c; margin: 2rem auto; max-width: 1040px; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #4a5568; margin-top: 0; }
.verdict { display: inline-block; padding: .15rem .6rem; border-radius: 4px; color: #fff; font-weight: 600; }
.verdict.ok { background: #2f855a; } .verdict.failed { background: #c53030; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .8rem; text-align: right; border-bottom: 1px solid #e2e8f0; }
th:first-child, td:first-child { text-align: left; } thead th { color: #4a5568; font-weight: 600; }
#funnel text { font-size: 12px; fill: #2d3748; } #funnel text.state { font-weight: 600; }
#funnel text.segment-label { font-size: 11px; fill: #fff; pointer-events: none; }
#funnel rect.entered { fill: none; stroke: #a0aec0; stroke-dasharray: 3 2; }
#outcomes { border-radius: 4px; max-width: 760px; display: block; }
.legend { margin: .3rem 0; } .key { margin-right: 1rem; white-space: nowrap; }
.key i { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
li.ok::marker { content: "✓ "; color: #2f855a; } li.failed::marker { content: "✗ "; color: #c53030; }
code { background: #edf2f7; padding: 0 .25rem; border-radius: 3px; }
`;

/**
 * The report as a self-contained HTML page.
 *
 * @example
 * writeFileSync('load-report.html', loadReportHtml(await runLoad(bankFlow, { callers: 1_000 })));
 */
export function loadReportHtml(report: LoadReport): string {
  const title = `${report.flow.id} v${report.flow.version} — ${report.callers} callers`;
  const clock = report.clock.kind === 'virtual' ? 'virtual time' : `real time ×${report.clock.speed ?? 1}`;
  const mix = Object.entries(report.mix)
    .map(([name, n]) => `${escapeHtml(name)} ${n}`)
    .join(', ');
  const outcomeRows = LOAD_OUTCOMES.map(
    (o) =>
      `<tr data-outcome="${o}"><td><span class="key"><i style="background:${OUTCOME_COLOURS[o]}"></i>${o}</span></td><td>${report.outcomes[o]}</td><td>${pct(report.outcomes[o], report.callers)}</td></tr>`,
  ).join('');
  const personaRows = Object.entries(report.byPersona)
    .map(
      ([persona, outcomes]) =>
        `<tr><td>${escapeHtml(persona)}</td>${LOAD_OUTCOMES.map((o) => `<td>${outcomes[o]}</td>`).join('')}</tr>`,
    )
    .join('');
  const expectations =
    report.expectations.length === 0
      ? "<p>No expectations were set (<code>--expect 'transfer&lt;=30%'</code>).</p>"
      : `<ul id="expectations">${report.expectations
          .map(
            (e) =>
              `<li class="${e.ok ? 'ok' : 'failed'}"><code>${escapeHtml(e.text)}</code>: ${escapeHtml(e.actual)}${e.ok ? '' : ' — not met'}</li>`,
          )
          .join('')}</ul>`;
  const problems = [
    ...report.errors.first.map((e) => `error: ${e}`),
    ...report.warnings.first.slice(0, 5).map((w) => `warning: ${w}`),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)} <span class="verdict ${report.ok ? 'ok' : 'failed'}">${report.ok ? 'expectations met' : 'expectations not met'}</span></h1>
<p class="meta">Mix: ${mix} · ${report.ratePerMinute} arrivals/min · seed ${report.seed} · ${secs(report.simulatedMs)} of calls in ${secs(report.elapsedMs)} (${clock}) · generated by <code>ivrkit load</code></p>
<h2>Outcomes</h2>
${outcomesSvg(report)}
<table id="outcome-table"><thead><tr><th>outcome</th><th>calls</th><th>share</th></tr></thead><tbody>${outcomeRows}</tbody></table>
<h2>Expectations</h2>
${expectations}
<h2>Funnel</h2>
<p class="meta">One bar per state: its length is the calls that entered (dashed outline), split by where they went next.</p>
${funnelSvg(report.funnel)}
<h2>Times</h2>
<table id="times"><thead><tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>count</th></tr></thead><tbody>
${percentileRow('time in the IVR', report.timeInIvr, secs)}
${percentileRow('event → action (adapter)', report.latency, millis)}
</tbody></table>
<h2>By persona</h2>
<table id="personas"><thead><tr><th>persona</th>${LOAD_OUTCOMES.map((o) => `<th>${o}</th>`).join('')}</tr></thead><tbody>${personaRows}</tbody></table>
<h2>Adapter log and protocol</h2>
<p>${report.errors.count} errors, ${report.warnings.count} warnings, ${report.violations} protocol violations.</p>
${problems.length > 0 ? `<ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}
</body>
</html>
`;
}
