import {
  MAX_PAGE_SIZE,
  PRODUCT_SORTS,
  type Product,
  type ProductPageAnswer,
  type ProductSort,
} from '@storefront/contract/browser';

/** A page of products, without the BFF's `meta`. */
export type ProductPage = Omit<ProductPageAnswer, 'meta'>;

const DEFAULT_PAGE_SIZE = 12;

function isSort(value: string | null): value is ProductSort {
  return value !== null && (PRODUCT_SORTS as readonly string[]).includes(value);
}

function positiveInt(value: string | null, fallback: number): number {
  const parsed = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : fallback;
}

/**
 * Answers `GET /products` over a product list the way the catalog service does. Bad values fall back to the
 * defaults so a mock never fails on odd input.
 */
export function queryProducts(products: readonly Product[], params: URLSearchParams): ProductPage {
  const q = (params.get('q') ?? '').trim().toLowerCase();
  const category = params.get('category') ?? '';
  const featured = params.get('featured');
  const rawSort = params.get('sort');
  const sort: ProductSort = isSort(rawSort) ? rawSort : 'name-asc';
  const page = positiveInt(params.get('page'), 1);
  const pageSize = Math.min(positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);

  // Remember the fixture position: it stands in for `createdAt` (later position = newer).
  let matches = products.map((product, position) => ({ product, position }));
  if (q) {
    matches = matches.filter(({ product }) =>
      [product.name, product.description, product.categoryName].some((text) =>
        text.toLowerCase().includes(q),
      ),
    );
  }
  if (category) matches = matches.filter(({ product }) => product.category === category);
  if (featured === 'true' || featured === '1') matches = matches.filter(({ product }) => product.featured);
  if (featured === 'false' || featured === '0') matches = matches.filter(({ product }) => !product.featured);

  const byName = (a: Product, b: Product) => a.name.localeCompare(b.name);
  matches.sort((a, b) => {
    switch (sort) {
      case 'name-desc':
        return byName(b.product, a.product);
      case 'price-asc':
        return a.product.priceCents - b.product.priceCents || byName(a.product, b.product);
      case 'price-desc':
        return b.product.priceCents - a.product.priceCents || byName(a.product, b.product);
      case 'newest':
        return b.position - a.position;
      default:
        return byName(a.product, b.product);
    }
  });

  const start = (page - 1) * pageSize;
  return {
    items: matches.slice(start, start + pageSize).map(({ product }) => product),
    total: matches.length,
    page,
    pageSize,
  };
}
