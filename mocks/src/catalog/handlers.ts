import type { getProduct, listCategories, listProducts } from '@storefront/contract';
import {
  type CategoriesAnswer,
  type Category,
  type Product,
  type ProductAnswer,
  type ProductPageAnswer,
  SLUG_PATTERN,
} from '@storefront/contract/browser';
import { type DefaultBodyType, type HttpHandler, HttpResponse, http, type PathParams } from 'msw';
import {
  type BodiesOf,
  dataMeta,
  degradedMeta,
  errorResponse,
  type ScenarioOptions,
  unavailableResponse,
} from '../answers';
import type { ScenarioName } from '../scenario-name';
import { catalogCategories, catalogProducts } from './fixtures';
import { queryProducts } from './query';

/** Knobs for one set of catalog handlers. */
export interface CatalogHandlerOptions extends ScenarioOptions {
  /** Products to serve instead of the fixtures. */
  products?: readonly Product[];
  /** Categories to serve instead of the fixtures. */
  categories?: readonly Category[];
}

const SERVICE = 'catalog';

// The BFF's check of `:idOrSlug` (an id of up to 12 digits or a slug), answered 400 before the catalog is asked.
const ID_OR_SLUG = new RegExp(`^(?:[0-9]{1,12}|${SLUG_PATTERN.slice(1, -1)})$`);

/** The 503 the BFF sends when the catalog is down and it has no saved copy. */
export function catalogUnavailableResponse(retryAfterMs?: number) {
  return unavailableResponse(SERVICE, retryAfterMs);
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
  const degraded = scenario === 'degraded' ? degradedMeta(SERVICE, options) : null;
  const down = scenario === 'unavailable';
  const unavailable = () => catalogUnavailableResponse(options.retryAfterMs);
  const handlerOptions = { once: options.once ?? false };

  return [
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listProducts>>(
      '*/api/catalog/products',
      ({ request }) => {
        if (down) return unavailable();
        const { meta, init } = dataMeta(degraded);
        const page = queryProducts(products, new URL(request.url).searchParams);
        return HttpResponse.json<ProductPageAnswer>({ ...page, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getProduct>>(
      '*/api/catalog/products/:idOrSlug',
      ({ params }) => {
        const key = String(params.idOrSlug);
        if (!ID_OR_SLUG.test(key)) {
          return errorResponse(400, 'INVALID_REQUEST', 'idOrSlug must be a product id or a slug', {
            param: 'idOrSlug',
          });
        }
        if (down) return unavailable();
        const product = products.find((candidate) => String(candidate.id) === key || candidate.slug === key);
        if (!product) return errorResponse(404, 'PRODUCT_NOT_FOUND', `product "${key}" does not exist`);
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<ProductAnswer>({ product, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listCategories>>(
      '*/api/catalog/categories',
      () => {
        if (down) return unavailable();
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<CategoriesAnswer>({ items: [...categories], meta }, init);
      },
      handlerOptions,
    ),
  ];
}

/** Ready-made catalog handler sets, one per scenario. */
export const catalogHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createCatalogHandlers('normal'),
  degraded: createCatalogHandlers('degraded'),
  unavailable: createCatalogHandlers('unavailable'),
};
