// `chaos dual-write`: why the services write their events in the same transaction as the change (the outbox,
// docs/domain.md). The same choreographed checkout runs twice on private processes (the catalog and the cart, free
// ports, temporary data): (a) the cart started with DEMO_EVENTS_OUTSIDE_TRANSACTION_MS, which commits the pending
// order first and appends its events in a second transaction later — a naive dual write; (b) the outbox, as
// shipped. Each time the cart is SIGKILLed right after it answered the order, then started again. (a) loses
// `OrderPlaced` for good: the order stays pending and the catalog never hears of it; (b) delivers it: the order is
// confirmed and its stock taken once. The calls are the BFF's, signed with its credential (ServiceCredential).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChaosError } from './chaos-api.mjs';
import { isRecord } from './chaos-faults.mjs';
import { ROOT } from './run.mjs';
import { signedCall as call, loadSigner } from './service-call.mjs';
import { defineStack, formatLogLine, freePorts, startStack } from './stack.mjs';

/** @typedef {'naive' | 'outbox'} Variant */

/** The longest an order whose event was published is waited for (a consumer backing off after the outage). */
const DELIVERY_MAX_MS = 20_000;
/** @typedef {'dist' | 'source'} Source dist: the built bundles (the CLI); source: src/server.ts through tsx (tests) */

/**
 * What one run of the checkout showed.
 * @typedef {object} DualWriteOutcome
 * @property {Variant} variant
 * @property {number} orderId
 * @property {string} status the order's status at the end (`pending` when its event was lost)
 * @property {boolean} published the cart's feed has `OrderPlaced` for the order
 * @property {number} reservations `StockReserved` events of the catalog for its checkout
 * @property {number} quantity units ordered
 * @property {number} stockTaken the product's stock before − after
 * @property {number} killedAfterMs from the order's answer to the SIGKILL
 * @property {'lost' | 'delivered' | 'unclear'} verdict
 */

/**
 * @typedef {object} DualWriteOptions
 * @property {Source} [source] default dist
 * @property {number} [delayMs] the naive cart's delay before it appends the events (default 1500)
 * @property {number} [killAfterMs] from the order's answer to the SIGKILL (default 100)
 * @property {number} [settleMs] how long the order is watched after the cart's restart before an event missing
 *   from the cart's feed is called lost (default 5000); one in the feed is waited for until it is delivered
 * @property {(line: string) => void} [log]
 * @property {AbortSignal} [signal] aborting stops every process at once (the run then fails)
 */

/**
 * A checkout step that must succeed.
 * @param {{ status: number, json: Record<string, unknown> }} answer
 * @param {number} expected
 * @param {string} what
 */
function expectStatus(answer, expected, what) {
  if (answer.status !== expected)
    throw new ChaosError('DEMO_FAILED', `${what} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The catalog and the cart of one run: the stack's own specs (ports, data, secret, event feeds), started from the
 * bundles or from source. No restarts: the demo kills and starts the cart itself.
 * @param {Variant} variant
 * @param {Required<DualWriteOptions>} opts
 */
async function startServices(variant, opts) {
  if (opts.signal.aborted) throw new ChaosError('INTERRUPTED', 'stopped', 130);
  const dataDir = mkdtempSync(path.join(tmpdir(), `dual-write-${variant}-`));
  const secret = randomBytes(32).toString('base64url');
  const env = {
    SERVICE_SECRET: secret,
    CHECKOUT_MODE: 'choreographed',
    EVENTS_POLL_MS: '50',
    LOG_LEVEL: 'warn',
    ...(variant === 'naive' ? { DEMO_EVENTS_OUTSIDE_TRANSACTION_MS: String(opts.delayMs) } : {}),
  };
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const specs = defineStack({
    ports: await freePorts(),
    dataDir,
    registryFile: path.join(dataDir, 'registry.json'),
    env,
  })
    .filter((s) => s.name === 'catalog-service' || s.name === 'cart-service')
    .map((s) => (opts.source === 'dist' ? s : { ...s, command: tsx, args: ['src/server.ts'] }));
  const stack = await startStack(specs, {
    log: (name, line) => {
      // The cart's warning that it publishes later; the rest (consumers failing while the cart is down) is noise.
      if (line.includes('DEMO')) opts.log(`(${variant}) ${name}: ${formatLogLine(line)}`);
    },
  });
  const close = async () => {
    opts.signal.removeEventListener('abort', close);
    await stack.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // The processes run in their own process groups: a Ctrl-C of the CLI alone would leave them running.
  opts.signal.addEventListener('abort', close, { once: true });
  return {
    stack,
    signer: await loadSigner(secret),
    catalog: stack.spec('catalog-service').url,
    cart: stack.spec('cart-service').url,
    close,
  };
}

/**
 * The product's stock, read from the catalog's overview.
 * @param {Record<string, unknown>} overview `GET /stock`
 * @param {number} productId
 */
function stockOf(overview, productId) {
  const products = Array.isArray(overview.products) ? overview.products : [];
  const row = products.find((p) => isRecord(p) && p.productId === productId);
  return isRecord(row) && typeof row.stock === 'number' ? row.stock : Number.NaN;
}

/**
 * A feed's events, by type and a predicate on their data.
 * @param {Record<string, unknown>} feed `GET /events`
 * @param {string} type
 * @param {(data: Record<string, unknown>) => boolean} match
 */
function countEvents(feed, type, match) {
  const events = Array.isArray(feed.events) ? feed.events : [];
  return events.filter((e) => isRecord(e) && e.type === type && isRecord(e.data) && match(e.data)).length;
}

/**
 * One run: a choreographed checkout, the cart killed right after its answer and started again.
 * @param {Variant} variant
 * @param {Required<DualWriteOptions>} opts
 * @returns {Promise<DualWriteOutcome>}
 */
async function runVariant(variant, opts) {
  const services = await startServices(variant, opts);
  const { stack, signer, catalog, cart } = services;
  try {
    const stockBefore = expectStatus(await call(signer, catalog, 'GET', '/stock'), 200, 'GET /stock');
    const products = Array.isArray(stockBefore.products) ? stockBefore.products.filter(isRecord) : [];
    const top = products.sort((a, b) => Number(b.stock) - Number(a.stock))[0];
    if (top === undefined || typeof top.productId !== 'number')
      throw new ChaosError('DEMO_FAILED', 'the catalog has no product in stock');
    const productId = top.productId;
    const found = expectStatus(await call(signer, catalog, 'GET', `/products/${productId}`), 200, 'product');
    const product = isRecord(found.product) ? found.product : {};
    const snapshot = {
      name: product.name,
      slug: product.slug,
      image: product.image,
      unitPriceCents: product.priceCents,
      currency: product.currency,
      stock: product.stock,
    };
    const userId = 1;
    const quantity = 2;
    const checkoutId = `chk_${randomUUID()}`;
    const line = { quantity, mode: 'set', snapshot };
    expectStatus(
      await call(signer, cart, 'PUT', `/cart/lines/${productId}`, { userId, body: line }),
      200,
      'cart line',
    );
    const opened = { userId, body: { shippingAddress: null } };
    expectStatus(await call(signer, cart, 'PUT', `/checkouts/${checkoutId}`, opened), 201, 'checkout');
    const placed = expectStatus(
      await call(signer, cart, 'POST', `/checkouts/${checkoutId}/place`, { userId, body: {} }),
      201,
      'place',
    );
    const answeredAt = Date.now();
    const orderId = isRecord(placed.order) && typeof placed.order.id === 'number' ? placed.order.id : 0;
    await sleep(Math.max(0, opts.killAfterMs - (Date.now() - answeredAt)));
    const killedAfterMs = Date.now() - answeredAt;
    await stack.kill('cart-service');
    opts.log(`(${variant}) order #${orderId} placed (pending); cart SIGKILLed ${killedAfterMs} ms later`);
    await stack.start('cart-service');
    opts.log(`(${variant}) cart started again`);
    // An order whose OrderPlaced is in the cart's feed will be confirmed: the catalog's consumer may only be
    // backing off after the cart's outage, so it gets longer. Without it after `settleMs`, the event is lost.
    const readFeed = async () =>
      expectStatus(await call(signer, cart, 'GET', '/events?limit=500'), 200, 'cart feed');
    const inFeed = async () => countEvents(await readFeed(), 'OrderPlaced', (d) => d.orderId === orderId) > 0;
    let status = 'pending';
    for (const restarted = Date.now(); ; ) {
      await sleep(100);
      const read = await call(signer, cart, 'GET', `/orders/${orderId}`, { userId });
      const order = isRecord(read.json.order) ? read.json.order : {};
      if (typeof order.status === 'string') status = order.status;
      const waited = Date.now() - restarted;
      if (status !== 'pending' || waited >= DELIVERY_MAX_MS) break;
      if (waited >= opts.settleMs && !(await inFeed())) break;
    }
    const cartFeed = await readFeed();
    const catalogFeed = expectStatus(await call(signer, catalog, 'GET', '/events?limit=500'), 200, 'feed');
    const stockAfter = expectStatus(await call(signer, catalog, 'GET', '/stock'), 200, 'GET /stock');
    const published = countEvents(cartFeed, 'OrderPlaced', (d) => d.orderId === orderId) > 0;
    const reservations = countEvents(catalogFeed, 'StockReserved', (d) => d.reservationId === checkoutId);
    const stockTaken = stockOf(stockBefore, productId) - stockOf(stockAfter, productId);
    const lost = status === 'pending' && !published && reservations === 0 && stockTaken === 0;
    const delivered = status === 'confirmed' && published && reservations === 1 && stockTaken === quantity;
    const verdict = lost ? 'lost' : delivered ? 'delivered' : 'unclear';
    return {
      variant,
      orderId,
      status,
      published,
      reservations,
      quantity,
      stockTaken,
      killedAfterMs,
      verdict,
    };
  } finally {
    await services.close();
  }
}

/**
 * Runs both variants (side by side: separate processes, ports and data) and returns what each showed.
 * @param {DualWriteOptions} [options]
 * @returns {Promise<{ naive: DualWriteOutcome, outbox: DualWriteOutcome }>}
 */
export async function runDualWrite(options = {}) {
  const opts = {
    source: options.source ?? 'dist',
    delayMs: options.delayMs ?? 1500,
    killAfterMs: options.killAfterMs ?? 100,
    settleMs: options.settleMs ?? 5000,
    log: options.log ?? (() => {}),
    signal: options.signal ?? new AbortController().signal,
  };
  if (opts.killAfterMs >= opts.delayMs)
    throw new ChaosError('DEMO_FAILED', 'the kill must come before the naive cart appends its events', 2);
  if (opts.source === 'dist') {
    const missing = ['catalog-service', 'cart-service'].filter(
      (app) => !existsSync(path.join(ROOT, `apps/${app}/dist/server.js`)),
    );
    if (missing.length > 0)
      throw new ChaosError('NOT_BUILT', `${missing.join(' and ')} not built: run npm run build first`);
  }
  const [naive, outbox] = await Promise.all([runVariant('naive', opts), runVariant('outbox', opts)]);
  return { naive, outbox };
}
