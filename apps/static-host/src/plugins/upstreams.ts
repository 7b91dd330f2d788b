import type { FastifyBaseLogger } from 'fastify';

/**
 * Splits `--api-proxy`'s value, a comma list of base URLs (one per BFF replica), and checks each.
 * @throws Error naming the first entry that is not an http(s) URL
 */
export function parseUpstreams(value: string | readonly string[]): string[] {
  const parts = (typeof value === 'string' ? value.split(',') : value).map((part) => part.trim());
  const urls = parts.filter((part) => part !== '');
  if (urls.length === 0) throw new Error('no upstream URL given');
  for (const url of urls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(`${url} is not an http(s) URL`);
    }
  }
  return [...new Set(urls.map((url) => url.replace(/\/+$/, '')))];
}

export interface UpstreamPoolOptions {
  urls: readonly string[];
  log: FastifyBaseLogger;
  /** Active health check period: GET `<upstream>/health`. */
  intervalMs?: number;
  /** A check slower than this counts as failed. */
  timeoutMs?: number;
}

/**
 * The BFF replicas behind `/api` and which of them are healthy. Every upstream starts healthy (the stack starts
 * the shell once they answer), an active check every second keeps the state current, and a refused connection
 * marks one down at once, so that the next requests skip it without waiting for the check.
 */
export class UpstreamPool {
  readonly urls: readonly string[];
  private readonly healthy = new Map<string, boolean>();
  private readonly checking = new Set<string>();
  private readonly log: FastifyBaseLogger;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: UpstreamPoolOptions) {
    this.urls = opts.urls;
    this.log = opts.log;
    this.intervalMs = opts.intervalMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 800;
    for (const url of this.urls) this.healthy.set(url, true);
  }

  /**
   * The upstream for the next attempt of a request: round-robin over the healthy ones it has not tried, then the
   * unhealthy ones it has not tried (a check may lag behind a replica that came back; with none healthy, every
   * one is still tried). Undefined once the request has tried them all.
   */
  next(tried: ReadonlySet<string> = new Set()): string | undefined {
    const n = this.urls.length;
    for (const wantHealthy of [true, false]) {
      for (let i = 0; i < n; i += 1) {
        const index = (this.cursor + i) % n;
        const url = this.urls[index];
        if (url === undefined || tried.has(url) || this.isHealthy(url) !== wantHealthy) continue;
        this.cursor = (index + 1) % n;
        return url;
      }
    }
    return undefined;
  }

  isHealthy(url: string): boolean {
    return this.healthy.get(url) ?? false;
  }

  /** Marks an upstream down (logged once per transition); its next good check brings it back. */
  markDown(url: string, reason: string): void {
    if (this.healthy.get(url) === false) return;
    this.healthy.set(url, false);
    this.log.warn({ upstream: url, reason }, 'api upstream down');
  }

  private markUp(url: string): void {
    if (this.healthy.get(url) === true) return;
    this.healthy.set(url, true);
    this.log.info({ upstream: url }, 'api upstream up');
  }

  /** Starts the periodic checks; the timer does not keep the process alive. */
  start(): void {
    if (this.timer || this.urls.length === 0) return;
    this.timer = setInterval(() => {
      for (const url of this.urls) void this.check(url);
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; a slow upstream is not checked again until its previous check ended. */
  private async check(url: string): Promise<void> {
    if (this.checking.has(url)) return;
    this.checking.add(url);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.body?.cancel();
      if (res.ok) this.markUp(url);
      else this.markDown(url, `health answered ${res.status}`);
    } catch (error) {
      this.markDown(url, `health check failed: ${describe(error)}`);
    } finally {
      this.checking.delete(url);
    }
  }
}

/** An error's message with its cause's code (fetch says "fetch failed"; the cause says ECONNREFUSED). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
