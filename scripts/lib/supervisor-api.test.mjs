import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startStack } from './stack.mjs';
import { isLoopback, startSupervisorApi } from './supervisor-api.mjs';

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
  return {
    killed,
    status: () => [BFF],
    kill: async (/** @type {string} */ name) => {
      killed.push(name);
      return { ...BFF, pid: null, state: /** @type {const} */ ('backoff'), restarts: 1 };
    },
  };
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
    });
    expect(stack.killed).toEqual(['bff-1']);
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
  });
});
