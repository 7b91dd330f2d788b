// HTTP client of the chaos CLI: the fault API (`/api/faults`, demo mode), `/api/resilience` and `/registry.json`,
// all on the shell's origin. Every failure becomes a ChaosError with a code and a message that says what to do.
import { isFaultTypes, isRecord } from './chaos-faults.mjs';

/**
 * Whether a request must say `Content-Type: application/json`: any body, and every POST/PUT/PATCH even without one
 * (the BFF's cross-site guard refuses other writes, docs/security.md).
 * @param {string} method
 * @param {boolean} hasBody
 */
export function needsJsonType(method, hasBody) {
  return hasBody || method === 'POST' || method === 'PUT' || method === 'PATCH';
}

/** An error the CLI prints as `error CODE: message` and exits with `exitCode`. */
export class ChaosError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} [exitCode]
   */
  constructor(code, message, exitCode = 1) {
    super(message);
    this.name = 'ChaosError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

// The fault API's shapes are the contract's (packages/contract/src/ops.ts); answers are read defensively all the same.
/** @typedef {import('@storefront/contract').ActiveFault} ActiveFault */
/** @typedef {import('@storefront/contract').FaultTarget} FaultTarget */
/** @typedef {{ from: string, to: string, at: string, reason?: string }} BreakerTransition */
/**
 * @typedef {object} UpstreamState
 * @property {string} name
 * @property {string} state
 * @property {number} [retryAfterMs]
 * @property {BreakerTransition | null} [lastTransition]
 */
/** @typedef {import('@storefront/contract').ScenarioRunAnswer['run']} ScenarioRun the run the proxy started */
/** @typedef {{ schemaVersion: number, remotes: Record<string, { entry: string, release?: string }> }} Registry */

/**
 * Whether a URL points at this machine; the runner only ever sends traffic to loopback addresses.
 * @param {string | URL} url
 * @returns {boolean}
 */
export function isLoopbackUrl(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Normalises and checks the base URL (`--url`, `CHAOS_URL`).
 * @param {string} raw
 * @returns {string} without a trailing slash
 */
export function normaliseBaseUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new ChaosError('BAD_URL', `"${raw}" is not a URL (e.g. http://localhost:3000)`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ChaosError('BAD_URL', `"${raw}" must be an http(s) URL`, 2);
  }
  return url.origin;
}

/**
 * The `{ error: { code, message } }` of an answer, if it has one.
 * @param {unknown} body
 * @returns {{ code: string, message: string } | null}
 */
export function errorOf(body) {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { code, message } = body.error;
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    message: typeof message === 'string' ? message : '',
  };
}

const NOT_AVAILABLE = 'fault API not available (is the storefront running with demo mode on?)';

/**
 * A client for one storefront origin.
 * @param {string} baseUrl
 * @param {{ timeoutMs?: number }} [opts]
 */
export function createChaosClient(baseUrl, opts = {}) {
  const base = normaliseBaseUrl(baseUrl);
  const timeoutMs = opts.timeoutMs ?? 5000;

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<{ status: number, body: unknown }>}
   */
  async function call(method, path, body) {
    /** @type {Response} */
    let res;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: needsJsonType(method, body !== undefined)
          ? { accept: 'application/json', 'content-type': 'application/json' }
          : { accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new ChaosError(
        'CONNECTION_FAILED',
        `cannot reach ${base} (${cause}); is the storefront running?`,
      );
    }
    const text = await res.text();
    /** @type {unknown} */
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  }

  /**
   * Calls a fault route and turns error answers into ChaosErrors.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {boolean} [emptyOk] a 2xx without a JSON object is fine (e.g. 204)
   * @returns {Promise<Record<string, unknown>>}
   */
  async function faultCall(method, path, body, emptyOk = false) {
    const { status, body: answer } = await call(method, path, body);
    const error = errorOf(answer);
    if (status >= 200 && status < 300 && isRecord(answer)) return answer;
    if (status >= 200 && status < 300 && emptyOk) return {};
    if (error?.code === 'UNKNOWN_TARGET')
      throw new ChaosError('UNKNOWN_TARGET', error.message || 'unknown target');
    // INVALID_REQUEST: the one validation code (INVALID_FAULT: a fault proxy from before issue 12).
    if (error?.code === 'INVALID_REQUEST' || error?.code === 'INVALID_FAULT')
      throw new ChaosError('INVALID_FAULT', error.message || 'invalid fault');
    if (error?.code === 'UNKNOWN_SCENARIO') {
      throw new ChaosError(
        'UNKNOWN_SCENARIO',
        `the fault proxy does not know this scenario${error.message ? ` (${error.message})` : ''}; is it running this checkout?`,
      );
    }
    if (error?.code === 'SUPERVISOR_UNAVAILABLE') {
      throw new ChaosError('SUPERVISOR_UNAVAILABLE', error.message || 'no supervisor runs this storefront');
    }
    if (error?.code === 'LOOPBACK_ONLY') {
      throw new ChaosError('LOOPBACK_ONLY', 'the fault API only answers clients on this machine');
    }
    // 404 without a known code: the BFF has not registered the routes (demo mode off) or this is not the shell.
    if (status === 404 || (status < 300 && !isRecord(answer)))
      throw new ChaosError('FAULT_API_UNAVAILABLE', NOT_AVAILABLE);
    const detail = error ? `${error.code}${error.message ? `: ${error.message}` : ''}` : `HTTP ${status}`;
    throw new ChaosError('FAULT_API_ERROR', `${method} ${path} failed (${detail})`);
  }

  /**
   * @param {Record<string, unknown>} answer
   * @returns {FaultTarget[]}
   */
  const targetsOf = (answer) =>
    Array.isArray(answer.targets) ? /** @type {FaultTarget[]} */ (answer.targets.filter(isRecord)) : [];

  return {
    base,
    /**
     * One call on the storefront's origin, answered as it is (status and JSON body, null when not JSON), for the
     * routes that have their own readers (chaos-processes.mjs); CONNECTION_FAILED when nothing answers.
     */
    request: call,
    /** Every target with its active fault. */
    async listFaults() {
      return targetsOf(await faultCall('GET', '/api/faults'));
    },
    /**
     * Every target and the running scenario (`hasScenario` false when the proxy does not report one at all).
     * @returns {Promise<{ targets: FaultTarget[], hasScenario: boolean, scenario: unknown }>}
     */
    async listFaultsView() {
      const answer = await faultCall('GET', '/api/faults');
      return {
        targets: targetsOf(answer),
        hasScenario: Object.hasOwn(answer, 'scenario'),
        scenario: answer.scenario,
      };
    },
    /**
     * The fault types with their options and bounds, as the fault proxy lists them.
     * @returns {Promise<import('./chaos-faults.mjs').FaultTypes>}
     */
    async faultTypes() {
      const answer = await faultCall('GET', '/api/faults/types');
      if (!isFaultTypes(answer)) {
        throw new ChaosError('FAULT_API_ERROR', 'GET /api/faults/types did not answer a list of fault types');
      }
      return answer;
    },
    /**
     * The scenarios the fault proxy runs, as it lists them (each read by chaos-scenario.mjs).
     * @returns {Promise<Record<string, unknown>[]>}
     */
    async scenarios() {
      const answer = await faultCall('GET', '/api/faults/scenarios');
      return Array.isArray(answer.scenarios) ? answer.scenarios.filter(isRecord) : [];
    },
    /**
     * Injects (or replaces) the fault of one target.
     * @param {string} target
     * @param {import('./chaos-faults.mjs').FaultRequest} fault
     * @returns {Promise<FaultTarget | null>}
     */
    async inject(target, fault) {
      const answer = await faultCall('PUT', `/api/faults/${encodeURIComponent(target)}`, fault);
      return isRecord(answer.target) ? /** @type {FaultTarget} */ (answer.target) : null;
    },
    /**
     * Clears one target's fault.
     * @param {string} target
     */
    async clear(target) {
      await faultCall('DELETE', `/api/faults/${encodeURIComponent(target)}`);
    },
    /** Clears every fault; returns the targets. */
    async clearAll() {
      return targetsOf(await faultCall('DELETE', '/api/faults'));
    },
    /**
     * Starts a scenario on the fault proxy (which executes its steps); a running one is cancelled first.
     * @param {string} name
     * @param {number} speed
     * @returns {Promise<ScenarioRun | null>}
     */
    async runScenario(name, speed) {
      const answer = await faultCall('POST', `/api/faults/scenarios/${encodeURIComponent(name)}/run`, {
        speed,
      });
      return isRecord(answer.run) ? /** @type {ScenarioRun} */ (/** @type {unknown} */ (answer.run)) : null;
    },
    /** Cancels the running scenario; the proxy clears the faults it injected. */
    async cancelScenario() {
      await faultCall('DELETE', '/api/faults/scenarios/current', undefined, true);
    },
    /**
     * Every upstream's breaker from `/api/resilience`.
     * @returns {Promise<UpstreamState[]>}
     */
    async resilience() {
      const { status, body } = await call('GET', '/api/resilience');
      if (status !== 200 || !isRecord(body) || !Array.isArray(body.upstreams)) {
        throw new ChaosError('RESILIENCE_UNAVAILABLE', `GET /api/resilience answered HTTP ${status}`);
      }
      return /** @type {UpstreamState[]} */ (
        body.upstreams.filter((u) => isRecord(u) && typeof u.name === 'string' && typeof u.state === 'string')
      );
    },
    /**
     * The remotes' registry (`/registry.json`).
     * @returns {Promise<Registry>}
     */
    async registry() {
      const { status, body } = await call('GET', '/registry.json');
      if (status !== 200 || !isRecord(body) || !isRecord(body.remotes)) {
        throw new ChaosError(
          'REGISTRY_UNAVAILABLE',
          `GET /registry.json answered HTTP ${status} without remotes`,
        );
      }
      return /** @type {Registry} */ (/** @type {unknown} */ (body));
    },
  };
}

/** @typedef {ReturnType<typeof createChaosClient>} ChaosClient */
