import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSupervisorClient, KillFailedError, runKill } from './supervisor.js';

/** A stand-in for the supervisor's API: `bff-1` exists, anything else is 404 PROCESS_NOT_FOUND. */
async function startSupervisor(): Promise<{ url: URL; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const found = new URL(req.url ?? '/', 'http://x').pathname === '/processes/bff-1/kill';
    res.writeHead(found ? 202 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        found
          ? { process: { name: 'bff-1', pid: 4242, state: 'backoff', restarts: 3 } }
          : { error: { code: 'PROCESS_NOT_FOUND', message: 'no such process' } },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return {
    url: new URL(`http://127.0.0.1:${address.port}`),
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('createSupervisorClient', () => {
  it('POSTs /processes/:name/kill and reads the process from the 202', async () => {
    const supervisor = await startSupervisor();
    closers.push(supervisor.close);
    const client = createSupervisorClient(supervisor.url);
    expect(await client.kill('bff-1')).toEqual({ name: 'bff-1', pid: 4242, restarts: 3 });
    expect(supervisor.calls).toEqual(['POST /processes/bff-1/kill']);
  });

  it('asks the supervisor to hold the restart with ?downForMs', async () => {
    const supervisor = await startSupervisor();
    closers.push(supervisor.close);
    const client = createSupervisorClient(supervisor.url);
    await client.kill('bff-1', { downForMs: 20_000 });
    expect(supervisor.calls).toEqual(['POST /processes/bff-1/kill?downForMs=20000']);
  });

  it('says which process the supervisor does not know, and when it does not answer', async () => {
    const supervisor = await startSupervisor();
    closers.push(supervisor.close);
    const client = createSupervisorClient(supervisor.url);
    await expect(client.kill('nope')).rejects.toThrow(
      'the supervisor runs no process "nope" (PROCESS_NOT_FOUND: no such process)',
    );
    const away = createSupervisorClient(new URL('http://127.0.0.1:9'));
    await expect(away.kill('bff-1')).rejects.toThrow(KillFailedError);
    await expect(away.kill('bff-1')).rejects.toThrow(
      /the supervisor at http:\/\/127\.0\.0\.1:9 does not answer/,
    );
  });
});

describe('runKill', () => {
  const now = () => Date.parse('2030-01-01T00:00:03.000Z');

  it('reports a kill, a refusal and a missing supervisor, never throwing', async () => {
    const killer = {
      kill: async (name: string) => {
        if (name !== 'bff-1') throw new KillFailedError(`no process "${name}"`);
        return { name, pid: 7, restarts: 1 };
      },
    };
    expect(await runKill(killer, 'bff-1', 2, now)).toEqual({
      step: 2,
      process: 'bff-1',
      at: '2030-01-01T00:00:03.000Z',
      result: 'killed',
      pid: 7,
      restarts: 1,
      message: null,
    });
    expect(await runKill(killer, 'bff-9', 3, now)).toMatchObject({
      result: 'failed',
      message: 'no process "bff-9"',
    });
    expect(await runKill(null, 'bff-1', 4, now)).toMatchObject({
      result: 'failed',
      message: expect.stringContaining('SUPERVISOR_URL is not set'),
    });
  });
});
