import type { OpsNotification } from '@storefront/contract/browser';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeEventSources, snapshotOf } from '../test/fake-event-source';
import { fakeFaultApi, renderOps } from '../test/fault-api';

fakeFaultApi();

function notification(patch: Partial<OpsNotification> = {}): OpsNotification {
  return {
    id: 'breaker-open/bff-1/catalog/2025-05-01T11:59:58.000Z',
    condition: 'breaker-open',
    upstream: 'catalog',
    replica: 'bff-1',
    severity: 'critical',
    since: '2025-05-01T11:59:58.000Z',
    clearedAt: null,
    message: 'Breaker for catalog opened on bff-1 (3 consecutive failures).',
    ...patch,
  };
}

function live() {
  const streams = fakeEventSources();
  renderOps(streams.factory);
  streams.latest().open();
  return streams.latest();
}

describe('resilience console: notifications', () => {
  it('shows no banner and says so in the list while every condition is quiet', () => {
    live().emit('snapshot', snapshotOf());
    expect(screen.queryByRole('alert', { name: 'Active notifications' })).toBeNull();
    expect(screen.queryByRole('status', { name: 'Active notifications' })).toBeNull();
    const section = screen.getByRole('region', { name: 'Notifications' });
    expect(within(section).getByText('No notification: every condition is quiet.')).toBeTruthy();
  });

  it('says so when the replica is older and reports no notifications', () => {
    const { notifications: _none, ...older } = snapshotOf();
    live().emit('snapshot', older);
    expect(screen.queryByRole('alert', { name: 'Active notifications' })).toBeNull();
    const section = screen.getByRole('region', { name: 'Notifications' });
    expect(within(section).getByText(/bff-1 does not report notifications/)).toBeTruthy();
  });

  it('raises a critical banner as an alert naming the condition and upstream, and lists it with when and why', () => {
    const stream = live();
    stream.emit('snapshot', snapshotOf());
    stream.emit('snapshot', snapshotOf({ notifications: { active: [notification()], cleared: [] } }));

    const banner = screen.getByRole('alert', { name: 'Active notifications' });
    expect(banner.textContent).toBe('Breaker open: catalog on bff-1');

    const list = screen.getByRole('list', { name: 'Notifications, active first' });
    const item = within(list).getByRole('listitem', { name: 'Breaker open: catalog on bff-1, active' });
    expect(item.textContent).toContain('(critical, active)');
    expect(item.textContent).toContain('3 consecutive failures');
    expect(item.querySelector('time')?.getAttribute('dateTime')).toBe('2025-05-01T11:59:58.000Z');
  });

  it('uses a polite status for warnings alone, and lists active ones before the cleared', () => {
    const flapping = notification({
      id: 'breaker-flapping/bff-1/cart/2025-05-01T11:50:00.000Z',
      condition: 'breaker-flapping',
      upstream: 'cart',
      severity: 'warning',
      since: '2025-05-01T11:50:00.000Z',
      message: 'Breaker for cart on bff-1 opened or closed 7 times in 10 minutes.',
    });
    const earlier = notification({
      id: 'breaker-open/bff-1/catalog/2025-05-01T11:40:00.000Z',
      since: '2025-05-01T11:40:00.000Z',
      clearedAt: '2025-05-01T11:41:00.000Z',
    });
    live().emit('snapshot', snapshotOf({ notifications: { active: [flapping], cleared: [earlier] } }));

    expect(screen.queryByRole('alert', { name: 'Active notifications' })).toBeNull();
    expect(screen.getByRole('status', { name: 'Active notifications' }).textContent).toBe(
      'Breaker flapping: cart on bff-1',
    );
    const items = within(screen.getByRole('list', { name: 'Notifications, active first' })).getAllByRole(
      'listitem',
    );
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      'Breaker flapping: cart on bff-1, active',
      'Breaker open: catalog on bff-1, cleared',
    ]);
    const times = [...(items[1]?.querySelectorAll('time') ?? [])].map((time) =>
      time.getAttribute('dateTime'),
    );
    expect(times).toEqual(['2025-05-01T11:40:00.000Z', '2025-05-01T11:41:00.000Z']);
  });

  it('sums several active notifications up in the banner, and takes it down once they clear', () => {
    const stream = live();
    const other = notification({
      id: 'no-successful-calls/bff-1/catalog/x',
      condition: 'no-successful-calls',
    });
    stream.emit('snapshot', snapshotOf({ notifications: { active: [notification(), other], cleared: [] } }));
    const banner = screen.getByRole('alert', { name: 'Active notifications' });
    expect(within(banner).getByText('2 active notifications')).toBeTruthy();
    expect(
      within(banner)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Breaker open: catalog on bff-1', 'No successful calls: catalog on bff-1']);

    stream.emit(
      'snapshot',
      snapshotOf({
        notifications: { active: [], cleared: [notification({ clearedAt: '2025-05-01T12:00:05.000Z' })] },
      }),
    );
    expect(screen.queryByRole('alert', { name: 'Active notifications' })).toBeNull();
    expect(screen.getByRole('listitem', { name: 'Breaker open: catalog on bff-1, cleared' })).toBeTruthy();
  });
});
