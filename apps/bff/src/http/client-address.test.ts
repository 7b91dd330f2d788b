import { describe, expect, it } from 'vitest';
import { clientAddress, clientKey } from './client-address.js';

const request = (remoteAddress: string | undefined, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddress', () => {
  it('is the socket peer when nobody forwarded the request', () => {
    expect(clientAddress(request('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1'))).toBe('127.0.0.1');
    expect(clientAddress(request(undefined))).toBe('unknown');
  });

  it('takes the hop a loopback proxy appended, walking left only through loopback hops', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    // The browser wrote 10.0.0.1 itself; the shell host appended its real address.
    expect(clientAddress(request('127.0.0.1', '10.0.0.1, 198.51.100.7'))).toBe('198.51.100.7');
    // Two proxies on this machine (a TLS terminator, then the shell host).
    expect(clientAddress(request('::1', ['198.51.100.7', '127.0.0.1']))).toBe('198.51.100.7');
    expect(clientAddress(request('127.0.0.1', '127.0.0.1'))).toBe('127.0.0.1');
  });

  it('ignores x-forwarded-for from a peer that is not on this machine', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.7'))).toBe('203.0.113.9');
  });

  it('keys an IPv6 client by its /64 for the limits', () => {
    expect(clientKey(request('127.0.0.1', '2001:db8:1:2:aaaa::1'))).toBe(
      clientKey(request('2001:db8:1:2::9')),
    );
    expect(clientKey(request('2001:db8:1:3::1'))).not.toBe(clientKey(request('2001:db8:1:2::9')));
    expect(clientKey(request('203.0.113.9'))).toBe('203.0.113.9');
  });

  it('stops at an empty hop instead of trusting what is left of it', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.7, '))).toBe('127.0.0.1');
  });
});
