// The dual-write demo on real processes (the catalog and the cart from source through tsx: vitest runs before the
// build): the event written outside the transaction is lost when the cart dies, the outbox's is delivered.
import { describe, expect, test } from 'vitest';
import { runDualWrite } from './chaos-dual-write.mjs';
import { formatDualWrite } from './chaos-dual-write-report.mjs';

describe('chaos dual-write', () => {
  test('loses OrderPlaced with the events outside the transaction, delivers it with the outbox', async () => {
    const result = await runDualWrite({ source: 'source', settleMs: 3000 });
    expect(result.naive).toMatchObject({
      status: 'pending',
      published: false,
      reservations: 0,
      stockTaken: 0,
      verdict: 'lost',
    });
    expect(result.outbox).toMatchObject({
      status: 'confirmed',
      published: true,
      reservations: 1,
      stockTaken: result.outbox.quantity,
      verdict: 'delivered',
    });
    // The kill came before the naive cart's second transaction (1.5 s after the order).
    expect(result.naive.killedAfterMs).toBeLessThan(1500);
    const text = formatDualWrite(result);
    expect(text).toMatch(/the event +LOST: the event is gone for good +delivered/);
    expect(text).toContain('with the outbox the event commits with the order and is delivered');
  }, 30_000);
});
