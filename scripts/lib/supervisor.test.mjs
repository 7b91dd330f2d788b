import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startStack } from './stack.mjs';
import { BACKOFF, backoffDelay, createSupervisor } from './supervisor.mjs';

/** A tiny HTTP server (every path answers 200, /health included) on $PORT. */
const TINY =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

/** @returns {Promise<number>} */
async function freePort() {
  const srv = net.createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = srv.address();
  await new Promise((resolve) => srv.close(() => resolve(undefined)));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

/**
 * @param {string} name
 * @param {string} [script]
 * @returns {Promise<import('./stack.mjs').ProcessSpec>}
 */
async function tiny(name, script = TINY) {
  const url = `http://127.0.0.1:${await freePort()}`;
  const env = { ...process.env, PORT: new URL(url).port };
  return {
    name,
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env,
    url,
    health: `${url}/health`,
  };
}

/** @type {{ stopAll: () => Promise<void> }[]} */
const stacks = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stopAll()));
});

/**
 * @param {import('./stack.mjs').ProcessSpec[]} specs
 * @param {{ restart?: boolean, backoff?: import('./supervisor.mjs').Backoff }} [opts]
 */
async function start(specs, opts = {}) {
  /** @type {string[]} */
  const lines = [];
  const stack = await startStack(specs, { ...opts, log: (name, line) => lines.push(`[${name}] ${line}`) });
  stacks.push(stack);
  return { stack, lines };
}

/** @param {{ status: () => import('./supervisor.mjs').ProcessStatus[] }} stack @param {string} name */
const statusOf = (stack, name) => stack.status().find((p) => p.name === name);

describe('backoffDelay', () => {
  test('250 ms doubling to 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(BACKOFF.resetAfterMs).toBe(10_000);
  });
});

describe('supervisor', () => {
  test('a process killed with SIGKILL comes back by itself, and the restart is logged and counted', async () => {
    const { stack, lines } = await start([await tiny('web')], { restart: true });
    const before = statusOf(stack, 'web');
    expect(before).toMatchObject({ state: 'running', restarts: 0, lastExit: null });
    expect(before?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const killed = await stack.kill('web');
    expect(killed).toMatchObject({
      state: 'backoff',
      pid: null,
      restarts: 1,
      lastExit: { signal: 'SIGKILL' },
    });
    await expect.poll(() => statusOf(stack, 'web')?.state, { timeout: 5000 }).toBe('running');
    const after = statusOf(stack, 'web');
    expect(after?.pid).not.toBe(before?.pid);
    expect(await (await fetch(`${stack.spec('web').url}/health`)).text()).toBe('ok');
    expect(lines).toContain('[supervisor] web exited (SIGKILL); restart 1 in 250 ms');
    expect(
      lines.some((l) => /^\[supervisor\] web is back \(healthy after \d+\.\d s; down \d+\.\d s\)$/.test(l)),
    ).toBe(true);
  });

  test('a kill with downForMs keeps the process down that long, then it comes back', async () => {
    const { stack, lines } = await start([await tiny('web')], { restart: true });
    const killedAt = Date.now();
    const killed = await stack.kill('web', 'SIGKILL', { downForMs: 1500 });
    expect(killed).toMatchObject({ state: 'backoff', pid: null, restarts: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    // Well past the 250 ms backoff: still held down.
    expect(statusOf(stack, 'web')).toMatchObject({ state: 'backoff', pid: null });
    await expect.poll(() => statusOf(stack, 'web')?.state, { timeout: 5000 }).toBe('running');
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1500);
    expect(
      lines.some((l) =>
        /^\[supervisor\] web exited \(SIGKILL\); restart 1 in 1\d{3} ms \(held down on request\)$/.test(l),
      ),
    ).toBe(true);
    // The hold was for that kill only: the next one restarts after the backoff again (the second of a loop).
    await stack.kill('web');
    expect(lines).toContain('[supervisor] web exited (SIGKILL); restart 2 in 500 ms');
  });

  test('a stopped process stays stopped until started, with restart on', async () => {
    const { stack, lines } = await start([await tiny('web')], { restart: true });
    await stack.stop('web');
    await new Promise((r) => setTimeout(r, 600));
    expect(statusOf(stack, 'web')).toMatchObject({
      state: 'stopped',
      pid: null,
      restarts: 0,
      startedAt: null,
    });
    expect(lines).toContain('[web] exited (SIGTERM)');
    await stack.start('web');
    expect(statusOf(stack, 'web')).toMatchObject({ state: 'running', restarts: 0 });
  });

  test('without restart (the benchmarks), a killed process stays down', async () => {
    const { stack } = await start([await tiny('web')]);
    await stack.kill('web');
    await new Promise((r) => setTimeout(r, 400));
    expect(statusOf(stack, 'web')).toMatchObject({
      state: 'stopped',
      restarts: 0,
      lastExit: { signal: 'SIGKILL' },
    });
  });

  test('the wait grows on repeated crashes, up to the maximum, and stop() ends the loop', async () => {
    /** @type {string[]} */
    const lines = [];
    const backoff = { initialMs: 20, maxMs: 80, resetAfterMs: 10_000 };
    const sup = createSupervisor([await tiny('crashy', 'process.exit(3)')], {
      restart: true,
      backoff,
      log: (name, line) => lines.push(`[${name}] ${line}`),
    });
    stacks.push(sup);
    await expect(sup.start('crashy')).rejects.toThrow(/exited before/);
    await expect.poll(() => sup.status()[0]?.restarts, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    await sup.stop('crashy');
    const waits = lines
      .filter((l) => l.startsWith('[supervisor] crashy exited (code 3)'))
      .map((l) => l.split(' in ')[1]);
    expect(waits.slice(0, 5)).toEqual(['20 ms', '40 ms', '80 ms', '80 ms', '80 ms']);
    const restarts = sup.status()[0]?.restarts;
    await new Promise((r) => setTimeout(r, 300));
    expect(sup.status()[0]).toMatchObject({ state: 'stopped', restarts });
  });

  test('the wait starts over once a process ran long enough', async () => {
    // Spawning and answering /health takes well under 1.5 s; the second kill comes right after the first restart.
    const backoff = { initialMs: 50, maxMs: 1000, resetAfterMs: 1500 };
    const { stack, lines } = await start([await tiny('web')], { restart: true, backoff });
    const backUp = async () =>
      expect.poll(() => statusOf(stack, 'web')?.state, { timeout: 5000 }).toBe('running');
    await stack.kill('web');
    await backUp();
    await stack.kill('web');
    await backUp();
    await new Promise((r) => setTimeout(r, 1600));
    await stack.kill('web');
    await backUp();
    const waits = lines.filter((l) => l.includes('web exited (SIGKILL)')).map((l) => l.split(' in ')[1]);
    expect(waits).toEqual(['50 ms', '100 ms', '50 ms']);
  });

  test('a restart in progress blocks nothing else', async () => {
    const backoff = { initialMs: 2000, maxMs: 2000, resetAfterMs: 30_000 };
    const { stack } = await start([await tiny('slow'), await tiny('other')], { restart: true, backoff });
    await stack.kill('slow');
    const t0 = Date.now();
    await stack.stop('other');
    await stack.start('other');
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(statusOf(stack, 'slow')?.state).toBe('backoff');
    // start() during the backoff starts it now instead of waiting.
    await stack.start('slow');
    expect(statusOf(stack, 'slow')).toMatchObject({ state: 'running', restarts: 1 });
  });
});
