import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpsNotification } from '@storefront/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertWebhook } from './alert-webhook.js';

const NOTIFICATION: OpsNotification = {
  id: 'breaker-open/bff-1/catalog/2026-11-30T12:00:00.000Z',
  condition: 'breaker-open',
  upstream: 'catalog',
  replica: 'bff-1',
  severity: 'critical',
  since: '2026-11-30T12:00:00.000Z',
  clearedAt: null,
  message: 'Breaker for catalog opened',
};

interface Received {
  method: string | undefined;
  type: string | undefined;
  body: unknown;
}

const servers: Server[] = [];

/** A real receiver that answers each post by `answer(n)` (n from 1): a status, or 'hang' to never answer. */
async function receiver(answer: (n: number) => number | 'hang') {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(text) });
      const status = answer(received.length);
      if (status === 'hang') return;
      res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

function logSpy() {
  const warnings: unknown[][] = [];
  return { warnings, log: { warn: (...args: unknown[]) => warnings.push(args) } };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('AlertWebhook', () => {
  it('POSTs { status, notification } as JSON without making the caller wait', async () => {
    const { url, received } = await receiver(() => 204);
    const { warnings, log } = logSpy();
    const webhook = new AlertWebhook({ url, log });
    webhook.send('firing', NOTIFICATION);
    expect(received).toEqual([]); // send() returned before the post went out
    webhook.send('resolved', { ...NOTIFICATION, clearedAt: '2026-11-30T12:00:10.000Z' });
    await webhook.settled();
    expect(received).toEqual([
      { method: 'POST', type: 'application/json', body: { status: 'firing', notification: NOTIFICATION } },
      {
        method: 'POST',
        type: 'application/json',
        body: {
          status: 'resolved',
          notification: { ...NOTIFICATION, clearedAt: '2026-11-30T12:00:10.000Z' },
        },
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('retries once after an error answer, and logs when the retry fails too', async () => {
    const { url, received } = await receiver((n) => (n === 1 ? 500 : 200));
    const { warnings, log } = logSpy();
    const webhook = new AlertWebhook({ url, log, retryDelayMs: 10 });
    webhook.send('firing', NOTIFICATION);
    await webhook.settled();
    expect(received).toHaveLength(2);
    expect(warnings).toEqual([]);

    const failing = await receiver(() => 503);
    const again = new AlertWebhook({ url: failing.url, log, retryDelayMs: 10 });
    again.send('firing', NOTIFICATION);
    await again.settled();
    expect(failing.received).toHaveLength(2); // at most one retry
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[1]).toBe('alert webhook failed after one retry');
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const { url, received } = await receiver(() => 'hang');
    const { warnings, log } = logSpy();
    const webhook = new AlertWebhook({ url, log, timeoutMs: 100, retryDelayMs: 10 });
    const started = performance.now();
    webhook.send('firing', NOTIFICATION);
    await webhook.settled();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(received).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });
});
