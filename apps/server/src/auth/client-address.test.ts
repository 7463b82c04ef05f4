import { describe, expect, it } from 'vitest';
import { addressLimitKey, clientAddressOf } from './client-address.ts';

const request = (peer: string | undefined, forwardedFor?: string) => ({
  socket: { remoteAddress: peer } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('client address', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientAddressOf(request('10.0.0.5', '203.0.113.9'), 0)).toBe('10.0.0.5');
  });

  it('behind n proxies takes the n-th address from the right, never what the client wrote further left', () => {
    // the client wrote "1.2.3.4"; the proxy appended the address it saw
    expect(clientAddressOf(request('10.0.0.1', '1.2.3.4, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddressOf(request('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1'), 2)).toBe('203.0.113.9');
    // fewer entries than proxies: the leftmost is the best there is
    expect(clientAddressOf(request('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  it('spells one address one way', () => {
    expect(clientAddressOf(request('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientAddressOf(request('2001:DB8::1'), 0)).toBe('2001:0db8:0000:0000:0000:0000:0000:0001');
  });

  it('counts an IPv6 /64 as one address', () => {
    expect(addressLimitKey('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(addressLimitKey('2001:0db8:0000:0000:ffff:0000:0000:0002'));
    expect(addressLimitKey('203.0.113.9')).toBe('203.0.113.9');
  });
});
