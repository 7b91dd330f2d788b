// The stack with the NATS transport as defineStack lays it out (no process started), and the Debian tool
// installer's decisions (apt-get replaced: nothing is installed here).
import { describe, expect, test } from 'vitest';
import { ensureDebianTool, NATS_SERVER } from './debian-tools.mjs';
import { DEFAULT_PORTS, defineDevStack, defineStack, portsFromEnv } from './stack.mjs';

const ports = portsFromEnv({});
const base = { ports, dataDir: '/tmp/sf-data', registryFile: '/tmp/sf-data/registry.json' };
const withoutUserNats = { ...base, env: { NATS_URL: '' } };

/** @param {import('./stack.mjs').ProcessSpec[]} specs @param {string} name */
const byName = (specs, name) => {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no ${name}`);
  return spec;
};

describe('defineStack with nats', () => {
  test('starts a JetStream nats-server first, checked on its monitoring port, with its data in <dataDir>/nats', () => {
    const specs = defineStack({ ...withoutUserNats, nats: true });
    expect(specs[0]?.name).toBe('nats-server');
    const nats = byName(specs, 'nats-server');
    expect(nats.command).toBe(NATS_SERVER);
    expect(nats.args).toEqual([
      '-js',
      '-a',
      '127.0.0.1',
      '-p',
      '4222',
      '-m',
      '8222',
      '-sd',
      '/tmp/sf-data/nats',
    ]);
    expect(nats.url).toBe('nats://127.0.0.1:4222');
    expect(nats.health).toBe('http://127.0.0.1:8222/healthz');
    expect(DEFAULT_PORTS).toMatchObject({ NATS_PORT: 4222, NATS_MONITOR_PORT: 8222 });
  });

  test('gives NATS_URL to the services only', () => {
    const specs = defineStack({ ...withoutUserNats, nats: true });
    for (const spec of specs) {
      const expected = spec.name.endsWith('-service') ? 'nats://127.0.0.1:4222' : undefined;
      expect([spec.name, spec.env.NATS_URL || undefined]).toEqual([spec.name, expected]);
    }
  });

  test('uses a NATS_URL given instead of starting one', () => {
    const specs = defineStack({ ...base, env: { NATS_URL: 'nats://10.0.0.5:4222' }, nats: true });
    expect(specs.map((s) => s.name)).not.toContain('nats-server');
    expect(byName(specs, 'cart-service').env.NATS_URL).toBe('nats://10.0.0.5:4222');
    expect(byName(specs, 'bff-1').env.NATS_URL).toBeUndefined();
  });

  test('without nats: no nats-server and no NATS_URL anywhere, even one exported (the services pull feeds)', () => {
    const specs = defineStack({ ...base, env: { NATS_URL: 'nats://10.0.0.5:4222' } });
    expect(specs.map((s) => s.name)).not.toContain('nats-server');
    for (const spec of specs) expect(spec.env.NATS_URL).toBeUndefined();
  });

  test('the dev stack runs the same nats-server', () => {
    const specs = defineDevStack({ ...withoutUserNats, nats: true });
    expect(byName(specs, 'nats-server')).toEqual(
      byName(defineStack({ ...withoutUserNats, nats: true }), 'nats-server'),
    );
  });
});

describe('ensureDebianTool', () => {
  test('does nothing when the binary exists', async () => {
    /** @type {string[][]} */
    const calls = [];
    const apt = async (/** @type {string[]} */ argv) => {
      calls.push(argv);
      return 0;
    };
    await ensureDebianTool({ binary: '/x/tool', pkg: 'tool', why: 'tests' }, { exists: () => true, apt });
    expect(calls).toEqual([]);
  });

  test('installs the package when missing, and says what to do when that fails', async () => {
    /** @type {string[][]} */
    const calls = [];
    let installed = false;
    const apt = async (/** @type {string[]} */ argv) => {
      calls.push(argv);
      if (argv[1] === 'install') installed = true;
      return 0;
    };
    await ensureDebianTool(
      { binary: '/x/tool', pkg: 'tool', why: 'tests' },
      { exists: () => installed, apt },
    );
    expect(calls).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'tool'],
    ]);
    await expect(
      ensureDebianTool(
        { binary: '/x/other', pkg: 'other', why: 'tests', hint: 'set OTHER_PATH' },
        { exists: () => false, apt: async (argv) => (argv[1] === 'install' ? 100 : 0) },
      ),
    ).rejects.toThrow('apt-get install other failed; install it by hand or set OTHER_PATH');
  });
});
