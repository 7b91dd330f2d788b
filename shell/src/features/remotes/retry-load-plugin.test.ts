import { describe, expect, it } from 'vitest';
import { retryLoadPlugin, withRetries } from './retry-load-plugin';

const waits: number[] = [];
const wait = async (ms: number) => {
  waits.push(ms);
};
const policy = { retries: 2, delayMs: 500 };

describe('withRetries', () => {
  it('tries again after each failure, waiting the delay, until one succeeds', async () => {
    waits.length = 0;
    let tries = 0;
    const result = await withRetries(
      async () => {
        tries++;
        if (tries < 3) throw new Error(`try ${tries}`);
        return 'ok';
      },
      policy,
      wait,
    );
    expect(result).toBe('ok');
    expect(tries).toBe(3);
    expect(waits).toEqual([500, 500]);
  });

  it('gives up after `retries` more tries with the last error', async () => {
    let tries = 0;
    const failing = withRetries(
      async () => {
        tries++;
        throw new Error(`try ${tries}`);
      },
      policy,
      wait,
    );
    await expect(failing).rejects.toThrow('try 3');
    expect(tries).toBe(3);
  });
});

describe('retryLoadPlugin', () => {
  const plugin = retryLoadPlugin({ script: policy, wait });

  it('loads the entry again, each time without the failed load cached under its key', async () => {
    const exportsOfEntry = { get: async () => () => ({}), init: () => undefined };
    const globalLoading: Record<string, Promise<void> | undefined> = {};
    const seen: boolean[] = [];
    let tries = 0;
    const hook = plugin.loadEntryError as (args: unknown) => Promise<unknown>;
    const recovered = await hook({
      getRemoteEntry: async () => {
        seen.push('catalog@x' in globalLoading);
        globalLoading['catalog@x'] = Promise.resolve();
        tries++;
        if (tries < 2) throw new Error('RUNTIME-008 script failed');
        return exportsOfEntry;
      },
      origin: {},
      remoteInfo: { name: 'catalog', entry: 'x' },
      globalLoading,
      uniqueKey: 'catalog@x',
    });
    expect(recovered).toBe(exportsOfEntry);
    expect(seen).toEqual([false, false]);
  });
});
