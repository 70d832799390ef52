/**
 * @module server/cases/case-links
 * The customer's private links: a random token in the URL path is the only
 * credential, so only its SHA-256 is stored, a link expires, and an advisor
 * can revoke it. Resolving a token answers the case it belongs to and
 * nothing else.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseLinks, cases, sites } from '../../db/schema.ts';
import { hashToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import { CASE_LINK_TTL_DAYS, customerLinkPath } from '../../protocol/cases-constants.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import type { CaseRow, LinkRow } from './case-dto.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewLink {
  row: LinkRow;
  token: string;
  /** Absolute URL of the customer's page. */
  url: string;
}

export async function createCaseLink(db: Db, caseId: string, baseUrl: string, now = new Date()): Promise<NewLink> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(caseLinks)
    .values({ caseId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + CASE_LINK_TTL_DAYS * DAY_MS) })
    .returning();
  return { row: row!, token, url: new URL(customerLinkPath(token), baseUrl).toString() };
}

/** The case of a live link; 404 `link_not_found`, 410 `link_expired` / `link_revoked` otherwise. */
export async function caseForLink(db: Db, token: string): Promise<{ link: LinkRow; caseRow: CaseRow }> {
  const [found] = TOKEN.test(token)
    ? await db
        .select({ link: caseLinks, caseRow: cases })
        .from(caseLinks)
        .innerJoin(cases, eq(cases.id, caseLinks.caseId))
        .where(eq(caseLinks.tokenHash, hashToken(token)))
        .limit(1)
    : [];
  if (!found) throw new ApiError(404, ErrorCode.LinkNotFound, 'this link does not exist');
  if (found.link.revokedAt) throw new ApiError(410, ErrorCode.LinkRevoked, 'this link was revoked; ask for a new one');
  if (found.link.expiresAt.getTime() <= Date.now())
    throw new ApiError(410, ErrorCode.LinkExpired, 'this link has expired; ask for a new one');
  return found;
}

/**
 * The origins the site of a link's case allows, whatever the link's state
 * (an expired link's refusal must still be readable by the site's recorder,
 * which then forgets the link); empty for an unknown token.
 */
export async function siteOriginsForLink(db: Db, token: string): Promise<string[]> {
  if (!TOKEN.test(token)) return [];
  const [found] = await db
    .select({ origins: sites.allowedOrigins })
    .from(caseLinks)
    .innerJoin(cases, eq(cases.id, caseLinks.caseId))
    .innerJoin(sites, eq(sites.id, cases.siteId))
    .where(eq(caseLinks.tokenHash, hashToken(token)))
    .limit(1);
  return found?.origins ?? [];
}
