import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FaultSpec } from './fault-types.js';
import type { TargetDescription } from './proxy.js';
import { ScenarioRunner, type ScenarioTarget } from './scenario-runner.js';
import { type Scenario, validateScenario } from './scenarios.js';
import { memoryLogger } from './testing/helpers.js';

const ALL_TARGETS = ['catalog', 'cart', 'account', 'remote-catalog', 'remote-cart', 'remote-account'];

/** A target that only remembers its fault and every call. */
function fakeTarget(name: string, calls: string[]): ScenarioTarget & { fault: FaultSpec | null } {
  let fault: FaultSpec | null = null;
  let injectedAt = '';
  let n = 0;
  const describe = (): TargetDescription => ({
    name,
    kind: 'service',
    listen: 1,
    upstream: 'http://127.0.0.1:1/',
    fault: fault === null ? null : { type: fault.type, options: fault.options, injectedAt, expiresAt: null },
  });
  return {
    get fault() {
      return fault;
    },
    async setFault(spec) {
      n += 1;
      fault = spec;
      injectedAt = `${name}-${n}`;
      calls.push(`${Date.now()} set ${name} ${spec.type} ${spec.durationMs}`);
      return describe();
    },
    async clearFault() {
      fault = null;
      calls.push(`${Date.now()} clear ${name}`);
      return describe();
    },
    describe,
  };
}

function scenario(raw: unknown): Scenario {
  return validateScenario(raw, 'test.json', ALL_TARGETS);
}

const outage = scenario({
  name: 'outage',
  description: 'catalog down then cleared, cart slow',
  durationMs: 20_000,
  traffic: { ratePerSec: 1, paths: ['/api/catalog/products'] },
  steps: [
    { atMs: 2000, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
    {
      atMs: 4000,
      action: 'inject',
      target: 'cart',
      type: 'latency',
      options: { ms: 100 },
      durationMs: 10_000,
    },
    { atMs: 12_000, action: 'clear', target: 'catalog' },
  ],
});

let calls: string[];
let targets: Map<string, ReturnType<typeof fakeTarget>>;
let log: ReturnType<typeof memoryLogger>;
let runner: ScenarioRunner;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  calls = [];
  targets = new Map(ALL_TARGETS.map((name) => [name, fakeTarget(name, calls)]));
  log = memoryLogger();
  runner = new ScenarioRunner({ targets, logger: log });
});

afterEach(() => {
  runner.dispose();
  vi.useRealTimers();
});

const scenarioLog = () =>
  log.entries.filter((e) => e.msg === 'scenario').map((e) => `${String(e.name)} ${String(e.event)}`);

describe('ScenarioRunner', () => {
  it('fires the steps in order at their times and reports progress', async () => {
    const run = await runner.start(outage, 1);
    expect(run).toEqual({
      name: 'outage',
      startedAt: new Date(0).toISOString(),
      endsAt: new Date(20_000).toISOString(),
      speed: 1,
    });
    expect(runner.status()).toMatchObject({ name: 'outage', stepsDone: 0, stepsTotal: 3 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['2000 set catalog down 60000']);
    expect(runner.status()?.stepsDone).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([
      '2000 set catalog down 60000',
      '4000 set cart latency 10000',
      '12000 clear catalog',
    ]);
    expect(runner.status()?.stepsDone).toBe(3);
    await vi.advanceTimersByTimeAsync(8000);
    expect(runner.status()).toBeNull();
    expect(scenarioLog()).toEqual([
      'outage started',
      'outage step',
      'outage step',
      'outage step',
      'outage finished',
    ]);
  });

  it('divides times and durations by speed, never below 1 s for a duration', async () => {
    const run = await runner.start(outage, 4);
    expect(run.endsAt).toBe(new Date(5000).toISOString());
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual(['500 set catalog down 15000', '1000 set cart latency 2500', '3000 clear catalog']);

    calls.length = 0;
    await runner.start(outage, 20);
    await vi.advanceTimersByTimeAsync(1000);
    // 10 000 ms / 20 = 500 ms, raised to the 1 s minimum.
    // The first run is cancelled (its cart fault cleared) before the second starts at 3000 ms.
    expect(calls).toEqual([
      '3000 clear cart',
      '3100 set catalog down 3000',
      '3200 set cart latency 1000',
      '3600 clear catalog',
      '4000 clear cart',
    ]);
  });

  it('cancel clears the faults it injected but not a fault set by hand since', async () => {
    await runner.start(outage, 1);
    await vi.advanceTimersByTimeAsync(5000);
    const account = targets.get('account');
    await targets.get('cart')?.setFault({ type: 'hang', options: {}, durationMs: null });
    await account?.setFault({ type: 'down', options: {}, durationMs: null });
    calls.length = 0;
    expect(await runner.cancel()).toBe(true);
    expect(calls).toEqual(['5000 clear catalog']);
    expect(targets.get('cart')?.fault?.type).toBe('hang');
    expect(runner.status()).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual(['5000 clear catalog']);
    expect(scenarioLog()).toEqual(['outage started', 'outage step', 'outage step', 'outage cancelled']);
    expect(await runner.cancel()).toBe(false);
  });

  it('a second run replaces the first: its faults are cleared and its steps never fire', async () => {
    const other = scenario({
      name: 'other',
      description: 'account down',
      durationMs: 10_000,
      traffic: { ratePerSec: 1, paths: ['/api/account/status'] },
      steps: [{ atMs: 0, action: 'inject', target: 'account', type: 'down', durationMs: 5000 }],
    });
    await runner.start(outage, 1);
    await vi.advanceTimersByTimeAsync(2500);
    await runner.start(other, 1);
    expect(runner.status()).toMatchObject({ name: 'other', stepsDone: 0, stepsTotal: 1 });
    await vi.advanceTimersByTimeAsync(20_000);
    // The fake target never expires its fault, so the end of the run clears it.
    expect(calls).toEqual([
      '2000 set catalog down 60000',
      '2500 clear catalog',
      '2500 set account down 5000',
      '12500 clear account',
    ]);
    expect(scenarioLog()).toEqual([
      'outage started',
      'outage step',
      'outage cancelled',
      'other started',
      'other step',
      'other finished',
    ]);
  });

  it('a clear step without a target clears every fault the scenario injected', async () => {
    const all = scenario({
      name: 'all',
      description: 'two faults, one clear',
      durationMs: 10_000,
      traffic: { ratePerSec: 1, paths: ['/'] },
      steps: [
        { atMs: 0, action: 'inject', target: 'catalog', type: 'down' },
        { atMs: 0, action: 'inject', target: 'cart', type: 'hang' },
        { atMs: 1000, action: 'clear' },
      ],
    });
    await runner.start(all, 1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([
      '0 set catalog down null',
      '0 set cart hang null',
      '1000 clear catalog',
      '1000 clear cart',
    ]);
  });
});

describe('kill steps', () => {
  const crash = scenario({
    name: 'crash',
    description: 'cart slow, bff-1 killed twice, then a process that does not exist',
    durationMs: 20_000,
    traffic: { kind: 'checkout', shoppers: 2 },
    steps: [
      {
        atMs: 1000,
        action: 'inject',
        target: 'cart',
        type: 'latency',
        options: { ms: 600 },
        durationMs: 8000,
      },
      { atMs: 2000, action: 'kill', process: 'bff-1' },
      { atMs: 4000, action: 'kill', process: 'bff-1' },
      { atMs: 6000, action: 'kill', process: 'ghost' },
    ],
  });

  it('asks the killer at each kill step, keeps each outcome in the run state and goes on after a failure', async () => {
    let restarts = 0;
    const killer = {
      kill: async (name: string) => {
        calls.push(`${Date.now()} kill ${name}`);
        if (name !== 'bff-1') throw new Error(`the supervisor runs no process "${name}"`);
        restarts += 1;
        return { name, pid: 100 + restarts, restarts };
      },
    };
    runner = new ScenarioRunner({ targets, logger: log, killer });
    expect(runner.canKill).toBe(true);
    await runner.start(crash, 2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual([
      '500 set cart latency 4000',
      '1000 kill bff-1',
      '2000 kill bff-1',
      '3000 kill ghost',
    ]);
    const status = runner.status();
    expect(status?.stepsDone).toBe(4);
    expect(status?.kills).toEqual([
      {
        step: 1,
        process: 'bff-1',
        at: new Date(1000).toISOString(),
        result: 'killed',
        pid: 101,
        restarts: 1,
        message: null,
      },
      expect.objectContaining({ step: 2, result: 'killed', pid: 102 }),
      expect.objectContaining({
        step: 3,
        process: 'ghost',
        result: 'failed',
        pid: null,
        message: 'the supervisor runs no process "ghost"',
      }),
    ]);
    expect(log.entries.filter((e) => e.msg === 'scenario step failed')).toEqual([
      expect.objectContaining({ action: 'kill', process: 'ghost', level: 'error' }),
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runner.status()).toBeNull();
    expect(scenarioLog().at(-1)).toBe('crash finished');
  });

  it('passes a held kill to the supervisor, its downForMs divided by the speed like every scenario time', async () => {
    const held: (number | undefined)[] = [];
    const killer = {
      kill: async (name: string, opts?: { downForMs?: number }) => {
        held.push(opts?.downForMs);
        return { name, pid: 7, restarts: 1 };
      },
    };
    runner = new ScenarioRunner({ targets, logger: log, killer });
    const outage = scenario({
      name: 'outage',
      description: 'the catalog held down for 12 s',
      durationMs: 20_000,
      traffic: { kind: 'checkout', shoppers: 2 },
      steps: [
        { atMs: 1000, action: 'kill', process: 'catalog-service', downForMs: 12_000 },
        { atMs: 2000, action: 'kill', process: 'bff-1' },
      ],
    });
    await runner.start(outage, 4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(held).toEqual([3000, undefined]);
  });

  it('without a supervisor, a kill step fails in the run state and nothing else stops', async () => {
    expect(runner.canKill).toBe(false);
    await runner.start(crash, 1);
    await vi.advanceTimersByTimeAsync(7000);
    expect(runner.status()?.kills.map((kill) => kill.result)).toEqual(['failed', 'failed', 'failed']);
    expect(runner.status()?.stepsDone).toBe(4);
    expect(calls).toEqual(['1000 set cart latency 8000']);
  });
});
