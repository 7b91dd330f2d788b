// Test support for `src/contract.test.ts`: `METHOD route status` of every answer each scenario gives to the
// plans (./plans.ts), i.e. the live, degraded, 503 and 4xx paths the mocks cover, held by the test.
import type { ScenarioName } from '../scenario-name';

/** Lists joined and sorted, as `exercise` reports them. */
export const sorted = (...lists: string[][]) => lists.flat().sort();

// A saved copy answers with the same statuses as the live service; only its meta and header differ.
const catalogReads = [
  'GET /api/catalog/categories 200',
  'GET /api/catalog/products 200',
  'GET /api/catalog/products/:idOrSlug 200',
  'GET /api/catalog/products/:idOrSlug 400',
  'GET /api/catalog/products/:idOrSlug 404',
];

export const catalogAnswers: Record<ScenarioName, string[]> = {
  normal: catalogReads,
  degraded: catalogReads,
  unavailable: [
    'GET /api/catalog/categories 503',
    'GET /api/catalog/products 503',
    'GET /api/catalog/products/:idOrSlug 400',
    'GET /api/catalog/products/:idOrSlug 503',
  ],
};

const orderReads = [
  'GET /api/orders 200',
  'GET /api/orders 401',
  'GET /api/orders/:id 200',
  'GET /api/orders/:id 400',
  'GET /api/orders/:id 401',
  'GET /api/orders/:id 404',
];

export const cartAnswers: Record<ScenarioName, string[]> = {
  normal: sorted(orderReads, [
    'DELETE /api/cart/lines/:productId 200',
    'DELETE /api/cart/lines/:productId 400',
    'GET /api/cart 200',
    'PATCH /api/cart/lines/:productId 200',
    'PATCH /api/cart/lines/:productId 400',
    'POST /api/cart/lines 200',
    'POST /api/cart/lines 400',
    'POST /api/cart/lines 404',
    'POST /api/cart/lines 409',
    'POST /api/cart/lines 422',
    'POST /api/checkout 201',
    'POST /api/checkout 400',
    'POST /api/checkout 401',
    'POST /api/checkout 409',
    'POST /api/checkout 422',
  ]),
  // Writes cannot be served from a saved copy.
  degraded: sorted(orderReads, [
    'DELETE /api/cart/lines/:productId 503',
    'GET /api/cart 200',
    'PATCH /api/cart/lines/:productId 503',
    'POST /api/cart/lines 503',
    'POST /api/checkout 503',
  ]),
  unavailable: [
    'DELETE /api/cart/lines/:productId 503',
    'GET /api/cart 503',
    'GET /api/orders 503',
    'GET /api/orders/:id 400',
    'GET /api/orders/:id 503',
    'PATCH /api/cart/lines/:productId 503',
    'POST /api/cart/lines 503',
    'POST /api/checkout 503',
  ],
};

export const accountAnswers: Record<ScenarioName, string[]> = {
  normal: [
    'GET /api/account/me 200',
    'GET /api/account/profile 200',
    'GET /api/account/profile 401',
    'GET /api/account/status 200',
    'POST /api/account/signin 200',
    'POST /api/account/signin 400',
    'POST /api/account/signin 401',
    'POST /api/account/signout 200',
    'POST /api/account/signup 201',
    'POST /api/account/signup 400',
    'POST /api/account/signup 409',
    'PUT /api/account/profile 200',
    'PUT /api/account/profile 400',
    'PUT /api/account/profile 401',
  ],
  degraded: [
    'GET /api/account/me 200',
    'GET /api/account/profile 200',
    'GET /api/account/profile 401',
    'GET /api/account/status 503',
    'POST /api/account/signin 503',
    'POST /api/account/signout 200',
    'POST /api/account/signup 503',
    'PUT /api/account/profile 503',
  ],
  unavailable: [
    'GET /api/account/me 503',
    'GET /api/account/profile 503',
    'GET /api/account/status 503',
    'POST /api/account/signin 503',
    'POST /api/account/signout 200',
    'POST /api/account/signup 503',
    'PUT /api/account/profile 503',
  ],
};

// The console's routes answer alike in every scenario (only the breakers' states differ, ops/fixtures.ts), but
// the checkout mode: the cart service's setting, read live, so a 503 where the scenario has the cart down.
const opsReads = [
  'GET /api/ops/events 200',
  'GET /api/ops/events 400',
  'GET /api/ops/history 200',
  'GET /api/ops/processes 200',
  'GET /api/ops/stream 200',
  'GET /api/ops/traces 200',
  'GET /api/ops/traces 400',
  'GET /api/ops/traces/:traceId 200',
  'GET /api/ops/traces/:traceId 404',
  'GET /api/resilience 200',
  'POST /api/faults/processes/:name/kill 202',
  'POST /api/faults/processes/:name/kill 404',
  'PUT /api/faults/checkout-mode 400',
];
const modeUp = ['GET /api/ops/checkout-mode 200', 'PUT /api/faults/checkout-mode 200'];
const modeDown = ['GET /api/ops/checkout-mode 503', 'PUT /api/faults/checkout-mode 503'];

export const opsAnswers: Record<ScenarioName, string[]> = {
  normal: sorted(opsReads, modeUp),
  degraded: sorted(opsReads, modeDown),
  unavailable: sorted(opsReads, modeDown),
};

/** Without a supervisor (the BFF started on its own), the process routes answer 503. */
export const opsAnswersWithoutSupervisor = sorted(
  [
    'GET /api/ops/events 200',
    'GET /api/ops/events 400',
    'GET /api/ops/history 200',
    'GET /api/ops/processes 503',
    'GET /api/ops/stream 200',
    'GET /api/ops/traces 200',
    'GET /api/ops/traces 400',
    'GET /api/ops/traces/:traceId 200',
    'GET /api/ops/traces/:traceId 404',
    'GET /api/resilience 200',
    'POST /api/faults/processes/:name/kill 503',
    'PUT /api/faults/checkout-mode 400',
  ],
  modeUp,
);
