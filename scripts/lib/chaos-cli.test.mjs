import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { startFakeStorefront } from './chaos-fake-storefront.mjs';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'chaos.mjs');

/**
 * Runs the CLI to completion.
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function chaos(args) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, CHAOS_URL: '' } },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === 'number' ? err.code : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** @type {Awaited<ReturnType<typeof startFakeStorefront>>[]} */
const fakes = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('chaos CLI', () => {
  test('inject sends the fault with its options and duration; status shows it; clear removes it', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const url = ['--url', storefront.url];

    const injected = await chaos([
      'inject',
      'cart',
      'latency',
      '--ms',
      '2500',
      '--jitter',
      '0.3s',
      '--for',
      '30s',
      ...url,
    ]);
    expect(injected).toMatchObject({ code: 0, stderr: '' });
    expect(injected.stdout).toMatch(/^injected cart: latency 2500ms ±300ms, expires in (29|30)\.\ds/);
    expect(storefront.log.faultCalls.at(-1)?.body).toEqual({
      type: 'latency',
      options: { ms: 2500, jitterMs: 300 },
      durationMs: 30_000,
    });

    const status = await chaos(['status', ...url]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/cart\s+service\s+latency 2500ms ±300ms\s+(29|30)\.\ds/);
    expect(status.stdout).toMatch(/catalog\s+service\s+none/);
    expect(status.stdout).toMatch(/cart\s+open\s+/);

    expect(await chaos(['clear', 'cart', ...url])).toMatchObject({ code: 0, stdout: 'cleared cart\n' });
    expect(storefront.activeFaults()).toEqual([]);
  });

  test('demo mode off: a coded error and exit code 1', async () => {
    const storefront = await startFakeStorefront({ demoMode: false });
    fakes.push(storefront);
    const result = await chaos(['clear', '--url', storefront.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'chaos: error FAULT_API_UNAVAILABLE: fault API not available (is the storefront running with demo mode on?)\n',
    );
  });

  test('run has the proxy run a shipped scenario, prints the report and clears everything', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const result = await chaos(['run', 'catalog-outage', '--speed', '20', '--url', storefront.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('inject   catalog: down');
    expect(result.stdout).toContain('breaker  catalog: closed → open');
    expect(result.stdout).toMatch(/all breakers closed\n$/);
    expect(storefront.log.faultCalls.find((c) => c.method === 'POST')?.body).toEqual({ speed: 20 });
    expect(storefront.activeFaults()).toEqual([]);
    expect(storefront.currentRun()).toBeNull();
  });

  test('bad usage exits with 2 and names the problem', async () => {
    const wrongFlag = await chaos(['inject', 'catalog', 'down', '--percent', '50']);
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toContain('error USAGE: --percent does not apply to a "down" fault');
    const badTarget = await chaos(['inject', 'catlog', 'down']);
    expect(badTarget.stderr).toContain('"catlog" is not a target');
    const badDuration = await chaos(['inject', 'catalog', 'down', '--for', '30']);
    expect(badDuration.stderr).toContain('--for: "30" is not a duration');
    const badSpeed = await chaos(['run', 'catalog-outage', '--speed', '50']);
    expect(badSpeed.code).toBe(2);
    expect(badSpeed.stderr).toContain('--speed must be a number from 0.1 to 20');
    const byPath = await chaos(['run', './mine.json']);
    expect(byPath.code).toBe(2);
    expect(byPath.stderr).toContain('give a scenario name from apps/fault-proxy/scenarios/');
    const list = await chaos(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('catalog-outage  (20.0s; catalog)');
  });

  test('help, -h and --help print the usage; a usage error keeps its coded line, then shows the usage', async () => {
    const [help, short, long, none, unknownFlag] = await Promise.all([
      chaos(['help']),
      chaos(['-h']),
      chaos(['status', '--help']),
      chaos([]),
      chaos(['status', '--bogus']),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: npm run chaos -- <command> \[options\]\n/);
    expect(help.stdout).toContain('exit codes: 0 done, 1 failed, 2 bad usage');
    expect(short).toEqual(help);
    expect(long).toEqual(help);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`chaos: error USAGE: no command given (see --help)\n\n${help.stdout}`);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr.split('\n')[0]).toBe(
      "chaos: error USAGE: unknown option '--bogus' (see --help)",
    );
  });
});
