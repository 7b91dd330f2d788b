import http from 'node:http';
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  answerClientError,
  hostNotAllowedError,
  isAllowedHost,
  REQUEST_ID_HEADER,
  requestIdOf,
  SERVER_LIMITS,
} from '@storefront/service-kit';
import type { FaultSpec } from './fault-types.js';
import { latencyDelayMs, shouldInjectError, shouldLoseResponse } from './faults.js';
import { type FlapPhase, type FlapScheduler, startFlapping } from './flapping.js';
import { loseAnswer } from './lost-response.js';
import { errorCode, requestHeadersToForward, responseHeadersToForward, sendError } from './proxy-http.js';

export { requestHeadersToForward, responseHeadersToForward } from './proxy-http.js';

/** What sits behind a target: a back-end service or the static host of a remote. */
export type TargetKind = 'service' | 'remote';

/** Why a target's fault changed (logged with every change). */
export type FaultChangeReason = 'injected' | 'cleared' | 'expired' | 'replaced';

/** The subset of a pino logger the proxy writes to. */
export interface ProxyLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of {@link createTargetProxy}. */
export interface TargetProxyOptions {
  /** Target name, e.g. `catalog` or `remote-cart`. */
  name: string;
  kind: TargetKind;
  /** Port to listen on; 0 picks a free one once, which is then kept across down/up cycles. */
  listenPort: number;
  host: string;
  /** Host names answered besides loopback; any other `Host` gets 403 HOST_NOT_ALLOWED (DNS rebinding). */
  allowedHosts?: readonly string[];
  /** Where requests are forwarded (http only). */
  upstream: URL;
  logger: ProxyLogger;
  /** Clock for `injectedAt`/`expiresAt` (ms since epoch). */
  now?: () => number;
  /** Random source in [0, 1) for jitter and error sampling. */
  random?: () => number;
  /**
   * Waits before a `latency` request is forwarded, and holds a `lost-response` answer; rejects when `signal`
   * aborts (proxy stopping, or the client of a held answer gone).
   */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The public view of an active fault (docs/fault-injection.md, `GET /faults`). */
export interface FaultDescription {
  type: FaultSpec['type'];
  options: FaultSpec['options'];
  injectedAt: string;
  expiresAt: string | null;
  phase?: FlapPhase;
}

/** The public view of a target. */
export interface TargetDescription {
  name: string;
  kind: TargetKind;
  listen: number;
  upstream: string;
  fault: FaultDescription | null;
}

/** One reverse-proxy listener with at most one active fault. */
export interface TargetProxy {
  readonly name: string;
  /** Starts listening (unless the current fault keeps it down). */
  start(): Promise<void>;
  /** Stops listening, drops every open, hung or delayed request and clears timers. */
  stop(): Promise<void>;
  /** Makes `fault` the active one (replacing any other); resolves once the listener matches it. */
  setFault(fault: FaultSpec): Promise<TargetDescription>;
  /** Removes the active fault, if any; resolves once the listener is back. */
  clearFault(reason: 'cleared' | 'expired'): Promise<TargetDescription>;
  describe(): TargetDescription;
  /** Resolves once pending listener changes (e.g. a flapping switch) are done. */
  settle(): Promise<void>;
}

interface ActiveFault {
  spec: FaultSpec;
  injectedAt: number;
  expiresAt: number | null;
  flap: FlapScheduler | null;
  expiry: ReturnType<typeof setTimeout> | null;
}

/** Creates a target's reverse proxy; nothing listens until `start()`. */
export function createTargetProxy(opts: TargetProxyOptions): TargetProxy {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const delay = opts.delay ?? ((ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }));
  const log = opts.logger;
  // Keep-alive towards the upstream so that the proxy adds no connection set-up per request. An idle socket is
  // dropped after 60 s, before the upstream's own keep-alive (72 s) ends, so the proxy never reuses a socket the
  // upstream is closing.
  const agent = new http.Agent({ keepAlive: true, timeout: 60_000 });
  const basePath = opts.upstream.pathname.replace(/\/$/, '');
  const upstreamPort = opts.upstream.port === '' ? 80 : Number(opts.upstream.port);

  let port = opts.listenPort;
  let server: http.Server | null = null;
  let running = false;
  let active: ActiveFault | null = null;
  let abort = new AbortController();
  // Hung requests and held lost answers: dropped when the fault changes or the proxy stops.
  const hung = new Set<http.ServerResponse>();
  // Listener changes run one after another so that fast flapping never races a close with a listen.
  let queue: Promise<void> = Promise.resolve();

  const isDown = (): boolean =>
    active !== null &&
    (active.spec.type === 'down' || (active.spec.type === 'flapping' && active.flap?.phase === 'down'));

  function describeFault(): FaultDescription | null {
    if (active === null) return null;
    const fault: FaultDescription = {
      type: active.spec.type,
      options: active.spec.options,
      injectedAt: new Date(active.injectedAt).toISOString(),
      expiresAt: active.expiresAt === null ? null : new Date(active.expiresAt).toISOString(),
    };
    if (active.flap !== null) fault.phase = active.flap.phase;
    return fault;
  }

  function describe(): TargetDescription {
    return {
      name: opts.name,
      kind: opts.kind,
      listen: port,
      upstream: opts.upstream.toString(),
      fault: describeFault(),
    };
  }

  function logChange(reason: FaultChangeReason, previous: FaultSpec['type'] | null): void {
    log.info({ target: opts.name, fault: describeFault(), reason, previous }, 'fault changed');
  }

  function releaseHung(): void {
    for (const res of hung) res.destroy();
    hung.clear();
  }

  /** Forwards a request; with `loseAfter` (a hold in ms) its answer is read and then dropped (lost-response). */
  function forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    loseAfter: number | null = null,
  ): void {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const reason = errorCode(error);
      const message = `The upstream of target "${opts.name}" (${opts.upstream.origin}) is unreachable: ${reason}`;
      sendError(req, res, 502, 'UPSTREAM_UNREACHABLE', message, opts.name);
    };
    const upstreamReq = http.request({
      hostname: opts.upstream.hostname,
      port: upstreamPort,
      method: req.method,
      path: `${basePath}${req.url ?? '/'}`,
      headers: requestHeadersToForward(req.headers),
      agent,
    });
    upstreamReq.on('error', fail);
    upstreamReq.on('response', (upstreamRes) => {
      if (loseAfter !== null) {
        const ctx = { target: opts.name, holdMs: loseAfter, log, delay, signal: abort.signal, held: hung };
        loseAnswer(req, res, upstreamRes, ctx);
        return;
      }
      // rawHeaders keeps names, order and repeated headers exactly as the upstream sent them.
      const headers = responseHeadersToForward(upstreamRes.rawHeaders);
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, headers);
      pipeline(upstreamRes, res, (error) => {
        if (error) res.destroy();
      });
    });
    res.on('close', () => {
      // The client went away before the answer was complete: stop the upstream call too.
      if (!res.writableFinished) upstreamReq.destroy();
    });
    pipeline(req, upstreamReq, (error) => {
      if (error) fail(error);
    });
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    // Forwarded answers carry the upstream's own Date header; the proxy adds nothing.
    res.sendDate = false;
    // The caller's id only when well-formed, else a new one: what is forwarded, logged upstream and answered.
    req.headers[REQUEST_ID_HEADER] = requestIdOf(req);
    // Before any fault: a rebound name must not reach the service or remote host behind, nor see a fault.
    if (!isAllowedHost(req.headers.host, opts.allowedHosts)) {
      const refused = hostNotAllowedError();
      req.resume();
      sendError(req, res, refused.statusCode, refused.code, refused.message, opts.name);
      return;
    }
    const spec = active?.spec;
    if (spec === undefined || (spec.type === 'flapping' && !isDown())) {
      forward(req, res);
      return;
    }
    switch (spec.type) {
      case 'down':
      case 'flapping':
        // Only reachable in the instant between a switch to down and the listener closing.
        req.socket.destroy();
        return;
      case 'hang':
        req.resume();
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      case 'errors':
        if (!shouldInjectError(spec.options, random)) {
          forward(req, res);
          return;
        }
        req.resume();
        sendError(
          req,
          res,
          spec.options.status,
          'INJECTED_FAULT',
          `Fault injected on target "${opts.name}": errors ${spec.options.percent}% (status ${spec.options.status})`,
          opts.name,
        );
        return;
      case 'lost-response':
        forward(req, res, shouldLoseResponse(spec.options, random) ? spec.options.holdMs : null);
        return;
      case 'latency': {
        const ms = latencyDelayMs(spec.options, random);
        delay(ms, abort.signal).then(
          () => {
            if (!req.socket.destroyed) forward(req, res);
          },
          () => res.destroy(),
        );
        return;
      }
    }
  }

  function open(): Promise<void> {
    // The kit's limits on receiving a request (headers, then the whole of it); no idle-socket timeout: `hang`,
    // `latency` and `lost-response` hold answers on purpose, for as long as the fault says.
    const next = http.createServer(
      {
        maxHeaderSize: SERVER_LIMITS.maxHeaderSize,
        headersTimeout: SERVER_LIMITS.headersTimeout,
        requestTimeout: SERVER_LIMITS.requestTimeout,
        connectionsCheckingInterval: SERVER_LIMITS.connectionsCheckingInterval,
      },
      handle,
    );
    // Node's keep-alive default (5 s), announced in `Keep-Alive: timeout=5`: the BFF's undici closes at 3 s.
    next.keepAliveTimeout = 5_000;
    // Oversized headers, garbage, a request too slow to arrive: the envelope, as from any storefront process.
    next.on('clientError', (error, socket) => answerClientError(error, socket));
    return new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, opts.host, () => {
        next.off('error', reject);
        const address = next.address();
        if (address !== null && typeof address === 'object') port = address.port;
        server = next;
        resolve();
      });
    });
  }

  function close(): Promise<void> {
    const current = server;
    server = null;
    if (current === null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      current.close(() => resolve());
      // Open connections (idle keep-alive, in flight, hung) are destroyed: that is what "down" means.
      current.closeAllConnections();
    });
  }

  function reconcile(): Promise<void> {
    const op = queue.then(async () => {
      const wantListening = running && !isDown();
      if (wantListening && server === null) await open();
      else if (!wantListening && server !== null) await close();
    });
    queue = op.catch(() => undefined);
    return op;
  }

  function teardown(fault: ActiveFault): void {
    fault.flap?.stop();
    if (fault.expiry !== null) clearTimeout(fault.expiry);
  }

  async function clearFault(reason: 'cleared' | 'expired'): Promise<TargetDescription> {
    const previous = active;
    if (previous === null) return describe();
    teardown(previous);
    active = null;
    releaseHung();
    logChange(reason, previous.spec.type);
    await reconcile();
    return describe();
  }

  async function setFault(spec: FaultSpec): Promise<TargetDescription> {
    const previous = active;
    if (previous !== null) teardown(previous);
    const injectedAt = now();
    const next: ActiveFault = {
      spec,
      injectedAt,
      expiresAt: spec.durationMs === null ? null : injectedAt + spec.durationMs,
      flap: null,
      expiry: null,
    };
    if (spec.type === 'flapping') {
      next.flap = startFlapping({
        ...spec.options,
        onPhase: (phase) => {
          log.info({ target: opts.name, phase }, 'flapping phase');
          reconcile().catch((error: unknown) => {
            log.error({ target: opts.name, err: error }, 'flapping: listener change failed');
          });
        },
      });
    }
    if (spec.durationMs !== null) {
      next.expiry = setTimeout(() => {
        if (active !== next) return;
        clearFault('expired').catch((error: unknown) => {
          log.error({ target: opts.name, err: error }, 'expiry: listener change failed');
        });
      }, spec.durationMs);
    }
    active = next;
    if (spec.type !== 'hang') releaseHung();
    logChange(previous === null ? 'injected' : 'replaced', previous?.spec.type ?? null);
    await reconcile();
    return describe();
  }

  return {
    name: opts.name,
    async start() {
      running = true;
      abort = new AbortController();
      await reconcile();
    },
    async stop() {
      running = false;
      if (active !== null) teardown(active);
      active = null;
      abort.abort();
      releaseHung();
      await reconcile();
      agent.destroy();
    },
    setFault,
    clearFault,
    describe,
    settle: () => queue,
  };
}
