import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.js';
import { createTempRoot, SITE_FILES, type TempRoot } from '../test-support/temp-root.js';

/** `meta.traceId` of an error envelope: the request's W3C trace id. */
const TRACE_ID = expect.stringMatching(/^[0-9a-f]{32}$/);

function registry(entry: string, release: string): string {
  return JSON.stringify({ schemaVersion: 1, remotes: { catalog: { entry, release } } });
}

/** Switches the file the way the deploy tooling does: write aside, then rename over. */
function switchAtomically(file: string, content: string): void {
  const next = `${file}.next`;
  writeFileSync(next, content);
  renameSync(next, file);
}

describe('GET /registry.json', () => {
  let root: TempRoot;
  let data: TempRoot;
  let app: FastifyInstance;
  let file: string;

  beforeAll(async () => {
    root = createTempRoot(SITE_FILES);
    data = createTempRoot({});
    file = join(data.dir, 'registry.json');
    app = build({ root: root.dir, name: 'shell', cors: false, spa: true, registryFile: file, logger: false });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    root.remove();
    data.remove();
  });

  it('re-reads the file on every request', async () => {
    switchAtomically(file, registry('http://localhost:3001/mf-manifest.json', 'local'));
    const first = await app.inject({ url: '/registry.json' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-type']).toContain('application/json');
    expect(first.json()).toMatchObject({ remotes: { catalog: { release: 'local' } } });

    switchAtomically(file, registry('http://localhost:3011/mf-manifest.json', 'v2'));
    const second = await app.inject({ url: '/registry.json' });
    expect(second.json()).toEqual({
      schemaVersion: 1,
      remotes: { catalog: { entry: 'http://localhost:3011/mf-manifest.json', release: 'v2' } },
    });
  });

  it('answers 503 REGISTRY_UNAVAILABLE when the file is missing', async () => {
    rmSync(file, { force: true });
    const res = await app.inject({ url: '/registry.json' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.json()).toEqual({
      error: { code: 'REGISTRY_UNAVAILABLE', message: expect.any(String) },
      meta: { requestId: res.headers['x-request-id'], traceId: TRACE_ID },
    });
  });

  it('answers 503 REGISTRY_UNAVAILABLE when the file is not JSON', async () => {
    switchAtomically(file, '{ "schemaVersion": 1, ');
    const res = await app.inject({ url: '/registry.json' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'REGISTRY_UNAVAILABLE' } });
  });
});
