import { MemoryRouter, useLocation } from '@storefront/router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';

/** Shows the router's current path and query (test id `location`) so tests can check that state lives in the URL. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/** Renders a component inside a MemoryRouter at `url`, with a user-event instance. */
export function renderWithRouter(ui: ReactElement, url = '/') {
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[url]}>
      {ui}
      <LocationProbe />
    </MemoryRouter>,
  );
  return { user, ...view };
}
