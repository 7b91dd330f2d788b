import { describe, expect, it } from 'vitest';
import { ConfigError, readInteger, readServerSettings } from './env.js';
import { defaultDbPath } from './sqlite/sqlite-database.js';

describe('environment readers', () => {
  it('reads PORT, HOST and LOG_LEVEL with the process defaults', () => {
    expect(readServerSettings(4002, {})).toEqual({ port: 4002, host: '127.0.0.1', logLevel: 'info' });
    expect(readServerSettings(4002, { PORT: '0', HOST: '::1', LOG_LEVEL: 'warn' })).toEqual({
      port: 0,
      host: '::1',
      logLevel: 'warn',
    });
  });

  it('stops at a bad value with the variable in the message', () => {
    expect(() => readServerSettings(4002, { PORT: '70000' })).toThrow(ConfigError);
    expect(() => readServerSettings(4002, { PORT: 'http' })).toThrow(
      /PORT must be an integer from 0 to 65535/,
    );
    expect(() => readInteger('TTL', 5, { min: 1, max: 9 }, { TTL: '2.5' })).toThrow(/TTL/);
  });

  it('places a service database under .data at the repository root, from dist/ or src/ alike', () => {
    const fromDist = defaultDbPath(
      'file:///repo/apps/cart-service/dist/server.js',
      'cart-service',
      'cart.db',
    );
    const fromSrc = defaultDbPath('file:///repo/apps/cart-service/src/server.ts', 'cart-service', 'cart.db');
    expect(fromDist).toBe('/repo/.data/cart-service/cart.db');
    expect(fromSrc).toBe(fromDist);
  });
});
