// The live notifications end to end inside the BFF: a real catalog fake fails, the breaker opens, the ops stream
// and a real webhook receiver hear of it, and both hear it clear when the catalog is back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpsSnapshot, problemsOf } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertWebhookBody } from '../ops/alert-webhook.js';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';
import { openStream, type SseStream } from '../test-support/sse-client.js';

let fake: FakeCatalog;
let app: FastifyInstance;
let hook: Server;
let stream: SseStream | undefined;

afterEach(async () => {
  stream?.close();
  await app.close();
  await fake.close();
  hook.closeAllConnections();
  await new Promise((resolve) => hook.close(resolve));
});

/** A real webhook receiver collecting what it is sent. */
async function startReceiver(): Promise<{ url: string; bodies: AlertWebhookBody[] }> {
  const bodies: AlertWebhookBody[] = [];
  hook = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      bodies.push(JSON.parse(text) as AlertWebhookBody);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`, bodies };
}

async function nextSnapshot(): Promise<OpsSnapshot> {
  if (!stream) throw new Error('no stream');
  return (await stream.next('snapshot')).data as OpsSnapshot;
}

function hasBreakerOpen(snapshot: OpsSnapshot): boolean {
  return snapshot.notifications?.active.some((n) => n.condition === 'breaker-open') ?? false;
}

describe('live notifications', () => {
  it('raises "breaker open" in the stream and the webhook at the transition, and clears it after recovery', async () => {
    fake = await startFakeCatalog();
    const receiver = await startReceiver();
    app = buildOfflineBff({
      upstreams: {
        catalog: {
          baseUrl: fake.url,
          resilience: { retryAttempts: 0, breakerThreshold: 1, halfOpenAfterMs: 200 },
        },
      },
      opsStreamIntervalMs: 100,
      alertWebhookUrl: receiver.url,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    stream = await openStream(`http://127.0.0.1:${port}/api/ops/stream`);
    const first = await nextSnapshot();
    expect(first.notifications).toEqual({ active: [], cleared: [] });
    expect(problemsOf(OpsSnapshot, first)).toEqual([]);

    fake.mode = 'fail';
    await app.inject('/api/catalog/categories');
    // A snapshot sent while the call was still failing may come first: read on until one has the notification.
    let raised = await nextSnapshot();
    for (let read = 0; read < 20 && !hasBreakerOpen(raised); read++) raised = await nextSnapshot();
    expect(problemsOf(OpsSnapshot, raised)).toEqual([]);
    const open = raised.notifications?.active.find((n) => n.condition === 'breaker-open');
    expect(open).toMatchObject({
      upstream: 'catalog',
      replica: 'bff',
      severity: 'critical',
      clearedAt: null,
    });
    expect(open?.message).toMatch(/Breaker for catalog opened on bff \(1 consecutive failure/);
    const transitionAt = Date.parse(raised.upstreams[0]?.transitions.at(-1)?.at ?? '');
    expect(Math.abs(Date.parse(open?.since ?? '') - transitionAt)).toBeLessThan(50);

    fake.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await app.inject('/api/catalog/categories')).statusCode).toBe(200);
    await vi.waitFor(async () => {
      const after = await nextSnapshot();
      expect(after.notifications?.active.map((n) => n.condition)).not.toContain('breaker-open');
      expect(after.notifications?.cleared.find((n) => n.id === open?.id)?.clearedAt).toEqual(
        expect.any(String),
      );
    });

    await vi.waitFor(() => {
      const forOpen = receiver.bodies.filter((b) => b.notification.id === open?.id).map((b) => b.status);
      expect(forOpen).toEqual(['firing', 'resolved']);
    });
  });
});
