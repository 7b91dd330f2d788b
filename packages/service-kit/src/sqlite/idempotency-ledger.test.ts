import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../api-error.js';
import { IdempotencyLedger } from './idempotency-ledger.js';

function setup(options: { maxKeysPerCaller?: number } = {}) {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE effects (id INTEGER PRIMARY KEY, caller TEXT NOT NULL)');
  let clock = 1_000_000;
  const ledger = new IdempotencyLedger(sqlite, { ...options, ttlMs: 10_000, now: () => clock });
  const effects = () => sqlite.prepare('SELECT count(*) FROM effects').pluck().get();
  const add = (caller: string) => () => {
    // A transaction of its own, as a service's db method has: it becomes a savepoint inside the ledger's.
    const id = sqlite.transaction(
      () => sqlite.prepare('INSERT INTO effects (caller) VALUES (?)').run(caller).lastInsertRowid,
    )();
    return { status: 201, body: { id: Number(id) } };
  };
  return { sqlite, ledger, effects, add, tick: (ms: number) => (clock += ms) };
}

describe('IdempotencyLedger', () => {
  it('runs the effect once per caller and key and replays its answer', () => {
    const { ledger, effects, add } = setup();
    const entry = { caller: 'user:1', key: 'k1', fingerprint: 'f' };
    const first = ledger.run(entry, add('user:1'));
    const again = ledger.run(entry, add('user:1'));
    expect(first).toEqual({ status: 201, body: { id: 1 }, replayed: false });
    expect(again).toEqual({ status: 201, body: { id: 1 }, replayed: true });
    expect(effects()).toBe(1);
    // The same key of another caller is another request.
    expect(ledger.run({ ...entry, caller: 'user:2' }, add('user:2')).replayed).toBe(false);
    expect(effects()).toBe(2);
  });

  it('refuses a key reused with another fingerprint (422) and changes nothing', () => {
    const { ledger, effects, add } = setup();
    ledger.run({ caller: 'c', key: 'k', fingerprint: 'a' }, add('c'));
    let thrown: unknown;
    try {
      ledger.run({ caller: 'c', key: 'k', fingerprint: 'b' }, add('c'));
    } catch (error) {
      thrown = error;
    }
    expect(isApiError(thrown) && thrown.statusCode === 422 && thrown.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(effects()).toBe(1);
  });

  it('stores nothing when the effect throws: the effect rolls back and a retry runs again', () => {
    const { sqlite, ledger, effects, add } = setup();
    const failing = () => {
      sqlite.prepare('INSERT INTO effects (caller) VALUES (?)').run('c');
      throw new Error('boom');
    };
    expect(() => ledger.run({ caller: 'c', key: 'k', fingerprint: 'f' }, failing)).toThrow('boom');
    expect(effects()).toBe(0);
    expect(ledger.count()).toBe(0);
    expect(ledger.run({ caller: 'c', key: 'k', fingerprint: 'f' }, add('c')).replayed).toBe(false);
  });

  it('forgets keys after the TTL, and the sweep deletes them', () => {
    const { ledger, effects, add, tick } = setup();
    ledger.run({ caller: 'c', key: 'k', fingerprint: 'f' }, add('c'));
    tick(10_001);
    expect(ledger.run({ caller: 'c', key: 'k', fingerprint: 'f' }, add('c')).replayed).toBe(false);
    expect(effects()).toBe(2);
    tick(10_001);
    expect(ledger.sweep()).toBe(1);
    expect(ledger.count()).toBe(0);
  });

  it("bounds each caller's keys without touching another caller's", () => {
    const { ledger, add, tick } = setup({ maxKeysPerCaller: 3 });
    ledger.run({ caller: 'shopper', key: 'mine', fingerprint: 'f' }, add('shopper'));
    for (let i = 0; i < 50; i += 1) {
      tick(1);
      ledger.run({ caller: 'flood', key: `k${i}`, fingerprint: 'f' }, add('flood'));
    }
    expect(ledger.count('flood')).toBe(3);
    expect(ledger.run({ caller: 'shopper', key: 'mine', fingerprint: 'f' }, add('shopper')).replayed).toBe(
      true,
    );
  });
});
