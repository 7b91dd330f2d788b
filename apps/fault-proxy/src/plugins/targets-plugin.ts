import { definePlugin } from '@storefront/service-kit';
import { createTargetProxy, type TargetKind, type TargetProxy, type TargetProxyOptions } from '../proxy.js';

/** One proxied target as configured (`FAULT_PROXY_TARGETS`). */
export interface TargetSpec {
  name: string;
  kind: TargetKind;
  /** Port of the target's proxy listener (0 = any free port, for tests). */
  listen: number;
  /** Absolute http URL of the real target. */
  upstream: string;
}

/** Options of {@link targetsPlugin}. */
export interface TargetsPluginOptions extends Record<string, unknown> {
  targets: TargetSpec[];
  host: string;
  /** Host names the target ports answer besides loopback (DNS rebinding). */
  allowedHosts?: readonly string[];
  now?: TargetProxyOptions['now'];
  random?: TargetProxyOptions['random'];
  delay?: TargetProxyOptions['delay'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The target proxies by name, in configuration order. */
    targets: Map<string, TargetProxy>;
  }
}

/** Creates one proxy per target, starts them when the app is ready and stops them when it closes. */
export const targetsPlugin = definePlugin<TargetsPluginOptions>(
  'fault-proxy-targets',
  async (fastify, opts) => {
    const targets = new Map<string, TargetProxy>();
    for (const spec of opts.targets) {
      targets.set(
        spec.name,
        createTargetProxy({
          name: spec.name,
          kind: spec.kind,
          listenPort: spec.listen,
          host: opts.host,
          allowedHosts: opts.allowedHosts,
          upstream: new URL(spec.upstream),
          logger: fastify.log,
          now: opts.now,
          random: opts.random,
          delay: opts.delay,
        }),
      );
    }
    fastify.decorate('targets', targets);

    fastify.addHook('onReady', async () => {
      await Promise.all([...targets.values()].map((proxy) => proxy.start()));
      for (const proxy of targets.values()) {
        const { name, listen, upstream } = proxy.describe();
        fastify.log.info({ target: name, listen, upstream }, 'target proxy listening');
      }
    });
    fastify.addHook('onClose', async () => {
      await Promise.all([...targets.values()].map((proxy) => proxy.stop()));
    });
  },
);
