import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { fakeFaultApi } from '../test/fault-api';
import { CheckoutModeSwitch } from './checkout-mode-switch';

const { server, calls, checkout } = fakeFaultApi();

function radio(name: 'Orchestrated' | 'Choreographed'): HTMLInputElement {
  const group = screen.getByRole('group', { name: 'Checkout mode' });
  return within(group).getByRole('radio', { name }) as HTMLInputElement;
}

describe('resilience console: the checkout-mode switch', () => {
  it('shows the cart service’s current mode as the checked radio of the "Checkout mode" group', async () => {
    checkout.mode = 'choreographed';
    render(<CheckoutModeSwitch demo />);
    await waitFor(() => expect(radio('Choreographed').checked).toBe(true));
    expect(radio('Orchestrated').checked).toBe(false);
    expect(radio('Orchestrated').disabled).toBe(false);
  });

  it('switches the mode in demo mode and says so', async () => {
    const user = userEvent.setup();
    render(<CheckoutModeSwitch demo />);
    await waitFor(() => expect(radio('Orchestrated').checked).toBe(true));
    await user.click(radio('Choreographed'));
    await waitFor(() => expect(radio('Choreographed').checked).toBe(true));
    expect(calls).toEqual([
      { method: 'PUT', path: '/api/faults/checkout-mode', body: { mode: 'choreographed' } },
    ]);
    expect(screen.getByText('Checkouts now run choreographed')).toBeTruthy();
  });

  it('is disabled outside demo mode, the reason given, while still showing the mode', async () => {
    render(<CheckoutModeSwitch demo={false} />);
    await waitFor(() => expect(radio('Orchestrated').checked).toBe(true));
    expect(radio('Orchestrated').disabled).toBe(true);
    expect(radio('Choreographed').disabled).toBe(true);
    const group = screen.getByRole('group', { name: 'Checkout mode' });
    expect(group.getAttribute('aria-describedby')).toBe('shell-ops-checkout-mode-note');
    expect(document.getElementById('shell-ops-checkout-mode-note')?.textContent).toMatch(
      /^Switching needs demo mode/,
    );
  });

  it('keeps the mode and raises an alert when the switch is refused', async () => {
    server.use(
      http.put('*/api/faults/checkout-mode', () =>
        HttpResponse.json(
          { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'The cart service is unavailable' } },
          { status: 503 },
        ),
      ),
    );
    const user = userEvent.setup();
    render(<CheckoutModeSwitch demo />);
    await waitFor(() => expect(radio('Orchestrated').checked).toBe(true));
    await user.click(radio('Choreographed'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The cart service is unavailable (UPSTREAM_UNAVAILABLE)',
    );
    expect(radio('Orchestrated').checked).toBe(true);
  });

  it('says when the mode cannot be read, and reads it again on demand', async () => {
    server.use(
      http.get(
        '*/api/ops/checkout-mode',
        () =>
          HttpResponse.json(
            { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'The cart service is unavailable' } },
            { status: 503 },
          ),
        { once: true },
      ),
    );
    const user = userEvent.setup();
    render(<CheckoutModeSwitch demo />);
    expect(await screen.findByText(/The checkout mode cannot be read/)).toBeTruthy();
    expect(radio('Orchestrated').checked).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Read the checkout mode again' }));
    await waitFor(() => expect(radio('Orchestrated').checked).toBe(true));
  });
});
