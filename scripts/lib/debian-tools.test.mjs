import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ensureDebianTool, ensurePromtool, PROMTOOL } from './debian-tools.mjs';

/**
 * A machine double: files that exist and every command run as root (apt-get "installs" `installs` files).
 * @param {{ files?: string[], installs?: string[], systemd?: boolean }} machine
 */
function machine({ files = [], installs = [], systemd = false }) {
  const present = new Set([...files, ...(systemd ? ['/run/systemd/system'] : [])]);
  /** @type {string[][]} */
  const ran = [];
  return {
    ran,
    exists: (/** @type {string} */ file) => present.has(file),
    apt: async (/** @type {string[]} */ argv) => {
      ran.push(argv);
      if (argv[1] === 'install') for (const file of installs) present.add(file);
      return 0;
    },
  };
}

// Each install announces itself on the console: not in the test output.
beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  return () => vi.restoreAllMocks();
});

describe('ensureDebianTool', () => {
  test('does nothing when the binary exists', async () => {
    const m = machine({ files: ['/usr/bin/tool'] });
    await ensureDebianTool({ binary: '/usr/bin/tool', pkg: 'tool', why: 'tests' }, m);
    expect(m.ran).toEqual([]);
  });

  test('installs the package when the binary is missing, and fails when it is still missing', async () => {
    const m = machine({ installs: ['/usr/bin/tool'] });
    await ensureDebianTool({ binary: '/usr/bin/tool', pkg: 'tool', why: 'tests' }, m);
    expect(m.ran).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'tool'],
    ]);
    const broken = machine({});
    await expect(
      ensureDebianTool({ binary: '/usr/bin/tool', pkg: 'tool', why: 'tests' }, broken),
    ).rejects.toThrow('tool installed but /usr/bin/tool is still missing');
  });
});

describe('ensurePromtool', () => {
  test('installs prometheus without recommends, then stops the server its package started', async () => {
    const m = machine({ installs: [PROMTOOL] });
    await ensurePromtool(m);
    expect(m.ran).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'prometheus'],
      ['service', 'prometheus', 'stop'],
    ]);
    const withSystemd = machine({ installs: [PROMTOOL], systemd: true });
    await ensurePromtool(withSystemd);
    expect(withSystemd.ran.at(-1)).toEqual(['systemctl', 'disable', '--now', 'prometheus']);
  });

  test('leaves a Prometheus it did not install alone', async () => {
    const m = machine({ files: [PROMTOOL] });
    await ensurePromtool(m);
    expect(m.ran).toEqual([]);
  });
});
