// The public API of @storefront/remote-kit: the BFF's degraded contract as a typed client and a React hook, the
// field readers of the remotes' parsers (`isObject`, `stringOr`…), and formatting. Notices, the standalone
// bootstrap and the test helpers are subpaths (package.json `exports`): they carry CSS or test-only code that a
// module importing the client must not pull in.
export {
  type ApiClient,
  type ApiClientOptions,
  createApiClient,
  DEFAULT_RETRY_AFTER_MS,
  integerOrNull,
  isObject,
  type JsonObject,
  type Parse,
  type RequestOptions,
  stringOr,
  stringOrNull,
  type WriteRequest,
} from './api-client';
export { formatDate, formatMoney, formatTime } from './format';
export { parseOrderStatus, parseRejection } from './order-status';
export type { ApiResult, DegradedInfo, DegradedWithoutDetails, WriteResult } from './types';
export {
  type ApiResource,
  type Loader,
  MAX_RETRY_DELAY_MS,
  MIN_RETRY_DELAY_MS,
  retryDelayFor,
  useApiResource,
} from './use-api-resource';
