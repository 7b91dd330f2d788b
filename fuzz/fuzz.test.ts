// The fuzz suite (issue 12): generated bad input to every route of the BFF (each operation of /api/openapi.json),
// of each service and of the fault proxy's control API, over real HTTP. Properties: no 5xx but 503
// UPSTREAM_UNAVAILABLE, every error in the one JSON envelope, Object.prototype untouched, and every process still
// healthy and useful afterwards. FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> sets the inputs per route.
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzRequest, requestOf } from './inputs.js';
import { rawRequestOf } from './raw-inputs.js';
import { describe as describeRequest, type FuzzAnswer, problemsOf, send, sendRaw } from './send.js';
import { type FuzzRoute, type FuzzStack, type FuzzTarget, startFuzzStack } from './stack.js';

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${raw} is not an integer`);
  return value;
}

const SEED = envInteger('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
const RUNS = envInteger('FUZZ_RUNS', 50);
const RAW_RUNS = envInteger('FUZZ_RAW_RUNS', RUNS * 2);
/** fast-check's `path` of a counterexample (printed beside the seed): replays that one input first. */
const REPLAY_PATH = process.env.FUZZ_PATH || undefined;

const stack: FuzzStack = await startFuzzStack();
const histogram = new Map<number | string, number>();
let sent = 0;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

const codes = new Map<string, number>();

function record(target: FuzzTarget, answer: FuzzAnswer): void {
  sent += 1;
  const key = answer.status ?? 'none';
  histogram.set(key, (histogram.get(key) ?? 0) + 1);
  const code = /^\{"error":\{"code":"([A-Z_]+)"/.exec(answer.body)?.[1];
  if (code) codes.set(`${target.name} ${code}`, (codes.get(`${target.name} ${code}`) ?? 0) + 1);
}

/** Throws (fast-check then shrinks and prints the seed) when an answer or the prototype is wrong. */
function check(what: string, method: string, answer: FuzzAnswer): void {
  const problems = problemsOf(answer, method);
  if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== prototypeKeys) {
    problems.push('Object.prototype has new keys');
  }
  if (({} as Record<string, unknown>).polluted !== undefined) problems.push('{}.polluted is set');
  if (problems.length > 0) {
    throw new Error(
      `${problems.join('; ')}\n  request: ${what}\n  answer: ${answer.status ?? '-'} ${answer.contentType} ${answer.body.slice(0, 500)}`,
    );
  }
}

// Fastify's auto-HEAD twins get the GET's inputs through the odd-method draw; OPTIONS/HEAD routes of their own
// are kept.
const routeName = (target: FuzzTarget, route: FuzzRoute) => `${target.name} ${route.method} ${route.url}`;
const fuzzed = stack.targets.flatMap((target) =>
  target.routes
    .filter(
      (route) =>
        route.method !== 'HEAD' || !target.routes.some((r) => r.method === 'GET' && r.url === route.url),
    )
    .map((route) => ({ target, route })),
);

/** Signs a new shopper up through the BFF; the cookies to send back as that shopper. */
async function signUp(email: string): Promise<string> {
  const answer = await request(`${stack.bff.baseUrl}/api/account/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'Fuzz' }),
  });
  const text = await answer.body.text();
  if (answer.statusCode !== 201) throw new Error(`sign-up answered ${answer.statusCode}: ${text}`);
  const setCookie = answer.headers['set-cookie'];
  return (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])
    .map((line) => line.split(';')[0])
    .join('; ');
}

// A signed-in shopper: a share of the BFF's inputs carry its session, to reach the signed-in routes too.
const shopperCookie = await signUp(`fuzz-shopper-${SEED}@example.com`);

const openapi = (await (await request(`${stack.bff.baseUrl}/api/openapi.json`)).body.json()) as {
  paths: Record<string, Record<string, unknown>>;
};

beforeAll(() => {
  // fast-check prints the seed with a counterexample; this line says it before any failure too.
  console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} replays), ${RUNS} inputs per route (FUZZ_RUNS)`);
});

afterAll(async () => {
  const statuses = [...histogram.entries()]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([status, count]) => `${status}:${count}`)
    .join(' ');
  console.log(
    `fuzz: ${sent} inputs sent to ${fuzzed.length} routes of ${stack.targets.length} processes (+ raw HTTP), seed ${SEED}; statuses ${statuses}`,
  );
  // The second line says which codes answered, per process (what the inputs reached).
  const byCode = [...codes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name}:${count}`);
  console.log(`fuzz: error codes ${byCode.join(', ')}`);
  await stack.close();
});

describe('fuzz: the routes it covers', () => {
  it('every operation of the BFF’s /api/openapi.json is fuzzed', () => {
    const operations = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    const covered = new Set(stack.bff.routes.map((route) => `${route.method} ${route.url}`));
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((operation) => !covered.has(operation))).toEqual([]);
  });

  it('every process has routes to fuzz', () => {
    for (const target of stack.targets) expect(target.routes.length, target.name).toBeGreaterThan(1);
  });
});

/** Adds the BFF's credential to a request for a service, as Node will read its headers (repeats joined). */
function signed(target: FuzzTarget, req: FuzzRequest): FuzzRequest {
  if (!target.sign) return req;
  const values: Record<string, string> = {};
  for (const [name, value] of req.headers) {
    // Node trims a header value's surrounding blanks and joins repeats with ", ".
    const key = name.toLowerCase();
    const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
    values[key] = key in values ? `${values[key]}, ${trimmed}` : trimmed;
  }
  return { ...req, headers: [...req.headers, ...Object.entries(target.sign(req.method, req.path, values))] };
}

describe.concurrent('fuzz: generated bad input per route', () => {
  for (const { target, route } of fuzzed) {
    it(routeName(target, route), async () => {
      // Services: most inputs carry a valid signature, to reach the routes behind the credential check. BFF: half
      // of them come from the signed-in shopper.
      const input = fc
        .tuple(requestOf(route, target.identityHeaders), fc.integer({ min: 0, max: 3 }))
        .map(([req, draw]): FuzzRequest => {
          if (target !== stack.bff) return draw > 0 ? signed(target, req) : req;
          // Not on sign-out: it would end the session every later input uses.
          const asShopper = draw > 1 && route.url !== '/api/account/signout';
          return asShopper ? { ...req, headers: [['cookie', shopperCookie], ...req.headers] } : req;
        });
      await fc.assert(
        fc.asyncProperty(input, async (req) => {
          const answer = await send(target.baseUrl, target.port, req);
          record(target, answer);
          check(describeRequest(req), req.method, answer);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, path: REPLAY_PATH },
      );
    });
  }
});

describe.concurrent('fuzz: raw HTTP no client would send', () => {
  for (const target of stack.targets) {
    it(`${target.name} (raw)`, async () => {
      const paths = [...new Set(target.routes.map((route) => route.url.replace(/:[A-Za-z0-9_]+/g, '1')))];
      await fc.assert(
        fc.asyncProperty(rawRequestOf(paths), async (bytes) => {
          const answer = await sendRaw(target.port, bytes);
          record(target, answer);
          const method = /^\S*/.exec(bytes)?.[0] ?? '';
          check(JSON.stringify(bytes.length > 400 ? `${bytes.slice(0, 400)}…` : bytes), method, answer);
        }),
        { seed: SEED, numRuns: RAW_RUNS, endOnFailure: true, path: REPLAY_PATH },
      );
    });
  }
});

describe('fuzz: the stack afterwards', () => {
  it('every process still answers /health with 200', async () => {
    for (const target of stack.targets) {
      const answer = await request(`${target.baseUrl}/health`);
      await answer.body.dump();
      expect(answer.statusCode, target.name).toBe(200);
    }
  });

  it('a shopper can still browse, sign up and add to the cart', async () => {
    const base = stack.bff.baseUrl;
    const products = await request(`${base}/api/catalog/products`);
    expect(products.statusCode).toBe(200);
    const list = (await products.body.json()) as { items: { id: number }[] };
    const productId = list.items[0]?.id;
    expect(productId).toBeTypeOf('number');

    const cookie = await signUp(`fuzz-after-${SEED}@example.com`);

    const add = await request(`${base}/api/cart/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ productId, quantity: 1 }),
    });
    const added = (await add.body.json()) as { cart: { itemCount: number } };
    expect(add.statusCode, JSON.stringify(added)).toBe(200);
    expect(added.cart.itemCount).toBeGreaterThanOrEqual(1);
  });
});
