/**
 * @module server/config
 * The server's whole configuration, read from the environment once and
 * checked with zod, so a typo fails at start-up with a clear message instead
 * of surfacing later as a strange runtime error.
 */
import { z } from 'zod';

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
}

// NOTE: an empty variable (`PUBLIC_URL=`) means "unset", as in most shells' intent.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const envSchema = z
  .object({
    PORT: optional(z.coerce.number().int().min(0).max(65535)),
    HOST: optional(z.string().min(1)),
    DATABASE_URL: optional(
      z
        .string()
        .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL'),
    ),
    DATA_DIR: optional(z.string()),
    ADMIN_EMAIL: optional(z.string().trim().toLowerCase().pipe(z.email())),
    ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters').max(1024)),
    PUBLIC_URL: optional(
      z
        .url()
        .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL'),
    ),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
    LIVE_BUS_URL: optional(z.string().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL')),
    LIVE_GRACE_MS: optional(z.coerce.number().int().min(0).max(3_600_000)),
  })
  .refine((e) => (e.ADMIN_EMAIL === undefined) === (e.ADMIN_PASSWORD === undefined), {
    message: 'set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither',
    path: ['ADMIN_PASSWORD'],
  });

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
  };
}
