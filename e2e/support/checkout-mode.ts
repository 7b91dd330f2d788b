// The checkout mode (issue 13) as the e2e tests switch it: the cart service's setting, one per stack, so a spec that
// runs choreographed checkouts switches it for its tests and gives the stack back orchestrated (the mode every
// other spec assumes).
import type { StorefrontStack } from './fixtures.js';
import { expect, test } from './fixtures.js';
import { ApiShopper } from './shopper.js';

export type CheckoutMode = 'orchestrated' | 'choreographed';

/** What `POST /api/checkout` answers when it accepted the checkout: 201 placed, or 202 pending (choreographed). */
export const ACCEPTED_STATUS: Record<CheckoutMode, number> = { orchestrated: 201, choreographed: 202 };

/**
 * `PUT /api/faults/checkout-mode` (demo mode, loopback), asked again while the cart cannot answer: a crash test
 * may leave a replica's cart breaker open for a moment.
 */
export async function setCheckoutMode(storefront: StorefrontStack, mode: CheckoutMode): Promise<void> {
  const ops = new ApiShopper(storefront.shellUrl);
  await expect
    .poll(
      async () => {
        const answer = await ops.call('PUT', '/api/faults/checkout-mode', { body: { mode } });
        return answer.status === 200 ? answer.json?.mode : `HTTP ${answer.status}`;
      },
      { timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toBe(mode);
}

/**
 * Runs the tests of the enclosing describe in `mode` (set before the first, `orchestrated` again after the last).
 * A test may switch it some other way (the console) in between: afterAll restores orchestrated whatever happened.
 */
export function inCheckoutMode(mode: CheckoutMode): void {
  test.beforeAll(async ({ storefront }) => setCheckoutMode(storefront, mode));
  test.afterAll(async ({ storefront }) => setCheckoutMode(storefront, 'orchestrated'));
}
