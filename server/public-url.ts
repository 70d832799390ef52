/**
 * @module server/public-url
 * The one base of every absolute URL the server hands out (customer links in
 * API answers, emails and webhooks). It comes from `PUBLIC_URL`, or, when that
 * is unset, from the address the server listens on, fixed at start-up. A
 * request's `Host` header never takes part: anyone can forge it, and a link
 * built from it would send a customer to the forger's site.
 */
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** The configured or start-up base; throws before the server has resolved it (a programming error). */
export function publicUrl(config: Pick<Config, 'publicUrl'>): string {
  if (!config.publicUrl) throw new Error('the public URL is resolved when the server starts listening');
  return config.publicUrl.replace(/\/+$/, '');
}

/** Called once the listener is bound: without PUBLIC_URL, links use the listening address, and we say so. */
export function resolvePublicUrl(config: Config, listeningUrl: string, logger: Logger): void {
  if (config.publicUrl) return;
  config.publicUrl = listeningUrl;
  logger.warn(
    { publicUrl: listeningUrl },
    'PUBLIC_URL is not set: links in emails, webhooks and API answers use the listening address; set PUBLIC_URL to the address customers reach',
  );
}
