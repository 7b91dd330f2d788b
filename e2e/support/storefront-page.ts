// What a shopper does on the storefront's pages, shared by the journeys (tests/journey.spec.ts).
import { expect, type Locator, type Page } from '@playwright/test';

/** Adds the first product of the catalog grid that is in stock, returns its name. */
export async function addFirstProduct(page: Page): Promise<string> {
  const grid = page.getByRole('region', { name: 'Products', exact: true });
  const button = grid.getByRole('button', { name: /^add to cart: .+$/i }).first();
  await expect(button).toBeEnabled();
  const label = (await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '';
  const name = label.replace(/^add to cart: /i, '');
  await button.click();
  await expect(
    grid
      .getByRole('status')
      .filter({ hasText: /added to cart/i })
      .first(),
  ).toBeVisible();
  return name;
}

/** The header's cart link, named after its item count ("Cart, 2 items"). */
export function cartBadge(page: Page): Locator {
  return page.getByRole('banner').getByRole('link', { name: /cart, \d+ items?/i });
}
