/**
 * @module server/server
 * Starts the whole server: secret key, database (unless given), app,
 * listener, start-up data. Port 0 picks a free port, so tests can run many servers at once.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { openDatabase, type Database } from '../db/client.ts';
import { createApp, type App } from './app.ts';
import { bootstrap, type BootstrapResult } from './bootstrap.ts';
import { sealStoredSecrets } from './cases/case-secrets.ts';
import { startCaseWork } from './cases/case-work.ts';
import { loadConfig, type Config } from './config.ts';
import { startRetention } from './data-deletion/retention.ts';
import { startSearchIndexing } from './search/search-jobs.ts';
import { startGuidePictures } from './tutorials/guide/guide-pictures-job.ts';
import { startAssetCapture } from './assets/asset-jobs.ts';
import { startCompaction } from './storage/chunk-compaction.ts';
import { SiteAssetCopies } from './assets/site-asset-copies.ts';
import { liveAuditHooks } from './audit/live-audit.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { LiveHub } from './live/live-hub.ts';
import { createBus } from './live/bus/index.ts';
import { createLiveWebSocketServer } from './live/live.routes.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMediaDeps, type MediaDeps } from './media-api/media-deps.ts';
import { resolvePublicUrl } from './public-url.ts';
import { createRateLimiters, type RateLimiters } from './rate-limit/rate-limiter.ts';
import { SecretBox } from './secrets/secret-box.ts';
import { loadSecretKey } from './secrets/secret-key.ts';
import type { StaticPaths } from './types.ts';

export interface RunningServer {
  /** A URL this machine can reach the server at (loopback when listening on all interfaces). */
  url: string;
  port: number;
  database: Database;
  config: Config;
  bootstrap: BootstrapResult;
  /** Live co-browsing rooms of this process. */
  live: LiveHub;
  /** The HTTP app (tests compare its routes with /api/openapi.json). */
  app: App;
  /** Recorded media store and the live SFU (its workers start on the first call). */
  media: MediaDeps;
  /** Background jobs (enrichers, webhooks, emails, SLA timers); tests wait on `jobs.idle()`. */
  jobs: JobQueue;
  /** Stops listening, then closes the database if this server opened it (a given one is the caller's). */
  close(): Promise<void>;
}

export type StartOptions = Partial<Config> & {
  database?: Database;
  paths?: Partial<StaticPaths>;
  logger?: Logger;
};

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultPaths: StaticPaths = {
  distDir: join(repoRoot, 'dist'),
  demoDir: join(repoRoot, 'server', 'demo'),
};

/** How long close() lets in-flight requests finish before cutting connections. */
const CLOSE_GRACE_MS = 3_000;

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { database: givenDatabase, paths, logger: givenLogger, ...overrides } = options;
  const config: Config = { ...loadConfig(), ...definedOnly(overrides) };
  const logger = givenLogger ?? createLogger(config.logLevel);
  const secrets = SecretBox.fromKey(await loadSecretKey(config, logger));
  const database =
    givenDatabase ?? (await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') }));

  let live: LiveHub | undefined;
  let jobs: JobQueue | undefined;
  let rateLimits: RateLimiters | undefined;
  const media = createMediaDeps(config, database, logger);
  try {
    // NOTE: before any worker or route reads them.
    await sealStoredSecrets(database.db, secrets, logger);
    jobs = await JobQueue.create({ database, logger });
    const caseWork = await startCaseWork({ database, config, logger, jobs, secrets });
    await startSearchIndexing({
      db: database.db,
      jobs,
      logger,
      sessionQuietMs: config.searchIndexDelayMs,
      retry: { retryLimit: config.jobRetryLimit, retryDelaySeconds: config.jobRetryDelaySeconds, retryDelayMaxSeconds: 3600 },
    });
    await startGuidePictures({
      db: database.db,
      jobs,
      logger,
      chromiumPath: config.chromiumPath,
      retryDelaySeconds: config.jobRetryDelaySeconds,
    });
    await startAssetCapture({
      db: database.db,
      jobs,
      logger,
      retry: { retryLimit: config.jobRetryLimit, retryDelaySeconds: config.jobRetryDelaySeconds, retryDelayMaxSeconds: 3600 },
      limits: { maxBytes: config.assetMaxBytes, sessionMaxBytes: config.assetSessionMaxBytes, timeoutMs: config.assetFetchTimeoutMs },
    });
    await startCompaction({
      db: database.db,
      jobs,
      logger,
      retry: { retryLimit: config.jobRetryLimit, retryDelaySeconds: config.jobRetryDelaySeconds, retryDelayMaxSeconds: 3600 },
    });
    await startRetention({
      db: database.db,
      store: media.store,
      logger,
      jobs,
      intervalMs: config.retentionIntervalMs,
      auditRetentionDays: config.auditRetentionDays,
    });
    rateLimits = createRateLimiters({ config, db: database.db, logger });
    live = new LiveHub({
      db: database.db,
      bus: await createBus(config.liveBusUrl, logger),
      logger,
      graceMs: config.liveGraceMs,
      media: media.sfu,
      rateLimits,
      audit: liveAuditHooks(database.db, logger),
      assets: new SiteAssetCopies(database.db, config, logger),
    });
    const app = createApp({ database, config, logger, paths: { ...defaultPaths, ...paths }, media, jobs, rateLimits, secrets }, live);
    const server = await listen(app.fetch, config);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${reachableHost(config.host)}:${port}`;
    // Listening everywhere: people type localhost (as main.ts prints), so links say so too.
    resolvePublicUrl(config, isWildcard(config.host) ? `http://localhost:${port}` : url, logger);
    const boot = await bootstrap(database.db, config, port, logger);
    logger.info({ url, port, database: database.kind, liveBus: config.liveBusUrl ? 'redis' : 'memory' }, 'listening');
    const hub = live;
    const queue = jobs;
    const limits = rateLimits;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // NOTE: live sockets first: upgraded sockets would hold server.close() open.
        await hub.close();
        await media.close();
        await stopListening(server);
        // NOTE: after the listener (no request queues new jobs), before the database.
        await queue.close();
        caseWork.close();
        await limits.close();
        if (!givenDatabase) await database.close();
        logger.info('closed');
      })());
    return { url, port, database, config, bootstrap: boot, live: hub, app, media, jobs: queue, close };
  } catch (err) {
    await live?.close().catch(() => {});
    await media.close().catch(() => {});
    await jobs?.close().catch(() => {});
    await rateLimits?.close().catch(() => {});
    if (!givenDatabase) await database.close().catch(() => {});
    throw err;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host, websocket: { server: createLiveWebSocketServer() } }, () => {
      server.off('error', reject);
      resolve(server);
    });
    server.once('error', reject);
  });
}

function stopListening(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, CLOSE_GRACE_MS);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Keep-alive sockets with no request in flight would hold close() open.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

function reachableHost(host: string): string {
  if (isWildcard(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
