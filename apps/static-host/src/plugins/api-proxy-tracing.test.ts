// The shell host is the first server a browser's trace reaches: it continues the caller's `traceparent`, sends the
// BFF exactly one `traceparent` (its own forwarding span's, same trace), logs the call with the trace id, and
// leaves static files and the console's polling untraced.
import { formatTraceparent, newTraceparent, parseTraceparent } from '@storefront/contract';
import { recordSpans, type SpanRecorder } from '@storefront/service-kit/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';

describe('/api proxy tracing', () => {
  let recorder: SpanRecorder;
  let root: TempRoot;
  let upstream: FastifyInstance;
  let host: FastifyInstance;
  let hostUrl: string;
  const received: (string | string[] | undefined)[] = [];
  const logs: { msg: string; traceId?: string; req?: { url?: string } }[] = [];

  beforeAll(async () => {
    recorder = recordSpans();
    root = createTempRoot(SITE_FILES);
    upstream = Fastify({ logger: false });
    upstream.get('/api/*', async (request) => {
      received.push(request.headers.traceparent);
      return { ok: true };
    });
    const address = await upstream.listen({ port: 0, host: '127.0.0.1' });
    host = build({
      root: root.dir,
      name: 'shell',
      cors: false,
      spa: true,
      apiProxy: address,
      logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    });
    hostUrl = await host.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all([host.close(), upstream.close()]);
    root.remove();
    await recorder.stop();
  });

  it('forwards one traceparent of the same trace, from its own span, and logs the call with the trace id', async () => {
    const caller = newTraceparent();
    const res = await fetch(`${hostUrl}/api/catalog/products`, {
      headers: { traceparent: formatTraceparent(caller), tracestate: 'vendor=1' },
    });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    const sent = parseTraceparent(typeof received[0] === 'string' ? received[0] : undefined);
    expect(sent?.traceId).toBe(caller.traceId);
    expect(sent?.spanId).not.toBe(caller.spanId);

    await expect
      .poll(() => recorder.trace(caller.traceId).some((span) => span.name === 'GET /api/*'))
      .toBe(true);
    const spans = recorder.trace(caller.traceId);
    const server = spans.find((span) => span.name === 'GET /api/*');
    expect(server?.parentSpanContext?.spanId).toBe(caller.spanId);
    // The BFF's parent is the host's HTTP client span, a descendant of the host's request span.
    expect(spans.some((span) => span.spanContext().spanId === sent?.spanId)).toBe(true);

    // "request completed" is written once the answer has gone out, which may be after the client has it.
    const lines = () => logs.filter((line) => line.traceId === caller.traceId).map((line) => line.msg);
    await expect.poll(lines).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  });

  it('does not trace static files or the console’s polling', async () => {
    const before = recorder.spans().length;
    for (const path of ['/', '/index.html', '/api/ops/processes', '/api/resilience']) {
      await (await fetch(`${hostUrl}${path}`)).arrayBuffer();
    }
    // Let any span that was going to end do so.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      recorder
        .spans()
        .slice(before)
        .filter((span) => span.kind === 1),
    ).toEqual([]);
  });
});
