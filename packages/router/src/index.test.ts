import * as reactRouter from 'react-router';
import { describe, expect, it } from 'vitest';
import * as contract from './index';

// The contract, deliberately spelled out: adding a name here is a minor version of @storefront/router (every
// remote may then use it, so every shell that hosts them must provide it), removing one is a major.
const CONTRACT = [
  'BrowserRouter',
  'Link',
  'MemoryRouter',
  'Route',
  'Routes',
  'useLocation',
  'useNavigate',
  'useParams',
  'useSearchParams',
];

describe('@storefront/router', () => {
  it('exports exactly the contract', () => {
    expect(Object.keys(contract).sort()).toEqual(CONTRACT);
  });

  it("re-exports react-router's own values, so a remote's <Link> uses the host's router contexts", () => {
    const router = reactRouter as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(contract)) {
      expect.soft(value, name).toBe(router[name]);
    }
  });
});
