import { renderWithRouter } from '@storefront/remote-kit/testing';
import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import early from './early-data.json';
import CatalogPage from './exposes/catalog-page';
import FeaturedProducts from './exposes/featured-products';
import ProductDetail from './exposes/product-detail';
import { server } from './testing/server';

// early-data.json is a promise to the shell: "this module's first render asks exactly these". A GET it declares
// but does not make is a wasted call on every page; one it makes but does not declare loses its head start. So
// each exposed module is rendered as the shell renders it, and what it asks is compared with its declaration.

type Template = string | { path: string; query?: string };

const asked: string[] = [];
const record = ({ request }: { request: Request }) => {
  const url = new URL(request.url);
  if (request.method === 'GET') asked.push(url.pathname + url.search);
};
server.events.on('request:start', record);
afterEach(() => {
  asked.length = 0;
});

/** The declared templates of `module`, filled in with the shell's route parameters. */
function declared(module: keyof typeof early, params: Record<string, string> = {}): string[] {
  const list = early[module] as Template[];
  return list.map((t) =>
    (typeof t === 'string' ? t : t.path).replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(params[name] ?? ''),
    ),
  );
}

/** What `ui` asks on its first render at `url`, once it shows `ready`. */
async function firstAsks(ui: ReactElement, url: string, ready: RegExp): Promise<string[]> {
  renderWithRouter(ui, url);
  await screen.findAllByText(ready);
  return [...asked].sort();
}

describe('early-data.json: what each exposed module asks on its first render', () => {
  it('./ProductDetail on /products/:id (the shell passes the `id` parameter as `productId`)', async () => {
    const id = 'yoga mat';
    expect(
      await firstAsks(
        <ProductDetail productId={id} />,
        `/products/${encodeURIComponent(id)}`,
        /not found|went wrong/i,
      ),
    ).toEqual(declared('./ProductDetail', { id }));
  });

  it('./FeaturedProducts as the home page renders it (limit 4)', async () => {
    expect(await firstAsks(<FeaturedProducts limit={4} />, '/', /\$\d/)).toEqual(
      declared('./FeaturedProducts'),
    );
  });

  it('./CatalogPage on `/` without a query', async () => {
    expect(await firstAsks(<CatalogPage />, '/', /\d+ products?/)).toEqual(declared('./CatalogPage').sort());
  });
});
