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
export {
  type CrossSiteOptions,
  crossSitePlugin,
  crossSiteReason,
  isJsonContentType,
  originOf,
  readPublicOrigins,
  WRITE_METHODS,
} from './cross-site.js';
export { ConfigError, readInteger, readPort, readServerSettings, readText } from './env.js';
export {
  answerClientError,
  type ClientErrorLog,
  clientErrorHandler,
  type ErrorHandlerOptions,
  errorHandlerPlugin,
  notFoundError,
  sendError,
  toApiError,
} from './error-handler.js';
export { type HealthCheck, type HealthOptions, healthRoutes } from './health.js';
export {
  ALLOWED_HOSTS_ENV,
  type HostAllowListOptions,
  hostAllowListPlugin,
  hostNotAllowedError,
  hostnameOf,
  isAllowedHost,
  LOOPBACK_HOSTS,
  readAllowedHosts,
} from './host-allow-list.js';
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
export { allowedMethods } from './route-table.js';
export { runServer, type ServerSetup, SHUTDOWN_TIMEOUT_MS } from './run-server.js';
export { SERVER_LIMITS, type ServerLimitOptions, serverLimits } from './server-limits.js';
export {
  type CredentialFailure,
  type HeaderValues,
  IDENTITY_HEADERS,
  MIN_SERVICE_SECRET_BYTES,
  needsServiceCredential,
  type OpenRequests,
  readServiceSecret,
  SERVICE_CREDENTIAL_MAX_SKEW_MS,
  SERVICE_SECRET_ENV,
  SERVICE_SIGNATURE_HEADER,
  SERVICE_TIMESTAMP_HEADER,
  ServiceCredential,
  type ServiceCredentialOptions,
  serviceCredentialPlugin,
} from './service-credential.js';
export {
  activeTraceFields,
  ensureTraceparent,
  traceIdOf,
  traceLoggerFactory,
} from './tracing/request-trace.js';
export {
  addSpanEvent,
  type ClientSpanScope,
  inClientSpan,
  inSpan,
  type SpanAttributes,
} from './tracing/spans.js';
export {
  readTracingSettings,
  startTracing,
  type Tracing,
  type TracingSettings,
} from './tracing/start-tracing.js';
export { type TracedPredicate, tracedByDefault, tracingPlugin } from './tracing/tracing-plugin.js';
export { bodyValidationError, describeExpected, fieldPath, VALIDATION_CODE } from './validation.js';
