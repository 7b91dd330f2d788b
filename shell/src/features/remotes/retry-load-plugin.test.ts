import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryLoadPlugin, withRetries } from './retry-load-plugin';

const MANIFEST = 'https://catalog.example.test/mf-manifest.json';
let answers: number[] = [];
let requests = 0;
const server = setupServer(
  http.get(MANIFEST, () => {
    requests++;
    const status = answers.shift() ?? 200;
    return HttpResponse.json({ status }, { status });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

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
  const plugin = retryLoadPlugin({ fetch: policy, script: policy, wait });

  it('fetches a manifest again while it answers an error status', async () => {
    answers = [503, 502];
    requests = 0;
    const response = await (plugin.fetch as (url: string, init: RequestInit) => Promise<Response>)(
      MANIFEST,
      {},
    );
    expect(response.status).toBe(200);
    expect(requests).toBe(3);
  });

  it('fails the fetch after the last retry', async () => {
    answers = [503, 503, 503, 200];
    requests = 0;
    const fetchHook = plugin.fetch as (url: string, init: RequestInit) => Promise<Response>;
    await expect(fetchHook(MANIFEST, {})).rejects.toThrow('answered 503');
    expect(requests).toBe(3);
  });

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
