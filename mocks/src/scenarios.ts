import type { HttpHandler } from 'msw';
import { catalogHandlers } from './catalog/handlers';
import type { ScenarioName } from './scenario-name';

/**
 * Every service's handlers for one scenario. Cart and account handlers join here in the same style
 * (`src/cart/handlers.ts` exporting `cartHandlers`).
 */
export function handlersFor(scenario: ScenarioName): HttpHandler[] {
  return [...catalogHandlers[scenario]];
}
