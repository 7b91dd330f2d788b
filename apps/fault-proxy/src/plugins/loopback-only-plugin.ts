import { ApiError } from '../lib/api-error.js';
import { isLoopbackAddress } from '../lib/loopback.js';
import { sharedPlugin } from '../lib/plugin-meta.js';

/** Rejects every request whose peer is not a loopback address with 403 `LOOPBACK_ONLY`. */
export const loopbackOnlyPlugin = sharedPlugin('fault-proxy-loopback-only', async (fastify) => {
  fastify.addHook('onRequest', async (request) => {
    // The peer address, never x-forwarded-for: the control API is not meant to sit behind a proxy.
    const address = request.socket.remoteAddress;
    if (!isLoopbackAddress(address)) {
      throw new ApiError(403, 'LOOPBACK_ONLY', 'The fault proxy control API answers loopback clients only', {
        remoteAddress: address ?? null,
      });
    }
  });
});
