/**
 * @module server/rate-limit/address-key
 * The key a client address is counted under by per-address rate limits.
 * An IPv4 address is one key; an IPv6 address counts for its whole /64,
 * because a single customer line (or an attacker's cheapest VPS) is handed
 * a /64 and can pick any of its 2^64 addresses to get a fresh count.
 */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * `203.0.113.7` → `203.0.113.7`; `2001:db8:1:2:aa::1` → `2001:db8:1:2::/64`;
 * anything that is not an IP address (`unknown`) is its own key.
 *
 * @example addressKey('2001:db8::1') === addressKey('2001:db8::ffff') // same /64
 */
export function addressKey(address: string): string {
  if (isIPv4(address) || !isIPv6(address)) return address;
  const groups = expandIPv6(address);
  // NOTE: an IPv4-mapped address (::ffff:1.2.3.4) is one IPv4 client, not a /64.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::`, zone ids and a dotted IPv4 tail allowed). */
function expandIPv6(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
