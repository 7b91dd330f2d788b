import { type FaultOptionInfo, type FaultTypeInfo, FaultTypesAnswer, problemsOf } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { FAULT_TYPES } from './fault-types.js';
import { validateFault } from './faults.js';

let app: FastifyInstance;
let listed: { types: FaultTypeInfo[]; durationMs: { min: number; max: number } };

beforeAll(async () => {
  // A target nobody listens behind: these tests only inject, they never send traffic.
  app = build({ targets: [{ name: 'catalog', kind: 'service', listen: 0, upstream: 'http://127.0.0.1:9' }] });
  await app.ready();
  listed = (await app.inject({ url: '/faults/types' })).json();
});

afterAll(async () => {
  await app.close();
});

/** The required options of a type at their minimum: the smallest valid set. */
function requiredOptions(info: FaultTypeInfo): Record<string, number> {
  return Object.fromEntries(info.options.filter((o) => o.required).map((o) => [o.name, o.min]));
}

/** Each (type, option) pair the list announces. */
function everyOption(): [string, FaultTypeInfo, FaultOptionInfo][] {
  return listed.types.flatMap((info) =>
    info.options.map((option): [string, FaultTypeInfo, FaultOptionInfo] => [
      `${info.type}.${option.name}`,
      info,
      option,
    ]),
  );
}

const put = (payload: unknown) =>
  app.inject({ method: 'PUT', url: '/faults/catalog', payload: payload as Record<string, unknown> });

describe('GET /faults/types', () => {
  it("answers the contract's FaultTypesAnswer once the BFF adds meta, and no meta of its own", async () => {
    const res = await app.inject({ url: '/faults/types' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).not.toHaveProperty('meta');
    expect(problemsOf(FaultTypesAnswer, { ...body, meta: { requestId: 'x' } })).toEqual([]);
  });

  it('lists every type the validator accepts, in order, with the duration bounds', () => {
    expect(listed.types.map((info) => info.type)).toEqual([...FAULT_TYPES]);
    expect(listed.durationMs).toEqual({ min: 1000, max: 3_600_000 });
    const latency = listed.types.find((info) => info.type === 'latency');
    expect(latency?.description).toMatch(/ms .*jitterMs/);
    expect(latency?.options).toEqual([
      expect.objectContaining({ name: 'ms', unit: 'ms', min: 0, max: 60_000, required: true, default: null }),
      expect.objectContaining({
        name: 'jitterMs',
        unit: 'ms',
        min: 0,
        max: 60_000,
        required: false,
        default: 0,
      }),
    ]);
    // A type the list does not name is refused.
    expect(validateFault({ type: 'explode' })).toMatchObject({ ok: false });
  });

  it('lists lost-response: every answer by default, reset at once unless held', () => {
    const lost = listed.types.find((info) => info.type === 'lost-response');
    expect(lost?.description).toMatch(/committed/);
    expect(lost?.options).toEqual([
      expect.objectContaining({
        name: 'percent',
        unit: 'percent',
        min: 1,
        max: 100,
        required: false,
        default: 100,
      }),
      expect.objectContaining({
        name: 'holdMs',
        unit: 'ms',
        min: 0,
        max: 60_000,
        required: false,
        default: 0,
      }),
    ]);
    expect(validateFault({ type: 'lost-response', options: { percent: 12.5 } })).toMatchObject({
      ok: true,
      fault: { type: 'lost-response', options: { percent: 12.5, holdMs: 0 }, durationMs: null },
    });
  });

  it('says in words what each type and option does', () => {
    for (const info of listed.types) {
      expect(info.description.length, info.type).toBeGreaterThan(20);
      for (const option of info.options) expect(option.description.length, option.name).toBeGreaterThan(8);
    }
  });

  it('lists defaults that lie within their bounds and only for optional options', () => {
    for (const [label, , option] of everyOption()) {
      expect(option.required, label).toBe(option.default === null);
      if (option.default !== null) {
        expect(option.default, label).toBeGreaterThanOrEqual(option.min);
        expect(option.default, label).toBeLessThanOrEqual(option.max);
      }
    }
  });
});

describe('the list and the validator agree', () => {
  it.each(['min', 'max', 'default'] as const)('PUT accepts every listed option at its %s', async (which) => {
    for (const [label, info, option] of everyOption()) {
      const value = option[which];
      if (value === null) continue;
      const res = await put({ type: info.type, options: { ...requiredOptions(info), [option.name]: value } });
      expect(res.statusCode, `${label} = ${value}: ${res.body}`).toBe(200);
      expect(res.json().target.fault.options[option.name], label).toBe(value);
    }
  });

  it('PUT refuses every listed option just beyond its bounds, naming it', async () => {
    for (const [label, info, option] of everyOption()) {
      for (const value of [option.min - 1, option.max + 1]) {
        const res = await put({
          type: info.type,
          options: { ...requiredOptions(info), [option.name]: value },
        });
        expect(res.statusCode, `${label} = ${value}`).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'INVALID_REQUEST',
          message: expect.stringContaining(`options.${option.name} must be`),
        });
      }
    }
  });

  it('PUT fills in the listed default of an absent option and refuses an absent required one', async () => {
    for (const [label, info, option] of everyOption()) {
      const options = requiredOptions(info);
      delete options[option.name];
      const res = await put({ type: info.type, options });
      if (option.required) {
        expect(res.statusCode, label).toBe(400);
        expect(res.json().error.message, label).toContain(`options.${option.name} is required`);
      } else {
        expect(res.json().target.fault.options[option.name], label).toBe(option.default);
      }
    }
  });

  it('PUT refuses an option the list does not give the type', async () => {
    for (const info of listed.types) {
      const res = await put({ type: info.type, options: { ...requiredOptions(info), bogus: 1 } });
      expect(res.statusCode, info.type).toBe(400);
      expect(res.json().error.message, info.type).toContain('"bogus"');
    }
  });

  it('PUT accepts durationMs at the listed bounds and refuses it beyond', async () => {
    const { min, max } = listed.durationMs;
    for (const durationMs of [min, max])
      expect((await put({ type: 'down', durationMs })).statusCode).toBe(200);
    for (const durationMs of [min - 1, max + 1]) {
      const res = await put({ type: 'down', durationMs });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain(`durationMs must be an integer from ${min} to ${max}`);
    }
  });
});
