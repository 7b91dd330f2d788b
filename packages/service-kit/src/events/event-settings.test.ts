import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env.js';
import { OUTBOX_RETENTION_MS } from '../sqlite/outbox.js';
import { readEventSettings, readFeedUrl } from './event-settings.js';

describe('readEventSettings', () => {
  it('defaults to the pull feeds, a week of retention and 250 ms polls', () => {
    expect(readEventSettings({})).toEqual({
      natsUrl: undefined,
      outboxRetentionMs: OUTBOX_RETENTION_MS,
      eventsPollMs: 250,
    });
  });

  it('reads NATS_URL, OUTBOX_RETENTION_MS and EVENTS_POLL_MS, refusing values out of bounds', () => {
    expect(
      readEventSettings({
        NATS_URL: 'nats://127.0.0.1:4222',
        OUTBOX_RETENTION_MS: '3600000',
        EVENTS_POLL_MS: '50',
      }),
    ).toEqual({ natsUrl: 'nats://127.0.0.1:4222', outboxRetentionMs: 3_600_000, eventsPollMs: 50 });
    expect(() => readEventSettings({ EVENTS_POLL_MS: '1' })).toThrow(ConfigError);
    expect(() => readEventSettings({ OUTBOX_RETENTION_MS: 'a week' })).toThrow(/OUTBOX_RETENTION_MS/);
  });

  it('finds another service feed by <NAME>_EVENTS_URL, else on its default port', () => {
    expect(readFeedUrl('CART', 4002, {})).toBe('http://127.0.0.1:4002');
    expect(readFeedUrl('CART', 4002, { CART_EVENTS_URL: 'http://cart.internal:80' })).toBe(
      'http://cart.internal:80',
    );
  });
});
