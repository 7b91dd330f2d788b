// Universal entry (browser and node): handlers, fixtures and contract helpers. No worker or server here.

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
