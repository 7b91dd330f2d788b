import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { responseHeadersPlugin } from './response-headers.js';

describe('responseHeadersPlugin', () => {
  it('adds nosniff everywhere and no-store on personal answers, keeping what a route set', async () => {
    const app = Fastify();
    await app.register(responseHeadersPlugin);
    app.get('/public', async () => ({ ok: true }));
    await app.register(async (shopper) => {
      await shopper.register(responseHeadersPlugin, { personal: true });
      shopper.get('/cart', async () => ({ items: [] }));
      shopper.get('/cached', async (_request, reply) => reply.header('cache-control', 'no-cache').send({}));
      shopper.get('/fails', async () => {
        throw new Error('boom');
      });
    });
    const pub = await app.inject({ url: '/public' });
    expect(pub.headers['x-content-type-options']).toBe('nosniff');
    expect(pub.headers['cache-control']).toBeUndefined();
    const cart = await app.inject({ url: '/cart' });
    expect(cart.headers['x-content-type-options']).toBe('nosniff');
    expect(cart.headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: '/cached' })).headers['cache-control']).toBe('no-cache');
    const failed = await app.inject({ url: '/fails' });
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['cache-control']).toBe('no-store');
    await app.close();
  });
});
