// Universal entry (browser and node): handlers, fixtures and contract helpers. No worker or server here.

export {
  type AccountOrder,
  type AccountUser,
  demoUser,
  type OrderLine,
  type SeedUser,
  type ShippingAddress,
  secondUser,
  seedOrders,
  seedUsers,
} from './account/fixtures';
export {
  type AccountHandlerOptions,
  accountDegradedMeta,
  accountHandlers,
  accountUnavailableResponse,
  createAccountHandlers,
} from './account/handlers';
export { AccountMockStore, type AccountProfile, accountMockStore } from './account/store';
export {
  type CartHandlerOptions,
  cartDegradedMeta,
  cartHandlers,
  cartMockStates,
  cartUnavailableResponse,
  createCartHandlers,
  resetCartMocks,
} from './cart/handlers';
export {
  type CartState,
  type CartStateOptions,
  createCartState,
  defaultInitialLines,
  type InitialLine,
  type MockCart,
  type MockCartLine,
  type MockOrder,
  type MockShippingAddress,
  numericProductId,
} from './cart/state';
export {
  type CatalogCategory,
  type CatalogProduct,
  catalogCategories,
  catalogProducts,
} from './catalog/fixtures';
export {
  type CatalogHandlerOptions,
  catalogDegradedMeta,
  catalogHandlers,
  catalogUnavailableResponse,
  createCatalogHandlers,
} from './catalog/handlers';
export { type ProductPage, type ProductSort, productSorts, queryProducts } from './catalog/query';
export {
  type DegradedMeta,
  type DegradedReason,
  type ResponseMeta,
  retryAfterSeconds,
  upstreamUnavailableBody,
} from './contract';
export { isScenarioName, type ScenarioName, scenarioNames } from './scenario-name';
export { handlersFor } from './scenarios';
