// The `lost-response` fault's end of a forwarded request: the upstream's whole answer is read, so that the service
// has done the work and committed it, and then the client never gets it. This is the crash the storefront must
// survive without losing or doubling anything: a caller that cannot tell "not done" from "done, answer lost"
// retries, and only an idempotency key keeps the retry from doing the work twice.
import type http from 'node:http';
import type { ProxyLogger } from './proxy.js';

/** What {@link loseAnswer} needs from its target proxy. */
export interface LoseAnswerContext {
  target: string;
  /** 0: the connection is reset as soon as the answer is read; else it is held this long first. */
  holdMs: number;
  log: ProxyLogger;
  /** The proxy's wait (a test seam); rejects when `signal` aborts. */
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborts when the proxy stops: held answers are dropped at once. */
  signal: AbortSignal;
  /** Held answers, so that clearing the fault or stopping the proxy can drop them (as hung ones). */
  held: Set<http.ServerResponse>;
}

/**
 * Reads `upstreamRes` to its end without sending a byte of it, logs what was lost, then destroys the client's
 * socket (at once or after `holdMs`): the client sees a reset, or a timeout of its own if it gives up first.
 */
export function loseAnswer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  upstreamRes: http.IncomingMessage,
  ctx: LoseAnswerContext,
): void {
  upstreamRes.on('error', () => res.destroy());
  upstreamRes.on('end', () => {
    ctx.log.info(
      {
        target: ctx.target,
        method: req.method,
        path: req.url,
        status: upstreamRes.statusCode,
        holdMs: ctx.holdMs,
      },
      'response lost',
    );
    if (ctx.holdMs === 0 || res.destroyed) {
      res.destroy();
      return;
    }
    ctx.held.add(res);
    // The wait ends early when the client gives up (nothing left to hold) or the proxy stops.
    const gone = new AbortController();
    res.on('close', () => {
      ctx.held.delete(res);
      gone.abort();
    });
    const destroy = (): void => {
      res.destroy();
    };
    ctx.delay(ctx.holdMs, AbortSignal.any([ctx.signal, gone.signal])).then(destroy, destroy);
  });
  // Drains the answer: the service's work is done once it has sent all of it.
  upstreamRes.resume();
}
