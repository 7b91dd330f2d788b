import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, afterAll as cleanup, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';

/** A fake BFF replica on a real port: answers who it is, echoes bodies, streams SSE; can die and come back. */
interface Replica {
  id: string;
  url: string;
  /** Requests that reached it, e.g. `POST /api/echo`. */
  hits: string[];
  kill: () => Promise<void>;
  revive: () => Promise<void>;
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startReplica(id: string, opts: { resetOn?: string } = {}): Promise<Replica> {
  const hits: string[] = [];
  const make = (): Server =>
    createServer((req, res) => {
      if (req.url === '/health') {
        res.end('{"status":"ok"}');
        return;
      }
      hits.push(`${req.method} ${req.url}`);
      // Dies mid-request: the connection drops before a byte of the answer.
      if (req.url === opts.resetOn) {
        req.socket.destroy();
        return;
      }
      if (req.url === '/api/ops/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: hello from ${id}\n\n`);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-replica', id);
        const body = Buffer.concat(chunks).toString();
        const key = req.headers['idempotency-key'] ?? null;
        res.end(JSON.stringify({ id, body, key, contentType: req.headers['content-type'] ?? null }));
      });
    });
  let server = make();
  const port = await listen(server);
  const kill = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  const revive = async (): Promise<void> => {
    server = make();
    await listen(server, port);
  };
  return { id, url: `http://127.0.0.1:${port}`, hits, kill, revive };
}

/** A port nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

let root: TempRoot;
const open: { close: () => Promise<unknown> }[] = [];

beforeAll(() => {
  root = createTempRoot(SITE_FILES);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
cleanup(() => root.remove());

/** A shell host in front of `upstreams`; its log lines are collected. */
async function startHost(upstreams: string[], intervalMs = 60_000): Promise<{ url: string; logs: string[] }> {
  const logs: string[] = [];
  const host: FastifyInstance = build({
    root: root.dir,
    name: 'shell',
    cors: false,
    spa: true,
    apiProxy: upstreams.join(','),
    apiProxyHealth: { intervalMs, timeoutMs: 500 },
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
  });
  await host.listen({ port: 0, host: '127.0.0.1' });
  open.push(host);
  return { url: `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`, logs };
}

async function replicas(...ids: string[]): Promise<Replica[]> {
  const started = await Promise.all(ids.map((id) => startReplica(id)));
  open.push(...started.map((r) => ({ close: () => r.kill().catch(() => undefined) })));
  return started;
}

const postEcho = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/echo`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

const count = (logs: string[], msg: string): number =>
  logs.filter((l) => l.includes(`"msg":"${msg}"`)).length;

describe('/api balanced over BFF replicas', () => {
  it('spreads requests round-robin over the healthy replicas', async () => {
    const [a, b] = await replicas('a', 'b');
    const host = await startHost([a?.url ?? '', b?.url ?? '']);
    const served = [];
    for (let i = 0; i < 10; i += 1)
      served.push((await fetch(`${host.url}/api/who`)).headers.get('x-replica'));
    expect(served.filter((id) => id === 'a')).toHaveLength(5);
    expect(served.filter((id) => id === 'b')).toHaveLength(5);
  });

  it('loses no GET and no keyed POST when a replica dies, and says so once', async () => {
    const [a, b] = await replicas('a', 'b');
    const host = await startHost([a?.url ?? '', b?.url ?? '']);
    await a?.kill();
    for (let i = 0; i < 6; i += 1) {
      const get = await fetch(`${host.url}/api/who?i=${i}`);
      expect(get.status).toBe(200);
      const body = JSON.stringify({ productId: 'p1', quantity: i });
      const post = await postEcho(host.url, body, { 'idempotency-key': `key-${i}` });
      expect(post.status).toBe(200);
      expect(await post.json()).toEqual({ id: 'b', body, key: `key-${i}`, contentType: 'application/json' });
    }
    expect(count(host.logs, 'api upstream down')).toBe(1);
  });

  it('retries a keyed write whose connection dropped before any answer, never an unkeyed one', async () => {
    const a = await startReplica('a', { resetOn: '/api/echo' });
    open.push({ close: a.kill });
    const [b] = await replicas('b');
    // The round-robin starts with the first upstream: every first attempt below goes to `a`.
    const keyed = await startHost([a.url, b?.url ?? '']);
    const ok = await postEcho(keyed.url, '{"n":1}', { 'idempotency-key': 'k1' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 'b', body: '{"n":1}', key: 'k1' });

    const unkeyed = await startHost([a.url, b?.url ?? '']);
    const failed = await postEcho(unkeyed.url, '{"n":2}');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { code: 'BFF_UNAVAILABLE' } });
    expect(b?.hits.filter((h) => h === 'POST /api/echo')).toHaveLength(1);
  });

  it('sends an unkeyed POST refused by one replica to the next (nothing was sent), and skips the refuser', async () => {
    const dead = await closedUrl();
    const [b] = await replicas('b');
    const host = await startHost([dead, b?.url ?? '']);
    const refused = await postEcho(host.url, '{}');
    expect(refused.status).toBe(200);
    expect(refused.headers.get('x-replica')).toBe('b');
    // Marked down at once: the next unkeyed writes go to the live replica, without waiting for a health check.
    for (let i = 0; i < 3; i += 1) expect((await postEcho(host.url, '{}')).status).toBe(200);
  });

  it('takes a replica out on a failed health check and back in on a good one (one line each)', async () => {
    const [a, b] = await replicas('a', 'b');
    const host = await startHost([a?.url ?? '', b?.url ?? ''], 100);
    await a?.kill();
    await expect.poll(() => count(host.logs, 'api upstream down'), { timeout: 3000 }).toBe(1);
    // Unkeyed writes are never retried: all of them succeeding means none was sent to the dead replica.
    for (let i = 0; i < 4; i += 1) expect((await postEcho(host.url, '{}')).status).toBe(200);

    await a?.revive();
    await expect.poll(() => count(host.logs, 'api upstream up'), { timeout: 3000 }).toBe(1);
    const served = new Set();
    for (let i = 0; i < 4; i += 1) served.add((await fetch(`${host.url}/api/who`)).headers.get('x-replica'));
    expect(served).toEqual(new Set(['a', 'b']));
    expect(count(host.logs, 'api upstream down')).toBe(1);
  });

  it('tries every replica once when none answers, then answers 502', async () => {
    const host = await startHost([await closedUrl(), await closedUrl()]);
    const res = await fetch(`${host.url}/api/who`);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'BFF_UNAVAILABLE' } });
    const failure = host.logs.find((l) => l.includes('"msg":"BFF request failed"')) ?? '{}';
    expect((JSON.parse(failure) as { tried?: string[] }).tried).toHaveLength(2);
  });

  it('keeps streaming server-sent events', async () => {
    const [a] = await replicas('a');
    const host = await startHost([a?.url ?? '']);
    const abort = new AbortController();
    // A browser accepts brotli and gzip; the stream must still not be compressed (each event is flushed).
    const res = await fetch(`${host.url}/api/ops/stream`, {
      signal: abort.signal,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('content-encoding')).toBeNull();
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('data: hello from a\n\n');
    abort.abort();
  });

  it('compresses JSON answers of the BFF on their way to the browser', async () => {
    const [a] = await replicas('a');
    const host = await startHost([a?.url ?? '']);
    const body = JSON.stringify({ note: 'storefront '.repeat(300) });
    const res = await postEcho(host.url, body, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    // fetch decodes it: the answer arrives whole.
    expect(((await res.json()) as { body: string }).body).toBe(body);
  });
});
