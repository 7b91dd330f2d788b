import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BACKOFF_MS, nextPollDelay, type PollHandlers, usePoll } from './use-poll';

const POLL = 100;

/** A read the test settles by hand, to order answers as it likes. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Lets the timers run `ms` and the promises they start settle. */
const elapse = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function handlersOf(read: () => Promise<string>) {
  return { read: vi.fn(read), answered: vi.fn(), failed: vi.fn() } satisfies PollHandlers<string>;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('nextPollDelay', () => {
  it('waits pollMs while reads work, doubling per failure in a row, capped', () => {
    expect([0, 1, 2, 3].map((failures) => nextPollDelay(failures, POLL))).toEqual([100, 200, 400, 800]);
    expect(nextPollDelay(20, POLL)).toBe(MAX_BACKOFF_MS);
  });
});

describe('usePoll', () => {
  it('reads at once, then every pollMs, and hands each answer over', async () => {
    let n = 0;
    const handlers = handlersOf(async () => `answer ${++n}`);
    renderHook(() => usePoll(handlers, POLL));
    await elapse(0);
    expect(handlers.answered).toHaveBeenLastCalledWith('answer 1');

    await elapse(POLL - 1);
    expect(handlers.read).toHaveBeenCalledTimes(1);
    await elapse(1);
    expect(handlers.read).toHaveBeenCalledTimes(2);
    expect(handlers.answered).toHaveBeenLastCalledWith('answer 2');
    expect(handlers.failed).not.toHaveBeenCalled();
  });

  it('backs off after failures in a row and returns to pollMs after an answer', async () => {
    const outcomes = [false, false, false, true, true];
    const handlers = handlersOf(async () => {
      if (outcomes.shift()) return 'ok';
      throw new Error('down');
    });
    renderHook(() => usePoll(handlers, POLL));
    await elapse(0);
    expect(handlers.failed).toHaveBeenCalledTimes(1);

    // Waits of 200, 400 then 800 ms after one, two and three failures.
    for (const [wait, reads] of [
      [200, 2],
      [400, 3],
      [800, 4],
    ] as const) {
      await elapse(wait - 1);
      expect(handlers.read).toHaveBeenCalledTimes(reads - 1);
      await elapse(1);
      expect(handlers.read).toHaveBeenCalledTimes(reads);
    }
    expect(handlers.failed).toHaveBeenCalledTimes(3);
    expect(handlers.failed.mock.calls[0]?.[0]).toEqual(new Error('down'));
    expect(handlers.answered).toHaveBeenCalledWith('ok');

    await elapse(POLL);
    expect(handlers.read).toHaveBeenCalledTimes(5);
  });

  it('hands over only the latest read: an older answer settling later is dropped', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const reads = [first, second];
    const handlers = handlersOf(() => reads.shift()?.promise ?? new Promise(() => undefined));
    const { result } = renderHook(() => usePoll(handlers, POLL));
    act(() => result.current());
    expect(handlers.read).toHaveBeenCalledTimes(2);

    await act(async () => second.resolve('new'));
    await act(async () => first.resolve('old'));
    expect(handlers.answered.mock.calls).toEqual([['new']]);

    // The dropped read scheduled nothing: one timer, from the latest read.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('"poll now" cancels the wait and reads at once', async () => {
    const handlers = handlersOf(async () => 'ok');
    const { result } = renderHook(() => usePoll(handlers, POLL));
    await elapse(0);
    await elapse(POLL / 2);
    act(() => result.current());
    await elapse(0);
    expect(handlers.read).toHaveBeenCalledTimes(2);

    // The next read comes a whole pollMs after "poll now", not at the old schedule.
    await elapse(POLL / 2);
    expect(handlers.read).toHaveBeenCalledTimes(2);
    await elapse(POLL / 2);
    expect(handlers.read).toHaveBeenCalledTimes(3);
  });

  it('stops on unmount: a read in flight is dropped and nothing more is read', async () => {
    const pending = deferred<string>();
    const handlers = handlersOf(() => pending.promise);
    const { result, unmount } = renderHook(() => usePoll(handlers, POLL));
    unmount();
    await act(async () => pending.resolve('late'));
    await elapse(MAX_BACKOFF_MS);
    act(() => result.current());

    expect(handlers.read).toHaveBeenCalledTimes(1);
    expect(handlers.answered).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps its loop across re-renders with new handlers, and starts over on a new key', async () => {
    const calls: string[] = [];
    const { rerender } = renderHook(
      ({ tag, key }: { tag: string; key: string }) =>
        usePoll(
          { read: async () => tag, answered: (answer) => calls.push(answer), failed: () => undefined },
          POLL,
          key,
        ),
      { initialProps: { tag: 'a', key: 'x' } },
    );
    await elapse(0);
    rerender({ tag: 'b', key: 'x' });
    await elapse(0);
    expect(calls).toEqual(['a']);
    await elapse(POLL);
    expect(calls).toEqual(['a', 'b']);

    rerender({ tag: 'c', key: 'y' });
    await elapse(0);
    expect(calls).toEqual(['a', 'b', 'c']);
  });
});
