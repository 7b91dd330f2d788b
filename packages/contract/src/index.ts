// The BFF↔browser contract, written once (decision 009). The BFF registers its routes from these definitions and
// publishes them as OpenAPI; the mocks answer with these shapes; browser code imports `@storefront/contract/browser`.
// What must never go in: a service's internal API, a process's settings, or logic beyond reading a value.
export * from './account.js';
export * from './availability.js';
export * from './cart.js';
export * from './catalog.js';
export * from './checkout-mode.js';
export * from './common.js';
export * from './constants.js';
export * from './domain-events.js';
export * from './early-data.js';
export * from './errors.js';
export * from './events.js';
export * from './meta.js';
export * from './ops.js';
export * from './ops-events.js';
export * from './ops-history.js';
export * from './orders.js';
export * from './processes.js';
export * from './routes.js';
export * from './schema.js';
export * from './trace-context.js';
export * from './traces.js';
export * from './validate.js';
