import { describe, expect, it } from 'vitest';
import { cpuBetween, parseListening, parseStat } from './proc-cpu.mjs';

describe('proc-cpu', () => {
  it('reads the listening sockets of a /proc/net/tcp table, not the connected ones', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:84C3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 731464 1 0 100 0 0 10 0',
      '   1: 0100007F:84C3 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 731470 1 0 20 4 30 10 -1',
      '',
    ].join('\n');
    expect(parseListening(table)).toEqual([{ port: 0x84c3, inode: '731464' }]);
  });

  it('reads the parent and user + system ticks even when the command name has spaces', () => {
    const stat = '4242 (node (bff) x) S 4000 4242 4242 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 11 0 1 2 3';
    expect(parseStat(stat)).toEqual({ ppid: 4000, ticks: 280 });
  });

  it('turns two snapshots into CPU ms per process and the machine busy share', () => {
    const a = { atMs: 0, ticks: { bff: 100, cart: 10 }, machine: { busy: 1000, total: 2000 }, selfUs: 0 };
    const b = {
      atMs: 1000,
      ticks: { bff: 150, cart: 20 },
      machine: { busy: 1150, total: 2200 },
      selfUs: 5000,
    };
    const use = cpuBetween(a, b);
    expect(use.wallMs).toBe(1000);
    expect(use.loadGeneratorMs).toBe(5);
    expect(use.machineBusyPct).toBe(75);
    // 100 ticks a second on Linux: 50 ticks are 500 ms.
    expect(use.msByProcess.bff).toBeCloseTo(500);
    expect(use.msByProcess.cart).toBeCloseTo(100);
  });
});
