import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../app/app';
import { LOCAL_REGISTRY } from '../../../test/fakes';
import type { RemoteModuleLoader } from '../../remotes';
import { OpsStreamConfigProvider } from '../api/event-source-context';
import { fakeEventSources, snapshotOf } from '../test/fake-event-source';
import { FAULT_TYPES_ANSWER } from '../test/fault-types';

/** Every remote is unreachable. */
const deadRemotes: RemoteModuleLoader = async () => {
  throw new Error('RUNTIME-003 Failed to get manifest');
};

describe('the /ops route', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // The console polls the processes, and asks for the fault types and the scenarios once fault injection
    // shows up as available.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input);
      if (url.endsWith('/api/ops/processes'))
        return Response.json({ processes: [], meta: { requestId: 't' } });
      return url.endsWith('/api/faults/types')
        ? Response.json(FAULT_TYPES_ANSWER)
        : Response.json({ scenarios: [] });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('is reached from the header and the footer, and works with every remote down', async () => {
    const user = userEvent.setup();
    const streams = fakeEventSources();
    render(
      <MemoryRouter initialEntries={['/cart']}>
        <OpsStreamConfigProvider config={{ createEventSource: streams.factory }}>
          <App services={{ loadRegistry: async () => LOCAL_REGISTRY, loadModule: deadRemotes }} />
        </OpsStreamConfigProvider>
      </MemoryRouter>,
    );
    expect(await screen.findByRole('alert')).toBeTruthy();

    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Ops' }),
    );
    const main = screen.getByRole('main');
    // The console is a lazy chunk: it shows once loaded.
    expect(await within(main).findByRole('heading', { level: 1, name: 'Resilience console' })).toBeTruthy();
    streams.latest().open();
    streams.latest().emit('snapshot', snapshotOf());
    expect(within(main).getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
    expect(within(main).getByRole('table', { name: 'Breakers per replica' })).toBeTruthy();
    expect(await within(main).findByRole('table', { name: 'Supervised processes' })).toBeTruthy();
    expect(within(main).getByRole('button', { name: 'Clear all faults' })).toBeTruthy();
    expect(await within(main).findByText('No scenario defined.')).toBeTruthy();
    expect(
      await within(within(main).getByRole('form', { name: 'catalog fault' })).findByRole('combobox', {
        name: 'Type',
      }),
    ).toBeTruthy();
    // No remote slot on this page: nothing in the main area reports a missing remote.
    expect(within(main).queryByRole('alert')).toBeNull();
    expect(
      within(screen.getByRole('navigation', { name: 'Main' }))
        .getByRole('link', { name: 'Ops' })
        .getAttribute('aria-current'),
    ).toBe('page');

    // Leaving the page closes the stream.
    await user.click(
      within(screen.getByRole('contentinfo')).getByRole('link', { name: 'Resilience status' }),
    );
    expect(streams.opened).toHaveLength(1);
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Cart' }),
    );
    expect(streams.latest().readyState).toBe(2);
  });
});
