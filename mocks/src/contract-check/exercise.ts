// Test support for `src/contract.test.ts`: sends requests to a set of handlers through msw's node server and
// holds every answer to the contract (`answerProblems`), and says which handlers no request reached.
import { answerProblems, DEGRADED_HEADER, findRoute, type HttpMethod } from '@storefront/contract';
import type { HttpHandler } from 'msw';
import type { SetupServer } from 'msw/node';
import { eventStreamProblems } from './event-stream';

/** One request: a JSON body (`json`), or a raw one (`text`) for the malformed cases. */
export interface Call {
  method: HttpMethod;
  path: string;
  json?: unknown;
  text?: string;
  idempotencyKey?: string;
}

/** A request, or something to do between requests (sign in through a store…). */
export type Step = Call | (() => void);

/** What a run found: contract problems, handlers no request reached, and `METHOD route status` of each answer. */
export interface Exercised {
  problems: string[];
  unused: string[];
  answered: string[];
}

const BASE_URL = 'http://localhost';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A handler's path without msw's leading origin wildcard (`*`).
function pathOf(handler: HttpHandler): string {
  return String(handler.info.path).replace(/^\*/, '');
}

/** Handlers whose method and path are not, letter for letter, a route of the contract. */
export function routeProblems(handlers: readonly HttpHandler[]): string[] {
  return handlers
    .filter((handler) => findRoute(String(handler.info.method), pathOf(handler))?.url !== pathOf(handler))
    .map((handler) => `${handler.info.header} is not a route of the contract`);
}

/** What the degraded contract asks of headers, beyond the body's schema (docs/architecture.md). */
function headerProblems(response: Response, body: unknown): string[] {
  const problems: string[] = [];
  const degraded = isObject(body) && isObject(body.meta) ? body.meta.degraded : undefined;
  const header = response.headers.get(DEGRADED_HEADER);
  if (isObject(degraded)) {
    const expected = `${String(degraded.service)}; reason=${String(degraded.reason)}`;
    if (header !== expected) problems.push(`${DEGRADED_HEADER} is ${header}, expected ${expected}`);
  } else if (header !== null) {
    problems.push(`${DEGRADED_HEADER} is set on an answer without meta.degraded`);
  }
  if (response.status === 503 && !/^\d+$/.test(response.headers.get('Retry-After') ?? '')) {
    problems.push('a 503 without Retry-After (seconds)');
  }
  return problems;
}

async function send(call: Call): Promise<Response> {
  const headers: Record<string, string> = {};
  if (call.idempotencyKey !== undefined) headers['Idempotency-Key'] = call.idempotencyKey;
  const body = call.text ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
  // As the storefront's clients do: every POST/PUT/PATCH is JSON, a body-less one included.
  if (body !== undefined || ['POST', 'PUT', 'PATCH'].includes(call.method)) {
    headers['Content-Type'] = 'application/json';
  }
  return fetch(`${BASE_URL}${call.path}`, { method: call.method, headers, body });
}

/**
 * Serves `handlers` alone and runs `steps` against them. Needs fresh handlers: msw's `isUsed` is what tells which
 * handlers answered, so a set that already answered elsewhere cannot be judged.
 */
export async function exercise(
  server: SetupServer,
  handlers: HttpHandler[],
  steps: Step[],
): Promise<Exercised> {
  if (handlers.some((handler) => handler.isUsed))
    throw new Error('these handlers already answered a request');
  server.resetHandlers(...handlers);
  const problems: string[] = [];
  const answered = new Set<string>();
  for (const step of steps) {
    if (typeof step === 'function') {
      step();
      continue;
    }
    const label = `${step.method} ${step.path}`;
    let response: Response;
    try {
      response = await send(step);
    } catch (error) {
      problems.push(`${label}: no answer (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const pathname = new URL(step.path, BASE_URL).pathname;
    answered.add(`${step.method} ${findRoute(step.method, pathname)?.url ?? pathname} ${response.status}`);
    const text = await response.text();
    if (response.headers.get('Content-Type')?.startsWith('text/event-stream')) {
      const found = [
        ...answerProblems(step.method, pathname, response.status, undefined),
        ...eventStreamProblems(text),
      ];
      problems.push(...found.map((problem) => `${label} → ${response.status}: ${problem}`));
      continue;
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      problems.push(`${label} → ${response.status}: the body is not JSON`);
      continue;
    }
    const found = [
      ...answerProblems(step.method, pathname, response.status, body),
      ...headerProblems(response, body),
    ];
    problems.push(...found.map((problem) => `${label} → ${response.status}: ${problem}`));
  }
  const unused = handlers.filter((handler) => !handler.isUsed).map((handler) => handler.info.header);
  return { problems, unused, answered: [...answered].sort() };
}

/** The first request to each route (and every other step): what a set of `once` handlers can answer. */
export function onePerRoute(steps: readonly Step[]): Step[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    if (typeof step === 'function') return true;
    const route = findRoute(step.method, new URL(step.path, BASE_URL).pathname);
    const key = `${step.method} ${route?.url ?? step.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
