// The cart service's checkout records as the fake cart keeps them: the same transition table, compare-and-sets,
// staleness and answers as apps/cart-service/src/db/checkouts-db.ts and routes/checkouts-routes.ts.
import { canonicalJson, keyReusedError } from '@storefront/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorOf } from './fake-ledger.js';

export const CHECKOUT_STATES = ['open', 'reserving', 'releasing', 'ordered', 'completed', 'failed'] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

/** One record, times in ms. */
export interface FakeCheckout {
  id: string;
  userId: number;
  state: CheckoutState;
  shippingAddress: unknown;
  lines: unknown[] | null;
  cartVersion: number | null;
  orderId: number | null;
  error: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
}

interface TransitionInput {
  from: CheckoutState[];
  to: CheckoutState;
  lines?: unknown[];
  cartVersion?: number;
  error?: Record<string, unknown>;
  staleAfterMs?: number;
}

/** Allowed transitions (`ordered` is reached only by placing the order). */
const ALLOWED: Readonly<Record<CheckoutState, readonly CheckoutState[]>> = {
  open: ['reserving', 'failed'],
  reserving: ['releasing', 'failed'],
  releasing: ['open', 'failed'],
  ordered: ['completed'],
  completed: [],
  failed: [],
};

const UNFINISHED: readonly CheckoutState[] = ['reserving', 'releasing', 'ordered'];
export const CHECKOUT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const TRANSITION_KEYS = new Set(['from', 'to', 'lines', 'cartVersion', 'error', 'staleAfterMs']);

const isState = (value: unknown): value is CheckoutState =>
  typeof value === 'string' && (CHECKOUT_STATES as readonly string[]).includes(value);

/** What the real route's schema would refuse (400 INVALID_REQUEST), or undefined. */
function bodyProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body';
  const input = body as Record<string, unknown>;
  const extra = Object.keys(input).find((key) => !TRANSITION_KEYS.has(key));
  if (extra !== undefined) return extra;
  const { from, to, error } = input;
  if (
    !Array.isArray(from) ||
    from.length === 0 ||
    !from.every(isState) ||
    new Set(from).size !== from.length
  ) {
    return 'from';
  }
  if (!isState(to)) return 'to';
  if (error !== undefined) {
    const e = error as Record<string, unknown>;
    if (typeof e.status !== 'number' || typeof e.code !== 'string' || typeof e.message !== 'string')
      return 'error';
  }
  return undefined;
}

/** Why a well-typed transition is refused whatever the state (400 INVALID_TRANSITION), or undefined. */
function transitionProblem(input: TransitionInput): string | undefined {
  const refused = input.from.filter((from) => !ALLOWED[from].includes(input.to));
  if (refused.length > 0) return `No transition from ${refused.join(', ')} to ${input.to}.`;
  if (input.to === 'reserving' && (!input.lines?.length || input.cartVersion === undefined)) {
    return 'A transition to reserving needs the priced lines and the cartVersion.';
  }
  if (input.to === 'failed' && input.error === undefined) return 'A transition to failed needs the error.';
  return undefined;
}

export class FakeCheckouts {
  readonly records = new Map<string, FakeCheckout>();
  /** Every change of state, in order (`ordered` included: the order's transaction makes it). */
  readonly history: Array<{ id: string; from: CheckoutState; to: CheckoutState }> = [];

  /** The state of a record, or undefined. */
  stateOf(id: string): CheckoutState | undefined {
    return this.records.get(id)?.state;
  }

  /** Puts a record in place, as a crashed attempt would have left it; `ageMs` back-dates it. */
  seed(
    record: Partial<FakeCheckout> & Pick<FakeCheckout, 'id' | 'userId' | 'state'>,
    ageMs = 0,
  ): FakeCheckout {
    const at = Date.now() - ageMs;
    const full: FakeCheckout = {
      shippingAddress: null,
      lines: null,
      cartVersion: null,
      orderId: null,
      error: null,
      createdAt: at,
      updatedAt: at,
      ...record,
    };
    this.records.set(full.id, full);
    return full;
  }

  /** Makes records (one, or all) look `ms` older, as if no attempt had touched them since. */
  age(ms: number, id?: string): void {
    for (const record of this.records.values()) {
      if (id === undefined || record.id === id) record.updatedAt -= ms;
    }
  }

  /** `POST /orders`' gate, inside the order's "transaction": only a `reserving` record of this user. */
  orderGate(id: string, userId: number): { code: string; status: number; state?: CheckoutState } | undefined {
    const record = this.records.get(id);
    if (!record || record.userId !== userId) return { status: 404, code: 'CHECKOUT_NOT_FOUND' };
    if (record.state !== 'reserving')
      return { status: 409, code: 'CHECKOUT_NOT_RESERVING', state: record.state };
    return undefined;
  }

  /** `reserving` → `ordered`, with the order, in the order's "transaction". */
  markOrdered(id: string, orderId: number): void {
    const record = this.records.get(id);
    if (record?.state !== 'reserving')
      throw new Error('checkout left reserving inside the order transaction');
    this.move(record, 'ordered');
    record.orderId = orderId;
  }

  private move(record: FakeCheckout, to: CheckoutState): void {
    this.history.push({ id: record.id, from: record.state, to });
    record.state = to;
    record.updatedAt = Date.now();
  }

  /** The record as the service answers it. */
  static view(record: FakeCheckout): Record<string, unknown> {
    return {
      ...record,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  }

  /** Registers `/checkouts*` on the fake cart; `orderOf` finds the order of a checkout id. */
  routes(server: FastifyInstance, orderOf: (id: string) => { id: number; userId: number } | undefined): void {
    const view = FakeCheckouts.view;
    server.get('/checkouts/unfinished', async (request, reply) => {
      const query = request.query as { staleAfterMs?: string; limit?: string };
      const staleAfterMs = Number(query.staleAfterMs ?? 10_000);
      const limit = Number(query.limit ?? 50);
      if (!Number.isInteger(staleAfterMs) || !Number.isInteger(limit) || limit < 1 || limit > 500) {
        return reply.code(400).send(errorOf('INVALID_REQUEST', 'bad query', { param: 'limit' }));
      }
      const cutoff = Date.now() - staleAfterMs;
      const checkouts = [...this.records.values()]
        .filter((r) => UNFINISHED.includes(r.state) && r.updatedAt <= cutoff)
        .sort((a, b) => a.updatedAt - b.updatedAt || a.id.localeCompare(b.id))
        .slice(0, limit);
      return { checkouts: checkouts.map(view) };
    });

    server.put('/checkouts/:id', async (request, reply) => {
      const target = this.target(request, reply);
      if (!target) return reply;
      const body = request.body as { shippingAddress?: unknown } | undefined;
      if (!body || !('shippingAddress' in body)) {
        return reply
          .code(400)
          .send(errorOf('INVALID_REQUEST', 'shippingAddress is required', { field: 'shippingAddress' }));
      }
      const { id, userId } = target;
      const existing = this.records.get(id);
      if (existing) {
        if (existing.userId !== userId) return reply.code(409).send(idConflict());
        if (canonicalJson(existing.shippingAddress) !== canonicalJson(body.shippingAddress)) {
          return reply.code(422).send(keyReusedError().toBody(request.id));
        }
        return { checkout: view(existing) };
      }
      // An id whose order exists (its record was swept) comes back `completed`: no second reservation.
      const order = orderOf(id);
      if (order && order.userId !== userId) return reply.code(409).send(idConflict());
      const record = this.seed({
        id,
        userId,
        state: order ? 'completed' : 'open',
        shippingAddress: body.shippingAddress,
        orderId: order?.id ?? null,
      });
      return reply.code(201).send({ checkout: view(record) });
    });

    server.get('/checkouts/:id', async (request, reply) => {
      const target = this.target(request, reply);
      if (!target) return reply;
      const record = this.records.get(target.id);
      if (!record || record.userId !== target.userId) return reply.code(404).send(notFound());
      return { checkout: view(record) };
    });

    server.post('/checkouts/:id/transitions', async (request, reply) => {
      const target = this.target(request, reply);
      if (!target) return reply;
      const invalid = bodyProblem(request.body);
      if (invalid !== undefined) {
        return reply
          .code(400)
          .send(errorOf('INVALID_REQUEST', `Invalid field "${invalid}"`, { field: invalid }));
      }
      const input = request.body as TransitionInput;
      const problem = transitionProblem(input);
      if (problem !== undefined) return reply.code(400).send(errorOf('INVALID_TRANSITION', problem));
      const record = this.records.get(target.id);
      if (!record || record.userId !== target.userId) return reply.code(404).send(notFound());
      const stale = input.staleAfterMs === undefined || record.updatedAt <= Date.now() - input.staleAfterMs;
      if (!input.from.includes(record.state) || !stale) return { checkout: view(record), changed: false };
      const reserving = input.to === 'reserving';
      const reopened = input.to === 'open';
      if (reserving || reopened) {
        record.lines = reserving ? (input.lines ?? null) : null;
        record.cartVersion = reserving ? (input.cartVersion ?? null) : null;
      }
      if (input.to === 'failed') record.error = input.error ?? null;
      this.move(record, input.to);
      return { checkout: view(record), changed: true };
    });
  }

  /** The checkout id and the signed-in caller, or the 400 the real service answers. */
  private target(request: FastifyRequest, reply: FastifyReply): { id: string; userId: number } | undefined {
    const { id } = request.params as { id: string };
    const userId = Number(request.headers['x-user-id']);
    if (!Number.isSafeInteger(userId) || userId < 1) {
      reply.code(400).send(errorOf('USER_REQUIRED', 'a signed-in user is required'));
      return undefined;
    }
    if (!CHECKOUT_ID.test(id)) {
      reply.code(400).send(errorOf('INVALID_REQUEST', 'invalid checkout id', { param: 'id' }));
      return undefined;
    }
    return { id, userId };
  }
}

function notFound() {
  return errorOf('CHECKOUT_NOT_FOUND', 'Checkout not found.');
}

function idConflict() {
  return errorOf('CHECKOUT_ID_CONFLICT', 'This checkout id belongs to another shopper.');
}
