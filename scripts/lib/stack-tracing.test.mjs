// Tracing as defineStack lays it out (no process started): the local trace store first, and its URL and a
// service name given to the traced processes only.
import { describe, expect, test } from 'vitest';
import { DEFAULT_PORTS, defineDevStack, defineStack, portsFromEnv } from './stack.mjs';

const ports = portsFromEnv({});
const base = { ports, dataDir: '/tmp/sf-data', registryFile: '/tmp/sf-data/registry.json' };
const STORE = 'http://127.0.0.1:5318';
const TRACED = {
  shell: 'shell-host',
  'bff-1': 'bff-1',
  'bff-2': 'bff-2',
  'catalog-service': 'catalog-service',
  'cart-service': 'cart-service',
  'account-service': 'account-service',
};

describe('defineStack: the trace store', () => {
  test('runs the built trace store first, on TRACE_STORE_PORT (5318), checked on /health', () => {
    const specs = defineStack({ ...base, demo: true, env: { BFF_REPLICAS: '2' } });
    expect(specs[0]?.name).toBe('trace-store');
    const store = specs[0];
    expect(store?.args[0]).toMatch(/apps\/trace-store\/dist\/server\.js$/);
    expect(store?.env.TRACE_STORE_PORT).toBe('5318');
    expect(store?.url).toBe(STORE);
    expect(store?.health).toBe(`${STORE}/health`);
    expect(DEFAULT_PORTS.TRACE_STORE_PORT).toBe(5318);
  });

  test('gives TRACE_STORE_URL and OTEL_SERVICE_NAME to the shell host, each BFF and each service only', () => {
    const env = { BFF_REPLICAS: '2', TRACE_STORE_URL: 'http://elsewhere', OTEL_SERVICE_NAME: 'exported' };
    const specs = defineStack({ ...base, demo: true, env });
    for (const spec of specs) {
      const name = /** @type {Record<string, string>} */ (TRACED)[spec.name];
      const expected = name ? { url: STORE, name } : { url: undefined, name: undefined };
      expect({ spec: spec.name, url: spec.env.TRACE_STORE_URL, name: spec.env.OTEL_SERVICE_NAME }).toEqual({
        spec: spec.name,
        ...expected,
      });
    }
    expect(specs.map((s) => s.name)).toEqual(expect.arrayContaining(['fault-proxy', 'catalog-remote']));
  });

  test('the trace store never gets an OTLP endpoint to export to (it would trace itself)', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'x',
    };
    const specs = defineStack({ ...base, env });
    const store = specs.find((s) => s.name === 'trace-store');
    expect(store?.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(store?.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).toBeUndefined();
    expect(store?.env.TRACE_STORE_URL).toBeUndefined();
    // A real collector still gets the others' spans.
    expect(specs.find((s) => s.name === 'bff-1')?.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://collector:4318',
    );
  });

  test('follows TRACE_STORE_PORT, and runs under tsx watch in the dev stack', () => {
    const moved = portsFromEnv({ TRACE_STORE_PORT: '6318' });
    const specs = defineStack({ ...base, ports: moved });
    expect(specs.find((s) => s.name === 'cart-service')?.env.TRACE_STORE_URL).toBe('http://127.0.0.1:6318');
    const dev = defineDevStack(base).find((s) => s.name === 'trace-store');
    expect(dev?.args).toEqual(['watch', 'src/server.ts']);
    expect(dev?.health).toBe(`${STORE}/health`);
  });
});
