import { PRODUCT_SORTS, type ProductSort } from '@storefront/contract/browser';
import { DegradedNotice, ErrorNotice, UnavailableNotice } from '@storefront/remote-kit/notices';
import { useSearchParams } from '@storefront/router';
import { type FormEvent, type ReactNode, useId } from 'react';
import { useCategories } from '../api/get-categories';
import { isProductSort, useProducts } from '../api/get-products';
import './catalog.css';
import { CATALOG_DEGRADED_MESSAGE, CATALOG_UNAVAILABLE_MESSAGE, CATALOG_WHILE_LOADING } from './notice-texts';
import { ProductCard } from './product-card';

/** Products per page of the grid. */
export const CATALOG_PAGE_SIZE = 12;

const DEFAULT_SORT: ProductSort = 'name-asc';

const sortLabels: Record<ProductSort, string> = {
  'name-asc': 'Name (A–Z)',
  'name-desc': 'Name (Z–A)',
  'price-asc': 'Price (low to high)',
  'price-desc': 'Price (high to low)',
  newest: 'Newest',
};

/** Reads the grid's state from the URL query (`q`, `category`, `sort`, `page`), ignoring bad values. */
function readQuery(params: URLSearchParams) {
  const rawSort = params.get('sort');
  const parsedPage = Number(params.get('page') ?? '1');
  return {
    q: (params.get('q') ?? '').trim(),
    category: params.get('category') ?? '',
    sort: isProductSort(rawSort) ? rawSort : DEFAULT_SORT,
    page: Number.isInteger(parsedPage) && parsedPage >= 1 ? parsedPage : 1,
  };
}

function countLabel(total: number): string {
  return total === 1 ? '1 product' : `${total} products`;
}

/** The product grid with search, category filter, sort and pagination; its state lives in the URL query. */
export function CatalogPage() {
  const ids = useId();
  const [searchParams, setSearchParams] = useSearchParams();
  const { q, category, sort, page } = readQuery(searchParams);
  const products = useProducts({ q, category, sort, page, pageSize: CATALOG_PAGE_SIZE });
  const categories = useCategories();

  // Writes changes into the query, keeping unrelated parameters and dropping defaults for clean URLs.
  const update = (changes: Record<string, string | null>) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  };
  const goToPage = (target: number) => update({ page: target > 1 ? String(target) : null });
  const retryAll = () => {
    products.refetch();
    categories.refetch();
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    // A new search starts again on page 1.
    update({ q: typeof value === 'string' && value.trim() ? value.trim() : null, page: null });
  };

  const categoryOptions =
    categories.status === 'live' || categories.status === 'degraded' ? categories.data : [];
  const knownCategory = categoryOptions.some((option) => option.slug === category);

  let countText = 'Loading products…';
  let content: ReactNode = null;
  switch (products.status) {
    case 'loading':
      break;
    case 'unavailable':
      countText = '';
      content = (
        <UnavailableNotice
          message={CATALOG_UNAVAILABLE_MESSAGE}
          nextRetryAt={products.nextRetryAt}
          retrying={products.isFetching}
          onRetry={retryAll}
        />
      );
      break;
    case 'error':
      countText = '';
      content = (
        <ErrorNotice whileLoading={CATALOG_WHILE_LOADING} message={products.message} onRetry={retryAll} />
      );
      break;
    default: {
      const { items, total, pageSize } = products.data;
      const totalPages = Math.max(1, Math.ceil(total / Math.max(pageSize, 1)));
      countText = total === 0 ? 'No products match your search.' : countLabel(total);
      content = (
        <>
          {products.status === 'degraded' ? (
            <DegradedNotice degraded={products.degraded} message={CATALOG_DEGRADED_MESSAGE} />
          ) : null}
          {items.length > 0 ? (
            <ul className="catalog-grid">
              {items.map((product) => (
                <li key={product.id}>
                  <ProductCard product={product} headingLevel={2} />
                </li>
              ))}
            </ul>
          ) : null}
          {total === 0 && (q || category) ? (
            <p>
              <button
                type="button"
                className="catalog-button"
                onClick={() => update({ q: null, category: null, page: null })}
              >
                Clear filters
              </button>
            </p>
          ) : null}
          {total > 0 ? (
            <nav className="catalog-pagination" aria-label="Pagination">
              <button
                type="button"
                className="catalog-button"
                onClick={() => goToPage(Math.min(page - 1, totalPages))}
                disabled={page <= 1}
              >
                Previous
              </button>
              <span className="catalog-pagination__status">
                Page {page} of {totalPages}
              </span>
              <button
                type="button"
                className="catalog-button"
                onClick={() => goToPage(page + 1)}
                disabled={page >= totalPages}
              >
                Next
              </button>
            </nav>
          ) : null}
        </>
      );
    }
  }

  return (
    <section className="catalog-page" aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`} className="catalog-page__title">
        Products
      </h1>
      <div className="catalog-toolbar">
        {/* Remount on a new `q` (e.g. back button) so the box shows what the URL says. */}
        {/* biome-ignore lint/a11y/useSemanticElements: <search> is unknown to jsdom and older browsers; role="search" works everywhere */}
        <form key={q} role="search" className="catalog-search" onSubmit={onSearch}>
          <label htmlFor={`${ids}-q`} className="catalog-label">
            Search products
          </label>
          <div className="catalog-search__row">
            <input
              id={`${ids}-q`}
              className="catalog-input"
              type="search"
              name="q"
              defaultValue={q}
              placeholder="Search by name or description"
            />
            <button type="submit" className="catalog-button catalog-button--primary">
              Search
            </button>
          </div>
        </form>
        <div className="catalog-field">
          <label htmlFor={`${ids}-category`} className="catalog-label">
            Category
          </label>
          <select
            id={`${ids}-category`}
            className="catalog-input"
            value={category}
            onChange={(event) => update({ category: event.target.value || null, page: null })}
          >
            <option value="">All categories</option>
            {categoryOptions.map((option) => (
              <option key={option.slug} value={option.slug}>
                {option.name} ({option.productCount})
              </option>
            ))}
            {category && !knownCategory ? <option value={category}>{category}</option> : null}
          </select>
        </div>
        <div className="catalog-field">
          <label htmlFor={`${ids}-sort`} className="catalog-label">
            Sort by
          </label>
          <select
            id={`${ids}-sort`}
            className="catalog-input"
            value={sort}
            onChange={(event) =>
              update({ sort: event.target.value === DEFAULT_SORT ? null : event.target.value, page: null })
            }
          >
            {PRODUCT_SORTS.map((option) => (
              <option key={option} value={option}>
                {sortLabels[option]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="catalog-count" aria-live="polite">
        {countText}
      </p>
      <div className="catalog-results" aria-busy={products.isFetching}>
        {content}
      </div>
    </section>
  );
}
