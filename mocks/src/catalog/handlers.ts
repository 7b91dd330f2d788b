import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type DegradedMeta,
  type DegradedReason,
  nextRequestId,
  type ResponseMeta,
  retryAfterSeconds,
  upstreamUnavailableBody,
} from '../contract';
import type { ScenarioName } from '../scenario-name';
import { type CatalogCategory, type CatalogProduct, catalogCategories, catalogProducts } from './fixtures';
import { queryProducts } from './query';

/** Knobs for one set of catalog handlers; tests use small `retryAfterMs` values. */
export interface CatalogHandlerOptions {
  /** `meta.degraded.retryAfterMs` (degraded, default 5000) or the 503's `retryAfterMs` (unavailable, default 4200). */
  retryAfterMs?: number;
  /** Why the answer is degraded (default `circuit-open`). */
  reason?: DegradedReason;
  /** When the saved copy was taken (default: two minutes before the handlers were made). */
  savedAt?: string;
  /** Products to serve instead of the fixtures. */
  products?: readonly CatalogProduct[];
  /** Categories to serve instead of the fixtures. */
  categories?: readonly CatalogCategory[];
  /** Each handler answers only its first matching request (msw `once`), then falls through. */
  once?: boolean;
}

const SERVICE = 'catalog';

/** The `meta.degraded` a degraded catalog answer carries. */
export function catalogDegradedMeta(options: CatalogHandlerOptions = {}): DegradedMeta {
  return {
    service: SERVICE,
    reason: options.reason ?? 'circuit-open',
    savedAt: options.savedAt ?? new Date(Date.now() - 120_000).toISOString(),
    retryAfterMs: options.retryAfterMs ?? 5000,
  };
}

/** The 503 the BFF sends when the catalog is down and it has no saved copy. */
export function catalogUnavailableResponse(retryAfterMs = 4200, requestId = nextRequestId()) {
  return HttpResponse.json(upstreamUnavailableBody(SERVICE, retryAfterMs), {
    status: 503,
    headers: { 'Retry-After': retryAfterSeconds(retryAfterMs), 'x-request-id': requestId },
  });
}

/**
 * Builds the catalog's handlers for one scenario: `normal` answers live, `degraded` answers the same data as a
 * saved copy (header + `meta.degraded`), `unavailable` answers 503 + `Retry-After` to every read.
 */
export function createCatalogHandlers(
  scenario: ScenarioName,
  options: CatalogHandlerOptions = {},
): HttpHandler[] {
  const products = options.products ?? catalogProducts;
  const categories = options.categories ?? catalogCategories;
  const degraded = scenario === 'degraded' ? catalogDegradedMeta(options) : null;
  const handlerOptions = { once: options.once ?? false };

  // Sends a body with the scenario's meta and headers, or the 503 when the catalog is unavailable.
  const answer = (body: Record<string, unknown>, status = 200) => {
    const requestId = nextRequestId();
    if (scenario === 'unavailable') return catalogUnavailableResponse(options.retryAfterMs, requestId);
    const meta: ResponseMeta = { requestId, degraded };
    const headers: Record<string, string> = { 'x-request-id': requestId };
    if (degraded) headers['Storefront-Degraded'] = `${SERVICE}; reason=${degraded.reason}`;
    return HttpResponse.json({ ...body, meta }, { status, headers });
  };

  return [
    http.get(
      '*/api/catalog/products',
      ({ request }) => {
        const page = queryProducts(products, new URL(request.url).searchParams);
        return answer({ ...page });
      },
      handlerOptions,
    ),
    http.get(
      '*/api/catalog/products/:idOrSlug',
      ({ params }) => {
        const key = String(params.idOrSlug);
        const product = products.find((candidate) => candidate.id === key || candidate.slug === key);
        if (!product) {
          return answer(
            { error: { code: 'PRODUCT_NOT_FOUND', message: `product "${key}" does not exist` } },
            404,
          );
        }
        return answer({ product });
      },
      handlerOptions,
    ),
    http.get('*/api/catalog/categories', () => answer({ items: categories }), handlerOptions),
  ];
}

/** Ready-made catalog handler sets, one per scenario. */
export const catalogHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createCatalogHandlers('normal'),
  degraded: createCatalogHandlers('degraded'),
  unavailable: createCatalogHandlers('unavailable'),
};
