import { OpsUpstream, problemsOf } from '@storefront/contract';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { upstreamOf } from '../test/fake-event-source';
import { describeBreaker, UpstreamCard } from './upstream-card';

describe('upstream card: the breaker’s kind', () => {
  it('says a consecutive breaker opens after N failures in a row', () => {
    const upstream = upstreamOf('cart', { breaker: { kind: 'consecutive', threshold: 3 } });
    expect(problemsOf(OpsUpstream, upstream)).toEqual([]);
    render(<UpstreamCard upstream={upstream} elapsedMs={0} />);
    expect(screen.getByText(/opens after 3 consecutive failures/).getAttribute('data-breaker-kind')).toBe(
      'consecutive',
    );
  });

  it('says a sampling breaker opens at an error share over a window, with a minimum of calls', () => {
    const upstream = upstreamOf('catalog', {
      breaker: { kind: 'sampling', errorRate: 0.5, windowMs: 10_000, minCalls: 10 },
    });
    expect(problemsOf(OpsUpstream, upstream)).toEqual([]);
    render(<UpstreamCard upstream={upstream} elapsedMs={0} />);
    expect(
      screen.getByText(/opens at 50 % errors over 10 s, ≥ 10 calls/).getAttribute('data-breaker-kind'),
    ).toBe('sampling');
  });

  it('words the edge cases: one failure, a breaker turned off, an older replica without the field', () => {
    expect(describeBreaker({ kind: 'consecutive', threshold: 1 })).toBe('opens after 1 consecutive failure');
    expect(describeBreaker({ kind: 'consecutive', threshold: 0 })).toBe('breaker off (never opens)');
    expect(describeBreaker({ kind: 'sampling', errorRate: 0.25, windowMs: 2500, minCalls: 4 })).toBe(
      'opens at 25 % errors over 2.5 s, ≥ 4 calls',
    );
    render(<UpstreamCard upstream={upstreamOf('account')} elapsedMs={0} />);
    expect(screen.queryByText(/opens/)).toBeNull();
  });
});
