/**
 * @module server/outbound/outbound-guard
 * Where the server may send requests on a site's behalf (enrichers and
 * webhooks), checked before every call:
 * - the site's allow-list (`sites.outbound_hosts`: exact hosts or
 *   `*.example.com` wildcards; empty = any host);
 * - with `OUTBOUND_BLOCK_PRIVATE`, no private, loopback, link-local,
 *   unique-local, multicast or unspecified address: the host name is resolved
 *   (every address, IPv4-mapped IPv6 unwrapped) and each one checked. Off by
 *   default, since enrichers are meant to reach internal systems.
 *
 * NOTE: fetch resolves the name again when it connects, so a DNS answer that
 * changes between the check and the call (rebinding) is not caught; the
 * allow-list, which names the hosts, is the primary control.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  /** The site's `outboundHosts`; empty: any host. */
  allowedHosts: string[];
  /** Refuse private and local addresses (config `outboundBlockPrivate`). */
  blockPrivate: boolean;
}

/** A refused destination: recorded as the attempt's error, never retried into success. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Lower-cases an allow-list entry; undefined when it is neither a host name, `*.` wildcard nor IP address. */
export function normalizeHostPattern(entry: string): string | undefined {
  const value = entry.trim().toLowerCase();
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(bare) === 6) return `[${bare}]`;
  if (value.length > 253 || !HOST_PATTERN.test(value)) return undefined;
  return value;
}

/** The host of a URL as the allow-list spells it (lower case, IPv6 in brackets). */
const hostOf = (url: URL) => url.hostname.toLowerCase();

export function hostAllowed(host: string, allowedHosts: string[]): boolean {
  if (allowedHosts.length === 0) return true;
  const h = host.toLowerCase();
  return allowedHosts.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata endpoints)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

/** An IPv4 address carried inside an IPv6 one (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isPrivateAddress(address: string): boolean {
  const v4 = isIP(address) === 4 ? address : embeddedIpv4(address);
  if (v4) return privateRanges.check(v4, 'ipv4');
  return isIP(address) === 6 && privateRanges.check(address, 'ipv6');
}

/** Throws {@link OutboundRefused} unless `url` may be called under `policy`. */
export async function assertOutboundAllowed(url: URL, policy: OutboundPolicy): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused(`${url.protocol} URLs are not allowed`);
  const host = hostOf(url);
  if (!hostAllowed(host, policy.allowedHosts)) {
    throw new OutboundRefused(`host ${host} is not in the site's outbound allow-list`);
  }
  if (!policy.blockPrivate) return;
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  let addresses: string[];
  try {
    addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    // Not a refusal: DNS may answer on the next attempt.
    throw new Error(`host ${host} could not be resolved: ${(err as Error).message}`, { cause: err });
  }
  const blocked = addresses.find(isPrivateAddress);
  if (blocked) throw new OutboundRefused(`host ${host} resolves to ${blocked}, a private or local address (OUTBOUND_BLOCK_PRIVATE)`);
}
