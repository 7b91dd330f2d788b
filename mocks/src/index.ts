// Universal entry (browser and node): handlers, fixtures and the stores behind them. No worker or server here.
// Answers are typed by `@storefront/contract`; `src/contract.test.ts` checks every one of them against it.

export { demoUser, type SeedUser, secondUser, seedUsers } from './account/fixtures';
export {
  type AccountHandlerOptions,
  accountHandlers,
  accountUnavailableResponse,
  createAccountHandlers,
} from './account/handlers';
export { AccountMockStore, accountMockStore } from './account/store';
export {
  dataMeta,
  degradedMeta,
  errorResponse,
  nextRequestId,
  ownMeta,
  retryAfterSeconds,
  type ScenarioOptions,
  unavailableResponse,
} from './answers';
export {
  type CheckoutModeName,
  type Choreography,
  checkoutModeNames,
  checkoutModes,
  DEFAULT_SETTLE_AFTER_MS,
  isCheckoutModeName,
  type PendingOutcome,
} from './cart/choreography';
export {
  type CartHandlerOptions,
  cartHandlers,
  cartMockStates,
  cartUnavailableResponse,
  createCartHandlers,
  resetCartMocks,
} from './cart/handlers';
export { type OwnedOrder, seedOrders } from './cart/seed-orders';
export {
  type CartState,
  type CartStateOptions,
  createCartState,
  defaultInitialLines,
  type InitialLine,
} from './cart/state';
export { catalogCategories, catalogProducts } from './catalog/fixtures';
export {
  type CatalogHandlerOptions,
  catalogHandlers,
  catalogUnavailableResponse,
  createCatalogHandlers,
} from './catalog/handlers';
export { type ProductPage, queryProducts } from './catalog/query';
export { mockReplicas, mockUpstreams, opsSnapshotOf, replicaResilience, seedProcesses } from './ops/fixtures';
export {
  createOpsHandlers,
  createProcessState,
  type OpsHandlerOptions,
  opsHandlers,
  type ProcessState,
  resetOpsMocks,
  supervisorUnavailableResponse,
} from './ops/handlers';
export { isScenarioName, type ScenarioName, scenarioNames } from './scenario-name';
export { handlersFor } from './scenarios';
