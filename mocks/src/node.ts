import type { HttpHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import type { ScenarioName } from './scenario-name';
import { handlersFor } from './scenarios';

export { setupServer };

/** An msw node server with one scenario's handlers (plus extra ones, which take precedence); call `listen()`. */
export function createMockServer(scenario: ScenarioName = 'normal', ...extra: HttpHandler[]): SetupServer {
  return setupServer(...extra, ...handlersFor(scenario));
}
