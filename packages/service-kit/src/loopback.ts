// Tools for demo operators (the fault API) answer callers on this machine only.
import { isIPv4 } from 'node:net';
import { ApiError } from './api-error.js';
import { definePlugin } from './plugin.js';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z); false for anything else or unknown. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text === '::1' || text === '0:0:0:0:0:0:0:1') return true;
  const v4 = text.startsWith('::ffff:') ? text.slice('::ffff:'.length) : text;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * True when the socket peer is loopback and so is every hop in `x-forwarded-for` when present (a host on this
 * machine may forward a browser's request; the browser's own address is then in that header). An empty or
 * unparsable hop counts as remote.
 */
export function isLoopbackRequest(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
): boolean {
  if (!isLoopbackAddress(socketAddress)) return false;
  if (forwardedFor === undefined) return true;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor : [forwardedFor]).flatMap((hop) => hop.split(','));
  return hops.every((hop) => isLoopbackAddress(hop));
}

/** Options of {@link loopbackOnlyPlugin}. */
export interface LoopbackOnlyOptions {
  /** Who answers loopback callers only, in the 403 message, e.g. "The fault API". */
  what: string;
}

/** Refuses every request of the instance it is registered on that is not from this machine: 403 `LOOPBACK_ONLY`. */
export const loopbackOnlyPlugin = definePlugin<LoopbackOnlyOptions>(
  'service-kit-loopback-only',
  async (app, opts) => {
    app.addHook('onRequest', async (request) => {
      if (!isLoopbackRequest(request.socket.remoteAddress, request.headers['x-forwarded-for'])) {
        throw new ApiError(403, 'LOOPBACK_ONLY', `${opts.what} answers loopback clients only`);
      }
    });
  },
);
