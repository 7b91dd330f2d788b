import type { HttpHandler } from 'msw';
import { accountHandlers } from './account/handlers';
import { cartHandlers } from './cart/handlers';
import { catalogHandlers } from './catalog/handlers';
import type { ScenarioName } from './scenario-name';

/**
 * Every service's handlers for one scenario. Cart and account handlers join here in the same style
 * (`src/cart/handlers.ts` exporting `cartHandlers`).
 */
export function handlersFor(scenario: ScenarioName): HttpHandler[] {
  // Cart first: its `/api/orders` (fed by mocked checkout) wins over the account set's seeded orders.
  return [...catalogHandlers[scenario], ...cartHandlers[scenario], ...accountHandlers[scenario]];
}
