/**
 * @module server/assets/asset-fetch
 * One GET of a recorded site's file for asset capture, under the rules that
 * keep it from being a way into anything else (docs/security.md, "Asset
 * capture"):
 *
 * - only the site's own allowed origins, compared exactly (scheme, host,
 *   port); a recording naming any other host is never fetched;
 * - no private, loopback, link-local or otherwise local address — unless the
 *   allowed origin names it itself (`http://127.0.0.1:8080`, `localhost`),
 *   which its admin chose; link-local (cloud metadata) never. The check runs
 *   on the address the connection actually uses (a `lookup` hook), so a DNS
 *   answer that changes after a check (rebinding) cannot slip through;
 * - redirects only within the same origin, three at most;
 * - a time limit for the whole exchange, a size limit counted as bytes
 *   arrive, and a content-type allow list (stylesheets, images, fonts).
 *
 * No cookies, no credentials, no `Referer`: the server asks as a stranger.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../outbound/outbound-guard.ts';
import { assetContentType } from './asset-types.ts';

export interface AssetFetchPolicy {
  /** The site's allowed origins (`https://shop.example`), the only ones fetched from. */
  origins: readonly string[];
  /** Largest body kept, in bytes. */
  maxBytes: number;
  timeoutMs: number;
}

export type FetchedAsset = { ok: true; bytes: Uint8Array; contentType: string } | { ok: false; error: string };

const MAX_REDIRECTS = 3;
const USER_AGENT = 'cobrowse-asset-capture/1';

/** Never, whatever the site's origin says: link-local (cloud metadata), multicast, unspecified. */
const alwaysRefused = new BlockList();
alwaysRefused.addSubnet('169.254.0.0', 16, 'ipv4');
alwaysRefused.addSubnet('0.0.0.0', 8, 'ipv4');
alwaysRefused.addSubnet('224.0.0.0', 4, 'ipv4');
alwaysRefused.addSubnet('fe80::', 10, 'ipv6');
alwaysRefused.addSubnet('ff00::', 8, 'ipv6');
alwaysRefused.addAddress('::', 'ipv6');

const bare = (host: string) => (host.startsWith('[') ? host.slice(1, -1) : host).toLowerCase();
const isLocalName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Whether the origin's own host is a local address or name (then local addresses are what its admin asked for). */
function originIsLocal(url: URL): boolean {
  const host = bare(url.hostname);
  return isLocalName(host) || (isIP(host) !== 0 && isPrivateAddress(host));
}

function addressRefused(address: string, allowLocal: boolean): boolean {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (alwaysRefused.check(address, family)) return true;
  return !allowLocal && isPrivateAddress(address);
}

/** A DNS lookup that refuses the addresses this fetch may not connect to. */
function guardedLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => addressRefused(a.address, allowLocal));
      if (refused) return callback(new Error(`refused: ${hostname} resolves to ${refused.address}, a local address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Why `url` may not be fetched under `policy`, or undefined when it may. */
export function refusal(url: URL, policy: Pick<AssetFetchPolicy, 'origins'>): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'refused: not http(s)';
  if (url.username || url.password) return 'refused: credentials in the URL';
  if (!policy.origins.includes(url.origin)) return `refused: ${url.origin} is not an allowed origin of the site`;
  const host = bare(url.hostname);
  if (isIP(host) && addressRefused(host, originIsLocal(url))) return `refused: ${host} is a local address`;
  return undefined;
}

/** GETs `url` under `policy`; never throws (a failure is `{ ok: false, error }`). */
export async function fetchAsset(url: string, policy: AssetFetchPolicy): Promise<FetchedAsset> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: 'refused: not a URL' };
  }
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const refused = refusal(target, policy);
      if (refused) return { ok: false, error: refused };
      const res = await get(target, deadline);
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.destroy();
        const next = new URL(location, target);
        if (next.origin !== target.origin) return { ok: false, error: `refused: redirect to another origin (${next.origin})` };
        if (hop >= MAX_REDIRECTS) return { ok: false, error: `refused: more than ${MAX_REDIRECTS} redirects` };
        target = next;
        continue;
      }
      if (res.statusCode !== 200) {
        res.destroy();
        return { ok: false, error: `http ${res.statusCode ?? 0}` };
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        res.destroy();
        return { ok: false, error: `too large: ${declared} bytes (limit ${policy.maxBytes})` };
      }
      const bytes = await readBody(res, policy.maxBytes);
      if (!bytes) return { ok: false, error: `too large: over ${policy.maxBytes} bytes` };
      const contentType = assetContentType(res.headers['content-type'], bytes);
      if (!contentType) return { ok: false, error: `refused: content type ${res.headers['content-type'] ?? '(none)'}` };
      return { ok: true, bytes, contentType };
    }
  } catch (err) {
    const message = deadline.aborted ? `timeout after ${policy.timeoutMs} ms` : (err as Error).message;
    return { ok: false, error: message.slice(0, 300) };
  }
}

function get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      signal,
      lookup: guardedLookup(originIsLocal(url)),
      headers: { 'user-agent': USER_AGENT, accept: 'text/css,image/*,font/*,*/*;q=0.1', 'accept-encoding': 'identity' },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** The body, or undefined once it passes `maxBytes` (the connection is then cut). */
async function readBody(res: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of res as AsyncIterable<Buffer>) {
    size += part.byteLength;
    if (size > maxBytes) {
      res.destroy();
      return undefined;
    }
    parts.push(part);
  }
  return new Uint8Array(Buffer.concat(parts));
}
