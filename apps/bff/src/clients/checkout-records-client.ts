// The cart service's checkout records (`/checkouts*`): the saga's progress, written before each step, so that any
// BFF replica can resume or replay a checkout after a crash anywhere (docs/cart-and-account.md, "Checkout").
import type { CheckoutMode } from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';
import type { UpstreamOutcome } from '../upstream/types.js';
import type { Upstream } from '../upstream/upstream.js';
import type { NewOrder } from './cart-client.js';
import { invalidResponse, isInteger, isRecord, type JsonObject, jsonOf } from './service-answer.js';

const SERVICE = 'cart';

/** Where a checkout stands; see the cart service's transition table. */
export const CHECKOUT_STATES = ['open', 'reserving', 'releasing', 'ordered', 'completed', 'failed'] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

/** The final 4xx answer of a failed checkout, replayed to a retry with the same key. */
export interface StoredError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** One checkout record. */
export interface CheckoutRecord {
  id: string;
  userId: number;
  state: CheckoutState;
  /** How this checkout runs; chosen by the cart service's setting when the record was opened. */
  mode: CheckoutMode;
  lines: NewOrder['lines'] | null;
  cartVersion: number | null;
  orderId: number | null;
  error: StoredError | null;
  updatedAt: string;
}

/** A compare-and-set: move from one of `from` to `to`, with what the new state needs. */
export interface Transition {
  from: CheckoutState[];
  to: CheckoutState;
  lines?: NewOrder['lines'];
  cartVersion?: number;
  error?: StoredError;
  /** Only when the record has not changed for this long (the recovery leaves live checkouts alone). */
  staleAfterMs?: number;
}

function isState(value: unknown): value is CheckoutState {
  return typeof value === 'string' && (CHECKOUT_STATES as readonly string[]).includes(value);
}

function storedErrorOf(raw: unknown): StoredError | null {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw) || !isInteger(raw.status) || typeof raw.code !== 'string') {
    throw invalidResponse(SERVICE, 'checkout error');
  }
  const message = typeof raw.message === 'string' ? raw.message : raw.code;
  return isRecord(raw.details)
    ? { status: raw.status, code: raw.code, message, details: raw.details }
    : { status: raw.status, code: raw.code, message };
}

/** Checks a record's fields; the order lines are the BFF's own (it wrote them) and kept as they are. */
export function toCheckoutRecord(raw: unknown): CheckoutRecord {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !isInteger(raw.userId) || !isState(raw.state)) {
    throw invalidResponse(SERVICE, 'checkout');
  }
  const { lines, cartVersion, orderId } = raw;
  return {
    id: raw.id,
    userId: raw.userId,
    state: raw.state,
    mode: raw.mode === 'choreographed' ? 'choreographed' : 'orchestrated',
    lines: Array.isArray(lines) ? (lines as NewOrder['lines']) : null,
    cartVersion: isInteger(cartVersion) ? cartVersion : null,
    orderId: isInteger(orderId) ? orderId : null,
    error: storedErrorOf(raw.error),
    updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
  };
}

/** A stored failure as the error the shopper gets (again). */
export function errorOfRecord(error: StoredError): ApiError {
  return new ApiError(error.status, error.code, error.message, { details: error.details ?? {} });
}

function recordOf(outcome: UpstreamOutcome): CheckoutRecord {
  return toCheckoutRecord(jsonOf(SERVICE, outcome).checkout);
}

/** Checkout records on the cart service, behind the cart upstream's policy. */
export class CheckoutRecordsClient {
  constructor(private readonly upstream: Upstream) {}

  /** `PUT /checkouts/:id`: the record of this key (new in `open`, or as an earlier attempt left it). */
  async open(
    userId: number,
    id: string,
    shippingAddress: unknown,
    requestId: string,
  ): Promise<CheckoutRecord> {
    const outcome = await this.upstream.request({
      method: 'PUT',
      path: `/checkouts/${encodeURIComponent(id)}`,
      headers: { 'x-user-id': String(userId) },
      body: { shippingAddress },
      // A PUT of the same record is idempotent by nature: safe to retry.
      repeatable: true,
      requestId,
    });
    return recordOf(outcome);
  }

  /** `POST /checkouts/:id/transitions`: the record after the compare-and-set, and whether it moved. */
  async transition(
    record: Pick<CheckoutRecord, 'id' | 'userId'>,
    transition: Transition,
    requestId: string,
  ): Promise<{ record: CheckoutRecord; changed: boolean }> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: `/checkouts/${encodeURIComponent(record.id)}/transitions`,
      headers: { 'x-user-id': String(record.userId) },
      body: transition,
      // Repeated after it applied, a compare-and-set finds the new state (`changed: false`, state = `to`).
      repeatable: true,
      requestId,
    });
    const json: JsonObject = jsonOf(SERVICE, outcome);
    return { record: toCheckoutRecord(json.checkout), changed: json.changed === true };
  }

  /** `GET /checkouts/unfinished`: records a crashed attempt left holding stock, oldest first. */
  async unfinished(staleAfterMs: number, limit: number, requestId: string): Promise<CheckoutRecord[]> {
    const outcome = await this.upstream.request({
      path: '/checkouts/unfinished',
      query: { staleAfterMs, limit },
      savedCopy: 'none',
      requestId,
    });
    const { checkouts } = jsonOf(SERVICE, outcome);
    if (!Array.isArray(checkouts)) throw invalidResponse(SERVICE, 'checkout list');
    return checkouts.map(toCheckoutRecord);
  }
}
