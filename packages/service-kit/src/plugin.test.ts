import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { definePlugin } from './plugin.js';

describe('definePlugin', () => {
  it('lets decorators reach the parent unless the plugin is encapsulated', async () => {
    const shared = definePlugin('shared', async (app) => {
      app.decorate('sharedValue', 1);
    });
    const routes = definePlugin(
      'routes',
      async (app) => {
        app.decorate('privateValue', 2);
      },
      { encapsulate: true },
    );
    const app = Fastify();
    app.register(shared);
    app.register(routes);
    await app.ready();
    expect(app.hasDecorator('sharedValue')).toBe(true);
    expect(app.hasDecorator('privateValue')).toBe(false);
    await app.close();
  });

  it('checks dependencies by name at start', async () => {
    const needy = definePlugin('needy', async () => {}, { dependencies: ['missing-plugin'] });
    const app = Fastify();
    app.register(needy);
    await expect(app.ready()).rejects.toThrow(/missing-plugin/);
  });
});
