import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DegradedInfo } from '../types';
import { DegradedNotice, ErrorNotice, Notice, UnavailableNotice } from './notices';

afterEach(cleanup);

// Without `savedAt` the saved copy is known only from the Storefront-Degraded header.
const degraded = (savedAt: string | null): DegradedInfo =>
  savedAt === null
    ? { service: 'catalog', reason: 'timeout', savedAt: null, retryAfterMs: null }
    : { service: 'catalog', reason: 'timeout', savedAt, retryAfterMs: 5000 };

describe('Notice', () => {
  it('frames its children with the role it is given, or none', () => {
    render(
      <>
        <Notice tone="success" role="status">
          <p>Order placed.</p>
        </Notice>
        <Notice tone="info">You need an account.</Notice>
      </>,
    );
    expect(screen.getByRole('status').textContent).toBe('Order placed.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('You need an account.').getAttribute('role')).toBeNull();
  });
});

describe('DegradedNotice', () => {
  it('says what is shown and when it was saved, as a status', () => {
    const savedAt = new Date(2025, 4, 20, 14, 5).toISOString();
    render(<DegradedNotice degraded={degraded(savedAt)} message="Showing saved products." />);
    const notice = screen.getByRole('status');
    expect(notice.textContent).toMatch(/^Showing saved products\. Saved at 2:05\sPM\.$/);
    expect(notice.querySelector('time')?.getAttribute('datetime')).toBe(savedAt);
  });

  it('leaves the time out when the saved copy has none, or an unreadable one', () => {
    const { rerender } = render(
      <DegradedNotice degraded={degraded(null)} message="Showing your saved cart." />,
    );
    expect(screen.getByRole('status').textContent).toBe('Showing your saved cart.');
    rerender(<DegradedNotice degraded={degraded('yesterday')} message="Showing your saved cart." />);
    expect(screen.getByRole('status').textContent).toBe('Showing your saved cart.');
  });
});

describe('UnavailableNotice', () => {
  const NOW = new Date(2025, 0, 1, 12, 0, 0).getTime();

  beforeEach(() => {
    // Only the countdown's clock: Testing Library and user-event wait on real setTimeout.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  const noop = () => {};

  it('counts down to the automatic retry every second, as an alert', () => {
    render(
      <UnavailableNotice
        message="The catalog is temporarily unavailable."
        nextRetryAt={NOW + 5000}
        retrying={false}
        onRetry={noop}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The catalog is temporarily unavailable. Retrying in 5 s.');
    act(() => vi.advanceTimersByTime(2000));
    expect(alert.textContent).toContain('Retrying in 3 s.');
    act(() => vi.advanceTimersByTime(3000));
    expect(alert.textContent).toContain('Retrying now…');
    // The ticking part is not re-announced by screen readers.
    expect(screen.getByText('Retrying now…').getAttribute('aria-live')).toBe('off');
  });

  it('counts from the current time when a retry time arrives after a long spell without one', () => {
    const { rerender } = render(
      <UnavailableNotice message="Down." nextRetryAt={null} retrying={false} onRetry={noop} />,
    );
    act(() => vi.advanceTimersByTime(30_000));
    rerender(
      <UnavailableNotice message="Down." nextRetryAt={Date.now() + 4000} retrying={false} onRetry={noop} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Retrying in 4 s.');
  });

  it('asks to try again when no retry is planned', () => {
    render(<UnavailableNotice message="Down." nextRetryAt={null} retrying={false} onRetry={noop} />);
    expect(screen.getByRole('alert').textContent).toContain('Down. Please try again.');
  });

  it('retries on the button, which is disabled while a retry is in flight', async () => {
    const onRetry = vi.fn();
    const { rerender } = render(
      <UnavailableNotice message="Down." nextRetryAt={NOW + 9000} retrying={false} onRetry={onRetry} />,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry now' }));
    expect(onRetry).toHaveBeenCalledTimes(1);

    rerender(<UnavailableNotice message="Down." nextRetryAt={NOW + 9000} retrying onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('Retrying now…');
    expect((screen.getByRole('button', { name: 'Retry now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('names the button as told', async () => {
    const onRetry = vi.fn();
    render(
      <UnavailableNotice
        message="Sign-in is temporarily unavailable."
        nextRetryAt={null}
        retrying={false}
        onRetry={onRetry}
        retryLabel="Try again"
      />,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
  });
});

describe('ErrorNotice', () => {
  it('says what went wrong, naming what was loading when told, and retries on "Try again"', async () => {
    const onRetry = vi.fn();
    const { rerender } = render(<ErrorNotice message="Bad gateway" onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong: Bad gatewayTry again');
    rerender(<ErrorNotice message="Bad gateway" onRetry={onRetry} whileLoading="the catalog" />);
    expect(screen.getByRole('alert').querySelector('p')?.textContent).toBe(
      'Something went wrong while loading the catalog: Bad gateway',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
