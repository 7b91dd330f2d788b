// One shopper of the checkout traffic, on the shell's origin like a browser: its own cookies (the session of the
// account it signed up), and keyed writes that are retried the way a careful client retries: the same request
// with the same Idempotency-Key after a 5xx, a lost answer or a timeout, never a new key, so that a retry can
// only ever replay what the first attempt did.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorOf, needsJsonType } from './chaos-api.mjs';
import { sleepUntil } from './chaos-duration.mjs';

/** First pause between attempts; doubles up to {@link MAX_BACKOFF_MS}, with jitter. */
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 2000;

/**
 * @typedef {object} ShopAnswer
 * @property {number} status 0 when no answer came (reset, refused, timeout)
 * @property {unknown} body parsed JSON, or null
 * @property {boolean} degraded `Storefront-Degraded` set (a saved copy, not the live state)
 * @property {string | null} code the error code of a refusal, or the network error's
 */

/**
 * @typedef {object} KeyedResult
 * @property {'ok' | 'refused' | 'abandoned'} outcome ok: a 2xx; refused: a 4xx that a retry would not change;
 *   abandoned: no answer but 5xx / lost ones until the deadline, or cut off
 * @property {ShopAnswer} answer the last one
 * @property {number} attempts
 */

/**
 * Whether an answer says "try the same request again": a 5xx, no answer at all, or the key still in use by the
 * attempt before (whose answer was lost while it kept running).
 * @param {ShopAnswer} answer
 * @returns {boolean}
 */
export function isRetryable(answer) {
  return answer.status === 0 || answer.status >= 500 || answer.code === 'IDEMPOTENCY_KEY_IN_USE';
}

/** @typedef {(path: string, answer: ShopAnswer, ms: number) => void} AnswerListener */

/**
 * A shopper's session on the storefront.
 * @param {{ base: string, timeoutMs: number }} opts
 */
export function createShopper({ base, timeoutMs }) {
  /** @type {Map<string, string>} */
  const cookies = new Map();
  /** @type {AnswerListener | null} every answer (or failure) once listened to, for the traffic statistics */
  let listener = null;

  /**
   * One request; never throws.
   * @param {string} method
   * @param {string} path
   * @param {{ body?: unknown, key?: string, signal?: AbortSignal }} [opts]
   * @returns {Promise<ShopAnswer>}
   */
  async function send(method, path, opts = {}) {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.key !== undefined) headers['idempotency-key'] = opts.key;
    if (needsJsonType(method, opts.body !== undefined)) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    /** @type {ShopAnswer} */
    let answer;
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        redirect: 'manual',
        signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
      const text = await res.text();
      /** @type {unknown} */
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      const degraded = res.headers.get('storefront-degraded') !== null;
      answer = { status: res.status, body, degraded, code: errorOf(body)?.code ?? null };
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      const code = /** @type {{ code?: unknown }} */ (cause)?.code;
      const name = err instanceof Error && err.name === 'TimeoutError' ? 'TIMEOUT' : null;
      answer = {
        status: 0,
        body: null,
        degraded: false,
        code: name ?? (typeof code === 'string' ? code : 'NETWORK'),
      };
    }
    listener?.(path, answer, performance.now() - started);
    return answer;
  }

  /**
   * A keyed write, retried under the same key while the answer says so, until `deadline` (performance.now()) or
   * `cutOff`.
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @param {{ deadline: () => number, cutOff: AbortSignal, key?: string }} opts deadline is read at each retry
   *   (it moves once the scenario's end is known)
   * @returns {Promise<KeyedResult & { key: string }>}
   */
  async function keyed(method, path, body, { deadline, cutOff, key = randomUUID() }) {
    let attempts = 0;
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      attempts += 1;
      const answer = await send(method, path, { body, key, signal: cutOff });
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'ok', answer, attempts, key };
      if (!isRetryable(answer)) return { outcome: 'refused', answer, attempts, key };
      const wait = backoff * (0.5 + Math.random());
      if (cutOff.aborted || performance.now() + wait > deadline()) {
        return { outcome: 'abandoned', answer, attempts, key };
      }
      await sleepUntil(performance.now() + wait, cutOff);
      if (cutOff.aborted) return { outcome: 'abandoned', answer, attempts, key };
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  return {
    send,
    keyed,
    /**
     * Hands every later answer to `fn` (the run's statistics start with the scenario, not with the sign-up).
     * @param {AnswerListener} fn
     */
    listen(fn) {
      listener = fn;
    },
  };
}

/** @typedef {ReturnType<typeof createShopper>} Shopper */
