// Checkout records (issue 11): the durable state of the BFF's checkout saga, kept beside the orders so that the
// order insert and the step to `ordered` are one transaction. Every change is a compare-and-set on the state.

import { createHash } from 'node:crypto';
import { canonicalJson } from '@storefront/service-kit';
import type Database from 'better-sqlite3';
import type {
  Checkout,
  CheckoutError,
  CheckoutMode,
  CheckoutState,
  OrderGateRefusal,
  OrderLineInput,
  ShippingAddress,
  TransitionInput,
} from './types.js';

/** States in which something may still be held (a reservation to release or to commit). */
export const UNFINISHED_STATES = ['reserving', 'releasing', 'ordered'] as const;
/**
 * States that hold nothing; such records are deleted once older than a day, as the idempotency keys are. An
 * `open` record is a checkout nobody retried (or one undone by the recovery): after a day its key is forgotten.
 */
export const FINISHED_STATES = ['open', 'completed', 'failed'] as const;

/** The transitions `POST /checkouts/:id/transitions` may make (`ordered` is only reached by placing the order). */
const ALLOWED: Readonly<Record<CheckoutState, readonly CheckoutState[]>> = {
  open: ['reserving', 'failed'],
  reserving: ['releasing', 'failed'],
  releasing: ['open', 'failed'],
  ordered: ['completed'],
  completed: [],
  failed: [],
};

/** Why a transition request is malformed, whatever the record's state; `undefined` when it is well formed. */
export function transitionProblem(input: TransitionInput): string | undefined {
  const refused = input.from.filter((from) => !ALLOWED[from].includes(input.to));
  if (refused.length > 0) return `No transition from ${refused.join(', ')} to ${input.to}.`;
  if (input.to === 'reserving' && (input.lines === undefined || input.lines.length === 0)) {
    return 'A transition to reserving needs the priced lines.';
  }
  if (input.to === 'reserving' && input.cartVersion === undefined) {
    return 'A transition to reserving needs the cartVersion.';
  }
  if (input.to === 'failed' && input.error === undefined) return 'A transition to failed needs the error.';
  return undefined;
}

/** SHA-256 (hex) of a shipping address (or null), the same for equal addresses whatever their key order. */
export function addressFingerprint(address: ShippingAddress | null): string {
  return createHash('sha256').update(canonicalJson(address)).digest('hex');
}

/** Result of {@link CheckoutsDb.open}. */
export type OpenCheckoutResult =
  | { kind: 'created'; checkout: Checkout }
  | { kind: 'existing'; checkout: Checkout }
  | { kind: 'address-differs' }
  | { kind: 'taken' };

/** Result of {@link CheckoutsDb.transition}. */
export type TransitionResult = { kind: 'not-found' } | { kind: 'done'; checkout: Checkout; changed: boolean };

interface CheckoutRow {
  id: string;
  userId: number;
  state: CheckoutState;
  mode: CheckoutMode;
  addressFingerprint: string;
  shippingAddress: string | null;
  lines: string | null;
  cartVersion: number | null;
  orderId: number | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, user_id AS userId, state, mode, address_fingerprint AS addressFingerprint,
  shipping_address AS shippingAddress, lines, cart_version AS cartVersion, order_id AS orderId, error,
  created_at AS createdAt, updated_at AS updatedAt`;

const UNFINISHED_SQL = UNFINISHED_STATES.map((state) => `'${state}'`).join(', ');
const FINISHED_SQL = FINISHED_STATES.map((state) => `'${state}'`).join(', ');

/** Most finished records one sweep deletes, so that a sweep never holds the write lock for long. */
const SWEEP_BATCH = 5000;

function parsed<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toCheckout(row: CheckoutRow): Checkout {
  return {
    id: row.id,
    userId: row.userId,
    state: row.state,
    mode: row.mode,
    shippingAddress: parsed<ShippingAddress>(row.shippingAddress),
    lines: parsed<OrderLineInput[]>(row.lines),
    cartVersion: row.cartVersion,
    orderId: row.orderId,
    error: parsed<CheckoutError>(row.error),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The `checkouts` table, on the cart database's connection (so `createOrder` can gate on it in one transaction). */
export class CheckoutsDb {
  private readonly stmts;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.stmts = {
      byId: sqlite.prepare<[string], CheckoutRow>(`SELECT ${COLUMNS} FROM checkouts WHERE id = ?`),
      orderOf: sqlite.prepare<[string], { id: number; userId: number }>(
        'SELECT id, user_id AS userId FROM orders WHERE checkout_id = ?',
      ),
      insert: sqlite.prepare<[Omit<CheckoutRow, 'lines' | 'cartVersion' | 'error'>]>(
        `INSERT INTO checkouts (id, user_id, state, mode, address_fingerprint, shipping_address, order_id,
           created_at, updated_at)
         VALUES (@id, @userId, @state, @mode, @addressFingerprint, @shippingAddress, @orderId, @createdAt,
           @updatedAt)`,
      ),
      update: sqlite.prepare<
        [Pick<CheckoutRow, 'id' | 'state' | 'lines' | 'cartVersion' | 'error' | 'updatedAt'>]
      >(
        `UPDATE checkouts SET state = @state, lines = @lines, cart_version = @cartVersion, error = @error,
           updated_at = @updatedAt
         WHERE id = @id`,
      ),
      markOrdered: sqlite.prepare<[number, string, string]>(
        `UPDATE checkouts SET state = 'ordered', order_id = ?, updated_at = ? WHERE id = ? AND state = 'reserving'`,
      ),
      markPlaced: sqlite.prepare<[number, string, string]>(
        `UPDATE checkouts SET state = 'completed', order_id = ?, updated_at = ?
         WHERE id = ? AND state = 'open' AND mode = 'choreographed'`,
      ),
      unfinished: sqlite.prepare<[string, number], CheckoutRow>(
        `SELECT ${COLUMNS} FROM checkouts WHERE state IN (${UNFINISHED_SQL}) AND updated_at <= ?
         ORDER BY updated_at, id LIMIT ?`,
      ),
      sweep: sqlite.prepare<[string, number]>(
        `DELETE FROM checkouts WHERE rowid IN (
           SELECT rowid FROM checkouts WHERE state IN (${FINISHED_SQL}) AND updated_at <= ? LIMIT ?)`,
      ),
    };
  }

  /**
   * Creates the record in `open`, or finds the caller's record with that id (same address fingerprint). An id
   * whose order already exists (its record was swept) gets a `completed` record naming that order, so a late
   * retry never reserves stock a second time.
   */
  open(
    id: string,
    userId: number,
    shippingAddress: ShippingAddress | null,
    mode: CheckoutMode = 'orchestrated',
  ): OpenCheckoutResult {
    const fingerprint = addressFingerprint(shippingAddress);
    return this.sqlite
      .transaction((): OpenCheckoutResult => {
        const existing = this.stmts.byId.get(id);
        if (existing) {
          if (existing.userId !== userId) return { kind: 'taken' };
          if (existing.addressFingerprint !== fingerprint) return { kind: 'address-differs' };
          return { kind: 'existing', checkout: toCheckout(existing) };
        }
        const order = this.stmts.orderOf.get(id);
        if (order && order.userId !== userId) return { kind: 'taken' };
        const at = this.iso(this.now());
        this.stmts.insert.run({
          id,
          userId,
          state: order ? 'completed' : 'open',
          mode,
          addressFingerprint: fingerprint,
          shippingAddress: json(shippingAddress),
          orderId: order?.id ?? null,
          createdAt: at,
          updatedAt: at,
        });
        return { kind: 'created', checkout: this.require(id) };
      })
      .immediate();
  }

  /** The caller's record; `undefined` when missing or someone else's. */
  get(id: string, userId: number): Checkout | undefined {
    const row = this.stmts.byId.get(id);
    return row && row.userId === userId ? toCheckout(row) : undefined;
  }

  /**
   * Compare-and-set: applies `input.to` when the state is one of `input.from` (and, with `staleAfterMs`, the
   * record is at least that old); else answers the record unchanged. The input must be well formed
   * ({@link transitionProblem}).
   */
  transition(id: string, userId: number, input: TransitionInput): TransitionResult {
    return this.sqlite
      .transaction((): TransitionResult => {
        const row = this.stmts.byId.get(id);
        if (!row || row.userId !== userId) return { kind: 'not-found' };
        const now = this.now();
        const stale = input.staleAfterMs === undefined || row.updatedAt <= this.iso(now - input.staleAfterMs);
        if (!input.from.includes(row.state) || !stale) {
          return { kind: 'done', checkout: toCheckout(row), changed: false };
        }
        const reserving = input.to === 'reserving';
        const reopened = input.to === 'open';
        this.stmts.update.run({
          id,
          state: input.to,
          lines: reserving ? json(input.lines) : reopened ? null : row.lines,
          cartVersion: reserving ? (input.cartVersion ?? null) : reopened ? null : row.cartVersion,
          error: input.to === 'failed' ? json(input.error) : row.error,
          updatedAt: this.iso(now),
        });
        return { kind: 'done', checkout: this.require(id), changed: true };
      })
      .immediate();
  }

  /**
   * Whether the user may place the order of checkout `id` now: only from `reserving`. Runs inside the order's
   * transaction; {@link markOrdered} follows the insert in the same transaction.
   */
  orderGate(id: string, userId: number): OrderGateRefusal | undefined {
    const row = this.stmts.byId.get(id);
    if (!row || row.userId !== userId) return { kind: 'checkout-not-found' };
    if (row.state !== 'reserving') return { kind: 'checkout-not-reserving', state: row.state };
    return undefined;
  }

  /** `reserving` → `ordered` with the order's id (in the order's transaction, after {@link orderGate}). */
  markOrdered(id: string, orderId: number): void {
    if (this.stmts.markOrdered.run(orderId, this.iso(this.now()), id).changes !== 1) {
      throw new Error('checkout left reserving inside the order transaction');
    }
  }

  /**
   * A choreographed checkout placed its pending order: `open` → `completed` (in the order's transaction). The
   * rest of that checkout is choreography between the services; the orchestrator's recovery has nothing to do.
   */
  markPlaced(id: string, orderId: number): void {
    if (this.stmts.markPlaced.run(orderId, this.iso(this.now()), id).changes !== 1) {
      throw new Error('checkout left open inside the order transaction');
    }
  }

  /** Records that may still hold a reservation and have not changed for `staleAfterMs`, oldest first. */
  unfinished(staleAfterMs: number, limit: number): Checkout[] {
    return this.stmts.unfinished.all(this.iso(this.now() - staleAfterMs), limit).map(toCheckout);
  }

  /** Deletes finished records not changed for `olderThanMs` (at most one batch); returns how many. */
  deleteFinished(olderThanMs: number): number {
    return this.stmts.sweep.run(this.iso(this.now() - olderThanMs), SWEEP_BATCH).changes;
  }

  private require(id: string): Checkout {
    const row = this.stmts.byId.get(id);
    if (!row) throw new Error('checkout vanished inside its transaction');
    return toCheckout(row);
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}
