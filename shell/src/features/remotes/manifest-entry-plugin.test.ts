import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFromManifest, manifestEntryPlugin } from './manifest-entry-plugin';

const MANIFEST = 'https://catalog.example.test/0.1.0-abcdef0123/mf-manifest.json';
const manifest = { metaData: { publicPath: 'auto', remoteEntry: { name: 'remoteEntry.js', path: '' } } };
let answers: number[] = [];
let requests = 0;
const server = setupServer(
  http.get(MANIFEST, () => {
    requests++;
    const status = answers.shift() ?? 200;
    return status === 200 ? HttpResponse.json(manifest) : HttpResponse.json({ status }, { status });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('entryFromManifest', () => {
  it("resolves the entry against the manifest's URL when publicPath is auto", () => {
    expect(entryFromManifest(MANIFEST, manifest)).toBe(
      'https://catalog.example.test/0.1.0-abcdef0123/remoteEntry.js',
    );
  });

  it('resolves it against an explicit publicPath and the entry path', () => {
    const doc = {
      metaData: {
        publicPath: 'https://cdn.example.test/cat/',
        remoteEntry: { name: 'remoteEntry.js', path: 'js/' },
      },
    };
    expect(entryFromManifest(MANIFEST, doc)).toBe('https://cdn.example.test/cat/js/remoteEntry.js');
  });

  it('refuses a document that is not a manifest', () => {
    expect(() => entryFromManifest(MANIFEST, { error: 'nope' })).toThrow("not a remote's manifest");
  });
});

describe('manifestEntryPlugin', () => {
  const afterResolve = (plugin: ReturnType<typeof manifestEntryPlugin>, entry: string) => {
    const hook = plugin.afterResolve as unknown as (args: { remoteInfo: { entry: string } }) => Promise<{
      remoteInfo: { entry: string };
    }>;
    return hook({ remoteInfo: { entry } }).then((args) => args.remoteInfo.entry);
  };
  const wait = async () => undefined;

  it('replaces a manifest entry by its script, retrying the manifest, and reads it once', async () => {
    const plugin = manifestEntryPlugin({ retries: 2, delayMs: 1000 }, wait);
    answers = [503];
    requests = 0;
    const script = 'https://catalog.example.test/0.1.0-abcdef0123/remoteEntry.js';
    expect(await afterResolve(plugin, MANIFEST)).toBe(script);
    expect(await afterResolve(plugin, MANIFEST)).toBe(script);
    expect(requests).toBe(2);
  });

  it('leaves a script entry as it is, without any request', async () => {
    const plugin = manifestEntryPlugin({ retries: 2, delayMs: 1000 }, wait);
    requests = 0;
    const script = 'https://catalog.example.test/0.1.0-abcdef0123/remoteEntry.js';
    expect(await afterResolve(plugin, script)).toBe(script);
    expect(requests).toBe(0);
  });

  it('fails after the last retry, and a later load reads the manifest again', async () => {
    const plugin = manifestEntryPlugin({ retries: 1, delayMs: 1000 }, wait);
    answers = [503, 503];
    requests = 0;
    await expect(afterResolve(plugin, MANIFEST)).rejects.toThrow('answered 503');
    expect(requests).toBe(2);
    expect(await afterResolve(plugin, MANIFEST)).toMatch(/remoteEntry\.js$/);
    expect(requests).toBe(3);
  });
});
