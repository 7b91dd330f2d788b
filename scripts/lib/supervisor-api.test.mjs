import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startStack } from './stack.mjs';
import { isLoopback, isLoopbackHost, startSupervisorApi } from './supervisor-api.mjs';

/** @typedef {import('./supervisor.mjs').ProcessStatus} ProcessStatus */

/** @type {{ close?: () => Promise<void>, stopAll?: () => Promise<void> }[]} */
const cleanups = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await (c.close ?? c.stopAll)?.();
});

/** @type {ProcessStatus} */
const BFF = {
  name: 'bff-1',
  pid: 1234,
  state: 'running',
  url: 'http://127.0.0.1:4000',
  restarts: 0,
  startedAt: '2025-01-01T00:00:00.000Z',
  lastExit: null,
};

/** A stack double: kill() records the name and answers the process as the supervisor would right after. */
function fakeStack() {
  /** @type {string[]} */
  const killed = [];
  /** @type {({ downForMs?: number } | undefined)[]} */
  const holds = [];
  return {
    killed,
    holds,
    status: () => [BFF],
    kill: async (
      /** @type {string} */ name,
      /** @type {string | undefined} */ _signal,
      /** @type {{ downForMs?: number } | undefined} */ opts,
    ) => {
      killed.push(name);
      holds.push(opts);
      return { ...BFF, pid: null, state: /** @type {const} */ ('backoff'), restarts: 1 };
    },
  };
}

/**
 * A POST with exactly these headers (fetch would replace Host).
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<{ status: number | undefined, body: string }>}
 */
function post(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** @param {Parameters<typeof startSupervisorApi>[0]} stack */
async function api(stack) {
  const started = await startSupervisorApi(stack, { port: 0 });
  cleanups.push(started);
  return started.url;
}

describe('supervisor API', () => {
  test('GET /processes lists every process as JSON, never cached', async () => {
    const url = await api(fakeStack());
    const res = await fetch(`${url}/processes`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ processes: [BFF] });
  });

  test('POST /processes/:name/kill answers 202 with the process; an unknown name 404 PROCESS_NOT_FOUND', async () => {
    const stack = fakeStack();
    const url = await api(stack);
    const res = await fetch(`${url}/processes/bff-1/kill`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ process: { ...BFF, pid: null, state: 'backoff', restarts: 1 } });
    expect(stack.killed).toEqual(['bff-1']);

    const unknown = await fetch(`${url}/processes/nope/kill`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(await unknown.json()).toEqual({
      error: { code: 'PROCESS_NOT_FOUND', message: 'no process named nope' },
      meta: { requestId: expect.any(String) },
    });
    expect(stack.killed).toEqual(['bff-1']);
  });

  test('GET /metrics: restarts and up per process in the Prometheus text format, never cached', async () => {
    const cart = {
      ...BFF,
      name: 'cart-service',
      pid: null,
      state: /** @type {const} */ ('backoff'),
      restarts: 3,
    };
    const url = await api({ ...fakeStack(), status: () => [BFF, cart] });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(
      [
        '# HELP storefront_process_restarts_total Restarts of the process by the supervisor after it exited unexpectedly (crash or kill)',
        '# TYPE storefront_process_restarts_total counter',
        'storefront_process_restarts_total{process="bff-1"} 0',
        'storefront_process_restarts_total{process="cart-service"} 3',
        '# HELP storefront_process_up Whether the process is running and passed its health check (1) or is starting, waiting to restart or stopped (0)',
        '# TYPE storefront_process_up gauge',
        'storefront_process_up{process="bff-1"} 1',
        'storefront_process_up{process="cart-service"} 0',
        '',
      ].join('\n'),
    );
    const post = await fetch(`${url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('GET /metrics escapes label values as the text format requires', async () => {
    const odd = { ...BFF, name: 'a"b\\c\nd' };
    const url = await api({ ...fakeStack(), status: () => [odd] });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('storefront_process_up{process="a\\"b\\\\c\\nd"} 1\n');
  });

  test('other routes answer 404 NOT_FOUND, other methods 405 with Allow, both as JSON', async () => {
    const url = await api(fakeStack());
    const missing = await fetch(`${url}/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const wrong = await fetch(`${url}/processes`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(await wrong.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });

    const getKill = await fetch(`${url}/processes/bff-1/kill`);
    expect(getKill.status).toBe(405);
    expect(getKill.headers.get('allow')).toBe('POST');
  });

  test('POST /processes/:name/kill?downForMs=N asks the supervisor to hold the restart; a bad value is 400', async () => {
    const stack = fakeStack();
    const url = await api(stack);
    const held = await fetch(`${url}/processes/bff-1/kill?downForMs=20000`, { method: 'POST' });
    expect(held.status).toBe(202);
    expect(stack.holds).toEqual([{ downForMs: 20_000 }]);
    for (const bad of ['0', '120001', '-5', '1.5', 'soon', '']) {
      const res = await fetch(`${url}/processes/bff-1/kill?downForMs=${bad}`, { method: 'POST' });
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(await res.json()).toMatchObject({
        error: {
          code: 'INVALID_REQUEST',
          message: 'downForMs must be an integer from 1 to 120000 (milliseconds)',
        },
      });
    }
    expect(stack.killed).toEqual(['bff-1']);
    await fetch(`${url}/processes/bff-1/kill`, { method: 'POST' });
    expect(stack.holds).toEqual([{ downForMs: 20_000 }, {}]);
  });

  test('a web page cannot kill a process: Origin, Sec-Fetch-Site or a foreign Host is refused', async () => {
    const stack = fakeStack();
    const url = await api(stack);
    const kill = `${url}/processes/bff-1/kill`;
    /** @type {Array<[Record<string, string>, string]>} */
    const refused = [
      [{ origin: 'https://evil.example' }, 'CROSS_SITE_REQUEST'],
      [{ origin: 'null' }, 'CROSS_SITE_REQUEST'],
      [{ 'sec-fetch-site': 'cross-site' }, 'CROSS_SITE_REQUEST'],
      [{ 'sec-fetch-site': 'same-site' }, 'CROSS_SITE_REQUEST'],
      [{ host: 'evil.example:5900' }, 'HOST_NOT_ALLOWED'],
    ];
    for (const [headers, code] of refused) {
      const res = await post(kill, headers);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({
        error: { code },
        meta: { requestId: expect.any(String) },
      });
    }
    expect(stack.killed).toEqual([]);
    const cli = await post(kill, { host: 'localhost:5900', 'sec-fetch-site': 'none' });
    expect(cli.status).toBe(202);
    expect(stack.killed).toEqual(['bff-1']);
  });

  test('names this machine by loopback names only', () => {
    const allowed = ['localhost', 'localhost:5900', '127.0.0.1:5900', '127.1.2.3', '[::1]:5900', 'LOCALHOST'];
    expect(allowed.map(isLoopbackHost)).toEqual(allowed.map(() => true));
    const foreign = ['evil.example', 'localhost.evil.example:5900', '127.0.0.1.nip.io', '', undefined];
    expect(foreign.map(isLoopbackHost)).toEqual(foreign.map(() => false));
  });

  test('answers loopback clients only', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', '::ffff:192.168.1.2', 'fe80::1', undefined].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test('a kill through the API is a crash to the supervisor: the process comes back', async () => {
    const srv = net.createServer();
    await new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = srv.address();
    await new Promise((resolve) => srv.close(() => resolve(undefined)));
    if (address === null || typeof address === 'string') throw new Error('no port');
    const web = `http://127.0.0.1:${address.port}`;
    const script =
      "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT))";
    const stack = await startStack(
      [
        {
          name: 'web',
          command: process.execPath,
          args: ['-e', script],
          cwd: process.cwd(),
          env: { ...process.env, PORT: String(address.port) },
          url: web,
          health: `${web}/health`,
        },
      ],
      { restart: true },
    );
    cleanups.push(stack);
    const url = await api(stack);
    const before = stack.status()[0]?.pid;
    const res = await fetch(`${url}/processes/web/kill`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      process: { name: 'web', state: 'backoff', restarts: 1, lastExit: { signal: 'SIGKILL' } },
    });
    const state = async () => {
      const body = /** @type {{ processes: ProcessStatus[] }} */ (
        await (await fetch(`${url}/processes`)).json()
      );
      return body.processes[0]?.state;
    };
    await expect.poll(state).toBe('running');
    expect(stack.status()[0]?.pid).not.toBe(before);
    // What the alert ProcessRestarting counts.
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('storefront_process_restarts_total{process="web"} 1\n');
    expect(metrics).toContain('storefront_process_up{process="web"} 1\n');
  });
});
