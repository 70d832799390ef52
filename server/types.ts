/**
 * @module server/types
 * What every route module gets: the database, the configuration, the logger,
 * where the browser bundles live and the secret box.
 */
import type { Database } from '../db/client.ts';
import type { Config } from './config.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { Logger } from './logger.ts';
import type { MediaDeps } from './media-api/media-deps.ts';
import type { RateLimiters } from './rate-limit/rate-limiter.ts';
import type { SecretBox } from './secrets/secret-box.ts';

export interface StaticPaths {
  /** `npm run build` output: `recorder/recorder.js` and `client/`. */
  distDir: string;
  /** The demo shop's files (`index.html`, …) with the site key placeholder. */
  demoDir: string;
}

export interface AppDeps {
  database: Database;
  config: Config;
  logger: Logger;
  paths: StaticPaths;
  /** Recorded media storage, media URL signing, and the (lazy) SFU. */
  media: MediaDeps;
  /** The background job queue (enrichers, webhooks, emails, SLA timers). */
  jobs: JobQueue;
  /** Rate limits shared by every process (database or Redis counters). */
  rateLimits: RateLimiters;
  /** Seals and opens secrets at rest (enricher headers, webhook secrets). */
  secrets: SecretBox;
}
