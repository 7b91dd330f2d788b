import type { HttpHandler } from 'msw';
import { accountHandlers } from './account/handlers';
import { cartHandlers } from './cart/handlers';
import { catalogHandlers } from './catalog/handlers';
import { opsHandlers } from './ops/handlers';
import type { ScenarioName } from './scenario-name';

/**
 * Every service's handlers for one scenario, and the resilience console's (`/api/resilience`, the ops stream, the
 * processes); each route has exactly one handler (`/api/orders` is the cart's).
 */
export function handlersFor(scenario: ScenarioName): HttpHandler[] {
  return [
    ...catalogHandlers[scenario],
    ...cartHandlers[scenario],
    ...accountHandlers[scenario],
    ...opsHandlers[scenario],
  ];
}
