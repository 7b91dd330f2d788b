import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';

// Issue 14's acceptance: a request sent with a `traceparent` shows the same trace id in the shell host's, the BFF's
// and the service's log lines and in /ops; a call that was retried twice shows three attempts in its trace.

/** The fields of a span the spec reads (packages/contract/src/traces.ts `TraceSpan`). */
interface Span {
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  kind: string;
  events: { name: string }[];
}

/** A W3C trace context as a browser would start one: fresh ids, sampled. */
function freshTraceparent(): { traceId: string; spanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

const BFF = /^bff-\d+$/;

/** The services in `spans` (every BFF replica as "bff"), sorted. */
function servicesOf(spans: Span[]): string[] {
  return [...new Set(spans.map((span) => (BFF.test(span.service) ? 'bff' : span.service)))].sort();
}

/** Names of the BFF's attempt spans under its `catalog GET` call span, sorted. */
function catalogAttempts(spans: Span[]): string[] {
  const call = spans.find((span) => BFF.test(span.service) && span.name === 'catalog GET');
  return spans
    .filter((span) => call && span.parentSpanId === call.spanId && /^catalog attempt \d+$/.test(span.name))
    .map((span) => span.name)
    .sort();
}

/** Names of the events on the BFF's `catalog GET` call span (the policy's decisions: `retry`, `saved-copy`…). */
function catalogCallEvents(spans: Span[]): string[] {
  const call = spans.find((span) => BFF.test(span.service) && span.name === 'catalog GET');
  return call?.events.map((event) => event.name) ?? [];
}

/**
 * The trace's spans once `ready` says they are all there: each process exports its own in batches (~0.5 s), so
 * they arrive one process, or one batch, at a time. `ready` answers what the poll compares to `expected`.
 */
async function spansOf<T>(
  request: APIRequestContext,
  shellUrl: string,
  traceId: string,
  ready: (spans: Span[]) => T,
  expected: T,
): Promise<Span[]> {
  let spans: Span[] = [];
  await expect
    .poll(
      async () => {
        const res = await request.get(`${shellUrl}/api/ops/traces/${traceId}`);
        if (res.status() !== 200) return `HTTP ${res.status()}`;
        spans = (await res.json()).trace.spans;
        return ready(spans);
      },
      { timeout: 15_000, message: `the spans of trace ${traceId}` },
    )
    .toEqual(expected);
  return spans;
}

/** Opens `traceId`'s waterfall by its id, as a person does with the id an error answer or a log line names. */
async function openTrace(page: Page, traceId: string): Promise<void> {
  const panel = page.getByRole('region', { name: 'Recent requests' });
  const finder = panel.getByRole('search', { name: 'Find a trace' });
  await finder.getByRole('textbox', { name: 'Trace id' }).fill(traceId);
  await finder.getByRole('button', { name: 'Show trace' }).click();
  await expect(panel.getByRole('table', { name: new RegExp(`^Trace ${traceId} `) })).toBeVisible();
}

test.describe('tracing across processes', () => {
  test.afterEach(async ({ request, storefront }) => {
    await request.delete(`${storefront.shellUrl}/api/faults`);
    await untilAllBreakersClosed(request, storefront.shellUrl);
  });

  test('a traceparent from the caller: same trace id in every log line, in the trace store and in /ops', async ({
    page,
    request,
    storefront,
  }) => {
    const shell = storefront.shellUrl;
    await untilAllBreakersClosed(request, shell);
    const sent = freshTraceparent();
    // A search never made before: no saved or fresh copy can answer it, so the BFF calls the catalog.
    const res = await request.get(`${shell}/api/catalog/products?q=trace${sent.spanId}`, {
      headers: { traceparent: sent.header },
    });
    expect(res.status()).toBe(200);
    expect(res.headers().traceresponse).toMatch(new RegExp(`^00-${sent.traceId}-[0-9a-f]{16}-01$`));

    // Every process's log lines name the trace (fixtures.ts keeps them as `[<process>] <JSON line>`).
    const marker = `"traceId":"${sent.traceId}"`;
    await expect
      .poll(
        () => {
          const processes = storefront.logs
            .filter((line) => line.includes(marker))
            .map((line) => /^\[([^\]]+)\]/.exec(line)?.[1] ?? '');
          return [...new Set(processes.map((name) => name.replace(/^bff-\d+$/, 'bff')))].sort();
        },
        { timeout: 10_000, message: `log lines naming trace ${sent.traceId}` },
      )
      .toEqual(expect.arrayContaining(['bff', 'catalog-service', 'shell']));

    // The trace store holds the spans of all three, the shell host's continuing the caller's span, the BFF's
    // call of the catalog with its (first and only) attempt.
    const spans = await spansOf(
      request,
      shell,
      sent.traceId,
      (got) => ({ services: servicesOf(got), attempts: catalogAttempts(got) }),
      { services: ['bff', 'catalog-service', 'shell-host'], attempts: ['catalog attempt 1'] },
    );
    const shellServer = spans.find((span) => span.service === 'shell-host' && span.kind === 'server');
    expect(shellServer?.parentSpanId).toBe(sent.spanId);

    // /ops: its waterfall, opened by id, has rows for the three processes; a link with ?trace= opens it too.
    await page.goto('/ops');
    await openTrace(page, sent.traceId);
    const waterfall = page.getByRole('table', { name: new RegExp(`^Trace ${sent.traceId} `) });
    for (const service of [/^shell-host /, /^bff-\d+ /, /^catalog-service /]) {
      await expect(waterfall.getByRole('rowheader', { name: service }).first()).toBeVisible();
    }
    await expect(waterfall.getByRole('rowheader', { name: /^bff-\d+ catalog attempt 1/ })).toHaveCount(1);

    await page.goto(`/ops?trace=${sent.traceId}`);
    await expect(page.getByRole('table', { name: new RegExp(`^Trace ${sent.traceId} `) })).toBeVisible();
  });

  test('a call the BFF retried twice: three attempts in its trace', async ({ request, storefront }) => {
    const shell = storefront.shellUrl;
    await untilAllBreakersClosed(request, shell);
    const put = await request.put(`${shell}/api/faults/catalog`, {
      data: { type: 'errors', options: { percent: 100, status: 500 } },
    });
    expect(put.status()).toBe(200);

    // A query nobody asked before: no fresh or saved copy answers instead of the catalog.
    const sent = freshTraceparent();
    const res = await request.get(`${shell}/api/catalog/products?q=trace-${sent.spanId}`, {
      headers: { traceparent: sent.header },
    });
    expect(res.status()).toBe(503);
    expect((await res.json()).error.code).toBe('UPSTREAM_UNAVAILABLE');

    // The fault proxy answers in the catalog's place: the BFF's call span holds the three attempts, and a `retry`
    // event before each of the two retries.
    await spansOf(
      request,
      shell,
      sent.traceId,
      (got) => ({
        services: servicesOf(got),
        attempts: catalogAttempts(got),
        retries: catalogCallEvents(got).filter((name) => name === 'retry').length,
      }),
      {
        services: ['bff', 'shell-host'],
        attempts: ['catalog attempt 1', 'catalog attempt 2', 'catalog attempt 3'],
        retries: 2,
      },
    );
  });
});
