// The metric names a PromQL expression reads, for checking dashboards against what /metrics exports. A small
// lexer, not a parser: enough for the queries a dashboard holds (functions, aggregations with by/without,
// binary operators with on/ignoring/group_*, label matchers, ranges and Grafana's $variables).

/** Words that are PromQL syntax, never metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/** Every metric name an expression selects, in order of first appearance. */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    // String literals first: a matcher value may hold braces, commas or words.
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    // Label lists of grouping and matching modifiers: `by (upstream, le)` names labels, not metrics.
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names: string[] = [];
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(?))/g)) {
    const [word, paren] = [match[0], match[1]];
    const before = stripped[(match.index ?? 0) - 1];
    // Part of a number (1e-9, 0x1F) or a duration (5m), not a word of its own.
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    if (paren === '(' || KEYWORDS.has(word.toLowerCase())) continue;
    if (!names.includes(word)) names.push(word);
  }
  return names;
}

/** Histogram series suffixes that resolve to the histogram's own name. */
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

/**
 * The names of `used` that `declared` (name → type, from `# TYPE` lines) does not export. A `_bucket`, `_sum`
 * or `_count` series counts as its histogram's (or summary's) name.
 */
export function missingMetrics(used: readonly string[], declared: ReadonlyMap<string, string>): string[] {
  return used.filter((name) => {
    if (declared.has(name)) return false;
    const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
    if (!suffix) return true;
    const type = declared.get(name.slice(0, -suffix.length));
    return !(type === 'histogram' || (type === 'summary' && suffix !== '_bucket'));
  });
}
