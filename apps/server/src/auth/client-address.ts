import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The caller's address. With `trustedProxies` = 0 it is the socket's peer: X-Forwarded-For is
 * written by the client and proves nothing. Behind n proxies, each appends the address it saw,
 * so the client is the n-th entry from the right of [X-Forwarded-For..., peer]; entries further
 * left were written by the client and are ignored.
 */
export function clientAddressOf(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: number): string | null {
  const peer = req.socket.remoteAddress ?? null;
  if (trustedProxies === 0) return peer === null ? null : normalizeAddress(peer);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const chain = peer === null ? forwarded : [...forwarded, peer];
  const candidate = chain[Math.max(0, chain.length - 1 - trustedProxies)];
  return candidate === undefined ? null : normalizeAddress(candidate);
}

/**
 * One spelling per address, so a limit cannot be dodged by writing it differently: IPv4-mapped
 * IPv6 becomes IPv4, IPv6 is expanded and lower-cased. Anything else (a proxy's garbage) is
 * kept as written, bounded in length.
 */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return expandIPv6(address);
  return address.slice(0, 64);
}

function expandIPv6(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groupsOf(head);
  const right = groupsOf(tail);
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((group) => group.padStart(4, '0')).join(':');
}

/**
 * What sign-in limits count per "address": an IPv4 address, or an IPv6 /64 (one subscriber's
 * network: anyone holding one has 2^64 addresses to rotate through).
 */
export function addressLimitKey(address: string): string {
  return isIPv6(address) ? `${address.split(':').slice(0, 4).join(':')}::/64` : address;
}
