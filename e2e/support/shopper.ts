// A shopper as a script sees the storefront: its own cookie jar, JSON calls, and writes that keep their
// Idempotency-Key while they retry (what the remotes do), for the crash and replica tests.
import { createHash } from 'node:crypto';

/** One answer; status 0 when no HTTP answer came back (reset, refused, timeout). */
export interface Answer {
  status: number;
  json: Record<string, unknown> | null;
  replayed: boolean;
}

/** The checkout id the BFF derives for a signed-in user's key (apps/bff/src/plugins/idempotency.ts). */
export function checkoutIdOf(userId: number, key: string): string {
  return createHash('sha256').update(`user:${userId}\n${key}`).digest('base64url');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiShopper {
  private readonly cookies = new Map<string, string>();
  userId = 0;

  constructor(readonly baseUrl: string) {}

  /** One call; `base` sends it elsewhere (e.g. straight to one BFF replica) with the same cookies. */
  async call(
    method: string,
    path: string,
    options: { body?: unknown; key?: string; base?: string; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // Writes are JSON, a body-less one included (the BFF's cross-site guard refuses other POST/PUT/PATCH).
    if (options.body !== undefined || method !== 'GET') headers['content-type'] = 'application/json';
    if (options.key) headers['idempotency-key'] = options.key;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    try {
      const res = await fetch(`${options.base ?? this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair?.indexOf('=') ?? -1;
        if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const text = await res.text();
      const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null;
      return { status: res.status, json, replayed: res.headers.get('idempotent-replayed') === 'true' };
    } catch {
      return { status: 0, json: null, replayed: false };
    }
  }

  /**
   * A keyed write, sent again with the same key after a lost answer, a 5xx or a 409 IDEMPOTENCY_KEY_IN_USE,
   * until it gets a final answer (2xx or another 4xx) or the deadline passes (the last answer is returned).
   */
  async keyed(
    method: string,
    path: string,
    key: string,
    options: { body?: unknown; deadline: number; base?: string; onAttempt?: () => void },
  ): Promise<Answer> {
    let answer: Answer = { status: 0, json: null, replayed: false };
    for (let attempt = 0; Date.now() < options.deadline; attempt++) {
      options.onAttempt?.();
      answer = await this.call(method, path, { body: options.body, key, base: options.base });
      const inUse = answer.status === 409 && errorCode(answer) === 'IDEMPOTENCY_KEY_IN_USE';
      if (answer.status !== 0 && answer.status < 500 && !inUse) return answer;
      await sleep(Math.min(200 * 2 ** attempt, 1000));
    }
    return answer;
  }

  /** Signs up a fresh shopper (keyed, retried) and remembers its user id. */
  async signUp(name: string, deadline = Date.now() + 20_000): Promise<void> {
    const email = `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const body = { email, password: 'correct horse battery staple', name };
    const answer = await this.keyed('POST', '/api/account/signup', `signup-${email}`, { body, deadline });
    const user = answer.json?.user as { id?: number } | undefined;
    if (answer.status !== 201 || typeof user?.id !== 'number') {
      throw new Error(`sign-up failed: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
    }
    this.userId = user.id;
  }

  /**
   * The shopper's orders, read through the storefront; a 503 (a replica whose cart breaker is still open after a
   * crash test) is asked again until `deadline`.
   */
  async orders(deadline = Date.now() + 15_000): Promise<PlacedOrder[]> {
    for (;;) {
      const answer = await this.call('GET', '/api/orders');
      if (answer.status === 200 && Array.isArray(answer.json?.orders))
        return answer.json.orders as PlacedOrder[];
      if (Date.now() > deadline) throw new Error(`orders failed: HTTP ${answer.status}`);
      await sleep(250);
    }
  }
}

/** An order as `GET /api/orders` lists it (the fields the checks read). */
export interface PlacedOrder {
  id: number;
  checkoutId: string;
  /** `placed` (orchestrated), or `pending` until the consumers make it `confirmed` or `rejected` (choreographed) */
  status: 'placed' | 'pending' | 'confirmed' | 'rejected';
  itemCount: number;
  lines: Array<{ productId: number; quantity: number }>;
}

/** The `error.code` of an answer, if any. */
export function errorCode(answer: Answer): string | undefined {
  const error = answer.json?.error as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : undefined;
}
