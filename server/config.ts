/**
 * @module server/config
 * The server's whole configuration, read from the environment once and
 * checked with zod, so a typo fails at start-up with a clear message instead
 * of surfacing later as a strange runtime error.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../protocol/api-constants.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; undefined: embedded PGlite in `dataDir/pglite`. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Where people reach the server (e.g. behind a proxy); also allowed as the demo site's origin. */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** The bus between server processes for live rooms; undefined: in-process (one process). */
  liveBusUrl: string | undefined;
  /** How long a live room waits for a disconnected customer (reload, navigation) to come back. */
  liveGraceMs: number;
  /** Where recorded media chunks' bytes live: files under `mediaDir`, or the database. */
  mediaStore: 'disk' | 'postgres';
  /** Folder of the disk media store; default `dataDir/media`. */
  mediaDir: string | undefined;
  /** mediasoup workers for live calls (started on the first call); default one per core. */
  mediaWorkers: number;
  /** Local address the SFU's WebRTC transports listen on. */
  mediaListenIp: string;
  /** Address browsers are told to send media to (public IP or hostname); unset: `mediaListenIp`. */
  mediaAnnouncedAddress: string | undefined;
  /** UDP/TCP port range of WebRTC transports. */
  mediaPortMin: number;
  mediaPortMax: number;
  /** HMAC secret of signed media URLs; unset: random per process (set it when running several). */
  mediaUrlSecret: string | undefined;
  /** SMTP server of case emails (`smtp://user:pass@host:587`); unset: emails stay in the outbox table. */
  smtpUrl: string | undefined;
  /** Sender of case emails. */
  smtpFrom: string;
  /** Background jobs (enrichers, webhooks, emails): retries after the first attempt. */
  jobRetryLimit: number;
  /** First retry delay in seconds; doubles (with jitter) at each retry. */
  jobRetryDelaySeconds: number;
  /** How often the retention job deletes sessions older than their site's `retentionDays`. */
  retentionIntervalMs: number;
  /** How long after a session's chunk arrives its text is (re)indexed for search: later chunks within it share one run. */
  searchIndexDelayMs: number;
  /** The audit log's own retention: entries older than this many days are pruned by the retention job; undefined: kept forever. */
  auditRetentionDays: number | undefined;
  /**
   * Key sealing secrets at rest (enricher headers, webhook secrets): SECRET_KEY,
   * or undefined, and then the server generates one into `dataDir` on first start.
   */
  secretKey: string | undefined;
  /** Advisor tokens: signed out after this long without a request… */
  tokenIdleMs: number;
  /** …and after this long in any case. */
  tokenMaxAgeMs: number;
  /** How often an open advisor live socket checks its token still holds (closed with 4007 when not). */
  liveAuthRecheckMs: number;
  /** Behind a reverse proxy: the client address is the last `X-Forwarded-For` hop (else the socket's). */
  trustProxy: boolean;
  /** Enrichers and webhooks refuse private, loopback and link-local addresses (SSRF guard). */
  outboundBlockPrivate: boolean;
  /**
   * Headless Chromium drawing the written guide's step pictures (server/tutorials/guide): CHROMIUM_PATH, else
   * /usr/bin/chromium when present; undefined (or a path that does not exist): guides without pictures.
   */
  chromiumPath: string | undefined;
  /** Asset capture (server/assets): the largest file kept, a session's total, and how long one fetch may take. */
  assetMaxBytes: number;
  assetSessionMaxBytes: number;
  assetFetchTimeoutMs: number;
  /** Rate limits, each `points` per `durationMs` (see docs/security.md). */
  rateLimits: RateLimits;
}

export interface RateLimit {
  points: number;
  durationMs: number;
}

export interface RateLimits {
  /** Failed sign-ins per account (a success resets it). */
  signInPerAccount: RateLimit;
  /** Failed sign-ins per client address. */
  signInPerAddress: RateLimit;
  /** Password-reset requests per client address (and per account). */
  passwordReset: RateLimit;
  /** Live help-code attempts per advisor. */
  liveCode: RateLimit;
  /** Cases opened per site. */
  casesPerSite: RateLimit;
  /** Cases opened per client address. */
  casesPerAddress: RateLimit;
  /** Customer emails queued per site. */
  emailsPerSite: RateLimit;
  /** Customer emails queued per client address. */
  emailsPerAddress: RateLimit;
  /** Unknown invitation tokens looked up or accepted per client address. */
  invitationTokens: RateLimit;
  /** Published tutorial pages, JSON and events read per client address. */
  tutorialReads: RateLimit;
  /** Tutorial views counted per client address (`POST /t/:slug/views`). */
  tutorialViews: RateLimit;
  /** Tutorial suggestions asked while a customer types (`GET /ingest/v1/suggestions`) per client address. */
  suggestionsPerAddress: RateLimit;
  /** Deflections counted per client address (`POST /ingest/v1/suggestions/deflections`). */
  deflectionsPerAddress: RateLimit;
}

// NOTE: an empty variable (`PUBLIC_URL=`) means "unset", as in most shells' intent.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const DURATION_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `10/15m`: 10 points per 15 minutes (units s, m, h, d; seconds when none). */
const rateLimit = z
  .string()
  .trim()
  .regex(/^\d{1,7}\/\d{1,7}[smhd]?$/, 'must look like 10/15m (points/duration, units s, m, h or d)')
  .transform((v): RateLimit => {
    const [points, duration] = v.split('/') as [string, string];
    const unit = /[smhd]$/.test(duration) ? (duration.slice(-1) as keyof typeof DURATION_MS) : 's';
    return { points: Number(points), durationMs: Number.parseInt(duration, 10) * DURATION_MS[unit] };
  })
  .refine((l) => l.points > 0 && l.durationMs > 0, 'points and duration must be above 0');

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z
  .object({
    PORT: optional(z.coerce.number().int().min(0).max(65535)),
    HOST: optional(z.string().min(1)),
    DATABASE_URL: optional(z.string().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL')),
    DATA_DIR: optional(z.string()),
    ADMIN_EMAIL: optional(z.string().trim().toLowerCase().pipe(z.email())),
    ADMIN_PASSWORD: optional(
      z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH),
    ),
    PUBLIC_URL: optional(z.url().refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
    LIVE_BUS_URL: optional(z.string().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL')),
    LIVE_GRACE_MS: optional(z.coerce.number().int().min(0).max(3_600_000)),
    MEDIA_STORE: optional(z.enum(['disk', 'postgres'])),
    MEDIA_DIR: optional(z.string()),
    MEDIA_WORKERS: optional(z.coerce.number().int().min(1).max(1024)),
    MEDIA_LISTEN_IP: optional(z.union([z.ipv4(), z.ipv6()])),
    MEDIA_ANNOUNCED_ADDRESS: optional(z.string().trim().min(1).max(255)),
    MEDIA_PORT_MIN: optional(z.coerce.number().int().min(1024).max(65535)),
    MEDIA_PORT_MAX: optional(z.coerce.number().int().min(1024).max(65535)),
    MEDIA_URL_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    SMTP_URL: optional(z.string().refine((v) => /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL')),
    SMTP_FROM: optional(z.string().trim().min(3).max(320)),
    RETENTION_INTERVAL_MINUTES: optional(
      z.coerce
        .number()
        .min(1)
        .max(7 * 24 * 60),
    ),
    AUDIT_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(36_500)),
    JOB_RETRY_LIMIT: optional(z.coerce.number().int().min(0).max(50)),
    JOB_RETRY_DELAY_SECONDS: optional(z.coerce.number().int().min(0).max(86_400)),
    SEARCH_INDEX_DELAY_SECONDS: optional(z.coerce.number().int().min(0).max(86_400)),
    ASSET_MAX_BYTES: optional(z.coerce.number().int().min(1).max(1_000_000_000)),
    ASSET_SESSION_MAX_BYTES: optional(z.coerce.number().int().min(1).max(100_000_000_000)),
    ASSET_FETCH_TIMEOUT_SECONDS: optional(z.coerce.number().int().min(1).max(600)),
    SECRET_KEY: optional(z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)')),
    TOKEN_IDLE_MINUTES: optional(z.coerce.number().int().min(1).max(525_600)),
    TOKEN_MAX_AGE_DAYS: optional(z.coerce.number().int().min(1).max(3650)),
    LIVE_AUTH_RECHECK_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
    TRUST_PROXY: optional(flag),
    OUTBOUND_BLOCK_PRIVATE: optional(flag),
    CHROMIUM_PATH: optional(z.string().trim().min(1)),
    RATE_LIMIT_SIGN_IN: optional(rateLimit),
    RATE_LIMIT_SIGN_IN_ADDRESS: optional(rateLimit),
    RATE_LIMIT_PASSWORD_RESET: optional(rateLimit),
    RATE_LIMIT_LIVE_CODE: optional(rateLimit),
    RATE_LIMIT_CASES_SITE: optional(rateLimit),
    RATE_LIMIT_CASES_ADDRESS: optional(rateLimit),
    RATE_LIMIT_EMAILS_SITE: optional(rateLimit),
    RATE_LIMIT_EMAILS_ADDRESS: optional(rateLimit),
    RATE_LIMIT_INVITATION_TOKENS: optional(rateLimit),
    RATE_LIMIT_TUTORIAL_READS: optional(rateLimit),
    RATE_LIMIT_TUTORIAL_VIEWS: optional(rateLimit),
    RATE_LIMIT_SUGGESTIONS_ADDRESS: optional(rateLimit),
    RATE_LIMIT_DEFLECTIONS_ADDRESS: optional(rateLimit),
  })
  .refine((e) => (e.MEDIA_PORT_MIN ?? MEDIA_PORT_MIN) <= (e.MEDIA_PORT_MAX ?? MEDIA_PORT_MAX), {
    message: 'MEDIA_PORT_MIN must not be above MEDIA_PORT_MAX',
    path: ['MEDIA_PORT_MAX'],
  })
  .refine((e) => !isWildcard(e.MEDIA_LISTEN_IP) || e.MEDIA_ANNOUNCED_ADDRESS !== undefined, {
    message: 'listening on all interfaces needs MEDIA_ANNOUNCED_ADDRESS (browsers cannot send media to 0.0.0.0)',
    path: ['MEDIA_ANNOUNCED_ADDRESS'],
  })
  .refine((e) => (e.ADMIN_EMAIL === undefined) === (e.ADMIN_PASSWORD === undefined), {
    message: 'set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither',
    path: ['ADMIN_PASSWORD'],
  });

/** Where Debian's chromium package puts the browser. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const MEDIA_PORT_MIN = 40000;
const MEDIA_PORT_MAX = 49999;
const isWildcard = (ip: string | undefined) => ip === '0.0.0.0' || ip === '::';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws {@link ConfigError} listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '0.0.0.0',
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? './data',
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL ?? 'info',
    liveBusUrl: e.LIVE_BUS_URL,
    liveGraceMs: e.LIVE_GRACE_MS ?? 30_000,
    mediaStore: e.MEDIA_STORE ?? 'disk',
    mediaDir: e.MEDIA_DIR,
    mediaWorkers: e.MEDIA_WORKERS ?? availableParallelism(),
    // NOTE: an ICE candidate must be an address the browser can reach. Without
    // an announced address we only know loopback is right (same machine:
    // development, tests); with one, listen everywhere and announce it.
    mediaListenIp: e.MEDIA_LISTEN_IP ?? (e.MEDIA_ANNOUNCED_ADDRESS ? '0.0.0.0' : '127.0.0.1'),
    mediaAnnouncedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
    mediaPortMin: e.MEDIA_PORT_MIN ?? MEDIA_PORT_MIN,
    mediaPortMax: e.MEDIA_PORT_MAX ?? MEDIA_PORT_MAX,
    mediaUrlSecret: e.MEDIA_URL_SECRET,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM ?? 'Cobrowse <no-reply@cobrowse.invalid>',
    jobRetryLimit: e.JOB_RETRY_LIMIT ?? 5,
    jobRetryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS ?? 10,
    retentionIntervalMs: (e.RETENTION_INTERVAL_MINUTES ?? 60) * DURATION_MS.m,
    searchIndexDelayMs: (e.SEARCH_INDEX_DELAY_SECONDS ?? 30) * DURATION_MS.s,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    secretKey: e.SECRET_KEY,
    tokenIdleMs: (e.TOKEN_IDLE_MINUTES ?? 12 * 60) * DURATION_MS.m,
    tokenMaxAgeMs: (e.TOKEN_MAX_AGE_DAYS ?? 30) * DURATION_MS.d,
    liveAuthRecheckMs: (e.LIVE_AUTH_RECHECK_SECONDS ?? 30) * DURATION_MS.s,
    trustProxy: e.TRUST_PROXY ?? false,
    outboundBlockPrivate: e.OUTBOUND_BLOCK_PRIVATE ?? false,
    chromiumPath: e.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined),
    assetMaxBytes: e.ASSET_MAX_BYTES ?? 5 * 1024 * 1024,
    assetSessionMaxBytes: e.ASSET_SESSION_MAX_BYTES ?? 50 * 1024 * 1024,
    assetFetchTimeoutMs: (e.ASSET_FETCH_TIMEOUT_SECONDS ?? 10) * DURATION_MS.s,
    rateLimits: {
      signInPerAccount: e.RATE_LIMIT_SIGN_IN ?? { points: 10, durationMs: 15 * DURATION_MS.m },
      signInPerAddress: e.RATE_LIMIT_SIGN_IN_ADDRESS ?? { points: 30, durationMs: 15 * DURATION_MS.m },
      passwordReset: e.RATE_LIMIT_PASSWORD_RESET ?? { points: 5, durationMs: DURATION_MS.h },
      liveCode: e.RATE_LIMIT_LIVE_CODE ?? { points: 10, durationMs: 5 * DURATION_MS.m },
      casesPerSite: e.RATE_LIMIT_CASES_SITE ?? { points: 300, durationMs: DURATION_MS.h },
      casesPerAddress: e.RATE_LIMIT_CASES_ADDRESS ?? { points: 10, durationMs: DURATION_MS.h },
      emailsPerSite: e.RATE_LIMIT_EMAILS_SITE ?? { points: 300, durationMs: DURATION_MS.h },
      emailsPerAddress: e.RATE_LIMIT_EMAILS_ADDRESS ?? { points: 10, durationMs: DURATION_MS.h },
      invitationTokens: e.RATE_LIMIT_INVITATION_TOKENS ?? { points: 20, durationMs: DURATION_MS.h },
      tutorialReads: e.RATE_LIMIT_TUTORIAL_READS ?? { points: 600, durationMs: 10 * DURATION_MS.m },
      tutorialViews: e.RATE_LIMIT_TUTORIAL_VIEWS ?? { points: 300, durationMs: DURATION_MS.h },
      suggestionsPerAddress: e.RATE_LIMIT_SUGGESTIONS_ADDRESS ?? { points: 120, durationMs: 10 * DURATION_MS.m },
      deflectionsPerAddress: e.RATE_LIMIT_DEFLECTIONS_ADDRESS ?? { points: 30, durationMs: DURATION_MS.h },
    },
  };
}
