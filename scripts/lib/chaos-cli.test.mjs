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

  test('bad syntax exits with 2 and names the problem before asking the storefront anything', async () => {
    // No --url: nothing needs to answer.
    const badDuration = await chaos(['inject', 'catalog', 'down', '--for', '30']);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toContain('--for: "30" is not a duration');
    const badNumber = await chaos(['inject', 'catalog', 'errors', '--percent', 'half']);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('--percent: "half" is not a whole number');
    const badSpeed = await chaos(['run', 'catalog-outage', '--speed', '50']);
    expect(badSpeed.code).toBe(2);
    expect(badSpeed.stderr).toContain('--speed must be a number from 0.1 to 20');
    const byPath = await chaos(['run', './mine.json']);
    expect(byPath.code).toBe(2);
    expect(byPath.stderr).toContain('give a scenario name from apps/fault-proxy/scenarios/');
  });

  test('targets, types and options are checked against what the storefront lists, naming the flag', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const url = ['--url', storefront.url];
    /** @type {[string[], string][]} each command line and its problem */
    const cases = [
      [['inject', 'catalog', 'down', '--percent', '50'], '--percent does not apply to a "down" fault'],
      [['inject', 'catlog', 'down'], '"catlog" is not a target (catalog, cart, account, remote-catalog,'],
      [
        ['inject', 'catalog', 'explode'],
        '"explode" is not a fault type (down, hang, latency, errors, flapping, lost-response)',
      ],
      [['inject', 'catalog', 'latency'], '--ms: required for "latency"'],
      [['inject', 'catalog', 'latency', '--ms', '2m'], '--ms: must be from 0 to 60000 ms'],
      [
        ['inject', 'catalog', 'errors', '--percent', '50', '--status', '404'],
        '--status: must be from 500 to 599',
      ],
      [['inject', 'catalog', 'flapping', '--up', '50'], '--up: must be from 100 to 600000 ms'],
      [['inject', 'catalog', 'down', '--for', '2h'], '--for: must be from 1s to 1h'],
      [['clear', 'catlog'], '"catlog" is not a target'],
    ];
    const results = await Promise.all(cases.map(([args]) => chaos([...args, ...url])));
    results.forEach((result, i) => {
      expect(result.code, String(cases[i]?.[0])).toBe(2);
      expect(result.stderr).toContain(`chaos: error USAGE: ${cases[i]?.[1]}`);
    });
    // Nothing reached the fault proxy: every problem was found first.
    expect(storefront.log.faultCalls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  test('inject sends what the list allows, defaults left to the fault proxy', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const result = await chaos([
      'inject',
      'remote-cart',
      'flapping',
      '--down',
      '2s',
      '--url',
      storefront.url,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(storefront.log.faultCalls.at(-1)?.body).toEqual({ type: 'flapping', options: { downMs: 2000 } });
  });

  test('types, list and status show what the storefront lists', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const url = ['--url', storefront.url];
    const [types, list] = await Promise.all([chaos(['types', ...url]), chaos(['list', ...url])]);
    expect(types.code).toBe(0);
    expect(types.stdout).toMatch(/^latency +every request waits ms/m);
    expect(types.stdout).toMatch(/^ {2}--jitter +from 0 to 60000 ms, default 0: /m);
    expect(types.stdout).toMatch(/^ {2}--percent +from 1 to 100 %, required: /m);
    expect(types.stdout).toContain('--for (any type): from 1s to 1h');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('catalog-outage  (20.0s; catalog)');
    expect(list.stdout).toContain('everything-burns  (20.0s; catalog, cart, account, remote-catalog)');
    expect(list.stdout).toContain('lost-responses  (30.0s; cart, catalog; 6 shoppers checking out)');
    expect(list.stdout).toContain(
      'bff-crash-mid-checkout  (25.0s; cart; kills bff-1; 6 shoppers checking out)',
    );
    expect(types.stdout).toMatch(/^lost-response +forwards the request/m);
    expect(types.stdout).toMatch(/^ {2}--hold +from 0 to 60000 ms, default 0: /m);
    expect(storefront.log.faultCalls.map((c) => c.path)).toEqual(
      expect.arrayContaining(['/api/faults/types', '/api/faults/scenarios']),
    );
    // Without a storefront, they fail like every other command that needs one.
    const away = await chaos(['types', '--url', 'http://127.0.0.1:9']);
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^chaos: error CONNECTION_FAILED: cannot reach http:\/\/127\.0\.0\.1:9/);
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
    // Types and targets are the fault proxy's: the usage says where they come from instead of listing them.
    expect(help.stdout).toContain('GET /api/faults, /api/faults/types, /api/faults/scenarios');
    expect(help.stdout).not.toContain('flapping');
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

describe('chaos CLI: crashes', () => {
  test('inject lost-response takes --percent and --hold', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const args = [
      'inject',
      'cart',
      'lost-response',
      '--percent',
      '30',
      '--hold',
      '2s',
      '--url',
      storefront.url,
    ];
    const result = await chaos(args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('injected cart: lost-response 30% held 2000ms, until cleared\n');
    expect(storefront.log.faultCalls.at(-1)?.body).toEqual({
      type: 'lost-response',
      options: { percent: 30, holdMs: 2000 },
    });
    const url = ['--url', storefront.url];
    const [latency, tooLong] = await Promise.all([
      chaos(['inject', 'catalog', 'latency', '--ms', '5', '--hold', '2s', ...url]),
      chaos(['inject', 'cart', 'lost-response', '--hold', '2m', ...url]),
    ]);
    expect(latency.code).toBe(2);
    expect(latency.stderr).toContain('chaos: error USAGE: --hold does not apply to a "latency" fault');
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('chaos: error USAGE: --hold: must be from 0 to 60000 ms');
  });

  test('kill asks the supervisor and prints its answer; processes lists them; an unknown one exits 1', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const url = ['--url', storefront.url];
    const killed = await chaos(['kill', 'bff-1', ...url]);
    expect(killed).toMatchObject({ code: 0, stderr: '' });
    expect(killed.stdout).toMatch(
      /^killed bff-1: pid \d+, state starting, restarts 1 \(the supervisor restarts it\)\n$/,
    );
    expect(storefront.processes.killed).toEqual(['bff-1']);

    const listed = await chaos(['processes', ...url]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^process +state +pid +restarts +last exit$/m);
    expect(listed.stdout).toMatch(/^bff-1 +starting +\d+ +1 +SIGKILL \d+ms ago$/m);
    expect(listed.stdout).toMatch(/^bff-2 +running +\d+ +0 +-$/m);

    const unknown = await chaos(['kill', 'bff-9', ...url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('chaos: error PROCESS_NOT_FOUND: no process bff-9 (see chaos processes)\n');
  });

  test('without a supervisor, kill and processes fail with a coded error', async () => {
    const storefront = await startFakeStorefront({ supervisor: false });
    fakes.push(storefront);
    const url = ['--url', storefront.url];
    const [kill, processes] = await Promise.all([
      chaos(['kill', 'bff-1', ...url]),
      chaos(['processes', ...url]),
    ]);
    for (const result of [kill, processes]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^chaos: error SUPERVISOR_UNAVAILABLE: no supervisor runs this storefront/,
      );
    }
    // A scenario with kill steps is refused before any shopper signs up.
    const run = await chaos(['run', 'bff-crash-mid-checkout', '--speed', '20', ...url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^chaos: error SUPERVISOR_UNAVAILABLE/);
    expect(storefront.currentRun()).toBeNull();
  });

  test('run lost-responses: shoppers retry lost answers under the same key; the report counts every order once', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const before = storefront.shop.products.map((p) => p.stock);
    const result = await chaos(['run', 'lost-responses', '--speed', '20', '--url', storefront.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '6 shoppers signed up; they buy #1 Desk lamp (60), #2 Notebook (40), #3 Mug (30)',
    );
    expect(result.stdout).toContain('inject   cart: lost-response');
    expect(result.stdout).toContain('checkouts (6 shoppers)');
    expect(result.stdout).toMatch(/^ {2}duplicates +0 /m);
    expect(result.stdout).toMatch(/^ {2}stock returned +0 /m);
    expect(result.stdout).toContain('every order exactly once, stock conserved');
    // Answers were lost and their retries replayed, not done again.
    expect(storefront.shop.counts.lost).toBeGreaterThan(0);
    expect(storefront.shop.counts.replayed).toBeGreaterThan(0);
    const orders = storefront.shop.orders();
    const placed = Number(/^ {2}orders placed +(\d+)/m.exec(result.stdout)?.[1]);
    expect(placed).toBe(orders.length);
    const units = orders.flatMap((o) => o.lines).reduce((n, l) => n + l.quantity, 0);
    expect(result.stdout).toMatch(new RegExp(`^ {2}units ordered +${units}$`, 'm'));
    const after = storefront.shop.products.map((p) => p.stock);
    expect(before.reduce((a, b) => a + b) - after.reduce((a, b) => a + b)).toBe(units);
  });

  test('run bff-crash-mid-checkout: the proxy kills bff-1 three times; the timeline shows each kill', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const result = await chaos(['run', 'bff-crash-mid-checkout', '--speed', '20', '--url', storefront.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(storefront.processes.killed).toEqual(['bff-1', 'bff-1', 'bff-1']);
    // Each kill once in the report's timeline (the live lines before it show them too).
    const report = result.stdout.slice(result.stdout.indexOf('\ntimeline\n'));
    expect(report.match(/kill {5}bff-1: pid \d+, restarts [123]/g)).toHaveLength(3);
    expect(result.stdout).toContain('every order exactly once, stock conserved');
  });

  test('run order-events-consumer-down: choreographed orders wait for the catalog held down, then all settle', async () => {
    const storefront = await startFakeStorefront();
    fakes.push(storefront);
    const url = ['--url', storefront.url];
    const result = await chaos(['run', 'order-events-consumer-down', '--speed', '20', ...url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(storefront.processes.killed).toEqual(['catalog-service']);
    // Switched through the BFF for the run, and put back.
    expect(storefront.shop.mode).toBe('orchestrated');
    expect(result.stdout).toContain(
      'checkout mode        choreographed (switched from orchestrated, put back at the end)',
    );
    const totals =
      /accepted (\d+) \(202, pending\), confirmed (\d+), rejected (\d+), still pending 0; wait median \S+, max (\S+)/.exec(
        result.stdout,
      );
    expect(totals).not.toBeNull();
    const [, accepted, confirmed, rejected, max] = totals ?? [];
    expect(Number(accepted)).toBeGreaterThan(0);
    expect(Number(confirmed) + Number(rejected)).toBe(Number(accepted));
    // The orders placed while the catalog was down (1 s at this speed) waited for it.
    expect(max).toMatch(/^\d+\.\ds$|^[5-9]\d\dms$/);
    expect(result.stdout).toMatch(/^ {4}#\d+ +confirmed +\S+$/m);
    expect(result.stdout).toContain('in orchestrated mode the same outage fails them fast with 503');
    expect(result.stdout).toContain('every order exactly once and settled, stock conserved');
  });

  test('a storefront that ignores idempotency keys: lines added twice are counted, exit code 4', async () => {
    const storefront = await startFakeStorefront({ idempotent: false });
    fakes.push(storefront);
    const result = await chaos(['run', 'lost-responses', '--speed', '20', '--url', storefront.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
    const duplicates = Number(/^ {2}duplicates +(\d+)/m.exec(result.stdout)?.[1]);
    expect(duplicates).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/cart lines added twice: [1-9]/);
    expect(result.stdout).toContain(`duplicates: ${duplicates}`);
  });
});
