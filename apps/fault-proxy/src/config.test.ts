import { ConfigError } from '@storefront/service-kit';
import { describe, expect, it } from 'vitest';
import { parseSupervisorUrl, parseTargets } from './config.js';

describe('parseTargets', () => {
  it('reads a JSON array of targets', () => {
    const targets = parseTargets(
      JSON.stringify([
        { name: 'catalog', kind: 'service', listen: 5001, upstream: 'http://127.0.0.1:4001' },
        { name: 'remote-catalog', kind: 'remote', listen: 5101, upstream: 'http://localhost:3001/' },
      ]),
    );
    expect(targets).toEqual([
      { name: 'catalog', kind: 'service', listen: 5001, upstream: 'http://127.0.0.1:4001/' },
      { name: 'remote-catalog', kind: 'remote', listen: 5101, upstream: 'http://localhost:3001/' },
    ]);
  });

  it.each([
    [undefined, 'FAULT_PROXY_TARGETS is required'],
    ['', 'FAULT_PROXY_TARGETS is required'],
    ['{nope', 'is not valid JSON'],
    ['[]', 'non-empty JSON array'],
    ['[1]', 'FAULT_PROXY_TARGETS[0] must be an object'],
    ['[{"name":"Bad Name","kind":"service","listen":1,"upstream":"http://x"}]', '.name must be'],
    ['[{"name":"a","kind":"db","listen":1,"upstream":"http://x"}]', '.kind must be'],
    ['[{"name":"a","kind":"service","listen":0,"upstream":"http://x"}]', '.listen must be a port'],
    ['[{"name":"a","kind":"service","listen":1,"upstream":"nope"}]', '.upstream must be an absolute URL'],
    ['[{"name":"a","kind":"service","listen":1,"upstream":"https://x"}]', 'must be an http:// URL'],
    [
      '[{"name":"a","kind":"service","listen":1,"upstream":"http://x"},{"name":"a","kind":"service","listen":2,"upstream":"http://x"}]',
      'is used twice',
    ],
  ])('rejects %j', (raw, message) => {
    expect(() => parseTargets(raw)).toThrow(message);
    // A ConfigError: runServer prints its one line and exits 1 instead of a stack trace.
    expect(() => parseTargets(raw)).toThrow(ConfigError);
  });
});

describe('parseSupervisorUrl', () => {
  it('reads an http URL, and unset or empty as no supervisor', () => {
    expect(parseSupervisorUrl('http://127.0.0.1:5900')?.toString()).toBe('http://127.0.0.1:5900/');
    expect(parseSupervisorUrl(undefined)).toBeNull();
    expect(parseSupervisorUrl('  ')).toBeNull();
  });

  it.each([
    ['nope', 'SUPERVISOR_URL must be an absolute URL'],
    ['https://127.0.0.1:5900', 'SUPERVISOR_URL must be an http:// URL'],
  ])('rejects %j with a ConfigError', (raw, message) => {
    expect(() => parseSupervisorUrl(raw)).toThrow(message);
    expect(() => parseSupervisorUrl(raw)).toThrow(ConfigError);
  });
});
