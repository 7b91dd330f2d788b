// The public API of @storefront/service-kit: what every Fastify process of the storefront shares.
// What must never go in: a process's routes, its error codes, its domain types or its settings.
export {
  ApiError,
  type ApiErrorOptions,
  type ErrorEnvelope,
  errorBody,
  isApiError,
  type KitErrorCode,
} from './api-error.js';
export { type BackgroundJob, repeatInBackground } from './background.js';
export { BASE_REDACT_PATHS, type CreateAppOptions, createApp } from './create-app.js';
export { ConfigError, readInteger, readPort, readServerSettings, readText } from './env.js';
export {
  clientErrorHandler,
  DEFAULT_ERROR_CODES,
  type ErrorCodes,
  type ErrorHandlerOptions,
  errorHandlerPlugin,
  notFoundError,
  sendError,
  toApiError,
} from './error-handler.js';
export { type HealthCheck, type HealthOptions, healthRoutes } from './health.js';
export {
  canonicalJson,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_TTL_MS,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
  keyReusedError,
  requestFingerprint,
} from './idempotency.js';
export {
  isLoopbackAddress,
  isLoopbackRequest,
  type LoopbackOnlyOptions,
  loopbackOnlyPlugin,
} from './loopback.js';
export { definePlugin, type PluginMeta } from './plugin.js';
export { REQUEST_ID_HEADER, requestIdOf, requestIdPlugin } from './request-id.js';
export { runServer, type ServerSetup, SHUTDOWN_TIMEOUT_MS } from './run-server.js';
export { describeExpected, fieldPath } from './validation.js';
