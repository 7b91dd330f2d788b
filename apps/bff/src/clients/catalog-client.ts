// The catalog service as the BFF uses it: its paths, and the mapping of its answers to the contract's types.
import type { Category, Product, ProductPageAnswer, ProductsQuery } from '@storefront/contract';
import type { ApiError } from '@storefront/service-kit';
import type { Upstream } from '../upstream/upstream.js';
import { type ReportedConsumer, readConsumers } from './consumer-status.js';
import { type EventPage, readEventPage } from './event-page.js';
import {
  type Answer,
  answerOf,
  clientErrorOf,
  fieldsOf,
  imageUrlOf,
  invalidResponse,
  isInteger,
  isRecord,
  type JsonObject,
  jsonOf,
} from './service-answer.js';

const SERVICE = 'catalog';

/** A page of products without its `meta`. */
export type ProductPage = Omit<ProductPageAnswer, 'meta'>;

/** A product read live for pricing: what a cart line's snapshot and an order line need. */
export interface PricedProduct {
  id: number;
  name: string;
  slug: string;
  /** The service-relative image path, stored in the cart line's snapshot. */
  image: string;
  priceCents: number;
  currency: string;
  stock: number;
}

/** A live product read: the product, or the catalog's 4xx (e.g. PRODUCT_NOT_FOUND) to pass on. */
export type PricedProductRead = { found: true; product: PricedProduct } | { found: false; error: ApiError };

/** One line of a stock reservation. */
export interface ReservationLine {
  productId: number;
  quantity: number;
}

/** What `POST /stock/reservations` decided. */
export type ReservationResult =
  | { kind: 'reserved' }
  | { kind: 'insufficient'; lines: unknown[] }
  | { kind: 'rejected'; error: ApiError };

/** An SVG (or whatever the catalog says it is) to pass on as bytes. */
export interface Image {
  contentType: string;
  body: Buffer;
}

const pricedProductFields = fieldsOf(SERVICE, 'product', {
  id: 'integer',
  name: 'string',
  slug: 'string',
  image: 'string',
  priceCents: 'integer',
  currency: 'string',
  stock: 'integer',
});

/**
 * Maps a catalog-service product to the browser's shape: the public fields, `image` → `imageUrl`. Written out
 * field by field (the hot path: a literal of the schema's order keeps one object shape for the serialiser).
 */
export function toBrowserProduct(raw: unknown): Product {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'product');
  const { id, slug, name, description, priceCents, currency, category, categoryName, stock, featured } = raw;
  if (
    !isInteger(id) ||
    !isInteger(priceCents) ||
    !isInteger(stock) ||
    typeof slug !== 'string' ||
    typeof name !== 'string' ||
    typeof description !== 'string' ||
    typeof currency !== 'string' ||
    typeof category !== 'string' ||
    typeof categoryName !== 'string' ||
    typeof featured !== 'boolean'
  ) {
    throw invalidResponse(SERVICE, 'product');
  }
  const imageUrl = imageUrlOf(raw.image);
  return {
    id,
    slug,
    name,
    description,
    priceCents,
    currency,
    category,
    categoryName,
    imageUrl,
    stock,
    featured,
  };
}

function toProductPage(json: JsonObject): ProductPage {
  const { items, total, page, pageSize } = json;
  if (!Array.isArray(items) || !isInteger(total) || !isInteger(page) || !isInteger(pageSize)) {
    throw invalidResponse(SERVICE, 'product list');
  }
  return { items: items.map(toBrowserProduct), total, page, pageSize };
}

function toCategory(raw: unknown): Category {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'category');
  const { slug, name, productCount } = raw;
  if (typeof slug !== 'string' || typeof name !== 'string' || !isInteger(productCount)) {
    throw invalidResponse(SERVICE, 'category');
  }
  return { slug, name, productCount };
}

function toPricedProduct(raw: unknown): PricedProduct {
  if (!isRecord(raw)) throw invalidResponse(SERVICE, 'product');
  return pricedProductFields(raw);
}

/** The catalog service behind its resilience policy. */
export class CatalogClient {
  constructor(private readonly upstream: Upstream) {}

  /** `GET /products`: only known parameters, `q` trimmed, so equal searches share one saved copy. */
  async listProducts(query: ProductsQuery, requestId: string): Promise<Answer<ProductPage>> {
    const { category, sort, page, pageSize, featured } = query;
    const q = query.q?.trim() || undefined;
    const outcome = await this.upstream.request({
      path: '/products',
      query: { q, category, sort, page, pageSize, featured },
      // Unique searches must not push the home and category pages out of the saved copies.
      search: q !== undefined,
      requestId,
    });
    return answerOf(SERVICE, outcome, toProductPage);
  }

  /** `GET /products/:idOrSlug` (saved copies allowed: this is what the shopper browses). */
  async getProduct(idOrSlug: string, requestId: string): Promise<Answer<{ product: Product }>> {
    const outcome = await this.upstream.request({
      path: `/products/${encodeURIComponent(idOrSlug)}`,
      requestId,
    });
    return answerOf(SERVICE, outcome, (json) => ({ product: toBrowserProduct(json.product) }));
  }

  /** `GET /categories`. */
  async listCategories(requestId: string): Promise<Answer<{ items: Category[] }>> {
    const outcome = await this.upstream.request({ path: '/categories', requestId });
    return answerOf(SERVICE, outcome, (json) => {
      if (!Array.isArray(json.items)) throw invalidResponse(SERVICE, 'category list');
      return { items: json.items.map(toCategory) };
    });
  }

  /** `GET /images/:file`: the bytes as they came. */
  async getImage(file: string, requestId: string): Promise<Answer<Image>> {
    const outcome = await this.upstream.request({ path: `/images/${encodeURIComponent(file)}`, requestId });
    const { status, contentType, body } = outcome.response;
    if (status >= 400) throw clientErrorOf(SERVICE, outcome);
    return { value: { contentType, body }, degraded: outcome.source === 'saved' ? outcome.degraded : null };
  }

  /** A product read live (never a saved copy: a price must be current); a 404 comes back as `found: false`. */
  async pricedProduct(productId: number, requestId: string): Promise<PricedProductRead> {
    const outcome = await this.upstream.request({
      path: `/products/${productId}`,
      savedCopy: 'none',
      requestId,
    });
    if (outcome.response.status === 404) return { found: false, error: clientErrorOf(SERVICE, outcome) };
    return { found: true, product: toPricedProduct(jsonOf(SERVICE, outcome).product) };
  }

  /** `POST /stock/reservations`: all lines or none, idempotent on `reservationId`. */
  async reserveStock(
    reservationId: string,
    lines: ReservationLine[],
    requestId: string,
  ): Promise<ReservationResult> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: '/stock/reservations',
      body: { reservationId, lines },
      // Idempotent on the reservation id: a retry finds the live reservation and takes nothing twice.
      repeatable: true,
      requestId,
    });
    const { status, json } = outcome.response;
    if (status === 409) {
      const error = isRecord(json) && isRecord(json.error) ? json.error : {};
      return { kind: 'insufficient', lines: Array.isArray(error.lines) ? error.lines : [] };
    }
    if (status >= 400) return { kind: 'rejected', error: clientErrorOf(SERVICE, outcome) };
    return { kind: 'reserved' };
  }

  /**
   * `DELETE /stock/reservations/:id` (idempotent): `released` (or nothing to release), or `committed` when an
   * order already took the stock for good. Throws UpstreamUnavailableError when it could not be asked.
   */
  async releaseReservation(reservationId: string, requestId: string): Promise<'released' | 'committed'> {
    const outcome = await this.upstream.request({
      method: 'DELETE',
      path: `/stock/reservations/${encodeURIComponent(reservationId)}`,
      repeatable: true,
      requestId,
    });
    const { status } = outcome.response;
    if (status === 409) return 'committed';
    if (status >= 400 && status !== 404) throw clientErrorOf(SERVICE, outcome);
    return 'released';
  }

  /**
   * `POST /stock/reservations/:id/commit`: the order exists, the stock stays taken for good (idempotent). A 4xx
   * (the reservation expired and its stock was sold again) is thrown with its code.
   */
  async commitReservation(reservationId: string, requestId: string): Promise<void> {
    const outcome = await this.upstream.request({
      method: 'POST',
      path: `/stock/reservations/${encodeURIComponent(reservationId)}/commit`,
      repeatable: true,
      requestId,
    });
    if (outcome.response.status >= 400) throw clientErrorOf(SERVICE, outcome);
  }

  /** `GET /events`: a page of this service's outbox feed (the console's events view). */
  async events(after: number, limit: number, requestId: string): Promise<EventPage> {
    return readEventPage(this.upstream, SERVICE, after, limit, requestId);
  }

  /** `GET /events/consumers`: where this service's event consumers stand (the console's events view). */
  async consumers(requestId: string): Promise<ReportedConsumer[]> {
    return readConsumers(this.upstream, SERVICE, requestId);
  }
}
