import { startStandalone } from '@storefront/remote-kit/standalone';
import { StandaloneApp } from './app/standalone-app';

void startStandalone({
  name: 'account',
  app: <StandaloneApp />,
  // The account set's seeded orders win over the cart set's (empty) ones on this standalone page.
  preferMocks: (mocks, scenario) => mocks.accountHandlers[scenario],
});
