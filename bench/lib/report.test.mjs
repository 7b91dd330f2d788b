import { describe, expect, it } from 'vitest';
import {
  END_MARK,
  formatValue,
  mergeReport,
  renderMarkdown,
  renderTable,
  replaceGenerated,
  START_MARK,
} from './report.mjs';
import { atMost } from './stats.mjs';

/** @type {import('./report.mjs').RunReport} */
const report = {
  startedAt: '2026-11-26T21:00:00.000Z',
  durationS: 312,
  machine: { cpus: 2, cpuModel: 'x', memoryGiB: 24, node: 'v20.20.2', commit: 'abc1234' },
  sections: [
    {
      id: 'fail-fast',
      title: '2. Fail fast',
      rows: [
        { measure: 'breaker open: p99', value: 1.4, unit: 'ms' },
        { measure: 'missing', value: null, unit: 'ms' },
      ],
      budgets: [atMost('open-breaker p99', 1.4, 2, 'ms'), atMost('other', 3, 2, '×')],
      details: {},
      notes: ['a note'],
    },
  ],
  failed: [{ id: 'delivery', error: 'boom' }],
};

describe('report', () => {
  it('formats values with units and a dash when missing', () => {
    expect(formatValue(1.5, 'ms')).toBe('1.5 ms');
    expect(formatValue(null, 'ms')).toBe('—');
  });

  it('prints every row, PASS/MISS per budget, failures and the budget count', () => {
    const text = renderTable(report);
    expect(text).toContain('2. Fail fast');
    expect(text).toMatch(/breaker open: p99\s+1\.4 ms/);
    expect(text).toMatch(/PASS open-breaker p99\s+1\.4 ms \(budget ≤ 2 ms\)/);
    expect(text).toMatch(/MISS other\s+3 × \(budget ≤ 2 ×\)/);
    const floor = {
      name: 'score',
      value: 90,
      limit: 95,
      unit: '',
      op: /** @type {const} */ ('≥'),
      pass: false,
    };
    const withFloor = {
      ...report,
      sections: report.sections.slice(0, 1).map((sec) => ({ ...sec, budgets: [floor] })),
    };
    expect(renderTable(withFloor)).toMatch(/MISS score\s+90 \(budget ≥ 95\)/);
    expect(text).toContain('✗ delivery did not run to the end: boom');
    expect(text).toContain('budgets: 1/2 within budget · 312 s in all');
  });

  it('renders the same figures as Markdown', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| breaker open: p99 | 1.4 ms |');
    expect(md).toContain('| **MISS** other | 3 × (budget ≤ 2 ×) |');
    expect(md).toContain('- a note');
    expect(md).toContain('commit abc1234');
  });

  it('replaces only the generated block of the docs page', () => {
    const doc = `# Title\nintro\n${START_MARK}\nold figures\n${END_MARK}\nlearnings\n`;
    const next = replaceGenerated(doc, 'new figures');
    expect(next).toBe(`# Title\nintro\n${START_MARK}\n\nnew figures\n\n${END_MARK}\nlearnings\n`);
    expect(replaceGenerated(next, 'newer')).toContain(`${START_MARK}\n\nnewer\n\n${END_MARK}`);
    expect(() => replaceGenerated('# no markers', 'x')).toThrow(/markers/);
  });

  it('merges a partial run into the full report: same id replaced, new id added in order, header kept', () => {
    /** @param {string} id @param {string} title */
    const section = (id, title) => ({ id, title, rows: [], budgets: [], details: {}, notes: ['n'] });
    const partial = {
      ...report,
      startedAt: '2026-12-01T00:00:00.000Z',
      machine: { ...report.machine, commit: 'def5678' },
      sections: [section('breaker-kinds', '9. new'), section('fail-fast', '2. again')],
      failed: [],
    };
    const merged = mergeReport(report, partial, ['fail-fast', 'delivery', 'breaker-kinds']);
    expect(merged.startedAt).toBe(report.startedAt);
    expect(merged.sections.map((s) => s.title)).toEqual(['2. again', '9. new']);
    expect(merged.sections[1]?.notes[0]).toMatch(
      /^Run on its own .*2026-12-01T00:00:00.000Z.*commit def5678\.$/,
    );
    expect(merged.sections[1]?.notes[1]).toBe('n');
    expect(merged.failed).toEqual([{ id: 'delivery', error: 'boom' }]);
  });
});
