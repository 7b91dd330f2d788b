// Failure injection for the fake services, per route: a test breaks exactly the step it is about (only
// `POST /orders`, only the commit) and leaves every other route answering like the real service.
import { errorBody } from '@storefront/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How a whole fake answers: normally, with 500, or never. */
export type FakeMode = 'ok' | 'fail' | 'hang';

/**
 * What a fake does to one route's requests. Before the handler (nothing changes on the service): `fail` (500),
 * `hang` (never answers), `reset` (the connection is cut). After the handler (its effect stays, only the answer is
 * lost): `fail-after` (500 instead of the answer), `hang-after` (no answer), `reset-after` (connection cut).
 */
export type Fault = 'fail' | 'hang' | 'reset' | 'fail-after' | 'hang-after' | 'reset-after';

/** A route as Fastify names it: method and URL pattern, e.g. `POST /orders`, `PUT /cart/lines/:productId`. */
export type RouteName = string;

const never = () => new Promise<never>(() => {});

/** The faults set on a fake's routes, and requests held at a gate. */
export class RouteFaults {
  private readonly faults = new Map<RouteName, { fault: Fault; left: number }>();
  private readonly gates = new Map<RouteName, Promise<void>>();

  /** Applies `fault` to the next `times` requests of `route` (default: all of them, until cleared). */
  set(route: RouteName, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(route, { fault, left: times });
  }

  /** Removes the fault of one route, or of all routes. */
  clear(route?: RouteName): void {
    if (route === undefined) this.faults.clear();
    else this.faults.delete(route);
  }

  /** Holds every request of `route` before its handler until the returned function is called. */
  hold(route: RouteName): () => void {
    let open: () => void = () => {};
    this.gates.set(
      route,
      new Promise<void>((resolve) => {
        open = resolve;
      }),
    );
    return () => {
      this.gates.delete(route);
      open();
    };
  }

  /** The fault for this request (used up), if any. */
  take(route: RouteName): Fault | undefined {
    const entry = this.faults.get(route);
    if (!entry) return undefined;
    entry.left--;
    if (entry.left <= 0) this.faults.delete(route);
    return entry.fault;
  }

  gate(route: RouteName): Promise<void> | undefined {
    return this.gates.get(route);
  }
}

/** `METHOD /pattern` of a request (its URL when no route matched). */
export function routeOf(request: FastifyRequest): RouteName {
  return `${request.method} ${request.routeOptions.url ?? request.url}`;
}

function fail(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(500).send(errorBody('INTERNAL_ERROR', 'injected failure', request.id));
}

/**
 * Wires `faults` (and the whole fake's `mode()`) into `server`: runs after the fake's own `onRequest` hooks
 * (register it last), so hits are recorded before a request is broken.
 */
export function installFaults(server: FastifyInstance, faults: RouteFaults, mode: () => FakeMode): void {
  const after = new WeakMap<FastifyRequest, Fault>();
  server.addHook('onRequest', async (request, reply) => {
    const whole = mode();
    if (whole === 'fail') return fail(request, reply);
    if (whole === 'hang') await never();
    const route = routeOf(request);
    const fault = faults.take(route);
    switch (fault) {
      case 'fail':
        return fail(request, reply);
      case 'hang':
        return never();
      case 'reset':
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case undefined:
        break;
      default:
        after.set(request, fault);
    }
    const gate = faults.gate(route);
    if (gate) await gate;
  });

  server.addHook('onSend', async (request, reply, payload) => {
    switch (after.get(request)) {
      case 'fail-after':
        reply.code(500).type('application/json');
        return JSON.stringify(errorBody('INTERNAL_ERROR', 'injected failure after the effect', request.id));
      case 'hang-after':
        return never();
      case 'reset-after':
        request.raw.socket.destroy();
        return payload;
      default:
        return payload;
    }
  });
}
