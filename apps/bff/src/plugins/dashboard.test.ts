// The Grafana dashboard (observability/grafana/storefront-bff.json) may only query metrics a real BFF exports:
// a renamed metric or a typo in a panel would otherwise show "No data" only once someone looks.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfflineBff } from '../test-support/offline-bff.js';
import { declaredMetrics } from '../test-support/prom-text.js';
import { metricNamesOf, missingMetrics } from '../test-support/promql-names.js';

const DASHBOARD_URL = new URL('../../../../observability/grafana/storefront-bff.json', import.meta.url);

interface Target {
  expr?: string;
}
interface Panel {
  title?: string;
  type?: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: unknown }> };
}

function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_URL, 'utf8')) as Dashboard;
}

/** Every panel, those inside collapsed rows included. */
function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

/** Each query of the dashboard (panels' targets and query variables), with where it comes from. */
function queriesOf(dashboard: Dashboard): Array<{ where: string; expr: string }> {
  const queries = allPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr ?? '' })),
  );
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = variable.query;
    const text = typeof query === 'string' ? query : (query as { query?: string } | undefined)?.query;
    // label_values(metric{...}, label): the metric is its first argument.
    const selector = /^label_values\((.*),\s*\w+\)$/.exec(text ?? '')?.[1] ?? text ?? '';
    queries.push({ where: `variable $${variable.name}`, expr: selector });
  }
  return queries;
}

/** Queries naming a metric that is not exported, as readable lines. */
function problems(dashboard: Dashboard, declared: ReadonlyMap<string, string>): string[] {
  return queriesOf(dashboard).flatMap(({ where, expr }) => {
    const names = metricNamesOf(expr);
    if (names.length === 0) return [`${where}: no metric in ${JSON.stringify(expr)}`];
    return missingMetrics(names, declared).map((name) => `${where}: ${name} is not exported`);
  });
}

describe('metricNamesOf', () => {
  it('keeps metric names and drops functions, label lists, matchers, ranges, numbers and variables', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.99, sum by (upstream, le) (rate(bff_upstream_call_duration_seconds_bucket{replica=~"$replica", kind!="x{y}"}[$__rate_interval])))',
      ),
    ).toEqual(['bff_upstream_call_duration_seconds_bucket']);
    expect(
      metricNamesOf(
        '100 * a_total{k="v"} / ignoring(state) group_left (x) b_total offset 5m > bool 1e-9 or sum without (le) (c) and on (u) d',
      ),
    ).toEqual(['a_total', 'b_total', 'c', 'd']);
  });
});

describe('Grafana dashboard storefront-bff.json', () => {
  let app: FastifyInstance;
  let declared: Map<string, string>;

  // Nothing is called: every metric is declared (with its # TYPE line) from the start.
  beforeAll(async () => {
    app = buildOfflineBff();
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    declared = declaredMetrics(res.body);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('queries only metrics the BFF exports, in every panel and variable', () => {
    const dashboard = loadDashboard();
    expect(queriesOf(dashboard).length).toBeGreaterThan(10);
    expect(problems(dashboard, declared)).toEqual([]);
  });

  it('fails on a query naming a metric that does not exist', () => {
    const dashboard = loadDashboard();
    const panel = allPanels(dashboard.panels).find((p) => p.title === 'Breaker transitions');
    const target = panel?.targets?.[0];
    if (!target) throw new Error('the dashboard lost its "Breaker transitions" panel');
    // One letter off: the counter is bff_circuitbreaker_transitions_total.
    target.expr =
      'sum by (upstream) (increase(bff_circuitbreaker_transition_total{upstream=~"$upstream"}[5m]))';
    expect(problems(dashboard, declared)).toEqual([
      'panel "Breaker transitions": bff_circuitbreaker_transition_total is not exported',
    ]);
    // A histogram's series resolve to its name; a _bucket of a counter does not exist.
    expect(
      missingMetrics(['bff_saved_copy_age_seconds_bucket', 'bff_retry_calls_total_bucket'], declared),
    ).toEqual(['bff_retry_calls_total_bucket']);
  });

  it('has the panels and variables the runbook relies on', () => {
    const dashboard = loadDashboard();
    const variables = dashboard.templating.list.map((v) => `${v.name}:${v.type}`);
    expect(variables).toEqual(
      expect.arrayContaining(['DS_PROMETHEUS:datasource', 'upstream:query', 'replica:query']),
    );
    const panels = allPanels(dashboard.panels);
    expect(panels.find((p) => p.type === 'state-timeline')?.targets?.[0]?.expr).toContain(
      'bff_circuitbreaker_state',
    );
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    for (const needed of [
      'histogram_quantile(0.5',
      'histogram_quantile(0.95',
      'histogram_quantile(0.99',
      'kind="fallback"',
    ]) {
      expect(exprs.some((e) => e.includes(needed))).toBe(true);
    }
    for (const name of [
      'bff_retry_calls_total',
      'bff_bulkhead_available',
      'bff_bulkhead_queued',
      'bff_bulkhead_rejections_total',
      'bff_saved_copy_age_seconds_bucket',
      'bff_circuitbreaker_transitions_total',
    ]) {
      expect(exprs.some((e) => metricNamesOf(e).includes(name))).toBe(true);
    }
  });
});
