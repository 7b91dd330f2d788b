import { problemsOf, ScenariosAnswer } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { validateScenario } from '../scenarios.js';
import { startUpstream, type Upstream } from '../testing/helpers.js';
import { type ManualTimers, manualTimers } from '../testing/manual-timers.js';

let upstream: Upstream;
let app: FastifyInstance;
let timers: ManualTimers;

const outage = validateScenario(
  {
    name: 'outage',
    description: 'catalog down for 5 s',
    durationMs: 10_000,
    traffic: { ratePerSec: 1, paths: ['/api/catalog/products'] },
    steps: [
      { atMs: 1000, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
      // Cleared 5 s before the end: the recovery tail every scenario keeps.
      { atMs: 5000, action: 'clear', target: 'catalog' },
    ],
  },
  'outage.json',
);

beforeEach(async () => {
  upstream = await startUpstream();
  timers = manualTimers();
  app = build({
    targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() }],
    scenarios: [outage],
    scenarioTimers: timers,
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  await upstream.app.close();
});

async function advance(ms: number): Promise<void> {
  timers.advance(ms);
  await app.scenarioRunner.idle();
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const faults = async () => (await app.inject({ url: '/faults' })).json();
const run = (name: string, payload?: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: `/scenarios/${name}/run`,
    headers: JSON_HEADERS,
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  });

describe('scenario routes', () => {
  it('GET /scenarios lists the scenarios with their traffic and their steps as written', async () => {
    const res = await app.inject({ url: '/scenarios' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      scenarios: [
        {
          name: 'outage',
          description: 'catalog down for 5 s',
          durationMs: 10_000,
          traffic: { ratePerSec: 1, paths: ['/api/catalog/products'] },
          steps: [
            { atMs: 1000, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
            { atMs: 5000, action: 'clear', target: 'catalog' },
          ],
        },
      ],
    });
  });

  it("answers GET /scenarios in the contract's shape, a clear step without a target included", async () => {
    const sweep = validateScenario(
      {
        name: 'sweep',
        description: 'two faults, then one clear for both',
        durationMs: 10_000,
        traffic: { ratePerSec: 2, paths: ['/api/catalog/products', 'registry:cart'] },
        steps: [
          { atMs: 0, action: 'inject', target: 'catalog', type: 'errors', options: { percent: 12.5 } },
          { atMs: 0, action: 'inject', target: 'catalog', type: 'latency', options: { ms: 300 } },
          { atMs: 2000, action: 'clear' },
        ],
      },
      'sweep.json',
    );
    const other = build({
      targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() }],
      scenarios: [outage, sweep],
    });
    const body = (await other.inject({ url: '/scenarios' })).json();
    await other.close();
    expect(body.scenarios.map((s: { name: string }) => s.name)).toEqual(['outage', 'sweep']);
    // As the BFF forwards it, with its meta.
    expect(problemsOf(ScenariosAnswer, { ...body, meta: { requestId: 'x' } })).toEqual([]);
  });

  it('runs a scenario: 202, then GET /faults shows its progress and its faults', async () => {
    expect((await faults()).scenario).toBeNull();
    const res = await run('outage', { speed: 2 });
    expect(res.statusCode).toBe(202);
    const { run: started } = res.json();
    expect(started).toMatchObject({ name: 'outage', speed: 2 });
    expect(Date.parse(started.endsAt) - Date.parse(started.startedAt)).toBe(5000);
    expect((await faults()).scenario).toEqual({ ...started, stepsDone: 0, stepsTotal: 2, kills: [] });

    await advance(500);
    let body = await faults();
    expect(body.scenario.stepsDone).toBe(1);
    expect(body.targets[0].fault).toMatchObject({ type: 'down' });

    await advance(2500);
    body = await faults();
    expect(body.scenario.stepsDone).toBe(2);
    expect(body.targets[0].fault).toBeNull();

    await advance(2000);
    expect((await faults()).scenario).toBeNull();
  });

  it('DELETE /scenarios/current cancels the run and clears its faults', async () => {
    await run('outage');
    await advance(1000);
    expect((await faults()).targets[0].fault).not.toBeNull();
    const res = await app.inject({ method: 'DELETE', url: '/scenarios/current' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ cancelled: { name: 'outage', stepsDone: 1 }, scenario: null });
    const body = await faults();
    expect(body.scenario).toBeNull();
    expect(body.targets[0].fault).toBeNull();
    expect(timers.pending()).toBe(0);
    // Nothing running: still 200.
    const again = await app.inject({ method: 'DELETE', url: '/scenarios/current' });
    expect(again.json()).toEqual({ cancelled: null, scenario: null });
  });

  it('DELETE /faults also cancels the running scenario', async () => {
    await run('outage');
    await advance(1000);
    expect((await app.inject({ method: 'DELETE', url: '/faults' })).statusCode).toBe(200);
    expect((await faults()).scenario).toBeNull();
    expect(timers.pending()).toBe(0);
  });

  it('answers 404 UNKNOWN_SCENARIO and 400 INVALID_REQUEST', async () => {
    const unknown = await run('nope', { speed: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('UNKNOWN_SCENARIO');
    for (const payload of [{ speed: 50 }, { speed: 0.05 }, { speed: 'fast' }, { pace: 2 }]) {
      const res = await run('outage', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_REQUEST');
    }
    const notJson = await app.inject({
      method: 'POST',
      url: '/scenarios/outage/run',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('INVALID_REQUEST');
    expect((await faults()).scenario).toBeNull();
  });
});

describe('kill steps and checkout traffic', () => {
  const crash = validateScenario(
    {
      name: 'crash',
      description: 'shoppers check out while bff-1 is killed',
      durationMs: 10_000,
      traffic: { kind: 'checkout', shoppers: 3 },
      steps: [
        { atMs: 1000, action: 'inject', target: 'catalog', type: 'lost-response', options: { percent: 30 } },
        { atMs: 2000, action: 'kill', process: 'bff-1' },
        { atMs: 3000, action: 'clear' },
      ],
    },
    'crash.json',
  );

  async function appWith(supervisor: Parameters<typeof build>[0]['supervisor']): Promise<FastifyInstance> {
    const other = build({
      targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: upstream.url.toString() }],
      scenarios: [outage, crash],
      scenarioTimers: timers,
      supervisor,
    });
    await other.ready();
    return other;
  }

  it("lists them in the contract's shape, checkout traffic with its defaults", async () => {
    const other = await appWith(null);
    const listed = (await other.inject({ url: '/scenarios' })).json();
    await other.close();
    expect(listed.scenarios[1]).toMatchObject({
      name: 'crash',
      traffic: { kind: 'checkout', shoppers: 3, pauseMs: 1000, graceMs: 20_000 },
      steps: [{ action: 'inject' }, { atMs: 2000, action: 'kill', process: 'bff-1' }, { action: 'clear' }],
    });
    expect(problemsOf(ScenariosAnswer, { ...listed, meta: { requestId: 'x' } })).toEqual([]);
  });

  it('refuses to run a scenario with kill steps without a supervisor: 409 SUPERVISOR_UNAVAILABLE', async () => {
    const other = await appWith(null);
    const res = await other.inject({ method: 'POST', url: '/scenarios/crash/run', headers: JSON_HEADERS });
    const state = (await other.inject({ url: '/faults' })).json();
    // A scenario without kill steps still runs.
    const plain = await other.inject({ method: 'POST', url: '/scenarios/outage/run', headers: JSON_HEADERS });
    await other.close();
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'SUPERVISOR_UNAVAILABLE',
      message: expect.stringContaining('kills processes (bff-1)'),
    });
    expect(res.json().error.message).toContain('SUPERVISOR_URL');
    expect(state.scenario).toBeNull();
    expect(plain.statusCode).toBe(202);
  });

  it('runs kill steps through the supervisor and shows how each went in GET /faults', async () => {
    const killed: string[] = [];
    const other = await appWith({
      kill: async (name) => {
        killed.push(name);
        return { name, pid: 321, restarts: 1 };
      },
    });
    expect(
      (await other.inject({ method: 'POST', url: '/scenarios/crash/run', headers: JSON_HEADERS })).statusCode,
    ).toBe(202);
    timers.advance(2000);
    await other.scenarioRunner.idle();
    const state = (await other.inject({ url: '/faults' })).json();
    await other.close();
    expect(killed).toEqual(['bff-1']);
    expect(state.targets[0].fault).toMatchObject({
      type: 'lost-response',
      options: { percent: 30, holdMs: 0 },
    });
    expect(state.scenario).toMatchObject({
      name: 'crash',
      stepsDone: 2,
      kills: [{ step: 1, process: 'bff-1', result: 'killed', pid: 321, restarts: 1, message: null }],
    });
  });
});
