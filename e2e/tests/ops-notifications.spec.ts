import { expect, test, untilAllBreakersClosed } from '../support/fixtures.js';

interface ReplicaBreakers {
  replica: string;
  upstreams: Array<{
    name: string;
    state: string;
    lastTransition: { from: string; to: string; at: string } | null;
  }>;
}

/** The catalog notification's list item, whichever replica serves the console's stream. */
const OPEN_ACTIVE = /^Breaker open: catalog on (bff-\d+), active$/;

// Issue 14: /ops shows the alert rules' conditions live. The catalog outage must raise "breaker open" within 2 s of
// the breaker's transition, and clear it once the catalog is back.
test.describe('live notifications in /ops', () => {
  test.afterEach(async ({ request, storefront }) => {
    await request.delete(`${storefront.shellUrl}/api/faults`);
    await untilAllBreakersClosed(request, storefront.shellUrl);
  });

  test('catalog outage → "breaker open" within 2 s of the transition; recovery → cleared', async ({
    page,
    request,
    storefront,
  }) => {
    const shell = storefront.shellUrl;
    const replicas = async (): Promise<ReplicaBreakers[]> =>
      (await (await request.get(`${shell}/api/resilience`)).json()).replicas;
    const catalogOn = async (replica: string) =>
      (await replicas()).find((r) => r.replica === replica)?.upstreams.find((u) => u.name === 'catalog');

    await page.goto('/ops');
    await expect(page.getByRole('status').filter({ hasText: /live/i })).toBeVisible();
    await expect(page.getByRole('alert', { name: 'Active notifications' })).toHaveCount(0);

    // The browser notes when the item appears (its own clock, the same machine's as the BFF's), polling every frame.
    const appeared = page.waitForFunction(
      (pattern) => {
        const items = Array.from(document.querySelectorAll('li[aria-label]'));
        const item = items.find((li) => new RegExp(pattern).test(li.getAttribute('aria-label') ?? ''));
        return item ? `${Date.now()} ${item.getAttribute('aria-label') ?? ''}` : '';
      },
      OPEN_ACTIVE.source,
      { polling: 'raf', timeout: 30_000 },
    );

    const put = await request.put(`${shell}/api/faults/catalog`, { data: { type: 'down' } });
    expect(put.status()).toBe(200);
    // Traffic on both replicas (the shell host alternates) until the breakers open.
    await expect
      .poll(
        async () => {
          for (let i = 0; i < 2; i++) await request.get(`${shell}/api/catalog/categories`);
          return (await replicas()).every(
            (r) => r.upstreams.find((u) => u.name === 'catalog')?.state !== 'closed',
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);

    const seen = await (await appeared).jsonValue();
    const appearedAt = Number(seen.slice(0, seen.indexOf(' ')));
    const label = seen.slice(seen.indexOf(' ') + 1);
    const replica = OPEN_ACTIVE.exec(label)?.[1] ?? '';
    const item = page.getByRole('listitem', { name: label, exact: true });
    const since = Date.parse((await item.locator('time').first().getAttribute('datetime')) ?? '');
    // The transition as /api/resilience reports it (the last one out of closed on that replica).
    const transition = (await catalogOn(replica))?.lastTransition;
    expect(transition).toBeTruthy();
    const transitionAt = transition?.from === 'closed' ? Date.parse(transition.at) : since;
    expect(Math.abs(since - transitionAt)).toBeLessThan(100);
    const delayMs = appearedAt - transitionAt;
    test.info().annotations.push({ type: 'notification delay', description: `${delayMs} ms` });
    expect(delayMs).toBeLessThan(2_000);
    await expect(page.getByRole('alert', { name: 'Active notifications' })).toContainText(
      `Breaker open: catalog on ${replica}`,
    );
    await expect(item).toContainText(/opened on bff-\d+ \(.*\).*30 s/);

    // Recovery: the fault goes, the next calls after the cooldown close the breakers.
    await request.delete(`${shell}/api/faults`);
    await expect
      .poll(
        async () => {
          for (let i = 0; i < 2; i++) await request.get(`${shell}/api/catalog/categories`);
          return (await catalogOn(replica))?.state;
        },
        { timeout: 30_000 },
      )
      .toBe('closed');
    await expect(
      page.getByRole('listitem', { name: `Breaker open: catalog on ${replica}, cleared` }),
    ).toBeVisible({
      timeout: 3_000,
    });
    await expect(
      page.getByRole('listitem', { name: `Breaker open: catalog on ${replica}, active` }),
    ).toHaveCount(0);
    await expect(
      page
        .getByLabel('Active notifications', { exact: true })
        .filter({ hasText: `Breaker open: catalog on ${replica}` }),
    ).toHaveCount(0);
  });
});
