// The BFF's domain errors about its upstreams (coded answers are the kit's ApiError).

/** Something the upstream did wrong that counts against its breaker (5xx, network, unusable answer). */
export abstract class UpstreamFailureError extends Error {
  abstract readonly kind: 'http' | 'network' | 'invalid-response';
  /** Short text for breaker transition logs, e.g. "HTTP 500". */
  abstract describe(): string;
}

/** The upstream answered with a 5xx status. */
export class UpstreamHttpError extends UpstreamFailureError {
  override readonly name = 'UpstreamHttpError';
  readonly kind = 'http';

  constructor(
    readonly upstream: string,
    readonly status: number,
  ) {
    super(`${upstream} answered HTTP ${status}`);
  }

  describe(): string {
    return `HTTP ${this.status}`;
  }
}

/** The request never got an answer (connection refused, reset, DNS...). */
export class UpstreamNetworkError extends UpstreamFailureError {
  override readonly name = 'UpstreamNetworkError';
  readonly kind = 'network';

  constructor(
    readonly upstream: string,
    cause: unknown,
  ) {
    super(`${upstream} could not be reached: ${networkCode(cause)}`, { cause });
  }

  describe(): string {
    return `network error (${networkCode(this.cause)})`;
  }
}

/** A 2xx answer the BFF cannot use (for instance a JSON content type with a body that is not JSON). */
export class UpstreamInvalidResponseError extends UpstreamFailureError {
  override readonly name = 'UpstreamInvalidResponseError';
  readonly kind = 'invalid-response';

  constructor(
    readonly upstream: string,
    readonly reason: string,
  ) {
    super(`${upstream} sent an unusable response: ${reason}`);
  }

  describe(): string {
    return `invalid response (${this.reason})`;
  }
}

// undici reports "fetch failed" and hides the useful code (ECONNREFUSED...) in `cause`.
function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return error instanceof Error ? error.message : String(error);
}
