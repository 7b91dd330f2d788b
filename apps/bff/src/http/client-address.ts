// Who is asking, for per-client limits. Behind the shell host the socket peer is the host itself (loopback) and the
// browser's address is the hop the host appended to `x-forwarded-for`; only loopback peers are trusted to say so.
import { normalizeIP } from '@fastify/rate-limit';
import { isLoopbackAddress } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';

/** What reading the client address needs of a request. */
export type AddressRequest = Pick<FastifyRequest, 'headers'> & {
  socket: { remoteAddress?: string | undefined };
};

/**
 * The client's address: walking `x-forwarded-for` from its right end (the hop the nearest proxy added) for as
 * long as the peer that told us is on this machine, as proxy-addr does with `trustProxy: 'loopback'`. A browser
 * can write any `x-forwarded-for` it likes, but the shell host appends the real peer after it, and a direct caller
 * from elsewhere is never trusted: a forged header changes nothing. IPv4-mapped IPv6 is written as IPv4.
 */
export function clientAddress(request: AddressRequest): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header : header === undefined ? [] : [header])
    .flatMap((value) => value.split(','))
    .map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0 && isLoopbackAddress(address); i--) {
    const hop = hops[i];
    if (hop === undefined || hop === '') break;
    address = hop;
  }
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/**
 * The client as per-client limits count it: its address, an IPv6 one cut to its /64 (a household's or a host's
 * whole allocation, as @fastify/rate-limit's own key does).
 */
export function clientKey(request: AddressRequest): string {
  return normalizeIP(clientAddress(request));
}
