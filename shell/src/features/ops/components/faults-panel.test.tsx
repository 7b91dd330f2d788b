import { FaultTypesAnswer, problemsOf } from '@storefront/contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../test/fake-event-source';
import { fakeFaultApi, renderLive } from '../test/fault-api';
import { FAULT_TYPES_ANSWER } from '../test/fault-types';

const { server, calls } = fakeFaultApi();

/** The form of a target, once the fault types have arrived and it offers its Type picker. */
async function formWithTypes(name: string): Promise<HTMLElement> {
  const form = screen.getByRole('form', { name: `${name} fault` });
  await within(form).findByRole('combobox', { name: 'Type' });
  return form;
}

describe('resilience console: faults', () => {
  it('lists the six targets with their active fault and the time left', () => {
    const base = snapshotOf();
    const targets = base.faults.targets.map((target) =>
      target.name === 'cart'
        ? {
            ...target,
            fault: {
              type: 'latency' as const,
              options: { ms: 800 },
              injectedAt: '2025-05-01T11:59:50.000Z',
              expiresAt: '2025-05-01T12:00:30.000Z',
            },
          }
        : target,
    );
    renderLive({ ...base, faults: { available: true, targets } });
    const faults = screen.getByRole('region', { name: 'Faults' });
    expect(within(faults).getAllByRole('listitem')).toHaveLength(6);
    const cart = within(faults).getByRole('form', { name: 'cart fault' });
    expect(cart.textContent).toContain('latency: ms 800');
    expect(cart.textContent).toMatch(/(30|29|28) s left/);
    expect(within(faults).getByRole('form', { name: 'catalog fault' }).textContent).toContain('No fault');
  });

  it('injects a latency fault with its options and duration', async () => {
    const user = userEvent.setup();
    renderLive();
    const form = await formWithTypes('catalog');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'latency');
    await user.type(within(form).getByRole('spinbutton', { name: 'ms' }), '750');
    const duration = within(form).getByRole('spinbutton', { name: 'For (s)' });
    await user.clear(duration);
    await user.type(duration, '30');
    await user.click(screen.getByRole('button', { name: 'Inject fault into catalog' }));

    expect(await screen.findByText('Injected latency into catalog')).toBeTruthy();
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([
      {
        method: 'PUT',
        path: '/api/faults/catalog',
        body: { type: 'latency', options: { ms: 750 }, durationMs: 30000 },
      },
    ]);
  });

  it('injects flapping and down faults with the right bodies, defaults left to the fault proxy', async () => {
    const user = userEvent.setup();
    renderLive();
    const form = await formWithTypes('remote-cart');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'flapping');
    await user.type(within(form).getByRole('spinbutton', { name: 'downMs' }), '2000');
    await user.clear(within(form).getByRole('spinbutton', { name: 'For (s)' }));
    await user.click(screen.getByRole('button', { name: 'Inject fault into remote-cart' }));
    await screen.findByText('Injected flapping into remote-cart');

    await user.click(screen.getByRole('button', { name: 'Inject fault into account' }));
    await screen.findByText('Injected down into account');
    expect(calls.filter((call) => call.method !== 'GET').map((call) => [call.path, call.body])).toEqual([
      ['/api/faults/remote-cart', { type: 'flapping', options: { downMs: 2000 } }],
      ['/api/faults/account', { type: 'down', durationMs: 60000 }],
    ]);
  });

  it('shows the coded error message when the fault API refuses', async () => {
    const user = userEvent.setup();
    renderLive();
    const form = await formWithTypes('cart');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'errors');
    await user.type(within(form).getByRole('spinbutton', { name: 'percent' }), '50');
    await user.click(screen.getByRole('button', { name: 'Inject fault into cart' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('cart: percent must be between 1 and 100 (INVALID_REQUEST)');
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      type: 'errors',
      options: { percent: 50 },
      durationMs: 60000,
    });
  });

  it('clears one target and then every target', async () => {
    const user = userEvent.setup();
    renderLive();
    await user.click(screen.getByRole('button', { name: 'Clear fault on catalog' }));
    await screen.findByText('Cleared the fault on catalog');
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    await screen.findByText('Cleared every fault');
    expect(
      calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`),
    ).toEqual(['DELETE /api/faults/catalog', 'DELETE /api/faults']);
  });

  it('shows the BFF being away as a coded error', async () => {
    server.use(
      http.delete('*/api/faults', () =>
        HttpResponse.json(
          { error: { code: 'BFF_UNAVAILABLE', message: 'The API (BFF) is unavailable' } },
          { status: 502 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderLive();
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The API (BFF) is unavailable (BFF_UNAVAILABLE)',
    );
  });

  it('shows a note and no buttons, and asks for no fault types, when fault injection is off', () => {
    renderLive(snapshotOf({ faults: { available: false, targets: [] } }));
    const faults = screen.getByRole('region', { name: 'Faults' });
    expect(
      within(faults).getByText('Fault injection is off (demo mode disabled or fault proxy not running)'),
    ).toBeTruthy();
    expect(within(faults).queryAllByRole('button')).toHaveLength(0);
    // Nothing to act with either, but the read-only lookups: the events view's filter, the trace finder.
    const lookups = [
      screen.getByRole('region', { name: 'Events' }),
      screen.getByRole('region', { name: 'Recent requests' }),
    ];
    const actions = screen
      .queryAllByRole('button')
      .filter((button) => !lookups.some((lookup) => lookup.contains(button)));
    expect(actions).toHaveLength(0);
    // The breakers are still shown.
    expect(screen.getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
    expect(calls.filter((call) => call.path === '/api/faults/types')).toEqual([]);
  });
});

describe('resilience console: the fault form comes from GET /api/faults/types', () => {
  it('holds the test answer to the contract', () => {
    expect(problemsOf(FaultTypesAnswer, FAULT_TYPES_ANSWER)).toEqual([]);
  });

  it('offers the listed types in order, asked for once for every target', async () => {
    renderLive();
    const form = await formWithTypes('catalog');
    const select = within(form).getByRole('combobox', { name: 'Type' }) as HTMLSelectElement;
    expect([...select.options].map((option) => option.value)).toEqual([
      'down',
      'latency',
      'errors',
      'flapping',
    ]);
    expect(select.value).toBe('down');
    // The picked type says what it does.
    expect(select.getAttribute('aria-describedby')).toBeTruthy();
    expect(form.textContent).toContain('down: closes the listener: connections are refused');
    // `down` takes no option: only the duration.
    expect(
      within(form)
        .getAllByRole('spinbutton')
        .map((input) => input.id),
    ).toEqual([within(form).getByRole('spinbutton', { name: 'For (s)' }).id]);
    expect(calls.filter((call) => call.path === '/api/faults/types')).toHaveLength(1);
  });

  it("shows each option of the picked type with its unit, bounds and default, and the answer's duration bounds", async () => {
    const user = userEvent.setup();
    renderLive();
    const form = await formWithTypes('cart');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'errors');
    const percent = within(form).getByRole('spinbutton', {
      name: 'percent',
      description: '% · 1–100 · required',
    }) as HTMLInputElement;
    expect([percent.min, percent.max, percent.required, percent.placeholder]).toEqual(['1', '100', true, '']);
    const status = within(form).getByRole('spinbutton', {
      name: 'status',
      description: 'HTTP status · 500–599 · default 503',
    }) as HTMLInputElement;
    expect([status.min, status.max, status.required, status.placeholder]).toEqual([
      '500',
      '599',
      false,
      '503',
    ]);
    expect(form.textContent).toContain('errors: the proxy answers that share of requests with an error');
    const duration = within(form).getByRole('spinbutton', {
      name: 'For (s)',
      description: 's · 1–3600 · empty: until cleared',
    }) as HTMLInputElement;
    expect([duration.min, duration.max, duration.value]).toEqual(['1', '3600', '60']);

    // Another type, other fields: the values typed for the first are not carried over.
    await user.type(status, '500');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'latency');
    expect(within(form).queryByRole('spinbutton', { name: 'status' })).toBeNull();
    expect(
      within(form).getByRole('spinbutton', { name: 'jitterMs', description: 'ms · 0–60000 · default 0' }),
    ).toBeTruthy();
  });

  it('builds the form of a type the console has never heard of', async () => {
    server.use(
      http.get('*/api/faults/types', () =>
        HttpResponse.json({
          ...FAULT_TYPES_ANSWER,
          types: [
            {
              type: 'throttle',
              description: 'answers slowly, a little at a time',
              options: [
                {
                  name: 'chunkMs',
                  description: 'pause between chunks',
                  unit: 'ms',
                  min: 10,
                  max: 5000,
                  required: true,
                  default: null,
                },
              ],
            },
          ],
          durationMs: { min: 5000, max: 60_000 },
        }),
      ),
    );
    const user = userEvent.setup();
    renderLive();
    const form = await formWithTypes('catalog');
    const chunk = within(form).getByRole('spinbutton', {
      name: 'chunkMs',
      description: 'ms · 10–5000 · required',
    });
    await user.type(chunk, '250');
    const duration = within(form).getByRole('spinbutton', { name: 'For (s)' }) as HTMLInputElement;
    expect([duration.min, duration.max]).toEqual(['5', '60']);
    await user.click(screen.getByRole('button', { name: 'Inject fault into catalog' }));
    await screen.findByText('Injected throttle into catalog');
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      type: 'throttle',
      options: { chunkMs: 250 },
      durationMs: 60000,
    });
  });

  it('says so when the types cannot be loaded, keeps Clear working, and loads them on Retry', async () => {
    let failures = 1;
    server.use(
      http.get('*/api/faults/types', () => {
        if (failures > 0) {
          failures -= 1;
          return HttpResponse.json(
            { error: { code: 'FAULT_PROXY_UNAVAILABLE', message: 'The fault proxy is unavailable' } },
            { status: 503 },
          );
        }
        return HttpResponse.json(FAULT_TYPES_ANSWER);
      }),
    );
    const user = userEvent.setup();
    renderLive();
    const faults = screen.getByRole('region', { name: 'Faults' });
    expect(
      await within(faults).findByText(
        'Fault types cannot be loaded: The fault proxy is unavailable (FAULT_PROXY_UNAVAILABLE)',
      ),
    ).toBeTruthy();
    // Nobody asked: not an alert. No picker and no Inject, but the targets and Clear are there.
    expect(within(faults).queryByRole('alert')).toBeNull();
    expect(within(faults).queryByRole('combobox', { name: 'Type' })).toBeNull();
    expect(within(faults).queryByRole('button', { name: 'Inject fault into catalog' })).toBeNull();
    expect(within(faults).getAllByRole('listitem')).toHaveLength(6);
    await user.click(within(faults).getByRole('button', { name: 'Clear fault on catalog' }));
    await within(faults).findByText('Cleared the fault on catalog');

    await user.click(within(faults).getByRole('button', { name: 'Retry loading the fault types' }));
    await formWithTypes('catalog');
    expect(within(faults).queryByText(/Fault types cannot be loaded/)).toBeNull();
    expect(within(faults).getByRole('button', { name: 'Inject fault into catalog' })).toBeTruthy();
  });

  it('says so when the answer is not a list of fault types (e.g. a BFF without the route)', async () => {
    server.use(http.get('*/api/faults/types', () => HttpResponse.json({ scenarios: [] })));
    renderLive();
    expect(
      await screen.findByText(
        'Fault types cannot be loaded: The fault API did not answer a list of fault types',
      ),
    ).toBeTruthy();
  });
});
