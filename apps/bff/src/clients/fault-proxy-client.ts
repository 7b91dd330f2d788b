// The fault proxy's control API (demo mode) as the BFF uses it: the fault API is forwarded as it answers, and the
// ops stream polls its faults.
import {
  FaultTarget,
  type HttpMethod,
  Nullable,
  type OpsFaults,
  ScenarioRun,
  Type,
} from '@storefront/contract';
import { ApiError } from '@storefront/service-kit';

/** The control API could not be reached, timed out or sent something that is not JSON. */
export class FaultProxyUnavailableError extends ApiError {
  override readonly name = 'FaultProxyUnavailableError';

  constructor(reason: string, cause?: unknown) {
    super(503, 'FAULT_PROXY_UNAVAILABLE', `The fault proxy is unavailable: ${reason}`, { cause });
  }
}

/** A control API answer, passed through as is. */
export interface ControlAnswer {
  status: number;
  /** Parsed JSON body; undefined when the answer had no body. */
  body: unknown;
}

/** What the ops stream reads of `GET /faults`. */
const FaultsAnswer = Type.Object({
  targets: Type.Array(FaultTarget),
  scenario: Type.Optional(Nullable(ScenarioRun)),
});

/**
 * Its checker, compiled once on first use (it is polled every second): the compiler is loaded only in demo mode,
 * not at every BFF start.
 */
let faultsAnswer: ReturnType<typeof compileFaultsAnswer> | null = null;
async function compileFaultsAnswer() {
  const { Compile } = await import('typebox/compile');
  return Compile(FaultsAnswer);
}

/** The ops stream's `faults` when there is no usable control API. */
const UNAVAILABLE: OpsFaults = { available: false, targets: [] };

export interface FaultProxyClientOptions {
  /** Base URL of the control API, e.g. http://127.0.0.1:5000; undefined = not configured. */
  baseUrl: string | undefined;
  /** Per call (default 2000 ms). */
  timeoutMs?: number;
  /** Replaces the global fetch (tests only). */
  fetch?: typeof fetch;
}

/**
 * Talks to the fault proxy's control API with plain fetch and a timeout, deliberately not through the
 * upstream breakers: it is an ops path, and its failures must not trip or mask the storefront's breakers.
 */
export class FaultProxyClient {
  readonly baseUrl: string | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: FaultProxyClientOptions) {
    this.baseUrl = options.baseUrl?.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Sends one request; throws FaultProxyUnavailableError when there is no usable answer. */
  async call(
    method: HttpMethod,
    path: string,
    options: { body?: unknown; requestId?: string; timeoutMs?: number } = {},
  ): Promise<ControlAnswer> {
    if (!this.baseUrl) throw new FaultProxyUnavailableError('no control URL is configured');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.requestId) headers['x-request-id'] = options.requestId;
    let payload: string | undefined;
    // The control API takes JSON writes only, an empty body included (its cross-site guard).
    if (options.body !== undefined || method === 'POST' || method === 'PUT' || method === 'PATCH') {
      headers['content-type'] = 'application/json';
    }
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: payload,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? 'no answer in time'
          : 'it cannot be reached';
      throw new FaultProxyUnavailableError(reason, error);
    }
    if (text === '') return { status, body: undefined };
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch (error) {
      throw new FaultProxyUnavailableError(`HTTP ${status} with a body that is not JSON`, error);
    }
  }

  /**
   * Every target with its fault, or `available: false` when the control API does not answer, or answers
   * something the console could not read.
   */
  async faults(timeoutMs?: number): Promise<OpsFaults> {
    if (!this.baseUrl) return UNAVAILABLE;
    try {
      const { status, body } = await this.call('GET', '/faults', { timeoutMs });
      faultsAnswer ??= compileFaultsAnswer();
      if (status === 200 && (await faultsAnswer).Check(body)) {
        return { available: true, targets: body.targets, scenario: body.scenario ?? null };
      }
    } catch {
      // Reported as unavailable; the console shows it, the stream goes on.
    }
    return UNAVAILABLE;
  }
}
