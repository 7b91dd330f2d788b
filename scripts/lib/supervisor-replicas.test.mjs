// The stack's BFF replicas and supervisor port as defineStack and freePorts lay them out (no process started).
import { describe, expect, test } from 'vitest';
import {
  BFF_PORT_KEYS,
  bffReplicasFromEnv,
  DEFAULT_PORTS,
  defineDevStack,
  defineStack,
  freePorts,
  portsFromEnv,
} from './stack.mjs';

const ports = portsFromEnv({});
const base = { ports, dataDir: '/tmp/sf-data', registryFile: '/tmp/sf-data/registry.json' };

/** @param {import('./stack.mjs').ProcessSpec[]} specs @param {string} name */
const byName = (specs, name) => {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no ${name}`);
  return spec;
};

/** @param {import('./stack.mjs').ProcessSpec} shell */
const apiProxyOf = (shell) => shell.args[shell.args.indexOf('--api-proxy') + 1];

describe('BFF_REPLICAS', () => {
  test('defaults to 2 and accepts integers from 1 to 8', () => {
    expect(bffReplicasFromEnv({})).toBe(2);
    expect(bffReplicasFromEnv({ BFF_REPLICAS: '' })).toBe(2);
    expect(bffReplicasFromEnv({ BFF_REPLICAS: '1' })).toBe(1);
    expect(bffReplicasFromEnv({ BFF_REPLICAS: '8' })).toBe(8);
  });

  test.each(['0', '9', 'two', '1.5', '-1'])('%s is refused with a clear message', (value) => {
    expect(() => bffReplicasFromEnv({ BFF_REPLICAS: value })).toThrow(
      `BFF_REPLICAS=${value} is not valid: an integer from 1 to 8`,
    );
    expect(() => defineStack({ ...base, env: { BFF_REPLICAS: value } })).toThrow(/BFF_REPLICAS/);
  });
});

describe('defineStack with replicas', () => {
  test('bff-1 on BFF_PORT and bff-2 on BFF_2_PORT, each knowing itself and its peers; the shell balances both', () => {
    const specs = defineStack({ ...base, env: { BFF_REPLICAS: '2' } });
    expect(specs.map((s) => s.name).filter((n) => n.startsWith('bff'))).toEqual(['bff-1', 'bff-2']);
    const peers = 'http://127.0.0.1:4000,http://127.0.0.1:4010';
    for (const [i, port] of [
      [1, 4000],
      [2, 4010],
    ]) {
      const bff = byName(specs, `bff-${i}`);
      expect(bff.url).toBe(`http://127.0.0.1:${port}`);
      expect(bff.health).toBe(`http://127.0.0.1:${port}/health`);
      expect(bff.env).toMatchObject({ PORT: String(port), BFF_REPLICA_ID: `bff-${i}`, BFF_PEERS: peers });
      expect(bff.env.SUPERVISOR_URL).toBeUndefined();
    }
    expect(apiProxyOf(byName(specs, 'shell'))).toBe(peers);
    // Services first, then the BFFs, then the hosts: each starts once what it calls is up.
    expect(specs.map((s) => s.name).indexOf('bff-2')).toBeLessThan(specs.map((s) => s.name).indexOf('shell'));
  });

  test('with a supervisor, every replica and the fault proxy get SUPERVISOR_URL', () => {
    const specs = defineStack({ ...base, demo: true, supervisor: true, env: { BFF_REPLICAS: '3' } });
    expect(byName(specs, 'fault-proxy').env.SUPERVISOR_URL).toBe('http://127.0.0.1:5900');
    for (const name of ['bff-1', 'bff-2', 'bff-3']) {
      expect(byName(specs, name).env.SUPERVISOR_URL).toBe('http://127.0.0.1:5900');
    }
    expect(byName(specs, 'bff-3').url).toBe('http://127.0.0.1:4011');
  });

  test('the BFFs and the services share one SERVICE_SECRET, new per stack, that no other process gets', () => {
    for (const specs of [defineStack({ ...base, demo: true }), defineDevStack({ ...base, demo: true })]) {
      const secret = byName(specs, 'bff-1').env.SERVICE_SECRET;
      expect(Buffer.from(String(secret), 'base64url')).toHaveLength(32);
      for (const name of ['bff-2', 'catalog-service', 'cart-service', 'account-service']) {
        expect(byName(specs, name).env.SERVICE_SECRET).toBe(secret);
      }
      for (const name of ['fault-proxy', 'shell', 'catalog-remote']) {
        expect(byName(specs, name).env.SERVICE_SECRET).toBeUndefined();
      }
    }
    const one = byName(defineStack(base), 'bff-1').env.SERVICE_SECRET;
    expect(byName(defineStack(base), 'bff-1').env.SERVICE_SECRET).not.toBe(one);
    const given = defineStack({ ...base, env: { SERVICE_SECRET: 'x'.repeat(40) } });
    expect(byName(given, 'cart-service').env.SERVICE_SECRET).toBe('x'.repeat(40));
    expect(byName(given, 'shell').env.SERVICE_SECRET).toBeUndefined();
  });

  test('one replica: bff-1 alone behind the shell', () => {
    const specs = defineStack({ ...base, env: { BFF_REPLICAS: '1' } });
    expect(specs.filter((s) => s.name.startsWith('bff')).map((s) => s.name)).toEqual(['bff-1']);
    expect(apiProxyOf(byName(specs, 'shell'))).toBe('http://127.0.0.1:4000');
  });

  test('the dev stack runs every replica under tsx watch on its own port', () => {
    const specs = defineDevStack({ ...base, env: { BFF_REPLICAS: '2' } });
    for (const [i, port] of [
      [1, '4000'],
      [2, '4010'],
    ]) {
      const bff = byName(specs, `bff-${i}`);
      expect(bff.args).toEqual(['watch', 'src/server.ts']);
      expect(bff.command).toMatch(/tsx$/);
      expect(bff.env.PORT).toBe(port);
    }
  });
});

describe('ports', () => {
  test('every replica and the supervisor have a default port, none shared', () => {
    expect(BFF_PORT_KEYS).toHaveLength(8);
    expect(DEFAULT_PORTS.SUPERVISOR_PORT).toBe(5900);
    const values = Object.values(DEFAULT_PORTS);
    expect(new Set(values).size).toBe(values.length);
  });

  test('freePorts gives every replica and the supervisor a distinct port', async () => {
    const free = await freePorts();
    expect(Object.keys(free).sort()).toEqual(Object.keys(DEFAULT_PORTS).sort());
    expect(new Set(Object.values(free)).size).toBe(Object.keys(DEFAULT_PORTS).length);
  });
});
