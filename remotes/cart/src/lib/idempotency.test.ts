import { describe, expect, it } from 'vitest';
import { IdempotencyKeys } from './idempotency';

describe('IdempotencyKeys', () => {
  it('keeps an action key until a final answer, then starts a new one', () => {
    const keys = new IdempotencyKeys();
    const first = keys.keyFor('checkout');
    keys.settle('checkout', true);
    expect(keys.keyFor('checkout')).toBe(first);
    expect(keys.keyFor('line:1')).not.toBe(first);
    keys.settle('checkout', false);
    expect(keys.keyFor('checkout')).not.toBe(first);
  });
});
