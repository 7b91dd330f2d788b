// Turns section results into the printed table, bench/results.json and the generated part of docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * @typedef {import('./report-types.mjs').SectionResult} SectionResult
 * @typedef {{ startedAt: string, durationS: number, machine: Record<string, unknown>,
 *   sections: SectionResult[], failed: { id: string, error: string }[] }} RunReport
 */

/**
 * A value with its unit, as printed ("1.2 ms", "3.4 ×", "— " when missing).
 * @param {number | null} value
 * @param {string} unit
 * @returns {string}
 */
export function formatValue(value, unit) {
  if (value === null) return '—';
  return `${value} ${unit}`.trim();
}

/**
 * @param {import('./stats.mjs').Budget} b
 * @returns {string}
 */
function budgetLine(b) {
  return `${formatValue(b.value, b.unit)} (budget ${b.op ?? '≤'} ${b.limit}${b.unit ? ` ${b.unit}` : ''})`;
}

/**
 * The plain-text table printed at the end of a run.
 * @param {RunReport} report
 * @returns {string}
 */
export function renderTable(report) {
  const width = 52;
  /** @type {string[]} */
  const lines = [];
  for (const s of report.sections) {
    lines.push('', s.title, '─'.repeat(Math.max(width + 24, s.title.length)));
    for (const r of s.rows)
      lines.push(`  ${r.measure.padEnd(width)} ${r.text ?? formatValue(r.value, r.unit)}`);
    for (const b of s.budgets)
      lines.push(`  ${b.pass ? 'PASS' : 'MISS'} ${b.name.padEnd(width - 5)} ${budgetLine(b)}`);
  }
  for (const f of report.failed) lines.push('', `✗ ${f.id} did not run to the end: ${f.error}`);
  const budgets = report.sections.flatMap((s) => s.budgets);
  const passed = budgets.filter((b) => b.pass).length;
  lines.push('', `budgets: ${passed}/${budgets.length} within budget · ${report.durationS} s in all`);
  return lines.join('\n');
}

/**
 * The Markdown version of the same figures, for docs/benchmarks.md.
 * @param {RunReport} report
 * @returns {string}
 */
export function renderMarkdown(report) {
  const m = report.machine;
  /** @type {string[]} */
  const out = [
    `Last run: ${report.startedAt} · ${report.durationS} s · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB · Node ${m.node} · commit ${m.commit}`,
    '',
  ];
  for (const s of report.sections) {
    out.push(`### ${s.title}`, '', '| measure | value |', '| --- | --- |');
    for (const r of s.rows) out.push(`| ${r.measure} | ${r.text ?? formatValue(r.value, r.unit)} |`);
    for (const b of s.budgets) out.push(`| **${b.pass ? 'PASS' : 'MISS'}** ${b.name} | ${budgetLine(b)} |`);
    out.push('');
    for (const n of s.notes) out.push(`- ${n}`);
    if (s.notes.length) out.push('');
  }
  for (const f of report.failed) out.push(`- ✗ **${f.id}** did not run to the end: ${f.error}`, '');
  return out.join('\n').trimEnd();
}

export const START_MARK = '<!-- bench:results:start (written by npm run bench) -->';
export const END_MARK = '<!-- bench:results:end -->';

/**
 * Replaces the generated block between the two markers, leaving the hand-written text around it alone.
 * @param {string} doc
 * @param {string} generated
 * @returns {string}
 */
export function replaceGenerated(doc, generated) {
  const start = doc.indexOf(START_MARK);
  const end = doc.indexOf(END_MARK);
  if (start === -1 || end === -1 || end < start) {
    throw new Error('docs/benchmarks.md has lost its bench:results markers');
  }
  return `${doc.slice(0, start + START_MARK.length)}\n\n${generated}\n\n${doc.slice(end)}`;
}

/**
 * A partial run's sections merged into an earlier full report: each replaces the section of the same id (or is
 * added, in `order`), with a first note saying when and where it ran; the rest, and the header (the full run's
 * date and machine), stay as they were.
 * @param {RunReport} previous
 * @param {RunReport} partial
 * @param {readonly string[]} order  every section id, in the order the report shows them
 * @returns {RunReport}
 */
export function mergeReport(previous, partial, order) {
  const ids = new Set(partial.sections.map((s) => s.id));
  const m = partial.machine;
  const when = `Run on its own (npm run bench -- --only … --merge): ${partial.startedAt} · ${m.cpus} × ${m.cpuModel} · Node ${m.node} · commit ${m.commit}.`;
  const sections = [
    ...previous.sections.filter((s) => !ids.has(s.id)),
    ...partial.sections.map((s) => ({ ...s, notes: [when, ...s.notes] })),
  ].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const failedIds = new Set(partial.failed.map((f) => f.id));
  return {
    ...previous,
    sections,
    failed: [...previous.failed.filter((f) => !ids.has(f.id) && !failedIds.has(f.id)), ...partial.failed],
  };
}

/**
 * Writes results.json and refreshes the generated block of the docs page.
 * @param {RunReport} report
 * @param {{ resultsFile: string, docsFile: string }} files
 * @returns {void}
 */
export function writeReport(report, { resultsFile, docsFile }) {
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  const doc = readFileSync(docsFile, 'utf8');
  writeFileSync(docsFile, replaceGenerated(doc, renderMarkdown(report)));
}
