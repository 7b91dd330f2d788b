// `npm run probe` against the e2e stack: every hostile or careless request of issue 12 gets its documented answer
// from the real processes, and the storefront still serves a shopper afterwards.
import { formatProbes, runProbes } from '../../scripts/lib/probes.mjs';
import { expect, test } from '../support/fixtures.js';

test('every probe of npm run probe is refused as docs/security.md says', async ({ storefront, request }) => {
  const { ports } = storefront;
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const results = await runProbes({
    shell: storefront.shellUrl,
    bff: storefront.bffUrl,
    account: local(ports.ACCOUNT_SERVICE_PORT),
    accountViaFaultProxy: local(ports.ACCOUNT_SERVICE_FAULT_PORT),
    faultControl: local(ports.FAULT_CONTROL_PORT),
  });
  const table = formatProbes(results);
  console.log(table);
  expect(
    results.filter((r) => !r.ok),
    table,
  ).toEqual([]);
  expect((await request.get('/api/catalog/products')).status()).toBe(200);
});
