/**
 * @module server/bootstrap
 * Start-up data, run on every start (idempotent): the demo site, whose
 * allowed origins include wherever this server is reachable now, the
 * admin account named by ADMIN_EMAIL / ADMIN_PASSWORD, and the default
 * organisation, owned by that account.
 *
 * NOTE: several processes may share one database, each with its own
 * `PUBLIC_URL` or port, starting in any order. Each one *adds* its origins to
 * the demo site's list in one statement (a set union done by the database),
 * never replacing another process's: customers of every process keep working.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { advisors, memberships, sites } from '../db/schema.ts';
import { hashPassword } from './auth/password.ts';
import { ensureDefaultOrg } from './orgs/default-org.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { generateSiteKey } from './sites/site-key.ts';

export const DEMO_SITE_NAME = 'Demo shop';

export interface BootstrapResult {
  demoSiteKey: string;
  demoOrigins: string[];
  /** True when an admin account exists (whether made now or before). */
  hasAdmin: boolean;
  adminCreated: boolean;
}

/** The origins a browser uses to reach this server, given the port actually bound. */
export function ownOrigins(config: Pick<Config, 'publicUrl'>, port: number): string[] {
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  if (config.publicUrl) origins.unshift(new URL(config.publicUrl).origin);
  return [...new Set(origins)];
}

export async function bootstrap(db: Db, config: Config, port: number, logger: Logger): Promise<BootstrapResult> {
  const demoOrigins = ownOrigins(config, port);
  const adminCreated = await ensureAdmin(db, config, logger);
  const owner = await ownerId(db, config);
  const org = await ensureDefaultOrg(db, owner);
  // The ADMIN_EMAIL account owns the default organisation and administers the instance.
  if (owner && org.ownerId === owner) {
    await db.update(advisors).set({ instanceAdmin: true }).where(eq(advisors.id, owner));
    await db
      .insert(memberships)
      .values({ orgId: org.id, advisorId: owner, role: 'owner' })
      .onConflictDoUpdate({ target: [memberships.orgId, memberships.advisorId], set: { role: 'owner', deactivatedAt: null } });
  }
  const demoSiteKey = await ensureDemoSite(db, org.id, demoOrigins);
  const [admin] = await db
    .select({ id: memberships.advisorId })
    .from(memberships)
    .where(and(inArray(memberships.role, ['owner', 'admin']), isNull(memberships.deactivatedAt)))
    .limit(1);
  return { demoSiteKey, demoOrigins, hasAdmin: !!admin, adminCreated };
}

async function ensureDemoSite(db: Db, orgId: string, origins: string[]): Promise<string> {
  const [existing] = await db.select().from(sites).where(eq(sites.demo, true)).limit(1);
  if (existing) {
    const union = sql`(select coalesce(jsonb_agg(distinct o), '[]'::jsonb) from jsonb_array_elements_text(${sites.allowedOrigins} || ${JSON.stringify(origins)}::jsonb) as o)`;
    await db.update(sites).set({ allowedOrigins: union }).where(eq(sites.id, existing.id));
    return existing.siteKey;
  }
  const [created] = await db
    .insert(sites)
    .values({ orgId, name: DEMO_SITE_NAME, siteKey: generateSiteKey(), allowedOrigins: origins, demo: true })
    .returning({ siteKey: sites.siteKey });
  return created!.siteKey;
}

/** The ADMIN_EMAIL account's id, if it exists (it owns the default organisation). */
async function ownerId(db: Db, config: Config): Promise<string | null> {
  if (!config.adminEmail) return null;
  const [row] = await db.select({ id: advisors.id }).from(advisors).where(eq(advisors.email, config.adminEmail.toLowerCase()));
  return row?.id ?? null;
}

async function ensureAdmin(db: Db, config: Config, logger: Logger): Promise<boolean> {
  if (!config.adminEmail || !config.adminPassword) return false;
  const email = config.adminEmail.toLowerCase();
  const inserted = await db
    .insert(advisors)
    .values({ email, name: email.split('@')[0] ?? email, passwordHash: await hashPassword(config.adminPassword), instanceAdmin: true })
    // An existing account keeps its password: ADMIN_PASSWORD only seeds.
    .onConflictDoNothing({ target: advisors.email })
    .returning({ id: advisors.id });
  if (inserted.length) logger.info({ email }, 'admin account created');
  return inserted.length > 0;
}
