import { join } from 'node:path';
import { TEST_SERVICE_SECRET, tempDir } from '@storefront/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { FINISHED_CHECKOUT_TTL_MS } from '../plugins/checkout-sweep-plugin.js';
import { PRICED_LINE } from '../testing/cart-app.js';
import { snapshot } from '../testing/fixtures.js';
import { CartDb } from './cart-db.js';
import { CheckoutsDb, transitionProblem } from './checkouts-db.js';
import { SCHEMA_VERSION } from './schema.js';

let temp: ReturnType<typeof tempDir>;
let dbPath: string;

beforeEach(() => {
  temp = tempDir('cart-service');
  dbPath = join(temp.dir, 'cart.db');
});

afterEach(() => {
  temp.cleanup();
});

const ERROR = { status: 409, code: 'INSUFFICIENT_STOCK', message: 'Not enough stock.' };
const HOUR = 60 * 60 * 1000;

describe('schema', () => {
  it('upgrades a version 1 file (no checkouts table) on open, keeping its carts', () => {
    const old = new CartDb(dbPath);
    old.putLine('user:1', 7, { quantity: 2, mode: 'add', snapshot: snapshot() });
    old.sqlite.exec('DROP TABLE checkouts');
    old.sqlite.pragma('user_version = 1');
    old.close();

    const db = new CartDb(dbPath);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.getCart('user:1')).toMatchObject({ itemCount: 2, version: 1 });
      expect(db.checkouts.open('chk_upgraded_1', 1, null).kind).toBe('created');
    } finally {
      db.close();
    }
  });
});

describe('CheckoutsDb', () => {
  let cart: CartDb;
  let clock: number;
  let checkouts: CheckoutsDb;

  beforeEach(() => {
    cart = new CartDb(dbPath);
    clock = Date.parse('2030-01-01T00:00:00.000Z');
    checkouts = new CheckoutsDb(cart.sqlite, () => clock);
  });

  afterEach(() => {
    cart.close();
  });

  /** A checkout of user 1 driven to `failed`, `completed` or left `reserving`. */
  function checkoutIn(id: string, state: 'reserving' | 'failed' | 'completed'): void {
    checkouts.open(id, 1, null);
    checkouts.transition(id, 1, { from: ['open'], to: 'reserving', lines: [PRICED_LINE], cartVersion: 0 });
    if (state === 'failed') checkouts.transition(id, 1, { from: ['reserving'], to: 'failed', error: ERROR });
    if (state === 'completed') {
      checkouts.markOrdered(id, 42);
      checkouts.transition(id, 1, { from: ['ordered'], to: 'completed' });
    }
  }

  it('deletes finished records older than the TTL, never unfinished ones', () => {
    checkoutIn('chk_failed_old', 'failed');
    checkoutIn('chk_completed_old', 'completed');
    checkoutIn('chk_reserving_old', 'reserving');
    clock += 2 * HOUR;
    checkoutIn('chk_failed_recent', 'failed');

    clock += FINISHED_CHECKOUT_TTL_MS - HOUR;
    expect(checkouts.deleteFinished(FINISHED_CHECKOUT_TTL_MS)).toBe(2);
    const left = cart.sqlite.prepare('SELECT id FROM checkouts ORDER BY id').pluck().all();
    expect(left).toEqual(['chk_failed_recent', 'chk_reserving_old']);
    clock += 365 * 24 * HOUR;
    expect(checkouts.deleteFinished(FINISHED_CHECKOUT_TTL_MS)).toBe(1);
    expect(checkouts.get('chk_reserving_old', 1)?.state).toBe('reserving');
  });

  it('refuses markOrdered outside reserving (the order transaction then rolls back)', () => {
    checkoutIn('chk_failed_one', 'failed');
    expect(() => checkouts.markOrdered('chk_failed_one', 1)).toThrow('checkout left reserving');
  });
});

describe('transitionProblem', () => {
  it('accepts exactly the allowed pairs with their fields', () => {
    const reserving = { to: 'reserving' as const, lines: [PRICED_LINE], cartVersion: 0 };
    expect(transitionProblem({ from: ['open'], ...reserving })).toBeUndefined();
    expect(
      transitionProblem({ from: ['open', 'reserving', 'releasing'], to: 'failed', error: ERROR }),
    ).toBeUndefined();
    expect(transitionProblem({ from: ['reserving'], to: 'releasing' })).toBeUndefined();
    expect(transitionProblem({ from: ['releasing'], to: 'open' })).toBeUndefined();
    expect(transitionProblem({ from: ['ordered'], to: 'completed' })).toBeUndefined();
    expect(transitionProblem({ from: ['open', 'ordered'], to: 'releasing' })).toBe(
      'No transition from open, ordered to releasing.',
    );
    expect(transitionProblem({ from: ['open'], to: 'reserving', cartVersion: 0 })).toMatch(/lines/);
    expect(transitionProblem({ from: ['open'], to: 'reserving', lines: [PRICED_LINE] })).toMatch(
      /cartVersion/,
    );
    expect(transitionProblem({ from: ['open'], to: 'failed' })).toMatch(/error/);
  });
});

it('sweeps finished checkouts in the background, and stops when the app closes', async () => {
  const app = build({ dbPath, sweepEveryMs: 10, serviceSecret: TEST_SERVICE_SECRET });
  try {
    await app.ready();
    const { checkouts } = app.db;
    checkouts.open('chk_old_failed', 1, null);
    checkouts.transition('chk_old_failed', 1, { from: ['open'], to: 'failed', error: ERROR });
    checkouts.open('chk_old_open_1', 1, null);
    checkouts.open('chk_old_reserving', 1, null);
    checkouts.transition('chk_old_reserving', 1, {
      from: ['open'],
      to: 'reserving',
      lines: [{ productId: 1, name: 'Lamp', unitPriceCents: 100, currency: 'EUR', quantity: 1 }],
      cartVersion: 1,
    });
    const old = new Date(Date.now() - FINISHED_CHECKOUT_TTL_MS - 1000).toISOString();
    app.db.sqlite.prepare('UPDATE checkouts SET updated_at = ?').run(old);
    await expect.poll(() => checkouts.get('chk_old_failed', 1), { timeout: 2000 }).toBeUndefined();
    // An open record holds nothing: forgotten like its key. One that may hold stock never is.
    expect(checkouts.get('chk_old_open_1', 1)).toBeUndefined();
    expect(checkouts.get('chk_old_reserving', 1)?.state).toBe('reserving');
  } finally {
    await app.close();
  }
});
